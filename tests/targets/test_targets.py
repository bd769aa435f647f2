"""Scenario tests: targets set by hand, inherited down the tree unless overridden,
broken down, suggested from national reference rates, and progress against them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naervaer.benchmark.models import NationalReferenceRate
from naervaer.targets import selectors, services
from naervaer.targets.models import TargetSource, UnitTarget
from tests.targets.conftest import AS_OF


def test_organisation_target_is_inherited_to_every_unit(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5, by=org.hr)
    leaf = selectors.target_for(org.a1, 2025)
    assert leaf is not None and leaf.value == 4.5 and leaf.inherited_from == org.k
    own = selectors.target_for(org.k, 2025)
    assert own is not None and own.inherited_from is None and own.own.set_by == org.hr
    assert selectors.target_for(org.a1, 2026) is None


def test_own_target_overrides_and_passes_down_and_clearing_inherits_again(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    services.target_set(unit=org.a, year=2025, measure="absence_pct", value=5.5, short_value=2.0)
    leaf = selectors.target_for(org.a1, 2025)
    assert leaf is not None and (leaf.value, leaf.short_value, leaf.inherited_from) == (5.5, 2.0, org.a)
    resolved = selectors.resolved_targets(2025)
    assert resolved["B"][0].owner == "K" and resolved["A1"][0].owner == "A"
    services.target_clear(unit=org.a, year=2025)
    leaf = selectors.target_for(org.a1, 2025)
    assert leaf is not None and leaf.inherited_from == org.k


def test_set_replaces_and_refuses_bad_values(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    services.target_set(unit=org.k, year=2025, measure="days_per_fte", value=11.0)
    assert UnitTarget.objects.get(unit=org.k, year=2025).measure == "days_per_fte"
    with pytest.raises(ValueError):
        services.target_set(unit=org.k, year=2025, measure="other", value=1)
    with pytest.raises(ValueError):
        services.target_set(unit=org.k, year=2025, measure="absence_pct", value=-1)


def test_break_down_proportional_to_children_and_whole_subtree(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5, short_value=1.8)
    # K is at 5.0 %: ratio 0.9. A 6.0 → 5.4, B 4.0 → 3.6; short 1.8 × 5.4/4.5 = 2.16.
    made = services.targets_break_down(unit=org.k, year=2025)
    assert {t.unit.unit_id: (t.value, t.short_value, t.source) for t in made} == {
        "A": (5.4, 2.16, TargetSource.BROKEN_DOWN), "B": (3.6, 1.44, TargetSource.BROKEN_DOWN)}
    # A1 inherits A's broken-down target until the whole subtree is broken down (6.8 × 0.9).
    assert selectors.target_for(org.a1, 2025).value == 5.4  # type: ignore[union-attr]
    services.targets_break_down(unit=org.k, year=2025, whole_subtree=True)
    assert UnitTarget.objects.get(unit=org.a1, year=2025).value == pytest.approx(6.12)


def test_break_down_equal_and_from_an_inherited_target(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    made = services.targets_break_down(unit=org.a, year=2025, method="equal")
    assert [(t.unit.unit_id, t.value) for t in made] == [("A1", 4.5)]
    with pytest.raises(ValueError):
        services.targets_break_down(unit=org.k, year=2030)


def test_suggestion_from_reference_rates_and_staff_mix(org) -> None:
    NationalReferenceRate.objects.create(staff_group="SSH", absence_pct=Decimal("7.00"))
    NationalReferenceRate.objects.create(staff_group="Akademiker", absence_pct=Decimal("3.00"))
    # (3000 × 7 + 1000 × 3) / 4000 = 6.0 %; × 250 workdays / 100 = 15 days per FTE.
    suggested = selectors.target_suggest(org.a, 2025)
    assert suggested.absence_pct == pytest.approx(6.0)
    assert suggested.days_per_fte == pytest.approx(15.0)
    target = services.target_apply_suggestion(unit=org.a, year=2025, measure="days_per_fte")
    assert (target.value, target.source) == (15.0, TargetSource.SUGGESTED)
    with pytest.raises(ValueError):  # B has no staff mix in the cube
        services.target_apply_suggestion(unit=org.b, year=2025, measure="absence_pct")


def test_progress_and_trajectory_on_the_unit(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    progress = selectors.target_progress(org.k, AS_OF)
    assert progress is not None
    assert progress["month"] == dt.date(2025, 9, 1)
    assert progress["current"] == pytest.approx(5.0)
    assert progress["gap"] == pytest.approx(0.5)
    assert progress["start"] == pytest.approx(5.5)
    assert progress["achieved"] == pytest.approx(0.5)       # (5.5 − 5.0) / (5.5 − 4.5)
    assert progress["expected_now"] == pytest.approx(4.75)  # 5.5 − 1.0 × 9/12
    assert progress["on_track"] is False
    assert progress["needed_monthly"] == pytest.approx(3.6)  # (12 × 4.5 − 9 × 4.8) / 3
    assert [round(point["value"], 4) for point in progress["trajectory"]] == [4.8333, 4.6667, 4.5]
    assert progress["target_pct"] == pytest.approx(4.5)
    # A later as_of is capped at the cube's last month; a mid-month one uses the month before.
    later = selectors.target_progress(org.k, dt.date(2025, 12, 31))
    assert later is not None and later["month"] == dt.date(2025, 9, 1)
    assert selectors.target_progress(org.k, dt.date(2025, 9, 15))["month"] == dt.date(2025, 8, 1)  # type: ignore[index]


def test_days_target_is_converted_to_per_cent_for_the_chart(org) -> None:
    services.target_set(unit=org.a1, year=2025, measure="days_per_fte", value=15.0, short_value=5.0)
    progress = selectors.target_progress(org.a1, AS_OF)
    assert progress is not None
    assert progress["current"] == pytest.approx(6.8 * 2.5)
    assert progress["target_pct"] == pytest.approx(6.0)   # 15 days / 250 workdays
    # short days per FTE: half of 17 days.
    assert progress["short_current"] == pytest.approx(8.5)
    assert progress["short_gap"] == pytest.approx(3.5)


def test_no_target_no_progress(org) -> None:
    assert selectors.target_progress(org.k, AS_OF) is None

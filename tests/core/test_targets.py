"""Targets: inheritance, break-down, suggestion, progress and the escalation rule
(hand-computed)."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.core import targets as core

D = dt.date
PARENTS = {"K": None, "A": "K", "A1": "A", "A11": "A1", "B": "K", "B1": "B"}


def test_root_target_is_inherited_down_to_every_leaf() -> None:
    resolved = core.resolve(PARENTS, {"K": core.Target(5.0, "absence_pct")})
    assert set(resolved) == set(PARENTS)
    assert resolved["A11"] == core.Resolved(core.Target(5.0, "absence_pct"), "K", True)
    assert resolved["K"].inherited is False


def test_own_target_overrides_and_is_inherited_below_it() -> None:
    own = {"K": core.Target(5.0, "absence_pct"), "A1": core.Target(6.5, "absence_pct", 2.0)}
    resolved = core.resolve(PARENTS, own)
    assert resolved["A1"] == core.Resolved(own["A1"], "A1", False)
    assert resolved["A11"] == core.Resolved(own["A1"], "A1", True)
    assert resolved["A"].owner == "K" and resolved["B1"].owner == "K"


def test_units_without_any_target_above_are_left_out() -> None:
    resolved = core.resolve(PARENTS, {"A": core.Target(4.0, "days_per_fte")})
    assert set(resolved) == {"A", "A1", "A11"}


def test_break_down_proportional_keeps_relative_levels() -> None:
    # Root at 5 %, target 4.5 % (ratio 0.9): 6 % → 5.4 %, 4 % → 3.6 %, no level → 4.5 %.
    result = core.break_down(4.5, 5.0, {"A": 6.0, "B": 4.0, "C": None})
    assert result == pytest.approx({"A": 5.4, "B": 3.6, "C": 4.5})


def test_break_down_equal_and_without_root_level() -> None:
    assert core.break_down(4.5, 5.0, {"A": 6.0, "B": 4.0}, method="equal") == {"A": 4.5, "B": 4.5}
    assert core.break_down(4.5, None, {"A": 6.0}) == {"A": 4.5}
    with pytest.raises(ValueError):
        core.break_down(4.5, 5.0, {}, method="other")


def test_suggestion_weights_national_rates_by_staff_mix() -> None:
    # 3000 h SSH at 7 %, 1000 h akademiker at 3 %: (3000×7 + 1000×3) / 4000 = 6.0 %.
    # 1000 h "Ukendt" has no rate: left out, named, covered share 4000/5000.
    suggestion = core.suggest({"SSH": 3000, "Akademiker": 1000, "Ukendt": 1000, "Tom": 0},
                              {"SSH": 7.0, "Akademiker": 3.0, "Pædagog": 5.0})
    assert suggestion.absence_pct == pytest.approx(6.0)
    assert suggestion.covered_share == pytest.approx(0.8)
    assert suggestion.missing_groups == ("Ukendt",)
    assert core.suggest({"X": 10}, {}).absence_pct is None


def test_pct_and_days_convert_over_the_window_workdays() -> None:
    assert core.pct_to_days(6.0, 250) == pytest.approx(15.0)
    assert core.days_to_pct(15.0, 250) == pytest.approx(6.0)


def test_progress_and_trajectory_hand_computed() -> None:
    # Year 2025, at the end of September: start 6.0 (Dec 2024), now 5.7, target 5.0.
    # Months Jan–Sep averaged 5.6 (Σ 50.4): the last 3 months need (12×5 − 50.4)/3 = 3.2.
    done = [5.6] * 9
    result = core.progress(year=2025, month=D(2025, 9, 1), measure="absence_pct", target=5.0,
                           current=5.7, start=6.0, done=done)
    assert result.gap == pytest.approx(0.7)
    assert result.achieved == pytest.approx(0.3)          # (6.0 − 5.7) / (6.0 − 5.0)
    assert result.expected_now == pytest.approx(5.25)     # 6.0 + (5.0 − 6.0) × 9/12
    assert result.on_track is False
    assert result.months_left == 3
    assert result.needed_monthly == pytest.approx(3.2)
    assert [(month, round(value, 4)) for month, value in result.trajectory] == [
        (D(2025, 10, 1), 5.4667), (D(2025, 11, 1), 5.2333), (D(2025, 12, 1), 5.0)]


def test_progress_days_per_fte_sums_months_and_december_has_no_trajectory() -> None:
    # Days per FTE: the year is the months' sum: (12 − 9×1.0) / 3 = 1.0 per month.
    result = core.progress(year=2025, month=D(2025, 9, 1), measure="days_per_fte", target=12.0,
                           current=11.5, start=14.0, done=[1.0] * 9)
    assert result.needed_monthly == pytest.approx(1.0)
    assert result.on_track is True                        # below the target already
    december = core.progress(year=2025, month=D(2025, 12, 1), measure="days_per_fte", target=12.0,
                             current=12.5, start=14.0, done=[1.0] * 12)
    assert december.trajectory == [] and december.needed_monthly is None


def test_quarters() -> None:
    assert core.last_complete_quarter(D(2025, 9, 30)) == D(2025, 7, 1)
    assert core.last_complete_quarter(D(2025, 10, 5)) == D(2025, 7, 1)
    assert core.last_complete_quarter(D(2025, 9, 29)) == D(2025, 4, 1)
    assert core.last_complete_quarter(D(2025, 2, 1)) == D(2024, 10, 1)
    assert core.quarter_label(D(2025, 7, 1)) == "2025-K3"


Q3 = D(2025, 7, 1)


def rolling(jun: float | None, jul: float | None, aug: float | None, sep: float | None):  # type: ignore[no-untyped-def]
    return {D(2025, 6, 1): jun, D(2025, 7, 1): jul, D(2025, 8, 1): aug, D(2025, 9, 1): sep}


def test_above_target_for_the_whole_quarter_escalates() -> None:
    assert core.escalation_reason(rolling(5.0, 5.2, 5.3, 5.1), Q3, 5.0) == "above_target"


def test_one_month_at_or_below_target_does_not() -> None:
    assert core.escalation_reason(rolling(5.0, 5.2, 5.0, 5.1), Q3, 5.0) is None
    assert core.escalation_reason(rolling(5.0, 5.2, None, 5.1), Q3, 5.0) is None


def test_marked_rise_escalates_also_below_or_without_target() -> None:
    # 4.0 → 4.4 is +10 %: rising; 4.0 → 4.3 (+7.5 %) is not.
    assert core.escalation_reason(rolling(4.0, 4.1, 4.2, 4.4), Q3, 5.0) == "rising"
    assert core.escalation_reason(rolling(4.0, 4.1, 4.2, 4.4), Q3, None) == "rising"
    assert core.escalation_reason(rolling(4.0, 4.1, 4.2, 4.3), Q3, 5.0) is None
    assert core.escalation_reason(rolling(None, 4.1, 4.2, 9.0), Q3, None) is None

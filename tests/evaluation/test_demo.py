"""The demo's planted initiative effect (naervaer.demo.generator.initiatives) and the two
demo initiatives (naervaer.evaluation.demo)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from naervaer.core.evaluation import NO_CHANGE, REDUCED, evaluate
from naervaer.core.metrics.table import group_table
from naervaer.demo.generator import DemoData, generate
from naervaer.demo.generator.initiatives import (
    effect_units,
    initiative_start,
    placebo_units,
    plant_initiative_effect,
)
from tests.demo.test_generator import check_constraints

END = dt.date(2026, 10, 31)


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate(employees=3000, years=3, seed=1, end_date=END)


@pytest.fixture(scope="module")
def planted(demo: DemoData) -> DemoData:
    return plant_initiative_effect(demo, end_date=END, seed=1)


def test_units_and_start(demo: DemoData) -> None:
    effect, placebo = effect_units(demo.units), placebo_units(demo.units)
    assert len(effect) == 11 and all(u.startswith(("F1-O1-", "F1-O2-")) for u in effect)
    assert len(placebo) == 10 and all(u.startswith(("F2-O1-", "F2-O2-")) for u in placebo)
    assert initiative_start(END) == dt.date(2025, 4, 1)
    assert initiative_start(dt.date(2026, 1, 5)) == dt.date(2024, 7, 1)


def test_plant_removes_only_sick_records_of_the_effect_units_after_start(demo: DemoData,
                                                                         planted: DemoData) -> None:
    assert planted.units.equals(demo.units) and planted.employments.equals(demo.employments)
    removed = demo.absences.join(planted.absences, on="absence_id", how="anti")
    jobs = demo.employments.filter(pl.col("unit_id").is_in(effect_units(demo.units)))["employment_id"]
    assert removed.height > 0
    assert removed["employment_id"].is_in(jobs.implode()).all()
    assert removed["type"].is_in(["egen_sygdom", "graviditet"]).all()
    assert (removed["start_date"] >= initiative_start(END)).all()
    eligible = demo.absences.filter(
        pl.col("employment_id").is_in(jobs.implode()) & pl.col("type").is_in(["egen_sygdom", "graviditet"])
        & (pl.col("start_date") >= initiative_start(END)))
    assert 0.33 < removed.height / eligible.height < 0.47


def test_planted_data_still_passes_the_import_rules(planted: DemoData) -> None:
    check_constraints(planted, years=3, end=END)


def test_factor_one_changes_nothing_and_bad_factors_are_refused(demo: DemoData) -> None:
    assert plant_initiative_effect(demo, end_date=END, factor=1.0) is demo
    with pytest.raises(ValueError):
        plant_initiative_effect(demo, end_date=END, factor=1.5)


def test_evaluation_tells_the_two_demo_initiatives_apart(planted: DemoData) -> None:
    rows = group_table(units=planted.units, employments=planted.employments, absences=planted.absences,
                       date_from=dt.date(2023, 11, 1), date_to=END, by="month", as_of=END,
                       scopes=("own",), by_staff_group=True)
    units = planted.units["unit_id"].to_list()
    effect, placebo = effect_units(planted.units), placebo_units(planted.units)
    start = initiative_start(END)
    worked = evaluate(rows, treated=effect, candidates=[u for u in units if u not in effect + placebo],
                      start=start, complete_until=END)
    did_not = evaluate(rows, treated=placebo, candidates=[u for u in units if u not in effect + placebo],
                       start=start, complete_until=END)
    assert worked.verdict == REDUCED, worked
    assert did_not.verdict == NO_CHANGE, did_not


def test_demo_initiatives_are_created_for_the_generators_units(db) -> None:
    from naervaer.evaluation.demo import EFFECT_NAME, PLACEBO_NAME, demo_initiatives
    from naervaer.organisation.models import Unit
    from naervaer.organisation.services import unit_create

    small = generate(employees=600, years=1, seed=3, end_date=END)
    made: dict[str, Unit] = {}
    for unit_id, name, parent_id in small.units.select("unit_id", "name", "parent_id").iter_rows():
        made[unit_id] = unit_create(unit_id=unit_id, name=name, parent=made.get(parent_id), unit_type="")
    effect, placebo = demo_initiatives(end_date=END)
    assert (effect.name, placebo.name) == (EFFECT_NAME, PLACEBO_NAME)
    assert effect.start_date == initiative_start(END)
    assert sorted(effect.units.values_list("unit_id", flat=True)) == effect_units(small.units)
    assert sorted(placebo.units.values_list("unit_id", flat=True)) == placebo_units(small.units)
    demo_initiatives(end_date=END)  # again: replaced, not doubled
    assert sorted(Unit.objects.filter(initiatives__name=EFFECT_NAME).values_list("unit_id", flat=True)) \
        == effect_units(small.units)

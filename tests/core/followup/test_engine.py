"""Scenario tests for the follow-up engine: hand-built spells, the exact tasks and dates."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from naervaer.core.followup.engine import EVENT_SCHEMA, FACT_SCHEMA, SPELL_SCHEMA, derive_tasks
from naervaer.core.followup.presets import (
    AARHUS,
    ELDERCARE,
    HOSPITAL_1_5_15,
    HOSPITAL_1_5_15_CONSECUTIVE,
    KOEGE,
    LADDER_1_3_7,
)

D = dt.date


def spells(*rows: tuple[str, dt.date, dt.date | None]) -> pl.DataFrame:
    """(employee, first day, last day or None for open) in unit U."""
    return pl.DataFrame([(employee, "U", start, end or start, end is None) for employee, start, end in rows],
                        schema=SPELL_SCHEMA, orient="row")


def events(*rows: tuple[str, dt.date, str, int, str, dt.date]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=EVENT_SCHEMA, orient="row")


def facts(*rows: tuple[str, dt.date, str, dt.date, dt.date | None]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=FACT_SCHEMA, orient="row")


def run(spell_rows: pl.DataFrame, as_of: dt.date, policy=None, **kwargs):  # type: ignore[no-untyped-def]
    policies = {"U": [policy]} if policy is not None else {}
    return derive_tasks(spells=spell_rows, unit_policies=policies, as_of=as_of, **kwargs)


def plan(tasks: pl.DataFrame) -> list[tuple[str, int, dt.date, dt.date, str]]:
    """The ladder and legal tasks (frequent-absence reviews are tested on their own)."""
    ladder = tasks.filter(pl.col("source") != "frequent")
    return [(row["code"], row["seq"], row["trigger_date"], row["due_date"], row["status"])
            for row in ladder.sort("trigger_date", "code", "seq").iter_rows(named=True)]


# Monday 2 June 2025 as the first sick day.
START = D(2025, 6, 2)


def test_hospital_1_5_15_on_an_open_long_spell():
    tasks = run(spells(("A", START, None)), D(2025, 6, 20), HOSPITAL_1_5_15)
    assert plan(tasks) == [
        ("contact_day_1", 0, D(2025, 6, 2), D(2025, 6, 2), "overdue"),
        ("contact_day_5", 0, D(2025, 6, 6), D(2025, 6, 7), "overdue"),
        ("legal_conversation", 0, D(2025, 6, 9), D(2025, 6, 30), "open"),
        ("conversation_day_15", 0, D(2025, 6, 16), D(2025, 6, 19), "overdue"),
    ]


def test_return_before_day_n_creates_no_later_steps_and_closes_open_ones():
    # Sick 2-10 June (9 days), back on the 11th; as of the 20th.
    tasks = run(spells(("A", START, D(2025, 6, 10))), D(2025, 6, 20), HOSPITAL_1_5_15,
                events=events(("A", START, "contact_day_1", 0, "done", START)))
    assert plan(tasks) == [
        ("contact_day_1", 0, START, START, "done"),
        # due 7 June while still sick and never done: missed, stays overdue
        ("contact_day_5", 0, D(2025, 6, 6), D(2025, 6, 7), "overdue"),
        # due 30 June, the employee came back: not needed
        ("legal_conversation", 0, D(2025, 6, 9), D(2025, 6, 30), "not_needed"),
    ]


def test_legal_duties_on_a_very_long_spell():
    tasks = run(spells(("A", START, None)), D(2025, 8, 1))
    assert plan(tasks) == [
        ("legal_conversation", 0, D(2025, 6, 9), D(2025, 6, 30), "overdue"),
        ("municipality_notice", 0, D(2025, 7, 2), D(2025, 7, 7), "overdue"),
        ("retention_plan_option", 0, D(2025, 7, 28), D(2025, 8, 4), "open"),
    ]


def test_expected_long_return_brings_retention_plan_and_fast_track_forward():
    recorded = facts(("A", START, "expected_return", D(2025, 6, 12), D(2025, 9, 1)))
    tasks = run(spells(("A", START, None)), D(2025, 6, 13), facts=recorded)
    assert plan(tasks) == [
        ("legal_conversation", 0, D(2025, 6, 9), D(2025, 6, 30), "open"),
        ("fast_track_option", 0, D(2025, 6, 12), D(2025, 6, 19), "open"),
        ("retention_plan_option", 0, D(2025, 6, 12), D(2025, 6, 19), "open"),
    ]


def test_short_expected_return_changes_nothing():
    recorded = facts(("A", START, "expected_return", D(2025, 6, 12), D(2025, 7, 1)))
    tasks = run(spells(("A", START, None)), D(2025, 6, 13), facts=recorded)
    assert [code for code, *_ in plan(tasks)] == ["legal_conversation"]


def test_legal_conversation_day_is_configurable_in_the_policy():
    from dataclasses import replace
    policy = replace(LADDER_1_3_7, legal_conversation_day=14)
    tasks = run(spells(("A", START, None)), D(2025, 6, 20), policy)
    legal = tasks.filter(pl.col("code") == "legal_conversation")
    assert legal["trigger_date"].to_list() == [D(2025, 6, 15)]


def test_koege_phone_day_3_and_8_conversation_by_day_14():
    tasks = run(spells(("A", START, None)), D(2025, 6, 16), KOEGE)
    assert plan(tasks) == [
        ("phone_day_3", 0, D(2025, 6, 4), D(2025, 6, 4), "overdue"),
        ("conversation_by_day_14", 0, D(2025, 6, 9), D(2025, 6, 15), "overdue"),
        ("legal_conversation", 0, D(2025, 6, 9), D(2025, 6, 30), "open"),
        ("phone_day_8", 0, D(2025, 6, 9), D(2025, 6, 9), "overdue"),
    ]


def test_eldercare_branches_on_the_retention_plan_and_repeats_every_14_days():
    as_of = D(2025, 7, 31)  # day 60
    without = run(spells(("A", START, None)), as_of, ELDERCARE)
    codes = [(code, seq, trigger) for code, seq, trigger, _, _ in plan(without)]
    assert ("keep_contact", 0, D(2025, 6, 30)) in codes
    assert ("keep_contact", 1, D(2025, 7, 14)) in codes and ("keep_contact", 2, D(2025, 7, 28)) in codes
    assert not [code for code, *_ in codes if code == "plan_review"]
    # HR joins on the 30th sick workday: 2 June + 29 workdays (9 June is Whit Monday)
    assert ("hr_joins", 0, D(2025, 7, 14)) in codes
    made = facts(("A", START, "retention_plan", D(2025, 6, 20), None))
    with_plan = run(spells(("A", START, None)), as_of, ELDERCARE, facts=made)
    branch = [(code, seq) for code, seq, *_ in plan(with_plan) if code in ("plan_review", "keep_contact")]
    assert branch == [("plan_review", 0), ("plan_review", 1), ("plan_review", 2)]


def test_eldercare_follow_up_conversation_after_return_from_a_long_spell():
    tasks = run(spells(("A", START, D(2025, 6, 30)), ("B", START, D(2025, 6, 5))), D(2025, 7, 10),
                ELDERCARE)
    after = tasks.filter(pl.col("code") == "after_return_conversation")
    assert after.select("employee_id", "trigger_date", "due_date", "status").rows() == [
        ("A", D(2025, 7, 1), D(2025, 7, 15), "open")]


def test_frequent_absence_three_spells_in_half_a_year_once_per_window():
    rows = spells(("A", D(2025, 1, 6), D(2025, 1, 6)), ("A", D(2025, 2, 3), D(2025, 2, 3)),
                  ("A", D(2025, 3, 3), D(2025, 3, 3)), ("A", D(2025, 3, 17), D(2025, 3, 17)),
                  ("B", D(2025, 1, 6), D(2025, 1, 6)), ("B", D(2025, 9, 1), D(2025, 9, 1)))
    tasks = run(rows, D(2025, 4, 1), HOSPITAL_1_5_15).filter(pl.col("source") == "frequent")
    assert tasks.select("employee_id", "spell_start", "trigger_date", "due_date", "status").rows() == [
        ("A", D(2025, 3, 3), D(2025, 3, 3), D(2025, 3, 17), "overdue")]


def test_frequent_absence_six_days_total_versus_six_consecutive():
    # Two spells of three workdays each (Mon-Wed) within a month.
    rows = spells(("A", D(2025, 1, 6), D(2025, 1, 8)), ("A", D(2025, 2, 3), D(2025, 2, 5)))
    total = run(rows, D(2025, 3, 1), HOSPITAL_1_5_15).filter(pl.col("source") == "frequent")
    assert total["trigger_date"].to_list() == [D(2025, 2, 5)]
    consecutive = run(rows, D(2025, 3, 1), HOSPITAL_1_5_15_CONSECUTIVE).filter(
        pl.col("source") == "frequent")
    assert consecutive.is_empty()
    long_one = spells(("A", D(2025, 1, 6), D(2025, 1, 11)))  # Mon-Sat: 6 calendar days
    consecutive = run(long_one, D(2025, 3, 1), HOSPITAL_1_5_15_CONSECUTIVE).filter(
        pl.col("source") == "frequent")
    assert consecutive["trigger_date"].to_list() == [D(2025, 1, 11)]


def test_aarhus_five_spells_or_fourteen_days_in_a_year():
    rows = spells(*[("A", D(2025, month, 3), D(2025, month, 3)) for month in range(2, 7)])
    tasks = run(rows, D(2025, 7, 1), AARHUS).filter(pl.col("source") == "frequent")
    assert tasks["trigger_date"].to_list() == [D(2025, 6, 3)]


def test_waived_step_is_kept_separately():
    tasks = run(spells(("A", START, None)), D(2025, 6, 20), HOSPITAL_1_5_15,
                events=events(("A", START, "contact_day_5", 0, "waived", D(2025, 6, 6))))
    assert tasks.filter(pl.col("code") == "contact_day_5")["status"].to_list() == ["waived"]


def test_policy_version_in_force_on_the_first_day_applies():
    from dataclasses import replace
    old = replace(HOSPITAL_1_5_15, effective_from=D(2020, 1, 1))
    new = replace(LADDER_1_3_7, effective_from=D(2025, 6, 3))
    tasks = derive_tasks(spells=spells(("A", START, None), ("B", D(2025, 6, 4), None)),
                         unit_policies={"U": [old, new]}, as_of=D(2025, 6, 10))
    by_employee = {employee: set(group["code"]) for (employee,), group in tasks.group_by("employee_id")}
    assert "contact_day_5" in by_employee["A"] and "contact_day_3" in by_employee["B"]
    assert set(tasks.filter(pl.col("employee_id") == "A")["policy"].drop_nulls()) == {old.name}


def test_no_spells_no_tasks():
    assert run(spells(), D(2025, 6, 20), HOSPITAL_1_5_15).is_empty()


@pytest.mark.parametrize("as_of", [D(2025, 6, 1), D(2025, 5, 1)])
def test_future_spells_are_ignored(as_of):
    assert run(spells(("A", START, None)), as_of, HOSPITAL_1_5_15).is_empty()


def test_nothing_is_created_before_the_go_live_date():
    tasks = run(spells(("A", START, None)), D(2025, 6, 20), HOSPITAL_1_5_15, since=D(2025, 6, 8))
    assert [code for code, *_ in plan(tasks)] == ["legal_conversation", "conversation_day_15"]


def test_ladder_1_5_10_on_an_open_spell():
    from naervaer.core.followup.presets import LADDER_1_5_10

    tasks = run(spells(("A", START, None)), D(2025, 6, 12), LADDER_1_5_10)
    assert plan(tasks) == [
        ("contact_day_1", 0, D(2025, 6, 2), D(2025, 6, 2), "overdue"),
        ("contact_day_5", 0, D(2025, 6, 6), D(2025, 6, 7), "overdue"),
        ("legal_conversation", 0, D(2025, 6, 9), D(2025, 6, 30), "open"),
        ("conversation_day_10", 0, D(2025, 6, 11), D(2025, 6, 14), "open"),
    ]


def test_ladder_1_3_7_on_an_open_spell():
    tasks = run(spells(("A", START, None)), D(2025, 6, 9), LADDER_1_3_7)
    assert plan(tasks) == [
        ("contact_day_1", 0, D(2025, 6, 2), D(2025, 6, 2), "overdue"),
        ("contact_day_3", 0, D(2025, 6, 4), D(2025, 6, 5), "overdue"),
        ("conversation_day_7", 0, D(2025, 6, 8), D(2025, 6, 11), "open"),
        ("legal_conversation", 0, D(2025, 6, 9), D(2025, 6, 30), "open"),
    ]


def test_hjoerring_week_2_contact_and_risk_assessment_repeated_in_week_6():
    from naervaer.core.followup.presets import HJOERRING

    tasks = run(spells(("A", START, None)), D(2025, 7, 10), HJOERRING)
    assert plan(tasks) == [
        ("contact_week_2", 0, D(2025, 6, 9), D(2025, 6, 15), "overdue"),
        ("legal_conversation", 0, D(2025, 6, 9), D(2025, 6, 30), "overdue"),
        ("risk_assessment_week_2", 0, D(2025, 6, 9), D(2025, 6, 15), "overdue"),
        ("municipality_notice", 0, D(2025, 7, 2), D(2025, 7, 7), "overdue"),
        ("risk_assessment_week_6", 0, D(2025, 7, 7), D(2025, 7, 13), "open"),
    ]
    # back after one week: nothing from week 2 on
    short = run(spells(("A", START, D(2025, 6, 6))), D(2025, 7, 10), HJOERRING)
    assert plan(short) == []

"""How far back a change reaches (core.metrics.invalidation, docs/metrics-cube.md)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from naervaer.core.metrics.invalidation import BRIDGE_DAYS, earliest_affected_day, first_changed_day

D = dt.date
UNITS = pl.DataFrame({"unit_id": ["U"], "parent_id": [None]},
                     schema={"unit_id": pl.String, "parent_id": pl.String})
EMPLOYMENTS = pl.DataFrame({
    "employment_id": ["A1"], "employee_id": ["P1"], "unit_id": ["U"], "staff_group": ["SOSU"],
    "weekly_hours": [37.0], "start_date": [D(2020, 1, 1)], "end_date": [None],
    "hourly_cost": [None]}, schema_overrides={"end_date": pl.Date, "hourly_cost": pl.Float64})


END = D(2025, 12, 31)


def affected(records: list[tuple[D, D | None]], changed_from: D, as_of: D = END) -> D:
    absences = pl.DataFrame({
        "employment_id": ["A1"] * len(records), "type": ["egen_sygdom"] * len(records),
        "start_date": [start for start, _ in records], "end_date": [end for _, end in records],
        "degree": [100] * len(records), "hours": [None] * len(records)},
        schema={"employment_id": pl.String, "type": pl.String, "start_date": pl.Date,
                "end_date": pl.Date, "degree": pl.Int64, "hours": pl.Float64})
    return earliest_affected_day(units=UNITS, employments=EMPLOYMENTS, absences=absences,
                                 as_of=as_of, changed_from=changed_from)


def test_a_record_joining_a_short_spell_reaches_back_to_its_first_day():
    # Mon 27 Oct – Fri 31 Oct, then Mon 3 Nov: one spell that may now be long.
    assert affected([(D(2025, 10, 27), D(2025, 10, 31)), (D(2025, 11, 3), D(2025, 11, 14))],
                    D(2025, 11, 3)) == D(2025, 10, 27)


def test_a_spell_already_long_before_the_change_keeps_its_earlier_months():
    # 1–30 September is already long; a record from Wednesday 1 October cannot change that.
    assert affected([(D(2025, 9, 1), D(2025, 9, 30)), (D(2025, 10, 1), D(2025, 10, 10))],
                    D(2025, 10, 1)) == D(2025, 10, 1) - dt.timedelta(days=BRIDGE_DAYS)


def test_a_new_day_can_turn_an_open_spell_long_back_to_its_first_day():
    # Open since 20 November; the reference date moves from 30 November (11 days, short)
    # to 10 December (21 days, long): November's short days become long days.
    assert affected([(D(2025, 11, 20), None)], D(2025, 11, 30), as_of=D(2025, 12, 10)) == \
        D(2025, 11, 20)


def test_no_spell_near_the_change_leaves_the_change_day():
    assert affected([(D(2025, 3, 3), D(2025, 3, 4))], D(2025, 10, 1)) == D(2025, 10, 1)


# ---------------------------------------------------------------- first_changed_day

def test_only_a_later_end_changes_the_days_after_the_old_end():
    assert first_changed_day((D(2025, 3, 1), D(2025, 3, 10)), (D(2025, 3, 1), D(2025, 3, 20)),
                             otherwise_equal=True) == D(2025, 3, 11)


def test_an_earlier_end_changes_the_days_after_the_new_end():
    assert first_changed_day((D(2025, 3, 1), D(2025, 3, 20)), (D(2025, 3, 1), D(2025, 3, 10)),
                             otherwise_equal=True) == D(2025, 3, 11)


def test_closing_an_open_record_changes_the_days_after_its_end():
    assert first_changed_day((D(2025, 3, 1), None), (D(2025, 3, 1), D(2025, 3, 10)),
                             otherwise_equal=True) == D(2025, 3, 11)
    assert first_changed_day((D(2025, 3, 1), D(2025, 3, 10)), (D(2025, 3, 1), None),
                             otherwise_equal=True) == D(2025, 3, 11)


def test_another_start_or_other_values_change_the_record_from_its_earlier_start():
    assert first_changed_day((D(2025, 3, 5), D(2025, 3, 10)), (D(2025, 3, 1), D(2025, 3, 10)),
                             otherwise_equal=True) == D(2025, 3, 1)
    assert first_changed_day((D(2025, 3, 1), D(2025, 3, 10)), (D(2025, 3, 5), None),
                             otherwise_equal=True) == D(2025, 3, 1)
    assert first_changed_day((D(2025, 3, 1), D(2025, 3, 10)), (D(2025, 3, 1), D(2025, 3, 20)),
                             otherwise_equal=False) == D(2025, 3, 1)


def test_an_unchanged_record_changes_nothing():
    assert first_changed_day((D(2025, 3, 1), None), (D(2025, 3, 1), None),
                             otherwise_equal=True) is None

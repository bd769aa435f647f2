"""Absence and staffing per day (naervaer.core.metrics.daily): examples, a day-by-day
oracle and properties."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from naervaer.core.metrics import MetricsConfig
from naervaer.core.metrics.daily import (
    absence_by_day,
    calendar_days,
    day_counts,
    employed_by_day,
    employee_spells,
    primary_types,
    weekday_pattern,
)

D = dt.date
EMPLOYMENT_SCHEMA = {"employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
                     "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
                     "end_date": pl.Date, "hourly_cost": pl.Float64}
ABSENCE_SCHEMA = {"employment_id": pl.String, "type": pl.String, "start_date": pl.Date,
                  "end_date": pl.Date, "degree": pl.Int64, "hours": pl.Float64}


def employments(*rows: tuple[str, str, str, dt.date, dt.date | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [(eid, pid, unit, "g", 37.0, start, end, None) for eid, pid, unit, start, end in rows],
        schema=EMPLOYMENT_SCHEMA, orient="row")


def absences(*rows: tuple[str, str, dt.date, dt.date | None]) -> pl.DataFrame:
    return pl.DataFrame([(eid, kind, start, end, 100, None) for eid, kind, start, end in rows],
                        schema=ABSENCE_SCHEMA, orient="row")


def test_absence_days_stay_inside_the_employment_and_open_records_stop_at_as_of():
    jobs = employments(("e1", "p1", "A", D(2024, 3, 1), D(2024, 3, 10)),
                       ("e2", "p2", "A", D(2024, 3, 5), None))
    records = absences(("e1", "egen_sygdom", D(2024, 2, 25), D(2024, 3, 2)),
                       ("e1", "ferie", D(2024, 3, 9), None),        # stops at the employment end
                       ("e2", "barns_sygdom", D(2024, 3, 14), None))  # stops at as_of
    days = absence_by_day(jobs, records, D(2024, 3, 1), D(2024, 3, 31), D(2024, 3, 15))
    assert days.filter(pl.col("employee_id") == "p1")["date"].to_list() == [
        D(2024, 3, 1), D(2024, 3, 2), D(2024, 3, 9), D(2024, 3, 10)]
    assert days.filter(pl.col("employee_id") == "p2")["date"].to_list() == [
        D(2024, 3, 14), D(2024, 3, 15)]
    assert days.filter(pl.col("sick"))["type"].unique().to_list() == ["egen_sygdom"]


def test_day_counts_count_each_person_once_sick_before_other():
    jobs = employments(("e1", "p1", "A", D(2024, 1, 1), None), ("e2", "p1", "B", D(2024, 1, 1), None),
                       ("e3", "p2", "A", D(2024, 1, 1), None))
    records = absences(("e1", "ferie", D(2024, 3, 4), D(2024, 3, 4)),
                       ("e2", "egen_sygdom", D(2024, 3, 4), D(2024, 3, 5)),
                       ("e3", "ferie", D(2024, 3, 5), D(2024, 3, 5)))
    counts = day_counts(jobs, records, D(2024, 3, 3), D(2024, 3, 6), D(2024, 3, 31))
    assert counts.rows() == [
        (D(2024, 3, 3), 2, 0, 0, 0),
        (D(2024, 3, 4), 2, 1, 0, 1),
        (D(2024, 3, 5), 2, 1, 1, 2),
        (D(2024, 3, 6), 2, 0, 0, 0),
    ]


def test_empty_inputs_give_zero_days():
    counts = day_counts(employments(), absences(), D(2024, 2, 1), D(2024, 2, 29), D(2024, 3, 1))
    assert counts.height == 29 and counts["employed"].sum() == 0 and counts["absent"].sum() == 0
    assert employed_by_day(employments(), D(2024, 1, 1), D(2024, 1, 2)).is_empty()
    assert employee_spells(employments(), absences(), D(2024, 1, 1)).is_empty()


def test_calendar_days_name_danish_holidays_and_extra_days_off():
    days = calendar_days(D(2024, 12, 23), D(2024, 12, 26), ("12-24",))
    assert days["is_workday"].to_list() == [True, False, False, False]
    assert days["holiday_name"].to_list() == [None, None, "Juledag", "Anden juledag"]
    assert days["day_off"].to_list() == [False, True, True, True]
    # Store bededag: a holiday in 2023, a workday from 2024.
    assert not calendar_days(D(2023, 5, 5), D(2023, 5, 5))["is_workday"][0]
    assert calendar_days(D(2024, 4, 26), D(2024, 4, 26))["is_workday"][0]


def test_primary_type_prefers_sick_absence_and_weekday_pattern_skips_holidays():
    jobs = employments(("e1", "p1", "A", D(2024, 1, 1), None))
    records = absences(("e1", "ferie", D(2024, 3, 25), D(2024, 4, 2)),
                       ("e1", "egen_sygdom", D(2024, 3, 27), D(2024, 4, 1)))
    days = absence_by_day(jobs, records, D(2024, 1, 1), D(2024, 12, 31), D(2024, 12, 31))
    first = primary_types(days).filter(pl.col("date") == D(2024, 3, 27)).row(0, named=True)
    assert first["type"] == "egen_sygdom" and first["types"] == ["egen_sygdom", "ferie"]
    pattern = weekday_pattern(days, D(2024, 1, 1), D(2024, 12, 31))
    # Sick Wed 27 March only on workdays: Thu/Fri are Easter holidays, Mon 1 April too.
    assert pattern.rows() == [(1, 0), (2, 0), (3, 1), (4, 0), (5, 0)]


def test_spells_join_across_employments_and_weekends():
    jobs = employments(("e1", "p1", "A", D(2024, 1, 1), None), ("e2", "p1", "B", D(2024, 1, 1), None))
    records = absences(("e1", "egen_sygdom", D(2024, 3, 6), D(2024, 3, 8)),   # Wed–Fri
                       ("e2", "egen_sygdom", D(2024, 3, 11), D(2024, 3, 12)),  # Mon–Tue
                       ("e1", "egen_sygdom", D(2024, 5, 1), None),
                       ("e1", "ferie", D(2024, 4, 1), D(2024, 4, 5)))
    spells = employee_spells(jobs, records, D(2024, 5, 20), MetricsConfig())
    assert spells.rows() == [
        ("p1", D(2024, 5, 1), D(2024, 5, 20), 20, True, True),
        ("p1", D(2024, 3, 6), D(2024, 3, 12), 7, False, False),
    ]


# --- properties -----------------------------------------------------------------------

FIRST = D(2024, 1, 1)
TYPES = ["egen_sygdom", "graviditet", "barns_sygdom", "ferie", "andet"]


@st.composite
def data_sets(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Employees in units U0–U2, each employee in one unit (maybe several employments)."""
    job_rows, absence_rows = [], []
    for person in range(draw(st.integers(0, 6))):
        unit = f"U{draw(st.integers(0, 2))}"
        for job in range(draw(st.integers(1, 2))):
            start = FIRST + dt.timedelta(days=draw(st.integers(0, 60)))
            end = draw(st.none() | st.integers(0, 80).map(lambda n, s=start: s + dt.timedelta(days=n)))
            eid = f"e{person}-{job}"
            job_rows.append((eid, f"p{person}", unit, start, end))
            for _ in range(draw(st.integers(0, 3))):
                a_start = FIRST + dt.timedelta(days=draw(st.integers(0, 90)))
                a_end = draw(st.none() | st.integers(0, 20).map(lambda n, s=a_start: s + dt.timedelta(days=n)))
                absence_rows.append((eid, draw(st.sampled_from(TYPES)), a_start, a_end))
    return employments(*job_rows), absences(*absence_rows)


def _oracle(jobs: pl.DataFrame, records: pl.DataFrame, day: dt.date, as_of: dt.date,
            sick_types: tuple[str, ...]) -> tuple[int, int, int]:
    """Employed, absent sick, absent other on one day, by walking the rows."""
    employed: set[str] = set()
    kinds: dict[str, set[bool]] = {}
    by_id = {row["employment_id"]: row for row in jobs.iter_rows(named=True)}
    for row in by_id.values():
        if row["start_date"] <= day and (row["end_date"] is None or day <= row["end_date"]):
            employed.add(row["employee_id"])
    for record in records.iter_rows(named=True):
        job = by_id[record["employment_id"]]
        end = record["end_date"] or as_of
        inside_job = job["start_date"] <= day and (job["end_date"] is None or day <= job["end_date"])
        if inside_job and record["start_date"] <= day <= end:
            kinds.setdefault(job["employee_id"], set()).add(record["type"] in sick_types)
    sick = sum(1 for flags in kinds.values() if True in flags)
    return len(employed), sick, len(kinds) - sick


@settings(max_examples=60, deadline=None)
@given(data=data_sets(), as_of_offset=st.integers(0, 120))
def test_day_counts_match_a_day_by_day_oracle(data, as_of_offset):
    jobs, records = data
    as_of = FIRST + dt.timedelta(days=as_of_offset)
    date_from, date_to = D(2024, 1, 20), D(2024, 4, 10)
    counts = day_counts(jobs, records, date_from, date_to, as_of)
    assert counts.height == (date_to - date_from).days + 1
    config = MetricsConfig()
    for day, employed, sick, other, absent in counts.rows():
        assert (employed, sick, other) == _oracle(jobs, records, day, as_of, config.sick_types)
        assert absent == sick + other <= employed


@settings(max_examples=60, deadline=None)
@given(data=data_sets())
def test_the_whole_teams_count_is_the_sum_over_its_units(data):
    """Scope subtree = the sum of the units' own counts when nobody works in two units."""
    jobs, records = data
    window = (D(2024, 1, 1), D(2024, 3, 31), D(2024, 3, 1))
    whole = day_counts(jobs, records, *window)
    parts = [day_counts(jobs.filter(pl.col("unit_id") == unit), records, *window)
             for unit in ("U0", "U1", "U2")]
    summed = pl.concat(parts).group_by("date").agg(pl.exclude("date").sum()).sort("date")
    assert whole.equals(summed.select(whole.columns))
    # Per employee: the absence days of one person are a subset of their employed days.
    employed = employed_by_day(jobs, window[0], window[1]).select("employee_id", "date").unique()
    absent = absence_by_day(jobs, records, *window).select("employee_id", "date").unique()
    assert absent.join(employed, on=["employee_id", "date"], how="anti").is_empty()

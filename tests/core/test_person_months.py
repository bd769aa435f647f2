"""Sick days per employee and month (naervaer.core.metrics.person_months): golden values
computed by hand from spec/metrics.md ("Hours"), and a property against the group table.

Calendar facts (see tests/core/metrics_golden_support.py): Maundy Thursday 28 and Good
Friday 29 March 2024 and Easter Monday 1 April 2024 are holidays; 1 March 2024 is a
Friday, 29 February a Thursday. A 37-hour employment's daily norm is 7.4 h = 1 dagsværk.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naervaer.core.metrics import MetricsConfig, group_table
from naervaer.core.metrics.person_months import person_month_days

UNITS = pl.DataFrame({"unit_id": ["U1", "U2"], "parent_id": [None, "U1"]},
                     schema={"unit_id": pl.String, "parent_id": pl.String})
EMPLOYMENT_SCHEMA = {"employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
                     "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
                     "end_date": pl.Date, "hourly_cost": pl.Float64}
ABSENCE_SCHEMA = {"employment_id": pl.String, "type": pl.String, "start_date": pl.Date,
                  "end_date": pl.Date, "degree": pl.Int64, "hours": pl.Float64}
D = dt.date
JANUARY_2023, FEBRUARY_2024, APRIL_2024, AS_OF = D(2023, 1, 1), D(2024, 2, 1), D(2024, 4, 1), D(2024, 4, 3)


def employment(employment_id: str, employee_id: str = "P1", unit_id: str = "U1",
               weekly_hours: float = 37.0, start: dt.date = JANUARY_2023,
               end: dt.date | None = None) -> dict[str, object]:
    return {"employment_id": employment_id, "employee_id": employee_id, "unit_id": unit_id,
            "staff_group": "SOSU", "weekly_hours": weekly_hours, "start_date": start,
            "end_date": end, "hourly_cost": None}


def absence(employment_id: str, start: dt.date, end: dt.date | None, *, type: str = "egen_sygdom",
            degree: int = 100, hours: float | None = None) -> dict[str, object]:
    return {"employment_id": employment_id, "type": type, "start_date": start, "end_date": end,
            "degree": degree, "hours": hours}


def days(employments: list[dict[str, object]], absences: list[dict[str, object]], *,
         first: dt.date = FEBRUARY_2024, last: dt.date = APRIL_2024,
         as_of: dt.date = AS_OF, **options: object) -> dict[tuple[str, dt.date], float]:
    result = person_month_days(
        units=UNITS, employments=pl.DataFrame(employments, schema=EMPLOYMENT_SCHEMA),
        absences=pl.DataFrame(absences, schema=ABSENCE_SCHEMA), first_month=first,
        last_month=last, as_of=as_of, **options)  # type: ignore[arg-type]
    assert result.columns == ["employee_id", "month", "absence_hours", "absence_days"]
    assert result["absence_days"].to_list() == pytest.approx(
        (result["absence_hours"] / 7.4).to_list())
    return {(row["employee_id"], row["month"]): row["absence_days"]
            for row in result.iter_rows(named=True)}


def test_full_days_in_one_month_and_zero_in_employed_months_without_absence():
    # Mon 4 – Wed 6 March 2024, 37 h/week, 100 %: 3 workdays × 7.4 h = 3 dagsværk.
    result = days([employment("E1")], [absence("E1", D(2024, 3, 4), D(2024, 3, 6))])
    assert result == pytest.approx({("P1", D(2024, 2, 1)): 0.0, ("P1", D(2024, 3, 1)): 3.0,
                                    ("P1", D(2024, 4, 1)): 0.0})


def test_degree_part_time_and_open_absence_cut_at_as_of_over_holidays():
    # 18.5 h/week → 3.7 h a workday; degree 50 → 1.85 h. Open from Wed 27 March, as_of
    # Wed 3 April: March has only the 27th (28, 29 are holidays) = 1.85 h = 0.25 days;
    # April has 2 and 3 (1 is Easter Monday) = 3.7 h = 0.5 days; nothing after 3 April.
    result = days([employment("E1", weekly_hours=18.5)],
                  [absence("E1", D(2024, 3, 27), None, degree=50)])
    assert result[("P1", D(2024, 3, 1))] == pytest.approx(0.25)
    assert result[("P1", D(2024, 4, 1))] == pytest.approx(0.5)


def test_payroll_hours_are_spread_over_the_records_workdays_across_months():
    # Thu 29 Feb – Fri 1 Mar 2024 with 14.8 payroll hours: 2 workdays, 7.4 h each.
    result = days([employment("E1")], [absence("E1", D(2024, 2, 29), D(2024, 3, 1), hours=14.8)])
    assert result[("P1", D(2024, 2, 1))] == pytest.approx(1.0)
    assert result[("P1", D(2024, 3, 1))] == pytest.approx(1.0)


def test_payroll_hours_outside_the_months_still_spread_over_the_whole_record():
    # Thu 29 Feb – Fri 1 Mar, 14.8 h, but only March asked for: its half is 7.4 h = 1 day.
    result = days([employment("E1")], [absence("E1", D(2024, 2, 29), D(2024, 3, 1), hours=14.8)],
                  first=D(2024, 3, 1), last=D(2024, 3, 1))
    assert result == pytest.approx({("P1", D(2024, 3, 1)): 1.0})


def test_only_sick_types_count():
    result = days([employment("E1")], [
        absence("E1", D(2024, 3, 4), D(2024, 3, 4), type="barns_sygdom"),
        absence("E1", D(2024, 3, 5), D(2024, 3, 5), type="ferie"),
        absence("E1", D(2024, 3, 6), D(2024, 3, 6), type="graviditet"),
    ])
    assert result[("P1", D(2024, 3, 1))] == pytest.approx(1.0)


def test_only_employments_in_the_chosen_units_count_and_months_outside_them_have_no_row():
    # P1 works in U1 all along and in U2 (37 h) only in March; sick in both on 4-5 March.
    employments = [employment("E1"), employment("E2", unit_id="U2", start=D(2024, 3, 1),
                                                 end=D(2024, 3, 31))]
    absences = [absence("E1", D(2024, 3, 4), D(2024, 3, 5)),
                absence("E2", D(2024, 3, 4), D(2024, 3, 5), degree=50)]
    assert days(employments, absences, unit_ids=["U2"]) == pytest.approx(
        {("P1", D(2024, 3, 1)): 1.0})
    assert days(employments, absences, unit_ids=["U1"])[("P1", D(2024, 3, 1))] == (
        pytest.approx(2.0))
    assert days(employments, absences)[("P1", D(2024, 3, 1))] == pytest.approx(3.0)


def test_an_open_absence_stops_at_the_employments_end():
    # Employment ends Tue 5 March; the open absence from Mon 4 March counts 2 days.
    result = days([employment("E1", end=D(2024, 3, 5))], [absence("E1", D(2024, 3, 4), None)])
    assert result == pytest.approx({("P1", D(2024, 2, 1)): 0.0, ("P1", D(2024, 3, 1)): 2.0})


def test_extra_days_off_are_not_workdays():
    config = MetricsConfig(extra_days_off=("03-05",))
    result = days([employment("E1")], [absence("E1", D(2024, 3, 4), D(2024, 3, 6))],
                  config=config)
    assert result[("P1", D(2024, 3, 1))] == pytest.approx(2.0)


def test_nobody_employed_gives_an_empty_frame():
    result = person_month_days(
        units=UNITS, employments=pl.DataFrame([employment("E1", end=D(2023, 6, 30))],
                                              schema=EMPLOYMENT_SCHEMA),
        absences=pl.DataFrame(schema=ABSENCE_SCHEMA), first_month=D(2024, 1, 1),
        last_month=D(2024, 3, 1), as_of=D(2024, 4, 3))
    assert result.is_empty() and result.schema["month"] == pl.Date


# --- property: per unit, the people's months add up to the group table's own scope -----

BASE = D(2023, 1, 1)
TYPES = ["egen_sygdom", "egen_sygdom", "graviditet", "barns_sygdom", "ferie"]


@st.composite
def organisations(draw):  # type: ignore[no-untyped-def]
    employments, absences = [], []
    for number in range(draw(st.integers(1, 6))):
        start = BASE + dt.timedelta(days=draw(st.integers(0, 400)))
        end = draw(st.one_of(st.none(), st.integers(10, 400).map(
            lambda length, start=start: start + dt.timedelta(days=length))))
        employment_id = f"E{number}"
        employments.append(employment(
            employment_id, employee_id=f"P{draw(st.integers(0, 2))}",
            unit_id=draw(st.sampled_from(["U1", "U2"])),
            weekly_hours=float(draw(st.sampled_from([37, 30, 18.5]))), start=start, end=end))
        cursor = start
        for _ in range(draw(st.integers(0, 4))):
            cursor += dt.timedelta(days=draw(st.integers(0, 60)))
            record_end = cursor + dt.timedelta(days=draw(st.integers(0, 30)))
            absences.append(absence(
                employment_id, cursor, None if draw(st.integers(0, 7)) == 0 else record_end,
                type=draw(st.sampled_from(TYPES)), degree=draw(st.sampled_from([100, 60])),
                hours=draw(st.one_of(st.none(), st.sampled_from([3.0, 22.2])))))
            cursor = record_end + dt.timedelta(days=1)
    return (pl.DataFrame(employments, schema=EMPLOYMENT_SCHEMA),
            pl.DataFrame(absences, schema=ABSENCE_SCHEMA))


@settings(max_examples=40, deadline=None)
@given(organisations(), st.sampled_from(["U1", "U2"]))
def test_months_sum_to_the_group_tables_absence_days_of_the_unit(org, unit_id):
    employments, absences = org
    as_of, first, last = D(2024, 5, 15), D(2023, 6, 1), D(2024, 5, 1)
    people = person_month_days(units=UNITS, employments=employments, absences=absences,
                               first_month=first, last_month=last, as_of=as_of,
                               unit_ids=[unit_id])
    summed = people.group_by("month").agg(pl.col("absence_days").sum())
    table = group_table(units=UNITS, employments=employments, absences=absences,
                        date_from=first, date_to=D(2024, 5, 31), by="month", as_of=as_of,
                        scopes=("own",), unit_ids=[unit_id])
    compared = table.join(summed, left_on="period_start", right_on="month", how="left")
    assert compared["absence_days_right"].fill_null(0.0).to_list() == pytest.approx(
        compared["absence_days"].to_list(), abs=1e-9)
    # A month with a row is one with an employment in the unit: headcount > 0.
    employed = set(table.filter(pl.col("headcount") > 0)["period_start"].to_list())
    assert set(people["month"].to_list()) == employed

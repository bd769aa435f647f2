"""Golden tests for ``naervaer.core.metrics.group_table``, written by hand from
``shared/spec/metrics.md`` (the definitions) and ``docs/dev/metrics-api.md`` (the
contract). Every expected number is computed by hand; the arithmetic is in the
comments. Each test names the rule it pins.

Calendar facts used throughout (Danish public holidays from the ``holidays``
package; weekdays counted by hand, cross-checked once with
``naervaer.core.calendar.workdays``):

* March 2024: 21 weekdays (Fri 1, then 4-8, 11-15, 18-22, 25-29) minus Maundy
  Thursday 28 and Good Friday 29 = **19 workdays**. Easter Sunday is 31 March,
  Easter Monday 1 April.
* April 2024: 22 weekdays (1-5, 8-12, 15-19, 22-26, 29-30) minus Easter Monday 1
  = **21 workdays** (Fri 26 April, former Store bededag, is a workday from 2024).
* February 2024 (Thu 1 .. Thu 29): 2 + 5 + 5 + 5 + 4 = **21 workdays**.
* January 2024 (Mon 1 .. Wed 31): 23 weekdays minus New Year's Day = **22**.
* December 2023 (Fri 1 .. Sun 31): 21 weekdays minus 25 and 26 Dec = **19**.
* May 2023: 23 weekdays minus Store bededag 5 May, Ascension 18 May and Whit
  Monday 29 May = **20 workdays**.
* Year 2024: 262 weekdays (366 days, Mon 1 Jan: 52 weeks + Mon 30 + Tue 31 Dec)
  minus 8 weekday holidays (1 Jan, 28 Mar, 29 Mar, 1 Apr, 9 May, 20 May, 25 Dec,
  26 Dec) = **254 workdays**.
* Year 2023: 260 weekdays minus 8 weekday holidays (6, 7, 10 Apr, 5, 18, 29 May,
  25, 26 Dec) = 252; Q1 2023 = 22 + 20 + 23 = 65, so April-December 2023 = 187
  and the rolling window April 2023 .. March 2024 = 187 + 62 = **249 workdays**.

A 37-hour employment has a daily norm of 37 / 5 = 7.4 h = one dagsværk.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from naervaer.core.metrics import MetricsConfig, group_table, person_figures

D = dt.date
ABS = 1e-6
DEFAULT_START = D(2020, 1, 1)
DEFAULT_AS_OF = D(2025, 1, 31)

# --------------------------------------------------------------------------- helpers

UNIT_SCHEMA = {"unit_id": pl.Utf8, "parent_id": pl.Utf8}
EMPLOYMENT_SCHEMA = {
    "employment_id": pl.Utf8,
    "employee_id": pl.Utf8,
    "unit_id": pl.Utf8,
    "staff_group": pl.Utf8,
    "weekly_hours": pl.Float64,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "hourly_cost": pl.Float64,
}
ABSENCE_SCHEMA = {
    "employment_id": pl.Utf8,
    "type": pl.Utf8,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "degree": pl.Int64,
    "hours": pl.Float64,
}

# The standard tree: R is the root with two children U1 and U2.
TREE = [("R", None), ("U1", "R"), ("U2", "R")]


def units_frame(rows: list[tuple[str, str | None]] = TREE) -> pl.DataFrame:
    return pl.DataFrame(
        {"unit_id": [r[0] for r in rows], "parent_id": [r[1] for r in rows]},
        schema=UNIT_SCHEMA,
    )


def emp(
    employment_id: str,
    employee_id: str,
    unit_id: str,
    *,
    weekly_hours: float = 37.0,
    start: dt.date = DEFAULT_START,
    end: dt.date | None = None,
    staff_group: str = "sosu",
    hourly_cost: float | None = None,
) -> dict[str, Any]:
    return {
        "employment_id": employment_id,
        "employee_id": employee_id,
        "unit_id": unit_id,
        "staff_group": staff_group,
        "weekly_hours": weekly_hours,
        "start_date": start,
        "end_date": end,
        "hourly_cost": hourly_cost,
    }


def ab(
    employment_id: str,
    start: dt.date,
    end: dt.date | None,
    *,
    type: str = "egen_sygdom",
    degree: int = 100,
    hours: float | None = None,
) -> dict[str, Any]:
    return {
        "employment_id": employment_id,
        "type": type,
        "start_date": start,
        "end_date": end,
        "degree": degree,
        "hours": hours,
    }


def run(
    employments: list[dict[str, Any]],
    absences: list[dict[str, Any]],
    *,
    date_from: dt.date,
    date_to: dt.date,
    by: str = "month",
    as_of: dt.date = DEFAULT_AS_OF,
    units: list[tuple[str, str | None]] = TREE,
    **kwargs: Any,
) -> pl.DataFrame:
    return group_table(
        units=units_frame(units),
        employments=pl.DataFrame(employments, schema=EMPLOYMENT_SCHEMA),
        absences=pl.DataFrame(absences, schema=ABSENCE_SCHEMA),
        date_from=date_from,
        date_to=date_to,
        by=by,
        as_of=as_of,
        **kwargs,
    )


def row(
    table: pl.DataFrame,
    unit_id: str,
    period_start: dt.date,
    scope: str = "subtree",
    staff_group: str = "*",
) -> dict[str, Any]:
    hit = table.filter(
        (pl.col("unit_id") == unit_id)
        & (pl.col("period_start") == period_start)
        & (pl.col("scope") == scope)
        & (pl.col("staff_group") == staff_group)
    )
    assert hit.height == 1, (
        f"expected exactly one row for {unit_id} {period_start} {scope} {staff_group}, "
        f"got {hit.height}:\n{table}"
    )
    return hit.row(0, named=True)


def check(r: dict[str, Any], **expected: Any) -> None:
    """Assert each named column; floats with abs=1e-6, None must be null."""
    problems = []
    for column, want in expected.items():
        got = r[column]
        ok = (got is None) if want is None else (got is not None and got == pytest.approx(want, abs=ABS))
        if not ok:
            problems.append(f"{column}: expected {want!r}, got {got!r}")
    assert not problems, f"unit {r['unit_id']} {r['period_start']} {r['scope']}: " + "; ".join(problems)


MARCH = D(2024, 3, 1)
MARCH_END = D(2024, 3, 31)
# Full-time March 2024: 19 workdays x 7.4 h.
MARCH_POSSIBLE = 19 * 7.4  # = 140.6


# --------------------------------------------------------------------------- 1


def test_spell_weekend_between_records_does_not_break_spell():
    """Spells: 'Weekends and holidays between two records do not break a spell';
    spell length = calendar days first..last inclusive; short = 1-14 days;
    absence hours = daily norm on workdays only."""
    table = run(
        [emp("E1", "P1", "U1")],
        [
            ab("E1", D(2024, 3, 1), D(2024, 3, 1)),  # Fri
            ab("E1", D(2024, 3, 4), D(2024, 3, 4)),  # Mon
        ],
        date_from=MARCH,
        date_to=MARCH_END,
    )
    # One spell Fri 1 .. Mon 4 March = 4 calendar days -> short.
    # Hours: 2 workdays x 7.4 = 14.8 h = 2.0 dagsværk (Sat/Sun count 0 h).
    # pct = 100 x 14.8 / 140.6 = 200/19 = 10.526315789...
    check(
        row(table, "U1", MARCH),
        spells_started=1,
        spells_ended=1,
        open_spells=0,
        absence_hours=14.8,
        absence_days=2.0,
        short_days=2.0,
        long_days=0.0,
        possible_hours=MARCH_POSSIBLE,
        absence_pct=200 / 19,
        fte=1.0,  # 140.6 / (7.4 x 19)
        days_per_fte=2.0,  # 2.0 / 1.0
        headcount=1,
        share_without_absence=0.0,
        days_per_employee=2.0,
    )


# --------------------------------------------------------------------------- 2


def test_spell_holidays_between_records_do_not_break_spell():
    """Spells: each record starts no later than the first workday after the
    previous one ends; Easter holidays do not break a spell; a spell merged over a
    holiday gap is open across the gap; a spell ends in the period of its last day."""
    table = run(
        [emp("E1", "P1", "U1")],
        [
            ab("E1", D(2024, 3, 25), D(2024, 3, 27)),  # Mon .. Wed
            # Thu 28 (Maundy Thu), Fri 29 (Good Fri), Sat 30, Sun 31, Mon 1 Apr (Easter Mon)
            # -> the first workday after 27 March is Tue 2 April.
            ab("E1", D(2024, 4, 2), D(2024, 4, 3)),  # Tue .. Wed
        ],
        date_from=MARCH,
        date_to=D(2024, 4, 30),
        as_of=D(2024, 6, 30),
    )
    # One spell 25 Mar .. 3 Apr = 7 + 3 = 10 calendar days -> short.
    # March: 3 workdays x 7.4 = 22.2 h; open at 31 March (first 25 Mar <= 31 Mar < last 3 Apr).
    check(
        row(table, "U1", MARCH),
        spells_started=1,
        spells_ended=0,
        open_spells=1,
        absence_hours=22.2,
        short_days=3.0,
        long_days=0.0,
    )
    # April: 2 workdays x 7.4 = 14.8 h; the spell ends here.
    check(
        row(table, "U1", D(2024, 4, 1)),
        spells_started=0,
        spells_ended=1,
        open_spells=0,
        absence_hours=14.8,
        short_days=2.0,
        long_days=0.0,
        possible_hours=21 * 7.4,  # 155.4
    )


# --------------------------------------------------------------------------- 3


def test_spell_workday_without_absence_breaks_spell():
    """Spells: 'a workday without absence does [break a spell]'. Two 10-day
    records separated by one absence-free workday are two short spells; merged they
    would be one 21-day long spell."""
    table = run(
        [emp("E1", "P1", "U1")],
        [
            ab("E1", D(2024, 3, 4), D(2024, 3, 13)),  # Mon 4 .. Wed 13 = 10 days
            # Thu 14 March is a workday without absence.
            ab("E1", D(2024, 3, 15), D(2024, 3, 24)),  # Fri 15 .. Sun 24 = 10 days
        ],
        date_from=MARCH,
        date_to=MARCH_END,
    )
    # Workdays: first record 4-8 (5) + 11-13 (3) = 8; second 15 (1) + 18-22 (5) = 6.
    # 14 workdays x 7.4 = 103.6 h, all short (each spell 10 days <= 14).
    check(
        row(table, "U1", MARCH),
        spells_started=2,
        spells_ended=2,
        open_spells=0,
        absence_hours=103.6,
        absence_days=14.0,
        short_days=14.0,
        long_days=0.0,
    )


def test_spell_record_starting_on_first_workday_after_joins_spell():
    """Spells: 'starts no later than the first workday after the previous record
    ends' — the boundary case (next record starts exactly on that workday)."""
    table = run(
        [emp("E1", "P1", "U1")],
        [
            ab("E1", D(2024, 3, 4), D(2024, 3, 12)),  # Mon 4 .. Tue 12 = 9 days
            ab("E1", D(2024, 3, 13), D(2024, 3, 19)),  # Wed 13 .. Tue 19 = 7 days
        ],
        date_from=MARCH,
        date_to=MARCH_END,
    )
    # One spell 4 .. 19 March = 16 days -> long.
    # Workdays 4-8 (5), 11-15 (5), 18-19 (2) = 12 -> 12 x 7.4 = 88.8 h, all long.
    check(
        row(table, "U1", MARCH),
        spells_started=1,
        spells_ended=1,
        absence_hours=88.8,
        short_days=0.0,
        long_days=12.0,
    )


# --------------------------------------------------------------------------- 4


@pytest.mark.parametrize(
    "records",
    [
        pytest.param([(D(2023, 12, 20), D(2024, 1, 10))], id="one-record"),
        # Fri 29 Dec, then Sat 30, Sun 31, Mon 1 Jan (holiday): first workday after is
        # Tue 2 Jan, so the second record joins the spell across the year end.
        pytest.param(
            [(D(2023, 12, 20), D(2023, 12, 29)), (D(2024, 1, 2), D(2024, 1, 10))],
            id="two-records-across-new-year",
        ),
    ],
)
def test_spell_band_by_whole_length_across_month_and_year_end(records):
    """Spells: 'A spell is classified by its whole length — also when it crosses a
    month or year boundary — never by the part inside the reporting period';
    'ends in the period that contains its last day'; open at end of December."""
    table = run(
        [emp("E1", "P1", "U1", start=D(2023, 1, 1))],
        [ab("E1", s, e) for s, e in records],
        date_from=D(2023, 12, 1),
        date_to=D(2024, 1, 31),
        as_of=D(2024, 6, 30),
    )
    # Spell 20 Dec 2023 .. 10 Jan 2024 = 12 (Dec 20-31) + 10 (Jan 1-10) = 22 days -> long
    # (each part alone, 12 and 10 days, would be short).
    # December workdays 20, 21, 22, 27, 28, 29 (25/26 holidays, 23/24/30/31 weekend) = 6
    #   -> 6 x 7.4 = 44.4 h; possible 19 x 7.4 = 140.6.
    check(
        row(table, "U1", D(2023, 12, 1)),
        spells_started=1,
        spells_ended=0,
        open_spells=1,
        absence_hours=44.4,
        short_days=0.0,
        long_days=6.0,
        possible_hours=19 * 7.4,
    )
    # January workdays 2-5 (4), 8-10 (3) = 7 (1 Jan holiday) -> 7 x 7.4 = 51.8 h;
    # possible 22 x 7.4 = 162.8.
    check(
        row(table, "U1", D(2024, 1, 1)),
        spells_started=0,
        spells_ended=1,
        open_spells=0,
        absence_hours=51.8,
        short_days=0.0,
        long_days=7.0,
        possible_hours=22 * 7.4,
    )


# --------------------------------------------------------------------------- 5


def test_spell_across_employee_transfer_counts_per_unit_of_day():
    """Spells are per employee across employments; hours go to the unit of the
    employment on that day; spells_started/ended count in the unit of the first/
    last day; a common parent counts the employee once in its headcount."""
    employments = [
        emp("A", "P1", "U1", start=D(2024, 1, 1), end=D(2024, 3, 15)),
        emp("B", "P1", "U2", start=D(2024, 3, 16)),
        emp("C", "P2", "U2", start=D(2024, 1, 1)),  # colleague without absence
    ]
    absences = [
        ab("A", D(2024, 3, 11), D(2024, 3, 15)),  # Mon .. Fri on A (U1)
        # Sat 16, Sun 17 -> first workday after is Mon 18: joins.
        ab("B", D(2024, 3, 18), D(2024, 3, 22)),  # Mon .. Fri on B (U2)
    ]
    table = run(employments, absences, date_from=MARCH, date_to=MARCH_END)
    # One spell 11 .. 22 March = 12 days -> short (12 <= 14).
    # Possible: A 1 Mar, 4-8, 11-15 = 11 workdays -> 81.4 h;
    #           B 18-22, 25-27 = 8 workdays -> 59.2 h;  C 19 -> 140.6 h.
    # U1: sick 5 x 7.4 = 37.0; pct = 100 x 37 / 81.4 = 500/11; fte = 81.4 / 140.6 = 11/19.
    check(
        row(table, "U1", MARCH),
        possible_hours=81.4,
        absence_hours=37.0,
        absence_days=5.0,
        short_days=5.0,
        long_days=0.0,
        absence_pct=500 / 11,
        fte=11 / 19,
        spells_started=1,
        spells_ended=0,
        open_spells=0,
        headcount=1,
        share_without_absence=0.0,  # P1 has sick hours in U1
        days_per_employee=5.0,
    )
    # U2: possible 59.2 + 140.6 = 199.8 (= 27 x 7.4); sick 37.0; fte 27/19;
    # headcount 2 (P1, P2), without absence P2 -> 100 x 1/2 = 50.
    check(
        row(table, "U2", MARCH),
        possible_hours=199.8,
        absence_hours=37.0,
        short_days=5.0,
        long_days=0.0,
        fte=27 / 19,
        spells_started=0,
        spells_ended=1,
        open_spells=0,
        headcount=2,
        share_without_absence=50.0,
        days_per_employee=2.5,  # 5.0 / 2
    )
    # R subtree: possible 81.4 + 199.8 = 281.2 (= 2 x 140.6); sick 74.0 = 10 days;
    # pct = 100 x 74 / 281.2 = 500/19; fte 2.0; days/fte 5.0;
    # one spell -> 1 started, 1 ended; headcount 2 (P1 once, not twice) -> share 50.
    check(
        row(table, "R", MARCH),
        possible_hours=281.2,
        absence_hours=74.0,
        absence_days=10.0,
        short_days=10.0,
        long_days=0.0,
        absence_pct=500 / 19,
        fte=2.0,
        days_per_fte=5.0,
        spells_started=1,
        spells_ended=1,
        open_spells=0,
        headcount=2,
        share_without_absence=50.0,
        days_per_employee=5.0,  # 10 / 2
    )


def test_headcount_counts_transferred_employee_once_in_parent():
    """'An employee with employments in two units counts once in each unit's
    headcount and once in a common parent's' (sequential employments, no absence)."""
    table = run(
        [
            emp("A", "P1", "U1", start=D(2024, 1, 1), end=D(2024, 3, 15)),
            emp("B", "P1", "U2", start=D(2024, 3, 16)),
        ],
        [],
        date_from=MARCH,
        date_to=MARCH_END,
    )
    check(row(table, "U1", MARCH), headcount=1, share_without_absence=100.0)
    check(row(table, "U2", MARCH), headcount=1, share_without_absence=100.0)
    # R: possible 81.4 + 59.2 = 140.6 -> fte 1.0; one distinct employee.
    check(
        row(table, "R", MARCH),
        headcount=1,
        share_without_absence=100.0,
        possible_hours=MARCH_POSSIBLE,
        fte=1.0,
    )


# --------------------------------------------------------------------------- 6


@pytest.mark.parametrize(
    ("weekly_hours", "degree", "expected_hours"),
    [
        (37.0, 50, 18.5),  # 5 workdays x 7.4 x 50/100 = 18.5
        (30.0, 40, 12.0),  # daily norm 30/5 = 6.0; 5 x 6.0 x 40/100 = 12.0
    ],
)
def test_absence_hours_partial_degree(weekly_hours, degree, expected_hours):
    """Hours: 'on a workday within the employment, daily norm × degree / 100'."""
    table = run(
        [emp("E1", "P1", "U1", weekly_hours=weekly_hours)],
        [ab("E1", D(2024, 3, 11), D(2024, 3, 15), degree=degree)],  # Mon .. Fri
        date_from=MARCH,
        date_to=MARCH_END,
    )
    check(
        row(table, "U1", MARCH),
        absence_hours=expected_hours,
        absence_days=expected_hours / 7.4,  # 18.5/7.4 = 2.5; 12/7.4 = 1.621621...
        possible_hours=19 * weekly_hours / 5,  # 140.6 resp. 114.0
        spells_started=1,
    )


# --------------------------------------------------------------------------- 7


def test_hours_override_on_weekend_only_record_spreads_over_calendar_days():
    """Hours: 'When the record has hours, those hours are spread evenly over the
    record's workdays instead (over all its calendar days if it has no workday)';
    possible hours are not touched by the weekend."""
    table = run(
        [emp("E1", "P1", "U1")],
        [ab("E1", D(2024, 3, 9), D(2024, 3, 10), hours=16.0)],  # Sat .. Sun
        date_from=MARCH,
        date_to=MARCH_END,
    )
    # 16 h over 2 calendar days (8 + 8) = 16 h = 16/7.4 = 2.162162... dagsværk.
    # Possible hours are still 19 x 7.4 = 140.6; pct = 100 x 16 / 140.6.
    check(
        row(table, "U1", MARCH),
        absence_hours=16.0,
        absence_days=16 / 7.4,
        possible_hours=MARCH_POSSIBLE,
        absence_pct=100 * 16 / 140.6,
        spells_started=1,
        short_days=16 / 7.4,  # a 2-day spell is short
        long_days=0.0,
    )


def test_hours_override_spread_over_workdays_across_month_end():
    """Hours: a record with `hours` spreads them evenly over its workdays (not its
    calendar days), and each day's share lands in that day's month."""
    table = run(
        [emp("E1", "P1", "U1")],
        # Thu 29 Feb .. Mon 4 Mar: workdays 29 Feb, 1 Mar, 4 Mar = 3 -> 30/3 = 10 h each.
        [ab("E1", D(2024, 2, 29), D(2024, 3, 4), hours=30.0)],
        date_from=D(2024, 2, 1),
        date_to=MARCH_END,
    )
    check(row(table, "U1", D(2024, 2, 1)), absence_hours=10.0)  # 1 workday x 10
    check(row(table, "U1", MARCH), absence_hours=20.0)  # 2 workdays x 10


# --------------------------------------------------------------------------- 8


@pytest.mark.parametrize(
    ("as_of", "hours", "short_days", "long_days"),
    [
        # as_of Fri 15 Mar: workdays 4-8, 11-15 = 10 -> 74.0 h; length 4..15 = 12 days -> short.
        (D(2024, 3, 15), 74.0, 10.0, 0.0),
        # as_of Wed 20 Mar: workdays 4-8, 11-15, 18-20 = 13 -> 96.2 h; 4..20 = 17 days -> long.
        (D(2024, 3, 20), 96.2, 0.0, 13.0),
    ],
)
def test_open_absence_runs_to_as_of(as_of, hours, short_days, long_days):
    """Hours: 'An open absence (no end date) runs to the reference date and no
    further'; Spells: 'An open spell is classified by its length up to the
    reference date'; open_spells counts it at the reference date; not ended."""
    table = run(
        [emp("E1", "P1", "U1")],
        [ab("E1", D(2024, 3, 4), None)],  # open from Mon 4 March
        date_from=MARCH,
        date_to=MARCH_END,
        as_of=as_of,
    )
    check(
        row(table, "U1", MARCH),
        absence_hours=hours,
        absence_days=hours / 7.4,
        short_days=short_days,
        long_days=long_days,
        spells_started=1,
        spells_ended=0,
        open_spells=1,
    )


# --------------------------------------------------------------------------- 9


def test_open_absence_stops_at_employment_end():
    """Contract: 'An open absence on an ended employment stops at the employment's
    end' (and hours only accrue 'on a workday within the employment')."""
    table = run(
        [emp("E1", "P1", "U1", start=D(2024, 1, 1), end=D(2024, 3, 13))],  # ends Wed 13
        [ab("E1", D(2024, 3, 4), None)],  # open from Mon 4 March
        date_from=MARCH,
        date_to=D(2024, 4, 30),
        as_of=D(2024, 6, 30),
    )
    # Sick workdays 4-8 (5) + 11-13 (3) = 8 -> 59.2 h.
    # Possible: 1 Mar, 4-8, 11-13 = 9 workdays -> 66.6 h; pct = 100 x 8/9 = 88.888...
    # The spell stops at 13 March (4..13 = 10 days -> short), so it ends in March
    # and is not open (running to as_of 30 June would make it long and open).
    check(
        row(table, "U1", MARCH),
        absence_hours=59.2,
        possible_hours=66.6,
        absence_pct=800 / 9,
        fte=9 / 19,  # 66.6 / (7.4 x 19)
        short_days=8.0,
        long_days=0.0,
        spells_started=1,
        spells_ended=1,
        open_spells=0,
        headcount=1,
    )
    # April: nobody employed, nothing accrues.
    check(
        row(table, "U1", D(2024, 4, 1)),
        absence_hours=0.0,
        possible_hours=0.0,
        headcount=0,
        open_spells=0,
        absence_pct=None,
    )


# --------------------------------------------------------------------------- 10


def test_concurrent_part_time_employments_one_employee():
    """Possible hours are per employment (daily norm = weekly/5) and go to the
    employment's unit; the employee counts once in each unit and once in the
    parent; share_without_absence is computed from sums over the group."""
    table = run(
        [
            emp("E20", "P1", "U1", weekly_hours=20.0),
            emp("E17", "P1", "U2", weekly_hours=17.0),
        ],
        [ab("E20", D(2024, 3, 11), D(2024, 3, 15))],  # Mon .. Fri, on the U1 job only
        date_from=MARCH,
        date_to=MARCH_END,
    )
    # U1: norm 4.0 h x 19 = 76.0; fte 76 / 140.6 = 20/37; sick 5 x 4.0 = 20 h.
    check(
        row(table, "U1", MARCH),
        possible_hours=76.0,
        fte=20 / 37,
        absence_hours=20.0,
        absence_pct=100 * 20 / 76,  # 26.315789...
        headcount=1,
        share_without_absence=0.0,
        spells_started=1,
    )
    # U2: norm 3.4 h x 19 = 64.6; fte 17/37; no sick hours in this group -> 100 %.
    check(
        row(table, "U2", MARCH),
        possible_hours=64.6,
        fte=17 / 37,
        absence_hours=0.0,
        headcount=1,
        share_without_absence=100.0,
        spells_started=0,
    )
    # R: 76.0 + 64.6 = 140.6 -> fte 1.0; one person; 20 h = 20/7.4 days per employee.
    check(
        row(table, "R", MARCH),
        possible_hours=MARCH_POSSIBLE,
        fte=1.0,
        absence_hours=20.0,
        headcount=1,
        share_without_absence=0.0,
        days_per_employee=20 / 7.4,  # 2.7027027...
        spells_started=1,
    )


# --------------------------------------------------------------------------- 11


def test_calendar_store_bededag_holiday_2023_workday_2024():
    """Calendar: 'Store bededag is a holiday up to 2023 and a workday from 2024'."""
    table = run(
        [emp("E1", "P1", "U1", start=D(2023, 1, 1))],
        [
            ab("E1", D(2023, 5, 5), D(2023, 5, 5)),  # Store bededag 2023: not a workday
            ab("E1", D(2024, 4, 26), D(2024, 4, 26)),  # former Store bededag: a workday
        ],
        date_from=D(2023, 5, 1),
        date_to=D(2024, 4, 30),
        as_of=D(2024, 6, 30),
    )
    # May 2023: 23 weekdays - 5 May - 18 May - 29 May = 20 workdays -> 20 x 7.4 = 148.0;
    # a sick day on 5 May 2023 has 0 hours.
    check(row(table, "U1", D(2023, 5, 1)), possible_hours=148.0, fte=1.0, absence_hours=0.0)
    # April 2024: 21 workdays (26 April included) -> 155.4; sick on 26 April = 7.4 h.
    check(row(table, "U1", D(2024, 4, 1)), possible_hours=155.4, fte=1.0, absence_hours=7.4)


# --------------------------------------------------------------------------- 12


def test_scope_own_vs_subtree():
    """Periods and scopes: subtree = the unit and all its descendants; own = only
    employments placed directly in the unit."""
    table = run(
        [emp("E0", "P0", "R"), emp("E1", "P1", "U1")],
        [
            ab("E0", D(2024, 3, 4), D(2024, 3, 4)),  # 1 workday -> 7.4 h
            ab("E1", D(2024, 3, 5), D(2024, 3, 6)),  # 2 workdays -> 14.8 h
        ],
        date_from=MARCH,
        date_to=MARCH_END,
        scopes=("own", "subtree"),
    )
    # R own: only E0 -> 140.6 possible, 7.4 sick, pct 100 x 7.4/140.6 = 100/19.
    check(
        row(table, "R", MARCH, scope="own"),
        possible_hours=MARCH_POSSIBLE,
        absence_hours=7.4,
        absence_pct=100 / 19,
        headcount=1,
        spells_started=1,
    )
    # R subtree: E0 + E1 -> 281.2 possible, 22.2 sick, pct 100 x 22.2/281.2 = 150/19.
    check(
        row(table, "R", MARCH, scope="subtree"),
        possible_hours=2 * MARCH_POSSIBLE,
        absence_hours=22.2,
        absence_pct=150 / 19,
        fte=2.0,
        headcount=2,
        spells_started=2,
    )
    # U1 is a leaf: own = subtree.
    for scope in ("own", "subtree"):
        check(
            row(table, "U1", MARCH, scope=scope),
            possible_hours=MARCH_POSSIBLE,
            absence_hours=14.8,
            headcount=1,
        )
    # Rows are sorted by unit_id, period_start, scope, staff_group ("own" < "subtree").
    keys = table.select("unit_id", "period_start", "scope", "staff_group").rows()
    assert keys == sorted(keys)


# --------------------------------------------------------------------------- 13


def test_ferie_lowers_possible_hours_and_is_not_absence():
    """Hours: possible hours are 'less holiday: hours of ferie records, computed like
    absence hours'; 'holiday is not absence: it lowers possible_hours'."""
    table = run(
        [emp("E1", "P1", "U1")],
        [
            ab("E1", D(2024, 3, 11), D(2024, 3, 15), type="ferie"),  # 5 workdays = 37 h
            ab("E1", D(2024, 3, 18), D(2024, 3, 18)),  # 1 sick day = 7.4 h
        ],
        date_from=MARCH,
        date_to=MARCH_END,
    )
    # possible = 140.6 - 37.0 = 103.6 (= 14 x 7.4); fte = 103.6 / 140.6 = 14/19;
    # pct = 100 x 7.4 / 103.6 = 100/14 = 7.142857...
    check(
        row(table, "U1", MARCH),
        possible_hours=103.6,
        absence_hours=7.4,
        absence_days=1.0,
        absence_pct=100 / 14,
        fte=14 / 19,
        arbejdsskade_days=0.0,
        barns_sygdom_days=0.0,
        barsel_days=0.0,
        andet_days=0.0,
        spells_started=1,  # only the sick day; ferie forms no sick spell
    )


def test_flat_holiday_deduction_lowers_possible_hours_only():
    """Hours: flat deduction of N holiday days a year 'taken evenly from every
    workday's norm'; contract decision: factor 1 − N / workdays(year) on possible
    hours only, absence hours unchanged."""
    table = run(
        [emp("E1", "P1", "U1")],
        [ab("E1", D(2024, 3, 18), D(2024, 3, 18))],  # 1 sick day = 7.4 h
        date_from=MARCH,
        date_to=MARCH_END,
        config=MetricsConfig(holiday_deduction_days=25),
    )
    # 2024 has 254 workdays -> factor 1 - 25/254 = 229/254.
    # possible = 140.6 x 229/254 = 32197.4/254 = 126.761417...
    # absence stays 7.4 h; pct = 100 x 7.4 / 126.761417 = 740 x 254 / 32197.4 = 5.837738...
    # fte = possible / (7.4 x 19) = 229/254 = 0.901575...
    possible = 140.6 * 229 / 254
    check(
        row(table, "U1", MARCH),
        possible_hours=possible,
        absence_hours=7.4,
        absence_days=1.0,
        absence_pct=100 * 7.4 / possible,
        fte=229 / 254,
    )


# --------------------------------------------------------------------------- 14


def test_ratio_denominator_zero_gives_null_but_row_exists():
    """'One row for every unit × period, also when nobody is employed; a ratio
    whose denominator is 0 is ... null'."""
    table = run(
        [emp("E1", "P1", "U1")],
        [],
        date_from=MARCH,
        date_to=D(2024, 4, 30),
    )
    # 3 units x 2 months x 1 scope x staff group '*' = 6 rows.
    assert table.height == 6
    for month in (MARCH, D(2024, 4, 1)):
        check(
            row(table, "U2", month),
            possible_hours=0.0,
            absence_hours=0.0,
            absence_days=0.0,
            fte=0.0,  # 0 / (7.4 x workdays): the denominator is not 0
            headcount=0,
            spells_started=0,
            spells_ended=0,
            open_spells=0,
            absence_pct=None,
            days_per_fte=None,
            share_without_absence=None,
            days_per_employee=None,
        )
    r = row(table, "U2", MARCH)
    assert r["period_end"] == MARCH_END


# --------------------------------------------------------------------------- 15

# Employee from 1 Jan 2024 with three sick spells in Q1 2024:
#   S1 Mon 8 .. Wed 10 Jan: 3 days (short), 3 workdays in Jan.
#   S2 Mon 29 Jan .. Fri 16 Feb: 3 + 16 = 19 days (long); workdays Jan 29-31 (3),
#      Feb 1-2, 5-9, 12-16 (12).
#   S3 Fri 1 .. Mon 4 Mar: 4 days (short), 2 workdays.
# Months: Jan 6 workdays (3 short + 3 long) = 44.4 h; Feb 12 long = 88.8 h;
#         Mar 2 short = 14.8 h.  Q1: 20 days = 148.0 h, short 5, long 15.
# Starts Jan 2 / Feb 0 / Mar 1 = 3; ends Jan 1 / Feb 1 / Mar 1 = 3.
Q1_EMPLOYMENTS = [emp("E1", "P1", "U1", start=D(2024, 1, 1), hourly_cost=200.0)]
Q1_ABSENCES = [
    ab("E1", D(2024, 1, 8), D(2024, 1, 10)),
    ab("E1", D(2024, 1, 29), D(2024, 2, 16)),
    ab("E1", D(2024, 3, 1), D(2024, 3, 4)),
    ab("E1", D(2024, 2, 20), D(2024, 2, 20), type="barns_sygdom"),  # 1 day in Feb
]
ADDITIVE = [
    "possible_hours",
    "absence_hours",
    "absence_days",
    "short_days",
    "long_days",
    "spells_started",
    "spells_ended",
    "arbejdsskade_days",
    "barns_sygdom_days",
    "barsel_days",
    "andet_days",
    "absence_cost_dkk",
]


def test_quarter_additive_columns_equal_sum_of_months():
    """Periods: a quarter's additive figures are sums over its months (every figure
    is computed from sums over the group); the band stays that of the whole spell."""
    months = run(Q1_EMPLOYMENTS, Q1_ABSENCES, date_from=D(2024, 1, 1), date_to=MARCH_END)
    quarter = run(Q1_EMPLOYMENTS, Q1_ABSENCES, date_from=D(2024, 1, 1), date_to=MARCH_END, by="quarter")
    check(row(months, "U1", D(2024, 1, 1)), absence_hours=44.4, short_days=3.0, long_days=3.0)
    check(row(months, "U1", D(2024, 2, 1)), absence_hours=88.8, short_days=0.0, long_days=12.0)
    check(row(months, "U1", MARCH), absence_hours=14.8, short_days=2.0, long_days=0.0)

    q = row(quarter, "U1", D(2024, 1, 1))
    assert q["period_end"] == MARCH_END
    # Q1 workdays 22 + 21 + 19 = 62 -> possible 62 x 7.4 = 458.8; fte 1.0;
    # 20 days -> days/fte 20; pct = 100 x 148 / 458.8 = 2000/62 = 32.258064...;
    # cost 148 h x 200 = 29600.
    check(
        q,
        possible_hours=458.8,
        absence_hours=148.0,
        absence_days=20.0,
        short_days=5.0,
        long_days=15.0,
        spells_started=3,
        spells_ended=3,
        open_spells=0,
        barns_sygdom_days=1.0,
        fte=1.0,
        days_per_fte=20.0,
        absence_pct=2000 / 62,
        absence_cost_dkk=29600.0,
        headcount=1,
    )
    for column in ADDITIVE:
        month_sum = sum(row(months, "U1", D(2024, m, 1))[column] for m in (1, 2, 3))
        assert q[column] == pytest.approx(month_sum, abs=ABS), column


def test_year_period():
    """Periods: `year`; fte = possible / (7.4 × workdays in the period)."""
    table = run(Q1_EMPLOYMENTS, Q1_ABSENCES, date_from=D(2024, 1, 1), date_to=D(2024, 12, 31), by="year")
    y = row(table, "U1", D(2024, 1, 1))
    assert y["period_end"] == D(2024, 12, 31)
    # 254 workdays x 7.4 = 1879.6; fte 1.0; 20 days per fte; pct = 100 x 148/1879.6 = 2000/254.
    check(
        y,
        possible_hours=254 * 7.4,
        fte=1.0,
        absence_days=20.0,
        days_per_fte=20.0,
        absence_pct=2000 / 254,
    )


def test_rolling12_fte_and_days_per_fte_per_year():
    """Periods: 'rolling12 (the 12 months ending with the given month; days_per_fte
    then reads as days per FTE per year)'; fte = possible / (7.4 × workdays)."""
    table = run(Q1_EMPLOYMENTS, Q1_ABSENCES, date_from=MARCH, date_to=MARCH_END, by="rolling12")
    # One window: April 2023 .. March 2024; period_start = 1 April 2023.
    r = row(table, "U1", D(2023, 4, 1))
    assert r["period_end"] == MARCH_END
    assert table.filter(pl.col("unit_id") == "U1").height == 1
    # Window workdays 249; employed only Jan-Mar 2024 (62 workdays) -> 458.8 h.
    # fte = 458.8 / (7.4 x 249) = 62/249 = 0.248996...
    # days_per_fte = 20 / (62/249) = 4980/62 = 80.322580... days per FTE per year.
    check(
        r,
        possible_hours=458.8,
        absence_days=20.0,
        fte=62 / 249,
        days_per_fte=20 * 249 / 62,
        spells_started=3,
        spells_ended=3,
        headcount=1,
    )


# --------------------------------------------------------------------------- 16


@pytest.mark.parametrize(("default_cost", "u2_cost"), [(0.0, 0.0), (300.0, 2220.0)])
def test_absence_cost_uses_hourly_cost_else_default(default_cost, u2_cost):
    """absence_cost_dkk = sick-absence hours × the employment's hourly_cost (or the
    organisation's default cost per hour)."""
    table = run(
        [
            emp("EA", "P1", "U1", hourly_cost=250.0),
            emp("EB", "P2", "U2", hourly_cost=None),
        ],
        [
            ab("EA", D(2024, 3, 4), D(2024, 3, 5)),  # 2 days = 14.8 h
            ab("EB", D(2024, 3, 6), D(2024, 3, 6)),  # 1 day = 7.4 h
            ab("EA", D(2024, 3, 11), D(2024, 3, 11), type="barsel"),  # not sick: no cost
        ],
        date_from=MARCH,
        date_to=MARCH_END,
        config=MetricsConfig(default_hourly_cost=default_cost),
    )
    # U1: 14.8 x 250 = 3700.0.  U2: 7.4 x default (0 -> 0.0; 300 -> 2220.0).
    check(row(table, "U1", MARCH), absence_cost_dkk=3700.0)
    check(row(table, "U2", MARCH), absence_cost_dkk=u2_cost)
    check(row(table, "R", MARCH), absence_cost_dkk=3700.0 + u2_cost)


# --------------------------------------------------------------------------- 17


def test_other_absence_types_have_own_columns_and_no_sick_spells():
    """'arbejdsskade, barns_sygdom, barsel and andet are reported separately';
    other_absence_days one column per type; they are not sick absence."""
    table = run(
        [emp("E1", "P1", "U1")],
        [
            ab("E1", D(2024, 3, 4), D(2024, 3, 5), type="arbejdsskade"),  # 2 workdays
            ab("E1", D(2024, 3, 6), D(2024, 3, 6), type="barns_sygdom"),  # 1 workday
            ab("E1", D(2024, 3, 11), D(2024, 3, 15), type="barsel"),  # 5 workdays
            ab("E1", D(2024, 3, 18), D(2024, 3, 18), type="andet", degree=50),  # 0.5
        ],
        date_from=MARCH,
        date_to=MARCH_END,
    )
    check(
        row(table, "U1", MARCH),
        arbejdsskade_days=2.0,
        barns_sygdom_days=1.0,
        barsel_days=5.0,
        andet_days=0.5,  # 7.4 x 50/100 = 3.7 h = 0.5 days
        absence_hours=0.0,
        absence_days=0.0,
        short_days=0.0,
        long_days=0.0,
        spells_started=0,
        spells_ended=0,
        open_spells=0,
        possible_hours=MARCH_POSSIBLE,  # only ferie lowers possible hours
        absence_pct=0.0,
        share_without_absence=100.0,  # no sick-absence hours
        absence_cost_dkk=0.0,
    )


def test_graviditet_is_sick_absence():
    """'Sick absence (sygefravær) = types egen_sygdom and graviditet'."""
    table = run(
        [emp("E1", "P1", "U1")],
        [
            ab("E1", D(2024, 3, 4), D(2024, 3, 5), type="graviditet"),  # Mon .. Tue
            ab("E1", D(2024, 3, 6), D(2024, 3, 6), type="egen_sygdom"),  # Wed: joins
        ],
        date_from=MARCH,
        date_to=MARCH_END,
    )
    # 3 workdays x 7.4 = 22.2 h, one spell of 3 days (sick types chain together).
    check(
        row(table, "U1", MARCH),
        absence_hours=22.2,
        absence_days=3.0,
        short_days=3.0,
        spells_started=1,
        spells_ended=1,
    )


def test_barns_sygdom_does_not_break_sick_spell():
    """Spells: barns_sygdom forms 'spells of their own kind' — a barns_sygdom record
    inside a sick spell (here over the weekend) does not split it."""
    table = run(
        [emp("E1", "P1", "U1")],
        [
            ab("E1", D(2024, 3, 4), D(2024, 3, 8)),  # Mon .. Fri
            ab("E1", D(2024, 3, 9), D(2024, 3, 10), type="barns_sygdom"),  # Sat .. Sun
            ab("E1", D(2024, 3, 11), D(2024, 3, 15)),  # Mon .. Fri
        ],
        date_from=MARCH,
        date_to=MARCH_END,
    )
    # One sick spell 4 .. 15 March = 12 days -> short; 10 workdays x 7.4 = 74.0 h.
    # barns_sygdom on a weekend without `hours` has 0 h.
    check(
        row(table, "U1", MARCH),
        spells_started=1,
        spells_ended=1,
        absence_hours=74.0,
        short_days=10.0,
        long_days=0.0,
        barns_sygdom_days=0.0,
    )


def test_barns_sygdom_does_not_form_or_bridge_sick_spell():
    """Spells: 'A spell is a run of sick-absence records ... each record starts no
    later than the first workday after the previous record ends'. barns_sygdom alone
    forms no sick spell, and a barns_sygdom day between two sick records does not
    join them (Wed 6 March has no sick record)."""
    table = run(
        [emp("E1", "P1", "U1"), emp("E2", "P2", "U2")],
        [
            ab("E1", D(2024, 3, 4), D(2024, 3, 5)),  # Mon .. Tue sick
            ab("E1", D(2024, 3, 6), D(2024, 3, 6), type="barns_sygdom"),  # Wed
            ab("E1", D(2024, 3, 7), D(2024, 3, 8)),  # Thu .. Fri sick
            ab("E2", D(2024, 3, 11), D(2024, 3, 12), type="barns_sygdom"),  # only child sick
        ],
        date_from=MARCH,
        date_to=MARCH_END,
    )
    # U1: two sick spells (2 days each), 4 workdays = 29.6 h sick; 1 barns_sygdom day.
    check(
        row(table, "U1", MARCH),
        spells_started=2,
        spells_ended=2,
        absence_hours=29.6,
        short_days=4.0,
        barns_sygdom_days=1.0,
    )
    # U2: no sick spell at all; 2 barns_sygdom days; nobody sick -> share 100.
    check(
        row(table, "U2", MARCH),
        spells_started=0,
        spells_ended=0,
        absence_hours=0.0,
        barns_sygdom_days=2.0,
        share_without_absence=100.0,
    )


# --------------------------------------------------------------------------- extra rules


@pytest.mark.parametrize(
    ("extra", "workdays_dec", "sick_hours", "spells"),
    [
        # December 2024 (Sun 1 .. Tue 31): weekdays 2-6, 9-13, 16-20, 23-27, 30-31 = 22,
        # minus 25/26 Dec = 20. Sick Mon 23 + Fri 27: 2 x 7.4 = 14.8 h; the first
        # workday after Mon 23 is Tue 24 and the next record starts Fri 27 -> 2 spells.
        ((), 20, 14.8, 2),
        # With 24 and 31 Dec off: 20 - 2 = 18 workdays. The first workday after Mon 23
        # is now Fri 27 (24 off, 25/26 holidays) -> the records join: 1 spell.
        (("12-24", "2024-12-31"), 18, 14.8, 1),
    ],
)
def test_calendar_extra_days_off(extra, workdays_dec, sick_hours, spells):
    """Calendar: 'An organisation may add extra days off (e.g. 24 Dec, 31 Dec)' —
    they are not workdays, for possible hours, fte and spell merging alike."""
    table = run(
        [emp("E1", "P1", "U1")],
        [
            ab("E1", D(2024, 12, 23), D(2024, 12, 23)),
            ab("E1", D(2024, 12, 27), D(2024, 12, 27)),
        ],
        date_from=D(2024, 12, 1),
        date_to=D(2024, 12, 31),
        config=MetricsConfig(extra_days_off=extra),
    )
    check(
        row(table, "U1", D(2024, 12, 1)),
        possible_hours=workdays_dec * 7.4,  # 148.0 resp. 133.2
        fte=1.0,  # the fte denominator uses the same workdays
        absence_hours=sick_hours,
        spells_started=spells,
        spells_ended=spells,
    )


@pytest.mark.parametrize(("short_max", "short_days", "long_days"), [(14, 8.0, 0.0), (7, 0.0, 8.0)])
def test_band_threshold_is_configurable(short_max, short_days, long_days):
    """Spells: 'Bands (default): short = 1–14 days, long = 15 days or more';
    MetricsConfig.short_max_days moves the boundary."""
    table = run(
        [emp("E1", "P1", "U1")],
        [ab("E1", D(2024, 3, 4), D(2024, 3, 13))],  # Mon 4 .. Wed 13 = 10 days, 8 workdays
        date_from=MARCH,
        date_to=MARCH_END,
        config=MetricsConfig(short_max_days=short_max),
    )
    check(row(table, "U1", MARCH), short_days=short_days, long_days=long_days)


def test_band_boundary_14_short_15_long():
    """Spells: short = 1–14 days, long = 15 days or more (the boundary itself)."""
    table = run(
        [emp("E1", "P1", "U1"), emp("E2", "P2", "U2")],
        [
            # 14 days Mon 4 .. Sun 17 March: workdays 4-8, 11-15 = 10 -> short.
            ab("E1", D(2024, 3, 4), D(2024, 3, 17)),
            # 15 days Mon 4 .. Mon 18 March: workdays 4-8, 11-15, 18 = 11 -> long.
            ab("E2", D(2024, 3, 4), D(2024, 3, 18)),
        ],
        date_from=MARCH,
        date_to=MARCH_END,
    )
    check(row(table, "U1", MARCH), short_days=10.0, long_days=0.0)
    check(row(table, "U2", MARCH), short_days=0.0, long_days=11.0)


def test_by_staff_group_rows():
    """Staff group '*' = all; otherwise one staff_group value; figures are sums over
    the group."""
    table = run(
        [emp("E1", "P1", "U1", staff_group="sosu"), emp("E2", "P2", "U1", staff_group="paed")],
        [ab("E2", D(2024, 3, 4), D(2024, 3, 4))],  # 1 day = 7.4 h for the paed employee
        date_from=MARCH,
        date_to=MARCH_END,
        by_staff_group=True,
    )
    # '*': 2 x 140.6 = 281.2 possible, 7.4 sick, pct = 100 x 7.4 / 281.2 = 50/19.
    check(
        row(table, "U1", MARCH, staff_group="*"),
        possible_hours=281.2,
        absence_hours=7.4,
        absence_pct=50 / 19,
        headcount=2,
        share_without_absence=50.0,
    )
    # paed: 140.6 possible, 7.4 sick, pct = 100/19; sosu: nothing sick.
    check(
        row(table, "U1", MARCH, staff_group="paed"),
        possible_hours=MARCH_POSSIBLE,
        absence_hours=7.4,
        absence_pct=100 / 19,
        headcount=1,
        spells_started=1,
        share_without_absence=0.0,
    )
    check(
        row(table, "U1", MARCH, staff_group="sosu"),
        possible_hours=MARCH_POSSIBLE,
        absence_hours=0.0,
        headcount=1,
        spells_started=0,
        share_without_absence=100.0,
    )
    check(row(table, "R", MARCH, staff_group="paed"), absence_hours=7.4, headcount=1)


def test_absence_hours_only_within_employment():
    """Hours: absence hours accrue 'on a workday within the employment'; possible
    hours only on workdays 'on which it is employed'."""
    table = run(
        [emp("E1", "P1", "U1", start=D(2024, 3, 6))],  # starts Wed 6 March
        [ab("E1", D(2024, 3, 4), D(2024, 3, 8))],  # Mon 4 .. Fri 8
        date_from=MARCH,
        date_to=MARCH_END,
    )
    # Sick within employment: Wed 6, Thu 7, Fri 8 = 3 x 7.4 = 22.2 h.
    # Possible: 6, 7, 8 (3) + 11-15 (5) + 18-22 (5) + 25, 26, 27 (3; 28/29 holidays)
    #   = 16 workdays -> 16 x 7.4 = 118.4; fte = 118.4 / (7.4 x 19) = 16/19.
    check(
        row(table, "U1", MARCH),
        absence_hours=22.2,
        possible_hours=118.4,
        fte=16 / 19,
    )


def test_open_spell_at_period_end_counts_in_unit_of_employment_on_that_day():
    """'A spell is open at date D if its first day ≤ D < its last day ...; it counts
    in the unit of the employee's employment on D (a spell merged over a holiday gap
    is open across the gap)'. Transfer U1 -> U2 on 1 April inside the Easter gap."""
    table = run(
        [
            emp("A", "P1", "U1", start=D(2024, 1, 1), end=D(2024, 3, 31)),
            emp("B", "P1", "U2", start=D(2024, 4, 1)),
        ],
        [
            ab("A", D(2024, 3, 25), D(2024, 3, 27)),  # Mon .. Wed
            ab("B", D(2024, 4, 2), D(2024, 4, 3)),  # Tue .. Wed (joins over Easter)
        ],
        date_from=MARCH,
        date_to=D(2024, 4, 30),
        as_of=D(2024, 6, 30),
    )
    # Spell 25 Mar .. 3 Apr (10 days, short). On Sun 31 March P1 is employed in U1.
    check(row(table, "U1", MARCH), spells_started=1, open_spells=1, absence_hours=22.2)
    check(row(table, "U2", MARCH), spells_started=0, open_spells=0, absence_hours=0.0)
    check(row(table, "R", MARCH), spells_started=1, open_spells=1)
    check(row(table, "U1", D(2024, 4, 1)), spells_ended=0, open_spells=0, absence_hours=0.0)
    check(row(table, "U2", D(2024, 4, 1)), spells_ended=1, open_spells=0, absence_hours=14.8)
    check(row(table, "R", D(2024, 4, 1)), spells_ended=1, open_spells=0, headcount=1)


# --------------------------------------------------------------------------- person figures


def persons(
    employments: list[dict[str, Any]],
    absences: list[dict[str, Any]],
    *,
    at: dt.date,
    as_of: dt.date,
    **kwargs: Any,
) -> dict[str, dict[str, Any]]:
    table = person_figures(
        units=units_frame(),
        employments=pl.DataFrame(employments, schema=EMPLOYMENT_SCHEMA),
        absences=pl.DataFrame(absences, schema=ABSENCE_SCHEMA),
        at=at,
        as_of=as_of,
        **kwargs,
    )
    return {r["employee_id"]: r for r in table.iter_rows(named=True)}


def test_person_bradford_factor_and_rolling_counts():
    """Person figures: 'Bradford factor at a date: S² × D over the 365 days ending on
    that date, S = sick spells with at least one day in the window, D = distinct
    workdays in the window with sick absence'; rolling counts over 182 and 365 days."""
    at = D(2024, 12, 31)
    # 365 days ending 31 Dec 2024 (leap year, day 366) start on day 2 = 2 Jan 2024.
    # 182 days ending 31 Dec start 181 days earlier = 3 July 2024.
    people = persons(
        [emp("E1", "P1", "U1", start=D(2023, 1, 1))],
        [
            # Thu 28 Dec 2023 .. Fri 5 Jan 2024: has days in the window; its workdays in
            # the window are Tue 2 .. Fri 5 Jan = 4 (1 Jan is outside it and a holiday).
            ab("E1", D(2023, 12, 28), D(2024, 1, 5)),
            ab("E1", D(2024, 3, 4), D(2024, 3, 4)),  # Mon: 1 workday
            ab("E1", D(2024, 5, 6), D(2024, 5, 7)),  # Mon .. Tue: 2 workdays
            ab("E1", D(2024, 9, 2), D(2024, 9, 4)),  # Mon .. Wed: 3 workdays (in 182)
        ],
        at=at,
        as_of=at,
    )
    # 365: S = 4, D = 4 + 1 + 2 + 3 = 10 -> Bradford 4² x 10 = 160.
    # 182 (3 Jul .. 31 Dec): only the September spell -> 1 spell, 3 days.
    p = people["P1"]
    assert (p["spells_365"], p["sick_days_365"]) == (4, 10)
    assert (p["spells_182"], p["sick_days_182"]) == (1, 3)
    assert p["bradford_factor"] == pytest.approx(160, abs=ABS)
    # Default trigger (3 spells or 6 days in 182 days): 1 < 2 spells and 3 < 4 days
    # (2/3 of the trigger) -> green.
    assert p["status"] == "green"


def test_person_bradford_counts_distinct_workdays_across_employments():
    """Person figures: D counts *distinct* workdays; spells are per employee across
    employments (two employments sick on the same days = one spell, those days once)."""
    at = D(2024, 6, 30)
    people = persons(
        [
            emp("E20", "P1", "U1", weekly_hours=20.0),
            emp("E17", "P1", "U2", weekly_hours=17.0),
        ],
        [
            ab("E20", D(2024, 3, 4), D(2024, 3, 5)),  # Mon .. Tue
            ab("E17", D(2024, 3, 4), D(2024, 3, 5)),  # the same two days
        ],
        at=at,
        as_of=at,
    )
    # S = 1, D = 2 (Mon 4, Tue 5) -> 1² x 2 = 2.
    p = people["P1"]
    assert (p["spells_365"], p["sick_days_365"]) == (1, 2)
    assert p["bradford_factor"] == pytest.approx(2, abs=ABS)


def test_person_colour_status_default_trigger():
    """Person figures: 'green = below every trigger, yellow = at 2/3 of a trigger,
    red = a trigger reached or an open long spell' (default trigger: 3 spells or 6
    days in 182 days)."""
    at = D(2024, 12, 31)
    employments = [emp(f"E{p}", p, "U1") for p in ("G", "Y1", "Y2", "R1", "R2", "R3")]
    absences = [
        # Y1: 2 one-day spells (2 >= 2/3 x 3) -> yellow.
        ab("EY1", D(2024, 10, 7), D(2024, 10, 7)),
        ab("EY1", D(2024, 11, 4), D(2024, 11, 4)),
        # Y2: one spell of 4 workdays Mon 7 .. Thu 10 Oct (4 >= 2/3 x 6) -> yellow.
        ab("EY2", D(2024, 10, 7), D(2024, 10, 10)),
        # R1: 3 one-day spells -> red (spells trigger reached).
        ab("ER1", D(2024, 9, 2), D(2024, 9, 2)),
        ab("ER1", D(2024, 10, 7), D(2024, 10, 7)),
        ab("ER1", D(2024, 11, 4), D(2024, 11, 4)),
        # R2: Mon 7 .. Mon 14 Oct = 8 days, 6 workdays -> red (days trigger reached).
        ab("ER2", D(2024, 10, 7), D(2024, 10, 14)),
        # R3: open since Mon 2 Dec; at 31 Dec it is 30 days long -> open long spell -> red.
        ab("ER3", D(2024, 12, 2), None),
    ]
    people = persons(employments, absences, at=at, as_of=at)
    assert people["G"]["status"] == "green"
    assert people["G"]["bradford_factor"] == pytest.approx(0, abs=ABS)
    assert people["Y1"]["status"] == "yellow"
    assert people["Y2"]["status"] == "yellow"
    assert people["R1"]["status"] == "red"
    assert people["R2"]["status"] == "red"
    assert people["R3"]["status"] == "red"
    assert people["R3"]["open_long_spell"] is True
    # R1: S = 3, D = 3 -> 3² x 3 = 27.  R2: S = 1, D = 6 -> 6.
    assert people["R1"]["bradford_factor"] == pytest.approx(27, abs=ABS)
    assert people["R2"]["bradford_factor"] == pytest.approx(6, abs=ABS)


def test_open_absence_on_the_employment_last_day_is_still_open():
    """docs/metrics.md: an open absence stops at the end of an employment that has ended;
    on the employment's last day (= the reference date) it has not ended yet, so the
    spell is open, not ended."""
    table = run(
        [emp("E1", "P1", "U1", start=D(2024, 1, 1), end=D(2024, 3, 13))],
        [ab("E1", D(2024, 3, 4), None)],
        date_from=MARCH,
        date_to=MARCH,
        as_of=D(2024, 3, 13),
    )
    check(row(table, "U1", MARCH), spells_started=1, spells_ended=0, open_spells=1,
          absence_hours=59.2)

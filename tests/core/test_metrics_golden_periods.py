"""Golden tests for ``group_table``: periods other than the month (quarter, year,
rolling12) and the calendar that decides which days of a period are workdays (Store
bededag, extra days off). Helpers and the hand-counted calendar facts live in
``metrics_golden_support``."""

from __future__ import annotations

import polars as pl
import pytest

from naervaer.core.metrics import MetricsConfig
from tests.core.metrics_golden_support import (
    ABS,
    MARCH,
    MARCH_END,
    D,
    ab,
    check,
    emp,
    row,
    run,
)

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


# --------------------------------------------------------------------------- extra rules (calendar)


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

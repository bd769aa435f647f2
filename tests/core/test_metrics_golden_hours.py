"""Golden tests for ``group_table``: absence and possible hours -- degree, the `hours`
override, open absences and employment end, ferie and the flat holiday deduction, absence
cost, and the other absence types. Helpers and the hand-counted calendar facts live in
``metrics_golden_support``."""

from __future__ import annotations

import pytest

from naervaer.core.metrics import MetricsConfig
from tests.core.metrics_golden_support import (
    MARCH,
    MARCH_END,
    MARCH_POSSIBLE,
    D,
    ab,
    check,
    emp,
    row,
    run,
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

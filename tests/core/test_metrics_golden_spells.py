"""Golden tests for ``group_table``: sick spells -- merging, bands by whole length (also
across month and year ends), barns_sygdom, and spells across transfers between units.
Helpers and the hand-counted calendar facts live in ``metrics_golden_support``."""

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


# --------------------------------------------------------------------------- extra rules (bands)


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


# --------------------------------------------------------------------------- 17 (barns_sygdom and sick spells)


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

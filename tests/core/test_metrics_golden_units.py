"""Golden tests for ``group_table``: units and groups -- scopes own/subtree, headcount,
share_without_absence, concurrent employments, the unit an open spell counts in after a
transfer, null ratios with rows that still exist, and rows per staff group. Helpers and
the hand-counted calendar facts live in ``metrics_golden_support``."""

from __future__ import annotations

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


# --------------------------------------------------------------------------- 5 (headcount)


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


# --------------------------------------------------------------------------- extra rules (open spell after a transfer)


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


# --------------------------------------------------------------------------- extra rules (staff groups)


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

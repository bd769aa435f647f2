"""Golden tests for ``person_figures``: Bradford factor, rolling spell/day counts and
the colour status. Helpers and the hand-counted calendar facts live in
``metrics_golden_support``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from naervaer.core.metrics import person_figures
from tests.core.metrics_golden_support import (
    ABS,
    ABSENCE_SCHEMA,
    EMPLOYMENT_SCHEMA,
    D,
    ab,
    emp,
    units_frame,
)

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

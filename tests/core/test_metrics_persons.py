"""Person figures, by hand from spec/metrics.md "Person figures"."""

from __future__ import annotations

import datetime as dt

import polars as pl

from naervaer.core.metrics import FrequentAbsenceTrigger, person_figures

UNITS = pl.DataFrame({"unit_id": ["U"], "parent_id": [None]},
                     schema={"unit_id": pl.String, "parent_id": pl.String})


def employments(*people: str) -> pl.DataFrame:
    return pl.DataFrame({
        "employment_id": [f"A-{person}" for person in people], "employee_id": list(people),
        "unit_id": ["U"] * len(people), "staff_group": ["SOSU"] * len(people),
        "weekly_hours": [37.0] * len(people), "start_date": [dt.date(2020, 1, 1)] * len(people),
        "end_date": [None] * len(people), "hourly_cost": [None] * len(people),
    }, schema_overrides={"end_date": pl.Date, "hourly_cost": pl.Float64})


def absences(*rows: tuple[str, dt.date, dt.date | None]) -> pl.DataFrame:
    return pl.DataFrame({
        "employment_id": [f"A-{person}" for person, _, _ in rows],
        "type": ["egen_sygdom"] * len(rows),
        "start_date": [start for _, start, _ in rows], "end_date": [end for _, _, end in rows],
        "degree": [100] * len(rows), "hours": [None] * len(rows),
    }, schema={"employment_id": pl.String, "type": pl.String, "start_date": pl.Date,
               "end_date": pl.Date, "degree": pl.Int64, "hours": pl.Float64})


def figures(people: tuple[str, ...], rows, at=dt.date(2024, 12, 31), **options):  # type: ignore[no-untyped-def]
    result = person_figures(units=UNITS, employments=employments(*people), absences=absences(*rows),
                            at=at, as_of=options.pop("as_of", at), **options)
    return {row["employee_id"]: row for row in result.iter_rows(named=True)}


def test_bradford_factor_is_spells_squared_times_sick_workdays():
    # Two spells in the 365 days: Mon–Wed 2024-11-04..06 (3 workdays) and Fri 2024-12-06 +
    # Mon 12-09 (one spell over the weekend, 2 workdays). S = 2, D = 5 → 2² × 5 = 20.
    result = figures(("P",), [("P", dt.date(2024, 11, 4), dt.date(2024, 11, 6)),
                              ("P", dt.date(2024, 12, 6), dt.date(2024, 12, 6)),
                              ("P", dt.date(2024, 12, 9), dt.date(2024, 12, 9))])

    assert result["P"]["spells_365"] == 2
    assert result["P"]["sick_days_365"] == 5
    assert result["P"]["bradford_factor"] == 20


def test_windows_count_spells_with_a_day_inside_and_only_their_days_inside():
    # A spell 2023-12-27..2024-01-05 reaches into the 365 days ending 2024-12-31 from
    # 2024-01-02: workdays 2, 3, 4, 5 January (1 January is a holiday) = 4.
    result = figures(("P",), [("P", dt.date(2023, 12, 27), dt.date(2024, 1, 5)),
                              ("P", dt.date(2024, 9, 2), dt.date(2024, 9, 2))])

    assert (result["P"]["spells_365"], result["P"]["sick_days_365"]) == (2, 5)
    assert (result["P"]["spells_182"], result["P"]["sick_days_182"]) == (1, 1)


def test_colour_status_against_the_default_trigger():
    # 3 spells or 6 days in 182 days: red at the trigger, yellow at 2/3 (2 spells or 4 days).
    result = figures(("RED", "YELLOW", "GREEN", "NONE"), [
        ("RED", dt.date(2024, 10, 1), dt.date(2024, 10, 1)),
        ("RED", dt.date(2024, 11, 1), dt.date(2024, 11, 1)),
        ("RED", dt.date(2024, 12, 2), dt.date(2024, 12, 2)),
        ("YELLOW", dt.date(2024, 12, 2), dt.date(2024, 12, 5)),  # 4 workdays
        ("GREEN", dt.date(2024, 12, 2), dt.date(2024, 12, 3)),
    ])

    assert (result["RED"]["status"], result["RED"]["status_reason"]) == ("red", "spells")
    assert (result["YELLOW"]["status"], result["YELLOW"]["status_reason"]) == ("yellow", "days")
    assert result["GREEN"]["status"] == "green"
    assert (result["NONE"]["status"], result["NONE"]["bradford_factor"]) == ("green", 0)


def test_an_open_long_spell_is_red():
    # Open since 2024-12-01, as_of 2024-12-20: 20 days so far → long (15+), open → red.
    result = figures(("P",), [("P", dt.date(2024, 12, 1), None)], at=dt.date(2024, 12, 20))

    assert result["P"]["open_long_spell"] is True
    assert (result["P"]["status"], result["P"]["status_reason"]) == ("red", "open_long_spell")


def test_a_stricter_trigger_changes_the_status():
    rows = [("P", dt.date(2024, 12, 2), dt.date(2024, 12, 3))]

    assert figures(("P",), rows)["P"]["status"] == "green"
    strict = figures(("P",), rows, trigger=FrequentAbsenceTrigger(spells=5, days=2,
                                                                  window_days=365))
    assert (strict["P"]["status"], strict["P"]["status_reason"]) == ("red", "days")

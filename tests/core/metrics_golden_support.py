"""Shared support for the golden tests of ``naervaer.core.metrics`` (``group_table`` and
``person_figures``) in ``tests/core/test_metrics_golden_*.py``, written by hand from
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

from naervaer.core.metrics import group_table

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

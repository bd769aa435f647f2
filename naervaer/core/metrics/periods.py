"""Reporting periods (month, quarter, year, rolling12) built from calendar months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.metrics.days import day_number, month_index, month_start_day

PERIOD_KINDS = ("month", "quarter", "year", "rolling12")


@dataclass(frozen=True)
class Periods:
    """``table``: period_id, period_start, period_end (day numbers);
    ``months``: month, period_id — which calendar months make up each period."""

    kind: str
    table: pl.DataFrame
    months: pl.DataFrame

    @property
    def first_month(self) -> int:
        return int(self.months["month"].min())  # type: ignore[arg-type]

    @property
    def last_month(self) -> int:
        return int(self.months["month"].max())  # type: ignore[arg-type]


def build_periods(kind: str, date_from: dt.date, date_to: dt.date) -> Periods:
    """Every whole period of ``kind`` that overlaps [date_from, date_to]; for rolling12 the
    twelve-month windows ending in each month that overlaps the range."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"unknown period kind {kind!r}; use one of {', '.join(PERIOD_KINDS)}")
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    first, last = month_index(np.array([day_number(date_from), day_number(date_to)]))
    if kind == "rolling12":
        ends = np.arange(first, last + 1)
        period_first_month, period_last_month = ends - 11, ends
    else:
        size = {"month": 1, "quarter": 3, "year": 12}[kind]
        first_group, last_group = first // size, last // size
        groups = np.arange(first_group, last_group + 1)
        period_first_month, period_last_month = groups * size, groups * size + size - 1
    period_ids = np.arange(len(period_first_month))
    table = pl.DataFrame({
        "period_id": period_ids,
        "period_start": month_start_day(period_first_month),
        "period_end": month_start_day(period_last_month + 1) - 1,
        "first_month": period_first_month,
        "last_month": period_last_month,
    })
    months = (
        table.select("period_id", pl.int_ranges("first_month", pl.col("last_month") + 1)
                     .alias("month"))
        .explode("month")
        .select(pl.col("month").cast(pl.Int64), "period_id")
    )
    return Periods(kind, table.drop("first_month", "last_month"), months)

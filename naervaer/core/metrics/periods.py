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
    ``months``: month, period_id — which calendar months make up each period;
    ``first_months``/``last_months``: each period's months (both ascending)."""

    kind: str
    table: pl.DataFrame
    months: pl.DataFrame
    first_months: np.ndarray
    last_months: np.ndarray

    @property
    def first_month(self) -> int:
        return int(self.months["month"].min())  # type: ignore[arg-type]

    @property
    def last_month(self) -> int:
        return int(self.months["month"].max())  # type: ignore[arg-type]

    @property
    def count(self) -> int:
        return len(self.first_months)

    def month_matrix(self) -> np.ndarray:
        """[month − first_month, period_id] = 1 where the month belongs to the period: month
        sums times this matrix are period sums."""
        months = np.arange(self.first_month, self.last_month + 1)[:, None]
        return ((months >= self.first_months) & (months <= self.last_months)).astype(np.float64)

    def overlapping(self, first_months: np.ndarray, last_months: np.ndarray,
                    owners: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the periods [low, high) that share a month with its months
        [first_month, last_month] (none when last < first). With ``owners`` (rows sorted
        by owner, then by both months) the ranges of one owner do not overlap."""
        low = np.searchsorted(self.last_months, first_months, side="left")
        high = np.searchsorted(self.first_months, last_months, side="right")
        high = np.where(last_months >= first_months, high, low)
        if owners is not None and len(owners) > 1:
            # Period ranges grow with the months: start where the owner's previous row ended.
            same_owner = np.concatenate([[False], owners[1:] == owners[:-1]])
            previous_high = np.concatenate([[0], high[:-1]])
            low = np.where(same_owner, np.maximum(low, previous_high), low)
        return low, np.maximum(high, low)


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
    return Periods(kind, table.drop("first_month", "last_month"), months,
                   period_first_month.astype(np.int64), period_last_month.astype(np.int64))


def expand_ranges(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, value) for every value in each row's half-open range [low, high)."""
    sizes = np.maximum(np.asarray(high) - np.asarray(low), 0)
    rows = np.repeat(np.arange(len(sizes)), sizes)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return rows, np.asarray(low)[rows] + offsets

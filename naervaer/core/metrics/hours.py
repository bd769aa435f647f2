"""Hours by interval arithmetic: employment × month possible hours and record × month
absence hours (spec/metrics.md, "Hours"). No row is ever expanded to days."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.metrics.days import DayCalendar, month_index, month_start_day
from naervaer.core.metrics.periods import expand_ranges


@dataclass(frozen=True)
class MonthRows:
    """One row per (row of a frame, calendar month its [start, end] overlaps), limited to
    [first_month, last_month], in frame order: ``row`` is the frame's row position."""

    row: np.ndarray
    month: np.ndarray
    overlap_start: np.ndarray
    overlap_end: np.ndarray


def explode_months(frame: pl.DataFrame, first_month: int, last_month: int) -> MonthRows:
    starts = frame["start"].to_numpy()
    ends = frame["end"].to_numpy()
    month_from = np.maximum(month_index(starts), first_month)
    month_to = np.minimum(month_index(ends), last_month)
    rows, months = expand_ranges(month_from, np.maximum(month_to + 1, month_from))
    month_starts = month_start_day(np.arange(first_month, last_month + 2))
    offsets = months - first_month
    return MonthRows(rows, months, np.maximum(starts[rows], month_starts[offsets]),
                     np.minimum(ends[rows], month_starts[offsets + 1] - 1))


def year_factors(calendar: DayCalendar, months: np.ndarray, holiday_days: float) -> np.ndarray:
    """Share of each workday's norm left after a flat holiday deduction of ``holiday_days``
    a year, spread evenly over the year's workdays (1.0 when there is none)."""
    if not holiday_days:
        return np.ones(len(months))
    years = np.asarray(months) // 12
    first_days = month_start_day(years * 12)
    last_days = month_start_day(years * 12 + 12) - 1
    return 1.0 - holiday_days / np.maximum(calendar.workdays_between(first_days, last_days), 1)


def possible_hours_by_month(
    employments: pl.DataFrame, calendar: DayCalendar, first_month: int, last_month: int,
    holiday_days: float,
) -> pl.DataFrame:
    """employment_row, month, gross possible hours (before `ferie` records are deducted),
    sorted by employment row and month as ``employments`` is by employment_row."""
    rows = explode_months(employments, first_month, last_month)
    workdays = calendar.workdays_between(rows.overlap_start, rows.overlap_end)
    factor = year_factors(calendar, rows.month, holiday_days)
    hours = employments["weekly_hours"].to_numpy()[rows.row] / 5.0 * workdays * factor
    return pl.DataFrame({"employment_row": employments["employment_row"].to_numpy()[rows.row],
                         "month": rows.month, "possible_hours": hours})


def absence_hours_by_month(
    records: pl.DataFrame, calendar: DayCalendar, first_month: int, last_month: int,
) -> pl.DataFrame:
    """record_row, month, hours lost. ``records`` carry their effective [start, end] (already
    cut at the reference date and the employment), weekly_hours, degree and payroll hours."""
    starts, ends = records["start"].to_numpy(), records["end"].to_numpy()
    rows = explode_months(records, first_month, last_month)
    record_workdays = calendar.workdays_between(starts, ends)[rows.row]
    record_days = (ends - starts + 1)[rows.row]
    overlap_workdays = calendar.workdays_between(rows.overlap_start, rows.overlap_end)
    overlap_days = rows.overlap_end - rows.overlap_start + 1
    norm = (records["weekly_hours"].to_numpy() / 5.0 * records["degree"].to_numpy()
            / 100.0)[rows.row]
    computed = norm * overlap_workdays
    payroll = records["hours"].to_numpy(allow_copy=True).astype(float)[rows.row]
    # Payroll hours are spread over the record's workdays, or its calendar days if it has none.
    spread = np.where(record_workdays > 0,
                      overlap_workdays / np.maximum(record_workdays, 1),
                      overlap_days / np.maximum(record_days, 1))
    hours = np.where(np.isnan(payroll), computed, payroll * spread)
    return pl.DataFrame({"record_row": records["record_row"].to_numpy()[rows.row],
                         "month": rows.month, "hours": hours})

"""Hours by interval arithmetic: employment × month possible hours and record × month
absence hours (spec/metrics.md, "Hours"). No row is ever expanded to days."""

from __future__ import annotations

import numpy as np
import polars as pl

from naervaer.core.metrics.days import DayCalendar, month_index, month_start_day


def explode_months(frame: pl.DataFrame, first_month: int, last_month: int) -> pl.DataFrame:
    """One row per (row of ``frame``, calendar month its [start, end] overlaps), limited to
    [first_month, last_month], with the overlap as ``overlap_start``/``overlap_end``."""
    starts = frame["start"].to_numpy()
    ends = frame["end"].to_numpy()
    month_from = np.maximum(month_index(starts), first_month)
    month_to = np.minimum(month_index(ends), last_month)
    exploded = (
        frame.with_columns(month=pl.int_ranges(pl.Series(month_from), pl.Series(month_to) + 1))
        .explode("month")
        .drop_nulls("month")
        .with_columns(pl.col("month").cast(pl.Int64))
    )
    month_numbers = exploded["month"].to_numpy()
    first_day = month_start_day(month_numbers)
    last_day = month_start_day(month_numbers + 1) - 1
    return exploded.with_columns(
        overlap_start=pl.Series(np.maximum(exploded["start"].to_numpy(), first_day)),
        overlap_end=pl.Series(np.minimum(exploded["end"].to_numpy(), last_day)),
    )


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
    """employment_row, month, gross possible hours (before `ferie` records are deducted)."""
    rows = explode_months(employments.select("employment_row", "start", "end", "weekly_hours"),
                          first_month, last_month)
    workdays = calendar.workdays_between(rows["overlap_start"].to_numpy(),
                                         rows["overlap_end"].to_numpy())
    factor = year_factors(calendar, rows["month"].to_numpy(), holiday_days)
    hours = rows["weekly_hours"].to_numpy() / 5.0 * workdays * factor
    return rows.select("employment_row", "month").with_columns(possible_hours=pl.Series(hours))


def absence_hours_by_month(
    records: pl.DataFrame, calendar: DayCalendar, first_month: int, last_month: int,
) -> pl.DataFrame:
    """record_row, month, hours lost. ``records`` carry their effective [start, end] (already
    cut at the reference date and the employment), weekly_hours, degree and payroll hours."""
    record_workdays = calendar.workdays_between(records["start"].to_numpy(),
                                                records["end"].to_numpy())
    record_days = records["end"].to_numpy() - records["start"].to_numpy() + 1
    records = records.with_columns(record_workdays=pl.Series(record_workdays),
                                   record_days=pl.Series(record_days))
    rows = explode_months(records, first_month, last_month)
    overlap_workdays = calendar.workdays_between(rows["overlap_start"].to_numpy(),
                                                 rows["overlap_end"].to_numpy())
    overlap_days = rows["overlap_end"].to_numpy() - rows["overlap_start"].to_numpy() + 1
    norm = rows["weekly_hours"].to_numpy() / 5.0 * rows["degree"].to_numpy() / 100.0
    computed = norm * overlap_workdays
    payroll = rows["hours"].to_numpy(allow_copy=True).astype(float)
    total_workdays = rows["record_workdays"].to_numpy()
    # Payroll hours are spread over the record's workdays, or its calendar days if it has none.
    spread = np.where(total_workdays > 0,
                      overlap_workdays / np.maximum(total_workdays, 1),
                      overlap_days / np.maximum(rows["record_days"].to_numpy(), 1))
    hours = np.where(np.isnan(payroll), computed, payroll * spread)
    return rows.select("record_row", "month").with_columns(hours=pl.Series(hours))

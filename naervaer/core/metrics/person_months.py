"""Sick days per employee and calendar month (spec/metrics.md, "Hours"): the
"Sygefraværsdage i afdelingen - medarbejderfordelt" table.

The hours are the group table's absence hours of the same employments (degree, payroll
hours spread over the record's workdays, open absences cut at the reference date, nothing
past the employment's end), summed per employee instead of per unit; a day is a dagsværk
of 7.4 hours. Computed by interval arithmetic: no employee, record or day is looped over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np
import polars as pl

from naervaer.core.metrics.config import DAGSVAERK_HOURS, MetricsConfig
from naervaer.core.metrics.days import DayCalendar, day_number, month_index, month_start_day
from naervaer.core.metrics.hours import absence_hours_by_month, explode_months
from naervaer.core.metrics.inputs import prepare

OUTPUT_SCHEMA = {"employee_id": pl.String, "month": pl.Date, "absence_hours": pl.Float64,
                 "absence_days": pl.Float64}


def person_month_days(
    *,
    units: pl.DataFrame,
    employments: pl.DataFrame,
    absences: pl.DataFrame,
    first_month: dt.date,
    last_month: dt.date,
    as_of: dt.date,
    config: MetricsConfig | None = None,
    unit_ids: Collection[str] | None = None,
) -> pl.DataFrame:
    """One row per employee × month of [first_month, last_month] (their months) in which
    the employee has an employment placed in one of ``unit_ids`` (every unit of ``units``
    when None): employee_id, month (its first day), absence_hours (sick absence of those
    employments) and absence_days (= hours / 7.4). A month without sick absence gives 0;
    a month without such an employment gives no row. Sorted by employee_id, month."""
    config = config or MetricsConfig()
    first = int(month_index(np.array([day_number(first_month)]))[0])
    last = int(month_index(np.array([day_number(last_month)]))[0])
    if last < first:
        raise ValueError("last_month is before first_month")
    prepared = prepare(units, employments, absences, as_of, config)
    chosen = prepared.employments
    if unit_ids is not None:
        chosen = chosen.filter(pl.col("unit_id").is_in(list(unit_ids)))
    first_day, last_day = (int(day) for day in month_start_day(np.array([first, last + 1])))
    last_day -= 1
    chosen = chosen.filter((pl.col("start") <= last_day) & (pl.col("end") >= first_day))
    if chosen.is_empty():
        return pl.DataFrame(schema=OUTPUT_SCHEMA)

    # The months each chosen employment covers: every one shows, with or without absence.
    employed = explode_months(chosen, first, last)
    employee_of = chosen["employee_id"].to_numpy()
    months = pl.DataFrame({"employee_id": employee_of[employed.row],
                           "month": employed.month.astype(np.int64)}).unique()

    records = prepared.records.filter(
        pl.col("type").is_in(list(config.sick_types))
        & pl.col("employment_row").is_in(chosen["employment_row"].implode())
        & (pl.col("start") <= last_day) & (pl.col("end") >= first_day))
    if records.is_empty():
        hours = pl.DataFrame(schema={"employee_id": pl.String, "month": pl.Int64,
                                     "absence_hours": pl.Float64})
    else:
        # Payroll hours are spread over the whole record: the calendar covers all of it.
        calendar = DayCalendar.build(min(first_day, int(records["start"].min())),  # type: ignore[arg-type]
                                     max(last_day, int(records["end"].max())),  # type: ignore[arg-type]
                                     config.extra_days_off)
        by_record = absence_hours_by_month(records, calendar, first, last)
        hours = (
            by_record.join(records.select("record_row", "employment_row"), on="record_row")
            .join(chosen.select("employment_row", "employee_id"), on="employment_row")
            .group_by("employee_id", "month")
            .agg(pl.col("hours").sum().alias("absence_hours"))
            .with_columns(pl.col("month").cast(pl.Int64))
        )
    return _finish(months.join(hours, on=["employee_id", "month"], how="left"))


def _finish(frame: pl.DataFrame) -> pl.DataFrame:
    """Month indexes → dates, missing hours → 0, days from hours, sorted."""
    frame = frame.sort("employee_id", "month")
    month_days = month_start_day(frame["month"].to_numpy())
    return frame.select(
        "employee_id",
        pl.Series("month", month_days.astype(np.int64)).cast(pl.Int32).cast(pl.Date),
        pl.col("absence_hours").fill_null(0.0).cast(pl.Float64),
    ).with_columns(absence_days=pl.col("absence_hours") / DAGSVAERK_HOURS)

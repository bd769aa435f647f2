"""The model's data (spec/benchmark.md, "Data"): one row per employment and period
(the whole window, or each calendar month of it) with sick-absence days, possible days
and the framework conditions of the employment.

Hours are the metrics core's (spec/metrics.md, "Hours"): possible hours less `ferie`
hours, sick-absence hours with degree and payroll hours, open absences cut at the
reference date. Computed by interval arithmetic per employment × month, as the group
table is: no employee, record or day is looped over or expanded.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from naervaer.core.metrics.config import DAGSVAERK_HOURS, HOLIDAY_TYPE, MetricsConfig
from naervaer.core.metrics.days import DayCalendar, day_number, month_index, month_start_day
from naervaer.core.metrics.hours import absence_hours_by_month, possible_hours_by_month
from naervaer.core.metrics.inputs import prepare

UNKNOWN = "ukendt"
AGE_BANDS = ("<30", "30–39", "40–49", "50–59", "60+")
PART_TIME_BANDS = ("<30 h", "30–34 h", "≥35 h")

FRAME_SCHEMA: dict[str, type[pl.DataType]] = {
    "employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
    "month": pl.Date, "staff_group": pl.String, "age_band": pl.String, "gender": pl.String,
    "part_time_band": pl.String, "unit_type": pl.String, "possible_hours": pl.Float64,
    "sick_hours": pl.Float64, "possible_days": pl.Float64, "sick_days": pl.Float64,
    "hourly_cost": pl.Float64,
}


def month_of(day: dt.date) -> int:
    """Months since January 1970."""
    return int(month_index(np.array([day_number(day)]))[0])


def window_months(date_from: dt.date, date_to: dt.date) -> tuple[int, int]:
    """A window of whole calendar months as (first, last) month indexes."""
    first, last = month_of(date_from), month_of(date_to)
    if date_from.day != 1 or (date_to + dt.timedelta(days=1)).day != 1:
        raise ValueError("a benchmark window is whole months: first day to last day of a month")
    if last < first:
        raise ValueError("the window ends before it starts")
    return first, last


def age_band(age: pl.Expr) -> pl.Expr:
    return (pl.when(age.is_null()).then(pl.lit(UNKNOWN))
            .when(age < 30).then(pl.lit(AGE_BANDS[0]))
            .when(age < 40).then(pl.lit(AGE_BANDS[1]))
            .when(age < 50).then(pl.lit(AGE_BANDS[2]))
            .when(age < 60).then(pl.lit(AGE_BANDS[3]))
            .otherwise(pl.lit(AGE_BANDS[4])))


def part_time_band(hours: pl.Expr) -> pl.Expr:
    return (pl.when(hours.is_null()).then(pl.lit(UNKNOWN))
            .when(hours < 30).then(pl.lit(PART_TIME_BANDS[0]))
            .when(hours < 35).then(pl.lit(PART_TIME_BANDS[1]))
            .otherwise(pl.lit(PART_TIME_BANDS[2])))


def _level(column: str) -> pl.Expr:
    """A categorical covariate: missing or blank is its own level ("ukendt")."""
    value = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(value.is_null() | (value == "")).then(pl.lit(UNKNOWN)).otherwise(value)


def person_periods(
    *,
    units: pl.DataFrame,
    employments: pl.DataFrame,
    absences: pl.DataFrame,
    date_from: dt.date,
    date_to: dt.date,
    as_of: dt.date,
    config: MetricsConfig | None = None,
    by_month: bool = False,
) -> pl.DataFrame:
    """One row per employment × window (or × month with ``by_month``) with possible hours
    above 0, in the columns of FRAME_SCHEMA (``month`` is null for a whole window).

    ``employments`` are the metrics core's (docs/dev/metrics-api.md) plus, when known,
    ``birth_year`` and ``gender``; ``units`` may carry ``unit_type``. The age band is the
    age reached in the window's last year (year − birth_year), so it is the same in every
    month of a window and a unit's figures add up over months. Sorted by employment_id
    (and month)."""
    config = config or MetricsConfig()
    first, last = window_months(date_from, date_to)
    prepared = prepare(units, employments, absences, as_of, config)
    first_day, last_day = day_number(date_from), day_number(date_to)
    chosen = prepared.employments.filter((pl.col("start") <= last_day) & (pl.col("end") >= first_day))
    if chosen.is_empty():
        return pl.DataFrame(schema=FRAME_SCHEMA)

    records = prepared.records.filter(
        (pl.col("type").is_in([*config.sick_types, HOLIDAY_TYPE]))
        & pl.col("employment_row").is_in(chosen["employment_row"].implode())
        & (pl.col("start") <= last_day) & (pl.col("end") >= first_day))
    # Whole years around the window (the flat holiday deduction is per year) and every
    # record (payroll hours are spread over the whole record).
    year_from = int(month_start_day(np.array([first // 12 * 12]))[0])
    year_to = int(month_start_day(np.array([last // 12 * 12 + 12]))[0]) - 1
    if not records.is_empty():
        year_from = min(year_from, int(records["start"].min()))  # type: ignore[arg-type]
        year_to = max(year_to, int(records["end"].max()))  # type: ignore[arg-type]
    calendar = DayCalendar.build(year_from, year_to, config.extra_days_off)

    possible = possible_hours_by_month(chosen, calendar, first, last, config.holiday_deduction_days)
    hours = _absence_by_employment_month(records, calendar, first, last, config)
    months = (
        possible.join(hours, on=["employment_row", "month"], how="left")
        .with_columns(pl.col("sick_hours", "holiday_hours").fill_null(0.0))
        .select("employment_row", "month",
                possible_hours=pl.col("possible_hours") - pl.col("holiday_hours"),
                sick_hours="sick_hours")
    )
    if by_month:
        months = months.with_columns(
            month=pl.Series(month_start_day(months["month"].to_numpy()).astype(np.int64))
            .cast(pl.Int32).cast(pl.Date))
    else:
        months = months.group_by("employment_row").agg(
            pl.col("possible_hours", "sick_hours").sum()).with_columns(
            month=pl.lit(None, dtype=pl.Date))
    months = months.filter(pl.col("possible_hours") > 0)
    return _with_covariates(months, chosen, units, employments, date_to.year).sort(
        "employment_id", "month", nulls_last=True)


def _absence_by_employment_month(records: pl.DataFrame, calendar: DayCalendar, first: int,
                                 last: int, config: MetricsConfig) -> pl.DataFrame:
    """employment_row, month, sick_hours, holiday_hours."""
    schema = {"employment_row": pl.Int64, "month": pl.Int64, "sick_hours": pl.Float64,
              "holiday_hours": pl.Float64}
    if records.is_empty():
        return pl.DataFrame(schema=schema)
    by_record = absence_hours_by_month(records, calendar, first, last)
    sick = pl.col("type").is_in(list(config.sick_types))
    return (
        by_record.join(records.select("record_row", "employment_row", "type"), on="record_row")
        .group_by("employment_row", "month")
        .agg(sick_hours=pl.col("hours").filter(sick).sum(),
             holiday_hours=pl.col("hours").filter(pl.col("type") == HOLIDAY_TYPE).sum())
        .select(pl.col("employment_row").cast(pl.Int64), pl.col("month").cast(pl.Int64),
                "sick_hours", "holiday_hours")
    )


def _with_covariates(rows: pl.DataFrame, chosen: pl.DataFrame, units: pl.DataFrame,
                     employments: pl.DataFrame, window_year: int) -> pl.DataFrame:
    attributes = employments.select(
        pl.col("employment_id").cast(pl.String),
        (pl.col("birth_year").cast(pl.Int64) if "birth_year" in employments.columns
         else pl.lit(None, dtype=pl.Int64)).alias("birth_year"),
        (_level("gender") if "gender" in employments.columns else pl.lit(UNKNOWN)).alias("gender"),
    )
    unit_types = units.select(
        pl.col("unit_id").cast(pl.String),
        (_level("unit_type") if "unit_type" in units.columns else pl.lit(UNKNOWN)).alias("unit_type"),
    )
    return (
        rows.join(chosen.select("employment_row", "employment_id", "employee_id", "unit_id",
                                "staff_group", "weekly_hours", "hourly_cost"), on="employment_row")
        .join(attributes, on="employment_id", how="left")
        .join(unit_types, on="unit_id", how="left")
        .select(
            "employment_id", "employee_id", "unit_id", "month",
            staff_group=_level("staff_group"),
            age_band=age_band(pl.lit(window_year) - pl.col("birth_year")),
            gender=pl.col("gender").fill_null(UNKNOWN),
            part_time_band=part_time_band(pl.col("weekly_hours")),
            unit_type=pl.col("unit_type").fill_null(UNKNOWN),
            possible_hours="possible_hours",
            sick_hours="sick_hours",
            possible_days=pl.col("possible_hours") / DAGSVAERK_HOURS,
            sick_days=pl.col("sick_hours") / DAGSVAERK_HOURS,
            hourly_cost="hourly_cost",
        )
        .cast(FRAME_SCHEMA)  # type: ignore[arg-type]
    )

"""Absence and staffing per calendar day: the employee's calendar (kalenderværktøj) and
the team's days (how many colleagues are away on each day, for the priority ladder).

Inputs are the frames of docs/dev/metrics-api.md. A day counts as absent for an employee
when any absence record covers it, whatever its degree or hours: a partial absence
(degree below 100, or a few hours) marks the whole day, because the calendar answers
"was the person away that day", not "how many hours". Days are counted only within the
employment the record belongs to; an open record runs to ``as_of`` and no further.

Everything is vectorised with Polars: records and employments are expanded to their days
with ``date_ranges`` (one row per record-day inside the window), never looped over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import holidays
import polars as pl

from naervaer.core.calendar import days_off
from naervaer.core.metrics.config import HOLIDAY_TYPE, OTHER_TYPES, MetricsConfig
from naervaer.core.metrics.shared import MetricsData

# Which type colours a day when several records cover it: sick absence first, holiday last.
TYPE_PRIORITY = ("egen_sygdom", "graviditet", *OTHER_TYPES, HOLIDAY_TYPE)

ABSENCE_DAY_SCHEMA: dict[str, type[pl.DataType]] = {
    "employee_id": pl.String, "date": pl.Date, "type": pl.String, "sick": pl.Boolean}
EMPLOYED_DAY_SCHEMA: dict[str, type[pl.DataType]] = {
    "employee_id": pl.String, "unit_id": pl.String, "date": pl.Date}


def _jobs(employments: pl.DataFrame) -> pl.DataFrame:
    return employments.select(
        pl.col("employment_id").cast(pl.String),
        pl.col("employee_id").cast(pl.String),
        pl.col("unit_id").cast(pl.String),
        pl.col("start_date").cast(pl.Date).alias("job_start"),
        pl.col("end_date").cast(pl.Date).alias("job_end"),
    )


def absence_by_day(
    employments: pl.DataFrame, absences: pl.DataFrame, date_from: dt.date, date_to: dt.date,
    as_of: dt.date, config: MetricsConfig | None = None,
) -> pl.DataFrame:
    """One row per (employee_id, date, type) with absence in [date_from, date_to], and
    ``sick`` (the type is a sick-absence type of ``config``). Only days within the record's
    employment; an open record (no end date) runs to ``as_of``. Sorted by employee_id,
    date, type."""
    config = config or MetricsConfig()
    if date_to < date_from:
        return pl.DataFrame(schema=ABSENCE_DAY_SCHEMA)
    records = absences.select(
        pl.col("employment_id").cast(pl.String),
        pl.col("type").cast(pl.String),
        pl.col("start_date").cast(pl.Date),
        pl.col("end_date").cast(pl.Date),
    ).join(_jobs(employments), on="employment_id", how="inner").with_columns(
        first=pl.max_horizontal("start_date", "job_start", pl.lit(date_from)),
        last=pl.min_horizontal(pl.col("end_date").fill_null(pl.lit(as_of)),
                               pl.col("job_end").fill_null(pl.lit(date_to)), pl.lit(date_to)),
    ).filter(pl.col("first") <= pl.col("last"))
    if records.is_empty():
        return pl.DataFrame(schema=ABSENCE_DAY_SCHEMA)
    return (
        records.select("employee_id", "type",
                       pl.date_ranges("first", "last", interval="1d").alias("date"))
        .explode("date")
        .unique(["employee_id", "date", "type"])
        .with_columns(sick=pl.col("type").is_in(list(config.sick_types)))
        .select(list(ABSENCE_DAY_SCHEMA))
        .sort("employee_id", "date", "type")
    )


def employed_by_day(employments: pl.DataFrame, date_from: dt.date, date_to: dt.date) -> pl.DataFrame:
    """One row per (employee_id, unit_id, date) on which an employment of the employee in
    that unit runs, within [date_from, date_to]. Sorted by employee_id, unit_id, date."""
    if date_to < date_from:
        return pl.DataFrame(schema=EMPLOYED_DAY_SCHEMA)
    jobs = _jobs(employments).with_columns(
        first=pl.max_horizontal("job_start", pl.lit(date_from)),
        last=pl.min_horizontal(pl.col("job_end").fill_null(pl.lit(date_to)), pl.lit(date_to)),
    ).filter(pl.col("first") <= pl.col("last"))
    if jobs.is_empty():
        return pl.DataFrame(schema=EMPLOYED_DAY_SCHEMA)
    return (
        jobs.select("employee_id", "unit_id",
                    pl.date_ranges("first", "last", interval="1d").alias("date"))
        .explode("date")
        .unique()
        .sort("employee_id", "unit_id", "date")
    )


def day_counts(
    employments: pl.DataFrame, absences: pl.DataFrame, date_from: dt.date, date_to: dt.date,
    as_of: dt.date, config: MetricsConfig | None = None,
) -> pl.DataFrame:
    """One row per calendar day of [date_from, date_to]: ``employed`` (distinct employees
    employed that day), ``absent_sick`` (of them, with sick absence), ``absent_other`` (with
    other absence, holiday included, and no sick absence) and ``absent`` (their sum: each
    person counts once a day). All counts Int64, 0 on days without anyone."""
    schema = {"date": pl.Date, "employed": pl.Int64, "absent_sick": pl.Int64,
              "absent_other": pl.Int64, "absent": pl.Int64}
    if date_to < date_from:
        return pl.DataFrame(schema=schema)
    days = pl.DataFrame({"date": pl.date_range(date_from, date_to, interval="1d", eager=True)})
    employed = employed_by_day(employments, date_from, date_to).group_by("date").agg(
        pl.col("employee_id").n_unique().cast(pl.Int64).alias("employed"))
    per_person = absence_by_day(employments, absences, date_from, date_to, as_of, config).group_by(
        "employee_id", "date").agg(pl.col("sick").any())
    absent = per_person.group_by("date").agg(
        pl.col("sick").sum().cast(pl.Int64).alias("absent_sick"),
        (~pl.col("sick")).sum().cast(pl.Int64).alias("absent_other"),
    )
    return (
        days.join(employed, on="date", how="left").join(absent, on="date", how="left")
        .with_columns(pl.col("employed", "absent_sick", "absent_other").fill_null(0))
        .with_columns(absent=pl.col("absent_sick") + pl.col("absent_other"))
        .select(list(schema)).sort("date")
    )


def calendar_days(date_from: dt.date, date_to: dt.date, extra_days_off: Sequence[str] = (),
                  language: str = "da") -> pl.DataFrame:
    """One row per calendar day: date, weekday (1 = Monday … 7 = Sunday), is_workday,
    day_off (a public holiday or one of the organisation's extra days off) and its
    holiday_name (the public holiday's name in ``language``, "da" or "en_US"; null)."""
    schema = {"date": pl.Date, "weekday": pl.Int8, "is_workday": pl.Boolean,
              "day_off": pl.Boolean, "holiday_name": pl.String}
    if date_to < date_from:
        return pl.DataFrame(schema=schema)
    years = range(date_from.year, date_to.year + 1)
    off = pl.Series("date", days_off(years, tuple(extra_days_off))).cast(pl.Date)
    names = holidays.Denmark(years=list(years), language=language)
    named = pl.DataFrame({"date": list(names.keys()), "holiday_name": list(names.values())},
                         schema={"date": pl.Date, "holiday_name": pl.String})
    return (
        pl.DataFrame({"date": pl.date_range(date_from, date_to, interval="1d", eager=True)})
        .with_columns(weekday=pl.col("date").dt.weekday().cast(pl.Int8),
                      day_off=pl.col("date").is_in(off.implode()))
        .with_columns(is_workday=(pl.col("weekday") <= 5) & ~pl.col("day_off"))
        .join(named, on="date", how="left")
        .select(list(schema)).sort("date")
    )


def primary_types(days: pl.DataFrame, priority: Sequence[str] = TYPE_PRIORITY) -> pl.DataFrame:
    """One row per (employee_id, date) of ``absence_by_day``: ``type`` = the first of the
    day's types in ``priority`` (unknown types last), ``types`` = all of them in that order."""
    rank = {name: index for index, name in enumerate(priority)}
    return (
        days.with_columns(rank=pl.col("type").replace_strict(rank, default=len(rank),
                                                              return_dtype=pl.Int64))
        .sort("employee_id", "date", "rank", "type")
        .group_by("employee_id", "date", maintain_order=True)
        .agg(pl.col("type").first(), pl.col("type").alias("types"))
    )


def weekday_pattern(days: pl.DataFrame, date_from: dt.date, date_to: dt.date,
                    extra_days_off: Sequence[str] = ()) -> pl.DataFrame:
    """Sick days by weekday: one row per weekday 1–5 (Monday–Friday) with ``sick_days``,
    the distinct workdays in [date_from, date_to] on which ``days`` (of ``absence_by_day``,
    for one employee or summed over employees) has sick absence."""
    workdays = calendar_days(date_from, date_to, extra_days_off).filter("is_workday")
    sick = (
        days.filter(pl.col("sick") & pl.col("date").is_between(date_from, date_to))
        .select("employee_id", "date").unique()
        .join(workdays.select("date", "weekday"), on="date", how="inner")
        .group_by("weekday").agg(pl.len().cast(pl.Int64).alias("sick_days"))
    )
    return (
        pl.DataFrame({"weekday": pl.Series(range(1, 6), dtype=pl.Int8)})
        .join(sick, on="weekday", how="left")
        .with_columns(pl.col("sick_days").fill_null(0))
        .sort("weekday")
    )


def employee_spells(employments: pl.DataFrame, absences: pl.DataFrame, as_of: dt.date,
                    config: MetricsConfig | None = None) -> pl.DataFrame:
    """Sick-absence spells (spec: across the employee's employments, weekends and holidays
    do not break them): employee_id, first_date, last_date, length_days (calendar days),
    is_open, is_long; newest first."""
    schema = {"employee_id": pl.String, "first_date": pl.Date, "last_date": pl.Date,
              "length_days": pl.Int64, "is_open": pl.Boolean, "is_long": pl.Boolean}
    units = employments.select(pl.col("unit_id").cast(pl.String)).unique().with_columns(
        parent_id=pl.lit(None, dtype=pl.String))
    data = MetricsData.build(units=units, employments=employments, absences=absences,
                             as_of=as_of, config=config)
    if data.spells.is_empty():
        return pl.DataFrame(schema=schema)
    people = data.prepared.employments.select("employee", "employee_id").unique()
    return (
        data.spells.join(people, on="employee", how="left")
        .select(
            "employee_id",
            pl.col("first_day").cast(pl.Date).alias("first_date"),
            pl.col("last_day").cast(pl.Date).alias("last_date"),
            pl.col("length_days").cast(pl.Int64), "is_open", "is_long",
        )
        .sort("first_date", "employee_id", descending=[True, False])
    )

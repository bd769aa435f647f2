"""Input frames → the engine's working frames (day numbers, row ids, effective dates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.metrics.config import MetricsConfig
from naervaer.core.metrics.days import day_number

# "Ongoing": far enough ahead for any report, small enough for day arithmetic.
OPEN_END_DAY = day_number(dt.date(2199, 12, 31))


@dataclass(frozen=True)
class Prepared:
    """Working frames with integer codes: grouping on integers is several times faster
    than on the source keys, which come back only in the final table."""

    employments: pl.DataFrame  # employment_row, employment_id, employee, unit, group,
    #                            weekly_hours, start, end, hourly_cost
    records: pl.DataFrame      # record_row, employment_row, employment_id, employee, type,
    #                            start, end (effective), is_open, degree, hours, weekly_hours
    units: pl.DataFrame        # unit (code = row number), unit_id, parent_id
    groups: pl.DataFrame       # group (code, 1..n; 0 is "all"), staff_group


def by_employment_row(prepared: Prepared, column: str, missing: object = 0) -> np.ndarray:
    """A column of the employments as an array indexed by employment_row (rows dropped
    for an unknown unit hold ``missing``)."""
    employments = prepared.employments
    rows = employments["employment_row"].to_numpy()
    values = employments[column].to_numpy()
    result = np.full(int(rows.max(initial=-1)) + 1, missing, dtype=values.dtype)
    result[rows] = values
    return result


def _days(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Date).cast(pl.Int64)


def prepare(
    units: pl.DataFrame, employments: pl.DataFrame, absences: pl.DataFrame, as_of: dt.date,
    config: MetricsConfig,
) -> Prepared:
    """Day numbers for dates, row ids, and each absence cut to its effective interval:
    an open absence runs to ``as_of``; nothing runs past its employment's end."""
    as_of_day = day_number(as_of)
    unit_codes = units.select(pl.col("unit_id").cast(pl.String),
                              pl.col("parent_id").cast(pl.String)).with_row_index("unit").with_columns(
        pl.col("unit").cast(pl.Int64))
    group_codes = (
        employments.select(pl.col("staff_group").cast(pl.String)).unique().sort("staff_group")
        .with_row_index("group", offset=1).with_columns(pl.col("group").cast(pl.Int64))
    )
    working = employments.select(
        pl.col("employment_id").cast(pl.String),
        pl.col("employee_id").cast(pl.String),
        pl.col("unit_id").cast(pl.String),
        pl.col("staff_group").cast(pl.String),
        pl.col("weekly_hours").cast(pl.Float64),
        _days("start_date").alias("start"),
        _days("end_date").fill_null(OPEN_END_DAY).alias("end"),
        pl.col("hourly_cost").cast(pl.Float64).fill_null(config.default_hourly_cost),
    ).with_row_index("employment_row").with_columns(
        pl.col("employment_row").cast(pl.Int64),
        employee=pl.col("employee_id").rank("dense").cast(pl.Int64),
    ).join(unit_codes.select("unit_id", "unit"), on="unit_id", how="inner").join(
        group_codes, on="staff_group").sort("employment_row")
    records = (
        absences.select(
            pl.col("employment_id").cast(pl.String),
            pl.col("type").cast(pl.String),
            _days("start_date").alias("record_start"),
            _days("end_date").alias("record_end"),
            pl.col("degree").cast(pl.Float64).fill_null(100.0),
            pl.col("hours").cast(pl.Float64),
        )
        .join(working.select("employment_row", "employment_id", "employee", "weekly_hours",
                             pl.col("start").alias("employment_start"),
                             pl.col("end").alias("employment_end")),
              on="employment_id", how="inner")
        .with_columns(
            start=pl.max_horizontal("record_start", "employment_start"),
            end=pl.min_horizontal(pl.col("record_end").fill_null(as_of_day), "employment_end"),
            # Open while the employment lasts; on its last day it has not ended yet.
            is_open=pl.col("record_end").is_null() & (pl.col("employment_end") >= as_of_day),
        )
        .filter(pl.col("end") >= pl.col("start"))
        .drop("record_start", "record_end", "employment_start", "employment_end")
        .with_row_index("record_row")
        .with_columns(pl.col("record_row").cast(pl.Int64))
    )
    return Prepared(working, records, unit_codes, group_codes)

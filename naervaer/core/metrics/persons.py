"""Person figures (spec/metrics.md, "Person figures"): Bradford factor, rolling counts
and the colour status per employee at a date.

Within a spell every workday has sick absence (a workday without absence would end it),
so the sick workdays in a window are the workdays of the spells clipped to the window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.metrics.config import MetricsConfig
from naervaer.core.metrics.days import DayCalendar, day_number
from naervaer.core.metrics.inputs import prepare
from naervaer.core.metrics.spells import assign_spells, summarise_spells

WINDOWS = (182, 365)
BRADFORD_WINDOW = 365


@dataclass(frozen=True)
class FrequentAbsenceTrigger:
    """"At least ``spells`` spells or at least ``days`` sick days within ``window_days``"
    (default: the hospital rule, 3 spells or 6 days in 182 days)."""

    spells: int = 3
    days: int = 6
    window_days: int = 182


def _window_counts(spells: pl.DataFrame, calendar: DayCalendar, at: int, days: int,
                   suffix: str) -> pl.DataFrame:
    """Spells with a day in the ``days`` ending at ``at``, and their sick workdays there."""
    first = at - days + 1
    inside = spells.filter((pl.col("first_day") <= at) & (pl.col("last_day") >= first))
    clipped_start = np.maximum(inside["first_day"].to_numpy(), first)
    clipped_end = np.minimum(inside["last_day"].to_numpy(), at)
    return inside.with_columns(
        sick_days=pl.Series(calendar.workdays_between(clipped_start, clipped_end)),
    ).group_by("employee").agg(
        pl.len().cast(pl.Int64).alias(f"spells_{suffix}"),
        pl.col("sick_days").sum().cast(pl.Int64).alias(f"sick_days_{suffix}"),
    )


def person_figures(
    *,
    units: pl.DataFrame,
    employments: pl.DataFrame,
    absences: pl.DataFrame,
    at: dt.date,
    as_of: dt.date,
    config: MetricsConfig | None = None,
    trigger: FrequentAbsenceTrigger | None = None,
) -> pl.DataFrame:
    """One row per employee: spells_182, sick_days_182, spells_365, sick_days_365,
    bradford_factor (S² × D over the 365 days ending at ``at``), open_long_spell, and
    status green/yellow/red with status_reason (``open_long_spell``, ``spells``, ``days``
    or empty). Sick days count distinct workdays with sick absence."""
    config = config or MetricsConfig()
    trigger = trigger or FrequentAbsenceTrigger()
    prepared = prepare(units, employments, absences, min(as_of, at), config)
    records = prepared.records.filter(pl.col("type").is_in(list(config.sick_types))
                                      & (pl.col("start") <= day_number(at)))
    at_day = day_number(at)
    first_day = min([at_day - max(*WINDOWS, trigger.window_days),
                     int(records["start"].min()) if records.height else at_day])  # type: ignore[arg-type]
    calendar = DayCalendar.build(first_day, at_day, config.extra_days_off)
    spells = summarise_spells(assign_spells(records, calendar), config.short_max_days)
    people = prepared.employments.select("employee", "employee_id").unique()
    for days in sorted({*WINDOWS, trigger.window_days}):
        people = people.join(_window_counts(spells, calendar, at_day, days, str(days)),
                             on="employee", how="left")
    open_long = spells.filter(
        pl.col("is_long") & (pl.col("first_day") <= at_day)
        & ((pl.col("last_day") > at_day) | (pl.col("is_open") & (pl.col("last_day") == at_day)))
    ).select("employee").unique().with_columns(open_long_spell=pl.lit(True))
    people = people.join(open_long, on="employee", how="left").fill_null(0).with_columns(
        pl.col("open_long_spell").fill_null(False),
        bradford_factor=pl.col(f"spells_{BRADFORD_WINDOW}") ** 2
        * pl.col(f"sick_days_{BRADFORD_WINDOW}"),
    )
    return _with_status(people, trigger).drop("employee").sort("employee_id")


def _with_status(people: pl.DataFrame, trigger: FrequentAbsenceTrigger) -> pl.DataFrame:
    """red: a trigger reached or an open long spell; yellow: at 2/3 of a trigger."""
    spells = pl.col(f"spells_{trigger.window_days}")
    days = pl.col(f"sick_days_{trigger.window_days}")
    reached_spells = spells >= trigger.spells
    reached_days = days >= trigger.days
    near = (spells * 3 >= trigger.spells * 2) | (days * 3 >= trigger.days * 2)
    return people.with_columns(
        status=pl.when(pl.col("open_long_spell") | reached_spells | reached_days).then(pl.lit("red"))
        .when(near).then(pl.lit("yellow")).otherwise(pl.lit("green")),
        status_reason=pl.when(pl.col("open_long_spell")).then(pl.lit("open_long_spell"))
        .when(reached_spells).then(pl.lit("spells"))
        .when(reached_days).then(pl.lit("days"))
        .when(spells * 3 >= trigger.spells * 2).then(pl.lit("spells"))
        .when(days * 3 >= trigger.days * 2).then(pl.lit("days"))
        .otherwise(pl.lit("")),
    )

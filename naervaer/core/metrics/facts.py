"""Month-level facts per employment: the additive base every period is summed from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.metrics.config import HOLIDAY_TYPE, OTHER_TYPES, MetricsConfig
from naervaer.core.metrics.days import DayCalendar, month_index
from naervaer.core.metrics.hours import absence_hours_by_month, possible_hours_by_month
from naervaer.core.metrics.inputs import Prepared
from naervaer.core.metrics.periods import Periods
from naervaer.core.metrics.spells import assign_spells, summarise_spells


@dataclass(frozen=True)
class MonthFacts:
    by_employment_month: pl.DataFrame  # employment_row, month, possible/absence/... hours, spells
    employed_months: pl.DataFrame      # employment_row, month: employed at least one day
    sick_months: pl.DataFrame          # employment_row, month: with sick-absence hours
    spells: pl.DataFrame               # see spells.summarise_spells
    spell_records: pl.DataFrame        # sick records with their spell id


def month_facts(prepared: Prepared, calendar: DayCalendar, periods: Periods,
                config: MetricsConfig) -> MonthFacts:
    first, last = periods.first_month, periods.last_month
    possible = possible_hours_by_month(prepared.employments, calendar, first, last,
                                       config.holiday_deduction_days)
    records = prepared.records
    sick_types = list(config.sick_types)
    spell_records = assign_spells(
        records.filter(pl.col("type").is_in(sick_types)), calendar)
    spells = summarise_spells(spell_records, config.short_max_days)
    hours = (
        absence_hours_by_month(records, calendar, first, last)
        .join(records.select("record_row", "employment_row", "type"), on="record_row")
        .join(spell_records.select("record_row", "spell")
              .join(spells.select("spell", "is_long"), on="spell"),
              on="record_row", how="left")
    )
    sick = pl.col("type").is_in(sick_types)
    per_employment = hours.group_by("employment_row", "month").agg(
        pl.col("hours").filter(pl.col("type") == HOLIDAY_TYPE).sum().alias("holiday_hours"),
        pl.col("hours").filter(sick).sum().alias("absence_hours"),
        pl.col("hours").filter(sick & ~pl.col("is_long")).sum().alias("short_hours"),
        pl.col("hours").filter(sick & pl.col("is_long")).sum().alias("long_hours"),
        *[pl.col("hours").filter(pl.col("type") == kind).sum().alias(f"{kind}_hours")
          for kind in OTHER_TYPES],
    )
    keys = ["employment_row", "month"]
    facts = (
        possible.join(per_employment, on=keys, how="full", coalesce=True)
        .join(_spell_events(spells, first, last), on=keys, how="full", coalesce=True)
        .fill_null(0)
        .with_columns(possible_hours=pl.col("possible_hours") - pl.col("holiday_hours"))
        .drop("holiday_hours")
    )
    return MonthFacts(
        by_employment_month=facts,
        employed_months=possible.select(keys),
        sick_months=hours.filter(sick & (pl.col("hours") > 0)).select(keys),
        spells=spells,
        spell_records=spell_records,
    )


def _spell_events(spells: pl.DataFrame, first_month: int, last_month: int) -> pl.DataFrame:
    """Spells started and ended per (employment_row, month); open spells have not ended."""
    closed = spells.filter(~pl.col("is_open"))
    started = pl.DataFrame({
        "employment_row": spells["start_employment_row"],
        "month": month_index(spells["first_day"].to_numpy()).astype(np.int64),
    })
    ended = pl.DataFrame({
        "employment_row": closed["end_employment_row"],
        "month": month_index(closed["last_day"].to_numpy()).astype(np.int64),
    })
    in_range = (pl.col("month") >= first_month) & (pl.col("month") <= last_month)
    keys = ["employment_row", "month"]
    return (
        started.filter(in_range).group_by(keys).agg(pl.len().cast(pl.Float64)
                                                    .alias("spells_started"))
        .join(ended.filter(in_range).group_by(keys).agg(pl.len().cast(pl.Float64)
                                                        .alias("spells_ended")),
              on=keys, how="full", coalesce=True)
    )

"""What every group table of one data set shares, whatever its period kind or range: the
prepared inputs and the sick-absence spells over the whole history (spells need all of it).
Building them is most of a table's cost, so a caller that computes several tables from the
same data (``cube_refresh``: four kinds and the earliest affected day) builds them once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.metrics.config import MetricsConfig
from naervaer.core.metrics.days import (
    PADDING_DAYS,
    DayCalendar,
    day_number,
    month_index,
    month_start_day,
)
from naervaer.core.metrics.inputs import Prepared, prepare
from naervaer.core.metrics.spells import assign_spells, summarise_spells


@dataclass(frozen=True)
class MetricsData:
    prepared: Prepared
    as_of: dt.date
    config: MetricsConfig
    calendar: DayCalendar        # whole years around every record and as_of
    spell_records: pl.DataFrame  # sick records with their spell id (spells.assign_spells)
    spells: pl.DataFrame         # one row per spell (spells.summarise_spells)

    @classmethod
    def build(cls, *, units: pl.DataFrame, employments: pl.DataFrame, absences: pl.DataFrame,
              as_of: dt.date, config: MetricsConfig | None = None) -> MetricsData:
        config = config or MetricsConfig()
        prepared = prepare(units, employments, absences, as_of, config)
        records = prepared.records
        first = last = day_number(as_of)
        if not records.is_empty():
            first = min(first, int(records["start"].min()))  # type: ignore[arg-type]
            last = max(last, int(records["end"].max()))  # type: ignore[arg-type]
        calendar = _whole_years(first, last, config)
        # Any calendar covering every record gives the same spells.
        spell_records = assign_spells(
            records.filter(pl.col("type").is_in(list(config.sick_types))), calendar)
        spells = summarise_spells(spell_records, config.short_max_days)
        return cls(prepared, as_of, config, calendar, spell_records, spells)

    def calendar_covering(self, first: int, last: int) -> DayCalendar:
        """A calendar with every day of [first, last] (day numbers): the shared one when it
        has them, else one widened to whole years around both. Figures do not depend on
        how far a calendar reaches beyond the days they look up."""
        calendar = self.calendar
        if calendar.first <= first and last + PADDING_DAYS <= calendar.last:
            return calendar
        return _whole_years(min(first, calendar.first),
                            max(last, calendar.last - PADDING_DAYS), self.config)


def _whole_years(first: int, last: int, config: MetricsConfig) -> DayCalendar:
    first_year, last_year = month_index(np.array([first, last])) // 12
    start, end = month_start_day(np.array([first_year * 12, last_year * 12 + 12]))
    return DayCalendar.build(int(start), int(end) - 1, config.extra_days_off)


def given_or_built(
    data: MetricsData | None, *, units: pl.DataFrame | None, employments: pl.DataFrame | None,
    absences: pl.DataFrame | None, as_of: dt.date | None, config: MetricsConfig | None,
) -> MetricsData:
    """``data`` when a caller shares it (then without the input frames, and with the same
    as_of and config if it names them), else built from the frames."""
    if data is None:
        if units is None or employments is None or absences is None or as_of is None:
            raise TypeError("pass units, employments, absences and as_of, or data")
        return MetricsData.build(units=units, employments=employments, absences=absences,
                                 as_of=as_of, config=config)
    if any(frame is not None for frame in (units, employments, absences)):
        raise TypeError("pass either the input frames or data, not both")
    if as_of is not None and as_of != data.as_of:
        raise ValueError(f"as_of {as_of} differs from the shared data's {data.as_of}")
    if config is not None and config != data.config:
        raise ValueError("config differs from the shared data's")
    return data

"""Month-level facts per cell (unit × staff group): the additive base every period is
summed from, plus the months each employment is present and has sick absence in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.metrics.config import HOLIDAY_TYPE, OTHER_TYPES, MetricsConfig
from naervaer.core.metrics.days import DayCalendar, month_index
from naervaer.core.metrics.hours import absence_hours_by_month, possible_hours_by_month
from naervaer.core.metrics.inputs import Prepared, by_employment_row
from naervaer.core.metrics.periods import Periods
from naervaer.core.metrics.shared import MetricsData

SUMMED = ["possible_hours", "absence_hours", "short_hours", "long_hours",
          *[f"{kind}_hours" for kind in OTHER_TYPES], "absence_cost_dkk",
          "spells_started", "spells_ended"]


@dataclass(frozen=True)
class MonthFacts:
    sums: dict[str, np.ndarray]  # each of SUMMED: [cell, month − first_month]
    employed: pl.DataFrame       # employment_row, first_month, last_month: months employed
    sick_months: pl.DataFrame    # employment_row, month: months with sick-absence hours
    spells: pl.DataFrame         # see spells.summarise_spells
    spell_records: pl.DataFrame  # sick records with their spell id


@dataclass(frozen=True)
class CellMonths:
    """Where employment figures are summed: a cell (unit × staff group slot) per
    employment row, and the months first_month.. of the periods."""

    cell_of_employment: np.ndarray
    cells: int
    first_month: int
    months: int

    def sum(self, employment_rows: np.ndarray, months: np.ndarray,
            weights: np.ndarray) -> np.ndarray:
        """[cell, month − first_month] sums of ``weights``."""
        index = self.cell_of_employment[employment_rows] * self.months + months - self.first_month
        return np.bincount(index, weights=weights, minlength=self.cells * self.months).reshape(
            self.cells, self.months)


def month_facts(data: MetricsData, calendar: DayCalendar, periods: Periods,
                target: CellMonths) -> MonthFacts:
    """``calendar`` must cover every record and the periods' whole years."""
    prepared, config = data.prepared, data.config
    spells, spell_records = data.spells, data.spell_records
    first, last = periods.first_month, periods.last_month
    absence = _absence_by_record_month(prepared, calendar, periods, config, spells, spell_records)
    rows, months, hours = absence["employment_row"], absence["month"], absence["hours"]
    sick = absence["sick"]
    sick_hours = np.where(sick, hours, 0)
    cost = by_employment_row(prepared, "hourly_cost")[rows]
    sums = {
        "possible_hours": target.sum(*_net_possible_hours(
            prepared, calendar, periods, config, absence)),
        "absence_hours": target.sum(rows, months, sick_hours),
        "short_hours": target.sum(rows, months, np.where(absence["is_long"], 0, sick_hours)),
        "long_hours": target.sum(rows, months, np.where(absence["is_long"], sick_hours, 0)),
        **{f"{kind}_hours": target.sum(rows, months, np.where(absence[kind], hours, 0))
           for kind in OTHER_TYPES},
        "absence_cost_dkk": target.sum(rows, months, sick_hours * cost),
        **_spell_events(spells, target, last),
    }
    with_sick_hours = sick & (hours > 0)
    return MonthFacts(
        sums=sums,
        employed=_employed_months(prepared, first, last),
        sick_months=pl.DataFrame({"employment_row": rows[with_sick_hours],
                                  "month": months[with_sick_hours]}),
        spells=spells,
        spell_records=spell_records,
    )


def _absence_by_record_month(prepared: Prepared, calendar: DayCalendar, periods: Periods,
                             config: MetricsConfig, spells: pl.DataFrame,
                             spell_records: pl.DataFrame) -> dict[str, np.ndarray]:
    """Per record × month: employment_row, month, hours, and flags for sick, each type
    reported on its own (holiday and the other kinds) and sick in a long spell."""
    records = prepared.records
    hours = absence_hours_by_month(records, calendar, periods.first_month, periods.last_month)
    record_rows = hours["record_row"].to_numpy()
    flags = records.select(
        sick=pl.col("type").is_in(list(config.sick_types)),
        **{kind: pl.col("type") == kind for kind in (HOLIDAY_TYPE, *OTHER_TYPES)},
    )
    in_long_spell = np.zeros(records.height, dtype=bool)
    in_long_spell[spell_records["record_row"].to_numpy()] = (
        spells["is_long"].to_numpy()[spell_records["spell"].to_numpy()])
    return {
        "employment_row": records["employment_row"].to_numpy()[record_rows],
        "month": hours["month"].to_numpy(),
        "hours": hours["hours"].to_numpy(),
        "is_long": in_long_spell[record_rows],
        **{flag: flags[flag].to_numpy()[record_rows] for flag in flags.columns},
    }


def _net_possible_hours(prepared: Prepared, calendar: DayCalendar, periods: Periods,
                        config: MetricsConfig, absence: dict[str, np.ndarray],
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(employment_row, month, possible hours less `ferie` hours) per employment month:
    holiday is deducted per employment before anything is summed."""
    first, last = periods.first_month, periods.last_month
    possible = possible_hours_by_month(prepared.employments, calendar, first, last,
                                       config.holiday_deduction_days)
    rows, months = possible["employment_row"].to_numpy(), possible["month"].to_numpy()
    # Rows are sorted by employment and month: find each holiday month by position.
    is_holiday = absence[HOLIDAY_TYPE]
    holiday_rows = absence["employment_row"][is_holiday]
    first_position = np.searchsorted(rows, holiday_rows)
    position = first_position + absence["month"][is_holiday] - months[first_position]
    holiday = np.bincount(position, weights=absence["hours"][is_holiday], minlength=len(rows))
    return rows, months, possible["possible_hours"].to_numpy() - holiday


def _employed_months(prepared: Prepared, first_month: int, last_month: int) -> pl.DataFrame:
    """The months of [first_month, last_month] each employment overlaps (may be none)."""
    employments = prepared.employments
    return pl.DataFrame({
        "employment_row": employments["employment_row"],
        "first_month": np.maximum(month_index(employments["start"].to_numpy()), first_month),
        "last_month": np.minimum(month_index(employments["end"].to_numpy()), last_month),
    })


def _spell_events(spells: pl.DataFrame, target: CellMonths, last_month: int
                  ) -> dict[str, np.ndarray]:
    """Spells started and ended per cell and month; open spells have not ended."""
    closed = spells.filter(~pl.col("is_open"))
    events = {}
    for name, rows, days in (
        ("spells_started", spells["start_employment_row"], spells["first_day"]),
        ("spells_ended", closed["end_employment_row"], closed["last_day"]),
    ):
        months = month_index(days.to_numpy())
        inside = (months >= target.first_month) & (months <= last_month)
        events[name] = target.sum(rows.to_numpy()[inside], months[inside],
                                  np.ones(int(inside.sum())))
    return events

"""Month-level facts per cell (unit × staff group): the additive base every period is
summed from, plus the months each employment is present and has sick absence in."""

from __future__ import annotations

from collections.abc import Sequence
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
# Employments and absence records at a time: their months are never all held at once.
POSSIBLE_CHUNK = 100_000
RECORD_CHUNK = 1_000_000


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
        return self.sum_at(self.index(employment_rows, months), weights)

    def index(self, employment_rows: np.ndarray, months: np.ndarray) -> np.ndarray:
        """Flat [cell, month − first_month] positions, for several ``sum_at`` of one set
        of rows."""
        return self.cell_of_employment[employment_rows] * self.months + months - self.first_month

    def sum_at(self, index: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return np.bincount(index, weights=weights, minlength=self.cells * self.months).reshape(
            self.cells, self.months)

    def add(self, total: np.ndarray, employment_rows: np.ndarray, months: np.ndarray,
            weights: np.ndarray) -> None:
        """Add ``weights`` to ``total`` ([cell, month − first_month]) in row order: chunk by
        chunk this gives exactly the sums ``sum`` gives for all the rows at once."""
        np.add.at(total.reshape(-1), self.index(employment_rows, months), weights)


def month_facts(data: MetricsData, calendar: DayCalendar, periods: Periods,
                target: CellMonths) -> MonthFacts:
    """``calendar`` must cover every record and the periods' whole years."""
    prepared, config = data.prepared, data.config
    spells, spell_records = data.spells, data.spell_records
    first, last = periods.first_month, periods.last_month
    absence = _AbsenceMonths(prepared, config, spells, spell_records, target)
    records = prepared.records
    for offset in range(0, records.height, RECORD_CHUNK):
        absence.add(records.slice(offset, RECORD_CHUNK), calendar, first, last)
    sums = {
        "possible_hours": _net_possible_hours(prepared, calendar, periods, config,
                                              absence.holiday(), target),
        **absence.sums,
        **_spell_events(spells, target, last),
    }
    sick_rows, sick_months = absence.sick_months()
    return MonthFacts(
        sums=sums,
        employed=_employed_months(prepared, first, last),
        sick_months=pl.DataFrame({"employment_row": sick_rows, "month": sick_months}),
        spells=spells,
        spell_records=spell_records,
    )


class _AbsenceMonths:
    """Absence hours per record × month summed into cells, RECORD_CHUNK records at a time
    (at L the record months alone are tens of millions of rows), keeping the months with
    sick-absence hours and the `ferie` hours for the possible hours."""

    def __init__(self, prepared: Prepared, config: MetricsConfig, spells: pl.DataFrame,
                 spell_records: pl.DataFrame, target: CellMonths) -> None:
        records = prepared.records
        flags = records.select(
            sick=pl.col("type").is_in(list(config.sick_types)),
            **{kind: pl.col("type") == kind for kind in (HOLIDAY_TYPE, *OTHER_TYPES)},
        )
        self.flags = {flag: flags[flag].to_numpy() for flag in flags.columns}
        self.in_long_spell = np.zeros(records.height, dtype=bool)
        self.in_long_spell[spell_records["record_row"].to_numpy()] = (
            spells["is_long"].to_numpy()[spell_records["spell"].to_numpy()])
        self.employment_row = records["employment_row"].to_numpy()
        self.cost = by_employment_row(prepared, "hourly_cost")
        self.target = target
        self.sums = {name: np.zeros((target.cells, target.months)) for name in (
            "absence_hours", "short_hours", "long_hours",
            *[f"{kind}_hours" for kind in OTHER_TYPES], "absence_cost_dkk")}
        self.sick: list[tuple[np.ndarray, np.ndarray]] = []
        self.holidays: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, records: pl.DataFrame, calendar: DayCalendar, first_month: int,
            last_month: int) -> None:
        """Records in order (record_row is the position in all records)."""
        hours_frame = absence_hours_by_month(records, calendar, first_month, last_month)
        record_rows = hours_frame["record_row"].to_numpy()
        rows = self.employment_row[record_rows]
        months, hours = hours_frame["month"].to_numpy(), hours_frame["hours"].to_numpy()
        del hours_frame
        sick = self.flags["sick"][record_rows]
        is_long = self.in_long_spell[record_rows]
        sick_hours = np.where(sick, hours, 0)
        index = self.target.index(rows, months)
        for name, weights in (
            ("absence_hours", sick_hours),
            ("short_hours", np.where(is_long, 0, sick_hours)),
            ("long_hours", np.where(is_long, sick_hours, 0)),
            *[(f"{kind}_hours", np.where(self.flags[kind][record_rows], hours, 0))
              for kind in OTHER_TYPES],
            ("absence_cost_dkk", sick_hours * self.cost[rows]),
        ):
            # In row order, as one bincount over all the rows would sum them.
            np.add.at(self.sums[name].reshape(-1), index, weights)
        with_sick_hours = sick & (hours > 0)
        self.sick.append((rows[with_sick_hours], months[with_sick_hours]))
        holiday = self.flags[HOLIDAY_TYPE][record_rows]
        self.holidays.append((rows[holiday], months[holiday], hours[holiday]))

    def sick_months(self) -> tuple[np.ndarray, np.ndarray]:
        """employment_row, month of every record month with sick-absence hours."""
        rows, months = _joined(self.sick, 2)
        return rows, months

    def holiday(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """employment_row, month, hours of every `ferie` record month, in record order."""
        rows, months, hours = _joined(self.holidays, 3)
        return rows, months, hours


def _joined(parts: Sequence[tuple[np.ndarray, ...]], width: int) -> list[np.ndarray]:
    """The parts' columns, each concatenated in order."""
    if not parts:
        return [np.zeros(0, dtype=np.int64) for _ in range(width)]
    return [np.concatenate([part[column] for part in parts]) for column in range(width)]


def _net_possible_hours(prepared: Prepared, calendar: DayCalendar, periods: Periods,
                        config: MetricsConfig,
                        holidays: tuple[np.ndarray, np.ndarray, np.ndarray],
                        target: CellMonths) -> np.ndarray:
    """[cell, month − first_month] sums of possible hours less `ferie` hours: holiday is
    deducted per employment month before anything is summed. The employment months (tens
    of millions at L) are made POSSIBLE_CHUNK employments at a time."""
    first, last = periods.first_month, periods.last_month
    holiday_rows, holiday_months, holiday_hours = holidays
    total = np.zeros((target.cells, target.months))
    employments = prepared.employments
    for offset in range(0, employments.height, POSSIBLE_CHUNK):
        possible = possible_hours_by_month(employments.slice(offset, POSSIBLE_CHUNK), calendar,
                                           first, last, config.holiday_deduction_days)
        rows, months = possible["employment_row"].to_numpy(), possible["month"].to_numpy()
        if not len(rows):
            continue
        # Rows are sorted by employment and month: find each holiday month by position.
        inside = (holiday_rows >= rows[0]) & (holiday_rows <= rows[-1])
        first_position = np.searchsorted(rows, holiday_rows[inside])
        position = first_position + holiday_months[inside] - months[first_position]
        holiday = np.bincount(position, weights=holiday_hours[inside], minlength=len(rows))
        target.add(total, rows, months, possible["possible_hours"].to_numpy() - holiday)
    return total


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

"""What an incremental refresh must read: every record that reaches a day it recomputes,
and every record of any sick spell that does (a spell's band is decided by its whole
length, its first day and employment by its first record).

The records are read through a caller's function, so the database is asked only for
recent rows (``end_date`` on or after a day) and, for the few employees whose spell
reaches back past that day, for their earlier rows. The result is checked, not assumed:
a spell counts as complete only when no record left unread could bridge into it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.metrics.config import MetricsConfig
from naervaer.core.metrics.days import EPOCH, DayCalendar, day_number
from naervaer.core.metrics.invalidation import BRIDGE_DAYS, earliest_affected_day
from naervaer.core.metrics.shared import MetricsData

# Records read before the first day that matters: spells ending in this margin are read
# whole, so the completeness check below rarely has to ask again.
MARGIN_DAYS = 31
# How far back the earlier records of employees whose sick record crosses that first
# read's bound are read at once.
EARLIER_DAYS = 366

# read(low, employee_ids, high): absence rows (schema of docs/dev/metrics-api.md) with
# end_date null or >= low; with employee_ids, only those employees' rows with
# low <= end_date < high (their later rows were read before).
AbsenceReader = Callable[[dt.date, Sequence[str] | None, dt.date | None], pl.DataFrame]


def first_period_start(day: dt.date) -> dt.date:
    """The earliest first day of any period, of any kind, that ends on or after ``day``:
    the twelve months ending in ``day``'s month (a year, quarter or month that ends on or
    after ``day`` starts no earlier)."""
    month = day.year * 12 + day.month - 1 - 11
    return dt.date(month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class Window:
    """``data`` holds every record with a day on or after ``from_day`` and every record
    of every sick spell with a day on or after it. Spells ending before ``from_day`` may
    be cut short: their figures, all before ``from_day``, must not be used."""

    data: MetricsData
    from_day: dt.date
    absences: int  # rows read
    reads: int     # queries made


def window_data(read: AbsenceReader, *, units: pl.DataFrame, employments: pl.DataFrame,
                from_day: dt.date, as_of: dt.date, config: MetricsConfig) -> Window:
    """Read what figures from ``from_day`` on need (see ``Window``); ``employments`` and
    ``units`` are whole (codes, staff groups and headcounts depend on all of them)."""
    low = from_day - dt.timedelta(days=MARGIN_DAYS)
    absences = read(low, None, None)
    reads = 1
    employee_low = pl.DataFrame(schema={"employee_id": pl.String, "low": pl.Int64})
    # Sick records that begin before ``low`` or just after it may continue a spell begun
    # earlier: read their employees' previous year at once, so that the check below
    # (which needs the spells, the costly part) usually passes the first time.
    owners = employments.select("employment_id", pl.col("employee_id").cast(pl.String))
    early = absences.filter(
        pl.col("type").is_in(list(config.sick_types))
        & (pl.col("start_date") <= low + dt.timedelta(days=2 * BRIDGE_DAYS))
    ).join(owners, on="employment_id")["employee_id"].unique().sort().to_list()
    if early:
        earlier_low = low - dt.timedelta(days=EARLIER_DAYS)
        earlier = read(earlier_low, early, low)
        reads += 1
        absences = pl.concat([absences, earlier.select(absences.columns).cast(
            absences.schema)])  # type: ignore[arg-type]
        employee_low = pl.DataFrame({"employee_id": early,
                                     "low": [day_number(earlier_low)] * len(early)},
                                    schema=employee_low.schema)
    gap = 2 * MARGIN_DAYS
    while True:
        data = MetricsData.build(units=units, employments=employments, absences=absences,
                                 as_of=as_of, config=config)
        cut = _cut_spells(data, employee_low, day_number(low), day_number(from_day), config)
        if cut.is_empty():
            return Window(data, from_day, absences.height, reads)
        # Read those employees' rows from well before the spell's first day; a spell
        # whose records chain back further is found cut again, with a doubled gap.
        new_low = EPOCH + dt.timedelta(days=int(cut["first_day"].min()) - gap)  # type: ignore[arg-type]
        gap *= 2
        ids = cut["employee_id"].to_list()
        high = EPOCH + dt.timedelta(days=int(cut["low"].max()))  # type: ignore[arg-type]
        earlier = read(new_low, ids, high)
        reads += 1
        # Keep only rows below each employee's previous bound: the rest are read already.
        earlier = earlier.join(
            employments.select("employment_id", pl.col("employee_id").cast(pl.String)),
            on="employment_id", how="left",
        ).join(cut.select("employee_id", "low"), on="employee_id", how="left").filter(
            pl.col("end_date").is_not_null()
            & (pl.col("end_date").cast(pl.Date).cast(pl.Int64) < pl.col("low"))
        ).select(absences.columns)
        absences = pl.concat([absences, earlier.cast(absences.schema)])  # type: ignore[arg-type]
        employee_low = pl.concat([
            employee_low.filter(~pl.col("employee_id").is_in(ids)),
            pl.DataFrame({"employee_id": ids, "low": [day_number(new_low)] * len(ids)},
                         schema=employee_low.schema),
        ])


def _cut_spells(data: MetricsData, employee_low: pl.DataFrame, low: int, from_day: int,
                config: MetricsConfig) -> pl.DataFrame:
    """employee_id, low, first_day of each spell with a day on or after ``from_day`` that an
    unread record could belong to: one ending before the employee's bound ``low`` and
    bridging to the spell's first day (which then lies at most one run of days off after
    that bound)."""
    spells = data.spells.filter(pl.col("last_day") >= from_day)
    if spells.is_empty():
        return pl.DataFrame(schema={"employee_id": pl.String, "low": pl.Int64,
                                    "first_day": pl.Int64})
    employees = data.prepared.employments.select("employee", "employee_id").unique("employee")
    spells = (
        spells.join(employees, on="employee", how="left")
        .join(employee_low, on="employee_id", how="left")
        .with_columns(pl.col("low").fill_null(low))
    )
    lows = spells["low"].to_numpy()
    calendar = DayCalendar.build(int(lows.min()) - 1, int(lows.max()), config.extra_days_off)
    # An unread record ends on or before low - 1 and bridges to the next workday after it.
    reach = calendar.next_workday_after(lows - 1)
    cut = spells.filter(pl.Series(spells["first_day"].to_numpy() <= np.asarray(reach)))
    return cut.group_by("employee_id").agg(pl.col("low").first(), pl.col("first_day").min())


def window_for_change(read: AbsenceReader, *, units: pl.DataFrame, employments: pl.DataFrame,
                      changed_from: dt.date, date_from: dt.date, as_of: dt.date,
                      config: MetricsConfig) -> tuple[Window, dt.date]:
    """The window an incremental refresh computes from, and the earliest affected day
    (``invalidation.earliest_affected_day``, not before ``date_from``, the start of what
    is stored). The window starts at the first day of any period that ends on or after
    the affected day, and far enough before the change for ``earliest_affected_day``
    (which looks at the spells reaching ``changed_from - BRIDGE_DAYS``). The affected day
    is not known before the spells are: guess it a short spell and two bridges before the
    change, and read further back if a spell reaches back further."""
    latest_from = changed_from - dt.timedelta(days=BRIDGE_DAYS + 1)
    guess = changed_from - dt.timedelta(days=config.short_max_days + 2 * BRIDGE_DAYS + 1)
    from_day = min(first_period_start(max(guess, date_from)), latest_from)
    while True:
        window = window_data(read, units=units, employments=employments, from_day=from_day,
                             as_of=as_of, config=config)
        affected = max(earliest_affected_day(data=window.data, changed_from=changed_from),
                       date_from)
        needed = min(first_period_start(affected), latest_from)
        if needed >= from_day:
            return window, affected
        from_day = needed

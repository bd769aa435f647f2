"""Workday arithmetic on day numbers (days since 1970-01-01), vectorised with NumPy.

A cumulative workday count over the calendar turns "workdays in [a, b]" into two
array look-ups, so no employment or absence is ever expanded to days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from naervaer.core.calendar import days_off

EPOCH = dt.date(1970, 1, 1)
# Slack after the last day, so that "the next workday after d" always exists.
PADDING_DAYS = 21


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def month_index(day_numbers: np.ndarray) -> np.ndarray:
    """Months since January 1970 for day numbers: a look-up in a table of the days
    spanned (cheap even to year 2199), much faster than converting through datetime64."""
    days = np.asarray(day_numbers, dtype=np.int64)
    if days.size < 4096:
        return _civil_month(days)
    first = int(days.min())
    return _civil_month(np.arange(first, int(days.max()) + 1))[days - first]


def _civil_month(day_numbers: np.ndarray) -> np.ndarray:
    """Months since January 1970 by civil-calendar arithmetic on integers."""
    z = np.asarray(day_numbers, dtype=np.int64) + 719468
    era = z // 146097
    day_of_era = z - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524
                   - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153  # 0 = March
    year = year_of_era + era * 400 + (shifted_month >= 10)
    month = np.where(shifted_month < 10, shifted_month + 2, shifted_month - 10)  # 0 = January
    return (year - 1970) * 12 + month


def month_start_day(months: np.ndarray) -> np.ndarray:
    """Day number of the first day of each month (months since January 1970)."""
    months = np.asarray(months, dtype=np.int64)
    year = 1970 + months // 12
    month = months % 12 + 1
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


@dataclass(frozen=True)
class DayCalendar:
    """Workdays from ``first`` to ``last`` (day numbers, inclusive, plus padding)."""

    first: int
    last: int
    is_workday: np.ndarray      # bool per day
    cumulative: np.ndarray      # workdays in [first, first + i)
    next_workday: np.ndarray    # per day: the first workday strictly after it

    @classmethod
    def build(cls, first: int, last: int, extra_days_off: tuple[str, ...] = ()) -> DayCalendar:
        last = last + PADDING_DAYS
        days = np.arange(first, last + 1, dtype=np.int64).astype("datetime64[D]")
        first_year = int(str(days[0])[:4])
        last_year = int(str(days[-1])[:4])
        off = days_off(range(first_year, last_year + 1), extra_days_off)
        is_workday = np.is_busday(days, holidays=off)
        cumulative = np.concatenate([[0], np.cumsum(is_workday, dtype=np.int64)])
        workday_positions = np.flatnonzero(is_workday)
        following = np.searchsorted(workday_positions, np.arange(len(days)), side="right")
        following = np.minimum(following, len(workday_positions) - 1)
        next_workday = workday_positions[following] + first
        return cls(first, last, is_workday, cumulative, next_workday)

    def _position(self, day_numbers: np.ndarray) -> np.ndarray:
        return np.clip(np.asarray(day_numbers, dtype=np.int64) - self.first, 0, len(self.is_workday))

    def workdays_between(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Workdays in each inclusive [start, end]; 0 where end < start."""
        starts = np.asarray(starts, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        counts = self.cumulative[self._position(ends + 1)] - self.cumulative[self._position(starts)]
        return np.where(ends >= starts, counts, 0)

    def next_workday_after(self, day_numbers: np.ndarray) -> np.ndarray:
        positions = np.clip(np.asarray(day_numbers, dtype=np.int64) - self.first, 0,
                            len(self.next_workday) - 1)
        return self.next_workday[positions]

    def workday(self, day_numbers: np.ndarray) -> np.ndarray:
        positions = np.clip(np.asarray(day_numbers, dtype=np.int64) - self.first, 0,
                            len(self.is_workday) - 1)
        return self.is_workday[positions]

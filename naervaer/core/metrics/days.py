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
    """Months since January 1970 for day numbers."""
    return day_numbers.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def month_start_day(months: np.ndarray) -> np.ndarray:
    return np.asarray(months, dtype=np.int64).astype("datetime64[M]").astype("datetime64[D]").astype(
        np.int64)


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

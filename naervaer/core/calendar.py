"""Danish working calendar (spec/metrics.md, "Calendar").

A workday is Monday–Friday that is neither a Danish public holiday (from the
`holidays` package) nor one of the organisation's extra days off. Functions work
on NumPy ``datetime64[D]`` so that callers can vectorise over many employments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import holidays
import numpy as np

DAGSVAERK_HOURS = 7.4
FULL_TIME_WEEKLY_HOURS = 37.0

_RECURRING = re.compile(r"^(\d{2})-(\d{2})$")
_SINGLE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_extra_day_off(entry: str) -> tuple[int | None, int, int]:
    """Parse ``"MM-DD"`` (every year) or ``"YYYY-MM-DD"`` (one date) into (year, month, day).

    Raises ValueError naming the entry when it is neither.
    """
    text = entry.strip()
    try:
        if match := _RECURRING.match(text):
            month, day = int(match[1]), int(match[2])
            dt.date(2000, month, day)  # validates, 2000 being a leap year
            return None, month, day
        if match := _SINGLE.match(text):
            year, month, day = int(match[1]), int(match[2]), int(match[3])
            dt.date(year, month, day)
            return year, month, day
    except ValueError as error:
        raise ValueError(f"{entry!r} is not a valid day off: {error}") from None
    raise ValueError(f"{entry!r} is neither MM-DD nor YYYY-MM-DD")


@lru_cache(maxsize=256)
def _public_holidays(year: int) -> tuple[dt.date, ...]:
    return tuple(sorted(holidays.Denmark(years=year)))


def days_off(years: Iterable[int], extra_days_off: Sequence[str] = ()) -> np.ndarray:
    """Public holidays plus the organisation's extra days off in ``years``, sorted,
    as ``datetime64[D]`` (weekends are not listed: they are never workdays)."""
    parsed = [parse_extra_day_off(entry) for entry in extra_days_off]
    result: set[dt.date] = set()
    for year in years:
        result.update(_public_holidays(year))
        for fixed_year, month, day in parsed:
            if fixed_year not in (None, year):
                continue
            try:
                result.add(dt.date(year, month, day))
            except ValueError:  # 02-29 in a non-leap year
                continue
    return np.array(sorted(result), dtype="datetime64[D]")


def holidays_for_range(
    start: dt.date, end: dt.date, extra_days_off: Sequence[str] = ()
) -> np.ndarray:
    """Days off (public holidays and extra days) covering ``start``..``end``."""
    return days_off(range(start.year, end.year + 1), extra_days_off)


def workdays(start: dt.date, end: dt.date, extra_days_off: Sequence[str] = ()) -> np.ndarray:
    """All workdays from ``start`` to ``end`` inclusive, as ``datetime64[D]``."""
    if end < start:
        return np.array([], dtype="datetime64[D]")
    days = np.arange(np.datetime64(start), np.datetime64(end) + 1, dtype="datetime64[D]")
    return days[is_workday(days, holidays_for_range(start, end, extra_days_off))]


def is_workday(days: np.ndarray, days_off_array: np.ndarray) -> np.ndarray:
    """Boolean mask: which of ``days`` (``datetime64[D]``) are workdays."""
    return np.is_busday(days.astype("datetime64[D]"), holidays=days_off_array)


def count_workdays(starts: np.ndarray, ends: np.ndarray, days_off_array: np.ndarray) -> np.ndarray:
    """Workdays in each inclusive interval [starts[i], ends[i]]; 0 where end < start."""
    starts = starts.astype("datetime64[D]")
    ends = ends.astype("datetime64[D]")
    counts = np.busday_count(starts, ends + 1, holidays=days_off_array)
    return np.where(ends >= starts, counts, 0)


def daily_norm(weekly_hours: np.ndarray | float) -> np.ndarray | float:
    """Hours an employment is expected to work on each workday: weekly hours / 5."""
    if isinstance(weekly_hours, np.ndarray):
        return weekly_hours.astype(float) / 5.0
    return float(weekly_hours) / 5.0

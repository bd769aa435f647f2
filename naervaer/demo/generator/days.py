"""Day numbers (days since 1970-01-01, as numpy ``datetime64[D]`` counts) and day weights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import holidays
import numpy as np

EPOCH = dt.date(1970, 1, 1)


def day_number(date: dt.date) -> int:
    return (date - EPOCH).days


def january_first(year: np.ndarray) -> np.ndarray:
    """Day number of 1 January of each year (vectorised)."""
    return (np.asarray(year, dtype=np.int64) - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(
        np.int64
    )


def year_of(days: np.ndarray | int) -> np.ndarray:
    """Calendar year of each day number (vectorised)."""
    years_since_1970 = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[Y]")
    return years_since_1970.astype(np.int64) + 1970


def years_before(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year - years)
    except ValueError:  # 29 February
        return date.replace(year=date.year - years, day=28)


def day_weights(
    p0: int, p1: int, by_month: Sequence[float], by_weekday: Sequence[float], holiday_factor: float
) -> np.ndarray:
    """Cumulative weights of the days p0..p1 (length + 1, starting at 0) for ``place_starts``.

    Each day weighs ``by_month[month] * by_weekday[weekday]``, Danish public holidays
    multiplied by ``holiday_factor``.
    """
    days = np.arange(p0, p1 + 1, dtype=np.int64)
    month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    weights = np.asarray(by_month)[month] * np.asarray(by_weekday)[weekday]
    first_year, last_year = int(year_of(days[0])), int(year_of(days[-1]))
    public_holidays = holidays.country_holidays("DK", years=range(first_year, last_year + 1))
    holiday_days = np.array(sorted(day_number(d) for d in public_holidays), dtype=np.int64)
    holiday_days = holiday_days[(holiday_days >= p0) & (holiday_days <= p1)]
    weights[holiday_days - p0] *= holiday_factor
    cumulative = np.zeros(len(weights) + 1)
    cumulative[1:] = np.cumsum(weights)
    return cumulative

"""naervaer.core.calendar against spec/metrics.md, "Calendar"."""

from __future__ import annotations

import datetime as dt

import holidays
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naervaer.core.calendar import (
    DAGSVAERK_HOURS,
    FULL_TIME_WEEKLY_HOURS,
    count_workdays,
    daily_norm,
    days_off,
    holidays_for_range,
    is_workday,
    parse_extra_day_off,
    workdays,
)

D = dt.date
dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2032, 12, 31))
extra_entries = st.lists(
    st.one_of(
        st.dates(min_value=D(2000, 1, 1), max_value=D(2000, 12, 31)).map(lambda d: f"{d:%m-%d}"),
        dates.map(lambda d: d.isoformat()),
    ),
    max_size=5,
)


def _count(start: dt.date, end: dt.date, extra: tuple[str, ...] = ()) -> int:
    off = holidays_for_range(min(start, end), max(start, end), extra)
    return int(count_workdays(np.array([start], dtype="datetime64[D]"),
                              np.array([end], dtype="datetime64[D]"), off)[0])


# --- known values -------------------------------------------------------------------------

@pytest.mark.parametrize(("year", "expected"), [(2023, 252), (2024, 254)])
def test_workdays_in_a_year(year: int, expected: int) -> None:
    assert len(workdays(D(year, 1, 1), D(year, 12, 31))) == expected
    assert _count(D(year, 1, 1), D(year, 12, 31)) == expected


def test_store_bededag_is_a_day_off_up_to_2023_and_a_workday_from_2024() -> None:
    off = days_off([2023, 2024])
    assert np.datetime64("2023-05-05") in off
    assert np.datetime64("2024-04-26") not in off
    mask = is_workday(np.array(["2023-05-05", "2024-04-26"], dtype="datetime64[D]"), off)
    assert mask.tolist() == [False, True]


def test_grundlovsdag_is_not_a_public_holiday_in_holidays_package() -> None:
    # The `holidays` package lists Grundlovsdag (5 June) only in the OPTIONAL category for
    # Denmark; the default (PUBLIC) calendar, which the spec uses, does not contain it.
    assert D(2025, 6, 5) not in holidays.Denmark(years=2025)
    assert D(2025, 6, 5) in holidays.Denmark(years=2025, categories=("optional",))
    assert np.datetime64("2025-06-05") not in days_off([2025])
    assert D(2025, 6, 5).weekday() == 3  # a Thursday
    assert np.datetime64("2025-06-05") in workdays(D(2025, 6, 1), D(2025, 6, 30))
    # An organisation adds it as an extra day off.
    assert np.datetime64("2025-06-05") not in workdays(D(2025, 6, 1), D(2025, 6, 30), ["06-05"])


def test_known_public_holidays_are_not_workdays() -> None:
    days = workdays(D(2024, 1, 1), D(2024, 12, 31))
    for holiday in ["2024-01-01", "2024-03-28", "2024-03-29", "2024-04-01", "2024-05-09",
                    "2024-05-20", "2024-12-25", "2024-12-26"]:
        assert np.datetime64(holiday) not in days
    assert np.datetime64("2024-01-02") in days


def test_recurring_extra_day_off_applies_every_year() -> None:
    off = days_off([2023, 2024, 2025], ["12-24"])
    for year in (2023, 2024, 2025):
        assert np.datetime64(f"{year}-12-24") in off
    # 24 Dec 2024 is a Tuesday: one workday fewer in 2024.
    assert len(workdays(D(2024, 1, 1), D(2024, 12, 31), ["12-24"])) == 253


def test_single_extra_day_off_applies_only_in_its_year() -> None:
    off = days_off([2024, 2025, 2026], ["2025-06-05"])
    assert np.datetime64("2025-06-05") in off
    assert np.datetime64("2024-06-05") not in off
    assert np.datetime64("2026-06-05") not in off


def test_leap_day_extra_is_skipped_in_a_non_leap_year() -> None:
    assert parse_extra_day_off("02-29") == (None, 2, 29)
    off = days_off([2023, 2024], ["02-29"])
    assert np.datetime64("2024-02-29") in off
    assert not any(str(day).startswith("2023-02") for day in off)
    assert np.datetime64("2023-03-01") not in off


def test_parse_extra_day_off_valid_forms() -> None:
    assert parse_extra_day_off("12-24") == (None, 12, 24)
    assert parse_extra_day_off(" 12-31 ") == (None, 12, 31)
    assert parse_extra_day_off("2025-06-05") == (2025, 6, 5)


@pytest.mark.parametrize("entry", [
    "", "24-12-2025", "12/24", "2025-6-5", "1224", "13-01", "00-10", "02-30", "12-32",
    "2023-02-29", "2025-13-01", "juleaften", "12-24-", "x12-24",
])
def test_parse_extra_day_off_invalid_raises_value_error(entry: str) -> None:
    with pytest.raises(ValueError):
        parse_extra_day_off(entry)
    with pytest.raises(ValueError):
        days_off([2024], [entry])


def test_empty_and_reversed_ranges() -> None:
    assert len(workdays(D(2024, 1, 5), D(2024, 1, 4))) == 0
    assert _count(D(2024, 1, 5), D(2024, 1, 4)) == 0
    assert len(workdays(D(2024, 1, 6), D(2024, 1, 7))) == 0  # a weekend
    assert len(workdays(D(2024, 1, 8), D(2024, 1, 8))) == 1  # a Monday, inclusive


def test_count_workdays_is_vectorised() -> None:
    starts = np.array(["2024-01-01", "2024-01-08", "2024-02-01"], dtype="datetime64[D]")
    ends = np.array(["2024-01-07", "2024-01-12", "2024-01-31"], dtype="datetime64[D]")
    counts = count_workdays(starts, ends, days_off([2024]))
    assert counts.tolist() == [4, 5, 0]  # 1 Jan is a holiday; the last range is reversed


def test_daily_norm() -> None:
    assert daily_norm(37) == pytest.approx(7.4)
    assert daily_norm(FULL_TIME_WEEKLY_HOURS) == pytest.approx(DAGSVAERK_HOURS)
    assert daily_norm(18.5) == pytest.approx(3.7)
    result = daily_norm(np.array([37, 30, 0]))
    assert isinstance(result, np.ndarray)
    assert result.tolist() == pytest.approx([7.4, 6.0, 0.0])


# --- properties ---------------------------------------------------------------------------

@given(dates, st.integers(min_value=0, max_value=800), extra_entries)
def test_workdays_are_never_weekends_holidays_or_extra_days(
    start: dt.date, length: int, extra: list[str]
) -> None:
    end = start + dt.timedelta(days=length)
    years = range(start.year, end.year + 1)
    public = set(holidays.Denmark(years=years))
    off = set(days_off(years, extra).astype(object))
    for day in workdays(start, end, extra).astype(object):
        assert start <= day <= end
        assert day.weekday() < 5
        assert day not in public
        assert day not in off


@given(dates, st.integers(min_value=0, max_value=800), extra_entries)
def test_workdays_are_exactly_the_weekdays_not_off(
    start: dt.date, length: int, extra: list[str]
) -> None:
    end = start + dt.timedelta(days=length)
    off = set(days_off(range(start.year, end.year + 1), extra).astype(object))
    expected = [start + dt.timedelta(days=i) for i in range(length + 1)]
    expected = [day for day in expected if day.weekday() < 5 and day not in off]
    assert workdays(start, end, extra).astype(object).tolist() == expected


@given(dates, dates, extra_entries)
def test_count_equals_len_workdays(a: dt.date, b: dt.date, extra: list[str]) -> None:
    start, end = min(a, b), max(a, b)
    assert _count(start, end, tuple(extra)) == len(workdays(start, end, extra))


@given(st.lists(dates, min_size=3, max_size=3, unique=True).map(sorted), extra_entries)
def test_count_is_additive(three: list[dt.date], extra: list[str]) -> None:
    a, b, c = three
    off = holidays_for_range(a, c, extra)

    def count(start: dt.date, end: dt.date) -> int:
        return int(count_workdays(np.array([start], dtype="datetime64[D]"),
                                  np.array([end], dtype="datetime64[D]"), off)[0])

    assert count(a, c) == count(a, b) + count(b + dt.timedelta(days=1), c)


@given(dates, st.integers(min_value=0, max_value=800), extra_entries, extra_entries)
def test_extra_days_off_never_increase_counts(
    start: dt.date, length: int, extra: list[str], more: list[str]
) -> None:
    end = start + dt.timedelta(days=length)
    base = len(workdays(start, end))
    fewer = len(workdays(start, end, extra))
    fewest = len(workdays(start, end, extra + more))
    assert fewest <= fewer <= base
    assert set(workdays(start, end, extra + more).tolist()) <= set(
        workdays(start, end, extra).tolist())


@given(st.floats(min_value=0, max_value=48, allow_nan=False))
def test_daily_norm_is_a_fifth(weekly: float) -> None:
    assert daily_norm(weekly) == pytest.approx(weekly / 5)
    assert daily_norm(weekly) * 5 == pytest.approx(weekly)

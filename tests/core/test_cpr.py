"""naervaer.core.cpr: CPR-shaped values (spec/import-format.md, "Reading rules")."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naervaer.core.cpr import is_cpr_shaped

four_digits = st.text(alphabet="0123456789", min_size=4, max_size=4)


@pytest.mark.parametrize("value", [
    "010190-1234",
    "0101901234",
    "290200-1234",  # 29 Feb 2000 (leap year)
    "2902961234",   # 29 Feb 1996
    "311299-0000",
    " 0101901234 ",  # surrounding spaces are ignored
    "0101000000",    # 1 Jan 1900/2000
])
def test_cpr_shaped(value: str) -> None:
    assert is_cpr_shaped(value)


@pytest.mark.parametrize("value", [
    "3213901234",     # day 32
    "0013901234",     # day 0
    "0113901234",     # month 13
    "0100901234",     # month 0
    "2902011234",     # 29 Feb in neither 1901 nor 2001
    "290201-1234",
    "3104901234",     # 31 April
    "010190123",      # 9 digits
    "01019012345",    # 11 digits
    "010190-12345",
    "010190-123",
    "01019-01234",    # dash in the wrong place
    "010190--1234",
    "010190 1234",
    "A101901234",
    "010190-12a4",
    "abcdefghij",
    "",
    "-",
    "E-1001",
    "12345",
])
def test_not_cpr_shaped(value: str) -> None:
    assert not is_cpr_shaped(value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)), four_digits)
def test_every_valid_date_with_four_digits_is_cpr_shaped(day: dt.date, tail: str) -> None:
    assert is_cpr_shaped(f"{day:%d%m%y}{tail}")
    assert is_cpr_shaped(f"{day:%d%m%y}-{tail}")


@given(st.integers(min_value=0, max_value=99), st.integers(min_value=1, max_value=12),
       st.integers(min_value=0, max_value=99), four_digits)
def test_shaped_iff_date_valid_in_19yy_or_20yy(
    day: int, month: int, year: int, tail: str
) -> None:
    def valid(century: int) -> bool:
        try:
            dt.date(century + year, month, day)
        except ValueError:
            return False
        return True

    assert is_cpr_shaped(f"{day:02d}{month:02d}{year:02d}{tail}") == (valid(1900) or valid(2000))


@given(st.text(alphabet="0123456789-", max_size=14))
def test_wrong_length_is_never_shaped(value: str) -> None:
    digits = value.replace("-", "")
    if len(digits) != 10:
        assert not is_cpr_shaped(value)


@given(st.text())
def test_never_raises(value: str) -> None:
    assert is_cpr_shaped(value) in (True, False)

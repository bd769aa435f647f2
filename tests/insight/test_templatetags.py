"""The figure filters (insight.templatetags.insight)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from naervaer.insight.templatetags.insight import change, number

numbers = st.one_of(
    # (floatformat gives up on the tiniest floats, e.g. "5e-324"; figures never are.)
    st.floats(min_value=-1e14, max_value=1e14, allow_nan=False).filter(
        lambda value: value == 0 or abs(value) > 1e-9),
    st.integers(min_value=-10**14, max_value=10**14),
    st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, places=4),
)


@pytest.mark.parametrize("language", ["da", "en"])
@given(value=numbers, decimals=st.integers(min_value=0, max_value=3))
@example(value=2.25, decimals=1)        # a tie: half up, as floatformat rounds
@example(value=-0.04, decimals=1)       # rounds to zero: no minus sign
@example(value=1234567.891, decimals=2)
@example(value=0.5, decimals=0)
def test_number_is_floatformat_with_grouping(language, value, decimals):
    with translation.override(language):
        assert number(value, decimals) == floatformat(value, f"{decimals}g")


def test_number_in_danish_and_english():
    with translation.override("da"):
        assert number(8274.14) == "8.274,1"
        assert number(Decimal("2.25"), 1) == "2,3"
        assert number(None) == "–"
        assert change(-1.25) == "−1,3"
    with translation.override("en"):
        assert number(8274.14) == "8,274.1"


def test_what_is_not_a_plain_number_goes_through_floatformat():
    with translation.override("da"):
        assert number(float("inf")) == floatformat(float("inf"), "1g")
        assert number("12.5") == floatformat("12.5", "1g")
        assert number(10.0**20, 1) == floatformat(10.0**20, "1g")

"""The figure filters (insight.templatetags.insight)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from naervaer.insight.tables import Cell, Column
from naervaer.insight.templatetags.insight import change, number, row_cells

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


# The cells as the table template made them with tags, before ``row_cells`` (kept here
# as the reference the filter must reproduce).
CELLS_WITH_TAGS = (
    "{% load i18n insight %}{% for cell, column in row %}{% if forloop.first %}<th scope=\"row\""
    "{% else %}<td{% endif %} class=\"{% if column.format != 'text' %}num {% endif %}{{ cell.css }}\""
    "{% if cell.value is not None and not cell.suppressed and column.format != \"text\" %}"
    " data-value=\"{{ cell.value|stringformat:'s' }}\"{% endif %}{% if cell.title %}"
    " title=\"{{ cell.title }}\"{% endif %}>{% if cell.link %}<a href=\"{{ cell.link }}\">"
    "{{ cell|formatted:column }}</a>{% else %}{{ cell|formatted:column }}{% endif %}"
    "{% if cell.suppressed %}<span class=\"visually-hidden\"> {% translate \"(skjult: for få "
    "personer)\" %}</span>{% endif %}{% if forloop.first %}</th>{% else %}</td>{% endif %}"
    "{% endfor %}")

texts = st.text(alphabet=st.sampled_from(list("abæø <>&\"'–K1")), max_size=8)
cells = st.builds(
    Cell, value=st.one_of(st.none(), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
                          st.integers(-10**6, 10**6), texts),
    suppressed=st.booleans(), link=st.one_of(st.just(""), st.just("/enheder/K/?a=1&b=2")),
    title=texts, css=st.sampled_from(["", "status-red", 'x" onclick="y']))


@pytest.mark.parametrize("language", ["da", "en"])
@given(row=st.lists(st.tuples(cells, st.sampled_from(["text", "int", "dec1", "dec2", "pct"])),
                    min_size=1, max_size=5))
def test_row_cells_is_what_the_template_tags_made(language, row):
    from django.template import Context, Template

    paired = [(cell, Column(f"c{index}", "label", kind)) for index, (cell, kind) in enumerate(row)]
    with translation.override(language):
        assert row_cells(paired) == Template(CELLS_WITH_TAGS).render(Context({"row": paired}))

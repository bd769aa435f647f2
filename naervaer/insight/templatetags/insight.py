"""Filters for figures: Danish number formats (through Django's localisation), the "–"
of a suppressed cell and the change against last year."""

from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from naervaer.insight.tables import Cell, Column

register = template.Library()

_DECIMALS = {"int": 0, "dec1": 1, "dec2": 2, "pct": 1}


@register.filter
def number(value: object, decimals: int = 1) -> str:
    """A number with the active language's decimal and thousands separators; "–" for
    missing (a ratio over zero). The same text as ``floatformat:"<decimals>g"``
    (half-up rounding of the shortest decimal form), made directly: a unit page formats
    some hundreds of figures, and ``floatformat`` is the larger part of its filters' time."""
    if value is None:
        return "–"
    places = int(decimals)
    plain = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    if places < 0 or not plain or not math.isfinite(value) or abs(value) >= 1e15:  # type: ignore[arg-type]
        return floatformat(value, f"{places}g")
    rounded = Decimal(str(value)).quantize(_STEPS[places] if places < len(_STEPS)
                                           else Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{abs(rounded):,.{places}f}"
    separators = _separators(get_language())
    text = text.translate(separators)
    return f"-{text}" if rounded < 0 else text


_STEPS = [Decimal(1).scaleb(-places) for places in range(6)]


@functools.lru_cache(maxsize=16)
def _separators(language: str | None) -> dict[int, str]:
    """"1,234.5" (Python's format) to the language's separators, e.g. "1.234,5"."""
    return str.maketrans({",": str(formats.get_format("THOUSAND_SEPARATOR")),
                          ".": str(formats.get_format("DECIMAL_SEPARATOR"))})


@register.filter
def formatted(cell: Cell, column: Column) -> str:
    if cell.suppressed:
        return "–"
    if column.format == "text" or cell.value is None or isinstance(cell.value, str):
        return "–" if cell.value is None else str(cell.value)
    text = number(cell.value, _DECIMALS[column.format])
    return f"{text} %" if column.format == "pct" else text


@register.filter
def row_cells(row: list[tuple[Cell, Column]]) -> str:
    """One table row's cells (``Table.cell_rows``): the first a row header, figures
    right-aligned with their raw value for sorting, suppressed ones marked for screen
    readers. Made here rather than with template tags per cell: a unit page has some
    hundreds of cells, and the tags were most of its rendering time."""
    hidden = format_html('<span class="visually-hidden"> {}</span>',
                         _("(skjult: for få personer)"))
    parts = []
    for index, (cell, column) in enumerate(row):
        tag = "th" if index == 0 else "td"
        figure = column.format != "text"
        attributes = ' scope="row"' if index == 0 else ""
        attributes += format_html(' class="{}{}"', "num " if figure else "", cell.css)
        if cell.value is not None and not cell.suppressed and figure:
            attributes += format_html(' data-value="{}"', str(cell.value))
        if cell.title:
            attributes += format_html(' title="{}"', cell.title)
        text = formatted(cell, column)
        body = format_html('<a href="{}">{}</a>', cell.link, text) if cell.link else conditional_escape(text)
        # Every piece above went through format_html or conditional_escape.
        parts.append(format_html("<{}{}>{}{}</{}>", tag, mark_safe(attributes), body,
                                 hidden if cell.suppressed else "", tag))
    return mark_safe("".join(parts))


@register.filter
def change(value: float | None, decimals: int = 1) -> str:
    """A signed change ("+0,4" / "−1,2"); empty when unknown."""
    if value is None:
        return ""
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return format_html("{}{}", sign, number(abs(value), decimals))


@register.filter
def table(overview: object, slug: str) -> object:
    """``overview|table:"slug"``: one of a page's tables by name (None when absent)."""
    finder = getattr(overview, "table", None)
    return finder(slug) if callable(finder) else None


@register.filter
def tile_value(tile: object) -> str:
    """A headline figure: "–" when suppressed or unknown, else formatted like a cell."""
    value = getattr(tile, "value", None)
    if getattr(tile, "suppressed", False) or value is None:
        return "–"
    return formatted(Cell(value), Column("tile", "", getattr(tile, "format", "dec1")))


@register.filter
def tile_previous(tile: object) -> str:
    """The same period last year of a headline figure, formatted like the figure."""
    previous = getattr(tile, "previous", None)
    if getattr(tile, "suppressed", False) or previous is None:
        return "–"
    return formatted(Cell(previous), Column("tile", "", getattr(tile, "format", "dec1")))

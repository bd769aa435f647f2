"""The "half an import" check the load test makes on every unit page (used by
bench/locustfile.py; kept free of locust, which monkey-patches on import, so it can be
tried against a page rendered by Django's test client)."""

from __future__ import annotations

import html
import re

TILE = re.compile(r'<li class="tile" data-key="([^"]+)">.*?<p class="tile__value">([^<]*)</p>', re.S)
DATA_AS_OF = "Data til og med"
NO_FIGURES = "Der er endnu ingen nøgletal"


def _number(text: str) -> float | None:
    """A Danish-formatted figure ("8.274,1", "4,7 %") as a float; None when not a number."""
    cleaned = html.unescape(text).replace("%", "").replace("\xa0", "").strip()
    cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _children_rows(page: str) -> list[list[float | None]] | None:
    """The child-unit table's numeric cells (``data-value``) per row, None without a table."""
    start = page.find('id="tabel-underenheder"')
    if start < 0:
        return None
    body = page[start:page.find("</tbody>", start)]
    rows = []
    for row in body.split("<tr>")[2:]:  # [0] before the header, [1] the header row
        cells = re.findall(r"<td class=\"num [^\"]*\"( data-value=\"([^\"]*)\")?", row)
        rows.append([float(value) if value else None for _, value in cells])
    return rows


def unit_page_problem(page: str, own_days: float | None = None) -> str | None:
    """Why a unit page (subtree scope) shows a state no single import produced, or None.

    The page must show figures ("Data til og med …" and the tiles): an import must never
    leave a moment without them. And the tiles (this unit's rows of the stored cube) must
    agree with the child-unit table (the children's rows, read separately): the unit's sick
    days (short + long tiles) equal the children's days (days per FTE × FTE) plus
    ``own_days``, the days of staff placed directly in the unit (0 for a unit that has none,
    which the plan records). A page whose tiles come from one import and whose child rows
    from another breaks this sum. Only checked when every child is shown unsuppressed.
    """
    if NO_FIGURES in page or DATA_AS_OF not in page:
        return "no figures"
    tiles = {key: _number(value) for key, value in TILE.findall(page)}
    if not tiles:
        return "no tiles"
    rows = _children_rows(page)
    if own_days is None or rows is None or not rows:
        return None
    short, long_ = tiles.get("short_days"), tiles.get("long_days")
    if short is None or long_ is None:  # suppressed unit
        return None
    children_days = 0.0
    for cells in rows:
        # columns: employees, FTE, days per FTE, short per FTE, long per FTE, %, share
        if len(cells) < 3 or cells[1] is None or cells[2] is None:
            return None  # a suppressed child: the sum cannot be checked
        children_days += cells[1] * cells[2]
    total = short + long_
    # Tiles are rounded to 0.1 day; allow that plus float noise.
    if abs(total - (children_days + own_days)) > max(0.2, 1e-6 * total):
        return f"tiles {total:.1f} days, children {children_days + own_days:.1f} days"
    return None

"""Vega-Lite specifications for the management-information charts.

The same specification is drawn in the browser (vendored vega-embed) and turned into SVG
for the PDF report (``chart_svg``, vl-convert), so screen and paper agree. Builders take
plain rows and return dicts; they know nothing of requests or models.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
COLOURS = {"bar": "#16365c", "line": "#c05600", "short": "#5b8fc7", "long": "#16365c",
           "reference": "#a4161a", "note": "#4f5a66", "target": "#1e6b35"}
# Danish number format, also in the SVG that vl-convert renders for the PDF.
LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]},
          "time": {"dateTime": "%A den %d. %B %Y %X", "date": "%d-%m-%Y", "time": "%H:%M:%S",
                   "periods": ["AM", "PM"],
                   "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
                   "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
                   "months": ["januar", "februar", "marts", "april", "maj", "juni", "juli",
                              "august", "september", "oktober", "november", "december"],
                   "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug",
                                   "sep", "okt", "nov", "dec"]}}
Row = dict[str, Any]


def _base(title: str, rows: Sequence[Row], *, height: int = 220) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "description": title,
        "width": "container",
        "height": height,
        "data": {"values": list(rows)},
        # No ARIA on marks: the figure is one image with a label, and the same numbers
        # are in the table beside it (axe flags unlabelled mark groups otherwise).
        "config": {"aria": False, "locale": LOCALE, "font": "DejaVu Sans, Arial, sans-serif",
                   "axis": {"labelFontSize": 11, "titleFontSize": 11},
                   "legend": {"orient": "bottom", "labelFontSize": 11}},
    }


def development_chart(rows: Sequence[Row], *, title: str, month_label: str, bar_label: str,
                      line_label: str, notes: Sequence[Row] = (), target: float | None = None,
                      target_label: str = "") -> dict[str, Any]:
    """Months as bars (``value``) with the rolling-12 line (``rolling``); ``rows`` have
    ``label`` (the month's short name), ``value``, ``rolling``. ``notes`` (``label`` of
    their month, ``text``) are vertical marks; ``target`` a horizontal line."""
    # Ordinal month labels ("okt 26"): every bar sits exactly on its own label.
    x = {"field": "label", "type": "ordinal", "title": month_label, "sort": None,
         "axis": {"labelAngle": -45}}
    layers: list[dict[str, Any]] = [
        {"mark": {"type": "bar", "color": COLOURS["bar"], "opacity": 0.55},
         "encoding": {"x": x, "y": {"field": "value", "type": "quantitative", "title": bar_label},
                      "tooltip": [{"field": "label", "type": "ordinal", "title": month_label},
                                  {"field": "value", "type": "quantitative", "title": bar_label,
                                   "format": ",.2f"},
                                  {"field": "rolling", "type": "quantitative", "title": line_label,
                                   "format": ",.2f"}]}},
        {"mark": {"type": "line", "color": COLOURS["line"], "strokeWidth": 2.5,
                  "point": {"color": COLOURS["line"]}},
         "encoding": {"x": x, "y": {"field": "rolling", "type": "quantitative"}}},
    ]
    if target is not None:
        layers.append({"data": {"values": [{"target": target}]},
                       "mark": {"type": "rule", "color": COLOURS["target"], "strokeDash": [6, 3]},
                       "encoding": {"y": {"field": "target", "type": "quantitative"},
                                    "tooltip": [{"field": "target", "title": target_label,
                                                 "format": ",.2f"}]}})
    if notes:
        layers.append({"data": {"values": list(notes)},
                       "mark": {"type": "rule", "color": COLOURS["note"], "strokeDash": [2, 2]},
                       "encoding": {"x": {"field": "label", "type": "ordinal", "sort": None},
                                    "tooltip": [{"field": "text", "type": "nominal"}]}})
        layers.append({"data": {"values": list(notes)},
                       "mark": {"type": "text", "align": "left", "dx": 3, "dy": -4, "baseline": "top",
                                "color": COLOURS["note"], "fontSize": 10},
                       "encoding": {"x": {"field": "label", "type": "ordinal", "sort": None},
                                    "y": {"value": 0}, "text": {"field": "text"}}})
    spec = _base(title, rows)
    spec.pop("data")
    spec["layer"] = [{"data": {"values": list(rows)}, **layers[0]}, {"data": {"values": list(rows)},
                                                                    **layers[1]}, *layers[2:]]
    return spec


def split_bar_chart(rows: Sequence[Row], *, title: str, category_label: str, value_label: str,
                    short_label: str, long_label: str, reference: float | None = None,
                    reference_label: str = "") -> dict[str, Any]:
    """Horizontal stacked bars (``short``, ``long`` per ``name``) with an optional
    reference rule (e.g. the parent's level)."""
    long_rows = [{"name": row["name"], "part": part_label, "value": row[key], "order": order}
                 for row in rows
                 for key, part_label, order in (("short", short_label, 0), ("long", long_label, 1))
                 if row.get(key) is not None]
    spec = _base(title, long_rows, height=max(80, 24 * len(rows)))
    layers: list[dict[str, Any]] = [{
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "title": category_label, "sort": None},
            "x": {"field": "value", "type": "quantitative", "title": value_label, "stack": "zero"},
            "color": {"field": "part", "type": "nominal", "title": None,
                      "scale": {"domain": [short_label, long_label],
                                "range": [COLOURS["short"], COLOURS["long"]]}},
            "order": {"field": "order"},
            "tooltip": [{"field": "name", "title": category_label}, {"field": "part"},
                        {"field": "value", "format": ",.2f", "title": value_label}]},
    }]
    if reference is not None:
        layers.append({"data": {"values": [{"reference": reference, "label": reference_label}]},
                       "mark": {"type": "rule", "color": COLOURS["reference"], "strokeWidth": 2},
                       "encoding": {"x": {"field": "reference", "type": "quantitative"},
                                    "tooltip": [{"field": "label"}, {"field": "reference",
                                                                     "format": ",.2f"}]}})
    spec["layer"] = layers
    return spec


def bar_chart(rows: Sequence[Row], *, title: str, category_label: str, value_label: str,
              horizontal: bool = False) -> dict[str, Any]:
    """Bars of ``value`` per ``name`` in the given order; ``horizontal`` for long names."""
    spec = _base(title, rows, height=max(80, 22 * len(rows)) if horizontal else 200)
    spec["mark"] = {"type": "bar", "color": COLOURS["bar"]}
    category = {"field": "name", "type": "nominal", "title": category_label, "sort": None,
                "axis": {"labelAngle": 0, "labelLimit": 180}}
    value = {"field": "value", "type": "quantitative", "title": value_label}
    spec["encoding"] = {
        "x": value if horizontal else category,
        "y": category if horizontal else value,
        "tooltip": [{"field": "name", "title": category_label},
                    {"field": "value", "title": value_label, "format": ",.2f"}],
    }
    return spec


def chart_svg(spec: dict[str, Any], *, width: int = 640) -> str:
    """The chart as SVG (for the PDF). vl-convert is imported here, not at start-up."""
    import vl_convert

    fixed = {**spec, "width": width}
    return str(vl_convert.vegalite_to_svg(json.dumps(fixed)))

"""The evaluation chart: treated and comparison units' monthly absence %, the start as a
vertical rule (Vega-Lite, in the style of naervaer.insight.charts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from naervaer.insight.charts import COLOURS, Row, _base


def before_after_chart(rows: Sequence[Row], *, title: str, month_label: str, value_label: str,
                       series_label: str, treated_label: str, comparison_label: str,
                       start_month: str, start_label: str) -> dict[str, Any]:
    """Lines per ``series`` over ``month`` (ISO date of the month's 1st) of ``value``;
    ``start_month`` gets a dashed rule labelled ``start_label``."""
    x = {"field": "month", "type": "temporal", "title": month_label,
         "axis": {"format": "%b %y", "labelAngle": -45}}
    spec = _base(title, rows, height=260)
    spec.pop("data")
    spec["layer"] = [
        {"data": {"values": list(rows)},
         "mark": {"type": "line", "point": True, "strokeWidth": 2.5},
         "encoding": {
             "x": x,
             "y": {"field": "value", "type": "quantitative", "title": value_label},
             "color": {"field": "series", "type": "nominal", "title": series_label,
                       "scale": {"domain": [treated_label, comparison_label],
                                 "range": [COLOURS["line"], COLOURS["bar"]]}},
             "strokeDash": {"field": "series", "type": "nominal", "title": series_label,
                            "scale": {"domain": [treated_label, comparison_label],
                                      "range": [[1, 0], [5, 3]]}},
             "tooltip": [{"field": "month", "type": "temporal", "title": month_label,
                          "format": "%B %Y"},
                         {"field": "series", "type": "nominal", "title": series_label},
                         {"field": "value", "type": "quantitative", "title": value_label,
                          "format": ",.2f"}]}},
        {"data": {"values": [{"month": start_month, "text": start_label}]},
         "mark": {"type": "rule", "color": COLOURS["note"], "strokeDash": [4, 3], "strokeWidth": 2},
         "encoding": {"x": {"field": "month", "type": "temporal"},
                      "tooltip": [{"field": "text", "type": "nominal"}]}},
        {"data": {"values": [{"month": start_month, "text": start_label}]},
         "mark": {"type": "text", "align": "left", "dx": 4, "dy": 4, "baseline": "top",
                  "color": COLOURS["note"], "fontSize": 11},
         "encoding": {"x": {"field": "month", "type": "temporal"}, "y": {"value": 0},
                      "text": {"field": "text"}}},
    ]
    return spec

"""The funnel plot as a Vega-Lite specification (drawn like insight.charts' charts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from naervaer.insight.charts import COLOURS, LOCALE, SCHEMA


def funnel_chart(points: Sequence[dict[str, Any]], limits: Sequence[dict[str, Any]], *, title: str,
                 x_label: str, y_label: str, inner_label: str, outer_label: str,
                 unit_label: str) -> dict[str, Any]:
    """Ratio (``sar``) against expected days (log scale) per unit, with the 95 % and
    99.8 % control limits around 1."""
    x = {"field": "expected", "type": "quantitative", "title": x_label,
         "scale": {"type": "log"}}
    limit_layers: list[dict[str, Any]] = []
    for key, colour, dash in (("95", COLOURS["line"], [6, 3]), ("99_8", COLOURS["reference"], [2, 2])):
        for side in ("low", "high"):
            limit_layers.append({
                "data": {"values": list(limits)},
                "mark": {"type": "line", "color": colour, "strokeDash": dash, "strokeWidth": 1.5},
                "encoding": {"x": x, "y": {"field": f"{side}_{key}", "type": "quantitative"}}})
    return {
        "$schema": SCHEMA,
        "description": title,
        "width": "container",
        "height": 320,
        "config": {"aria": False, "locale": LOCALE, "font": "DejaVu Sans, Arial, sans-serif",
                   "axis": {"labelFontSize": 11, "titleFontSize": 11}},
        "layer": [
            *limit_layers,
            {"data": {"values": [{"one": 1.0}]},
             "mark": {"type": "rule", "color": COLOURS["note"]},
             "encoding": {"y": {"field": "one", "type": "quantitative"}}},
            {"data": {"values": list(points)},
             "mark": {"type": "circle", "size": 70, "color": COLOURS["bar"], "opacity": 0.85},
             "encoding": {
                 "x": x,
                 "y": {"field": "sar", "type": "quantitative", "title": y_label,
                       "scale": {"zero": False}},
                 "tooltip": [{"field": "name", "title": unit_label},
                             {"field": "sar", "title": y_label, "format": ",.2f"},
                             {"field": "expected", "title": x_label, "format": ",.0f"},
                             {"field": "flag", "title": f"{inner_label} / {outer_label}"}]}},
        ],
    }


def unit_funnel_chart(points: Sequence[dict[str, Any]], limits: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The funnel plot with the page's Danish labels (the benchmark page and the report)."""
    return funnel_chart(
        points, limits, title=_("Fraværsratio"),
        x_label=_("Forventede sygedage (logaritmisk akse)"), y_label=_("Fraværsratio"),
        inner_label=_("95 pct.-grænser"), outer_label=_("99,8 pct.-grænser"), unit_label=_("Enhed"))

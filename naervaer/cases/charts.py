"""The retention plan's graded return as a Vega-Lite chart: planned and actual hours per
week (built like ``naervaer.insight.charts``: plain rows in, a dict out)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from naervaer.insight.charts import COLOURS, Row, _base


def return_schedule_chart(rows: Sequence[Row], *, title: str, week_label: str, hours_label: str,
                          planned_label: str, actual_label: str,
                          full_hours: float | None = None, full_label: str = "") -> dict[str, Any]:
    """``rows``: ``label`` (the week, e.g. "uge 12"), ``planned`` and ``actual`` hours
    (``actual`` None until recorded). Planned hours are a stepped line, actual hours
    bars; ``full_hours`` is the full weekly norm as a dashed rule."""
    long_rows = [{"label": row["label"], "series": series_label, "hours": row[key]}
                 for row in rows
                 for key, series_label in (("planned", planned_label), ("actual", actual_label))
                 if row.get(key) is not None]
    spec = _base(title, long_rows)
    # The weeks in plan order on both layers (a layer may lack weeks without actual hours).
    x = {"field": "label", "type": "ordinal", "title": week_label, "sort": None,
         "scale": {"domain": [row["label"] for row in rows]}, "axis": {"labelAngle": 0}}
    colour = {"field": "series", "type": "nominal", "title": None,
              "scale": {"domain": [planned_label, actual_label],
                        "range": [COLOURS["line"], COLOURS["bar"]]}}
    tooltip = [{"field": "label", "title": week_label}, {"field": "series"},
               {"field": "hours", "type": "quantitative", "title": hours_label, "format": ",.1f"}]
    layers: list[dict[str, Any]] = [
        {"transform": [{"filter": {"field": "series", "equal": actual_label}}],
         "mark": {"type": "bar", "opacity": 0.7},
         "encoding": {"x": x, "y": {"field": "hours", "type": "quantitative", "title": hours_label},
                      "color": colour, "tooltip": tooltip}},
        {"transform": [{"filter": {"field": "series", "equal": planned_label}}],
         "mark": {"type": "line", "interpolate": "step-after", "strokeWidth": 2.5,
                  "point": True},
         "encoding": {"x": x, "y": {"field": "hours", "type": "quantitative"},
                      "color": colour, "tooltip": tooltip}},
    ]
    if full_hours is not None:
        layers.append({"data": {"values": [{"full": full_hours, "text": full_label}]},
                       "mark": {"type": "rule", "color": COLOURS["target"], "strokeDash": [6, 3]},
                       "encoding": {"y": {"field": "full", "type": "quantitative"},
                                    "tooltip": [{"field": "text", "title": None},
                                                {"field": "full", "format": ",.1f"}]}})
    spec["layer"] = layers
    return spec

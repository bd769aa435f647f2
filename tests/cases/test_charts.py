"""The graded return chart: planned and actual hours per week as Vega-Lite."""

from __future__ import annotations

import json

from naervaer.cases.charts import return_schedule_chart


def test_spec_has_planned_and_actual_series():
    rows = [{"label": "uge 27", "planned": 10.0, "actual": 8.0},
            {"label": "uge 28", "planned": 20.0, "actual": None}]
    spec = return_schedule_chart(rows, title="T", week_label="Uge", hours_label="Timer",
                                 planned_label="Planlagt", actual_label="Faktisk", full_hours=37.0,
                                 full_label="Fuld tid")
    values = spec["data"]["values"]
    assert {(row["label"], row["series"], row["hours"]) for row in values} == {
        ("uge 27", "Planlagt", 10.0), ("uge 27", "Faktisk", 8.0), ("uge 28", "Planlagt", 20.0)}
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "line", "rule"]
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == ["uge 27", "uge 28"]
    filters = [layer["transform"][0]["filter"]["equal"] for layer in spec["layer"][:2]]
    assert filters == ["Faktisk", "Planlagt"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["Planlagt", "Faktisk"]
    json.dumps(spec)  # serialisable for json_script


def test_spec_compiles_with_vl_convert():
    import pytest

    vl_convert = pytest.importorskip("vl_convert")
    spec = return_schedule_chart([{"label": "uge 1", "planned": 5.0, "actual": 4.0}], title="T",
                                 week_label="Uge", hours_label="Timer", planned_label="Planlagt",
                                 actual_label="Faktisk")
    svg = vl_convert.vegalite_to_svg(json.dumps({**spec, "width": 400}))
    assert "<svg" in svg

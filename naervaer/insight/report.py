"""The monthly report for the MED/TRIO meeting: a PDF made by WeasyPrint from an HTML
template, with the charts as SVG from the same Vega-Lite specifications as the page.

Front page: the month's own figures beside the rolling 12 months, and the development
chart; then the child units, staff groups, short vs long and spell lengths, each as a
table. Suppression follows the role of whoever asks (``persons``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from naervaer.benchmark.charts import unit_funnel_chart
from naervaer.benchmark.selectors import child_benchmark_view
from naervaer.cases.instruments import instrument_use
from naervaer.followup.compliance import unit_compliance
from naervaer.insight.charts import chart_svg
from naervaer.insight.selection import Selection
from naervaer.insight.selectors.unit import UnitOverview, unit_overview
from naervaer.organisation.models import Unit


@dataclass(frozen=True)
class ReportFigures:
    """The front page's comparison: the period itself and the 12 months up to it."""

    period: UnitOverview
    rolling: UnitOverview


def report_selection(month: dt.date, *, quarter: bool = False, scope: str = "subtree",
                     staff_group: str = "*") -> Selection:
    return Selection("quarter" if quarter else "month", month.replace(day=1), scope, staff_group)


def report_html(unit: Unit, selection: Selection, *, persons: bool, for_pdf: bool = True) -> str:
    period = unit_overview(unit, selection, persons=persons)
    rolling = unit_overview(unit, replace(selection, kind="rolling12"), persons=persons)
    svgs = {}
    if for_pdf and period.as_of is not None:
        for slug in ("udvikling", "underenheder"):
            chart = period.charts.get(slug)
            if chart is not None and chart.spec.get("layer", chart.spec.get("data")):
                svgs[slug] = mark_safe(chart_svg(chart.spec))  # noqa: S308 - SVG made by vl-convert from our data
    compliance = unit_compliance(unit, selection.period_start, selection.period_end, persons=persons)
    instruments = instrument_use(unit, selection.period_start, selection.period_end, persons=persons,
                                 threshold=period.threshold)
    benchmark = (child_benchmark_view(unit, selection.period_start, selection.period_end, persons)
                 if unit.children.exists() else None)
    if for_pdf and benchmark is not None and benchmark.funnel_points:
        svgs["tragt"] = mark_safe(chart_svg(  # noqa: S308 - SVG made by vl-convert from our data
            unit_funnel_chart(benchmark.funnel_points, benchmark.funnel_limits)))
    context = {
        "benchmark": benchmark,
        "benchmark_table": benchmark.table if benchmark is not None else None,
        "compliance": compliance,
        "instruments": instruments,
        "unit": unit,
        "selection": selection,
        "period": period,
        "rolling": rolling,
        # Days per FTE of the period itself first, then the other headline figures.
        "tiles": [(period.period_days_per_fte, rolling.period_days_per_fte),
                  *zip(period.tiles[1:], rolling.tiles[1:], strict=True)],
        "svgs": svgs,
        "comment": period.comment,
        "notes": period.notes,
        "generated": timezone.localtime(),
    }
    return render_to_string("insight/report.html", context)


def report_pdf(unit: Unit, selection: Selection, *, persons: bool) -> bytes:
    """The report as PDF bytes. WeasyPrint is imported here: only the report needs it."""
    from weasyprint import HTML

    html = report_html(unit, selection, persons=persons)
    return bytes(HTML(string=html).write_pdf())

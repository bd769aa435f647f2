"""The monthly (or quarterly) report as a PDF download."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify

from naervaer.accounts.selectors import can_see_persons
from naervaer.insight.report import report_pdf
from naervaer.insight.views.common import unit_in_scope
from naervaer.insight.views.unit import selection_from_request


@login_required
def unit_report(request: HttpRequest, unit_id: str) -> HttpResponse:
    """The report for the page's selection: a quarter when the page shows a quarter,
    otherwise the month the selected period ends in (with its rolling 12 months)."""
    unit = unit_in_scope(request, unit_id)
    selection, _form = selection_from_request(request, unit)
    selection = replace(selection, kind="quarter" if selection.kind == "quarter" else "month")
    pdf = report_pdf(unit, selection, persons=can_see_persons(request.user, unit))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"sygefravaer-{unit.name}-{selection.month:%Y-%m}") or "rapport"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response

"""The benchmark page: the children of a unit side by side, raw and adjusted, with the
funnel plot and its table, the potential and the method in plain Danish; and the
national reference rates HR edits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import can_see_persons, top_units, user_role
from naervaer.benchmark.charts import unit_funnel_chart
from naervaer.benchmark.forms import ALL, BenchmarkForm, RateFormSet
from naervaer.benchmark.selectors import child_benchmark_view, rate_ratio_rows
from naervaer.insight.selection import add_months, default_month, month_end
from naervaer.insight.selectors.unit import Chart, cube_bounds
from naervaer.insight.tables import Cell, Column, Table
from naervaer.insight.views.common import breadcrumbs, unit_in_scope, wants_xlsx, xlsx_response
from naervaer.organisation.models import Employment, Unit
from naervaer.organisation.selectors import unit_descendants


@login_required
def benchmark_start(request: HttpRequest) -> HttpResponse:
    """The viewer's top unit."""
    units = top_units(request.user)
    if not units:
        raise PermissionDenied(_("Du har ingen enheder at sammenligne."))
    return redirect("unit-benchmark", units[0].unit_id)


def _staff_groups(unit: Unit) -> list[str]:
    return sorted(set(Employment.objects.filter(unit__in=unit_descendants(unit))
                      .values_list("staff_group", flat=True)))


@login_required
def benchmark_page(request: HttpRequest, unit_id: str) -> HttpResponse:
    unit = unit_in_scope(request, unit_id)
    persons = can_see_persons(request.user, unit)
    bounds = cube_bounds()
    as_of = bounds[0] if bounds else timezone.localdate()
    first = bounds[1] if bounds else add_months(as_of.replace(day=1), -60)
    last_month = default_month(as_of)
    form = BenchmarkForm(request.GET or None, staff_groups=_staff_groups(unit),
                         first_month=add_months(first, 11), last_month=as_of.replace(day=1))
    data = form.cleaned_data if form.is_valid() else {}
    month = data.get("periode") or last_month
    staff_group = data.get("gruppe") or ALL
    reference = data.get("reference") or "own"
    unit_type = bool(data.get("enhedstype"))
    window_start, window_end = add_months(month, -11), month_end(month)
    view = child_benchmark_view(unit, window_start, window_end, persons, as_of=as_of,
                                staff_group=None if staff_group == ALL else staff_group,
                                reference=reference, unit_type=unit_type, slug="sammenligning")
    funnel_table = _funnel_table(view.funnel_points)
    tables = [view.table, funnel_table]
    if wants_xlsx(request):
        return xlsx_response(request, tables, name=unit.name,
                             subtitle=f"{unit.name}, {window_start:%d-%m-%Y}–{window_end:%d-%m-%Y}")
    chart = Chart("tragt", _("Fraværsratio mod forventede sygedage (tragtdiagram)"),
                  unit_funnel_chart(view.funnel_points, view.funnel_limits))
    context: dict[str, Any] = {
        "unit": unit,
        "breadcrumbs": breadcrumbs(request, unit),
        "form": form,
        "view": view,
        "funnel_table": funnel_table,
        "chart": chart,
        "window_start": window_start,
        "window_end": window_end,
        "as_of": as_of,
        "reference": reference,
        "unit_type": unit_type,
        "staff_group": staff_group,
        "ratios": rate_ratio_rows(view.result) if view.result else [],
        "fit": view.result.fit if view.result else None,
        "export_query": "?" + request.GET.urlencode() if request.GET else "?",
        "can_edit_rates": user_role(request.user) == Role.HR,
    }
    return render(request, "benchmark/benchmark.html", context)


def _funnel_table(points: list[dict[str, Any]]) -> Table:
    table = Table("tragt", _("Tragtdiagrammet som tabel"), [
        Column("name", _("Enhed")), Column("expected", _("Forventede sygedage"), "dec1"),
        Column("actual", _("Faktiske sygedage"), "dec1"), Column("sar", _("Fraværsratio"), "dec2"),
        Column("low", _("95 pct.-interval, fra"), "dec2"), Column("high", _("95 pct.-interval, til"), "dec2"),
        Column("flag", _("Vurdering"))])
    for point in sorted(points, key=lambda point: point["expected"]):
        table.add(point["name"], Cell(point["expected"]), Cell(point["actual"]), Cell(point["sar"]),
                  Cell(point["low"]), Cell(point["high"]), point["flag"])
    return table


@login_required
def reference_rates(request: HttpRequest) -> HttpResponse:
    """HR edits the national sick-absence percentage per staff group."""
    if user_role(request.user) != Role.HR:
        raise PermissionDenied(_("Kun HR kan rette landstallene."))
    formset = RateFormSet(request.POST or None)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        return redirect("benchmark-rates")
    if request.method not in ("GET", "HEAD", "POST"):
        raise Http404
    return render(request, "benchmark/reference_rates.html", {"formset": formset,
                                                               "today": dt.date.today()})

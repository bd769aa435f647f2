"""The unit page: headline figures, development, child units, staff groups and spell
lengths for a selection that lives in the URL (so a link shows the same figures)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from naervaer.accounts.selectors import can_see_persons, visible_units
from naervaer.benchmark.selectors import child_benchmark
from naervaer.cases.instruments import instrument_use
from naervaer.followup.compliance import unit_compliance
from naervaer.insight.selection import ALL_STAFF_GROUPS, Selection, SelectionForm, default_month
from naervaer.insight.selectors.annotations import can_annotate
from naervaer.insight.selectors.unit import cube_bounds, staff_groups_of, unit_overview
from naervaer.insight.views.common import breadcrumbs, unit_in_scope, wants_xlsx, xlsx_response
from naervaer.organisation.models import Unit
from naervaer.targets.selectors import target_progress
from naervaer.wellbeing.selectors import wellbeing_panel


def selection_from_request(request: HttpRequest, unit: Unit) -> tuple[Selection, SelectionForm]:
    """The page's selection: the valid query parameters over the defaults (the 12 months
    up to the last complete month, the unit with its subunits, all staff groups)."""
    bounds = cube_bounds()
    as_of, first, last = bounds or (timezone.localdate(),) * 3
    # Rolling 12 months by default: a year's level, comparable between units and
    # with the national statistics; a single month is one click away.
    default = Selection("rolling12", default_month(as_of), "subtree", ALL_STAFF_GROUPS)
    form = SelectionForm(request.GET or None, staff_groups=staff_groups_of(unit),
                         first_month=first.replace(day=1), last_month=last.replace(day=1))
    if form.is_bound:
        form.is_valid()
    else:
        form = SelectionForm(default_form_data(default), staff_groups=staff_groups_of(unit),
                             first_month=first.replace(day=1), last_month=last.replace(day=1))
        form.is_valid()
    return form.selection(default), form


def default_form_data(selection: Selection) -> dict[str, str]:
    return {"art": selection.kind, "periode": selection.month.strftime("%Y-%m"),
            "omfang": selection.scope, "gruppe": selection.staff_group}


@login_required
def unit_page(request: HttpRequest, unit_id: str) -> HttpResponse:
    unit = unit_in_scope(request, unit_id)
    persons = can_see_persons(request.user, unit)
    selection, form = selection_from_request(request, unit)
    children = list(unit.children.all())
    visible = set(visible_units(request.user).filter(pk__in=[child.pk for child in children])
                  .values_list("pk", flat=True))
    progress = target_progress(unit, selection.period_end)
    overview = unit_overview(
        unit, selection, persons=persons,
        child_visible={child.pk: child.pk in visible for child in children},
        child_persons={child.pk: persons for child in children},
        target_pct=progress["target_pct"] if progress else None)
    group = None if selection.staff_group == ALL_STAFF_GROUPS else selection.staff_group
    # The adjusted child-unit benchmark fits a model: only when asked for (?justeret=1).
    benchmark_table = (child_benchmark(unit, selection.period_start, selection.period_end, persons,
                                       staff_group=group)
                       if request.GET.get("justeret") == "1" and children else None)
    compliance = unit_compliance(unit, selection.period_start, selection.period_end, persons=persons)
    instruments = instrument_use(unit, selection.period_start, selection.period_end, persons=persons,
                                 threshold=overview.threshold)
    if wants_xlsx(request):
        extra = [benchmark_table] if benchmark_table is not None else []
        return xlsx_response(request, [*overview.tables, *compliance.tables, instruments, *extra],
                             name=unit.name,
                             subtitle=f"{unit.name}, {selection.period_start:%d-%m-%Y}–"
                                      f"{selection.period_end:%d-%m-%Y}")
    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs(request, unit),
        "overview": overview,
        "form": form,
        "selection": selection,
        "export_query": selection.query(),
        "can_see_persons": persons,
        "can_comment": can_annotate(request.user, unit),
        "compliance": compliance,
        "benchmark_table": benchmark_table,
        "target_progress": progress,
        # Well-being read beside absence, as the seeds always do.
        "wellbeing": wellbeing_panel(request.user, unit, year=selection.period_end.year,
                                     date_from=selection.period_start, date_to=selection.period_end),
        "instruments": instruments,
    }
    return render(request, "insight/unit.html", context)

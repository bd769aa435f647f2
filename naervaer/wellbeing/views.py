"""The incident register (/haendelser/: HR and leaders see and record incidents and mark
the ladder's steps; TRIO and direktion see counts) and the well-being scores
(/trivsel/: HR imports and lists them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import top_units, user_role
from naervaer.accounts.services import audit_record
from naervaer.insight.tables import Cell, Column, Table
from naervaer.insight.views.common import wants_xlsx, xlsx_response
from naervaer.organisation.models import Unit
from naervaer.wellbeing.forms import IncidentForm, StepForm, WellbeingUploadForm, YearForm
from naervaer.wellbeing.importing import counts, wellbeing_import
from naervaer.wellbeing.models import Incident, IncidentTask, WellbeingScore
from naervaer.wellbeing.selectors import (
    can_see_incidents,
    incident_counts,
    incidents_visible_to,
    measure_label,
)

DETAIL_ROLES = (Role.HR, Role.LEADER)
COUNT_ROLES = (Role.TRIO, Role.DIREKTION)
LIST_LIMIT = 300


def _counts_table(user: Any, date_from: dt.date, date_to: dt.date) -> Table:
    """Incidents per unit (the viewer's top units and the units just below), suppressed
    below the small-group threshold."""
    table = Table("haendelser", _("Hændelser pr. enhed"), [
        Column("unit", _("Enhed")), Column("total", _("I alt"), "int"),
        Column("violence", _("Vold"), "int"), Column("threat", _("Trusler"), "int"),
        Column("other", _("Andre"), "int"), Column("steps_overdue", _("Trin over frist"), "int")])
    units: list[Unit] = []
    for top in top_units(user):
        units.append(top)
        units.extend(top.children.order_by("name"))
    suppressed_any = False
    for unit in units:
        figures = incident_counts(unit, date_from, date_to, persons=False)
        suppressed_any |= figures["suppressed"]
        table.add(unit.name, *(Cell(figures[key], suppressed=figures["suppressed"])
                               for key in ("total", "violence", "threat", "other", "steps_overdue")))
    if suppressed_any:
        threshold = figures["threshold"]
        table.note = _("Enheder med færre end %(n)s hændelser vises ikke (små grupper).") % {"n": threshold}
    return table


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    role = user_role(request.user)
    today = timezone.localdate()
    date_from = today - dt.timedelta(days=365)
    if role in COUNT_ROLES:
        table = _counts_table(request.user, date_from, today)
        if wants_xlsx(request):
            return xlsx_response(request, [table], name=_("haendelser"),
                                 subtitle=f"{date_from:%d-%m-%Y}–{today:%d-%m-%Y}")
        return render(request, "wellbeing/incident_counts.html",
                      {"table": table, "date_from": date_from, "date_to": today})
    if role not in DETAIL_ROLES:
        raise PermissionDenied(_("Hændelsesregistret er for HR og ledere."))
    incidents = list(incidents_visible_to(request.user)[:LIST_LIMIT])
    audit_record(user=request.user, action="view_incidents", object_type="incident_list",
                 object_id="", detail={"count": len(incidents)})
    return render(request, "wellbeing/incidents.html", {
        "incidents": incidents, "limit": LIST_LIMIT, "today": today})


@login_required
def incident_new(request: HttpRequest) -> HttpResponse:
    if user_role(request.user) not in DETAIL_ROLES:
        raise PermissionDenied(_("Kun HR og ledere kan registrere hændelser."))
    from naervaer.wellbeing.services import incident_record

    form = IncidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        incident = incident_record(unit=data["unit"], date=data["date"], kind=data["kind"],
                                   description=data["description"], employee=data["employee"],
                                   user=request.user)
        return redirect("wellbeing:incident", incident.pk)
    return render(request, "wellbeing/incident_new.html", {"form": form},
                  status=400 if form.is_bound else 200)


def _incident_in_scope(request: HttpRequest, pk: int) -> Incident:
    incident = get_object_or_404(Incident.objects.select_related("unit", "employee", "created_by"), pk=pk)
    if not can_see_incidents(request.user, incident.unit):
        raise PermissionDenied(_("Hændelsen ligger uden for dit område."))
    return incident


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident_in_scope(request, pk)
    audit_record(user=request.user, action="view_incident", object_type="incident", object_id=incident.pk)
    tasks = list(incident.tasks.select_related("responsible", "done_by"))
    return render(request, "wellbeing/incident.html", {
        "incident": incident, "tasks": tasks, "today": timezone.localdate()})


@login_required
@require_POST
def incident_step(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    from naervaer.wellbeing.services import incident_step_set

    incident = _incident_in_scope(request, pk)
    task = get_object_or_404(IncidentTask, pk=task_pk, incident=incident)
    form = StepForm(request.POST)
    if form.is_valid():
        incident_step_set(task=task, status=form.cleaned_data["status"], user=request.user)
    return redirect("wellbeing:incident", incident.pk)


def _scores_table(year: int) -> Table:
    table = Table("trivsel", _("Trivsels- og APV-målinger %(year)s") % {"year": year}, [
        Column("unit", _("Enhed")), Column("measure", _("Måling")), Column("value", _("Score"), "dec1"),
        Column("previous", _("Året før"), "dec1"), Column("source", _("Kilde"))])
    previous = {(unit_id, measure): float(value) for unit_id, measure, value in
                WellbeingScore.objects.filter(year=year - 1).values_list("unit_id", "measure", "value")}
    scores = WellbeingScore.objects.filter(year=year).select_related("unit")
    for score in scores.order_by("unit__name", "measure"):
        table.add(score.unit.name, measure_label(score.measure), float(score.value),
                  previous.get((score.unit_id, score.measure)), score.source)
    return table


@login_required
def wellbeing_page(request: HttpRequest) -> HttpResponse:
    if user_role(request.user) != Role.HR:
        raise PermissionDenied(_("Kun HR kan importere og se trivselsmålinger her."))
    result = None
    status = 200
    if request.method == "POST":
        form = WellbeingUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = wellbeing_import([(upload.name or "", upload.read())],
                                      dry_run=form.cleaned_data["dry_run"])
            if result.ok and not result.dry_run:
                audit_record(user=request.user, action="wellbeing_import", object_type="wellbeing",
                             object_id=upload.name or "", detail=counts(result))
            status = 200 if result.ok else 400
        else:
            status = 400
    else:
        form = WellbeingUploadForm()
    years = list(WellbeingScore.objects.order_by("-year").values_list("year", flat=True).distinct())
    year_form = YearForm(request.GET or None)
    chosen = year_form.cleaned_data.get("aar") if year_form.is_valid() else None
    year = chosen or (years[0] if years else timezone.localdate().year)
    table = _scores_table(year)
    if wants_xlsx(request):
        return xlsx_response(request, [table], name=_("trivsel"), subtitle=str(year))
    context: dict[str, Any] = {"form": form, "result": result, "table": table, "years": years,
                               "year": year, "export_query": f"?aar={year}"}
    return render(request, "wellbeing/scores.html", context, status=status)

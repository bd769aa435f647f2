"""Pages: HR's plan overview and template, a unit's action plan, the annual wheels, and a
meeting's agenda (page and PDF) with minutes and decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naervaer.insight.tables import Cell, Column, Table
from naervaer.insight.views.common import wants_xlsx, xlsx_response
from naervaer.organisation.models import Unit
from naervaer.strategy import forms, services
from naervaer.strategy.models import (
    DEFAULT_STANDING_ITEMS,
    AnnualWheel,
    Decision,
    PlanAction,
    StrategyChange,
    WheelMeeting,
)
from naervaer.strategy.selectors import (
    agenda_figures,
    agenda_month,
    bodies_of,
    can_edit_unit,
    can_read_unit,
    default_template,
    is_hr,
    next_meeting,
    plan_headings,
    plan_of,
    plan_state,
    plan_status_rows,
)
from naervaer.wellbeing.selectors import (
    incident_counts,
    measure_label,
    wellbeing_for,
    wellbeing_latest_year,
)

HISTORY_LENGTH = 15


def state_labels() -> dict[str, str]:
    return {"none": _("Ingen plan"), "draft": _("Kladde"), "active": _("Aktiv"),
            "overdue": _("Revision overskredet")}


def _require_hr(request: HttpRequest) -> None:
    if not is_hr(request.user):
        raise PermissionDenied(_("Siden er kun for HR."))


def _readable_unit(request: HttpRequest, unit_pk: int) -> tuple[Unit, bool]:
    """The unit and whether the user may edit its plan and wheel (403 when not even read)."""
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not can_read_unit(request.user, unit):
        raise PermissionDenied(_("Enheden ligger uden for dit område."))
    return unit, can_edit_unit(request.user, unit)


def _editable_unit(request: HttpRequest, unit: Unit) -> None:
    if not can_edit_unit(request.user, unit):
        raise PermissionDenied(_("Du kan kun læse denne enheds handleplan og årshjul."))


def _history(unit: Unit | None) -> list[StrategyChange]:
    return list(StrategyChange.objects.filter(unit=unit)[:HISTORY_LENGTH])


# ------------------------------------------------------------------ HR


def _overview_table(rows: list[Any]) -> Table:
    labels = state_labels()
    table = Table("handleplaner", _("Handleplaner i organisationen"), [
        Column("unit", _("Enhed")), Column("parent", _("Overordnet enhed")),
        Column("state", _("Status")), Column("revise_by", _("Revideres senest")),
        Column("open", _("Åbne handlinger"), "int"), Column("overdue", _("Handlinger over frist"), "int"),
        Column("updated", _("Senest ændret")),
    ])
    for row in rows:
        plan = row.plan
        table.add(
            Cell(row.unit.name, link=reverse("strategy:plan", args=[row.unit.pk])),
            row.parent_name,
            Cell(labels[row.state], css="target-group" if row.state in ("none", "overdue") else ""),
            plan.revise_by.strftime("%d-%m-%Y") if plan and plan.revise_by else "",
            row.open_actions, row.overdue_actions,
            timezone.localtime(plan.updated_at).strftime("%d-%m-%Y") if plan else "")
    return table


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    form = forms.OverviewForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    rows = plan_status_rows(today, state=data.get("status", ""), search=data.get("q", ""))
    table = _overview_table(rows)
    if wants_xlsx(request):
        return xlsx_response(request, [table], name="handleplaner",
                             subtitle=_("Opgjort %(day)s") % {"day": today.strftime("%d-%m-%Y")})
    counts = {key: 0 for key in state_labels()}
    for row in plan_status_rows(today):
        counts[row.state] += 1
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("tabel", None)
    return render(request, "strategy/overview.html", {
        "form": form, "table": table, "export_query": "?" + query.urlencode() if query else "",
        "counts": [(state_labels()[key], count) for key, count in counts.items()],
    })


@login_required
def template_edit(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    template = default_template()
    if request.method == "POST":
        form = forms.TemplateForm(request.POST)
        if form.is_valid():
            services.template_update(user=request.user, name=form.cleaned_data["name"],
                                     headings=form.cleaned_data["headings"])
            messages.success(request, _("Skabelonen er gemt."))
            return redirect("strategy:template")
    else:
        form = forms.TemplateForm(initial={"name": template.name,
                                           "headings": "\n".join(template.headings)})
    return render(request, "strategy/template.html", {
        "form": form, "template": template, "history": _history(None)})


# ------------------------------------------------------------------ plans


@login_required
def plan_page(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit, editable = _readable_unit(request, unit_pk)
    plan = plan_of(unit)
    headings = plan_headings(plan)
    if request.method == "POST":
        _editable_unit(request, unit)
        form = forms.PlanForm(request.POST, headings=headings)
        if form.is_valid():
            plan = plan or services.plan_get_or_create(unit, user=request.user)
            services.plan_update(plan, user=request.user, body=form.body(),
                                 status=form.cleaned_data["status"],
                                 revise_by=form.cleaned_data["revise_by"])
            messages.success(request, _("Handleplanen er gemt."))
            return redirect("strategy:plan", unit_pk=unit.pk)
    else:
        initial: dict[str, Any] = {"status": plan.status if plan else "draft",
                                   "revise_by": plan.revise_by if plan else None}
        if plan is not None:
            initial.update({f"heading_{number}": plan.body.get(heading, "")
                            for number, heading in enumerate(headings)})
        form = forms.PlanForm(initial=initial, headings=headings)
    today = timezone.localdate()
    actions = list(plan.actions.all()) if plan else []
    return render(request, "strategy/plan.html", {
        "unit": unit, "plan": plan, "editable": editable, "form": form,
        "sections": [(heading, plan.body.get(heading, "") if plan else "") for heading in headings],
        "state": plan_state(plan, today), "state_label": state_labels()[plan_state(plan, today)],
        "actions": [(action, forms.ActionStatusForm(initial={"status": action.status},
                                                    prefix=f"a{action.pk}")) for action in actions],
        "today": today,
        "action_form": forms.ActionForm(prefix="ny"), "history": _history(unit),
        "revisions": list(plan.revisions.all()[:5]) if plan else [],
        "wheel_url": reverse("strategy:wheel", args=[unit.pk, today.year]),
    })


@login_required
@require_POST
def action_add(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_pk)
    _editable_unit(request, unit)
    form = forms.ActionForm(request.POST, prefix="ny")
    if form.is_valid():
        plan = services.plan_get_or_create(unit, user=request.user)
        services.action_add(plan, user=request.user, **form.cleaned_data)
        messages.success(request, _("Handlingen er tilføjet."))
    else:
        messages.error(request, _("Handlingen blev ikke gemt: skriv hvad der skal gøres."))
    return redirect(reverse("strategy:plan", args=[unit.pk]) + "#handlinger")


@login_required
@require_POST
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(PlanAction.objects.select_related("plan__unit"), pk=pk)
    unit = action.plan.unit
    _editable_unit(request, unit)
    form = forms.ActionStatusForm(request.POST, prefix=f"a{action.pk}")
    if form.is_valid():
        services.action_update(action, user=request.user, status=form.cleaned_data["status"])
        messages.success(request, _("Status er gemt."))
    return redirect(reverse("strategy:plan", args=[unit.pk]) + "#handlinger")


# ------------------------------------------------------------------ wheels


@login_required
def wheels(request: HttpRequest) -> HttpResponse:
    """The bodies the user works with, each with its wheel of this year and next meeting."""
    today = timezone.localdate()
    units = bodies_of(request.user)
    rows = []
    for unit in units:
        wheel = AnnualWheel.objects.filter(unit=unit, year=today.year).first()
        rows.append({"unit": unit, "wheel": wheel,
                     "next": next_meeting(wheel, today) if wheel else None,
                     "url": reverse("strategy:wheel", args=[unit.pk, today.year]),
                     "plan_url": reverse("strategy:plan", args=[unit.pk])})
    return render(request, "strategy/wheels.html", {"rows": rows, "year": today.year,
                                                    "hr": is_hr(request.user)})


@login_required
def wheel_page(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    unit, editable = _readable_unit(request, unit_pk)
    wheel = AnnualWheel.objects.filter(unit=unit, year=year).first()
    today = timezone.localdate()
    form = forms.MeetingForm(initial={"standing_items": "\n".join(DEFAULT_STANDING_ITEMS)})
    if request.method == "POST":
        _editable_unit(request, unit)
        if "create" in request.POST:
            services.wheel_create(unit, year, user=request.user)
            messages.success(request, _("Årshjulet er oprettet med de faste møder og emner."))
            return redirect("strategy:wheel", unit_pk=unit.pk, year=year)
        form = forms.MeetingForm(request.POST)
        if form.is_valid():
            wheel = wheel or services.wheel_create(unit, year, user=request.user)
            data = form.cleaned_data
            services.meeting_save(wheel, user=request.user, date=data["date"], topic=data["topic"],
                                  standing_items=forms.lines(data["standing_items"]),
                                  revises_plan=data["revises_plan"])
            messages.success(request, _("Mødet er tilføjet."))
            return redirect("strategy:wheel", unit_pk=unit.pk, year=year)
    meetings = list(wheel.meetings.all()) if wheel else []
    upcoming = next_meeting(wheel, today) if wheel else None
    return render(request, "strategy/wheel.html", {
        "unit": unit, "year": year, "wheel": wheel, "meetings": meetings, "editable": editable,
        "form": form, "next": upcoming, "today": today,
        "previous_year": year - 1, "next_year": year + 1,
        "plan_url": reverse("strategy:plan", args=[unit.pk]),
    })


def _meeting(request: HttpRequest, pk: int) -> tuple[WheelMeeting, bool]:
    meeting = get_object_or_404(WheelMeeting.objects.select_related("wheel__unit"), pk=pk)
    _unit, editable = _readable_unit(request, meeting.wheel.unit.pk)
    return meeting, editable


def _agenda_context(meeting: WheelMeeting) -> dict[str, Any]:
    overview = agenda_figures(meeting)
    unit, month = meeting.wheel.unit, agenda_month(meeting.date)
    # Well-being and incidents are read beside absence (the seeds always do): the body's
    # latest scores and the last 12 months' incidents, aggregated and suppressed.
    wellbeing_year = wellbeing_latest_year(unit, up_to=(month or meeting.date).year)
    incidents_to = (month or meeting.date).replace(day=28)
    wellbeing = {
        "year": wellbeing_year,
        "scores": [(measure_label(code), value, previous) for code, value, previous
                   in (wellbeing_for(unit, wellbeing_year) if wellbeing_year else [])],
        "incidents": incident_counts(unit, incidents_to - dt.timedelta(days=365), incidents_to,
                                     persons=False),
    }
    return {"meeting": meeting, "unit": meeting.wheel.unit, "overview": overview,
            "wellbeing": wellbeing,
            "month": agenda_month(meeting.date),
            "children": overview.table("underenheder") if overview is not None else None,
            "plan": plan_of(meeting.wheel.unit),
            "open_actions": list(PlanAction.objects.filter(plan__unit=meeting.wheel.unit)
                                 .exclude(status="done")),
            "previous": (WheelMeeting.objects.filter(wheel__unit=meeting.wheel.unit,
                                                     date__lt=meeting.date)
                         .order_by("-date").first())}


@login_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, editable = _meeting(request, pk)
    context = _agenda_context(meeting)
    context.update({
        "editable": editable,
        "minutes_form": forms.MinutesForm(initial={"minutes": meeting.minutes}),
        "decision_form": forms.DecisionForm(),
        "decisions": [(decision, forms.DecisionActionForm(prefix=f"d{decision.pk}"))
                      for decision in meeting.decisions.select_related("action")],
        "wheel_url": reverse("strategy:wheel", args=[meeting.wheel.unit.pk, meeting.wheel.year]),
    })
    return render(request, "strategy/meeting.html", context)


@login_required
def meeting_next(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """The agenda of the body's next meeting (from today), or its wheel when none is planned."""
    unit, _editable = _readable_unit(request, unit_pk)
    today = timezone.localdate()
    meeting = (WheelMeeting.objects.filter(wheel__unit=unit, date__gte=today)
               .order_by("date", "pk").first())
    if meeting is None:
        messages.info(request, _("Der er intet kommende møde i årshjulet."))
        return redirect("strategy:wheel", unit_pk=unit.pk, year=today.year)
    return redirect("strategy:meeting", pk=meeting.pk)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _editable = _meeting(request, pk)
    _editable_unit(request, meeting.wheel.unit)
    wheel = meeting.wheel
    if request.method == "POST":
        if "delete" in request.POST:
            services.meeting_delete(meeting, user=request.user)
            messages.success(request, _("Mødet er slettet."))
            return redirect("strategy:wheel", unit_pk=wheel.unit.pk, year=wheel.year)
        form = forms.MeetingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.meeting_save(wheel, user=request.user, date=data["date"], topic=data["topic"],
                                  standing_items=forms.lines(data["standing_items"]),
                                  revises_plan=data["revises_plan"], meeting=meeting)
            messages.success(request, _("Mødet er gemt."))
            return redirect("strategy:meeting", pk=meeting.pk)
    else:
        form = forms.MeetingForm(initial={
            "date": meeting.date, "topic": meeting.topic, "revises_plan": meeting.revises_plan,
            "standing_items": "\n".join(meeting.standing_items)})
    return render(request, "strategy/meeting_edit.html", {"meeting": meeting, "form": form,
                                                          "unit": wheel.unit})


@login_required
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML

    meeting, _editable = _meeting(request, pk)
    context = _agenda_context(meeting)
    context["generated"] = timezone.localtime()
    html = render_to_string("strategy/agenda_pdf.html", context)
    response = HttpResponse(bytes(HTML(string=html).write_pdf()), content_type="application/pdf")
    name = slugify(f"dagsorden-{meeting.wheel.unit.name}-{meeting.date:%Y-%m-%d}") or "dagsorden"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
@require_POST
def minutes_save(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _editable = _meeting(request, pk)
    _editable_unit(request, meeting.wheel.unit)
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        services.minutes_save(meeting, user=request.user, minutes=form.cleaned_data["minutes"])
        messages.success(request, _("Referatet er gemt."))
    return redirect(reverse("strategy:meeting", args=[meeting.pk]) + "#referat")


@login_required
@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _editable = _meeting(request, pk)
    _editable_unit(request, meeting.wheel.unit)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        services.decision_add(meeting, user=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Beslutningen er gemt."))
    else:
        messages.error(request, _("Skriv beslutningen."))
    return redirect(reverse("strategy:meeting", args=[meeting.pk]) + "#beslutninger")


@login_required
@require_POST
def decision_action(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting__wheel__unit"), pk=pk)
    unit = decision.meeting.wheel.unit
    _editable_unit(request, unit)
    form = forms.DecisionActionForm(request.POST, prefix=f"d{decision.pk}")
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    deadline: dt.date | None = data.get("deadline")
    services.decision_to_action(decision, user=request.user, owner=data.get("owner", ""),
                                deadline=deadline,
                                core_element=data.get("core_element") or "prevention")
    messages.success(request, _("Beslutningen er nu en handling i handleplanen."))
    return redirect(reverse("strategy:meeting", args=[decision.meeting.pk]) + "#beslutninger")



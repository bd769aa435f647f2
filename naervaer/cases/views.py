"""The case pages: the list of cases in the user's area, one case with its ladder,
conversations, retention plan, events, risk screening and outcome, and an employee's
cases and wellbeing conversations (where a case is opened at a concern). Every page is
person-level and audit-logged; every form re-renders with messages on bad input."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import user_profile, user_role
from naervaer.accounts.services import audit_record
from naervaer.cases.agendas import agenda_for
from naervaer.cases.charts import return_schedule_chart
from naervaer.cases.forms import (
    PRIVACY_HINT,
    CloseForm,
    ConcernForm,
    ConversationForm,
    EventForm,
    EventStatusForm,
    MinutesForm,
    RequestForm,
    RetentionPlanForm,
    RiskForm,
    WeekFormSet,
)
from naervaer.cases.models import (
    Case,
    CaseGuest,
    CaseStatus,
    Conversation,
    ConversationKind,
    EventKind,
    GuestCapacity,
    RetentionPlan,
    RiskLevel,
)
from naervaer.cases.selectors import (
    EDIT,
    GUEST,
    READ,
    can_manage_employee,
    case_access,
    case_ladder,
    cases_visible_to,
    employee_cases,
    units_for_new_case,
    wellbeing_conversations,
)
from naervaer.cases.services import (
    case_close,
    case_guest_invite,
    case_guest_revoke,
    case_open_concern,
    conversation_agenda_send,
    conversation_confirm,
    conversation_minutes_save,
    conversation_record,
    event_record,
    event_status_set,
    next_review,
    retention_plan_request,
    retention_plan_save,
    risk_screening_record,
)
from naervaer.followup.models import Task, TaskStatus
from naervaer.insight.selectors.unit import Chart
from naervaer.insight.tables import Cell, Column, Table
from naervaer.organisation.models import Employee, Employment

CASE_KINDS = [(kind.value, kind.label) for kind in ConversationKind]
STATUS_FILTERS = ("open", "closed", "all")


def _date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "–"


def _errors(request: HttpRequest, error: ValidationError | None = None) -> None:
    if error is None:
        messages.error(request, _("Formularen blev ikke gemt. Ret de markerede felter."))
        return
    for message in error.messages:
        messages.error(request, message)


# --- the list ------------------------------------------------------------------------------

@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if user_role(request.user) not in (Role.HR, Role.LEADER):
        raise PermissionDenied(_("Sygefraværsforløb ses kun af HR og ledere."))
    today = timezone.localdate()
    shown = request.GET.get("status", "open")
    if shown not in STATUS_FILTERS:
        messages.error(request, _("Ukendt visning. Viser de åbne forløb."))
        shown = "open"
    cases = cases_visible_to(request.user).order_by("-opened_at", "-pk")
    if shown != "all":
        cases = cases.filter(status=shown)
    cases_list = list(cases[:1000])
    overdue = Counter(
        Task.objects.filter(employee__in={case.employee_id for case in cases_list},
                            status__in=[TaskStatus.OPEN, TaskStatus.OVERDUE], due_date__lt=today)
        .values_list("employee_id", "spell_start"))
    table = Table(slug="forloeb", title=_("Sygefraværsforløb"), columns=[
        Column("employee", _("Medarbejder")), Column("unit", _("Enhed")), Column("reason", _("Årsag")),
        Column("spell", _("Sygeforløb fra")), Column("opened", _("Oprettet")),
        Column("overdue", _("Overskredne opgaver"), "int"), Column("status", _("Status")),
        Column("outcome", _("Udfald"))])
    for case in cases_list:
        late = overdue.get((case.employee_id, case.spell_start), 0) if case.spell_start else 0
        table.add(Cell(case.employee.name or case.employee.employee_id,
                       link=reverse("cases:detail", args=[case.pk])),
                  case.unit.name, case.get_opened_reason_display(),
                  _date(case.spell_start) if case.spell_start else _("ingen (bekymring)"),
                  _date(case.opened_at), Cell(late, css="status--red" if late else ""),
                  case.get_status_display(), case.get_outcome_display() or "–")
    if len(cases_list) == 1000:
        table.note = _("Viser de 1.000 nyeste forløb.")
    audit_record(user=request.user, action="view_case_list", object_type="case", object_id="",
                 detail={"status": shown, "count": len(cases_list)})
    return render(request, "cases/case_list.html", {
        "table": table, "shown": shown,
        "filters": [("open", _("Åbne")), ("closed", _("Afsluttede")), ("all", _("Alle"))]})


# --- one case ------------------------------------------------------------------------------

def _case(pk: int) -> Case:
    return get_object_or_404(Case.objects.select_related("employee", "unit"), pk=pk)


def _full_hours(case: Case) -> float | None:
    job = (Employment.objects.filter(employee=case.employee, unit=case.unit)
           .order_by("-start_date").first())
    return float(job.weekly_hours) if job is not None else None


def _week_labels(days: list[dt.date]) -> list[str]:
    labels = [_("uge %(week)d") % {"week": day.isocalendar().week} for day in days]
    if len(set(labels)) < len(labels):
        labels = [_("uge %(week)d %(year)d") % {"week": day.isocalendar().week,
                                                 "year": day.isocalendar().year} for day in days]
    return labels


def plan_views(case: Case, plan: RetentionPlan) -> tuple[Table, Chart]:
    """The graded return as a table and a chart (planned vs actual hours per week)."""
    weeks = list(plan.weeks.all())
    labels = _week_labels([week.week_start for week in weeks])
    table = Table(slug="tilbagevenden", title=_("Plan for gradvis tilbagevenden"), columns=[
        Column("week", _("Uge")), Column("start", _("Fra")),
        Column("planned", _("Planlagte timer"), "dec1"), Column("actual", _("Faktiske timer"), "dec1"),
        Column("tasks", _("Opgaver"))])
    rows = []
    for label, week in zip(labels, weeks, strict=True):
        actual = None if week.actual_hours is None else float(week.actual_hours)
        table.add(label, _date(week.week_start), float(week.planned_hours), actual, week.tasks)
        rows.append({"label": label, "planned": float(week.planned_hours), "actual": actual})
    full = _full_hours(case)
    title = _("Planlagte og faktiske timer pr. uge")
    spec = return_schedule_chart(rows, title=title, week_label=_("Uge"), hours_label=_("Timer"),
                                 planned_label=_("Planlagt"), actual_label=_("Faktisk"),
                                 full_hours=full, full_label=_("Fuld tid"))
    return table, Chart(slug="tilbagevenden", title=title, spec=spec)


def _plan_initial(plan: RetentionPlan | None, today: dt.date) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if plan is None:
        return {"aftalt": today, "opfoelgning_dage": 14}, []
    initial = {"aftalt": plan.agreed_on, "kontakt": plan.contact, "tilpasninger": plan.adjustments,
               "stoette": plan.aids, "paragraf_56": plan.section_56, "mentor": plan.mentor,
               "hjaelpemidler": plan.work_aids, "opfoelgning_dage": plan.review_every_days}
    weeks = [{"uge": week.week_start, "planlagt": week.planned_hours, "faktisk": week.actual_hours,
              "opgaver": week.tasks} for week in plan.weeks.all()]
    return initial, weeks


def _conversation_kind(request: HttpRequest) -> str:
    kind = request.GET.get("samtale", "")
    return kind if kind in ConversationKind.values else ConversationKind.SICKNESS


def _render_case(request: HttpRequest, case: Case, access: str,
                 bound: dict[str, Any] | None = None) -> HttpResponse:
    today = timezone.localdate()
    bound = bound or {}
    editable = access == EDIT and case.status == CaseStatus.OPEN
    plan = RetentionPlan.objects.filter(case=case).first()
    plan_table, plan_chart = plan_views(case, plan) if plan is not None else (None, None)
    plan_initial, week_initial = _plan_initial(plan, today)
    kind = _conversation_kind(request)
    screenings = list(case.screenings.order_by("-date", "-pk"))
    context = {
        "case": case,
        "access": access,
        "read_only": access in (READ, GUEST),
        "guest": access == GUEST,
        "guests": list(case.guests.filter(revoked_at__isnull=True).select_related("user")),
        "guest_capacities": GuestCapacity.choices,
        "editable": editable,
        "today": today,
        "privacy_hint": PRIVACY_HINT,
        "ladder": case_ladder(case, today),
        "conversations": list(case.conversations.order_by("-date", "-pk")),
        "agenda_kinds": CASE_KINDS,
        "agenda_kind": kind,
        "plan": plan,
        "plan_table": plan_table,
        "chart": plan_chart,
        "next_review": next_review(plan.agreed_on, plan.review_every_days, today) if plan else None,
        "events": list(case.events.order_by("-date", "-pk")),
        "screenings": screenings,
        "latest_screening": screenings[0] if screenings else None,
        "risk_high": RiskLevel.HIGH,
        "expected_return_kind": EventKind.EXPECTED_RETURN,
        "conversation_form": bound.get("conversation_form") or ConversationForm(initial={
            "dato": today, "art": kind, "dagsorden": agenda_for(kind),
            "with_leader": True, "with_employee": True}),
        "plan_form": bound.get("plan_form") or RetentionPlanForm(initial=plan_initial),
        "week_formset": bound.get("week_formset") or WeekFormSet(initial=week_initial, prefix="uge"),
        "event_form": bound.get("event_form") or EventForm(initial={"dato": today}),
        "event_status_form": EventStatusForm(),
        "risk_form": bound.get("risk_form") or RiskForm(initial={"dato": today}),
        "request_form": bound.get("request_form") or RequestForm(initial={"dato": today}),
        "close_form": bound.get("close_form") or CloseForm(initial={"dato": today}),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    access = case_access(request.user, case)
    if access is None:
        raise PermissionDenied(_("Forløbet ligger uden for dit område."))
    if request.method == "POST":
        return _case_post(request, case, access)
    audit_record(user=request.user, action="view_case", object_type="case", object_id=case.pk,
                 detail={"employee_id": case.employee.employee_id, "access": access})
    return _render_case(request, case, access)


def _done(request: HttpRequest, case: Case, message: str, anchor: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("cases:detail", args=[case.pk]) + f"#{anchor}")


def _case_conversation(request: HttpRequest, case: Case) -> Conversation:
    try:
        pk = int(request.POST.get("samtale", ""))
    except ValueError:
        raise Http404(_("Ukendt samtale.")) from None
    return get_object_or_404(Conversation, pk=pk, case=case)


def _case_post(request: HttpRequest, case: Case, access: str) -> HttpResponse:
    action = request.POST.get("handling", "")
    user = request.user
    if access == GUEST:
        raise PermissionDenied(_("Som inviteret kan du kun læse forløbet."))
    if action == "bekraeft":
        conversation = _case_conversation(request, case)
        side = "employee" if access == READ else "leader"
        try:
            conversation_confirm(conversation=conversation, side=side, user=user)
        except ValidationError as error:
            _errors(request, error)
            return _render_case(request, case, access)
        return _done(request, case, _("Referatet er bekræftet."), "samtaler")
    if access != EDIT:
        raise PermissionDenied(_("Du kan kun læse dit forløb og bekræfte referater."))
    handlers = {"samtale": _post_conversation, "referat": _post_minutes, "plan": _post_plan,
                "anmodning": _post_request, "haendelse": _post_event,
                "haendelse_status": _post_event_status, "risiko": _post_risk, "luk": _post_close,
                "gaest": _post_guest, "gaest_fjern": _post_guest_revoke,
                "send_dagsorden": _post_agenda_send}
    handler = handlers.get(action)
    if handler is None:
        messages.error(request, _("Ukendt handling."))
        return _render_case(request, case, access)
    return handler(request, case)


def _attempt(request: HttpRequest, case: Case, forms: dict[str, Form | Any], write: Any,
             message: str, anchor: str) -> HttpResponse:
    """Validate ``forms``, then ``write()``; on any problem re-render the case page with
    the bound forms and the messages."""
    if all(form.is_valid() for form in forms.values()):
        try:
            write()
        except ValidationError as error:
            _errors(request, error)
        else:
            return _done(request, case, message, anchor)
    else:
        _errors(request)
    return _render_case(request, case, EDIT, bound=forms)


def _post_conversation(request: HttpRequest, case: Case) -> HttpResponse:
    form = ConversationForm(request.POST)

    def write() -> None:
        data = form.cleaned_data
        conversation_record(employee=case.employee, case=case, date=data["dato"], kind=data["art"],
                            participants=form.participants(), agenda=data["dagsorden"],
                            minutes=data["referat"], user=request.user)

    return _attempt(request, case, {"conversation_form": form}, write, _("Samtalen er registreret."),
                    "samtaler")


def _post_minutes(request: HttpRequest, case: Case) -> HttpResponse:
    conversation = _case_conversation(request, case)
    form = MinutesForm(request.POST)

    def write() -> None:
        conversation_minutes_save(conversation=conversation, minutes=form.cleaned_data["referat"],
                                  user=request.user)

    return _attempt(request, case, {"minutes_form": form}, write, _("Referatet er gemt."), "samtaler")


def _post_plan(request: HttpRequest, case: Case) -> HttpResponse:
    form = RetentionPlanForm(request.POST)
    formset = WeekFormSet(request.POST, prefix="uge")

    def write() -> None:
        data = form.cleaned_data
        weeks = [week for week in (item.week() for item in formset.forms) if week is not None]
        retention_plan_save(case=case, agreed_on=data["aftalt"], weeks=weeks, contact=data["kontakt"],
                            adjustments=data["tilpasninger"], aids=data["stoette"],
                            section_56=data["paragraf_56"], mentor=data["mentor"],
                            work_aids=data["hjaelpemidler"], review_every_days=data["opfoelgning_dage"],
                            user=request.user)

    return _attempt(request, case, {"plan_form": form, "week_formset": formset}, write,
                    _("Fastholdelsesplanen er gemt."), "plan")


def _post_request(request: HttpRequest, case: Case) -> HttpResponse:
    form = RequestForm(request.POST)
    return _attempt(request, case, {"request_form": form},
                    lambda: retention_plan_request(case=case, date=form.cleaned_data["dato"],
                                                   user=request.user),
                    _("Anmodningen om en fastholdelsesplan er registreret."), "plan")


def _post_event(request: HttpRequest, case: Case) -> HttpResponse:
    form = EventForm(request.POST)

    def write() -> None:
        data = form.cleaned_data
        event_record(case=case, kind=data["art"], date=data["dato"], status=data["status"],
                     value_date=data["forventet"], note=data["note"], user=request.user)

    return _attempt(request, case, {"event_form": form}, write, _("Hændelsen er registreret."),
                    "haendelser")


def _post_event_status(request: HttpRequest, case: Case) -> HttpResponse:
    form = EventStatusForm(request.POST)
    if not form.is_valid():
        _errors(request)
        return _render_case(request, case, EDIT)
    event = get_object_or_404(case.events, pk=form.cleaned_data["haendelse"])
    return _attempt(request, case, {},
                    lambda: event_status_set(event=event, status=form.cleaned_data["status"],
                                             user=request.user),
                    _("Status er ændret."), "haendelser")


def _post_risk(request: HttpRequest, case: Case) -> HttpResponse:
    form = RiskForm(request.POST)
    return _attempt(request, case, {"risk_form": form},
                    lambda: risk_screening_record(case=case, date=form.cleaned_data["dato"],
                                                  answers=form.answers(), user=request.user),
                    _("Risikovurderingen er gemt."), "risiko")


def _post_close(request: HttpRequest, case: Case) -> HttpResponse:
    form = CloseForm(request.POST)
    return _attempt(request, case, {"close_form": form},
                    lambda: case_close(case=case, outcome=form.cleaned_data["udfald"],
                                       date=form.cleaned_data["dato"], user=request.user),
                    _("Forløbet er afsluttet."), "afslut")


# --- an employee's cases -----------------------------------------------------------------

def _employee(request: HttpRequest) -> tuple[Employee, bool, bool]:
    """The employee of ``?medarbejder=``, whether it is the user themself, whether the user
    manages the employee; 403 for everybody else (without telling whether the id exists)."""
    employee_id = request.GET.get("medarbejder") or request.POST.get("medarbejder") or ""
    employee = Employee.objects.filter(employee_id=employee_id).first()
    profile = user_profile(request.user)
    own = employee is not None and profile is not None and profile.employee_id == employee.pk
    if employee is None:
        if user_role(request.user) in (Role.HR, Role.LEADER):
            raise Http404(_("Ukendt medarbejder."))
        raise PermissionDenied(_("Du har kun adgang til dine egne oplysninger."))
    manage = can_manage_employee(request.user, employee)
    if not own and not manage:
        raise PermissionDenied(_("Medarbejderen er ikke ansat i dit område."))
    return employee, own, manage


def _employee_url(employee: Employee) -> str:
    return reverse("cases:employee") + "?" + urlencode({"medarbejder": employee.employee_id})


@login_required
def employee_page(request: HttpRequest) -> HttpResponse:
    employee, own, manage = _employee(request)
    today = timezone.localdate()
    units = units_for_new_case(request.user, employee, today) if manage else []
    bound: dict[str, Any] = {}
    if request.method == "POST":
        response = _employee_post(request, employee, own, manage, units, bound)
        if response is not None:
            return response
    else:
        audit_record(user=request.user, action="view_employee_cases", object_type="employee",
                     object_id=employee.employee_id, detail={"own": own})
    wellbeing_kind = [(ConversationKind.WELLBEING.value, ConversationKind.WELLBEING.label)]
    context = {
        "employee": employee,
        "own": own,
        "manage": manage,
        "privacy_hint": PRIVACY_HINT,
        "cases": list(employee_cases(request.user, employee).order_by("-opened_at", "-pk")),
        "has_open_concern": Case.objects.filter(employee=employee, spell_start__isnull=True,
                                                status=CaseStatus.OPEN).exists(),
        "conversations": list(wellbeing_conversations(request.user, employee)),
        "units": units,
        "concern_form": bound.get("concern_form") or ConcernForm(units=units, initial={"dato": today}),
        "wellbeing_form": bound.get("wellbeing_form") or ConversationForm(kinds=wellbeing_kind, initial={
            "dato": today, "art": ConversationKind.WELLBEING,
            "dagsorden": agenda_for(ConversationKind.WELLBEING),
            "with_leader": True, "with_employee": True}),
        "wellbeing_unit_form": bound.get("wellbeing_unit_form") or ConcernForm(
            units=units, auto_id="trivsel_%s"),
    }
    return render(request, "cases/employee_cases.html", context)


def _employee_post(request: HttpRequest, employee: Employee, own: bool, manage: bool,
                   units: list[Any], bound: dict[str, Any]) -> HttpResponse | None:
    """Handle a POST; a response on success, None (and ``bound`` forms) to re-render."""
    action = request.POST.get("handling", "")
    back = redirect(_employee_url(employee))
    if action == "bekraeft":
        conversation = _wellbeing(request, employee)
        try:
            conversation_confirm(conversation=conversation, side="leader" if manage else "employee",
                                 user=request.user)
        except ValidationError as error:
            _errors(request, error)
            return None
        messages.success(request, _("Referatet er bekræftet."))
        return back
    if not manage:
        raise PermissionDenied(_("Du kan kun læse og bekræfte referater."))
    by_id = {unit.unit_id: unit for unit in units}
    if action == "bekymring":
        concern = ConcernForm(request.POST, units=units)
        bound["concern_form"] = concern
        if not concern.is_valid():
            _errors(request)
            return None
        try:
            case = case_open_concern(employee=employee, unit=by_id[concern.cleaned_data["enhed"]],
                                     date=concern.cleaned_data["dato"], user=request.user)
        except ValidationError as error:
            _errors(request, error)
            return None
        messages.success(request, _("Forløbet er oprettet."))
        return redirect("cases:detail", pk=case.pk)
    if action == "trivsel":
        form = ConversationForm(request.POST, kinds=[(ConversationKind.WELLBEING.value,
                                                      ConversationKind.WELLBEING.label)])
        unit_form = ConcernForm({"enhed": request.POST.get("enhed", ""), "dato": request.POST.get(
            "dato", "")}, units=units, auto_id="trivsel_%s")
        bound.update(wellbeing_form=form, wellbeing_unit_form=unit_form)
        if not (form.is_valid() and unit_form.is_valid()):
            _errors(request)
            return None
        data = form.cleaned_data
        try:
            conversation_record(employee=employee, case=None, date=data["dato"], kind=data["art"],
                                participants=form.participants(), agenda=data["dagsorden"],
                                minutes=data["referat"], unit=by_id[unit_form.cleaned_data["enhed"]],
                                user=request.user)
        except ValidationError as error:
            _errors(request, error)
            return None
        messages.success(request, _("Trivselssamtalen er registreret."))
        return back
    if action == "referat":
        conversation = _wellbeing(request, employee)
        minutes = MinutesForm(request.POST)
        if not minutes.is_valid():
            _errors(request)
            return None
        conversation_minutes_save(conversation=conversation, minutes=minutes.cleaned_data["referat"],
                                  user=request.user)
        messages.success(request, _("Referatet er gemt."))
        return back
    messages.error(request, _("Ukendt handling."))
    return None


def _wellbeing(request: HttpRequest, employee: Employee) -> Conversation:
    try:
        pk = int(request.POST.get("samtale", ""))
    except ValueError:
        raise Http404(_("Ukendt samtale.")) from None
    return get_object_or_404(wellbeing_conversations(request.user, employee), pk=pk)


def _post_guest(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        case_guest_invite(case=case, username=request.POST.get("brugernavn", ""),
                          capacity=request.POST.get("rolle", ""), user=request.user)
    except ValidationError as error:
        _errors(request, error)
        return _render_case(request, case, EDIT)
    return _done(request, case, _("Brugeren er inviteret til forløbet."), "inviterede")


def _post_guest_revoke(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        pk = int(request.POST.get("invitation", ""))
    except ValueError:
        raise Http404(_("Ukendt invitation.")) from None
    invitation = get_object_or_404(CaseGuest, pk=pk, case=case, revoked_at__isnull=True)
    case_guest_revoke(invitation=invitation, user=request.user)
    return _done(request, case, _("Invitationen er trukket tilbage."), "inviterede")


def _post_agenda_send(request: HttpRequest, case: Case) -> HttpResponse:
    conversation = _case_conversation(request, case)
    try:
        address = conversation_agenda_send(conversation=conversation, user=request.user)
    except ValidationError as error:
        _errors(request, error)
        return _render_case(request, case, EDIT)
    return _done(request, case, _("Dagsordenen er sendt til %(address)s.") % {"address": address},
                 f"samtale-{conversation.pk}")

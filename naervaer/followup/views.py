"""The follow-up pages: the task inbox (leaders: their area; HR: everything), recording a
task as done or waived, and compliance with the policy.

The inbox and the record forms work without JavaScript: the forms are plain POSTs that
redirect back (to ``next`` when it is a local URL). Every view checks the role; a task
the user may not see is a 404, whether it exists or not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, Count, DateField, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import own_area, user_role
from naervaer.accounts.services import audit_record
from naervaer.followup import compliance
from naervaer.followup.forms import (
    STATUS_FILTERS,
    InboxFilterForm,
    PeriodForm,
    TaskDoneForm,
    TaskWaiveForm,
)
from naervaer.followup.models import Task, TaskStatus
from naervaer.followup.selectors import tasks_visible_to
from naervaer.followup.services import task_record
from naervaer.insight.tables import Cell, Column, Table
from naervaer.insight.views.common import wants_xlsx, xlsx_response
from naervaer.organisation.models import Unit, UnitClosure
from naervaer.organisation.selectors import get_settings
from naervaer.web.redirects import safe_next

TASKS_PER_PAGE = 50
ACTIVE = (TaskStatus.OPEN, TaskStatus.OVERDUE)
HISTORY = (TaskStatus.DONE, TaskStatus.WAIVED, TaskStatus.NOT_NEEDED)
INBOX_ROLES = (Role.HR, Role.LEADER)
STATUS_CSS = {TaskStatus.OVERDUE: "status status--red", TaskStatus.OPEN: "status status--yellow",
              TaskStatus.DONE: "status status--green", TaskStatus.WAIVED: "status",
              TaskStatus.NOT_NEEDED: "status"}


def overdue_q(today: dt.date) -> Q:
    """Overdue at ``today``: marked so by the engine, or open past its due date (the
    daily run may not have run yet today)."""
    return Q(status=TaskStatus.OVERDUE) | Q(status=TaskStatus.OPEN, due_date__lt=today)


def status_q(key: str, today: dt.date) -> Q:
    return {
        "aktive": Q(status__in=ACTIVE),
        "over_tid": overdue_q(today),
        "aabne": Q(status=TaskStatus.OPEN, due_date__gte=today),
        "historik": Q(status__in=HISTORY),
        "udfoert": Q(status=TaskStatus.DONE),
        "fravalgt": Q(status=TaskStatus.WAIVED),
        "ikke_noedvendig": Q(status=TaskStatus.NOT_NEEDED),
        "alle": Q(),
    }[key]


def by_urgency(tasks: QuerySet[Task], today: dt.date) -> QuerySet[Task]:
    """Overdue first (oldest due date first), then open by due date, then the history
    (latest due date first)."""
    active = Q(status__in=ACTIVE)
    return tasks.annotate(
        urgency=Case(When(overdue_q(today), then=Value(0)), When(active, then=Value(1)),
                     default=Value(2), output_field=IntegerField()),
        active_due=Case(When(active, then=F("due_date")), default=None, output_field=DateField()),
        history_due=Case(When(active, then=None), default=F("due_date"), output_field=DateField()),
    ).order_by("urgency", F("active_due").asc(nulls_last=True),
               F("history_due").desc(nulls_last=True), "employee__name", "pk")


def due_text(task: Task, today: dt.date) -> str:
    """"i dag", "om 3 dage", "2 dage over tid" for an open task; empty otherwise."""
    if task.status not in ACTIVE:
        return ""
    days = (task.due_date - today).days
    if days == 0:
        return _("i dag")
    if days > 0:
        return ngettext("om %(days)d dag", "om %(days)d dage", days) % {"days": days}
    return ngettext("%(days)d dag over tid", "%(days)d dage over tid", -days) % {"days": -days}


@dataclass
class TaskRow:
    task: Task
    due_text: str
    status_label: str
    status_css: str
    overdue: bool
    active: bool
    recorded: str  # "udført 03-03-2025 af leder" / the waiver's reason


def task_rows(tasks: Any, today: dt.date) -> list[TaskRow]:
    labels = dict(TaskStatus.choices)
    rows = []
    for task in tasks:
        active = task.status in ACTIVE
        overdue = task.status == TaskStatus.OVERDUE or (active and task.due_date < today)
        status = TaskStatus.OVERDUE if overdue else task.status
        recorded = ""
        if task.status == TaskStatus.DONE and task.done_date:
            recorded = _("Udført %(date)s") % {"date": task.done_date.strftime("%d-%m-%Y")}
        elif task.status == TaskStatus.WAIVED:
            recorded = _("Begrundelse: %(reason)s") % {"reason": task.reason}
        rows.append(TaskRow(task, due_text(task, today), str(labels.get(status, status)),
                            STATUS_CSS.get(status, "status"), overdue, active, recorded))
    return rows


def _require_inbox_role(request: HttpRequest) -> str:
    role = user_role(request.user)
    if role not in INBOX_ROLES:
        raise PermissionDenied(_("Opfølgningsopgaver ses af ledere og HR."))
    return str(role)


def area_units(user: Any) -> QuerySet[Unit]:
    """The units whose tasks the user may see: all for HR, the assigned units and below
    for a leader."""
    if user_role(user) == Role.HR:
        return Unit.objects.all()
    return own_area(user)


def _page_links(request: HttpRequest, page: Page) -> dict[str, str]:
    def link(number: int) -> str:
        params = request.GET.copy()
        params["side"] = str(number)
        return "?" + params.urlencode()

    return {"previous": link(page.previous_page_number()) if page.has_previous() else "",
            "next": link(page.next_page_number()) if page.has_next() else ""}


def _report_errors(request: HttpRequest, form: Any) -> None:
    for name, errors in form.errors.items():
        for error in errors:
            if name not in form.fields:
                messages.error(request, _("%(error)s Standardvalget er brugt.") % {"error": error})
                continue
            value = str(form.data.get(name, ""))[:40]
            messages.error(request, _("%(label)s “%(value)s”: %(error)s Filtret er ikke brugt.")
                           % {"label": form.fields[name].label, "value": value, "error": error})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _require_inbox_role(request)
    today = timezone.localdate()
    units = list(area_units(request.user))
    form = InboxFilterForm(request.GET, units=units)
    form.is_valid()
    _report_errors(request, form)
    chosen = form.cleaned_data
    visible = tasks_visible_to(request.user)
    status = chosen.get("status") or "aktive"
    tasks = visible.filter(status_q(status, today))
    unit = None
    if chosen.get("enhed"):
        unit = next(unit for unit in units if unit.unit_id == chosen["enhed"])
        tasks = tasks.filter(unit__in=UnitClosure.objects.filter(ancestor=unit).values("descendant"))
    if chosen.get("ansvarlig"):
        tasks = tasks.filter(responsible="hr" if chosen["ansvarlig"] == "hr" else "leader")
    if chosen.get("frist") is not None:
        tasks = tasks.filter(due_date__lte=today + dt.timedelta(days=chosen["frist"]))
    page = Paginator(by_urgency(tasks, today), TASKS_PER_PAGE).get_page(request.GET.get("side"))
    rows = task_rows(page.object_list, today)
    counts = visible.aggregate(overdue=Count("pk", filter=overdue_q(today)),
                               open=Count("pk", filter=Q(status=TaskStatus.OPEN, due_date__gte=today)))
    audit_record(user=request.user, action="view_followup_inbox", object_type="followup_inbox",
                 object_id=unit.unit_id if unit else "",
                 detail={"status": status, "page": page.number,
                         "employees": sorted({row.task.employee.employee_id for row in rows})})
    history_query = request.GET.copy()
    history_query["status"] = "aktive" if status == "alle" else "alle"
    history_query.pop("side", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "page_links": _page_links(request, page),
        "status": status,
        "status_label": STATUS_FILTERS[status],
        "counts": counts,
        "today": today,
        "history_toggle": "?" + history_query.urlencode(),
        "showing_all": status == "alle",
        "next": request.get_full_path(),
        "is_hr": user_role(request.user) == Role.HR,
    }
    return render(request, "followup/inbox.html", context)


# Recording ------------------------------------------------------------------------------

def _visible_task(request: HttpRequest, pk: int) -> Task:
    _require_inbox_role(request)
    task = tasks_visible_to(request.user).filter(pk=pk).first()
    if task is None:
        raise Http404(_("Ukendt opgave."))
    return task


def _back(request: HttpRequest) -> str:
    return safe_next(request, reverse("followup:inbox"))


def _not_active(request: HttpRequest, task: Task) -> bool:
    if task.status in ACTIVE:
        return False
    messages.error(request, _("Opgaven “%(title)s” er allerede afsluttet (%(status)s).")
                   % {"title": task.title, "status": task.get_status_display()})
    return True


@login_required
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    back = _back(request)
    if _not_active(request, task):
        return redirect(back)
    form = TaskDoneForm(request.POST, trigger_date=task.trigger_date, today=timezone.localdate())
    if not form.is_valid():
        for error in form.errors.get("dato", []):
            messages.error(request, _("“%(title)s” er ikke registreret: %(error)s")
                           % {"title": task.title, "error": error})
        return redirect(back)
    with transaction.atomic():
        task_record(task=task, status=TaskStatus.DONE, date=form.cleaned_data["dato"],
                    user=request.user)
        audit_record(user=request.user, action="followup_task_done", object_type="followup_task",
                     object_id=task.pk,
                     detail={"employee": task.employee.employee_id, "code": task.code,
                             "spell_start": task.spell_start.isoformat(),
                             "date": form.cleaned_data["dato"].isoformat()})
    messages.success(request, _("“%(title)s” for %(employee)s er registreret som udført.")
                     % {"title": task.title, "employee": task.employee.name or task.employee.employee_id})
    return redirect(back)


@login_required
@require_POST
def task_waive(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    back = _back(request)
    if _not_active(request, task):
        return redirect(back)
    form = TaskWaiveForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("begrundelse", []):
            messages.error(request, _("“%(title)s” er ikke fravalgt: %(error)s")
                           % {"title": task.title, "error": error})
        return redirect(back)
    with transaction.atomic():
        task_record(task=task, status=TaskStatus.WAIVED, date=timezone.localdate(),
                    user=request.user, reason=form.cleaned_data["begrundelse"])
        # The reason is not copied into the audit log: it stays with the task only.
        audit_record(user=request.user, action="followup_task_waived", object_type="followup_task",
                     object_id=task.pk,
                     detail={"employee": task.employee.employee_id, "code": task.code,
                             "spell_start": task.spell_start.isoformat()})
    messages.success(request, _("“%(title)s” for %(employee)s er fravalgt.")
                     % {"title": task.title, "employee": task.employee.name or task.employee.employee_id})
    return redirect(back)


# Compliance -----------------------------------------------------------------------------

def period_from_request(request: HttpRequest, today: dt.date) -> tuple[dt.date, dt.date, PeriodForm]:
    default_from, default_to = compliance.default_period(today)
    form = PeriodForm(request.GET or None, last=today + dt.timedelta(days=366))
    if form.is_bound:
        form.is_valid()
        _report_errors(request, form)
        chosen = form.cleaned_data if not form.non_field_errors() else {}
    else:
        form = PeriodForm({"fra": default_from.isoformat(), "til": default_to.isoformat()},
                          last=today + dt.timedelta(days=366))
        form.is_valid()
        chosen = {}
    date_from, date_to = chosen.get("fra") or default_from, chosen.get("til") or default_to
    if date_from > date_to:
        messages.error(request, _("Fra-datoen skal ligge før til-datoen. Standardvalget er brugt."))
        date_from, date_to = default_from, default_to
    return date_from, date_to, form


def _leader_label(key: str, names: dict[str, str]) -> str:
    if key == compliance.HR_GROUP:
        return _("HR (HR's egne opgaver)")
    if key == compliance.NO_LEADER:
        return _("Ingen leder tilknyttet")
    return names.get(key, key)


@login_required
def compliance_page(request: HttpRequest) -> HttpResponse:
    role = _require_inbox_role(request)
    today = timezone.localdate()
    date_from, date_to, form = period_from_request(request, today)
    tasks = tasks_visible_to(request.user)
    units = None if role == Role.HR else area_units(request.user)
    kwargs = {"date_from": date_from, "date_to": date_to, "as_of": today}

    frame = compliance.task_frame(tasks, **kwargs)
    unit_frame = compliance.by_unit(frame, units, **kwargs)
    names = dict((units if units is not None else Unit.objects.all()).values_list("unit_id", "name"))
    depth = dict((units if units is not None else Unit.objects.all()).values_list("unit_id", "depth"))
    unit_table = Table(slug="enheder", title=_("Overholdelse pr. enhed (med underenheder)"),
                       columns=[Column("unit", _("Enhed")), Column("unit_id", _("Enheds-id")),
                                Column("depth", _("Niveau"), "int"),
                                *compliance.figure_columns()])
    for row in unit_frame.sort("group").iter_rows(named=True):
        unit_id = row["group"]
        unit_table.add(Cell(names.get(unit_id, unit_id), link=reverse("unit-detail", args=[unit_id])),
                       unit_id, depth.get(unit_id, 0), *compliance.figure_cells(row))
    unit_table.rows.sort(key=lambda cells: str(cells[0].value).lower())

    leader_frame, leader_names = compliance.by_leader(frame, **kwargs)
    leader_table = Table(slug="ledere", title=_("Overholdelse pr. ansvarlig"),
                         columns=[Column("leader", _("Ansvarlig")), *compliance.figure_columns()])
    for row in leader_frame.iter_rows(named=True):
        leader_table.add(_leader_label(row["group"], leader_names), *compliance.figure_cells(row))
    leader_table.rows.sort(key=lambda cells: str(cells[0].value).lower())

    action_table = compliance.action_table(compliance.by_action(frame, **kwargs))
    totals = compliance.total(frame, **kwargs)
    tables = [unit_table, leader_table, action_table]
    if wants_xlsx(request):
        audit_record(user=request.user, action="export_followup_compliance",
                     object_type="followup_compliance", object_id="",
                     detail={"from": date_from.isoformat(), "to": date_to.isoformat(),
                             "table": request.GET.get("tabel", "")})
        return xlsx_response(request, tables, name="overholdelse",
                             subtitle=f"{date_from:%d-%m-%Y}–{date_to:%d-%m-%Y}")
    context = {
        "form": form,
        "date_from": date_from,
        "date_to": date_to,
        "totals": totals,
        "tables": tables,
        "export_query": "?" + urlencode({"fra": date_from.isoformat(), "til": date_to.isoformat()}),
        "threshold": get_settings().small_group_threshold,
        "is_hr": role == Role.HR,
    }
    return render(request, "followup/compliance.html", context)

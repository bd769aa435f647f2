"""The data subject's export: everything held about one employee, as JSON and as a PDF
the employee can read (GDPR art. 15). ``subject_data`` reads, ``subject_export`` writes
the two files and the audit event."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Model, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.accounts.models import AuditEvent, Profile, Role
from naervaer.accounts.services import audit_record
from naervaer.cases.models import (
    Case,
    CaseEvent,
    CaseGuest,
    CaseOutcome,
    CaseReason,
    CaseStatus,
    Conversation,
    ConversationKind,
    EventKind,
    EventStatus,
    GuestCapacity,
    RetentionPlan,
    ReturnWeek,
    RiskLevel,
    RiskScreening,
)
from naervaer.core.metrics.daily import employee_spells
from naervaer.followup.models import (
    FactKind,
    ReportChannel,
    SickReport,
    SickReportStatus,
    SpellFact,
    Task,
    TaskStatus,
)
from naervaer.insight.selectors.employee import employee_frames, employee_person_figures
from naervaer.metrics.selectors import metrics_config
from naervaer.notices.models import Notice
from naervaer.organisation.models import Absence, AbsenceType, Employee, Employment, Gender
from naervaer.organisation.selectors import get_settings
from naervaer.wellbeing.models import Incident, IncidentKind


class UnknownEmployee(LookupError):
    pass


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Model):
        get_username = getattr(value, "get_username", None)
        return get_username() if get_username else str(value)
    return value


def _rows(queryset: Any, names: list[str]) -> list[dict[str, Any]]:
    """Plain values of ``names`` (dotted for related fields) of every object."""
    rows = []
    for obj in queryset:
        row = {}
        for name in names:
            value: Any = obj
            for part in name.split("."):
                value = None if value is None else getattr(value, part)
            row[name.replace(".", "_")] = _plain(value)
        rows.append(row)
    return rows


def _spells_and_figures(employments: Any, as_of: dt.date) -> tuple[list[dict], dict[str, Any]]:
    config = metrics_config(get_settings())
    jobs, records = employee_frames(employments)
    if jobs.is_empty():
        return [], {}
    spells = employee_spells(jobs, records, as_of, config)
    figures = employee_person_figures(jobs, records, as_of, config)
    figure_row = figures.row(0, named=True) if figures.height else {}
    return ([{key: _plain(value) for key, value in row.items()} for row in spells.iter_rows(named=True)],
            {key: _plain(value) for key, value in figure_row.items()})


def audit_events_about(employee: Employee) -> Any:
    """The audit events that name this employee: views and changes of the person and of
    their cases and incidents."""
    key = employee.employee_id
    cases = [str(pk) for pk in Case.objects.filter(employee=employee).values_list("pk", flat=True)]
    incidents = [str(pk) for pk in Incident.objects.filter(employee=employee).values_list("pk", flat=True)]
    return AuditEvent.objects.filter(
        Q(object_type="employee", object_id=key) | Q(object_type="case", object_id__in=cases)
        | Q(object_type="incident", object_id__in=incidents) | Q(detail__employee=key)
        | Q(detail__employee_id=key) | Q(detail__after__employee=key)
    ).order_by("at", "id")


def subject_data(employee: Employee, *, as_of: dt.date) -> dict[str, Any]:
    """Everything held about ``employee`` as plain values, one list per kind."""
    employments = Employment.objects.filter(employee=employee).select_related("unit")
    cases = Case.objects.filter(employee=employee).select_related("unit")
    spells, figures = _spells_and_figures(employments, as_of)
    return {
        "generated_at": _plain(timezone.now()),
        "as_of": as_of.isoformat(),
        "employee": {"employee_id": employee.employee_id, "name": employee.name},
        "employments": _rows(employments, [
            "employment_id", "unit.unit_id", "unit.name", "staff_group", "weekly_hours",
            "start_date", "end_date", "birth_year", "gender", "hourly_cost"]),
        "absences": _rows(Absence.objects.filter(employment__employee=employee).select_related(
            "employment"), ["employment.employment_id", "type", "start_date", "end_date", "degree",
                            "hours"]),
        "spells": spells,
        "person_figures": figures,
        "followup_tasks": _rows(Task.objects.filter(employee=employee).select_related(
            "unit", "recorded_by"), [
            "spell_start", "code", "title", "source", "policy_name", "responsible", "unit.unit_id",
            "trigger_date", "due_date", "status", "done_date", "reason", "recorded_by"]),
        "spell_facts": _rows(SpellFact.objects.filter(employee=employee).select_related("recorded_by"),
                             ["spell_start", "kind", "date", "value_date", "recorded_by"]),
        "sick_reports": _rows(SickReport.objects.filter(employment__employee=employee).select_related(
            "employment", "recorded_by"), [
            "employment.employment_id", "first_day", "returned_on", "channel", "reported_to",
            "status", "difference", "recorded_at", "recorded_by"]),
        "cases": _rows(cases, [
            "id", "unit.unit_id", "spell_start", "opened_at", "opened_reason", "opened_by", "status",
            "outcome", "closed_at", "closed_by", "plan_requested_on"]),
        "conversations": _rows(Conversation.objects.filter(employee=employee).select_related(
            "recorded_by"), [
            "case_id", "date", "kind", "with_leader", "with_employee", "with_hr",
            "with_representative", "with_second_leader", "with_retention_consultant", "agenda",
            "minutes", "agenda_sent_at", "employee_confirmed_at", "leader_confirmed_at",
            "recorded_by"]),
        "retention_plans": _rows(RetentionPlan.objects.filter(case__employee=employee), [
            "case_id", "agreed_on", "contact", "adjustments", "aids", "section_56", "mentor",
            "work_aids", "review_every_days", "recorded_by", "updated_at"]),
        "return_weeks": _rows(ReturnWeek.objects.filter(plan__case__employee=employee).select_related(
            "plan"), ["plan.case_id", "week_start", "planned_hours", "actual_hours", "tasks"]),
        "case_events": _rows(CaseEvent.objects.filter(case__employee=employee), [
            "case_id", "kind", "date", "status", "value_date", "note", "recorded_by"]),
        "risk_screenings": _rows(RiskScreening.objects.filter(case__employee=employee), [
            "case_id", "date", "previous_long_absence", "expects_long_absence", "strained_work",
            "unclear_return", "worries_about_return", "frequent_absence", "result", "recorded_by"]),
        "case_guests": _rows(CaseGuest.objects.filter(case__employee=employee).select_related("user"), [
            "case_id", "user", "capacity", "invited_by", "invited_at", "revoked_at"]),
        "incidents": _rows(Incident.objects.filter(employee=employee).select_related("unit"), [
            "date", "kind", "unit.unit_id", "description", "created_by", "created_at"]),
        "notices": _rows(Notice.objects.filter(task__employee=employee).select_related("task", "user"), [
            "task.code", "user", "kind", "as_of", "sent_at", "subject"]),
        "user_accounts": _rows(Profile.objects.filter(employee=employee).select_related("user"), [
            "user", "role", "user.is_active", "user.last_login"]),
        "audit_events": _rows(audit_events_about(employee), [
            "at", "username", "action", "object_type", "object_id", "detail"]),
    }


# The PDF's sections: (key in the data, Danish title, {column: Danish label}).
def _sections() -> list[tuple[str, str, dict[str, str]]]:
    by = _("Registreret af")
    return [
        ("employments", _("Ansættelser"), {
            "employment_id": _("Ansættelse"), "unit_unit_id": _("Enhed"), "unit_name": _("Enhedsnavn"),
            "staff_group": _("Personalegruppe"), "weekly_hours": _("Timer/uge"),
            "start_date": _("Start"), "end_date": _("Slut"), "birth_year": _("Fødselsår"),
            "gender": _("Køn"), "hourly_cost": _("Timeløn")}),
        ("absences", _("Fraværsregistreringer fra lønsystemet"), {
            "employment_employment_id": _("Ansættelse"), "type": _("Type"), "start_date": _("Fra"),
            "end_date": _("Til"), "degree": _("Grad %"), "hours": _("Timer")}),
        ("spells", _("Sygeforløb beregnet af Nærvær"), {
            "first_date": _("Første dag"), "last_date": _("Sidste dag"),
            "length_days": _("Kalenderdage"), "is_open": _("Igangværende"), "is_long": _("Langt")}),
        ("followup_tasks", _("Opfølgningsopgaver"), {
            "spell_start": _("Forløb fra"), "title": _("Opgave"), "due_date": _("Frist"),
            "status": _("Status"), "done_date": _("Udført"), "reason": _("Begrundelse"),
            "recorded_by": by}),
        ("spell_facts", _("Registreringer om sygeforløb"), {
            "spell_start": _("Forløb fra"), "kind": _("Hvad"), "date": _("Dato"),
            "value_date": _("Forventet dato"), "recorded_by": by}),
        ("sick_reports", _("Syge- og raskmeldinger"), {
            "first_day": _("Første sygedag"), "returned_on": _("Tilbage"), "channel": _("Kanal"),
            "reported_to": _("Meldt til"), "status": _("Status"), "recorded_by": by}),
        ("cases", _("Sygefraværsforløb"), {
            "id": _("Nr."), "unit_unit_id": _("Enhed"), "opened_at": _("Åbnet"),
            "opened_reason": _("Årsag"), "status": _("Status"), "outcome": _("Resultat"),
            "closed_at": _("Afsluttet")}),
        ("conversations", _("Samtaler og referater"), {
            "case_id": _("Forløb"), "date": _("Dato"), "kind": _("Samtale"), "agenda": _("Dagsorden"),
            "minutes": _("Referat"), "employee_confirmed_at": _("Godkendt af dig"), "recorded_by": by}),
        ("retention_plans", _("Fastholdelsesplaner"), {
            "case_id": _("Forløb"), "agreed_on": _("Aftalt"), "contact": _("Kontakt"),
            "adjustments": _("Tilpasninger"), "aids": _("Støtte")}),
        ("return_weeks", _("Gradvis tilbagevenden"), {
            "plan_case_id": _("Forløb"), "week_start": _("Uge fra"), "planned_hours": _("Planlagte timer"),
            "actual_hours": _("Arbejdede timer"), "tasks": _("Opgaver")}),
        ("case_events", _("Hændelser i forløb"), {
            "case_id": _("Forløb"), "kind": _("Hvad"), "date": _("Dato"), "status": _("Status"),
            "note": _("Note")}),
        ("risk_screenings", _("Risikovurderinger"), {
            "case_id": _("Forløb"), "date": _("Dato"), "result": _("Resultat")}),
        ("case_guests", _("Inviterede til forløb"), {
            "case_id": _("Forløb"), "user": _("Bruger"), "capacity": _("Som"),
            "invited_at": _("Inviteret"), "revoked_at": _("Tilbagekaldt")}),
        ("incidents", _("Hændelser (vold, trusler m.m.)"), {
            "date": _("Dato"), "kind": _("Type"), "description": _("Beskrivelse")}),
        ("notices", _("E-mails sendt om dig"), {
            "task_code": _("Opgave"), "user": _("Modtager"), "sent_at": _("Sendt"), "subject": _("Emne")}),
        ("user_accounts", _("Dine brugerkonti"), {
            "user": _("Bruger"), "role": _("Rolle"), "user_is_active": _("Aktiv")}),
        ("audit_events", _("Hvem har set eller ændret dine oplysninger"), {
            "at": _("Tidspunkt"), "username": _("Bruger"), "action": _("Handling"),
            "object_type": _("Hvad"), "object_id": _("Id")}),
    ]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return dt.date.fromisoformat(value).strftime("%d-%m-%Y")
    if isinstance(value, str) and re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", value):
        return dt.datetime.fromisoformat(value).strftime("%d-%m-%Y %H:%M")
    return str(value)


# Columns holding a code of a TextChoices: the PDF shows the Danish label.
_CHOICES: dict[tuple[str, str], Any] = {
    ("employments", "gender"): Gender, ("absences", "type"): AbsenceType,
    ("followup_tasks", "status"): TaskStatus,
    ("spell_facts", "kind"): FactKind, ("sick_reports", "channel"): ReportChannel,
    ("sick_reports", "status"): SickReportStatus, ("cases", "opened_reason"): CaseReason,
    ("cases", "status"): CaseStatus, ("cases", "outcome"): CaseOutcome,
    ("conversations", "kind"): ConversationKind, ("case_events", "kind"): EventKind,
    ("case_events", "status"): EventStatus, ("risk_screenings", "result"): RiskLevel,
    ("case_guests", "capacity"): GuestCapacity, ("incidents", "kind"): IncidentKind,
    ("user_accounts", "role"): Role,
}


def _figure_labels() -> dict[str, str]:
    return {"spells_182": _("Sygeforløb de seneste 182 dage"),
            "sick_days_182": _("Sygedage de seneste 182 dage"),
            "spells_365": _("Sygeforløb de seneste 365 dage"),
            "sick_days_365": _("Sygedage de seneste 365 dage"),
            "bradford_factor": _("Bradford-faktor (365 dage)")}


def _labelled(key: str, name: str, value: Any) -> str:
    choices = _CHOICES.get((key, name))
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return _cell(value)


def subject_html(data: dict[str, Any]) -> str:
    sections = [{"title": title, "columns": list(columns.values()),
                 "rows": [[_labelled(key, name, row.get(name)) for name in columns]
                          for row in data[key]]}
                for key, title, columns in _sections()]
    figures = [(label, _cell(data["person_figures"][name]))
               for name, label in _figure_labels().items() if name in data["person_figures"]]
    return render_to_string("privacy/subject_export.html", {
        "data": data, "sections": sections, "figures": figures,
        "generated": _cell(data["generated_at"])})


def _file_stem(employee_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", employee_id) or "medarbejder"


def subject_export(*, employee_id: str, out: Path, user: Any = None,
                   as_of: dt.date | None = None) -> list[Path]:
    """Write ``out/<id>.json`` and ``out/<id>.pdf`` and log the export; the event is
    written first, so the export lists it too."""
    from weasyprint import HTML  # only the PDF needs it

    employee = Employee.objects.filter(employee_id=employee_id).first()
    if employee is None:
        raise UnknownEmployee(_("Ukendt medarbejder: %(id)s (ingen medarbejder har dette "
                                "employee_id).") % {"id": employee_id})
    audit_record(user=user, action="subject_export", object_type="employee",
                 object_id=employee.employee_id, detail={"out": str(out)})
    data = subject_data(employee, as_of=as_of or timezone.localdate())
    out.mkdir(parents=True, exist_ok=True)
    stem = _file_stem(employee.employee_id)
    json_path, pdf_path = out / f"{stem}.json", out / f"{stem}.pdf"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    pdf_path.write_bytes(bytes(HTML(string=subject_html(data)).write_pdf()))
    return [json_path, pdf_path]

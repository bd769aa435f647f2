"""Sick reports recorded in the app: create, record the return, reconcile with payroll.

Reports are what the leader (or the employee) knows today; payroll is the record. A
report feeds the follow-up engine until payroll has the absence; then the import
reconciles it: the same dates → matched; other dates → listed for HR as a difference.
Payroll is never changed by a report, and a report is never changed by payroll.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from naervaer.accounts.services import audit_record
from naervaer.followup.models import SickReport, SickReportStatus
from naervaer.organisation.models import Absence, Employment
from naervaer.organisation.selectors import get_settings


class SickReportError(ValueError):
    """A report that cannot be recorded; the message says why (shown in the form)."""


def _last_day(report: SickReport) -> dt.date | None:
    return report.returned_on - dt.timedelta(days=1) if report.returned_on else None


def sick_report_create(*, employment: Employment, first_day: dt.date, channel: str,
                       reported_to: str = "", user: Any, today: dt.date | None = None) -> SickReport:
    today = today or dt.date.today()
    if first_day > today + dt.timedelta(days=1):
        raise SickReportError(_("Første sygedag kan ikke ligge mere end en dag frem i tiden."))
    if first_day < employment.start_date or (employment.end_date and first_day > employment.end_date):
        raise SickReportError(_("Første sygedag ligger uden for ansættelsen."))
    open_or_overlapping = SickReport.objects.filter(employment=employment).filter(
        Q(returned_on__isnull=True) | Q(returned_on__gt=first_day))
    if open_or_overlapping.filter(first_day__lte=first_day).exists():
        raise SickReportError(_("Der er allerede en sygemelding for perioden. Registrér "
                                "raskmeldingen først."))
    with transaction.atomic():
        report = SickReport.objects.create(employment=employment, first_day=first_day,
                                           channel=channel, reported_to=reported_to.strip()[:120],
                                           recorded_by=user)
        audit_record(user=user, action="sick_report_create", object_type="employee",
                     object_id=employment.employee.employee_id,
                     detail={"employment": employment.employment_id, "first_day": first_day.isoformat()})
    return report


def sick_report_return(*, report: SickReport, returned_on: dt.date, user: Any,
                       today: dt.date | None = None) -> SickReport:
    today = today or dt.date.today()
    if returned_on <= report.first_day:
        raise SickReportError(_("Raskmeldingen skal ligge efter første sygedag."))
    if returned_on > today + dt.timedelta(days=1):
        raise SickReportError(_("Raskmeldingen kan ikke ligge mere end en dag frem i tiden."))
    with transaction.atomic():
        report.returned_on = returned_on
        report.status = SickReportStatus.PENDING
        report.difference = ""
        report.save(update_fields=["returned_on", "status", "difference"])
        audit_record(user=user, action="sick_report_return", object_type="employee",
                     object_id=report.employment.employee.employee_id,
                     detail={"first_day": report.first_day.isoformat(),
                             "returned_on": returned_on.isoformat()})
    sick_reports_reconcile(reports=SickReport.objects.filter(pk=report.pk))
    return report


def _format(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else _("ikke raskmeldt")


def sick_reports_reconcile(*, reports: QuerySet[SickReport] | None = None) -> dict[str, int]:
    """Compare reports with the payroll's sick absences of the same employment."""
    sick_types = list(get_settings().sick_types)
    reports = (reports if reports is not None else SickReport.objects.exclude(
        status=SickReportStatus.MATCHED)).select_related("employment")
    counts = {"matched": 0, "differs": 0, "pending": 0}
    changed = []
    for report in reports:
        last = _last_day(report)
        overlapping = Absence.objects.filter(employment=report.employment, type__in=sick_types,
                                             start_date__lte=last or dt.date.max).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=report.first_day)).order_by("start_date")
        first = overlapping.first()
        if first is None:
            status, difference = SickReportStatus.PENDING, ""
        else:
            payroll_last = max(absence.end_date or dt.date.max for absence in overlapping)
            payroll_last_or_none = None if payroll_last == dt.date.max else payroll_last
            if first.start_date == report.first_day and payroll_last_or_none == last:
                status, difference = SickReportStatus.MATCHED, ""
            else:
                status = SickReportStatus.DIFFERS
                difference = _("Løndata: %(start)s – %(end)s; meldt: %(rstart)s – %(rend)s") % {
                    "start": _format(first.start_date), "end": _format(payroll_last_or_none),
                    "rstart": _format(report.first_day), "rend": _format(last)}
        counts[str(status)] += 1
        if (report.status, report.difference) != (status, difference):
            report.status, report.difference = status, difference
            changed.append(report)
    SickReport.objects.bulk_update(changed, ["status", "difference"])
    return counts


def pending_report_absences() -> pl.DataFrame:
    """Reports payroll does not have yet, as sick-absence records for the engine (the
    absences schema of docs/dev/metrics-api.md)."""
    rows = [(employment_id, "egen_sygdom", first_day,
             returned_on - dt.timedelta(days=1) if returned_on else None, 100, None)
            for employment_id, first_day, returned_on in SickReport.objects.filter(
                status=SickReportStatus.PENDING).values_list(
                "employment__employment_id", "first_day", "returned_on")]
    return pl.DataFrame(rows, schema={"employment_id": pl.String, "type": pl.String,
                                      "start_date": pl.Date, "end_date": pl.Date,
                                      "degree": pl.Int64, "hours": pl.Float64}, orient="row")

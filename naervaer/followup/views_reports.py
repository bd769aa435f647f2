"""Sick reports and returns recorded the day they happen (leaders for their area, HR for
all, an employee for themself), and HR's list of differences against payroll."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import (
    UserLike,
    own_area,
    user_profile,
    user_role,
    visible_employments,
)
from naervaer.followup.forms_reports import ReturnForm, SickReportForm
from naervaer.followup.models import SickReport, SickReportStatus
from naervaer.followup.sick_reports import SickReportError, sick_report_create, sick_report_return
from naervaer.organisation.models import Employee, Employment

MAY_REPORT = (Role.HR, Role.LEADER, Role.EMPLOYEE)


def _reports_visible_to(user: UserLike) -> QuerySet[SickReport]:
    reports = SickReport.objects.select_related("employment__employee", "employment__unit")
    role = user_role(user)
    profile = user_profile(user)
    if role == Role.HR:
        return reports
    if role == Role.LEADER:
        return reports.filter(employment__unit__in=own_area(user).values("pk"))
    if profile is not None and profile.employee_id is not None:
        return reports.filter(employment__employee_id=profile.employee_id)
    return reports.none()


def _current_employment(user: UserLike, employee: Employee, day: dt.date) -> Employment | None:
    """The employee's employment on ``day`` that the user may report for."""
    employments = visible_employments(user, employee).filter(start_date__lte=day)
    return (employments.exclude(end_date__lt=day).order_by("-weekly_hours", "employment_id").first())


@login_required
def sick_reports(request: HttpRequest) -> HttpResponse:
    if user_role(request.user) not in MAY_REPORT:
        raise PermissionDenied(_("Din rolle kan ikke registrere sygemeldinger."))
    profile = user_profile(request.user)
    own_id = profile.employee.employee_id if profile and profile.employee else ""
    initial = {"first_day": dt.date.today(), "channel": "phone"}
    if user_role(request.user) == Role.EMPLOYEE:
        initial.update(employee_id=own_id, channel="app")
    form = SickReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        employee = Employee.objects.filter(employee_id=form.cleaned_data["employee_id"].strip()).first()
        employment = (_current_employment(request.user, employee, form.cleaned_data["first_day"])
                      if employee else None)
        if employment is None:
            form.add_error("employee_id", _("Ingen ansættelse du kan melde for på den dag."))
        else:
            try:
                sick_report_create(employment=employment, first_day=form.cleaned_data["first_day"],
                                   channel=form.cleaned_data["channel"],
                                   reported_to=form.cleaned_data["reported_to"], user=request.user)
            except SickReportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Sygemeldingen er registreret. Opfølgningen tager den med "
                                            "ved næste kørsel."))
                return redirect("sick-reports")
    reports = _reports_visible_to(request.user)
    context = {
        "form": form,
        "open_reports": reports.filter(returned_on__isnull=True)[:200],
        "recent": reports.filter(returned_on__isnull=False)[:50],
        "differences": reports.filter(status=SickReportStatus.DIFFERS)[:200]
        if user_role(request.user) in (Role.HR, Role.LEADER) else [],
        "return_form": ReturnForm(initial={"returned_on": dt.date.today()}),
        "is_employee": user_role(request.user) == Role.EMPLOYEE,
    }
    return render(request, "followup/reports/list.html", context)


@login_required
@require_POST
def sick_report_return_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(_reports_visible_to(request.user), pk=report_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Angiv datoen for første dag tilbage på arbejde."))
    else:
        try:
            sick_report_return(report=report, returned_on=form.cleaned_data["returned_on"],
                               user=request.user)
        except SickReportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Raskmeldingen er registreret."))
    return redirect("sick-reports")

"""The employee page, audit-logged: the employee's own page for every role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from naervaer.accounts.selectors import (
    can_see_employee,
    role_sees_persons,
    user_profile,
    visible_employments,
    visible_units,
)
from naervaer.accounts.services import audit_record
from naervaer.organisation.models import Employee
from naervaer.web.selectors import employee_absences


def _own_employee_pk(request: HttpRequest) -> int | None:
    profile = user_profile(request.user)
    return profile.employee_id if profile is not None else None


@login_required
def employee_page(request: HttpRequest, employee_id: str) -> HttpResponse:
    employee = Employee.objects.filter(employee_id=employee_id).first()
    if not role_sees_persons(request.user):
        # Roles without person access may only see themselves; do not reveal
        # whether other ids exist.
        if employee is None or employee.pk != _own_employee_pk(request):
            raise PermissionDenied(_("Du har kun adgang til dine egne oplysninger."))
    elif employee is None:
        raise Http404(_("Ukendt medarbejder."))
    if not can_see_employee(request.user, employee):
        raise PermissionDenied(_("Medarbejderen er ikke ansat i dit område."))
    employments = visible_employments(request.user, employee).select_related("unit")
    visible_unit_pks = set(
        visible_units(request.user)
        .filter(pk__in=[employment.unit_id for employment in employments])
        .values_list("pk", flat=True)
    )
    audit_record(
        user=request.user,
        action="view_employee",
        object_type="employee",
        object_id=employee.employee_id,
        detail={"employments": [employment.employment_id for employment in employments]},
    )
    context = {
        "employee": employee,
        "employments": [(e, e.unit_id in visible_unit_pks) for e in employments],
        "absences": employee_absences(employments),
    }
    return render(request, "web/employee_detail.html", context)

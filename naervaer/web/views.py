"""Pages: start page, unit tree, unit page, employee list and employee page.

Views parse the request, check scope through ``naervaer.accounts.selectors``,
read through selectors and log person-level access in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import (
    can_see_employee,
    can_see_persons,
    can_see_unit,
    role_sees_persons,
    top_units,
    user_profile,
    user_role,
    visible_employments,
    visible_units,
)
from naervaer.accounts.services import audit_record
from naervaer.organisation.models import Employee, Unit
from naervaer.organisation.selectors import get_settings, unit_ancestors
from naervaer.web.selectors import (
    employee_absences,
    subtree_employments,
    subtree_headcounts,
    unit_forest,
)

EMPLOYEES_PER_PAGE = 100


@dataclass(frozen=True)
class Figure:
    """An aggregated number that may be suppressed for small groups."""

    value: int
    suppressed: bool


def _own_employee_pk(request: HttpRequest) -> int | None:
    profile = user_profile(request.user)
    return profile.employee_id if profile is not None else None


def _unit_in_scope(request: HttpRequest, unit_id: str) -> Unit:
    unit = get_object_or_404(Unit, unit_id=unit_id)
    if not can_see_unit(request.user, unit):
        raise PermissionDenied(_("Enheden ligger uden for dit område."))
    return unit


def _breadcrumbs(request: HttpRequest, unit: Unit) -> list[tuple[Unit, bool]]:
    """The units above ``unit``, each with whether the user may open it (names of
    units above the scope are shown, not linked)."""
    ancestors = unit_ancestors(unit)[:-1]
    linked = set(
        visible_units(request.user)
        .filter(pk__in=[ancestor.pk for ancestor in ancestors])
        .values_list("pk", flat=True)
    )
    return [(ancestor, ancestor.pk in linked) for ancestor in ancestors]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    profile = user_profile(request.user)
    if user_role(request.user) == Role.EMPLOYEE and profile and profile.employee:
        return redirect("employee-detail", employee_id=profile.employee.employee_id)
    units = top_units(request.user)
    if len(units) == 1:
        return redirect("unit-detail", unit_id=units[0].unit_id)
    return render(request, "web/home.html", {"units": units})


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    forest = unit_forest(visible_units(request.user))
    return render(request, "web/unit_tree.html", {"forest": forest})


@login_required
def unit_detail(request: HttpRequest, unit_id: str) -> HttpResponse:
    unit = _unit_in_scope(request, unit_id)
    persons = can_see_persons(request.user, unit)
    threshold = get_settings().small_group_threshold
    children = list(unit.children.all())
    counts = subtree_headcounts([unit, *children], as_of=timezone.localdate())

    def figure(pk: int) -> Figure:
        return Figure(value=counts[pk], suppressed=not persons and counts[pk] < threshold)

    context = {
        "unit": unit,
        "breadcrumbs": _breadcrumbs(request, unit),
        "headcount": figure(unit.pk),
        "children": [(child, figure(child.pk)) for child in children],
        "can_see_persons": persons,
        "threshold": threshold,
    }
    return render(request, "web/unit_detail.html", context)


@login_required
def unit_employees(request: HttpRequest, unit_id: str) -> HttpResponse:
    if not role_sees_persons(request.user):
        raise PermissionDenied(_("Din rolle giver ikke adgang til personoplysninger."))
    unit = _unit_in_scope(request, unit_id)
    if not can_see_persons(request.user, unit):
        raise PermissionDenied(_("Din rolle giver ikke adgang til personoplysninger."))
    show_all = request.GET.get("alle") == "1"
    employments = subtree_employments(
        unit, as_of=timezone.localdate(), current_only=not show_all
    )
    page = Paginator(employments, EMPLOYEES_PER_PAGE).get_page(request.GET.get("side"))
    audit_record(
        user=request.user,
        action="view_employee_list",
        object_type="unit",
        object_id=unit.unit_id,
        detail={"all": show_all, "page": page.number},
    )
    context = {
        "unit": unit,
        "breadcrumbs": _breadcrumbs(request, unit),
        "page": page,
        "show_all": show_all,
    }
    return render(request, "web/unit_employees.html", context)


@login_required
def employee_detail(request: HttpRequest, employee_id: str) -> HttpResponse:
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

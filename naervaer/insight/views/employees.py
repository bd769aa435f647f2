"""The employees of a unit (roles that may see persons), audit-logged."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.accounts.selectors import can_see_persons, role_sees_persons
from naervaer.accounts.services import audit_record
from naervaer.insight.views.common import breadcrumbs, unit_in_scope
from naervaer.web.selectors import subtree_employments

EMPLOYEES_PER_PAGE = 100


@login_required
def unit_employees(request: HttpRequest, unit_id: str) -> HttpResponse:
    if not role_sees_persons(request.user):
        raise PermissionDenied(_("Din rolle giver ikke adgang til personoplysninger."))
    unit = unit_in_scope(request, unit_id)
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
        "breadcrumbs": breadcrumbs(request, unit),
        "page": page,
        "show_all": show_all,
    }
    return render(request, "web/unit_employees.html", context)

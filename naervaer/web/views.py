"""Pages: start page and unit tree (the figures pages are in ``naervaer.insight``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import top_units, user_profile, user_role, visible_units
from naervaer.web.selectors import unit_forest


@login_required
def home(request: HttpRequest) -> HttpResponse:
    profile = user_profile(request.user)
    if user_role(request.user) == Role.EMPLOYEE and profile and profile.employee:
        return redirect("employee-detail", employee_id=profile.employee.employee_id)
    units = top_units(request.user)
    if not units and user_role(request.user) is None:
        # Invited to cases only (TR/AMR, a companion, the jobcenter): straight there.
        from naervaer.cases.selectors import guest_cases

        invited = list(guest_cases(request.user)[:2])
        if len(invited) == 1:
            return redirect("cases:detail", pk=invited[0].pk)
        if invited:
            return render(request, "web/home.html", {"units": [], "cases": guest_cases(request.user)})
    if len(units) == 1:
        return redirect("unit-detail", unit_id=units[0].unit_id)
    return render(request, "web/home.html", {"units": units})


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    forest = unit_forest(visible_units(request.user))
    return render(request, "web/unit_tree.html", {"forest": forest})

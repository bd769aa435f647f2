"""The unit page: headline figures, development, child units, staff groups."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from naervaer.accounts.selectors import can_see_persons
from naervaer.insight.views.common import breadcrumbs, unit_in_scope
from naervaer.organisation.selectors import get_settings
from naervaer.web.selectors import subtree_headcounts


@dataclass(frozen=True)
class Figure:
    """An aggregated number that may be suppressed for small groups."""

    value: int
    suppressed: bool


@login_required
def unit_page(request: HttpRequest, unit_id: str) -> HttpResponse:
    unit = unit_in_scope(request, unit_id)
    persons = can_see_persons(request.user, unit)
    threshold = get_settings().small_group_threshold
    children = list(unit.children.all())
    counts = subtree_headcounts([unit, *children], as_of=timezone.localdate())

    def figure(pk: int) -> Figure:
        return Figure(value=counts[pk], suppressed=not persons and counts[pk] < threshold)

    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs(request, unit),
        "headcount": figure(unit.pk),
        "children": [(child, figure(child.pk)) for child in children],
        "can_see_persons": persons,
        "threshold": threshold,
    }
    return render(request, "web/unit_detail.html", context)

"""Reads behind the web pages: unit tree, headcounts and employee lists.

Scope checks are not made here; views call ``naervaer.accounts.selectors`` first.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from naervaer.organisation.models import Absence, Employment, Unit, UnitClosure
from naervaer.organisation.selectors import unit_descendants


@dataclass
class TreeNode:
    unit: Unit
    children: list[TreeNode] = field(default_factory=list)


def unit_forest(units: QuerySet[Unit]) -> list[TreeNode]:
    """The given units as nested nodes; a unit whose parent is not among them is a root.

    One query; the nesting is built in memory from the parent links.
    """
    nodes = {unit.pk: TreeNode(unit) for unit in units.order_by("depth", "name")}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def _current(as_of: datetime.date) -> Q:
    return Q(start_date__lte=as_of) & (Q(end_date__isnull=True) | Q(end_date__gte=as_of))


def subtree_employments(
    unit: Unit, *, as_of: datetime.date, current_only: bool = True
) -> QuerySet[Employment]:
    """Employments placed in ``unit`` or below it; only those current on ``as_of``
    unless ``current_only`` is False."""
    employments = Employment.objects.filter(unit__in=unit_descendants(unit).values("pk"))
    if current_only:
        employments = employments.filter(_current(as_of))
    return employments.select_related("employee", "unit").order_by(
        "employee__name", "employee__employee_id", "start_date", "employment_id"
    )


def subtree_headcounts(units: Iterable[Unit], *, as_of: datetime.date) -> dict[int, int]:
    """Distinct employees with a current employment in each unit's subtree, by unit pk
    (one grouped query over the closure table)."""
    unit_pks = [unit.pk for unit in units]
    rows = (
        UnitClosure.objects.filter(ancestor__in=unit_pks)
        .filter(
            Q(descendant__employments__start_date__lte=as_of)
            & (
                Q(descendant__employments__end_date__isnull=True)
                | Q(descendant__employments__end_date__gte=as_of)
            )
        )
        .values("ancestor")
        .annotate(headcount=Count("descendant__employments__employee", distinct=True))
    )
    counts = dict.fromkeys(unit_pks, 0)
    counts.update({row["ancestor"]: row["headcount"] for row in rows})
    return counts


def employee_absences(employments: QuerySet[Employment]) -> QuerySet[Absence]:
    """Absence records of the given employments, newest first."""
    return (
        Absence.objects.filter(employment__in=employments.values("pk"))
        .select_related("employment__unit")
        .order_by("-start_date", "key")
    )

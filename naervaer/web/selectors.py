"""Reads behind the web pages: the unit tree and an employee's absence records.

Scope checks are not made here; views call ``naervaer.accounts.selectors`` first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from naervaer.organisation.models import Absence, Employment, Unit


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


def employee_absences(employments: QuerySet[Employment]) -> QuerySet[Absence]:
    """Absence records of the given employments, newest first."""
    return (
        Absence.objects.filter(employment__in=employments.values("pk"))
        .select_related("employment__unit")
        .order_by("-start_date", "key")
    )

"""Writes to the organisation tree."""

from __future__ import annotations

from django.db import transaction

from naervaer.core.tree import closure_pairs, depths
from naervaer.organisation.models import OrganisationSettings, Unit, UnitClosure


@transaction.atomic
def unit_tree_rebuild() -> None:
    """Recompute every unit's depth and the closure table from the parent links."""
    parent_of = dict(Unit.objects.values_list("id", "parent_id"))
    depth_of = depths(parent_of)
    stale = [
        unit for unit in Unit.objects.only("id", "depth") if unit.depth != depth_of[unit.id]
    ]
    for unit in stale:
        unit.depth = depth_of[unit.id]
    Unit.objects.bulk_update(stale, ["depth"], batch_size=1000)
    UnitClosure.objects.all().delete()
    UnitClosure.objects.bulk_create(
        [
            UnitClosure(ancestor_id=ancestor, descendant_id=descendant, distance=distance)
            for ancestor, descendant, distance in closure_pairs(parent_of)
        ],
        batch_size=2000,
    )


def unit_create(*, unit_id: str, name: str, parent: Unit | None = None, unit_type: str = "") -> Unit:
    """Create one unit and refresh the tree (for tests, fixtures and the admin)."""
    unit = Unit.objects.create(unit_id=unit_id, name=name, parent=parent, unit_type=unit_type)
    unit_tree_rebuild()
    unit.refresh_from_db()
    return unit


def settings_update(**fields: object) -> OrganisationSettings:
    """Change organisation settings; every figure depends on them (signals mark it)."""
    settings, _ = OrganisationSettings.objects.get_or_create(pk=1)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    return settings

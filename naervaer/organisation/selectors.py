"""Reads of the organisation tree and settings."""

from __future__ import annotations

from django.db.models import QuerySet

from naervaer.organisation.models import OrganisationSettings, Unit


def get_settings() -> OrganisationSettings:
    settings, _ = OrganisationSettings.objects.get_or_create(pk=1)
    return settings


def unit_descendants(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    """All units below ``unit`` (one indexed query on the closure table)."""
    units = Unit.objects.filter(ancestor_links__ancestor=unit)
    if not include_self:
        units = units.exclude(pk=unit.pk)
    return units


def unit_ancestors(unit: Unit) -> list[Unit]:
    """From the root down to ``unit`` itself."""
    return list(
        Unit.objects.filter(descendant_links__descendant=unit).order_by("-descendant_links__distance")
    )

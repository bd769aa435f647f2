"""Single-row edits (admin, services) mark the metric cube stale. Imports write in bulk,
which sends no signals; they mark it themselves (imports.services)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from naervaer.metrics.services import metrics_mark_changed
from naervaer.organisation.models import Absence, Employment, OrganisationSettings, Unit


def _changed_from_start(sender: type, instance: Any, **kwargs: Any) -> None:
    metrics_mark_changed(from_day=instance.start_date)


def _changed_everything(sender: type, instance: Any, **kwargs: Any) -> None:
    metrics_mark_changed(rebuild=True)


def _settings_changed(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    # The default row, created on first read, changes no figure.
    if not created:
        metrics_mark_changed(rebuild=True)


def connect() -> None:
    dated: tuple[type, ...] = (Absence, Employment)
    structural: tuple[type, ...] = (Unit,)
    for model in dated:
        post_save.connect(_changed_from_start, sender=model, dispatch_uid=f"metrics-{model}")
        post_delete.connect(_changed_from_start, sender=model, dispatch_uid=f"metrics-d-{model}")
    for model in structural:
        post_save.connect(_changed_everything, sender=model, dispatch_uid=f"metrics-{model}")
        post_delete.connect(_changed_everything, sender=model, dispatch_uid=f"metrics-d-{model}")
    post_save.connect(_settings_changed, sender=OrganisationSettings, dispatch_uid="metrics-settings")

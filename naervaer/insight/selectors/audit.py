"""Reads of the audit log for HR: filtered, newest first."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from naervaer.accounts.models import AuditEvent


def audit_events(*, bruger: str = "", handling: str = "", objekt: str = "",
                 fra: dt.date | None = None, til: dt.date | None = None) -> QuerySet[AuditEvent]:
    """Events whose user name contains ``bruger``, with action ``handling``, object id
    containing ``objekt``, on a day (local time) within [fra, til]; newest first."""
    events = AuditEvent.objects.all()
    if bruger:
        events = events.filter(username__icontains=bruger)
    if handling:
        events = events.filter(action=handling)
    if objekt:
        events = events.filter(object_id__icontains=objekt)
    if fra is not None:
        events = events.filter(at__date__gte=fra)
    if til is not None:
        events = events.filter(at__date__lte=til)
    return events.order_by("-at", "-id")


def audit_actions() -> list[str]:
    """Every action recorded so far (for the filter's choices)."""
    return sorted(set(AuditEvent.objects.values_list("action", flat=True).distinct()))

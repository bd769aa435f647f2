"""Roles, unit scopes and the audit log of person-level access."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR = "hr", _("HR / sygefraværskoordinator")
    LEADER = "leader", _("Leder")
    TRIO = "trio", _("TRIO / MED")
    DIREKTION = "direktion", _("Direktion")
    EMPLOYEE = "employee", _("Medarbejder")


class Profile(models.Model):
    """A user's role and scope: ``units`` (with descendants) for leader and trio,
    ``employee`` for the employee role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    units = models.ManyToManyField("organisation.Unit", blank=True, related_name="profiles")
    employee = models.ForeignKey(
        "organisation.Employee", null=True, blank=True, on_delete=models.SET_NULL
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class AuditEventQuerySet(models.QuerySet):
    """Bulk writes refused as well: ``update()`` and ``delete()`` (and ``bulk_update``,
    which updates) raise. The one way to remove events is ``audit_events_expire``."""

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionDenied("The audit log is append-only")

    def delete(self):  # type: ignore[no-untyped-def]
        raise PermissionDenied("The audit log is append-only")


class AuditEvent(models.Model):
    """Append-only: who looked at or changed what, and when."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        who = self.username or "-"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionDenied("The audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionDenied("The audit log is append-only")


def audit_events_expire(*, before: datetime.datetime) -> int:
    """Delete the events written before ``before``: the retention purge's path
    (naervaer.privacy.services.purge) and the only deletion of audit events in the app."""
    expired = AuditEvent.objects.filter(at__lt=before)
    deleted, _per_model = models.QuerySet.delete(expired)
    return deleted

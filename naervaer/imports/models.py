"""The log of successful imports (spec/import-format.md, "Report")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Source(models.TextChoices):
        CLI = "cli", _("Kommandolinje")
        UPLOAD = "upload", _("Upload")
        DEMO = "demo", _("Demodata")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    # [{"name": ..., "table": ..., "sha256": ..., "rows": ...}]
    files = models.JSONField(default=list)
    # {"units": {"created": n, "updated": n, "unchanged": n, "deleted": n}, ...}
    counts = models.JSONField(default=dict)
    replace_absences_from = models.DateField(null=True, blank=True)
    notes = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.created_at:%Y-%m-%d %H:%M})"

"""What the stored metric cube still has to catch up with."""

from __future__ import annotations

from django.db import models


class MetricsState(models.Model):
    """A single row (pk=1). ``dirty_from``: the earliest day whose figures may have changed
    since the cube was built; ``rebuild``: everything must be recomputed (tree or settings)."""

    dirty_from = models.DateField(null=True, blank=True)
    rebuild = models.BooleanField(default=True)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        if self.rebuild:
            return "rebuild"
        return f"dirty from {self.dirty_from}" if self.dirty_from else "clean"

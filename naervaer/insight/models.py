"""What leaders add to the figures: comments on a period, notes on the time line and the
unit's staffing priority ladder. Free text is for context, never for health details."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TEXT_MAX = 1000


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Måned")
    QUARTER = "quarter", _("Kvartal")


class UnitComment(models.Model):
    """The leader's explanation of a unit's development in a month or quarter (Køge's
    direktion explains every quarter); shown on the unit page and in the report."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="comments")
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField()
    text = models.TextField(max_length=TEXT_MAX)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "period_kind", "period_start"],
                                               name="one_comment_per_unit_period")]
        ordering = ["-period_start"]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_kind} {self.period_start}"


class TimelineNote(models.Model):
    """An event that explains the development (new leader, rebuilding, reform), drawn as
    a mark on the unit's development chart."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE,
                             related_name="timeline_notes")
    date = models.DateField()
    text = models.CharField(max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text}"


class StaffingStep(models.Model):
    """One step of a unit's priority ladder (prioriteringstrappe, Brønderslev): which
    tasks are done when ``min_absent`` to ``max_absent`` colleagues are absent."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE,
                             related_name="staffing_steps")
    min_absent = models.PositiveSmallIntegerField()
    max_absent = models.PositiveSmallIntegerField(null=True, blank=True,
                                                  help_text=_("Tom = og derover"))
    title = models.CharField(max_length=120)
    tasks = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["unit", "min_absent"]
        constraints = [models.UniqueConstraint(fields=["unit", "min_absent"],
                                               name="one_step_per_level")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.min_absent}–{self.max_absent or ''} {self.title}"

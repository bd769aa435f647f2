"""Targets (måltal) per unit and year, and the escalations of units above their target.

A unit's target holds for its subtree: a unit without its own target inherits the
nearest ancestor's (the organisation's target is the root's). Escalations are not
employee tasks (``followup.Task`` is keyed by employee and spell), so they have their
own small models: one ``UnitEscalation`` per unit and quarter, with its tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naervaer.core.targets import quarter_label


class Measure(models.TextChoices):
    ABSENCE_PCT = "absence_pct", _("Sygefravær i procent")
    DAYS_PER_FTE = "days_per_fte", _("Sygedage pr. årsværk")


class TargetSource(models.TextChoices):
    MANUAL = "manual", _("Sat af HR")
    BROKEN_DOWN = "broken_down", _("Brudt ned fra enheden over")
    SUGGESTED = "suggested", _("Forslag fra landstal")


class UnitTarget(models.Model):
    """A unit's own target for a calendar year, read as the rolling 12 months ending in
    December of that year."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("år"))
    measure = models.CharField(_("mål for"), max_length=16, choices=Measure.choices)
    value = models.FloatField(_("måltal"))
    short_value = models.FloatField(_("måltal for korttidsfravær"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=16, choices=TargetSource.choices,
                              default=TargetSource.MANUAL)
    note = models.CharField(_("bemærkning"), max_length=255, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_target_per_unit_year")]
        ordering = ["year", "unit__unit_id"]
        verbose_name = _("måltal")
        verbose_name_plural = _("måltal")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.value} {self.measure}"


class EscalationReason(models.TextChoices):
    ABOVE_TARGET = "above_target", _("Over måltallet hele kvartalet")
    RISING = "rising", _("Markant stigning i kvartalet")


class UnitEscalation(models.Model):
    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE,
                             related_name="escalations")
    quarter = models.DateField(_("kvartal"), help_text=_("Kvartalets første dag."))
    reason = models.CharField(_("årsag"), max_length=16, choices=EscalationReason.choices)
    measure = models.CharField(max_length=16, choices=Measure.choices)
    value = models.FloatField(_("værdi ved kvartalets udgang"))
    target = models.FloatField(_("måltal"), null=True, blank=True)
    previous = models.FloatField(_("værdi før kvartalet"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "quarter"],
                                               name="one_escalation_per_unit_quarter")]
        ordering = ["-quarter", "unit__name"]
        verbose_name = _("eskalering")
        verbose_name_plural = _("eskaleringer")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.quarter_label}: {self.reason}"

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def done(self) -> bool:
        return all(task.status == EscalationTask.Status.DONE for task in self.tasks.all())


class EscalationTask(models.Model):
    class Kind(models.TextChoices):
        EXPLAIN = "explain", _("Forklar udviklingen")
        MEET_HR = "meet_hr", _("Møde med HR")
        REVISE_PLAN = "revise_plan", _("Skriv eller revidér handleplanen")

    class Responsible(models.TextChoices):
        UNIT_LEADER = "unit_leader", _("Enhedens leder")
        LEADER_ABOVE = "leader_above", _("Lederen over")
        HR = "hr", _("HR")

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        DONE = "done", _("Udført")

    escalation = models.ForeignKey(UnitEscalation, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    responsible = models.CharField(max_length=16, choices=Responsible.choices)
    due_date = models.DateField(_("frist"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("bemærkning"), blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["escalation", "kind"],
                                               name="one_task_per_escalation_kind")]
        ordering = ["escalation", "due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.escalation} {self.kind} ({self.status})"


class EscalationNotice(models.Model):
    """An escalation told to one user by e-mail (once)."""

    escalation = models.ForeignKey(UnitEscalation, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.CharField(max_length=254)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["escalation", "user"],
                                               name="one_notice_per_escalation_user")]

    def __str__(self) -> str:
        return f"{self.escalation} → {self.email}"

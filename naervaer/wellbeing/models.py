"""Well-being/APV scores per unit and year, and the incident register with its ladder
steps and the record of notices sent. No health fields: an incident's description is
short free text with a visible warning in the form."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class WellbeingScore(models.Model):
    """One score (0–100) of one measure for one unit and year, from the employer's own
    survey (trivselsmåling, APV). Keyed by (unit, year, measure); imports upsert."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE,
                             related_name="wellbeing_scores")
    year = models.PositiveSmallIntegerField()
    measure = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    source = models.CharField(max_length=80, blank=True, help_text=_("Fx ”APV 2025”"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__name", "-year", "measure"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "measure"],
                                               name="one_score_per_unit_year_measure")]
        verbose_name = _("trivselsmåling")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.measure}: {self.value}"


class IncidentKind(models.TextChoices):
    VIOLENCE = "violence", _("Vold")
    THREAT = "threat", _("Trusler")
    OTHER = "other", _("Anden belastende hændelse")


DESCRIPTION_HINT = _("Kort beskrivelse af situationen, højst 300 tegn. "
                     "Ingen helbredsoplysninger og ingen navne.")


class Incident(models.Model):
    """A violent, threatening or otherwise stressful episode in a unit. The employee is
    optional; the description holds no health details and no names."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="incidents")
    date = models.DateField(db_index=True)
    kind = models.CharField(max_length=12, choices=IncidentKind.choices)
    description = models.CharField(max_length=300, blank=True, help_text=DESCRIPTION_HINT)
    employee = models.ForeignKey("organisation.Employee", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="incidents")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "date"])]
        verbose_name = _("hændelse")

    def __str__(self) -> str:
        return f"{self.date} {self.kind} ({self.unit_id})"


class IncidentStep(models.TextChoices):
    DEFUSING = "defusing", _("Defusing samme dag")
    LEADER_CALL = "leader_call", _("Lederen ringer dagen efter")
    DEBRIEFING = "debriefing", _("Debriefing inden for 2–5 dage")


class IncidentTaskStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    DONE = "done", _("Udført")
    NOT_NEEDED = "not_needed", _("Ikke relevant")


class IncidentTask(models.Model):
    """One step of an incident's ladder. Not a follow-up ``Task``: the follow-up run
    closes every stored task its engine does not derive."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(max_length=16, choices=IncidentStep.choices)
    due_date = models.DateField(db_index=True)
    notice_date = models.DateField()
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    help_text=_("Enhedens nærmeste leder, da hændelsen blev registreret"))
    status = models.CharField(max_length=12, choices=IncidentTaskStatus.choices,
                              default=IncidentTaskStatus.OPEN, db_index=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["incident", "code"],
                                               name="one_step_per_incident")]
        verbose_name = _("trin efter hændelse")

    def __str__(self) -> str:
        return f"{self.incident_id} {self.code} {self.due_date} ({self.status})"


class IncidentNotice(models.Model):
    """One step noticed to one user (a step is noticed to each leader once)."""

    task = models.ForeignKey(IncidentTask, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    sent_at = models.DateTimeField()
    email = models.EmailField()
    subject = models.CharField(max_length=255)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["task", "user"],
                                               name="one_incident_notice_per_task_and_user")]
        verbose_name = _("advis om hændelse")

    def __str__(self) -> str:
        return f"{self.task_id} → {self.user_id} ({self.sent_at:%Y-%m-%d})"

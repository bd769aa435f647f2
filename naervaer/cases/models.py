"""Absence cases (sygefraværsforløb) and what is recorded in them.

No diagnosis field exists anywhere: agendas, minutes, agreements and notes are free
text, and every form that edits them shows "Skriv ikke helbredsoplysninger/diagnoser".
A case belongs to an employee and, when opened for a spell, to that spell
(``spell_start``); a case opened at a concern (bekymring) has no spell until one starts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseReason(models.TextChoices):
    LONG_SPELL = "long_spell", _("Langvarigt sygeforløb")
    FREQUENT = "frequent_absence", _("Hyppigt fravær")
    CONCERN = "concern", _("Bekymring for sygemelding")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Åbent")
    CLOSED = "closed", _("Afsluttet")


class CaseOutcome(models.TextChoices):
    FULL_RETURN = "full_return", _("Fuld tilbagevenden")
    PARTIAL_RETURN = "partial_return_continuing", _("Delvis tilbagevenden, fortsætter")
    OTHER_FUNCTIONS = "other_functions", _("Andre jobfunktioner")
    OTHER_JOB = "other_job", _("Andet job i organisationen")
    EMPLOYMENT_ENDED = "employment_ended", _("Samarbejdet er afsluttet på en værdig måde")


class Case(models.Model):
    employee = models.ForeignKey("organisation.Employee", on_delete=models.CASCADE,
                                 related_name="cases")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="cases")
    spell_start = models.DateField(null=True, blank=True)
    opened_at = models.DateField()
    opened_reason = models.CharField(max_length=20, choices=CaseReason.choices)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN,
                              db_index=True)
    outcome = models.CharField(max_length=32, choices=CaseOutcome.choices, blank=True)
    closed_at = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    plan_requested_on = models.DateField(
        null=True, blank=True, help_text=_("Medarbejderen har bedt om en fastholdelsesplan"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("sygefraværsforløb")
        constraints = [
            # One case per spell (nulls are distinct: many concern cases may lack a spell).
            models.UniqueConstraint(fields=["employee", "spell_start"], name="one_case_per_spell"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.spell_start or self.opened_at} ({self.status})"


class ConversationKind(models.TextChoices):
    SICKNESS = "sygefravaerssamtale", _("Sygefraværssamtale")
    PRESENCE = "naervaerssamtale", _("Nærværssamtale")
    FOLLOWUP = "opfoelgning", _("Opfølgningssamtale")
    WELLBEING = "trivselssamtale", _("Forebyggende trivselssamtale")


# Participants as flags: (field name, Danish label).
PARTICIPANTS = (
    ("with_leader", _("Leder")),
    ("with_employee", _("Medarbejder")),
    ("with_hr", _("HR")),
    ("with_representative", _("TR/AMR eller bisidder")),
    ("with_second_leader", _("Anden leder")),
    ("with_retention_consultant", _("Fastholdelseskonsulent")),
)


class Conversation(models.Model):
    """A conversation with the employee; a preventive wellbeing conversation may be held
    without a case (``case`` empty)."""

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="conversations")
    employee = models.ForeignKey("organisation.Employee", on_delete=models.CASCADE,
                                 related_name="conversations")
    # The case's unit, or for a conversation without a case the unit it was held in
    # (decides which leaders see it).
    unit = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    date = models.DateField()
    kind = models.CharField(max_length=24, choices=ConversationKind.choices)
    with_leader = models.BooleanField(default=True)
    with_employee = models.BooleanField(default=True)
    with_hr = models.BooleanField(default=False)
    with_representative = models.BooleanField(default=False)
    with_second_leader = models.BooleanField(default=False)
    with_retention_consultant = models.BooleanField(default=False)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    employee_confirmed_at = models.DateTimeField(null=True, blank=True)
    agenda_sent_at = models.DateTimeField(null=True, blank=True)  # sent to the employee ahead
    leader_confirmed_at = models.DateTimeField(null=True, blank=True)
    leader_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.employee} {self.kind} {self.date}"

    def participant_labels(self) -> list[str]:
        return [str(label) for name, label in PARTICIPANTS if getattr(self, name)]


class RetentionPlan(models.Model):
    """The retention plan (fastholdelsesplan, sygedagpengeloven § 7b) of a case: the
    agreements and a graded return schedule (``weeks``)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="retention_plan")
    agreed_on = models.DateField()
    contact = models.TextField(blank=True, help_text=_("Aftaler om kontakt under fraværet"))
    adjustments = models.TextField(blank=True, help_text=_("Tilpasninger og skånehensyn i arbejdet"))
    aids = models.TextField(blank=True, help_text=_("Støtte: § 56, mentor, hjælpemidler"))
    section_56 = models.BooleanField(default=False)
    mentor = models.BooleanField(default=False)
    work_aids = models.BooleanField(default=False)
    review_every_days = models.PositiveSmallIntegerField(default=14)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.case} plan {self.agreed_on}"


class ReturnWeek(models.Model):
    """One week of the graded return: planned hours rising towards full time, the
    hours actually worked recorded against them."""

    plan = models.ForeignKey(RetentionPlan, on_delete=models.CASCADE, related_name="weeks")
    week_start = models.DateField()
    planned_hours = models.DecimalField(max_digits=5, decimal_places=2)
    actual_hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    tasks = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["week_start"]
        constraints = [models.UniqueConstraint(fields=["plan", "week_start"], name="one_row_per_week")]

    def __str__(self) -> str:
        return f"{self.week_start}: {self.planned_hours}"


class EventKind(models.TextChoices):
    FITNESS_STATEMENT = "fitness_statement", _("Mulighedserklæring")
    PARTIAL_RETURN = "partial_return", _("Delvis raskmelding")
    FAST_TRACK = "fast_track", _("Fast track (§ 7c)")
    INTERNSHIP = "internship", _("Virksomhedspraktik")
    SECTION_56 = "section_56", _("§ 56-aftale")
    JOBCENTER = "jobcenter", _("Jobcenteret inddraget")
    EXPECTED_RETURN = "expected_return", _("Forventet raskmelding")


class EventStatus(models.TextChoices):
    REQUESTED = "requested", _("Anmodet")
    ACTIVE = "active", _("I gang")
    ENDED = "ended", _("Afsluttet")


class CaseEvent(models.Model):
    """A dated instrument of the case; ``value_date`` e.g. the expected return date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    date = models.DateField()
    status = models.CharField(max_length=12, choices=EventStatus.choices, default=EventStatus.ACTIVE)
    value_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.date}"


class RiskLevel(models.TextChoices):
    LOW = "low", _("Lav")
    MEDIUM = "medium", _("Middel")
    HIGH = "high", _("Høj")


# The screening's indicators of a risk of long-term absence (asked of the leader in the
# first week; the seeds' "screeningsværktøj … indikatorer"): field name, Danish question.
# None of them asks about health: they are about the absence, the work and the return.
RISK_INDICATORS = (
    ("previous_long_absence", _("Har medarbejderen haft langvarigt sygefravær inden for det seneste år?")),
    ("expects_long_absence", _("Forventer medarbejderen at være væk mere end 8 uger?")),
    ("strained_work", _("Er arbejdssituationen belastet (travlhed, konflikter, forandringer)?")),
    ("unclear_return", _("Er det uafklaret, hvornår medarbejderen kan vende tilbage?")),
    ("worries_about_return", _("Er medarbejderen bekymret for at kunne vende tilbage til jobbet?")),
    ("frequent_absence", _("Har medarbejderen haft gentagne fravær det seneste halve år?")),
)


class RiskScreening(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="screenings")
    date = models.DateField()
    previous_long_absence = models.BooleanField(default=False)
    expects_long_absence = models.BooleanField(default=False)
    strained_work = models.BooleanField(default=False)
    unclear_return = models.BooleanField(default=False)
    worries_about_return = models.BooleanField(default=False)
    frequent_absence = models.BooleanField(default=False)
    result = models.CharField(max_length=8, choices=RiskLevel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.date} {self.result}"

    def answers(self) -> dict[str, bool]:
        return {name: bool(getattr(self, name)) for name, _question in RISK_INDICATORS}


class GuestCapacity(models.TextChoices):
    TR_AMR = "tr_amr", _("Tillidsrepræsentant / arbejdsmiljørepræsentant")
    COMPANION = "companion", _("Bisidder")
    JOBCENTER = "jobcenter", _("Jobcenterets konsulent")
    RETENTION = "retention_consultant", _("Fastholdelseskonsulent")


class CaseGuest(models.Model):
    """A person invited to one case (TR/AMR, a companion, the jobcenter's consultant):
    they may read that case and nothing else, until the invitation is revoked."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="guests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="case_invitations")
    capacity = models.CharField(max_length=24, choices=GuestCapacity.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]

    def __str__(self) -> str:
        return f"{self.user} → {self.case} ({self.capacity})"

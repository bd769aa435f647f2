"""Local action plans and annual wheels (spec: issue 8, items 3, 4 and 8).

A plan belongs to a unit and follows HR's template: its text is a JSON object keyed by
the template's headings. Its actions each serve one of the five core elements. The
annual wheel of a TRIO/MED body (its unit) holds the year's meetings, each with a
topic, standing agenda items, minutes and decisions; a decision can become an action
in the unit's plan. Every write is kept in ``StrategyChange`` (and the audit log), and
every saved plan in a ``PlanRevision`` snapshot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The seed's headings ("Lokale handleplaner", HANDLEPLAN).
DEFAULT_HEADINGS = [
    "Data og allerede igangsatte indsatser",
    "Hvad skal vi løfte, og hvad er målet",
    "Handlinger",
    "Sammenhæng med øvrige tiltag på arbejdspladsen",
    "Hvordan og hvor ofte følger vi op",
    "Hvad skal ledelsen være særligt opmærksom på",
    "Aktivitets- og tidsplan",
]

# The Horsens example's points for every TRIO meeting.
DEFAULT_STANDING_ITEMS = [
    "Opfølgning fra sidst",
    "Sygefraværsstatistik inkl. andel uden sygefravær",
    "Trivsel og arbejdsmiljø",
    "Månedens emne fra årshjulet",
    "Feedback fra TR, AMR og ledernetværk",
    "Behov for sparring med HR eller jobcenter?",
    "Formidling fra mødet: hvad giver vi videre til kolleger, hvordan og hvem gør det?",
]

# The Horsens example's months with a meeting (8 a year) and their topics.
DEFAULT_MONTH_TOPICS = {
    1: "Sygefravær i det foregående år",
    3: "Håndtering af sygefravær og tilbagevenden efter sygefravær",
    4: "Kultur og trivsel",
    5: "Voldspolitik",
    9: "Deltagelse og samarbejde i TRIO-netværk",
    10: "Evaluering af TRIO-samarbejdet det seneste år",
    11: "Årshjul for næste år og revision af handleplanen",
    12: "Fælles sociale aktiviteter",
}
# The month whose meeting revises the action plan by default.
DEFAULT_REVISION_MONTH = 11


class CoreElement(models.TextChoices):
    PREVENTION = "prevention", _("Forebyggende indsatser")
    HANDLING = "handling", _("Systematisk fraværshåndtering")
    JOBCENTER = "jobcenter", _("Tidlig indsats i samarbejde med jobcenteret")
    RETURN = "return", _("Gradvis tilbagevenden")
    STRATEGY = "strategy", _("Sygefraværsstrategi og koordination")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    ACTIVE = "active", _("Aktiv")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("I gang")
    DONE = "done", _("Gennemført")


class PlanTemplate(models.Model):
    """HR's template for local action plans: the headings every plan fills in. One
    template is the default (created with the seed's headings on first use)."""

    name = models.CharField(_("navn"), max_length=120)
    headings = models.JSONField(_("overskrifter"), default=list)
    is_default = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("skabelon for handleplan")

    def __str__(self) -> str:
        return self.name


class ActionPlan(models.Model):
    """A unit's local action plan; ``body`` maps each heading to its text."""

    unit = models.OneToOneField("organisation.Unit", on_delete=models.CASCADE,
                                related_name="action_plan")
    template = models.ForeignKey(PlanTemplate, null=True, blank=True, on_delete=models.SET_NULL)
    body = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    revise_by = models.DateField(_("revideres senest"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("handleplan")

    def __str__(self) -> str:
        return f"Handleplan {self.unit}"


class PlanAction(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(_("handling"))
    owner = models.CharField(_("ansvarlig"), max_length=150, blank=True)
    deadline = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    core_element = models.CharField(_("kerneelement"), max_length=12, choices=CoreElement.choices,
                                    default=CoreElement.PREVENTION)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("handling")

    def __str__(self) -> str:
        return self.text[:60]


class PlanRevision(models.Model):
    """A snapshot of a plan (text, status, revision date and actions) after a change."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_revision_number")]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class StrategyChange(models.Model):
    """Append-only history of every write in this app: who, when, what, which unit."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    unit = models.ForeignKey("organisation.Unit", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="strategy_changes")
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type} {self.object_id}"


class AnnualWheel(models.Model):
    """The annual wheel of the TRIO/MED body of ``unit`` for ``year``."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE,
                             related_name="annual_wheels")
    year = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_wheel_per_unit_year")]
        verbose_name = _("årshjul")

    def __str__(self) -> str:
        return f"Årshjul {self.unit} {self.year}"


class WheelMeeting(models.Model):
    wheel = models.ForeignKey(AnnualWheel, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("dato"))
    topic = models.CharField(_("månedens emne"), max_length=200, blank=True)
    standing_items = models.JSONField(default=list, blank=True)
    revises_plan = models.BooleanField(_("handleplanen revideres på mødet"), default=False)
    minutes = models.TextField(_("referat"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("møde")

    def __str__(self) -> str:
        return f"{self.wheel.unit} {self.date}"


class Decision(models.Model):
    meeting = models.ForeignKey(WheelMeeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("beslutning"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)
    action = models.OneToOneField(PlanAction, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="decision")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class MeetingReminder(models.Model):
    """A meeting's reminder sent to one user (so it is sent once)."""

    meeting = models.ForeignKey(WheelMeeting, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="meeting_reminders")
    as_of = models.DateField()
    sent_at = models.DateTimeField()
    email = models.EmailField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"],
                                               name="one_reminder_per_meeting_and_user")]

    def __str__(self) -> str:
        return f"{self.meeting_id} → {self.user_id}"

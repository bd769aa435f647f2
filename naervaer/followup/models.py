"""Policies, tasks and the facts recorded about a spell. No diagnosis fields: a task's
note and a waiver's reason are short free text with a visible warning in the forms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Policy(models.Model):
    """A named absence policy; its rules live in versions with effective dates."""

    name = models.CharField(max_length=120, unique=True)
    preset = models.CharField(max_length=64, blank=True, help_text=_("Skabelonen den er lavet fra"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("fraværspolitik")

    def __str__(self) -> str:
        return self.name


class PolicyVersion(models.Model):
    """One version of a policy: ``definition`` is the plain-value form of
    ``naervaer.core.followup.policy.PolicyVersion`` (validated by the services)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    effective_from = models.DateField()
    definition = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["policy", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["policy", "effective_from"],
                                               name="one_version_per_policy_and_date")]

    def __str__(self) -> str:
        return f"{self.policy} fra {self.effective_from}"


class UnitPolicy(models.Model):
    """The policy a unit follows; its descendants inherit it unless they have their own."""

    unit = models.OneToOneField("organisation.Unit", on_delete=models.CASCADE,
                                related_name="policy_link")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="units")

    def __str__(self) -> str:
        return f"{self.unit}: {self.policy}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    OVERDUE = "overdue", _("Overskredet")
    DONE = "done", _("Udført")
    WAIVED = "waived", _("Fravalgt med begrundelse")
    NOT_NEEDED = "not_needed", _("Ikke nødvendig")


class Task(models.Model):
    """A follow-up task as the engine derived it, plus what the leader recorded.

    Identity: (employee, spell_start, code, seq). The engine's fields are overwritten by
    every run; ``done``/``waived`` are recorded by people and never overwritten."""

    employee = models.ForeignKey("organisation.Employee", on_delete=models.CASCADE,
                                 related_name="followup_tasks")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="followup_tasks")
    spell_start = models.DateField()
    code = models.CharField(max_length=64)
    seq = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=16)           # legal | policy | frequent
    policy_name = models.CharField(max_length=120, blank=True)
    title = models.CharField(max_length=200)
    action = models.CharField(max_length=32)
    responsible = models.CharField(max_length=16)      # leader | hr
    trigger_date = models.DateField()
    due_date = models.DateField(db_index=True)
    notice_date = models.DateField()
    status = models.CharField(max_length=16, choices=TaskStatus.choices, db_index=True)
    done_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=200, blank=True,
                              help_text=_("Begrundelse for fravalg – ingen helbredsoplysninger"))
    notified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["employee", "spell_start", "code", "seq"],
                                               name="one_task_per_key")]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return f"{self.employee} {self.code} {self.due_date} ({self.status})"


class FactKind(models.TextChoices):
    RETENTION_PLAN = "retention_plan", _("Fastholdelsesplan udarbejdet")
    RETENTION_PLAN_REQUESTED = "retention_plan_requested", _("Medarbejderen har bedt om en fastholdelsesplan")
    EXPECTED_RETURN = "expected_return", _("Forventet dato for raskmelding")
    RISK_HIGH = "risk_high", _("Risikovurdering: høj risiko for langvarigt fravær")


class SpellFact(models.Model):
    """What was recorded about a spell that changes the legal duties (spec/followup.md)."""

    employee = models.ForeignKey("organisation.Employee", on_delete=models.CASCADE,
                                 related_name="spell_facts")
    spell_start = models.DateField()
    kind = models.CharField(max_length=32, choices=FactKind.choices)
    date = models.DateField()
    value_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.employee} {self.kind} {self.date}"


class FollowupRun(models.Model):
    """One run of the engine (the daily job or by hand): when, for which date, what changed."""

    as_of = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    notices = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.as_of}: +{self.created} ~{self.updated} -{self.closed}"


class FollowupSettings(models.Model):
    """A single row (pk=1): organisation-wide follow-up settings."""

    since = models.DateField(
        null=True, blank=True,
        help_text=_("Opfølgning starter: opgaver der udløses før denne dato oprettes ikke "
                    "(historik fra før systemet blev taget i brug)."))

    class Meta:
        verbose_name = _("opfølgningsindstillinger")

    def __str__(self) -> str:
        return f"opfølgning fra {self.since or 'altid'}"


class ReportChannel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    SMS = "sms", _("SMS")
    IN_PERSON = "in_person", _("Personligt")
    APP = "app", _("I Nærvær")
    OTHER = "other", _("Andet")


class SickReportStatus(models.TextChoices):
    PENDING = "pending", _("Afventer løndata")
    MATCHED = "matched", _("Stemmer med løndata")
    DIFFERS = "differs", _("Afviger fra løndata")


class SickReport(models.Model):
    """A sick report (sygemelding) and the return (raskmelding) recorded the day they
    happen, so day-1 and day-3 calls need not wait for the monthly payroll export. Until
    payroll has the absence it feeds the follow-up engine; the next import reconciles it
    (matched by employment and dates; differences are listed for HR, nothing is
    overwritten). No reason for the absence is recorded."""

    employment = models.ForeignKey("organisation.Employment", on_delete=models.CASCADE,
                                   related_name="sick_reports")
    first_day = models.DateField()
    returned_on = models.DateField(null=True, blank=True,
                                   help_text=_("Første dag tilbage på arbejde"))
    channel = models.CharField(max_length=12, choices=ReportChannel.choices)
    reported_to = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=SickReportStatus.choices,
                              default=SickReportStatus.PENDING, db_index=True)
    difference = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-first_day", "-id"]

    def __str__(self) -> str:
        return f"{self.employment} {self.first_day}–{self.returned_on or ''}"

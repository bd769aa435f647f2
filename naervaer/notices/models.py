"""What a user wants to be told, and the record of what was sent (one row per task and
user: a task's notice goes to each responsible user once)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeMode(models.TextChoices):
    EACH = "each", _("En e-mail for hver opgave")
    WEEKLY = "weekly", _("Én samlet e-mail om ugen")


class Weekday(models.IntegerChoices):
    """``datetime.date.weekday()`` numbering."""

    MONDAY = 0, _("mandag")
    TUESDAY = 1, _("tirsdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lørdag")
    SUNDAY = 6, _("søndag")


class NoticePreference(models.Model):
    """How a user gets notices; users without a row get one e-mail per task. The address
    is the user's own ``User.email``."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notice_preference")
    mode = models.CharField(max_length=8, choices=NoticeMode.choices, default=NoticeMode.EACH)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    last_digest_on = models.DateField(
        null=True, blank=True,
        help_text=_("Den dag den seneste ugentlige oversigt blev lavet (også når den var tom)."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indstilling for advis")

    def __str__(self) -> str:
        return f"{self.user}: {self.mode}"


class NoticeKind(models.TextChoices):
    TASK = "task", _("E-mail om én opgave")
    DIGEST = "digest", _("Ugentlig oversigt")


class Notice(models.Model):
    """One task noticed to one user, by its own e-mail or in a digest."""

    task = models.ForeignKey("followup.Task", on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notices")
    kind = models.CharField(max_length=8, choices=NoticeKind.choices)
    as_of = models.DateField()
    sent_at = models.DateTimeField()
    email = models.EmailField()
    subject = models.CharField(max_length=255)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["task", "user"], name="one_notice_per_task_and_user")]
        verbose_name = _("advis")

    def __str__(self) -> str:
        return f"{self.task_id} → {self.user_id} ({self.kind}, {self.sent_at:%Y-%m-%d})"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Fejlet")


class OutboxMessage(models.Model):
    """One e-mail the app wants sent exactly once, named by an idempotency key (e.g.
    ``task-notice:<task>:<user>``). Every sender of the daily job (notices, targets,
    strategy, wellbeing) goes through ``naervaer.notices.outbox``: a second run, or two
    runs at the same moment, find the key taken and send nothing twice."""

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    from_email = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    html = models.TextField(blank=True)
    # [{"filename", "mimetype", "content" (text), "params": {name: value}}] — .ics invitations
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]
        verbose_name = _("udgående e-mail")
        verbose_name_plural = _("udgående e-mails")

    def __str__(self) -> str:
        return f"{self.key} → {self.to} ({self.status})"


class JobLock(models.Model):
    """A named lock held by one running job (``naervaer.notices.joblock``): the row exists
    while the job runs. ``holder`` names host, process and run; ``expires_at`` lets a
    later run take over the lock of a job that died without releasing it."""

    name = models.CharField(max_length=100, unique=True)
    holder = models.CharField(max_length=200)
    acquired_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("kørselslås")
        verbose_name_plural = _("kørselslåse")

    def __str__(self) -> str:
        return f"{self.name} ({self.holder})"

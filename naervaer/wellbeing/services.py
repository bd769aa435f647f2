"""Writes of the incident register: recording an incident starts its ladder (defusing
the same day, the leader's call the next day, a debriefing within 2–5 days), steps are
marked by the leader or HR, and the daily job tells the unit's leaders by e-mail, each
step to each leader once (recorded in ``IncidentNotice``, as ``naervaer.notices`` does
for follow-up tasks, and sent through its outbox)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from naervaer.accounts.services import audit_record
from naervaer.followup.selectors import hr_users, leaders_of_unit
from naervaer.notices.outbox import Outgoing, outbox_send
from naervaer.organisation.models import Employee, Unit
from naervaer.wellbeing.ladder import ladder_dates
from naervaer.wellbeing.models import (
    Incident,
    IncidentNotice,
    IncidentStep,
    IncidentTask,
    IncidentTaskStatus,
)

logger = logging.getLogger(__name__)

REGISTER_PATH = "/haendelser/"
# Steps overdue for longer than this get no notice (a first run would otherwise mail
# the history); a run after some days of downtime still catches up.
STALE_AFTER = dt.timedelta(days=14)


@transaction.atomic
def incident_record(*, unit: Unit, date: dt.date, kind: str, description: str = "",
                    employee: Employee | None = None, user: Any = None) -> Incident:
    """Store an incident and its three ladder steps, each due as the ladder says and
    with the unit's nearest leader as responsible."""
    incident = Incident.objects.create(unit=unit, date=date, kind=kind,
                                       description=description.strip()[:300], employee=employee,
                                       created_by=user if user is not None and user.is_authenticated
                                       else None)
    leaders = leaders_of_unit(unit)
    responsible = leaders[0] if leaders else None
    IncidentTask.objects.bulk_create([
        IncidentTask(incident=incident, code=code, due_date=due, notice_date=notice,
                     responsible=responsible)
        for code, due, notice in ladder_dates(date)])
    if user is not None:
        audit_record(user=user, action="incident_record", object_type="incident",
                     object_id=incident.pk, detail={"unit": unit.unit_id, "kind": kind})
    return incident


def incident_step_set(*, task: IncidentTask, status: str, user: Any,
                      now: dt.datetime | None = None) -> IncidentTask:
    """Mark a step done, not needed, or open again."""
    if status not in IncidentTaskStatus.values:
        raise ValueError(f"unknown status {status!r}")
    task.status = status
    if status == IncidentTaskStatus.OPEN:
        task.done_by, task.done_at = None, None
    else:
        task.done_by, task.done_at = user, now or timezone.now()
    task.save(update_fields=["status", "done_by", "done_at"])
    audit_record(user=user, action="incident_step", object_type="incident",
                 object_id=task.incident_id, detail={"step": task.code, "status": status})
    return task


@dataclass(frozen=True)
class IncidentNoticeResult:
    as_of: dt.date
    sent: int = 0                 # e-mails handed to the mail server
    noticed: int = 0              # (step, user) pairs recorded
    skipped_no_email: int = 0     # (step, user) pairs not sent: the user has no address
    errors: int = 0               # e-mails that failed (tried again on the next run)
    failed_users: tuple[str, ...] = field(default_factory=tuple)


def register_url() -> str:
    return f"{settings.NAERVAER_BASE_URL.rstrip('/')}{REGISTER_PATH}"


def _recipients(unit: Unit, cache: dict[int, list[Any]]) -> list[Any]:
    """The unit's nearest leaders; HR when the unit has no leader above it."""
    if unit.pk not in cache:
        cache[unit.pk] = leaders_of_unit(unit) or hr_users()
    return cache[unit.pk]


def _message(user: Any, incident: Incident, tasks: list[IncidentTask]) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        subject = (f"Efter hændelse i {incident.unit.name} {incident.date:%d-%m-%Y}: "
                   f"{incident.get_kind_display()}")
        context = {
            "name": user.get_full_name() or user.get_username(),
            "unit": incident.unit.name, "date": f"{incident.date:%d-%m-%Y}",
            "kind": incident.get_kind_display(),
            "steps": [{"title": IncidentStep(task.code).label, "due": f"{task.due_date:%d-%m-%Y}"}
                      for task in tasks],
            "url": f"{register_url()}{incident.pk}/",
        }
        text = render_to_string("wellbeing/email/incident.txt", context)
        html = render_to_string("wellbeing/email/incident.html", context)
    message = EmailMultiAlternatives(subject=str(subject), body=text,
                                     from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def incident_notices_send(as_of: dt.date, *, now: dt.datetime | None = None) -> IncidentNoticeResult:
    """Tell each leader of an incident's unit of the open ladder steps whose notice date
    has come and that they have not been told of: one e-mail per incident and leader.
    A failing e-mail is logged and counted and recorded as nothing, so the next run
    tries again; users without an address are skipped and counted."""
    now = now or timezone.now()
    tasks = list(IncidentTask.objects.filter(status=IncidentTaskStatus.OPEN, notice_date__lte=as_of,
                                             due_date__gte=as_of - STALE_AFTER)
                 .select_related("incident__unit").order_by("incident_id", "due_date", "pk"))
    already = set(IncidentNotice.objects.filter(task__in=[task.pk for task in tasks])
                  .values_list("task_id", "user_id"))
    cache: dict[int, list[Any]] = {}
    pending: dict[tuple[int, int], list[IncidentTask]] = {}
    users: dict[int, Any] = {}
    for task in tasks:
        for user in _recipients(task.incident.unit, cache):
            if (task.pk, user.pk) not in already:
                users[user.pk] = user
                pending.setdefault((task.incident_id, user.pk), []).append(task)
    skipped = 0
    outgoing: list[Outgoing] = []
    steps: dict[str, tuple[Any, list[IncidentTask]]] = {}
    for (incident_id, user_id), due in sorted(pending.items()):
        user = users[user_id]
        if not user.email:
            logger.warning("incident notices: user %s has no e-mail address", user.get_username())
            skipped += len(due)
            continue
        # One mail per incident, user and set of steps: the same steps are never mailed twice.
        key = f"incident-notice:{incident_id}:{user_id}:{'+'.join(str(task.pk) for task in due)}"
        steps[key] = (user, due)
        message = _message(user, due[0].incident, due)
        outgoing.append(Outgoing(key, message, partial(_record, user, due, subject=str(message.subject),
                                                       as_of=as_of, now=now)))
    delivery = outbox_send(outgoing, now=now, label="incident notices")
    return IncidentNoticeResult(
        as_of=as_of, sent=len(delivery.sent),
        noticed=sum(len(steps[item.key][1]) for item in delivery.sent), skipped_no_email=skipped,
        errors=len(delivery.failed),
        failed_users=tuple(sorted({steps[item.key][0].get_username() for item in delivery.failed})))


def _record(user: Any, due: list[IncidentTask], *, subject: str, as_of: dt.date,
            now: dt.datetime) -> None:
    IncidentNotice.objects.bulk_create(
        [IncidentNotice(task=task, user=user, as_of=as_of, sent_at=now, email=user.email,
                        subject=subject) for task in due],
        ignore_conflicts=True)

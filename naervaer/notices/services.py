"""Sending notices (advis) of follow-up tasks: one e-mail per task, or a weekly digest,
to each responsible user with an e-mail address. What was sent is recorded in
``Notice``, so a task is noticed to a user once: running again sends nothing new. Mails
go through the outbox (``naervaer.notices.outbox``), so two runs at once send each once."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from naervaer.followup.models import Task, TaskStatus
from naervaer.followup.selectors import hr_users, leaders_of_unit
from naervaer.notices.invitations import has_invitation, invitation_part, task_invitation
from naervaer.notices.models import Notice, NoticeKind, NoticeMode, NoticePreference
from naervaer.notices.outbox import Outgoing, outbox_send

logger = logging.getLogger(__name__)

INBOX_PATH = "/opfoelgning/"
PREFERENCES_PATH = "/indstillinger/advis/"
PENDING = (TaskStatus.OPEN, TaskStatus.OVERDUE)
# A weekly digest lists the tasks whose notice date falls before the next digest, so no
# task reaches its due date between two digests without its leader having been told.
DIGEST_SPAN = dt.timedelta(days=7)
# Tasks overdue for longer than this get no notice: on the first run the history (spells
# of past years whose steps were never recorded) would otherwise flood the leaders'
# mailboxes. A run after some days of downtime still catches up.
STALE_AFTER = dt.timedelta(days=28)


@dataclass(frozen=True)
class NoticeResult:
    as_of: dt.date
    sent: int = 0                 # e-mails handed to the mail server
    task_mails: int = 0           # of which one per task
    digests: int = 0              # of which weekly digests
    noticed: int = 0              # (task, user) pairs recorded as noticed
    skipped_no_email: int = 0     # (task, user) pairs not sent: the user has no address
    errors: int = 0               # e-mails that failed (retried on the next run)
    failed_users: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class _Outgoing:
    user: Any
    kind: str
    tasks: list[Task]
    message: EmailMultiAlternatives


def inbox_url() -> str:
    return f"{settings.NAERVAER_BASE_URL.rstrip('/')}{INBOX_PATH}"


def preferences_url() -> str:
    return f"{settings.NAERVAER_BASE_URL.rstrip('/')}{PREFERENCES_PATH}"


def format_date(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def digest_due(preference: NoticePreference, as_of: dt.date) -> bool:
    """Whether a weekly user gets a digest made on ``as_of``: on their weekday, or later
    in the week when that weekday's digest was missed (the job did not run)."""
    scheduled = as_of - dt.timedelta(days=(as_of.weekday() - preference.weekday) % 7)
    if preference.last_digest_on is None:
        return as_of == scheduled
    return preference.last_digest_on < scheduled


def notices_send(*, as_of: dt.date, now: dt.datetime | None = None) -> NoticeResult:
    """Notify each responsible user of the open and overdue tasks whose notice date has
    come (``notice_date <= as_of``, due at most ``STALE_AFTER`` ago) and that they have
    not been told of yet: one e-mail per task, or for users who chose it a weekly digest
    on their weekday (listing also the tasks whose notice date comes before the next
    digest). Users without an e-mail address are skipped and counted. All mails go
    through one connection; a failing mail is logged and counted and does not stop the
    others (nothing is recorded for it, so the next run tries again)."""
    now = now or timezone.now()
    horizon = as_of + DIGEST_SPAN - dt.timedelta(days=1)
    tasks = list(Task.objects.filter(status__in=PENDING, notice_date__lte=horizon,
                                     due_date__gte=as_of - STALE_AFTER)
                 .select_related("employee", "unit").order_by("due_date", "pk"))
    already = set(Notice.objects.filter(task__in=[task.pk for task in tasks])
                  .values_list("task_id", "user_id"))
    users: dict[int, Any] = {}
    pending: dict[int, list[Task]] = {}
    for task, user in _task_users(tasks):
        if (task.pk, user.pk) not in already:
            users[user.pk] = user
            pending.setdefault(user.pk, []).append(task)
    preferences = {pref.user_id: pref for pref in NoticePreference.objects.filter(user_id__in=users)}

    outgoing: list[_Outgoing] = []
    digest_days: list[NoticePreference] = []
    skipped = 0
    for user_id in sorted(pending):
        user, preference = users[user_id], preferences.get(user_id)
        if preference is not None and preference.mode == NoticeMode.WEEKLY:
            if not digest_due(preference, as_of):
                continue
            due = pending[user_id]
            if not user.email:
                skipped += _skip(user, due)
                continue
            outgoing.append(_digest(user, due, as_of=as_of, now=now))
            digest_days.append(preference)
        else:
            due = [task for task in pending[user_id] if task.notice_date <= as_of]
            if not user.email:
                skipped += _skip(user, due)
                continue
            outgoing.extend(_task_mail(user, task, as_of=as_of, now=now) for task in due)
    # Weekly users with nothing new still had their digest day.
    empty_digests = (NoticePreference.objects.filter(mode=NoticeMode.WEEKLY)
                     .exclude(user_id__in=list(pending)).select_related("user"))
    done_days = [pref for pref in empty_digests if digest_due(pref, as_of)]

    sent, delivered, noticed, failed = _deliver(outgoing, as_of=as_of, now=now)
    sent_digests = {item.user.pk for item in sent if item.kind == NoticeKind.DIGEST}
    delivered_digests = {item.user.pk for item in delivered if item.kind == NoticeKind.DIGEST}
    done_days += [pref for pref in digest_days if pref.user_id in delivered_digests]
    for pref in done_days:
        pref.last_digest_on = as_of
    NoticePreference.objects.bulk_update(done_days, ["last_digest_on"])
    return NoticeResult(
        as_of=as_of, sent=len(sent),
        task_mails=sum(1 for item in sent if item.kind == NoticeKind.TASK),
        digests=len(sent_digests), noticed=noticed, skipped_no_email=skipped, errors=len(failed),
        failed_users=tuple(sorted({item.user.get_username() for item in failed})))


def _task_users(tasks: Iterable[Task]) -> Iterable[tuple[Task, Any]]:
    """Each task with each of its responsible users (see
    ``naervaer.followup.selectors.responsible_users``), looked up once per unit."""
    cache: dict[tuple[str, int], list[Any]] = {}
    for task in tasks:
        key = ("hr", 0) if task.responsible == "hr" else ("leader", task.unit_id)
        if key not in cache:
            cache[key] = hr_users() if key[0] == "hr" else leaders_of_unit(task.unit)
        for user in cache[key]:
            yield task, user


def _skip(user: Any, tasks: list[Task]) -> int:
    if tasks:
        logger.warning("notices: user %s has no e-mail address; %d notice(s) not sent",
                       user.get_username(), len(tasks))
    return len(tasks)


def _context(user: Any, **extra: Any) -> dict[str, Any]:
    return {"name": user.get_full_name() or user.get_username(), "inbox_url": inbox_url(),
            "preferences_url": preferences_url(), **extra}


def _task_line(task: Task) -> dict[str, Any]:
    return {"employee": task.employee.name, "title": task.title, "due": format_date(task.due_date),
            "overdue": task.status == TaskStatus.OVERDUE, "invitation": has_invitation(task)}


def _message(user: Any, subject: str, template: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"notices/email/{template}.txt", context)
        html = render_to_string(f"notices/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                                     to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def _attach_invitation(message: EmailMultiAlternatives, task: Task, user: Any, *, now: dt.datetime,
                       number: int = 0) -> None:
    ics = task_invitation(task, organizer=settings.DEFAULT_FROM_EMAIL, attendee=user.email,
                          url=inbox_url(), now=now)
    filename = "invitation.ics" if number == 0 else f"invitation-{number}.ics"
    message.attach(invitation_part(ics, filename))


def task_subject(task: Task) -> str:
    return f"Opfølgning: {task.title} – {task.employee.name}, frist {format_date(task.due_date)}"


def _task_mail(user: Any, task: Task, *, as_of: dt.date, now: dt.datetime) -> _Outgoing:
    subject = task_subject(task)
    message = _message(user, subject, "task", _context(user, task=_task_line(task)))
    if has_invitation(task):
        _attach_invitation(message, task, user, now=now)
    return _Outgoing(user=user, kind=NoticeKind.TASK, tasks=[task], message=message)


def _digest(user: Any, tasks: list[Task], *, as_of: dt.date, now: dt.datetime) -> _Outgoing:
    count = len(tasks)
    subject = (f"Opfølgning: ugens oversigt – {count} opgave" if count == 1
               else f"Opfølgning: ugens oversigt – {count} opgaver")
    meetings = [task for task in tasks if has_invitation(task)]
    message = _message(user, subject, "digest", _context(
        user, tasks=[_task_line(task) for task in tasks], count=count, as_of=format_date(as_of),
        meetings=len(meetings)))
    for number, task in enumerate(meetings, start=1):
        _attach_invitation(message, task, user, now=now, number=number if len(meetings) > 1 else 0)
    return _Outgoing(user=user, kind=NoticeKind.DIGEST, tasks=tasks, message=message)


def _key(item: _Outgoing, *, as_of: dt.date) -> str:
    """A task is noticed to a user once; a user gets at most one digest a day."""
    if item.kind == NoticeKind.DIGEST:
        return f"notice-digest:{item.user.pk}:{as_of.isoformat()}"
    return f"task-notice:{item.tasks[0].pk}:{item.user.pk}"


def _deliver(outgoing: list[_Outgoing], *, as_of: dt.date, now: dt.datetime
             ) -> tuple[list[_Outgoing], list[_Outgoing], int, list[_Outgoing]]:
    """Send through the outbox (once per key, over one connection), recording each mail
    that went in ``Notice``. Returns (sent by this run, sent by this or an earlier or
    concurrent run, (task, user) pairs recorded by this run, failed)."""
    by_key = {_key(item, as_of=as_of): item for item in outgoing}
    delivery = outbox_send(
        [Outgoing(key, item.message, partial(_record, item, as_of=as_of, now=now))
         for key, item in by_key.items()], now=now, label="notices")
    sent = [by_key[entry.key] for entry in delivery.sent]
    delivered = sent + [by_key[entry.key] for entry in delivery.already]
    failed = [by_key[entry.key] for entry in delivery.failed]
    return sent, delivered, sum(len(item.tasks) for item in sent), failed


def _record(item: _Outgoing, *, as_of: dt.date, now: dt.datetime) -> None:
    Notice.objects.bulk_create(
        [Notice(task=task, user=item.user, kind=item.kind, as_of=as_of, sent_at=now,
                email=item.message.to[0], subject=str(item.message.subject))
         for task in item.tasks],
        ignore_conflicts=True)
    Task.objects.filter(pk__in=[task.pk for task in item.tasks], notified_at__isnull=True).update(
        notified_at=now)

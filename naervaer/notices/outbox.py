"""The outbox: every e-mail of the daily job is sent here, once per idempotency key.

A sender (notices, targets, strategy, wellbeing) builds its messages as before and hands
them to ``outbox_send`` as ``Outgoing(key, message, on_sent)``. The outbox

1. **enqueues** each message as an ``OutboxMessage`` row under its unique key. A key that
   is already there is not inserted again (a concurrent run inserting the same key at the
   same moment loses on the unique constraint and is ignored); a row not yet sent gets
   the freshly built content, so a retry sends today's text;
2. **claims** a row before sending it with one conditional ``UPDATE … SET status =
   'sending' WHERE id = ? AND status IN ('pending', 'failed')`` and sends only when that
   updated one row. Both SQLite (one writer at a time) and PostgreSQL (the second
   ``UPDATE`` waits for the first to commit, then re-checks its ``WHERE`` and updates
   nothing) let exactly one run win a row;
3. **sends** the claimed rows over one connection of Django's mail backend and marks
   each ``sent`` in the same transaction as the sender's ``on_sent`` record (``Notice``,
   ``EscalationNotice``, ``MeetingReminder``, ``IncidentNotice``), so "sent" and "recorded"
   do not disagree (a record that fails is logged and written by the next run that
   finds the key sent: the mail itself is not sent again). A failure marks the row
   ``failed`` with the error and the number of attempts; the next run that still wants
   the message claims it again.

A row left in ``sending`` by a process that died between handing the mail to the server
and marking it (seconds) can be claimed again after ``SENDING_LEASE``: at most that one
mail may then arrive twice, never a batch. A key whose row is ``sent`` is reported as
``already`` and its ``on_sent`` is run again (idempotent), which repairs a sender's record
lost in a crash."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from naervaer.notices.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

SENDING_LEASE = dt.timedelta(minutes=15)
# Each mail names its key: a duplicate, should one ever reach a mailbox, is traceable to its row.
KEY_HEADER = "X-Naervaer-Key"
RUN_ID = f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Outgoing:
    """One message to send once under ``key``; ``on_sent`` records it in the sender's
    own table and runs in the transaction that marks the message sent."""

    key: str
    message: EmailMessage
    on_sent: Callable[[], Any] | None = None


@dataclass
class Delivery:
    sent: list[Outgoing] = field(default_factory=list)     # sent by this call
    already: list[Outgoing] = field(default_factory=list)  # sent before (earlier or concurrent run)
    failed: list[Outgoing] = field(default_factory=list)   # tried and failed: tried again next run
    busy: list[Outgoing] = field(default_factory=list)     # another run is sending it right now

    @property
    def delivered(self) -> list[Outgoing]:
        return self.sent + self.already


def outbox_send(items: Sequence[Outgoing], *, now: dt.datetime | None = None,
                label: str = "outbox") -> Delivery:
    """Enqueue ``items`` and send those not sent before, over one connection."""
    delivery = Delivery()
    if not items:
        return delivery
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("outbox: the same key twice in one batch")
    rows = _enqueue(items)
    todo: list[tuple[Outgoing, OutboxMessage]] = []
    for item in items:
        row = rows[item.key]
        if row.status == OutboxStatus.SENT:
            _record(item, label=label)
            delivery.already.append(item)
        else:
            todo.append((item, row))
    if not todo:
        return delivery
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        logger.exception("%s: cannot connect to the mail server; %d e-mail(s) not sent", label, len(todo))
        for item, row in todo:
            _fail(row, error, claimed=False)
            delivery.failed.append(item)
        return delivery
    try:
        for item, row in todo:
            if not _claim(row, now=timezone.now()):
                _sort_unclaimed(item, row, delivery, label=label)
                continue
            _send_claimed(item, row, connection, delivery, now=now, label=label)
    finally:
        connection.close()
    return delivery


def _enqueue(items: Sequence[Outgoing]) -> dict[str, OutboxMessage]:
    """The row of each key, inserted when new; the content of an unsent row is refreshed."""
    fresh = {item.key: _content(item.message) for item in items}
    existing = {row.key: row for row in OutboxMessage.objects.filter(key__in=list(fresh))}
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(key=key, **content) for key, content in fresh.items() if key not in existing],
        ignore_conflicts=True)  # a concurrent run's insert of the same key wins; ours is dropped
    for key, row in existing.items():
        if row.status in (OutboxStatus.PENDING, OutboxStatus.FAILED) and any(
                getattr(row, name) != value for name, value in fresh[key].items()):
            OutboxMessage.objects.filter(pk=row.pk, status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED]
                                         ).update(**fresh[key])
    return {row.key: row for row in OutboxMessage.objects.filter(key__in=list(fresh))}


def _claim(row: OutboxMessage, *, now: dt.datetime) -> bool:
    claimable = Q(status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED]) | Q(
        status=OutboxStatus.SENDING, claimed_at__lt=now - SENDING_LEASE)
    won = OutboxMessage.objects.filter(claimable, pk=row.pk).update(
        status=OutboxStatus.SENDING, claimed_by=RUN_ID, claimed_at=now, attempts=F("attempts") + 1)
    return won == 1


def _sort_unclaimed(item: Outgoing, row: OutboxMessage, delivery: Delivery, *, label: str) -> None:
    """Another run holds the row: sent by now (``already``), or still sending (``busy``)."""
    status = OutboxMessage.objects.filter(pk=row.pk).values_list("status", flat=True).first()
    if status == OutboxStatus.SENT:
        _record(item, label=label)
        delivery.already.append(item)
    else:
        delivery.busy.append(item)


def _send_claimed(item: Outgoing, row: OutboxMessage, connection: Any, delivery: Delivery, *,
                  now: dt.datetime | None, label: str) -> None:
    message = message_from_row(row)
    message.connection = connection
    try:
        if connection.send_messages([message]) != 1:
            raise RuntimeError("the mail backend sent nothing")
    except Exception as error:
        logger.exception("%s: e-mail %s to %s failed", label, row.key, row.to)
        _fail(row, error, claimed=True)
        delivery.failed.append(item)
        return
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=row.pk, claimed_by=RUN_ID).update(
            status=OutboxStatus.SENT, sent_at=now or timezone.now(), error="")
        if item.on_sent is not None:
            try:
                with transaction.atomic():
                    item.on_sent()
            except Exception:  # the mail went: never send it again; the next run repairs the record
                logger.exception("%s: e-mail %s was sent but not recorded", label, row.key)
    delivery.sent.append(item)


def _record(item: Outgoing, *, label: str) -> None:
    if item.on_sent is None:
        return
    with transaction.atomic():
        item.on_sent()
    logger.info("%s: %s was sent before; its record is kept", label, item.key)


def _fail(row: OutboxMessage, error: BaseException, *, claimed: bool) -> None:
    rows = OutboxMessage.objects.filter(pk=row.pk)
    rows = (rows.filter(claimed_by=RUN_ID, status=OutboxStatus.SENDING) if claimed
            else rows.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED]))
    update: dict[str, Any] = {"status": OutboxStatus.FAILED,
                              "error": f"{type(error).__name__}: {error}"[:2000]}
    if not claimed:
        update["attempts"] = F("attempts") + 1
    rows.update(**update)


# ------------------------------------------------------------------ (de)serialising


def _content(message: EmailMessage) -> dict[str, Any]:
    if len(message.to) != 1 or message.cc or message.bcc:
        raise ValueError("outbox: one recipient per message")
    html = next((str(content) for content, mimetype in getattr(message, "alternatives", [])
                 if mimetype == "text/html"), "")
    return {"to": message.to[0], "from_email": str(message.from_email), "subject": str(message.subject),
            "body": str(message.body), "html": html,
            "attachments": [_attachment(part) for part in message.attachments]}


def _attachment(part: Any) -> dict[str, Any]:
    if isinstance(part, MIMEBase):
        charset = part.get_content_charset() or "utf-8"
        payload = part.get_payload(decode=True)
        params = {name: value for name, value in (part.get_params() or [])[1:] if name != "charset"}
        return {"filename": part.get_filename() or "", "mimetype": part.get_content_type(),
                "content": bytes(payload).decode(charset), "params": params}
    filename, content, mimetype = part
    if isinstance(content, bytes):
        return {"filename": filename, "mimetype": mimetype or "application/octet-stream",
                "content": base64.b64encode(content).decode("ascii"), "base64": True}
    return {"filename": filename, "mimetype": mimetype or "text/plain", "content": content}


def message_from_row(row: OutboxMessage) -> EmailMultiAlternatives:
    """The Django message as the sender built it: text, HTML alternative, attachments."""
    message = EmailMultiAlternatives(subject=row.subject, body=row.body, from_email=row.from_email,
                                     to=[row.to], headers={KEY_HEADER: row.key})
    if row.html:
        message.attach_alternative(row.html, "text/html")
    for attachment in row.attachments:
        if attachment.get("base64"):
            message.attach(attachment["filename"], base64.b64decode(attachment["content"]),
                           attachment["mimetype"])
            continue
        if attachment.get("params"):  # e.g. text/calendar; method=REQUEST
            subtype = str(attachment["mimetype"]).partition("/")[2] or "plain"
            part = MIMEText(attachment["content"], subtype, "utf-8")
            for name, value in attachment.get("params", {}).items():
                part.set_param(name, value)
            part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
            message.attach(part)
        else:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message

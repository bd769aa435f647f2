"""The outbox (naervaer/notices/outbox.py): once per key, claims, failures and retries,
and a message that comes out as it went in. Concurrent processes: tests/faults/."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from naervaer.notices import outbox
from naervaer.notices.invitations import invitation_part
from naervaer.notices.models import OutboxMessage, OutboxStatus
from naervaer.notices.outbox import Outgoing, outbox_send

pytestmark = pytest.mark.django_db

ICS = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


@pytest.fixture(autouse=True)
def _locmem(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def message(to: str = "leder@example.dk", subject: str = "Emne", body: str = "Tekst æøå") -> EmailMessage:
    return EmailMessage(subject=subject, body=body, from_email="naervaer@example.dk", to=[to])


def test_a_key_is_sent_once_however_often_it_is_handed_in():
    recorded: list[str] = []
    first = outbox_send([Outgoing("k:1", message(), lambda: recorded.append("first"))])
    again = outbox_send([Outgoing("k:1", message(), lambda: recorded.append("again"))])
    assert (len(first.sent), len(first.already)) == (1, 0)
    assert (len(again.sent), len(again.already)) == (0, 1)
    assert len(mail.outbox) == 1
    # The record runs again for a key sent before (a sender's record lost in a crash is repaired).
    assert recorded == ["first", "again"]
    row = OutboxMessage.objects.get(key="k:1")
    assert (row.status, row.attempts, row.to, row.error) == (OutboxStatus.SENT, 1, "leder@example.dk", "")
    assert row.sent_at is not None


def test_the_same_key_twice_in_one_batch_is_refused():
    with pytest.raises(ValueError, match="same key"):
        outbox_send([Outgoing("k", message()), Outgoing("k", message())])


def test_a_message_comes_out_as_it_went_in_html_and_invitation_included():
    original = EmailMultiAlternatives(subject="Opfølgning: Samtale – Bo", body="Tekst",
                                      from_email="Nærvær <naervaer@example.dk>", to=["leder@example.dk"])
    original.attach_alternative("<p>Tekst</p>", "text/html")
    original.attach(invitation_part(ICS, "invitation.ics"))
    original.attach("note.txt", "en note", "text/plain")
    outbox_send([Outgoing("k:ics", original)])
    (sent,) = mail.outbox
    assert (sent.subject, sent.body, sent.from_email, sent.to) == (
        "Opfølgning: Samtale – Bo", "Tekst", "Nærvær <naervaer@example.dk>", ["leder@example.dk"])
    assert sent.alternatives[0][0] == "<p>Tekst</p>"
    assert sent.extra_headers == {"X-Naervaer-Key": "k:ics"}  # a duplicate would be traceable
    parsed = message_from_bytes(sent.message().as_bytes())
    (calendar,) = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_filename() == "invitation.ics"
    assert calendar.get_payload(decode=True) == ICS
    (note,) = [part for part in parsed.walk() if part.get_filename() == "note.txt"]
    assert note.get_payload(decode=True) == b"en note"


def test_one_recipient_per_message():
    two = EmailMessage(subject="s", body="b", to=["a@example.dk", "b@example.dk"])
    with pytest.raises(ValueError, match="one recipient"):
        outbox_send([Outgoing("k", two)])


class RefusingBackend(LocmemBackend):
    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        raise OSError("550 mailbox unavailable")


def test_a_failure_is_recorded_and_the_next_run_sends_the_fresh_text(settings):
    settings.EMAIL_BACKEND = "tests.notices.test_outbox.RefusingBackend"
    recorded: list[str] = []
    failed = outbox_send([Outgoing("k:2", message(body="gammel"), lambda: recorded.append("x"))])
    assert (len(failed.sent), len(failed.failed)) == (0, 1)
    row = OutboxMessage.objects.get(key="k:2")
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 1)
    assert row.error == "OSError: 550 mailbox unavailable"
    assert recorded == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retry = outbox_send([Outgoing("k:2", message(body="ny"), lambda: recorded.append("x"))])
    assert len(retry.sent) == 1 and recorded == ["x"]
    assert [m.body for m in mail.outbox] == ["ny"]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.error, row.body) == (OutboxStatus.SENT, 2, "", "ny")


def test_an_unreachable_server_fails_every_message_without_claiming_it(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    result = outbox_send([Outgoing("a", message()), Outgoing("b", message(to="hr@example.dk"))])
    assert len(result.failed) == 2
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxStatus.FAILED, 1)}
    assert "ConnectionRefusedError" in OutboxMessage.objects.get(key="a").error


def test_a_message_another_run_is_sending_is_left_to_it_until_its_lease_ends():
    outbox_send([Outgoing("k:3", message())])  # sent; make a second, unsent row claimed elsewhere
    OutboxMessage.objects.create(key="k:4", to="hr@example.dk", from_email="x@example.dk", subject="s",
                                 body="b", status=OutboxStatus.SENDING, claimed_by="other:1:ab",
                                 claimed_at=timezone.now())
    mail.outbox.clear()
    busy = outbox_send([Outgoing("k:4", message(to="hr@example.dk"))])
    assert (len(busy.busy), len(busy.sent), mail.outbox) == (1, 0, [])
    # The other run died mid-send: after the lease a later run claims and sends it.
    OutboxMessage.objects.filter(key="k:4").update(
        claimed_at=timezone.now() - outbox.SENDING_LEASE - dt.timedelta(seconds=1))
    taken = outbox_send([Outgoing("k:4", message(to="hr@example.dk"))])
    assert len(taken.sent) == 1 and len(mail.outbox) == 1
    row = OutboxMessage.objects.get(key="k:4")
    assert (row.status, row.claimed_by) == (OutboxStatus.SENT, outbox.RUN_ID)


def test_a_claim_is_won_once():
    row = OutboxMessage.objects.create(key="k:5", to="a@example.dk", from_email="x@example.dk",
                                       subject="s", body="b")
    now = timezone.now()
    assert outbox._claim(row, now=now) is True
    assert outbox._claim(row, now=now) is False  # as a concurrent run's UPDATE finds it taken
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENDING, 1)


def test_a_failing_record_does_not_send_the_mail_again_and_is_repaired_next_run(caplog):
    def broken() -> None:
        raise RuntimeError("record failed")

    recorded: list[str] = []
    first = outbox_send([Outgoing("k:6", message(), broken)])
    assert len(first.sent) == 1 and "k:6 was sent but not recorded" in caplog.text
    assert OutboxMessage.objects.get(key="k:6").status == OutboxStatus.SENT
    again = outbox_send([Outgoing("k:6", message(), lambda: recorded.append("repaired"))])
    assert (len(again.already), recorded, len(mail.outbox)) == (1, ["repaired"], 1)

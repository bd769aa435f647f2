"""notices_send with Django's in-memory mail backend."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes

import icalendar
import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from naervaer.followup.models import Task, TaskStatus
from naervaer.followup.services import task_record
from naervaer.notices.models import Notice, NoticeKind, NoticeMode, NoticePreference
from naervaer.notices.services import notices_send
from tests.notices.conftest import START, run

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2025, 6, 6)
SATURDAY = dt.date(2025, 6, 7)
MONDAY = dt.date(2025, 6, 9)


def sent_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [address]]


def calendar_parts(message: mail.EmailMessage) -> list[icalendar.Calendar]:
    parsed = message_from_bytes(message.message().as_bytes())
    return [icalendar.Calendar.from_ical(part.get_payload(decode=True))
            for part in parsed.walk() if part.get_content_type() == "text/calendar"]


def test_each_task_goes_to_the_nearest_leader_and_hr_tasks_to_hr(org):
    run(FRIDAY)
    result = notices_send(as_of=FRIDAY)
    # Bo (SOL) → leder, Erik (ENG) → leder-engly: the call each; the HR step of both → hr.
    # The conversation's notice date (7 June) has not come yet.
    assert [m.subject for m in sent_to("leder@example.dk")] == [
        "Opfølgning: Ring til den sygemeldte – Bo Bertelsen, frist 04-06-2025"]
    assert [m.subject for m in sent_to("engly@example.dk")] == [
        "Opfølgning: Ring til den sygemeldte – Erik Eriksen, frist 04-06-2025"]
    assert sorted(m.subject for m in sent_to("hr@example.dk")) == [
        "Opfølgning: HR kontakter lederen – Bo Bertelsen, frist 06-06-2025",
        "Opfølgning: HR kontakter lederen – Erik Eriksen, frist 06-06-2025"]
    assert (result.sent, result.task_mails, result.digests, result.noticed, result.errors) == (4, 4, 0, 4, 0)
    assert result.skipped_no_email == 0
    # Anna's unrecorded call from 2024 is overdue but stale: no notice.
    assert not Notice.objects.filter(task__employee__employee_id="P-ANNA").exists()


def test_the_mail_has_a_danish_text_and_html_body_with_the_inbox_link_and_no_more(org):
    run(FRIDAY)
    notices_send(as_of=FRIDAY)
    message = sent_to("leder@example.dk")[0]
    assert message.from_email == "Nærvær <naervaer@example.dk>"
    assert "Medarbejder: Bo Bertelsen" in message.body
    assert "Opgave: Ring til den sygemeldte" in message.body
    assert "Frist: 04-06-2025 (overskredet)" in message.body
    assert "https://naervaer.example.dk/opfoelgning/" in message.body
    assert "https://naervaer.example.dk/indstillinger/advis/" in message.body
    assert "&" not in message.body and "&#" not in message.body  # plain text, not escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="https://naervaer.example.dk/opfoelgning/">' in html
    assert "Bo Bertelsen" in html
    assert not message.attachments  # a call has no invitation
    # Only title, name and dates: nothing from the absence record.
    assert "egen_sygdom" not in message.body and "P-BO" not in message.body


def test_a_conversation_carries_an_ics_invitation(org):
    run(SATURDAY)
    notices_send(as_of=SATURDAY)
    talk = [m for m in sent_to("leder@example.dk") if "Samtale" in m.subject]
    assert len(talk) == 1
    assert "kalenderinvitation er vedhæftet" in talk[0].body
    (calendar,) = calendar_parts(talk[0])
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(2025, 6, 9, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert event.decoded("DTSTART").tzinfo.key == "Europe/Copenhagen"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=45)
    assert str(event["SUMMARY"]) == "Samtale med den sygemeldte – Bo Bertelsen"
    assert str(event["ATTENDEE"]) == "mailto:leder@example.dk"
    assert str(event["ORGANIZER"]) == "mailto:naervaer@example.dk"
    assert "P-BO" not in str(event["UID"])
    parsed = message_from_bytes(talk[0].message().as_bytes())
    part = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invitation.ics"


def test_the_invitation_uid_is_stable_per_task(org):
    from naervaer.notices.invitations import task_invitation

    run(SATURDAY)
    task = Task.objects.get(employee__employee_id="P-BO", code="talk_day_5")
    first = icalendar.Calendar.from_ical(task_invitation(
        task, organizer="a@example.dk", attendee="b@example.dk", url="u",
        now=dt.datetime(2025, 6, 7, 6, tzinfo=dt.UTC)))
    later = icalendar.Calendar.from_ical(task_invitation(
        task, organizer="a@example.dk", attendee="b@example.dk", url="u",
        now=dt.datetime(2025, 6, 8, 6, tzinfo=dt.UTC)))
    other = Task.objects.get(employee__employee_id="P-ERIK", code="talk_day_5")
    third = icalendar.Calendar.from_ical(task_invitation(
        other, organizer="a@example.dk", attendee="b@example.dk", url="u",
        now=dt.datetime(2025, 6, 7, 6, tzinfo=dt.UTC)))
    uid = str(first.walk("VEVENT")[0]["UID"])
    assert str(later.walk("VEVENT")[0]["UID"]) == uid
    assert str(third.walk("VEVENT")[0]["UID"]) != uid


def test_running_again_sends_nothing_and_the_next_day_only_what_is_new(org):
    run(FRIDAY)
    notices_send(as_of=FRIDAY)
    first_notified = dict(Task.objects.filter(notified_at__isnull=False).values_list("pk", "notified_at"))
    assert len(first_notified) == 4
    mail.outbox.clear()
    again = notices_send(as_of=FRIDAY)
    assert (again.sent, again.noticed, again.errors, again.skipped_no_email) == (0, 0, 0, 0)
    assert mail.outbox == []
    run(SATURDAY)
    saturday = notices_send(as_of=SATURDAY, now=dt.datetime(2025, 6, 7, 5, tzinfo=dt.UTC))
    assert sorted(m.subject for m in mail.outbox) == [
        "Opfølgning: Samtale med den sygemeldte – Bo Bertelsen, frist 09-06-2025",
        "Opfølgning: Samtale med den sygemeldte – Erik Eriksen, frist 09-06-2025"]
    assert saturday.noticed == 2
    # notified_at is the first notice and is not moved by later runs.
    for pk, when in first_notified.items():
        assert Task.objects.get(pk=pk).notified_at == when
    assert Notice.objects.count() == 6


def test_done_tasks_get_no_notice(org):
    run(FRIDAY)
    call = Task.objects.get(employee__employee_id="P-BO", code="call_day_1")
    task_record(task=call, status=TaskStatus.DONE, date=START, user=org.leader)
    notices_send(as_of=FRIDAY)
    assert sent_to("leder@example.dk") == []


def test_users_without_an_address_are_skipped_counted_and_told_later(org):
    org.leader_engly.email = ""
    org.leader_engly.save()
    run(FRIDAY)
    result = notices_send(as_of=FRIDAY)
    assert result.skipped_no_email == 1  # Erik's call
    assert result.sent == 3
    assert not Notice.objects.filter(user=org.leader_engly).exists()
    org.leader_engly.email = "engly@example.dk"
    org.leader_engly.save()
    mail.outbox.clear()
    later = notices_send(as_of=FRIDAY)
    assert (later.sent, later.skipped_no_email) == (1, 0)
    assert [m.to for m in mail.outbox] == [["engly@example.dk"]]


def test_a_new_leader_gets_the_notice_too(org):
    from tests.factories import make_user

    run(FRIDAY)
    notices_send(as_of=FRIDAY)
    mail.outbox.clear()
    second = make_user(role="leader", username="leder2", units=[org.sol])
    second.email = "leder2@example.dk"
    second.save()
    result = notices_send(as_of=FRIDAY)
    assert [m.to for m in mail.outbox] == [["leder2@example.dk"]]
    assert result.noticed == 1


def weekly(user, weekday=0, last=None):  # type: ignore[no-untyped-def]
    return NoticePreference.objects.create(user=user, mode=NoticeMode.WEEKLY, weekday=weekday,
                                           last_digest_on=last)


def test_weekly_digest_on_the_weekday_only(org):
    weekly(org.leader, weekday=0)  # Mondays
    for day in (dt.date(2025, 6, d) for d in range(2, 9)):  # Mon 2 June … Sun 8 June
        run(day)
        notices_send(as_of=day)
    # The first Monday (2 June) already had the call: a digest of one task.
    digests = sent_to("leder@example.dk")
    assert [m.subject for m in digests] == ["Opfølgning: ugens oversigt – 1 opgave"]
    assert "Ring til den sygemeldte – Bo Bertelsen" in digests[0].body
    # Other users got their mails one by one all week.
    assert len(sent_to("engly@example.dk")) == 2
    mail.outbox.clear()
    run(MONDAY)
    result = notices_send(as_of=MONDAY)
    (digest,) = sent_to("leder@example.dk")
    assert digest.subject == "Opfølgning: ugens oversigt – 1 opgave"
    assert "09-06-2025: Samtale med den sygemeldte – Bo Bertelsen" in digest.body
    assert result.digests == 1
    (calendar,) = calendar_parts(digest)  # the conversation's invitation rides along
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Samtale med den sygemeldte – Bo Bertelsen"
    assert set(Notice.objects.filter(user=org.leader).values_list("kind", flat=True)) == {NoticeKind.DIGEST}
    mail.outbox.clear()
    assert notices_send(as_of=MONDAY).sent == 0  # once per day
    assert notices_send(as_of=dt.date(2025, 6, 10)).sent == 0
    assert NoticePreference.objects.get(user=org.leader).last_digest_on == MONDAY


def test_a_weekly_digest_lists_what_comes_due_before_the_next_one(org):
    weekly(org.leader, weekday=4)  # Fridays
    run(FRIDAY)
    notices_send(as_of=FRIDAY)
    (digest,) = sent_to("leder@example.dk")
    # The call (overdue) and the conversation, whose notice date is tomorrow.
    assert digest.subject == "Opfølgning: ugens oversigt – 2 opgaver"
    assert "04-06-2025 (overskredet): Ring til den sygemeldte – Bo Bertelsen" in digest.body
    assert "09-06-2025: Samtale med den sygemeldte – Bo Bertelsen" in digest.body
    html = digest.alternatives[0][0]
    assert "Samtale med den sygemeldte" in html


def test_a_missed_digest_day_is_caught_up(org):
    weekly(org.leader, weekday=0, last=dt.date(2025, 6, 2))
    run(dt.date(2025, 6, 10))  # the job did not run on Monday 9 June
    result = notices_send(as_of=dt.date(2025, 6, 10))
    assert result.digests == 1
    assert NoticePreference.objects.get(user=org.leader).last_digest_on == dt.date(2025, 6, 10)
    mail.outbox.clear()
    assert notices_send(as_of=dt.date(2025, 6, 11)).digests == 0


class FlakyBackend(LocmemBackend):
    """Refuses mail to one address, as a mail server refusing a recipient would."""

    opened = 0

    def open(self):  # type: ignore[no-untyped-def]
        FlakyBackend.opened += 1
        return super().open()

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        if any("engly@example.dk" in message.to for message in messages):
            raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


def test_a_failing_recipient_does_not_stop_the_others(org, settings, caplog):
    settings.EMAIL_BACKEND = "tests.notices.test_send.FlakyBackend"
    FlakyBackend.opened = 0
    run(FRIDAY)
    result = notices_send(as_of=FRIDAY)
    assert (result.sent, result.errors, result.failed_users) == (3, 1, ("leder-engly",))
    assert FlakyBackend.opened == 1  # one connection for the batch
    assert "engly@example.dk" in caplog.text
    assert not Notice.objects.filter(user=org.leader_engly).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retry = notices_send(as_of=FRIDAY)
    assert (retry.sent, retry.errors) == (1, 0)


def test_an_unreachable_mail_server_counts_every_mail_as_failed(org, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    run(FRIDAY)
    result = notices_send(as_of=FRIDAY)
    assert (result.sent, result.errors) == (0, 4)
    assert not Notice.objects.exists()
    assert not Task.objects.filter(notified_at__isnull=False).exists()

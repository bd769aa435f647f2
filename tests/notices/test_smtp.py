"""End to end over real SMTP: an aiosmtpd server on 127.0.0.1 receives the notices and
the attached invitation is read back with icalendar."""

from __future__ import annotations

import datetime as dt
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import icalendar
import pytest
from aiosmtpd.controller import Controller

from naervaer.notices.models import Notice
from naervaer.notices.services import notices_send
from tests.notices.conftest import run

pytestmark = pytest.mark.django_db


class Collector:
    """An aiosmtpd handler that keeps every message it receives; refuses one address."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address == "engly@example.dk":
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(settings):  # type: ignore[no-untyped-def]
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    yield handler
    controller.stop()


def test_notices_arrive_over_smtp_with_a_readable_invitation(org, smtp_server):
    saturday = dt.date(2025, 6, 7)
    run(saturday)
    result = notices_send(as_of=saturday)
    # Leder: call + conversation for Bo; HR: two HR steps; leder-engly is refused by the
    # server (and counted), which does not stop the mails after it.
    assert (result.sent, result.errors, result.failed_users) == (4, 2, ("leder-engly",))
    assert sorted(rcpt[0] for rcpt, _ in smtp_server.received) == [
        "hr@example.dk", "hr@example.dk", "leder@example.dk", "leder@example.dk"]
    (rcpt, talk), = [(rcpt, message) for rcpt, message in smtp_server.received
                     if "Samtale" in str(message["Subject"])]
    # (compat32 folding puts the encoded subject on a continuation line: strip the space)
    assert talk["Subject"].strip() == "Opfølgning: Samtale med den sygemeldte – Bo Bertelsen, frist 09-06-2025"
    assert talk["To"] == "leder@example.dk"
    text = talk.get_body(preferencelist=("plain",)).get_content()
    assert "https://naervaer.example.dk/opfoelgning/" in text
    assert talk.get_body(preferencelist=("html",)) is not None
    (part,) = [p for p in talk.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invitation.ics"
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.date(), start.time(), start.tzinfo.key) == (
        dt.date(2025, 6, 9), dt.time(10, 0), "Europe/Copenhagen")
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert str(event["SUMMARY"]) == "Samtale med den sygemeldte – Bo Bertelsen"
    uid = str(event["UID"])
    assert uid.endswith("@naervaer") and len(uid) > 20
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Copenhagen"
    assert Notice.objects.count() == 4
    # Nothing new on a second run; the refused recipient is tried again (and refused).
    smtp_server.received.clear()
    again = notices_send(as_of=saturday)
    assert (again.sent, again.errors, smtp_server.received) == (0, 2, [])

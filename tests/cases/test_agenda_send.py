"""The agenda sent ahead to the employee (locmem mail backend)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from naervaer.cases.services import case_open_concern, conversation_record
from tests.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation():  # type: ignore[no-untyped-def]
    org = make_org()
    case = case_open_concern(employee=org.anna, unit=org.sol, date=dt.date(2025, 6, 2), user=org.leader)
    talk = conversation_record(employee=org.anna, case=case, date=dt.date(2025, 6, 20),
                               kind="sygefravaerssamtale", participants={"leader": True}, user=org.leader,
                               minutes="Fortroligt referat")
    return org, case, talk


def test_agenda_goes_to_the_employee_only_with_the_agenda(conversation, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    org, case, talk = conversation
    org.employee.email = "anna@example.org"
    org.employee.save()
    client.force_login(org.leader)
    response = client.post(reverse("cases:detail", args=[case.pk]),
                           {"handling": "send_dagsorden", "samtale": talk.pk})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["anna@example.org"] and "20-06-2025" in sent.subject
    assert talk.agenda.splitlines()[0] in sent.body and "Fortroligt referat" not in sent.body
    talk.refresh_from_db()
    assert talk.agenda_sent_at is not None


def test_without_an_address_the_leader_is_told(conversation, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    org, case, talk = conversation
    client.force_login(org.leader)
    response = client.post(reverse("cases:detail", args=[case.pk]),
                           {"handling": "send_dagsorden", "samtale": talk.pk})
    assert response.status_code == 200 and "ingen e-mailadresse" in response.content.decode()
    assert mail.outbox == []

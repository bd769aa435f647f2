"""The unit page's follow-up panels: compliance of the policy and the use of the
instruments, with the small-group rule for roles without person access."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from naervaer.cases.services import cases_open_automatically, conversation_record
from naervaer.core.followup.presets import HOSPITAL_1_5_15
from naervaer.followup.models import Task, TaskStatus
from naervaer.followup.services import followup_run, policy_create, task_record, unit_policy_set
from naervaer.metrics.services import cube_refresh
from naervaer.organisation.services import settings_update
from tests.factories import make_absence, make_org

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 7, 31)


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    org = make_org()
    unit_policy_set(unit=org.kommune, policy=policy_create(name="Sygehus", version=HOSPITAL_1_5_15))
    make_absence(employment=org.bo_job, key="BO-LONG", start_date=dt.date(2025, 6, 2),
                 end_date=dt.date(2025, 6, 30))
    followup_run(as_of=AS_OF)
    first_call = Task.objects.get(employee=org.bo, code="contact_day_1")
    task_record(task=first_call, status=TaskStatus.DONE, date=dt.date(2025, 6, 2), user=org.leader)
    followup_run(as_of=AS_OF)
    case = cases_open_automatically(as_of=AS_OF)[0]
    conversation_record(employee=org.bo, case=case, date=dt.date(2025, 6, 20),
                        kind="sygefravaerssamtale", participants={"leader": True}, user=org.leader)
    cube_refresh(as_of=AS_OF, full=True)
    return org


def page(client, user, unit_id: str = "SOL") -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    url = reverse("unit-detail", args=[unit_id]) + "?art=year&periode=2025-07"
    return re.sub(r"\s+", " ", client.get(url).content.decode())


def test_leader_sees_compliance_and_instruments(org, client):
    text = page(client, org.leader)
    assert "Overholdelse af fraværspolitikken" in text and "Brug af redskaberne" in text
    done = Task.objects.filter(employee=org.bo, status="done").count()
    counted = Task.objects.filter(employee=org.bo).exclude(status="not_needed").count()
    assert done == 1 and counted >= 3
    assert re.search(r"Samtaler holdt i forløb</th><td class=\"num \" data-value=\"1\"", text)
    assert re.search(r"Forløb åbnet: Langvarigt sygeforløb</th><td class=\"num \" data-value=\"1\"", text)


def test_trio_sees_small_numbers_suppressed(org, client):
    settings_update(small_group_threshold=20)
    text = page(client, org.trio)
    assert "Færre end 20 opfølgningsopgaver" in text
    assert "færre end 20 forløb" in text
    assert "Bo Bertelsen" not in text


def test_threshold_from_settings_shows_them(org, client):
    settings_update(small_group_threshold=1)
    text = page(client, org.trio)
    assert "Færre end 1 opfølgningsopgaver" not in text
    assert re.search(r"Samtaler holdt i forløb</th><td class=\"num \" data-value=\"1\"", text)


def test_instruments_table_downloads(org, client):
    client.force_login(org.hr)
    response = client.get(reverse("unit-detail", args=["SOL"])
                          + "?art=year&periode=2025-07&format=xlsx&tabel=instrumenter")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")

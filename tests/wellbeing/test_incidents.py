"""Incidents: the ladder's dates, notices (once, to the unit's nearest leader), who sees
what, suppression of counts, and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from naervaer.accounts.models import AuditEvent
from naervaer.followup.models import Task
from naervaer.organisation.selectors import get_settings
from naervaer.wellbeing.models import (
    Incident,
    IncidentKind,
    IncidentNotice,
    IncidentTask,
    IncidentTaskStatus,
    WellbeingScore,
)
from naervaer.wellbeing.selectors import (
    can_see_incidents,
    incident_counts,
    incidents_visible_to,
    wellbeing_panel,
)
from naervaer.wellbeing.services import incident_notices_send, incident_record, incident_step_set
from tests.factories import make_org

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 2)


@pytest.fixture
def org(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NAERVAER_BASE_URL = "https://naervaer.example.dk"
    org = make_org()
    for user, address in ((org.leader, "leder@example.dk"), (org.leader_engly, "engly@example.dk"),
                          (org.hr, "hr@example.dk")):
        user.email = address
        user.save()
    return org


def steps(incident: Incident) -> dict[str, IncidentTask]:
    return {task.code: task for task in incident.tasks.all()}


def test_ladder_dates_and_responsible_leader(org):
    incident = incident_record(unit=org.sol_a, date=DAY, kind=IncidentKind.VIOLENCE,
                               employee=org.carl, user=org.leader)
    by_code = steps(incident)
    assert {code: task.due_date for code, task in by_code.items()} == {
        "defusing": DAY, "leader_call": DAY + dt.timedelta(days=1),
        "debriefing": DAY + dt.timedelta(days=5)}
    assert by_code["debriefing"].notice_date == DAY + dt.timedelta(days=2)
    # Team Solgården A has no leader of its own: the nearest is Solgården's.
    assert {task.responsible for task in by_code.values()} == {org.leader}
    assert all(task.status == IncidentTaskStatus.OPEN for task in by_code.values())
    assert not Task.objects.exists()  # never a follow-up task: the follow-up run would close it
    assert AuditEvent.objects.filter(action="incident_record", object_id=str(incident.pk)).exists()


def test_notices_go_once_to_the_nearest_leader(org):
    incident_record(unit=org.sol, date=DAY, kind=IncidentKind.THREAT)
    first = incident_notices_send(DAY)
    assert (first.sent, first.noticed, first.errors) == (1, 2, 0)
    [message] = mail.outbox
    assert message.to == ["leder@example.dk"]
    assert "Plejecenter Solgården 02-06-2025" in message.subject
    assert "Defusing samme dag" in message.body and "Debriefing" not in message.body
    assert "https://naervaer.example.dk/haendelser/" in message.body
    again = incident_notices_send(DAY)
    assert again.sent == 0 and len(mail.outbox) == 1
    # The debriefing's window opens on day 2: one more e-mail, then nothing.
    assert incident_notices_send(DAY + dt.timedelta(days=2)).noticed == 1
    assert "Debriefing" in mail.outbox[1].body
    assert incident_notices_send(DAY + dt.timedelta(days=3)).sent == 0
    assert IncidentNotice.objects.count() == 3


def test_done_steps_are_not_noticed_and_no_email_is_skipped(org):
    incident = incident_record(unit=org.engly, date=DAY, kind=IncidentKind.OTHER)
    incident_step_set(task=steps(incident)["defusing"], status=IncidentTaskStatus.DONE,
                      user=org.leader_engly)
    org.leader_engly.email = ""
    org.leader_engly.save()
    result = incident_notices_send(DAY)
    assert (result.sent, result.skipped_no_email) == (0, 1)
    task = IncidentTask.objects.get(incident=incident, code="defusing")
    assert task.done_by == org.leader_engly and task.done_at is not None


def test_unit_without_leader_notices_hr(org):
    incident_record(unit=org.skole, date=DAY, kind=IncidentKind.VIOLENCE)
    incident_notices_send(DAY)
    assert [message.to for message in mail.outbox] == [["hr@example.dk"]]


def test_who_sees_incident_details(org):
    sol = incident_record(unit=org.sol_a, date=DAY, kind=IncidentKind.VIOLENCE)
    eng = incident_record(unit=org.engly, date=DAY, kind=IncidentKind.THREAT)
    assert set(incidents_visible_to(org.hr)) == {sol, eng}
    assert set(incidents_visible_to(org.leader)) == {sol}
    assert set(incidents_visible_to(org.leader_engly)) == {eng}
    for user in (org.trio, org.direktion, org.employee):
        assert not incidents_visible_to(user).exists()
        assert not can_see_incidents(user, org.sol)
    # A leader sees the sibling unit's figures, but not its incidents.
    assert not can_see_incidents(org.leader, org.engly)


def test_counts_are_suppressed_for_small_groups_unless_persons(org):
    for days in range(3):
        incident_record(unit=org.sol, date=DAY - dt.timedelta(days=days), kind=IncidentKind.VIOLENCE)
    incident_record(unit=org.sol_a, date=DAY, kind=IncidentKind.THREAT)
    window = (DAY - dt.timedelta(days=30), DAY)
    assert get_settings().small_group_threshold == 5
    hidden = incident_counts(org.sol, *window, persons=False)
    assert hidden["suppressed"] and hidden["total"] is None and hidden["violence"] is None
    shown = incident_counts(org.sol, *window, persons=True)
    assert (shown["total"], shown["violence"], shown["threat"], shown["other"]) == (4, 3, 1, 0)
    # Steps still open after their due date (as of the window's end).
    # Day -2: defusing and call overdue; day -1: defusing (its call is due on DAY).
    assert shown["steps_overdue"] == 3
    incident_record(unit=org.engly, date=DAY, kind=IncidentKind.OTHER)
    whole = incident_counts(org.aeldre, *window, persons=False)
    assert not whole["suppressed"] and whole["total"] == 5
    none = incident_counts(org.skole, *window, persons=False)
    assert not none["suppressed"] and none["total"] == 0


def test_panel(org):
    WellbeingScore.objects.create(unit=org.sol, year=2024, measure="trivsel", value=70)
    WellbeingScore.objects.create(unit=org.sol, year=2025, measure="trivsel", value=74.5, source="APV 2025")
    incident_record(unit=org.sol, date=DAY, kind=IncidentKind.VIOLENCE)
    panel = wellbeing_panel(org.trio, org.sol, year=2025, date_from=DAY - dt.timedelta(days=365), date_to=DAY)
    assert panel.year == 2025 and panel.source == "APV 2025"
    assert panel.scores[0]["label"] == "Trivsel" and panel.scores[0]["change"] == 4.5
    assert panel.incidents["suppressed"] and not panel.register_link
    assert wellbeing_panel(org.leader, org.sol, year=2026, date_from=DAY, date_to=DAY).register_link


def test_pages_by_role(org, client):
    incident = incident_record(unit=org.sol, date=DAY, kind=IncidentKind.VIOLENCE, employee=org.anna)
    detail = reverse("wellbeing:incident", args=[incident.pk])

    client.force_login(org.leader)
    page = client.get(reverse("wellbeing:incidents"))
    assert page.status_code == 200 and "Anna Andersen" in page.text
    assert client.get(detail).status_code == 200
    task = steps(incident)["leader_call"]
    response = client.post(reverse("wellbeing:incident-step", args=[incident.pk, task.pk]), {"status": "done"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == IncidentTaskStatus.DONE and task.done_by == org.leader

    client.force_login(org.leader_engly)
    assert client.get(detail).status_code == 403
    assert "Anna Andersen" not in client.get(reverse("wellbeing:incidents")).text

    for user in (org.trio, org.direktion):
        client.force_login(user)
        page = client.get(reverse("wellbeing:incidents"))
        assert page.status_code == 200 and "Anna Andersen" not in page.text
        assert "Hændelser pr. enhed" in page.text
        assert client.get(detail).status_code == 403
        assert client.get(reverse("wellbeing:incident-new")).status_code == 403

    client.force_login(org.employee)
    assert client.get(reverse("wellbeing:incidents")).status_code == 403


def test_leader_records_only_in_own_units(org, client):
    client.force_login(org.leader)
    url = reverse("wellbeing:incident-new")
    assert "Ingen helbredsoplysninger og ingen navne" in client.get(url).text
    refused = client.post(url, {"unit": org.engly.pk, "date": "2025-06-02", "kind": "threat"})
    assert refused.status_code == 400 and not Incident.objects.exists()
    made = client.post(url, {"unit": org.sol_a.pk, "date": "02-06-2025", "kind": "threat",
                             "description": "Borger truede ved aftensmaden.", "employee": org.carl.pk})
    assert made.status_code == 302
    incident = Incident.objects.get()
    assert (incident.unit, incident.employee, incident.created_by) == (org.sol_a, org.carl, org.leader)
    assert incident.tasks.count() == 3


def test_wellbeing_page_is_for_hr(org, client):
    client.force_login(org.leader)
    assert client.get(reverse("wellbeing:scores")).status_code == 403
    client.force_login(org.hr)
    from django.core.files.uploadedfile import SimpleUploadedFile
    upload = SimpleUploadedFile("apv.csv", b"unit_id;year;measure;value\nSOL;2025;trivsel;74\n")
    response = client.post(reverse("wellbeing:scores"), {"file": upload})
    assert response.status_code == 200 and "1 nye" in response.text
    assert WellbeingScore.objects.count() == 1
    bad = SimpleUploadedFile("apv.csv", b"unit_id;year;measure;value\nXX;2025;trivsel;74\n")
    response = client.post(reverse("wellbeing:scores"), {"file": bad})
    assert response.status_code == 400 and "apv.csv:2: unit_id: enheden" in response.text
    page = client.get(reverse("wellbeing:scores") + "?aar=2025")
    assert "Plejecenter Solgården" in page.text
    xlsx = client.get(reverse("wellbeing:scores") + "?aar=2025&tabel=trivsel&format=xlsx")
    assert xlsx.status_code == 200


def test_daily_job_sends_incident_notices(org):
    from django.core.management import call_command

    incident_record(unit=org.engly, date=DAY, kind=IncidentKind.VIOLENCE)
    call_command("followup_daily", "--as-of", DAY.isoformat())
    assert any(message.to == ["engly@example.dk"] and "Plejecenter Engly" in message.subject
               for message in mail.outbox)


def test_unit_panel_renders(org):
    from django.template.loader import render_to_string

    WellbeingScore.objects.create(unit=org.sol, year=2024, measure="trivsel", value=70)
    WellbeingScore.objects.create(unit=org.sol, year=2025, measure="trivsel", value=74.5)
    incident_record(unit=org.sol, date=DAY, kind=IncidentKind.VIOLENCE)
    window = {"year": 2025, "date_from": DAY - dt.timedelta(days=365), "date_to": DAY}
    html = render_to_string("wellbeing/_unit_panel.html",
                            {"wellbeing": wellbeing_panel(org.leader, org.sol, **window)})
    assert "Trivsel" in html and "+4,5" in html.replace(".", ",") and "1 i alt" in html
    assert "/haendelser/" in html
    hidden = render_to_string("wellbeing/_unit_panel.html",
                              {"wellbeing": wellbeing_panel(org.trio, org.sol, **window)})
    assert "i alt" not in hidden and "/haendelser/" not in hidden

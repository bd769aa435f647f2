"""The sick-report page through the test client: who may report for whom, returns,
and the list of differences for HR."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from naervaer.followup.models import SickReport, SickReportStatus
from tests.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    return make_org()


def post_report(client, employee_id: str, first_day: dt.date = TODAY):  # type: ignore[no-untyped-def]
    return client.post(reverse("sick-reports"), {"employee_id": employee_id, "first_day": first_day.isoformat(),
                                                 "channel": "phone", "reported_to": "Leder"})


def test_leader_reports_for_own_area_only(org, client):
    client.force_login(org.leader)
    response = post_report(client, "P-BO")
    assert response.status_code == 302
    assert SickReport.objects.get().employment == org.bo_job
    page = post_report(client, "P-ERIK")  # Engly is not the leader's
    assert page.status_code == 200 and "Ingen ansættelse du kan melde for" in page.content.decode()
    assert SickReport.objects.count() == 1


def test_employee_reports_for_themself(org, client):
    client.force_login(org.employee)
    page = client.get(reverse("sick-reports")).content.decode()
    assert "P-ANNA" in page
    assert post_report(client, "P-ANNA").status_code == 302
    assert post_report(client, "P-BO").status_code == 200  # not someone else
    assert SickReport.objects.filter(employment__employee=org.anna).count() == 1


@pytest.mark.parametrize("role", ["trio", "direktion", "nobody"])
def test_aggregated_roles_may_not_report(org, client, role):
    client.force_login(getattr(org, role))
    assert client.get(reverse("sick-reports")).status_code == 403


def test_bad_input_rerenders_with_messages(org, client):
    client.force_login(org.leader)
    page = client.post(reverse("sick-reports"), {"employee_id": "P-BO", "first_day": "31-02-2025",
                                                 "channel": "carrier pigeon"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "errorlist" in text and SickReport.objects.count() == 0
    future = post_report(client, "P-BO", TODAY + dt.timedelta(days=5)).content.decode()
    assert "frem i tiden" in future


def test_return_and_differences(org, client):
    client.force_login(org.leader)
    post_report(client, "P-BO", TODAY - dt.timedelta(days=3))
    report = SickReport.objects.get()
    response = client.post(reverse("sick-report-return", args=[report.pk]),
                           {"returned_on": TODAY.isoformat()})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.returned_on == TODAY
    SickReport.objects.filter(pk=report.pk).update(status=SickReportStatus.DIFFERS,
                                                  difference="Løndata: x; meldt: y")
    client.force_login(org.hr)
    assert "Løndata: x; meldt: y" in client.get(reverse("sick-reports")).content.decode()
    client.force_login(org.leader_engly)  # not their employee
    assert client.post(reverse("sick-report-return", args=[report.pk]),
                       {"returned_on": TODAY.isoformat()}).status_code == 404

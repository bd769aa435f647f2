"""The audit log for HR: access, filters, paging, XLSX, and that viewing it is logged."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from naervaer.accounts.models import AuditEvent
from naervaer.accounts.services import audit_record
from naervaer.insight.selectors.audit import audit_events

ROLES = ["hr", "leader", "trio", "direktion", "employee", "leader_engly", "nobody"]
URL = reverse("audit-log")


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [200, 403, 403, 403, 403, 403, 403],
                                                      strict=True)))
def test_only_hr_sees_the_audit_log(client_for, role, status):
    assert client_for(role).get(URL).status_code == status
    assert client_for(role).get(URL + "?tabel=revisionslog&format=xlsx").status_code == status


def test_anonymous_is_sent_to_login(client_for):
    assert client_for(None).get(URL).status_code == 302


def test_viewing_the_log_is_logged_and_lists_newest_first(client_for, org):
    client_for("leader").get(reverse("employee-detail", args=["P-ANNA"]))
    client_for("leader").get(reverse("employee-detail", args=["P-BO"]))
    page = client_for("hr").get(URL).content.decode()
    assert page.index("P-BO") < page.index("P-ANNA")
    assert "Så medarbejder" in page and "leder" in page
    event = AuditEvent.objects.first()  # newest
    assert event is not None and event.action == "view_audit_log" and event.username == "hr"


def test_filters_by_user_action_object_and_dates(client_for, org):
    audit_record(user=org.leader, action="view_employee", object_type="employee",
                 object_id="P-ANNA")
    audit_record(user=org.leader_engly, action="view_employee", object_type="employee",
                 object_id="P-ERIK")
    audit_record(user=org.hr, action="import", object_type="import_batch", object_id="7")
    today = timezone.localdate()
    assert [e.object_id for e in audit_events(bruger="engly")] == ["P-ERIK"]
    assert [e.object_id for e in audit_events(handling="import")] == ["7"]
    assert [e.object_id for e in audit_events(objekt="anna", handling="view_employee")] == ["P-ANNA"]
    # (the fixture's users were logged as role changes)
    assert audit_events(fra=today, til=today).exclude(action="role_change").count() == 3
    assert audit_events(fra=today + dt.timedelta(days=1)).count() == 0
    client = client_for("hr")
    page = client.get(URL, {"bruger": "engly"}).content.decode()
    assert "P-ERIK" in page and "P-ANNA" not in page
    page = client.get(URL, {"handling": "view_employee", "objekt": "P-ANNA"}).content.decode()
    assert "P-ANNA" in page and "P-ERIK" not in page
    page = client.get(URL, {"fra": (today + dt.timedelta(days=1)).isoformat()}).content.decode()
    assert "P-ANNA" not in page and "Ingen hændelser" in page


@pytest.mark.parametrize("query", [{"fra": "2024-13-01"}, {"til": "i går"},
                                   {"fra": "2024-05-02", "til": "2024-05-01"}])
def test_bad_dates_show_a_message(client_for, org, query):
    audit_record(user=org.leader, action="view_employee", object_type="employee",
                 object_id="P-ANNA")
    response = client_for("hr").get(URL, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error"' in page and "P-ANNA" in page


def test_paginated_by_fifty_keeping_the_filters(client_for, org):
    for number in range(60):
        audit_record(user=org.leader, action="view_employee", object_type="employee",
                     object_id=f"P-{number:03d}")
    client = client_for("hr")
    first = client.get(URL, {"bruger": "leder"}).content.decode()
    assert "P-059" in first and "P-009" not in first
    assert "Side 1 af 2" in first and "bruger=leder&amp;side=2" in first
    second = client.get(URL, {"bruger": "leder", "side": "2"}).content.decode()
    assert "P-009" in second and "P-059" not in second
    assert client.get(URL, {"side": "abc"}).status_code == 200


def test_xlsx_download_of_the_filtered_rows(client_for, org):
    audit_record(user=org.leader, action="view_employee", object_type="employee",
                 object_id="P-ANNA", detail={"employments": ["E-ANNA"]})
    audit_record(user=org.hr, action="import", object_type="import_batch", object_id="7")
    response = client_for("hr").get(URL, {"bruger": "leder", "tabel": "revisionslog",
                                          "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    values = [cell for row in rows for cell in row]
    assert "P-ANNA" in values and "7" not in values and "leder" in values
    header = next(row for row in rows if row and row[0] == "Tidspunkt")
    assert list(header) == ["Tidspunkt", "Bruger", "Handling", "Objekttype", "Objekt-id",
                            "Detaljer"]
    assert AuditEvent.objects.filter(action="view_audit_log",
                                     detail__format="xlsx").count() == 1

"""The targets page (/maal/) and the escalations page (/maal/eskaleringer/): roles,
forms, XLSX and the progress partial."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from naervaer.targets import selectors, services
from naervaer.targets.models import EscalationTask, UnitTarget
from tests.targets.conftest import AS_OF

URL = "/maal/?aar=2025"
ESC = "/maal/eskaleringer/"


def text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_url_names() -> None:
    assert reverse("targets:targets") == "/maal/"
    assert reverse("targets:escalations") == ESC


def test_hr_sees_tree_with_own_and_inherited_targets_and_forms(org, client_for) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    services.target_set(unit=org.a, year=2025, measure="absence_pct", value=5.5)
    page = text(client_for("hr").get(URL))
    assert "arvet fra Område A" in page and "arvet fra Kommune" in page and "eget" in page
    assert "Sæt et måltal" in page and "Bryd et måltal ned" in page


def test_hr_sets_breaks_down_suggests_and_clears(org, client_for) -> None:
    client = client_for("hr")
    response = client.post(URL, {"action": "set", "unit": "K", "measure": "absence_pct", "value": "4.5"})
    assert response.status_code == 302
    assert UnitTarget.objects.get(unit=org.k, year=2025).set_by == org.hr
    client.post(URL, {"action": "break_down", "unit": "K", "method": "proportional"})
    assert UnitTarget.objects.get(unit=org.a, year=2025).value == 5.4
    client.post(URL, {"action": "clear", "unit": "A"})
    assert not UnitTarget.objects.filter(unit=org.a, year=2025).exists()
    response = client.post(URL, {"action": "suggest", "unit": "B", "measure": "absence_pct"}, follow=True)
    assert "Det kunne ikke lade sig gøre" in text(response)
    response = client.post(URL, {"action": "set", "unit": "K", "measure": "absence_pct", "value": "-1"},
                           follow=True)
    assert "Tjek felterne" in text(response)


@pytest.mark.parametrize("role", ["leader_a", "trio", "direktion"])
def test_others_read_only(org, client_for, role: str) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    page = text(client_for(role).get(URL))
    assert "Sæt et måltal" not in page and "Område A" in page
    response = client_for(role).post(URL, {"action": "set", "unit": "K", "measure": "absence_pct",
                                           "value": "1"})
    assert response.status_code == 403
    assert UnitTarget.objects.get(unit=org.k).value == 4.5


def test_leader_sees_only_visible_units(org, client_for) -> None:
    page = text(client_for("leader_a1").get(URL))
    assert "Team A1" in page and "Område B" not in page


def test_employee_gets_403_and_anonymous_login(org, client_for) -> None:
    assert client_for("employee").get(URL).status_code == 403
    assert client_for("employee").get(ESC).status_code == 403
    from django.test import Client

    assert Client().get(URL).status_code == 302


def test_xlsx_download(org, client_for) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    response = client_for("hr").get(URL + "&tabel=maal&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 4.5 in values
    response = client_for("hr").get(ESC + "?status=all&tabel=eskaleringer&format=xlsx")
    assert response.status_code == 200


def test_escalations_hr_sees_all_leader_own_and_marks_done(org, client_for) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    services.escalations_run(as_of=dt.date(2025, 10, 2), send=False)
    page = text(client_for("hr").get(ESC))
    assert "Kommune, 2025-K3" in page and "Team A1, 2025-K3" in page
    page = text(client_for("leader_a1").get(ESC))
    assert "Team A1, 2025-K3" in page and "Kommune, 2025-K3" not in page and "Område A, 2025" not in page
    task = EscalationTask.objects.get(escalation__unit=org.a1, kind="explain")
    other = EscalationTask.objects.get(escalation__unit=org.k, kind="explain")
    assert client_for("leader_a1").post(ESC, {"task": other.pk}).status_code == 404
    assert client_for("leader_a1").post(ESC, {"task": "x"}).status_code == 404
    response = client_for("leader_a1").post(ESC, {"task": task.pk, "note": "sæsoninfluenza"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.done_by, task.note) == ("done", org.leader_a1, "sæsoninfluenza")
    assert "udført" in text(client_for("hr").get(ESC + "?status=all"))
    client_for("hr").post(ESC, {"task": task.pk, "action": "reopen"})
    task.refresh_from_db()
    assert task.status == "open"


@pytest.mark.parametrize("role", ["trio", "direktion"])
def test_escalations_closed_to_trio_and_direktion(org, client_for, role: str) -> None:
    assert client_for(role).get(ESC).status_code == 403


def test_progress_partial_renders(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    html = render_to_string("targets/_progress.html",
                            {"progress": selectors.target_progress(org.k, AS_OF)})
    flat = re.sub(r"\s+", " ", html)
    assert "Måltal 2025" in flat and "Ikke på rette vej" in flat
    assert "12-2025" in flat and "3 måneder" in flat
    assert render_to_string("targets/_progress.html", {"progress": None}).strip() == ""

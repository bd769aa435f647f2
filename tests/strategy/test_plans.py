"""Action plans: HR's template round trip, roles, history, and HR's status overview."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from naervaer.accounts.models import AuditEvent
from naervaer.strategy import services
from naervaer.strategy.models import (
    DEFAULT_HEADINGS,
    ActionPlan,
    PlanAction,
    PlanRevision,
    PlanStatus,
    StrategyChange,
)
from naervaer.strategy.selectors import default_template, plan_status_rows


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def plan_url(unit) -> str:  # type: ignore[no-untyped-def]
    return reverse("strategy:plan", args=[unit.pk])


def test_default_template_has_the_seed_headings(db):
    assert default_template().headings == DEFAULT_HEADINGS
    assert default_template().pk == default_template().pk  # created once


def test_template_round_trip(org, client_for):
    hr = client_for("hr")
    response = hr.post(reverse("strategy:template"), {
        "name": "Handleplan 2025", "headings": "Data og status\n\nMål\n  Handlinger  \nOpfølgning\n"})
    assert response.status_code == 302
    assert default_template().headings == ["Data og status", "Mål", "Handlinger", "Opfølgning"]
    page = text_of(hr.get(reverse("strategy:template")))
    assert "Data og status\nMål" in hr.get(reverse("strategy:template")).content.decode()
    assert "Handleplan 2025" in page

    leader = client_for("leader")
    page = text_of(leader.get(plan_url(org.sol)))
    for heading in ("Data og status", "Mål", "Handlinger", "Opfølgning"):
        assert f">{heading}</label>" in page
    response = leader.post(plan_url(org.sol), {
        "heading_0": "Korttidsfraværet stiger", "heading_1": "Færre korte fravær",
        "heading_2": "", "heading_3": "Hver måned i TRIO", "status": "active", "revise_by": ""})
    assert response.status_code == 302
    plan = ActionPlan.objects.get(unit=org.sol)
    assert plan.body == {"Data og status": "Korttidsfraværet stiger", "Mål": "Færre korte fravær",
                         "Handlinger": "", "Opfølgning": "Hver måned i TRIO"}
    assert plan.status == PlanStatus.ACTIVE and plan.updated_by == "leder"
    page = text_of(leader.get(plan_url(org.sol)))
    assert "Korttidsfraværet stiger</textarea>" in page

    # HR drops a heading: the plan keeps (and still shows) what was written under it.
    hr.post(reverse("strategy:template"), {"name": "Handleplan 2025", "headings": "Mål\nNyt punkt"})
    page = text_of(client_for("direktion").get(plan_url(org.sol)))
    assert "<h2>Nyt punkt</h2>" in page and "<h2>Data og status</h2>" in page
    assert "Korttidsfraværet stiger" in page
    assert "<h2>Handlinger</h2>" not in page  # an empty heading the template dropped
    assert 'id="handlinger-heading"' in page


def test_every_write_is_kept_with_who_and_when(org, client_for):
    leader = client_for("leader")
    leader.post(plan_url(org.sol), {"heading_0": "Tekst", "status": "draft"})
    leader.post(reverse("strategy:action-add", args=[org.sol.pk]), {
        "ny-text": "Omsorgssamtaler", "ny-owner": "Leder", "ny-deadline": "2025-03-01",
        "ny-status": "open", "ny-core_element": "handling"})
    action = PlanAction.objects.get()
    assert (action.text, action.owner, action.deadline, action.core_element) == (
        "Omsorgssamtaler", "Leder", dt.date(2025, 3, 1), "handling")
    leader.post(reverse("strategy:action-update", args=[action.pk]), {f"a{action.pk}-status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    changes = list(StrategyChange.objects.order_by("pk").values_list("username", "action"))
    assert changes == [("leder", "plan_create"), ("leder", "plan_update"), ("leder", "action_add"),
                       ("leder", "action_update")]
    assert AuditEvent.objects.filter(action__startswith="strategy.").count() == 4
    revisions = list(PlanRevision.objects.order_by("number"))
    assert [revision.number for revision in revisions] == [1, 2, 3, 4]
    assert revisions[-1].snapshot["actions"][0]["status"] == "done"
    assert revisions[1].snapshot["body"]["Data og allerede igangsatte indsatser"] == "Tekst"
    page = text_of(client_for("direktion").get(plan_url(org.sol)))
    assert "action_update" in page and "leder" in page


@pytest.mark.parametrize(("user", "unit", "read", "write"), [
    ("hr", "engly", True, True),
    ("leader", "sol", True, True),
    ("leader", "sol_a", True, True),       # below the leader's unit
    ("leader", "engly", False, False),     # a sibling: figures to compare, not its plan
    ("trio", "sol", True, True),
    ("trio", "skole", False, False),
    ("direktion", "sol", True, False),
    ("employee", "sol", False, False),
    ("nobody", "sol", False, False),
])
def test_roles(org, client_for, user, unit, read, write):
    client = client_for(user)
    target = getattr(org, unit)
    assert client.get(plan_url(target)).status_code == (200 if read else 403)
    assert client.get(reverse("strategy:wheel", args=[target.pk, 2024])).status_code == (
        200 if read else 403)
    response = client.post(plan_url(target), {"heading_0": "x", "status": "draft"})
    assert response.status_code == (302 if write else 403)
    response = client.post(reverse("strategy:wheel", args=[target.pk, 2024]), {"create": "1"})
    assert response.status_code == (302 if write else 403)
    if read and not write:
        page = text_of(client.get(plan_url(target)))
        assert "<textarea" not in page and "<form method=\"post\" class=\"stacked-form" not in page


@pytest.mark.parametrize("user", ["leader", "trio", "direktion", "employee"])
def test_only_hr_sees_the_overview_and_the_template(client_for, user):
    client = client_for(user)
    assert client.get(reverse("strategy:overview")).status_code == 403
    assert client.get(reverse("strategy:template")).status_code == 403
    assert client.post(reverse("strategy:template"), {"name": "x", "headings": "y"}).status_code == 403


def test_plan_status_overview(org, client_for):
    today = timezone.localdate()
    overdue = services.plan_get_or_create(org.sol, user=org.leader)
    services.plan_update(overdue, user=org.leader, body={}, status="active",
                         revise_by=today - dt.timedelta(days=1))
    draft = services.plan_get_or_create(org.engly, user=org.leader_engly)
    services.action_add(draft, user=org.leader_engly, text="Gammel handling",
                        deadline=today - dt.timedelta(days=3))
    rows = {row.unit.unit_id: row for row in plan_status_rows(today)}
    assert {key: row.state for key, row in rows.items()} == {
        "K": "none", "AE": "none", "SOL": "overdue", "SOLA": "none", "ENG": "draft", "SKO": "none"}
    assert (rows["ENG"].open_actions, rows["ENG"].overdue_actions) == (1, 1)

    hr = client_for("hr")
    page = text_of(hr.get(reverse("strategy:overview")))
    assert "Revision overskredet" in page and "Ingen plan" in page
    page = text_of(hr.get(reverse("strategy:overview") + "?status=none"))
    assert f'href="{plan_url(org.sol)}"' not in page and f'href="{plan_url(org.skole)}"' in page
    page = text_of(hr.get(reverse("strategy:overview") + "?status=overdue"))
    assert f'href="{plan_url(org.sol)}"' in page and f'href="{plan_url(org.engly)}"' not in page
    response = hr.get(reverse("strategy:overview") + "?status=overdue&tabel=handleplaner&format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Plejecenter Solgården" in values and "Revision overskredet" in values

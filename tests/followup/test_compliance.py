"""Compliance read from stored tasks: per unit subtree, per responsible leader, per action;
the compliance page and the unit panel with the small-group rule."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from naervaer.followup import compliance
from naervaer.followup.models import Task
from naervaer.organisation.selectors import get_settings
from tests.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FROM, TO = compliance.default_period(TODAY)
PAGE = "/opfoelgning/overholdelse/"
PERIOD = {"date_from": FROM, "date_to": TO, "as_of": TODAY}


def frame_of(tasks):  # type: ignore[no-untyped-def]
    return compliance.task_frame(tasks, **PERIOD)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


_seq = iter(range(100000))


def make_task(employee, unit, *, due, status="done", done=None, action="contact",  # type: ignore[no-untyped-def]
              responsible="leader", notified=False) -> Task:
    return Task.objects.create(
        employee=employee, unit=unit, spell_start=day(-100), code=action, seq=next(_seq),
        source="policy", policy_name="P", title="T", action=action, responsible=responsible,
        trigger_date=day(due - 3), due_date=day(due), notice_date=day(due - 1), status=status,
        done_date=day(due + done) if done is not None else None,
        notified_at=timezone.now() if notified else None)


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    org = make_org()
    make_task(org.bo, org.sol, due=-50, done=0)                     # on time
    make_task(org.bo, org.sol, due=-40, done=4)                     # 4 days late
    make_task(org.carl, org.sol_a, due=-30, done=-1)                # on time (SOLA)
    make_task(org.carl, org.sol_a, due=-20, status="overdue")       # missed
    make_task(org.bo, org.sol, due=-10, status="waived", done=-10)
    make_task(org.bo, org.sol, due=-10, status="not_needed")        # never judged
    make_task(org.bo, org.sol, due=5, status="open")                # not due yet
    make_task(org.bo, org.sol, due=-15, done=2, action="conversation", notified=True)
    make_task(org.bo, org.sol, due=-12, status="overdue", action="conversation", notified=True)
    make_task(org.erik, org.engly, due=-5, done=10)                 # ENG, 10 days late
    make_task(org.erik, org.engly, due=-5, done=0, responsible="hr")
    make_task(org.freja, org.skole, due=-5, status="overdue")       # SKO: no leader
    return org


def threshold(value: int) -> None:
    settings = get_settings()
    settings.small_group_threshold = value
    settings.save()


def client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_per_unit_covers_the_subtree(org):
    frame = compliance.by_unit(frame_of(Task.objects.all()), None, **PERIOD)
    rows = {row["group"]: row for row in frame.iter_rows(named=True)}
    sol = rows["SOL"]
    assert sol["done"] == 4
    assert (sol["tasks"], sol["done_on_time"], sol["done_late"], sol["not_done"], sol["waived"]) == (
        7, 2, 2, 2, 1)
    assert sol["on_time_pct"] == pytest.approx(100 * 2 / 6)
    assert sol["median_days_late"] == pytest.approx(3.0)  # 4 and 2 days
    assert sol["overdue_now"] == 2
    assert (sol["notices"], sol["notices_held"]) == (2, 1)
    assert rows["SOLA"]["tasks"] == 2
    assert rows["K"]["tasks"] == 7 + 2 + 1
    assert rows["K"]["overdue_now"] == 3


def test_per_responsible_leader(org):
    frame, names = compliance.by_leader(frame_of(Task.objects.all()), **PERIOD)
    rows = {row["group"]: row for row in frame.iter_rows(named=True)}
    assert rows[str(org.leader.pk)]["tasks"] == 7  # SOL and SOLA (nearest leader above)
    assert rows[str(org.leader_engly.pk)]["tasks"] == 1
    assert rows[compliance.HR_GROUP]["tasks"] == 1
    assert rows[compliance.NO_LEADER]["overdue_now"] == 1
    assert names[str(org.leader.pk)] == "leder"


def test_a_leaders_scope_limits_the_figures(org):
    from naervaer.followup.selectors import tasks_visible_to

    frame = compliance.by_action(frame_of(tasks_visible_to(org.leader)), **PERIOD)
    assert dict(zip(frame["action"], frame["tasks"], strict=True)) == {"contact": 5,
                                                                       "conversation": 2}


def test_unit_panel_applies_the_small_group_rule_for_roles_without_person_access(org):
    threshold(8)
    hidden = compliance.unit_compliance(org.sol, FROM, TO, as_of=TODAY)
    assert hidden.suppressed and hidden.figures["tasks"] is None and hidden.actions.rows == []
    shown = compliance.unit_compliance(org.sol, FROM, TO, persons=True, as_of=TODAY)
    assert not shown.suppressed and shown.figures["tasks"] == 7
    kommune = compliance.unit_compliance(org.kommune, FROM, TO, as_of=TODAY)
    assert not kommune.suppressed and kommune.figures["tasks"] == 10
    # Per action: contact has 8 tasks, conversation 2 — the small row is hidden.
    cells = {row[0].value: row[1] for row in kommune.actions.rows}
    assert not cells["Kontakt"].suppressed and cells["Kontakt"].value == 8
    assert cells["Samtale"].suppressed and kommune.actions.note


def test_unit_panel_template_renders(org):
    from django.template.loader import render_to_string

    html = render_to_string("insight/_compliance.html", {
        "compliance": compliance.unit_compliance(org.sol, FROM, TO, persons=True, as_of=TODAY)})
    assert "Overholdelse af fraværspolitikken" in html and "33,3 %" in html
    threshold(50)
    html = render_to_string("insight/_compliance.html", {
        "compliance": compliance.unit_compliance(org.sol, FROM, TO, as_of=TODAY)})
    assert "Tallene vises ikke" in html and "33,3" not in html


def test_compliance_page_for_hr_and_leaders_only(org):
    assert Client().get(PAGE).status_code == 302
    for user in (org.trio, org.direktion, org.employee):
        assert client(user).get(PAGE).status_code == 403
    hr_page = client(org.hr).get(PAGE).content.decode()
    assert "Skoleområdet" in hr_page and "Plejecenter Engly" in hr_page
    assert "Ingen leder tilknyttet" in hr_page and "HR (HR&#x27;s egne opgaver)" in hr_page
    leader_page = client(org.leader).get(PAGE).content.decode()
    assert "Plejecenter Solgården" in leader_page and "Team Solgården A" in leader_page
    assert "Skoleområdet" not in leader_page and "Plejecenter Engly" not in leader_page


def test_compliance_page_period_and_bad_values(org):
    hr = client(org.hr)
    narrow = hr.get(PAGE, {"fra": day(-11).isoformat(), "til": TODAY.isoformat()})
    assert narrow.context["totals"]["tasks"] == 4  # due on day -10 … -5 (not_needed left out)
    for params in ({"fra": "2025-13-01"}, {"til": "x"}, {"fra": "1900-01-01"},
                   {"fra": TODAY.isoformat(), "til": day(-30).isoformat()},
                   {"fra": day(30).isoformat()}, {"til": "2000-01-01"}):
        response = hr.get(PAGE, params)
        assert response.status_code == 200
        assert 'class="error"' in response.content.decode() or response.context["form"].errors
        assert (response.context["date_from"], response.context["date_to"]) == (FROM, TO)


def test_compliance_tables_download_as_xlsx(org):
    response = client(org.hr).get(PAGE, {"tabel": "enheder", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Kommune"]
    assert values and values[0][3] == 10 and values[0][4] == 6
    assert client(org.hr).get(PAGE, {"tabel": "nope", "format": "xlsx"}).status_code == 404

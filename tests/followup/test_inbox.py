"""The task inbox (/opfoelgning/), recording tasks and the employee page's panel."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from naervaer.accounts.models import AuditEvent
from naervaer.core.followup.presets import HOSPITAL_1_5_15
from naervaer.followup.models import Task, TaskStatus
from naervaer.followup.services import followup_run, policy_create, unit_policy_set
from tests.factories import make_absence, make_org

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
INBOX = "/opfoelgning/"


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def make_task(employee, unit, *, code="contact_day_1", due=0, trigger=None, status="open",  # type: ignore[no-untyped-def]
              responsible="leader", title=None, seq=0, **extra) -> Task:
    due_date = day(due)
    return Task.objects.create(
        employee=employee, unit=unit, spell_start=day(-30), code=code, seq=seq, source="policy",
        policy_name="Sygehus", title=title or f"Opgave {code} {seq}", action="contact",
        responsible=responsible, trigger_date=trigger or min(due_date, TODAY) - dt.timedelta(days=2),
        due_date=due_date, notice_date=due_date, status=status, **extra)


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    return make_org()


def client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The task titles in table order (the inbox shows them in the third column)."""
    return re.findall(r"<td>(Opgave [^<]*?)(?: <span|<br>|</td>)", response.content.decode())


def test_only_hr_and_leaders_have_an_inbox(org):
    assert Client().get(INBOX).status_code == 302  # to the login page
    for user in (org.trio, org.direktion, org.employee, org.nobody):
        assert client(user).get(INBOX).status_code == 403
    assert client(org.hr).get(INBOX).status_code == 200
    assert client(org.leader).get(INBOX).status_code == 200


def test_leader_sees_the_tasks_of_the_own_area_hr_sees_all(org):
    make_task(org.bo, org.sol, title="Opgave Bo")
    make_task(org.carl, org.sol_a, title="Opgave Carl")
    make_task(org.erik, org.engly, title="Opgave Erik")
    assert sorted(titles(client(org.leader).get(INBOX))) == ["Opgave Bo", "Opgave Carl"]
    assert sorted(titles(client(org.hr).get(INBOX))) == ["Opgave Bo", "Opgave Carl", "Opgave Erik"]
    page = client(org.leader).get(INBOX).content.decode()
    assert reverse("employee-detail", args=["P-BO"]) in page


def test_sorted_by_urgency_and_history_on_request(org):
    make_task(org.bo, org.sol, code="a", due=5, title="Opgave open later")
    make_task(org.bo, org.sol, code="b", due=-2, status="overdue", title="Opgave overdue recent")
    make_task(org.bo, org.sol, code="c", due=-9, status="overdue", title="Opgave overdue oldest")
    make_task(org.bo, org.sol, code="d", due=0, title="Opgave open today")
    make_task(org.bo, org.sol, code="e", due=-1, title="Opgave open yesterday")  # not yet re-run
    make_task(org.bo, org.sol, code="f", due=-20, status="done", done_date=day(-21),
              title="Opgave done old")
    make_task(org.bo, org.sol, code="g", due=-3, status="waived", done_date=day(-3), reason="Aftalt",
              title="Opgave waived")
    leader = client(org.leader)
    active = ["Opgave overdue oldest", "Opgave overdue recent", "Opgave open yesterday",
              "Opgave open today", "Opgave open later"]
    response = leader.get(INBOX)
    assert titles(response) == active
    page = response.content.decode()
    assert "i dag" in page and "om 5 dage" in page and "9 dage over tid" in page
    assert "1 dag over tid" in page
    assert titles(leader.get(INBOX, {"status": "alle"})) == [*active, "Opgave waived",
                                                            "Opgave done old"]
    assert titles(leader.get(INBOX, {"status": "historik"})) == ["Opgave waived", "Opgave done old"]
    assert titles(leader.get(INBOX, {"status": "over_tid"})) == active[:3]


def test_status_is_shown_as_text(org):
    make_task(org.bo, org.sol, due=-2, status="overdue")
    page = client(org.leader).get(INBOX).content.decode()
    assert '<span class="status status--red">Overskredet</span>' in page


def test_filters_by_unit_responsible_and_due_within(org):
    make_task(org.bo, org.sol, code="a", due=1, title="Opgave SOL")
    make_task(org.carl, org.sol_a, code="a", due=10, title="Opgave SOLA")
    make_task(org.erik, org.engly, code="a", due=2, responsible="hr", title="Opgave ENG hr")
    hr = client(org.hr)
    assert titles(hr.get(INBOX, {"enhed": "SOL"})) == ["Opgave SOL", "Opgave SOLA"]  # subtree
    assert titles(hr.get(INBOX, {"enhed": "SOLA"})) == ["Opgave SOLA"]
    assert titles(hr.get(INBOX, {"ansvarlig": "hr"})) == ["Opgave ENG hr"]
    assert titles(hr.get(INBOX, {"ansvarlig": "leder"})) == ["Opgave SOL", "Opgave SOLA"]
    assert titles(hr.get(INBOX, {"frist": "5"})) == ["Opgave SOL", "Opgave ENG hr"]
    # A leader cannot pick a unit outside the own area: reported, not applied.
    response = client(org.leader).get(INBOX, {"enhed": "ENG"})
    assert response.status_code == 200
    assert titles(response) == ["Opgave SOL", "Opgave SOLA"]
    assert "ENG" in response.content.decode() and "Filtret er ikke brugt" in response.content.decode()


@pytest.mark.parametrize("params", [{"status": "nonsense"}, {"frist": "abc"}, {"frist": "-1"},
                                    {"frist": "100000"}, {"enhed": "x" * 300}, {"side": "zz"},
                                    {"side": "999"}, {"ansvarlig": "boss"}])
def test_bad_filter_values_give_a_message_never_an_error(org, params):
    make_task(org.bo, org.sol, title="Opgave Bo")
    response = client(org.hr).get(INBOX, params)
    assert response.status_code == 200
    assert titles(response) == ["Opgave Bo"]
    if "side" not in params:
        assert 'class="error"' in response.content.decode()


def test_pagination_by_50(org):
    for seq in range(51):
        make_task(org.bo, org.sol, seq=seq, due=seq)
    hr = client(org.hr)
    first = hr.get(INBOX)
    assert len(titles(first)) == 50 and "Side 1 af 2" in first.content.decode()
    second = hr.get(INBOX, {"side": "2"})
    assert titles(second) == ["Opgave contact_day_1 50"]


def test_inbox_view_is_audit_logged(org):
    make_task(org.bo, org.sol)
    client(org.leader).get(INBOX)
    event = AuditEvent.objects.get(action="view_followup_inbox")
    assert event.username == "leder" and event.detail["employees"] == ["P-BO"]


# Recording --------------------------------------------------------------------------------

def done_url(task: Task) -> str:
    return reverse("followup:task-done", args=[task.pk])


def waive_url(task: Task) -> str:
    return reverse("followup:task-waive", args=[task.pk])


def test_recording_done(org):
    task = make_task(org.bo, org.sol, due=-1, status="overdue", trigger=day(-5))
    response = client(org.leader).post(done_url(task), {"dato": day(-2).isoformat(),
                                                        "next": "/medarbejdere/P-BO/#opfoelgning"})
    assert response.status_code == 302 and response["Location"] == "/medarbejdere/P-BO/#opfoelgning"
    task.refresh_from_db()
    assert (task.status, task.done_date, task.recorded_by) == ("done", day(-2), org.leader)
    event = AuditEvent.objects.get(action="followup_task_done")
    assert event.object_id == str(task.pk) and event.detail["employee"] == "P-BO"


@pytest.mark.parametrize("value", ["", "nonsense", "future", "before_trigger"])
def test_done_date_must_be_between_trigger_and_today(org, value):
    task = make_task(org.bo, org.sol, due=3, trigger=day(-5))
    dates = {"future": day(1).isoformat(), "before_trigger": day(-6).isoformat()}
    response = client(org.leader).post(done_url(task), {"dato": dates.get(value, value)}, follow=True)
    assert response.status_code == 200
    assert "er ikke registreret" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "open" and task.done_date is None
    assert not AuditEvent.objects.filter(action="followup_task_done").exists()


def test_waiving_needs_a_short_reason(org):
    task = make_task(org.bo, org.sol, due=3)
    leader = client(org.leader)
    for reason in ("", "   ", "x" * 201):
        leader.post(waive_url(task), {"begrundelse": reason})
        task.refresh_from_db()
        assert task.status == "open"
    response = leader.post(waive_url(task), {"begrundelse": " Aftalt med HR "}, follow=True)
    assert "er fravalgt" in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.reason, task.recorded_by) == ("waived", "Aftalt med HR", org.leader)
    event = AuditEvent.objects.get(action="followup_task_waived")
    assert "Aftalt" not in str(event.detail)  # the free text stays with the task


def test_a_recorded_task_cannot_be_recorded_again(org):
    task = make_task(org.bo, org.sol, due=-3, status="done", done_date=day(-4))
    response = client(org.leader).post(done_url(task), {"dato": TODAY.isoformat()}, follow=True)
    assert "allerede afsluttet" in response.content.decode()
    task.refresh_from_db()
    assert task.done_date == day(-4)


def test_only_users_who_see_the_task_may_record_it(org):
    task = make_task(org.erik, org.engly, due=3)
    data = {"dato": TODAY.isoformat(), "begrundelse": "x"}
    assert client(org.leader).post(done_url(task), data).status_code == 404
    assert client(org.leader).post(waive_url(task), data).status_code == 404
    assert client(org.trio).post(done_url(task), data).status_code == 403
    assert client(org.employee).post(done_url(task), data).status_code == 403
    assert client(org.leader).post(reverse("followup:task-done", args=[999999]), data).status_code == 404
    assert client(org.leader_engly).get(done_url(task)).status_code == 405
    task.refresh_from_db()
    assert task.status == "open"
    assert client(org.leader_engly).post(done_url(task), data).status_code == 302
    task.refresh_from_db()
    assert task.status == "done"


def test_next_must_be_local(org):
    task = make_task(org.bo, org.sol, due=3)
    response = client(org.leader).post(done_url(task), {"dato": TODAY.isoformat(),
                                                        "next": "https://evil.example/"})
    assert response["Location"] == INBOX


def test_inbox_forms_post_back_to_the_inbox(org):
    task = make_task(org.bo, org.sol, due=3)
    page = client(org.leader).get(INBOX, {"ansvarlig": "leder"}).content.decode()
    assert f'action="{done_url(task)}"' in page and f'action="{waive_url(task)}"' in page
    assert 'name="next" value="/opfoelgning/?ansvarlig=leder"' in page
    assert "helbredsoplysninger" in page  # the hint beside the reason


# The employee page and the navigation ------------------------------------------------------

def test_employee_page_panel_shows_the_visible_tasks_with_forms(org):
    open_task = make_task(org.freja, org.engly, code="a", due=2, title="Opgave Freja ENG")
    make_task(org.freja, org.skole, code="b", due=-4, status="done", done_date=day(-5),
              title="Opgave Freja SKO")
    url = reverse("employee-detail", args=["P-FREJA"])
    page = client(org.hr).get(url).content.decode()
    panel = page[page.index('id="opfoelgning"'):]
    assert "Opgave Freja ENG" in panel and "Opgave Freja SKO" in panel
    assert panel.index("Opgave Freja ENG") < panel.index("Opgave Freja SKO")
    assert f'action="{done_url(open_task)}"' in panel
    assert f'name="next" value="{url}#opfoelgning"' in panel
    engly_page = client(org.leader_engly).get(url).content.decode()
    assert "Opgave Freja ENG" in engly_page and "Opgave Freja SKO" not in engly_page


def test_employee_sees_no_followup_panel_on_the_own_page(org):
    make_task(org.anna, org.sol, title="Opgave Anna")
    page = client(org.employee).get(reverse("employee-detail", args=["P-ANNA"])).content.decode()
    assert 'id="opfoelgning"' not in page and "Opgave Anna" not in page


def test_navigation_link_with_the_overdue_count(org):
    make_task(org.bo, org.sol, code="a", due=-2, status="overdue")
    make_task(org.bo, org.sol, code="b", due=-1)  # open past its due date: overdue too
    make_task(org.erik, org.engly, code="a", due=-2, status="overdue")
    assert "Opfølgning (2 over tid)" in client(org.leader).get(INBOX).content.decode()
    assert "Opfølgning (3 over tid)" in client(org.hr).get(INBOX).content.decode()
    units = client(org.trio).get(reverse("unit-tree")).content.decode()
    assert "/opfoelgning/" not in units


def test_inbox_with_tasks_from_the_engine(org):
    hospital = policy_create(name="Sygehus", version=HOSPITAL_1_5_15, preset="hospital_1_5_15")
    unit_policy_set(unit=org.kommune, policy=hospital)
    make_absence(employment=org.bo_job, key="BO-LONG", start_date=day(-12), end_date=None)
    followup_run(as_of=TODAY)
    tasks = Task.objects.filter(employee=org.bo)
    assert tasks.exists()
    page = client(org.leader).get(INBOX).content.decode()
    for task in tasks.exclude(status__in=[TaskStatus.NOT_NEEDED, TaskStatus.DONE]):
        assert task.title in page

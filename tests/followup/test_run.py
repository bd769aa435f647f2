"""The follow-up run through the services and the command, on data built in code."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from naervaer.core.followup.presets import HOSPITAL_1_5_15, KOEGE
from naervaer.followup.models import FollowupRun, Task, TaskStatus
from naervaer.followup.services import followup_run, policy_create, task_record, unit_policy_set
from tests.factories import make_absence, make_org

pytestmark = pytest.mark.django_db

START = dt.date(2025, 6, 2)  # a Monday


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    org = make_org()
    hospital = policy_create(name="Sygehus", version=HOSPITAL_1_5_15, preset="hospital_1_5_15")
    koege = policy_create(name="Køge", version=KOEGE, preset="koege")
    unit_policy_set(unit=org.kommune, policy=hospital)
    unit_policy_set(unit=org.engly, policy=koege)  # ENG overrides the inherited policy
    make_absence(employment=org.bo_job, key="BO-LONG", start_date=START, end_date=None)
    make_absence(employment=org.erik_job, key="ERIK-LONG", start_date=START, end_date=None)
    return org


def codes(employee_id: str) -> list[str]:
    return sorted(Task.objects.filter(employee__employee_id=employee_id).values_list("code", flat=True))


def test_run_creates_tasks_under_the_inherited_or_own_policy(org):
    result = followup_run(as_of=dt.date(2025, 6, 10))
    assert result.created == Task.objects.count() > 0
    # Six sick workdays by 10 June also reach the hospital rule's "6 days in half a year".
    assert codes("P-BO") == ["contact_day_1", "contact_day_5", "frequent_absence", "legal_conversation"]
    assert codes("P-ERIK") == ["conversation_by_day_14", "legal_conversation", "phone_day_3",
                               "phone_day_8"]
    bo_legal = Task.objects.get(employee__employee_id="P-BO", code="legal_conversation")
    assert (bo_legal.trigger_date, bo_legal.due_date, bo_legal.status) == (
        dt.date(2025, 6, 9), dt.date(2025, 6, 30), TaskStatus.OPEN)
    assert bo_legal.unit.unit_id == "SOL"


def test_running_twice_changes_nothing(org):
    followup_run(as_of=dt.date(2025, 6, 10))
    before = list(Task.objects.order_by("pk").values())
    again = followup_run(as_of=dt.date(2025, 6, 10))
    assert (again.created, again.updated, again.closed) == (0, 0, 0)
    assert list(Task.objects.order_by("pk").values()) == before


def test_catching_up_after_downtime_creates_each_task_once(org):
    followup_run(as_of=dt.date(2025, 6, 3))
    followup_run(as_of=dt.date(2025, 6, 20))  # a long gap
    daily = sorted(Task.objects.values_list("employee__employee_id", "code", "trigger_date", "due_date"))
    Task.objects.all().delete()
    followup_run(as_of=dt.date(2025, 6, 20))
    once = sorted(Task.objects.values_list("employee__employee_id", "code", "trigger_date", "due_date"))
    assert daily == once


def test_recorded_done_stays_and_a_return_closes_open_tasks(org):
    followup_run(as_of=dt.date(2025, 6, 10))
    call = Task.objects.get(employee__employee_id="P-BO", code="contact_day_1")
    task_record(task=call, status=TaskStatus.DONE, date=START, user=org.leader)
    # Bo returns: payroll now says the absence ended on 10 June.
    absence = org.bo_job.absences.get(key="BO-LONG")
    absence.end_date = dt.date(2025, 6, 10)
    absence.save()
    followup_run(as_of=dt.date(2025, 6, 12))
    statuses = dict(Task.objects.filter(employee__employee_id="P-BO").values_list("code", "status"))
    assert statuses == {"contact_day_1": "done", "contact_day_5": "overdue",
                        "legal_conversation": "not_needed", "frequent_absence": "open"}


def test_a_task_the_engine_no_longer_derives_is_closed(org):
    followup_run(as_of=dt.date(2025, 6, 10))
    org.bo_job.absences.get(key="BO-LONG").delete()  # the payroll import removed it
    result = followup_run(as_of=dt.date(2025, 6, 10))
    assert result.closed == 4
    assert set(Task.objects.filter(employee__employee_id="P-BO").values_list("status", flat=True)) == {
        "not_needed"}


def test_waiver_needs_a_reason(org):
    followup_run(as_of=dt.date(2025, 6, 10))
    task = Task.objects.filter(employee__employee_id="P-BO").first()
    with pytest.raises(ValueError, match="reason"):
        task_record(task=task, status=TaskStatus.WAIVED, date=START, user=org.leader, reason=" ")


def test_command_prints_open_and_due_tasks_as_json_and_csv(org):
    out = io.StringIO()
    call_command("followup", "--as-of", "2025-06-10", "--format", "json", stdout=out, stderr=io.StringIO())
    rows = json.loads(out.getvalue())
    assert rows and set(rows[0]) == {"employee_id", "unit_id", "spell_start", "code", "trigger_date",
                                     "due_date", "status"}
    assert {"employee_id": "P-BO", "unit_id": "SOL", "spell_start": "2025-06-02",
            "code": "legal_conversation", "trigger_date": "2025-06-09", "due_date": "2025-06-30",
            "status": "open"} in rows
    assert FollowupRun.objects.count() == 1
    csv = io.StringIO()
    call_command("followup", "--as-of", "2025-06-10", "--format", "csv", "--dry-run", stdout=csv)
    assert csv.getvalue().splitlines()[0] == "employee_id,unit_id,spell_start,code,trigger_date,due_date,status"
    assert len(csv.getvalue().splitlines()) == len(rows) + 1
    assert FollowupRun.objects.count() == 1  # the dry run stored nothing


def test_command_rejects_a_bad_date(org):
    with pytest.raises(CommandError, match="2025-13-01"):
        call_command("followup", "--as-of", "2025-13-01", "--format", "json")


def test_responsible_leader_is_the_nearest_one_above(org):
    from naervaer.followup.selectors import leaders_of_unit, responsible_users, tasks_visible_to

    assert leaders_of_unit(org.sol_a) == [org.leader]       # SOLA has no leader: SOL's
    assert leaders_of_unit(org.engly) == [org.leader_engly]
    assert leaders_of_unit(org.skole) == []
    followup_run(as_of=dt.date(2025, 6, 10))
    bo_task = Task.objects.filter(employee__employee_id="P-BO").first()
    assert responsible_users(bo_task) == [org.leader]
    assert set(tasks_visible_to(org.leader).values_list("employee__employee_id", flat=True)) == {
        "P-ANNA", "P-BO"}  # SOL and below; not Erik in ENG
    assert tasks_visible_to(org.trio).count() == 0
    assert tasks_visible_to(org.hr).count() == Task.objects.count()

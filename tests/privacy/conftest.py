"""A standard organisation plus one record of every kind held about a person: Ditte left
on 2021-06-30 (old records, most past their time on AS_OF), Anna is employed (recent
records, one of each kind, for the data subject's export)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from naervaer.accounts.services import audit_record
from naervaer.cases.models import (
    Case,
    CaseEvent,
    CaseGuest,
    Conversation,
    RetentionPlan,
    ReturnWeek,
    RiskScreening,
)
from naervaer.followup.models import SickReport, SpellFact, Task
from naervaer.notices.models import Notice
from naervaer.wellbeing.models import Incident
from tests.factories import make_absence, make_org, make_user

D = dt.date
AS_OF = D(2026, 11, 1)


def _task(employee, unit, spell_start: dt.date, due: dt.date, **extra) -> Task:  # type: ignore[no-untyped-def]
    values = {"source": "legal", "title": "Sygefraværssamtale", "action": "conversation",
              "responsible": "leader", "trigger_date": due, "due_date": due, "notice_date": due,
              "status": "done", "done_date": due, **extra}
    return Task.objects.create(employee=employee, unit=unit, spell_start=spell_start,
                               code="conversation", **values)


def _notice(task: Task, user, name: str) -> Notice:  # type: ignore[no-untyped-def]
    return Notice.objects.create(task=task, user=user, kind="task", as_of=task.due_date,
                                 sent_at=timezone.now(), email="leder@example.org",
                                 subject=f"Opfølgning: {task.title} – {name}")


def _case(employee, unit, *, opened: dt.date, closed: dt.date | None, minutes: str) -> Case:  # type: ignore[no-untyped-def]
    case = Case.objects.create(employee=employee, unit=unit, spell_start=opened, opened_at=opened,
                               opened_reason="long_spell", status="closed" if closed else "open",
                               closed_at=closed, outcome="full_return" if closed else "")
    Conversation.objects.create(case=case, employee=employee, unit=unit, date=opened,
                                kind="sygefravaerssamtale", agenda="Dagsorden", minutes=minutes)
    plan = RetentionPlan.objects.create(case=case, agreed_on=opened, contact="Ugentligt opkald")
    ReturnWeek.objects.create(plan=plan, week_start=opened, planned_hours=10)
    CaseEvent.objects.create(case=case, kind="partial_return", date=opened, note="Delvis")
    RiskScreening.objects.create(case=case, date=opened, result="low")
    return case


@pytest.fixture
def held(db) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    org = make_org()
    ditte, anna = org.ditte, org.anna
    # Ditte (left 2021-06-30): an old spell past its time, a later one still held.
    org.ditte_old = make_absence(employment=org.ditte_job, key="E-DITTE|egen_sygdom|2020-03-01",
                                 start_date=D(2020, 3, 1), end_date=D(2020, 3, 10))
    org.ditte_late = make_absence(employment=org.ditte_job, key="E-DITTE|egen_sygdom|2021-06-01",
                                  start_date=D(2021, 6, 1), end_date=D(2021, 6, 20))
    org.ditte_old_task = _task(ditte, org.sol, D(2020, 3, 1), D(2020, 3, 5))
    _notice(org.ditte_old_task, org.leader, "Ditte Dahl")
    org.ditte_late_task = _task(ditte, org.sol, D(2021, 6, 1), D(2021, 6, 5))
    org.ditte_late_notice = _notice(org.ditte_late_task, org.leader, "Ditte Dahl")
    SpellFact.objects.create(employee=ditte, spell_start=D(2020, 3, 1), kind="expected_return",
                             date=D(2020, 3, 2), value_date=D(2020, 3, 11))
    SickReport.objects.create(employment=org.ditte_job, first_day=D(2020, 3, 1),
                              returned_on=D(2020, 3, 11), channel="phone")
    org.ditte_case = _case(ditte, org.sol, opened=D(2020, 3, 1), closed=D(2021, 5, 1),
                           minutes="Ditte fortalte om arbejdspresset")
    Conversation.objects.create(employee=ditte, unit=org.sol, date=D(2020, 1, 15),
                                kind="trivselssamtale", minutes="Forebyggende")
    org.ditte_user = make_user(role="employee", username="ditte", employee=ditte)
    # Bo: a case still open since 2020 is kept, whatever its age.
    org.bo_case = _case(org.bo, org.sol, opened=D(2020, 2, 1), closed=None, minutes="Åbent")

    # Anna (employed): one recent record of every kind, for the export.
    anna_task = _task(anna, org.sol, D(2024, 3, 4), D(2024, 3, 5))
    _notice(anna_task, org.leader, "Anna Andersen")
    SpellFact.objects.create(employee=anna, spell_start=D(2024, 3, 4), kind="expected_return",
                             date=D(2024, 3, 4), value_date=D(2024, 3, 7))
    SickReport.objects.create(employment=org.anna_job, first_day=D(2024, 3, 4),
                              returned_on=D(2024, 3, 7), channel="sms", reported_to="Leder")
    org.anna_case = _case(anna, org.sol, opened=D(2024, 3, 4), closed=D(2024, 6, 1),
                          minutes="Anna og lederen aftalte kortere vagter")
    guest = make_user(role="hr", username="tr-gæst")
    CaseGuest.objects.create(case=org.anna_case, user=guest, capacity="tr_amr")
    Conversation.objects.create(employee=anna, unit=org.sol, date=D(2025, 1, 10),
                                kind="trivselssamtale", minutes="Trivselssamtale uden forløb")
    Incident.objects.create(unit=org.sol, date=D(2024, 8, 1), kind="threat", employee=anna,
                            description="Trussel fra pårørende")
    audit_record(user=org.leader, action="view_employee", object_type="employee",
                 object_id="P-ANNA")
    org.as_of = AS_OF
    return org

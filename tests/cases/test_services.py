"""Opening cases from the stored tasks, and the writes that become facts for the engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from naervaer.accounts.models import AuditEvent
from naervaer.cases.models import Case, CaseReason, CaseStatus, Conversation, ReturnWeek
from naervaer.cases.services import (
    WeekInput,
    case_close,
    case_open_concern,
    cases_open_automatically,
    conversation_confirm,
    conversation_minutes_save,
    conversation_record,
    event_record,
    next_review,
    retention_plan_request,
    retention_plan_save,
    risk_result,
    risk_screening_record,
    weeks_check,
)
from naervaer.followup.models import SpellFact, Task
from naervaer.followup.services import followup_run
from tests.cases.conftest import START, TODAY

pytestmark = pytest.mark.django_db


def facts() -> list[tuple[str, str, dt.date, dt.date | None]]:
    return sorted(SpellFact.objects.values_list("employee__employee_id", "kind", "date", "value_date"))


def test_long_spells_open_cases_once(org, run):
    opened = cases_open_automatically(as_of=TODAY)
    assert sorted((case.employee.employee_id, case.spell_start, case.opened_reason, case.unit.unit_id)
                  for case in opened) == [("P-BO", START, CaseReason.LONG_SPELL, "SOL"),
                                          ("P-ERIK", START, CaseReason.LONG_SPELL, "ENG")]
    assert cases_open_automatically(as_of=TODAY) == []
    assert Case.objects.count() == 2
    assert AuditEvent.objects.filter(action="case_open").count() == 2


def test_a_closed_case_is_not_opened_again(org, run):
    case = cases_open_automatically(as_of=TODAY)[0]
    case_close(case=case, outcome="full_return", date=TODAY, user=org.hr)
    assert cases_open_automatically(as_of=TODAY + dt.timedelta(days=1)) == []


def test_before_day_15_only_frequent_absence_opens_a_case(org):
    followup_run(as_of=dt.date(2025, 6, 10))  # day 9: Bo and Erik reached "6 days in half a year"
    assert set(Task.objects.filter(source="frequent").values_list("employee__employee_id", flat=True)
               ) == {"P-BO", "P-ERIK"}
    opened = cases_open_automatically(as_of=dt.date(2025, 6, 10))
    assert {case.opened_reason for case in opened} == {CaseReason.FREQUENT}
    # On day 24 the spells are long, but each already has its case.
    followup_run(as_of=TODAY)
    assert cases_open_automatically(as_of=TODAY) == []
    assert Case.objects.count() == 2


def test_no_tasks_no_cases(org):
    assert cases_open_automatically(as_of=TODAY) == []


def test_a_concern_case_takes_the_spell(org, run):
    concern = case_open_concern(employee=org.bo, unit=org.sol, date=dt.date(2025, 5, 1), user=org.leader)
    assert concern.spell_start is None and concern.opened_reason == CaseReason.CONCERN
    with pytest.raises(ValidationError):
        case_open_concern(employee=org.bo, unit=org.sol, date=dt.date(2025, 5, 2), user=org.leader)
    opened = cases_open_automatically(as_of=TODAY)
    assert concern.pk in [case.pk for case in opened]
    concern.refresh_from_db()
    assert concern.spell_start == START
    assert Case.objects.filter(employee=org.bo).count() == 1


def test_plan_expected_return_high_risk_and_request_become_facts(org, run):
    bo, erik = sorted(cases_open_automatically(as_of=TODAY), key=lambda case: case.employee.employee_id)
    retention_plan_save(case=bo, agreed_on=TODAY, user=org.leader, weeks=[
        WeekInput(dt.date(2025, 6, 30), Decimal(10)), WeekInput(dt.date(2025, 7, 7), Decimal(20))])
    event_record(case=bo, kind="expected_return", date=TODAY, value_date=dt.date(2025, 9, 1), user=org.leader)
    screening = risk_screening_record(case=erik, date=TODAY, user=org.leader_engly,
                                      answers={"expects_long_absence": True})
    assert screening.result == "high"
    retention_plan_request(case=erik, date=TODAY, user=org.leader_engly)
    assert facts() == [("P-BO", "expected_return", TODAY, dt.date(2025, 9, 1)),
                       ("P-BO", "retention_plan", TODAY, None),
                       ("P-ERIK", "retention_plan_requested", TODAY, None),
                       ("P-ERIK", "risk_high", TODAY, None)]
    # The engine reacts: an early retention-plan task for Erik, fast track for both.
    followup_run(as_of=TODAY)
    codes = set(Task.objects.filter(employee__employee_id="P-ERIK").values_list("code", flat=True))
    assert {"retention_plan_option", "fast_track_option"} <= codes
    # Saving the plan again with a new date moves the fact, never duplicates it.
    retention_plan_save(case=bo, agreed_on=TODAY + dt.timedelta(days=1), weeks=[], user=org.leader)
    assert SpellFact.objects.filter(kind="retention_plan").count() == 1
    assert ReturnWeek.objects.count() == 0


def test_low_risk_and_other_events_make_no_fact(org, run):
    case = cases_open_automatically(as_of=TODAY)[0]
    assert risk_screening_record(case=case, date=TODAY, user=org.hr,
                                 answers={"strained_work": True}).result == "low"
    event_record(case=case, kind="fitness_statement", date=TODAY, user=org.hr)
    assert facts() == []


def test_a_concern_case_without_spell_records_no_fact(org):
    case = case_open_concern(employee=org.anna, unit=org.sol, date=TODAY, user=org.hr)
    retention_plan_save(case=case, agreed_on=TODAY, weeks=[], user=org.hr)
    assert facts() == []


@pytest.mark.parametrize(("answers", "result"), [
    ({}, "low"), ({"strained_work": True}, "low"),
    ({"strained_work": True, "unclear_return": True}, "medium"),
    ({"strained_work": True, "unclear_return": True, "frequent_absence": True}, "high"),
    ({"expects_long_absence": True}, "high"),
])
def test_risk_result(answers, result):
    assert risk_result(answers) == result


def test_plan_validation(org, run):
    case = cases_open_automatically(as_of=TODAY)[0]
    bad = [WeekInput(dt.date(2025, 7, 7), Decimal(-1)), WeekInput(dt.date(2025, 6, 30), Decimal(10),
                                                                  Decimal(81))]
    problems = weeks_check(bad)
    assert len(problems) == 3  # negative planned, too many actual, out of order
    with pytest.raises(ValidationError):
        retention_plan_save(case=case, agreed_on=TODAY, weeks=bad, user=org.hr)
    with pytest.raises(ValidationError):
        retention_plan_save(case=case, agreed_on=TODAY, weeks=[], review_every_days=0, user=org.hr)
    same_week = [WeekInput(dt.date(2025, 6, 30), Decimal(5)), WeekInput(dt.date(2025, 6, 30), Decimal(5))]
    assert weeks_check(same_week)
    assert not hasattr(case, "retention_plan") or case.retention_plan is None
    assert facts() == []


def test_next_review_every_14_days():
    agreed = dt.date(2025, 6, 2)
    assert next_review(agreed, 14, dt.date(2025, 6, 1)) == dt.date(2025, 6, 16)
    assert next_review(agreed, 14, agreed) == dt.date(2025, 6, 16)
    assert next_review(agreed, 14, dt.date(2025, 6, 16)) == dt.date(2025, 6, 16)
    assert next_review(agreed, 14, dt.date(2025, 6, 17)) == dt.date(2025, 6, 30)


def test_conversations_and_confirmation(org, run):
    case = cases_open_automatically(as_of=TODAY)[0]
    talk = conversation_record(employee=case.employee, case=case, date=TODAY, kind="sygefravaerssamtale",
                               participants={"with_leader": True, "with_hr": True}, user=org.leader)
    assert "sygedagpengeloven § 7a" in talk.agenda  # the template when left empty
    assert talk.participant_labels() == ["Leder", "HR"]
    with pytest.raises(ValidationError):
        conversation_confirm(conversation=talk, side="leader", user=org.leader)  # no minutes yet
    conversation_minutes_save(conversation=talk, minutes="Aftalt delvis raskmelding.", user=org.leader)
    conversation_confirm(conversation=talk, side="leader", user=org.leader)
    conversation_confirm(conversation=talk, side="employee", user=org.employee)
    talk.refresh_from_db()
    assert talk.leader_confirmed_at and talk.employee_confirmed_at
    conversation_minutes_save(conversation=talk, minutes="Rettet.", user=org.leader)
    talk.refresh_from_db()
    assert talk.leader_confirmed_at is None and talk.employee_confirmed_at is None


def test_without_a_case_only_a_wellbeing_conversation(org):
    with pytest.raises(ValidationError):
        conversation_record(employee=org.anna, case=None, date=TODAY, kind="naervaerssamtale",
                            participants={}, unit=org.sol, user=org.hr)
    with pytest.raises(ValidationError):  # the unit decides who sees it
        conversation_record(employee=org.anna, case=None, date=TODAY, kind="trivselssamtale",
                            participants={}, user=org.hr)
    talk = conversation_record(employee=org.anna, case=None, date=TODAY, kind="trivselssamtale",
                               participants={}, unit=org.sol, user=org.hr)
    assert talk.case is None and Conversation.objects.count() == 1


def test_close_needs_an_outcome_and_an_open_case(org, run):
    case = cases_open_automatically(as_of=TODAY)[0]
    with pytest.raises(ValidationError):
        case_close(case=case, outcome="", date=TODAY, user=org.hr)
    with pytest.raises(ValidationError):
        case_close(case=case, outcome="full_return", date=TODAY - dt.timedelta(days=30), user=org.hr)
    case_close(case=case, outcome="other_job", date=TODAY, user=org.hr)
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, "other_job")
    with pytest.raises(ValidationError):
        event_record(case=case, kind="jobcenter", date=TODAY, user=org.hr)


def test_expected_return_needs_a_date(org, run):
    case = cases_open_automatically(as_of=TODAY)[0]
    with pytest.raises(ValidationError):
        event_record(case=case, kind="expected_return", date=TODAY, user=org.hr)
    with pytest.raises(ValidationError):
        event_record(case=case, kind="expected_return", date=TODAY, value_date=TODAY - dt.timedelta(days=1),
                     user=org.hr)


def test_command_opens_cases_once(org, run):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("cases_open", "--as-of", TODAY.isoformat(), stdout=out)
    assert out.getvalue().strip() == f"cases {TODAY}: 2 opened or given their spell"
    call_command("cases_open", "--as-of", TODAY.isoformat(), stdout=out)
    assert Case.objects.count() == 2

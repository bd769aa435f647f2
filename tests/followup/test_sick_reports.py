"""Sick reports recorded in the app: validation, feeding the engine before payroll has
the absence, and reconciliation at the next import."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.core.followup.presets import HOSPITAL_1_5_15
from naervaer.followup.models import SickReport, SickReportStatus, Task
from naervaer.followup.services import followup_run, policy_create, unit_policy_set
from naervaer.followup.sick_reports import SickReportError, sick_report_create, sick_report_return
from naervaer.imports.services import import_files
from tests.factories import make_org

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 6, 2)


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    org = make_org()
    unit_policy_set(unit=org.kommune, policy=policy_create(name="Sygehus", version=HOSPITAL_1_5_15))
    return org


def report(org, first_day=MONDAY):  # type: ignore[no-untyped-def]
    return sick_report_create(employment=org.bo_job, first_day=first_day, channel="phone",
                              reported_to="Lederen", user=org.leader, today=first_day)


def absences_csv(*rows: str) -> list[tuple[str, bytes]]:
    text = "employment_id;type;start_date;end_date;key\n" + "\n".join(rows) + "\n"
    return [("absences.csv", text.encode())]


def test_a_report_creates_the_day_1_task_before_payroll_knows(org):
    report(org)
    followup_run(as_of=MONDAY)
    assert list(Task.objects.filter(employee=org.bo).values_list("code", "due_date")) == [
        ("contact_day_1", MONDAY)]


def test_the_return_ends_the_spell(org):
    sick = report(org)
    sick_report_return(report=sick, returned_on=dt.date(2025, 6, 5), user=org.leader,
                       today=dt.date(2025, 6, 5))
    followup_run(as_of=dt.date(2025, 6, 10))
    assert "legal_conversation" not in set(Task.objects.filter(employee=org.bo).values_list("code", flat=True))


@pytest.mark.parametrize(("first_day", "message"), [
    (dt.date(2025, 6, 9), "frem i tiden"),
    (dt.date(2019, 1, 1), "uden for ansættelsen"),
])
def test_bad_first_days_are_refused(org, first_day, message):
    with pytest.raises(SickReportError, match=message):
        sick_report_create(employment=org.bo_job, first_day=first_day, channel="phone",
                           user=org.leader, today=MONDAY)


def test_an_open_report_blocks_a_second_one_and_return_must_follow(org):
    sick = report(org)
    with pytest.raises(SickReportError, match="allerede"):
        report(org, first_day=dt.date(2025, 6, 3))
    with pytest.raises(SickReportError, match="efter første sygedag"):
        sick_report_return(report=sick, returned_on=MONDAY, user=org.leader, today=MONDAY)


def test_import_matches_the_same_dates_and_lists_a_difference(org):
    sick = report(org)
    sick_report_return(report=sick, returned_on=dt.date(2025, 6, 5), user=org.leader,
                       today=dt.date(2025, 6, 5))
    other = sick_report_create(employment=org.carl_job, first_day=MONDAY, channel="sms",
                               user=org.leader, today=MONDAY)
    result = import_files(files=absences_csv("E-BO;egen_sygdom;2025-06-02;2025-06-04;BO-1",
                                             "E-CARL;egen_sygdom;2025-06-03;2025-06-04;CARL-1"))
    assert result.ok, result.report_lines()
    sick.refresh_from_db()
    other.refresh_from_db()
    assert sick.status == SickReportStatus.MATCHED and sick.difference == ""
    assert other.status == SickReportStatus.DIFFERS
    assert other.difference == "Løndata: 03-06-2025 – 04-06-2025; meldt: 02-06-2025 – ikke raskmeldt"
    # the report is kept as recorded: payroll does not overwrite it
    assert (other.first_day, other.returned_on) == (MONDAY, None)
    assert SickReport.objects.filter(status=SickReportStatus.PENDING).count() == 0


def test_a_matched_report_no_longer_feeds_the_engine_twice(org):
    sick = report(org)
    sick_report_return(report=sick, returned_on=dt.date(2025, 6, 5), user=org.leader,
                       today=dt.date(2025, 6, 5))
    import_files(files=absences_csv("E-BO;egen_sygdom;2025-06-02;2025-06-04;BO-1"))
    followup_run(as_of=dt.date(2025, 6, 10))
    assert Task.objects.filter(employee=org.bo, code="contact_day_1").count() == 1

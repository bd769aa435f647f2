"""Reads for the privacy lifecycle: the retention policy and what is held, as the plain
values of ``naervaer.core.retention``."""

from __future__ import annotations

from collections import defaultdict

from naervaer.cases.models import Case, CaseStatus, Conversation
from naervaer.core.retention import (
    AbsenceRecord,
    DatedRecord,
    EmployeeRecord,
    Holdings,
    SickReportRecord,
    SpellRecord,
)
from naervaer.followup.models import SickReport, SpellFact, Task
from naervaer.organisation.models import Absence, Employee, Employment
from naervaer.privacy.models import Anonymisation, RetentionPolicy


def retention_policy() -> RetentionPolicy:
    """The single row (a data migration creates it with the defaults); the defaults,
    unsaved, should it be missing: reading never writes, so a dry run writes nothing."""
    return RetentionPolicy.objects.filter(pk=1).first() or RetentionPolicy(pk=1)


def held() -> Holdings:
    """Everything the retention rules look at (the audit log is counted in the database:
    it may be large, and its rule is one cut-off date)."""
    ends: dict[int, list] = defaultdict(list)
    for employee_pk, end_date in Employment.objects.values_list("employee_id", "end_date"):
        ends[employee_pk].append(end_date)
    anonymised = set(Anonymisation.objects.values_list("employee_id", flat=True))
    return Holdings(
        absences=tuple(AbsenceRecord(*row) for row in Absence.objects.values_list(
            "pk", "employment__employee_id", "start_date", "end_date").order_by()),
        cases=tuple(DatedRecord(pk, closed_at if status == CaseStatus.CLOSED else None)
                    for pk, status, closed_at in Case.objects.values_list(
                        "pk", "status", "closed_at").order_by()),
        loose_conversations=tuple(DatedRecord(*row) for row in Conversation.objects.filter(
            case__isnull=True).values_list("pk", "date").order_by()),
        tasks=tuple(SpellRecord(pk, employee, start, max(due, done or due))
                    for pk, employee, start, due, done in Task.objects.values_list(
                        "pk", "employee_id", "spell_start", "due_date", "done_date").order_by()),
        spell_facts=tuple(SpellRecord(pk, employee, start, max(day, value or day))
                          for pk, employee, start, day, value in SpellFact.objects.values_list(
                              "pk", "employee_id", "spell_start", "date", "value_date").order_by()),
        sick_reports=tuple(SickReportRecord(*row) for row in SickReport.objects.values_list(
            "pk", "employment__employee_id", "first_day", "returned_on").order_by()),
        employees=tuple(EmployeeRecord(pk, tuple(ends.get(pk, ())), pk in anonymised)
                        for pk in Employee.objects.values_list("pk", flat=True).order_by()),
    )

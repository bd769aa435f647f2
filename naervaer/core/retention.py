"""What is past its time: the retention rules as pure functions on plain values.

No Django, no I/O and no "today": the caller reads what is held (``Holdings``), passes
the periods and the reference date, and gets a ``PurgePlan`` of keys to delete or
anonymise. The periods and the reasons for their defaults are in docs/privacy.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from naervaer.core.months import shift_months


@dataclass(frozen=True)
class RetentionPeriods:
    """Years each kind of data is kept (see docs/privacy.md for the defaults' reasons)."""

    absence_years: int = 5           # after the end of the calendar year the record ended in
    case_years: int = 5              # after the case closed (or a loose conversation was held)
    former_employee_years: int = 5   # after the last employment ended: then anonymised
    audit_months: int = 36           # after the event


def year_end_after(day: dt.date, years: int) -> dt.date:
    """The last day of the ``years``-th calendar year after the one ``day`` falls in."""
    return dt.date(day.year + years, 12, 31)


def anniversary(day: dt.date, years: int) -> dt.date:
    """``day`` moved ``years`` years on (29 February becomes 28 February)."""
    return shift_months(day, 12 * years)




def absence_expired(*, end_date: dt.date | None, years: int, as_of: dt.date) -> bool:
    """An absence record is kept to the end of the ``years``-th calendar year after the
    year it ended in (bookkeeping's clock); an open absence is always kept."""
    return end_date is not None and year_end_after(end_date, years) < as_of


def closed_case_expired(*, closed_on: dt.date | None, years: int, as_of: dt.date) -> bool:
    """A case is kept ``years`` years after it closed; an open case is always kept."""
    return closed_on is not None and anniversary(closed_on, years) < as_of


def former_employee_expired(*, employment_ends: Iterable[dt.date | None], years: int,
                            as_of: dt.date) -> bool:
    """An employee's identity is kept ``years`` years after their last employment ended;
    one open employment (or none known) keeps it."""
    ends = list(employment_ends)
    if not ends or any(end is None for end in ends):
        return False
    last = max(end for end in ends if end is not None)
    return anniversary(last, years) < as_of


def audit_event_expired(*, day: dt.date, months: int, as_of: dt.date) -> bool:
    """An audit event is kept ``months`` months after the day it was written."""
    return shift_months(day, months) < as_of


def audit_cutoff(*, months: int, as_of: dt.date) -> dt.date:
    """The first day whose audit events are still kept on ``as_of``: an event written on
    an earlier day is past its time (the same rule as ``audit_event_expired``, as one
    date for a database filter)."""
    cutoff = shift_months(as_of, -months)
    # Clamping at a month's end maps several days onto one: step past those that expire.
    while audit_event_expired(day=cutoff, months=months, as_of=as_of):
        cutoff += dt.timedelta(days=1)
    return cutoff


@dataclass(frozen=True)
class AbsenceRecord:
    key: Hashable
    employee: Hashable
    start_date: dt.date
    end_date: dt.date | None


@dataclass(frozen=True)
class DatedRecord:
    """A record with one date that starts its clock (a closed case's closing day, a loose
    conversation's day, an audit event's day); ``day`` None: never expires."""

    key: Hashable
    day: dt.date | None


@dataclass(frozen=True)
class SpellRecord:
    """A follow-up task or a recorded fact about a spell: ``last_day`` is the latest of its
    own dates (due, done, recorded)."""

    key: Hashable
    employee: Hashable
    spell_start: dt.date
    last_day: dt.date


@dataclass(frozen=True)
class SickReportRecord:
    key: Hashable
    employee: Hashable
    first_day: dt.date
    returned_on: dt.date | None


@dataclass(frozen=True)
class EmployeeRecord:
    key: Hashable
    employment_ends: tuple[dt.date | None, ...]
    anonymised: bool = False


@dataclass(frozen=True)
class Holdings:
    """What is held, as plain values (read by ``naervaer.privacy.selectors``)."""

    absences: tuple[AbsenceRecord, ...] = ()
    cases: tuple[DatedRecord, ...] = ()               # day = closed on (None while open)
    loose_conversations: tuple[DatedRecord, ...] = ()  # conversations without a case
    tasks: tuple[SpellRecord, ...] = ()
    spell_facts: tuple[SpellRecord, ...] = ()
    sick_reports: tuple[SickReportRecord, ...] = ()
    employees: tuple[EmployeeRecord, ...] = ()
    audit_events: tuple[DatedRecord, ...] = ()


@dataclass(frozen=True)
class PurgePlan:
    """Keys per kind: everything is deleted except ``employees``, which are anonymised."""

    absences: frozenset[Hashable] = field(default_factory=frozenset)
    cases: frozenset[Hashable] = field(default_factory=frozenset)
    loose_conversations: frozenset[Hashable] = field(default_factory=frozenset)
    tasks: frozenset[Hashable] = field(default_factory=frozenset)
    spell_facts: frozenset[Hashable] = field(default_factory=frozenset)
    sick_reports: frozenset[Hashable] = field(default_factory=frozenset)
    employees: frozenset[Hashable] = field(default_factory=frozenset)
    audit_events: frozenset[Hashable] = field(default_factory=frozenset)

    def counts(self) -> dict[str, int]:
        """Number of records per kind, in the order of the fields."""
        return {item.name: len(getattr(self, item.name)) for item in fields(self)}

    @property
    def empty(self) -> bool:
        return not any(self.counts().values())


def _spell_records_expired(records: Iterable[SpellRecord], held_spell_starts: set[tuple[Any, dt.date]],
                           *, years: int, as_of: dt.date) -> frozenset[Hashable]:
    # A record of a spell whose first absence (or sick report) is still held is kept:
    # the follow-up engine would derive the task again from that spell.
    return frozenset(
        record.key for record in records
        if (record.employee, record.spell_start) not in held_spell_starts
        and absence_expired(end_date=max(record.spell_start, record.last_day), years=years,
                            as_of=as_of))


def purge_plan(*, holdings: Holdings, periods: RetentionPeriods, as_of: dt.date) -> PurgePlan:
    """What is past its time on ``as_of``: deleted per kind, anonymised for employees."""
    absences = frozenset(
        record.key for record in holdings.absences
        if absence_expired(end_date=record.end_date, years=periods.absence_years, as_of=as_of))
    sick_reports = frozenset(
        record.key for record in holdings.sick_reports
        if absence_expired(end_date=record.returned_on or record.first_day,
                           years=periods.absence_years, as_of=as_of))
    held_spell_starts = {(record.employee, record.start_date) for record in holdings.absences
                         if record.key not in absences}
    held_spell_starts |= {(record.employee, record.first_day) for record in holdings.sick_reports
                          if record.key not in sick_reports}
    return PurgePlan(
        absences=absences,
        cases=frozenset(record.key for record in holdings.cases if closed_case_expired(
            closed_on=record.day, years=periods.case_years, as_of=as_of)),
        loose_conversations=frozenset(
            record.key for record in holdings.loose_conversations if closed_case_expired(
                closed_on=record.day, years=periods.case_years, as_of=as_of)),
        tasks=_spell_records_expired(holdings.tasks, held_spell_starts,
                                     years=periods.absence_years, as_of=as_of),
        spell_facts=_spell_records_expired(holdings.spell_facts, held_spell_starts,
                                           years=periods.absence_years, as_of=as_of),
        sick_reports=sick_reports,
        employees=frozenset(
            record.key for record in holdings.employees
            if not record.anonymised and former_employee_expired(
                employment_ends=record.employment_ends, years=periods.former_employee_years,
                as_of=as_of)),
        audit_events=frozenset(
            record.key for record in holdings.audit_events
            if record.day is not None and audit_event_expired(
                day=record.day, months=periods.audit_months, as_of=as_of)),
    )


def holdings_after(holdings: Holdings, plan: PurgePlan) -> Holdings:
    """What is held once ``plan`` is carried out (deleted records gone, employees marked
    anonymised): the model the database-side purge follows."""

    def kept(records: tuple[Any, ...], keys: frozenset[Hashable]) -> tuple[Any, ...]:
        return tuple(record for record in records if record.key not in keys)

    return Holdings(
        absences=kept(holdings.absences, plan.absences),
        cases=kept(holdings.cases, plan.cases),
        loose_conversations=kept(holdings.loose_conversations, plan.loose_conversations),
        tasks=kept(holdings.tasks, plan.tasks),
        spell_facts=kept(holdings.spell_facts, plan.spell_facts),
        sick_reports=kept(holdings.sick_reports, plan.sick_reports),
        employees=tuple(replace(record, anonymised=True) if record.key in plan.employees
                        else record for record in holdings.employees),
        audit_events=kept(holdings.audit_events, plan.audit_events),
    )

"""The retention rules (naervaer/core/retention.py): examples at the boundaries and
properties over random holdings."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naervaer.core.months import shift_months
from naervaer.core.retention import (
    AbsenceRecord,
    DatedRecord,
    EmployeeRecord,
    Holdings,
    PurgePlan,
    RetentionPeriods,
    SickReportRecord,
    SpellRecord,
    absence_expired,
    anniversary,
    audit_cutoff,
    audit_event_expired,
    closed_case_expired,
    former_employee_expired,
    holdings_after,
    purge_plan,
)

D = dt.date
PERIODS = RetentionPeriods()


def test_absence_kept_to_the_end_of_the_fifth_year_after_the_year_it_ended():
    assert not absence_expired(end_date=D(2020, 3, 1), years=5, as_of=D(2025, 12, 31))
    assert absence_expired(end_date=D(2020, 3, 1), years=5, as_of=D(2026, 1, 1))
    # the year it ended counts, not the year it started
    assert not absence_expired(end_date=D(2021, 1, 2), years=5, as_of=D(2026, 1, 1))


def test_open_records_are_never_past_their_time():
    assert not absence_expired(end_date=None, years=0, as_of=D(2100, 1, 1))
    assert not closed_case_expired(closed_on=None, years=0, as_of=D(2100, 1, 1))
    assert not former_employee_expired(employment_ends=[D(2000, 1, 1), None], years=0,
                                       as_of=D(2100, 1, 1))
    assert not former_employee_expired(employment_ends=[], years=0, as_of=D(2100, 1, 1))


def test_case_and_former_employee_count_from_the_day():
    assert not closed_case_expired(closed_on=D(2020, 6, 30), years=5, as_of=D(2025, 6, 30))
    assert closed_case_expired(closed_on=D(2020, 6, 30), years=5, as_of=D(2025, 7, 1))
    ends = [D(2018, 1, 31), D(2020, 6, 30)]  # the last employment decides
    assert not former_employee_expired(employment_ends=ends, years=5, as_of=D(2025, 6, 30))
    assert former_employee_expired(employment_ends=ends, years=5, as_of=D(2025, 7, 1))
    assert audit_event_expired(day=D(2022, 1, 1), months=36, as_of=D(2025, 1, 2))
    assert not audit_event_expired(day=D(2022, 1, 1), months=36, as_of=D(2025, 1, 1))
    assert audit_event_expired(day=D(2025, 8, 31), months=6, as_of=D(2026, 3, 1))  # to 28 Feb


def test_leap_day_anniversary_and_month_ends():
    assert anniversary(D(2020, 2, 29), 5) == D(2025, 2, 28)
    assert anniversary(D(2020, 2, 29), 4) == D(2024, 2, 29)
    assert shift_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert shift_months(D(2025, 3, 31), -1) == D(2025, 2, 28)
    assert shift_months(D(2025, 11, 15), 2) == D(2026, 1, 15)


def test_tasks_of_a_spell_still_held_are_kept():
    """The follow-up engine would derive a deleted task again while its spell's first
    absence is held; so the task goes with (or after) that absence."""
    holdings = Holdings(
        absences=(AbsenceRecord("a-new", "P1", D(2019, 12, 20), D(2020, 1, 10)),
                  AbsenceRecord("a-old", "P2", D(2019, 3, 1), D(2019, 3, 5))),
        tasks=(SpellRecord("t1", "P1", D(2019, 12, 20), D(2019, 12, 21)),
               SpellRecord("t2", "P2", D(2019, 3, 1), D(2019, 3, 2))),
    )
    plan = purge_plan(holdings=holdings, periods=PERIODS, as_of=D(2025, 6, 1))
    assert plan.absences == {"a-old"}
    assert plan.tasks == {"t2"}
    later = purge_plan(holdings=holdings, periods=PERIODS, as_of=D(2026, 1, 1))
    assert later.tasks == {"t1", "t2"}


def test_a_pending_sick_report_holds_its_spell():
    holdings = Holdings(
        sick_reports=(SickReportRecord("s1", "P1", D(2019, 2, 1), None),),
        spell_facts=(SpellRecord("f1", "P1", D(2019, 2, 1), D(2019, 2, 10)),
                     SpellRecord("f2", "P1", D(2018, 2, 1), D(2018, 2, 10))))
    plan = purge_plan(holdings=holdings, periods=RetentionPeriods(absence_years=10),
                      as_of=D(2029, 1, 1))
    assert plan.spell_facts == {"f2"} and not plan.sick_reports


def test_anonymised_employees_are_not_anonymised_again():
    holdings = Holdings(employees=(EmployeeRecord("P1", (D(2010, 1, 1),)),
                                   EmployeeRecord("P2", (D(2010, 1, 1),), anonymised=True),
                                   EmployeeRecord("P3", (D(2010, 1, 1), None))))
    assert purge_plan(holdings=holdings, periods=PERIODS, as_of=D(2020, 1, 1)).employees == {"P1"}


def test_counts_name_every_kind():
    assert list(PurgePlan().counts()) == [
        "absences", "cases", "loose_conversations", "tasks", "spell_facts", "sick_reports",
        "employees", "audit_events"]
    assert PurgePlan().empty


# -- properties -------------------------------------------------------------------------

days = st.dates(min_value=D(2010, 1, 1), max_value=D(2030, 12, 31))
maybe_days = st.one_of(st.none(), days)
employees_ = st.sampled_from(["P1", "P2", "P3"])


@st.composite
def holdings_(draw):  # type: ignore[no-untyped-def]
    def keyed(prefix, strategy):  # type: ignore[no-untyped-def]
        values = draw(st.lists(strategy, max_size=6))
        return tuple(value(f"{prefix}{index}") for index, value in enumerate(values))

    absence = st.builds(lambda employee, start, length: lambda key: AbsenceRecord(
        key, employee, start, None if length is None else start + dt.timedelta(days=length)),
        employees_, days, st.one_of(st.none(), st.integers(0, 400)))
    spell = st.builds(lambda employee, start, extra: lambda key: SpellRecord(
        key, employee, start, start + dt.timedelta(days=extra)), employees_, days, st.integers(0, 100))
    dated = st.builds(lambda day: lambda key: DatedRecord(key, day), maybe_days)
    sick = st.builds(lambda employee, first, back: lambda key: SickReportRecord(
        key, employee, first, back), employees_, days, maybe_days)
    employee = st.builds(lambda ends, anonymised: lambda key: EmployeeRecord(key, tuple(ends), anonymised),
                         st.lists(maybe_days, max_size=3), st.booleans())
    return Holdings(absences=keyed("a", absence), cases=keyed("c", dated),
                    loose_conversations=keyed("v", dated), tasks=keyed("t", spell),
                    spell_facts=keyed("f", spell), sick_reports=keyed("s", sick),
                    employees=keyed("e", employee), audit_events=keyed("l", dated))


# Random holdings take a while to draw on a busy machine; that is not a failure.
patient = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)

periods_ = st.builds(RetentionPeriods, st.integers(0, 10), st.integers(0, 10), st.integers(0, 10),
                     st.integers(0, 120))


@given(holdings_(), periods_, days, days)
@patient
def test_a_later_date_never_keeps_what_an_earlier_date_purged(holdings, periods, first, second):
    earlier, later = sorted((first, second))
    before = purge_plan(holdings=holdings, periods=periods, as_of=earlier)
    after = purge_plan(holdings=holdings, periods=periods, as_of=later)
    for kind in before.counts():
        assert getattr(before, kind) <= getattr(after, kind), kind


@given(holdings_(), periods_, days)
@patient
def test_purging_twice_changes_nothing_the_second_time(holdings, periods, as_of):
    plan = purge_plan(holdings=holdings, periods=periods, as_of=as_of)
    again = purge_plan(holdings=holdings_after(holdings, plan), periods=periods, as_of=as_of)
    assert again.empty


@given(holdings_(), periods_, days, st.integers(0, 3))
@patient
def test_longer_periods_never_purge_more(holdings, periods, as_of, extra):
    longer = RetentionPeriods(*(getattr(periods, name) + extra for name in (
        "absence_years", "case_years", "former_employee_years", "audit_months")))
    short = purge_plan(holdings=holdings, periods=periods, as_of=as_of)
    long = purge_plan(holdings=holdings, periods=longer, as_of=as_of)
    for kind in short.counts():
        assert getattr(long, kind) <= getattr(short, kind), kind


@given(holdings_(), periods_, days)
@patient
def test_nothing_open_or_recent_is_purged(holdings, periods, as_of):
    plan = purge_plan(holdings=holdings, periods=periods, as_of=as_of)
    for record in holdings.absences:
        if record.key in plan.absences:
            assert record.end_date is not None and record.end_date < as_of
    for record in holdings.cases:
        if record.key in plan.cases:
            assert record.day is not None and record.day < as_of
    for record in holdings.employees:
        if record.key in plan.employees:
            assert record.employment_ends and None not in record.employment_ends
            assert not record.anonymised


@given(days, days, st.integers(0, 120))
def test_the_audit_cutoff_is_the_audit_rule(day, as_of, months):
    assert (day < audit_cutoff(months=months, as_of=as_of)) == audit_event_expired(
        day=day, months=months, as_of=as_of)


@given(days, st.integers(-240, 240), st.integers(-240, 240))
def test_shift_months_is_monotone_and_keeps_the_month(day, first, second):
    low, high = sorted((first, second))
    assert shift_months(day, low) <= shift_months(day, high)
    moved = shift_months(day, first)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == first

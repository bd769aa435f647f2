"""Checks across rows and tables, against what the database already holds.

The database state comes in as plain values, so these checks run without Django.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from naervaer.core.tree import find_cycles
from naervaer.imports.problems import Problem
from naervaer.imports.validation import AbsenceRow, EmploymentRow, UnitRow

FAR_FUTURE = dt.date.max


@dataclass(frozen=True)
class StoredAbsence:
    key: str
    employment_id: str
    type: str
    start_date: dt.date
    end_date: dt.date | None


def check_units(
    file_name: str, rows: list[UnitRow], stored_parents: Mapping[str, str | None]
) -> list[Problem]:
    """Parents must exist (in the file or the database) and the tree may have no cycles."""
    problems = []
    parent_of = dict(stored_parents)
    parent_of.update({row.unit_id: row.parent_id for row in rows})
    line_of = {row.unit_id: row.line for row in rows}
    for row in rows:
        if row.parent_id and row.parent_id not in parent_of:
            problems.append(Problem(file_name, row.line, "parent_id",
                                    f"overordnet enhed '{row.parent_id}' findes ikke"))
    known = {unit: parent if parent in parent_of else None for unit, parent in parent_of.items()}
    for cycle in find_cycles(known):
        description = " → ".join([*cycle, cycle[0]])
        for unit_id in cycle:
            if unit_id in line_of:
                problems.append(Problem(file_name, line_of[unit_id], "parent_id",
                                        f"enhederne danner en ring: {description}"))
    return problems


def check_employments(
    file_name: str, rows: list[EmploymentRow], known_units: set[str]
) -> list[Problem]:
    return [
        Problem(file_name, row.line, "unit_id", f"enheden '{row.unit_id}' findes ikke")
        for row in rows
        if row.unit_id not in known_units
    ]


def check_absences(
    file_name: str,
    rows: list[AbsenceRow],
    employment_dates: Mapping[str, tuple[dt.date, dt.date | None]],
    stored: Iterable[StoredAbsence],
    sick_types: set[str],
) -> list[Problem]:
    """References, dates within the employment, and overlaps with file and stored records."""
    problems = []
    for row in rows:
        dates = employment_dates.get(row.employment_id)
        if dates is None:
            problems.append(Problem(file_name, row.line, "employment_id",
                                    f"ansættelsen '{row.employment_id}' findes ikke"))
            continue
        start, end = dates
        if end and row.start_date > end:
            problems.append(Problem(file_name, row.line, "start_date",
                                    f"fraværet starter {row.start_date:%d-%m-%Y}, efter ansættelsen "
                                    f"sluttede ({end:%d-%m-%Y})"))
        elif row.start_date < start:
            problems.append(Problem(file_name, row.line, "start_date",
                                    f"fraværet starter {row.start_date:%d-%m-%Y}, før ansættelsen "
                                    f"({start:%d-%m-%Y})"))
        if end and row.end_date and row.end_date > end:
            problems.append(Problem(file_name, row.line, "end_date",
                                    f"fraværet slutter {row.end_date:%d-%m-%Y}, efter ansættelsen "
                                    f"({end:%d-%m-%Y})"))
    problems.extend(_overlaps(file_name, rows, stored, sick_types))
    return problems


def check_stored_absences_within(
    file_name: str,
    rows: list[EmploymentRow],
    stored: Iterable[StoredAbsence],
) -> list[Problem]:
    """Changed employment dates must still hold the absences that stay in the database."""
    by_employment = {row.employment_id: row for row in rows}
    problems = []
    for absence in stored:
        row = by_employment.get(absence.employment_id)
        if row is None:
            continue
        outside = absence.start_date < row.start_date or (
            row.end_date is not None and absence.end_date is not None
            and absence.end_date > row.end_date
        )
        if outside:
            problems.append(Problem(file_name, row.line, "start_date/end_date",
                                    f"eksisterende fravær {absence.type} fra "
                                    f"{absence.start_date:%d-%m-%Y} ville ligge uden for "
                                    "ansættelsen"))
    return problems


@dataclass(frozen=True)
class _Interval:
    start: dt.date
    end: dt.date
    type: str
    line: int | None  # None for a stored record
    key: str

    def describe(self) -> str:
        where = f"linje {self.line}" if self.line is not None else "eksisterende fravær"
        return f"{self.type} {self.start:%d-%m-%Y} ({where})"


def _overlaps(
    file_name: str,
    rows: list[AbsenceRow],
    stored: Iterable[StoredAbsence],
    sick_types: set[str],
) -> list[Problem]:
    """Same employment and type must not overlap; nor may holiday and sick absence."""
    replaced = {row.key for row in rows}
    by_employment: dict[str, list[_Interval]] = defaultdict(list)
    for record in stored:
        if record.key not in replaced:
            by_employment[record.employment_id].append(_Interval(
                record.start_date, record.end_date or FAR_FUTURE, record.type, None, record.key))
    for row in rows:
        by_employment[row.employment_id].append(_Interval(
            row.start_date, row.end_date or FAR_FUTURE, row.type, row.line, row.key))
    problems: list[Problem] = []
    for intervals in by_employment.values():
        if len(intervals) < 2 or all(interval.line is None for interval in intervals):
            continue
        intervals.sort(key=lambda interval: (interval.start, interval.line or 0))
        for clash_a, clash_b in _clashes(intervals, sick_types):
            later = clash_b if clash_b.line is not None else clash_a
            other = clash_a if later is clash_b else clash_b
            problems.append(Problem(file_name, later.line or 0, "start_date",
                                    f"{later.type} overlapper {other.describe()}"))
    return problems


def _clashes(intervals: list[_Interval], sick_types: set[str]) -> list[tuple[_Interval, _Interval]]:
    """Sweep sorted intervals, remembering the latest-ending one of each kind."""
    latest_of_type: dict[str, _Interval] = {}
    latest_sick: _Interval | None = None
    latest_holiday: _Interval | None = None
    clashes = []
    for interval in intervals:
        previous = latest_of_type.get(interval.type)
        if previous is not None and interval.start <= previous.end:
            clashes.append((previous, interval))
        elif interval.type == "ferie" and latest_sick and interval.start <= latest_sick.end:
            clashes.append((latest_sick, interval))
        elif interval.type in sick_types and latest_holiday and interval.start <= latest_holiday.end:
            clashes.append((latest_holiday, interval))
        if previous is None or interval.end > previous.end:
            latest_of_type[interval.type] = interval
        if interval.type == "ferie" and (latest_holiday is None or interval.end > latest_holiday.end):
            latest_holiday = interval
        if interval.type in sick_types and (latest_sick is None or interval.end > latest_sick.end):
            latest_sick = interval
    return [(a, b) for a, b in clashes if a.line is not None or b.line is not None]

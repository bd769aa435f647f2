"""Row validation and cross-row checks of the import, without a database.

naervaer.imports.validation / consistency work on plain values (spec/import-format.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naervaer.imports.consistency import (
    StoredAbsence,
    check_absences,
    check_employments,
    check_stored_absences_within,
    check_units,
)
from naervaer.imports.problems import Problem
from naervaer.imports.reading import RawTable
from naervaer.imports.validation import (
    AbsenceRow,
    EmploymentRow,
    UnitRow,
    absence_key,
    check_header,
    parse_absence,
    parse_employment,
    parse_rows,
    parse_unit,
)

D = dt.date
SICK = {"egen_sygdom", "graviditet"}
FILE = "absences.csv"


def _absence(line: int, type_: str, start: str, end: str | None, *, employment: str = "E1",
             absence_id: str | None = None) -> AbsenceRow:
    start_date = dt.date.fromisoformat(start)
    return AbsenceRow(line, absence_key(absence_id, employment, type_, start_date), absence_id,
                      employment, type_, start_date,
                      dt.date.fromisoformat(end) if end else None, 100, None)


def _stored(key: str, type_: str, start: str, end: str | None,
            employment: str = "E1") -> StoredAbsence:
    return StoredAbsence(key, employment, type_, dt.date.fromisoformat(start),
                         dt.date.fromisoformat(end) if end else None)


EMPLOYMENTS = {"E1": (D(2020, 1, 1), None), "E2": (D(2020, 1, 1), D(2024, 6, 30))}


def _check(rows: list[AbsenceRow], stored: list[StoredAbsence] = ()) -> list[Problem]:
    return check_absences(FILE, rows, EMPLOYMENTS, stored, SICK)


def _employment_row(**overrides: str) -> dict[str, str]:
    row = {"employment_id": "A1", "employee_id": "P1", "name": "Søs Ærø", "unit_id": "U1",
           "staff_group": "Sygeplejerske", "weekly_hours": "37", "start_date": "01-01-2024",
           "end_date": "", "birth_year": "1980", "gender": "K", "hourly_cost": "250,50"}
    row.update(overrides)
    return row


def _absence_row(**overrides: str) -> dict[str, str]:
    row = {"absence_id": "", "employment_id": "A1", "type": "egen_sygdom",
           "start_date": "2024-03-04", "end_date": "2024-03-06", "degree": "", "hours": ""}
    row.update(overrides)
    return row


# --- overlaps -----------------------------------------------------------------------------

def test_no_problems_for_separate_absences() -> None:
    rows = [_absence(2, "egen_sygdom", "2024-01-01", "2024-01-05"),
            _absence(3, "egen_sygdom", "2024-01-06", "2024-01-10"),
            _absence(4, "ferie", "2024-01-11", "2024-01-20")]
    assert _check(rows) == []


def test_same_type_overlap_in_file_is_one_problem_on_the_later_line() -> None:
    rows = [_absence(2, "egen_sygdom", "2024-01-01", "2024-01-10"),
            _absence(3, "egen_sygdom", "2024-01-10", "2024-01-12")]  # touches on 10 Jan
    problems = _check(rows)
    assert len(problems) == 1
    assert problems[0].file == FILE
    assert problems[0].line == 3
    assert "linje 2" in problems[0].message


def test_overlap_listed_out_of_date_order_is_still_one_problem() -> None:
    # The sweep runs in date order: the problem lands on the line whose record starts later
    # (here line 2), and its message names the other line.
    rows = [_absence(2, "ferie", "2024-03-05", "2024-03-08"),
            _absence(3, "ferie", "2024-03-01", "2024-03-06")]
    problems = _check(rows)
    assert len(problems) == 1
    assert problems[0].line == 2
    assert "linje 3" in problems[0].message


def test_open_ended_absence_overlaps_everything_after_it() -> None:
    rows = [_absence(2, "barsel", "2024-01-01", None),
            _absence(3, "barsel", "2025-06-01", "2025-06-02")]
    assert [problem.line for problem in _check(rows)] == [3]


def test_same_type_on_different_employments_is_fine() -> None:
    rows = [_absence(2, "egen_sygdom", "2024-01-01", "2024-01-10"),
            _absence(3, "egen_sygdom", "2024-01-05", "2024-01-06", employment="E2")]
    assert _check(rows) == []


def test_holiday_overlapping_own_sickness_is_a_problem() -> None:
    rows = [_absence(2, "egen_sygdom", "2024-07-01", "2024-07-10"),
            _absence(3, "ferie", "2024-07-08", "2024-07-20")]
    problems = _check(rows)
    assert len(problems) == 1
    assert problems[0].line == 3
    assert "ferie" in problems[0].message and "egen_sygdom" in problems[0].message


def test_sickness_starting_inside_holiday_is_a_problem() -> None:
    rows = [_absence(2, "ferie", "2024-07-01", "2024-07-20"),
            _absence(3, "graviditet", "2024-07-08", "2024-07-09")]
    assert [problem.line for problem in _check(rows)] == [3]


@pytest.mark.parametrize("other", ["barns_sygdom", "arbejdsskade", "barsel", "andet",
                                   "graviditet"])
def test_own_sickness_may_overlap_other_types(other: str) -> None:
    rows = [_absence(2, "egen_sygdom", "2024-03-01", "2024-03-10"),
            _absence(3, other, "2024-03-05", "2024-03-06")]
    assert _check(rows) == []


def test_holiday_may_overlap_non_sick_types() -> None:
    rows = [_absence(2, "ferie", "2024-03-01", "2024-03-10"),
            _absence(3, "barns_sygdom", "2024-03-05", "2024-03-06"),
            _absence(4, "andet", "2024-03-02", "2024-03-03")]
    assert _check(rows) == []


def test_overlap_with_a_stored_record_is_reported_on_the_file_line() -> None:
    stored = [_stored("S1", "egen_sygdom", "2024-02-01", "2024-02-10")]
    problems = _check([_absence(7, "egen_sygdom", "2024-02-05", "2024-02-06")], stored)
    assert len(problems) == 1
    assert problems[0].line == 7
    assert "eksisterende" in problems[0].message


def test_holiday_in_file_overlapping_stored_sickness() -> None:
    stored = [_stored("S1", "egen_sygdom", "2024-02-01", None)]
    problems = _check([_absence(4, "ferie", "2024-03-01", "2024-03-05")], stored)
    assert [problem.line for problem in problems] == [4]


def test_stored_record_replaced_by_same_key_is_not_a_clash() -> None:
    row = _absence(2, "egen_sygdom", "2024-02-01", "2024-02-03")
    stored = [_stored(row.key, "egen_sygdom", "2024-02-01", None)]  # was open, now closed
    assert _check([row], stored) == []
    with_id = _absence(3, "ferie", "2024-05-01", "2024-05-03", absence_id="F-9")
    assert _check([with_id], [_stored("F-9", "ferie", "2024-04-28", "2024-05-10")]) == []


def test_stored_records_overlapping_each_other_are_not_reported() -> None:
    stored = [_stored("S1", "egen_sygdom", "2024-02-01", "2024-02-10"),
              _stored("S2", "egen_sygdom", "2024-02-05", "2024-02-12")]
    assert _check([_absence(2, "andet", "2024-02-01", "2024-02-02")], stored) == []


absence_types = st.sampled_from(["egen_sygdom", "graviditet", "barns_sygdom", "ferie", "andet"])


@given(st.lists(st.tuples(absence_types, st.integers(0, 60), st.integers(0, 10)), max_size=8))
def test_overlap_check_matches_brute_force(specs: list[tuple[str, int, int]]) -> None:
    """Each file line has a problem iff some earlier-starting (or same-start, earlier-line)
    record of the same employment clashes with it — a clash being same type, or ferie
    against a sick type — and the problem count equals the number of such lines."""
    base = D(2024, 1, 1)
    rows = [AbsenceRow(line, f"k{line}", f"k{line}", "E1", type_,
                       base + dt.timedelta(days=offset),
                       base + dt.timedelta(days=offset + length), 100, None)
            for line, (type_, offset, length) in enumerate(specs, start=2)]

    def clash(a: AbsenceRow, b: AbsenceRow) -> bool:
        overlap = a.start_date <= b.end_date and b.start_date <= a.end_date
        kinds = a.type == b.type or {a.type, b.type} & {"ferie"} and (
            a.type in SICK or b.type in SICK)
        return bool(overlap and kinds)

    def before(a: AbsenceRow, b: AbsenceRow) -> bool:
        return (a.start_date, a.line) < (b.start_date, b.line)

    expected = sorted(b.line for b in rows if any(before(a, b) and clash(a, b) for a in rows))
    assert sorted(problem.line for problem in _check(rows)) == expected


# --- absences within the employment -------------------------------------------------------

def test_absence_before_employment_start_is_a_problem() -> None:
    problems = _check([_absence(2, "egen_sygdom", "2019-12-30", "2020-01-03")])
    assert [(p.line, p.column) for p in problems] == [(2, "start_date")]


def test_absence_after_employment_end_is_a_problem() -> None:
    problems = _check([_absence(5, "egen_sygdom", "2024-06-25", "2024-07-02", employment="E2")])
    assert [(p.line, p.column) for p in problems] == [(5, "end_date")]


def test_absence_on_the_employment_boundaries_is_fine() -> None:
    assert _check([_absence(2, "egen_sygdom", "2020-01-01", "2020-01-01", employment="E2"),
                   _absence(3, "ferie", "2024-06-30", "2024-06-30", employment="E2")]) == []


def test_absence_of_unknown_employment_is_a_problem() -> None:
    problems = _check([_absence(9, "ferie", "2024-01-01", "2024-01-02", employment="NOPE")])
    assert [(p.line, p.column) for p in problems] == [(9, "employment_id")]
    assert "NOPE" in problems[0].message


def _employment(line: int, employment_id: str, start: str, end: str | None) -> EmploymentRow:
    return EmploymentRow(line, employment_id, "P1", "", "U1", "Pædagog", Decimal(37),
                         dt.date.fromisoformat(start),
                         dt.date.fromisoformat(end) if end else None, None, "", None)


def test_stored_absences_must_stay_within_changed_employment_dates() -> None:
    rows = [_employment(2, "E1", "2024-01-01", "2024-06-30"),
            _employment(3, "E2", "2020-01-01", None)]
    stored = [_stored("S1", "egen_sygdom", "2023-12-01", "2023-12-05", "E1"),   # too early
              _stored("S2", "ferie", "2024-06-20", "2024-07-05", "E1"),         # too late
              _stored("S3", "ferie", "2024-03-01", "2024-03-05", "E1"),         # fine
              _stored("S4", "ferie", "2024-03-01", None, "E1"),                  # open: fine
              _stored("S5", "egen_sygdom", "2021-01-01", None, "E2"),           # fine
              _stored("S6", "egen_sygdom", "2010-01-01", None, "OTHER")]        # not in file
    problems = check_stored_absences_within("employments.csv", rows, stored)
    assert sorted(p.line for p in problems) == [2, 2]
    assert {p.column for p in problems} == {"start_date/end_date"}


def test_check_employments_unknown_unit() -> None:
    rows = [_employment(2, "E1", "2024-01-01", None)]
    assert check_employments("employments.csv", rows, {"U1"}) == []
    problems = check_employments("employments.csv", rows, {"U2"})
    assert [(p.line, p.column) for p in problems] == [(2, "unit_id")]


# --- units --------------------------------------------------------------------------------

def _unit(line: int, unit_id: str, parent: str | None) -> UnitRow:
    return UnitRow(line, unit_id, unit_id.title(), parent, "")


def test_units_valid_forest_with_stored_parent() -> None:
    rows = [_unit(2, "omr", "forv"), _unit(3, "team", "omr")]
    assert check_units("units.csv", rows, {"forv": None}) == []


def test_unknown_parent_is_a_problem_naming_the_line() -> None:
    rows = [_unit(2, "kommune", None), _unit(3, "team", "findes-ikke")]
    problems = check_units("units.csv", rows, {})
    assert [(p.line, p.column) for p in problems] == [(3, "parent_id")]
    assert "findes-ikke" in problems[0].message


def test_unit_cycle_names_every_line_in_it() -> None:
    rows = [_unit(2, "a", "b"), _unit(3, "b", "c"), _unit(4, "c", "a"), _unit(5, "d", "a"),
            _unit(6, "root", None)]
    problems = check_units("units.csv", rows, {})
    assert sorted(p.line for p in problems) == [2, 3, 4]
    assert all(p.column == "parent_id" for p in problems)
    assert all("ring" in p.message for p in problems)


def test_cycle_through_stored_units_is_found() -> None:
    # The database has b → a; the file makes a → b.
    problems = check_units("units.csv", [_unit(7, "a", "b")], {"a": None, "b": "a"})
    assert [p.line for p in problems] == [7]


# --- row validation -----------------------------------------------------------------------

def test_valid_employment_row() -> None:
    record, problems = parse_employment("employments.csv", 2, _employment_row())
    assert problems == []
    assert record is not None
    assert record.weekly_hours == Decimal(37)
    assert record.start_date == D(2024, 1, 1)
    assert record.end_date is None
    assert record.hourly_cost == Decimal("250.50")
    assert record.birth_year == 1980


def test_every_bad_cell_of_a_row_is_reported() -> None:
    row = _employment_row(weekly_hours="fuld tid", start_date="31-02-2024", gender="X",
                          birth_year="1800", hourly_cost="-5", staff_group="")
    record, problems = parse_employment("employments.csv", 12, row)
    assert record is None
    assert sorted(p.column for p in problems) == sorted(
        ["weekly_hours", "start_date", "gender", "birth_year", "hourly_cost", "staff_group"])
    assert {p.line for p in problems} == {12}
    assert {p.file for p in problems} == {"employments.csv"}


def test_end_before_start_is_a_problem() -> None:
    _, problems = parse_employment("employments.csv", 2,
                                   _employment_row(start_date="2024-05-01", end_date="2024-04-30"))
    assert [p.column for p in problems] == ["end_date"]


@pytest.mark.parametrize("value", ["010190-1234", "0101901234", "290200-1234"])
def test_cpr_shaped_employee_id_is_rejected_without_echo(value: str) -> None:
    record, problems = parse_employment("employments.csv", 3, _employment_row(employee_id=value))
    assert record is None
    assert [(p.line, p.column) for p in problems] == [(3, "employee_id")]
    text = str(problems[0])
    assert value not in text
    assert value.replace("-", "") not in text
    assert value[:6] not in text and value[-4:] not in text


def test_non_cpr_employee_id_accepted() -> None:
    record, problems = parse_employment("employments.csv", 3,
                                        _employment_row(employee_id="3213901234"))
    assert problems == [] and record is not None


@pytest.mark.parametrize(("gender", "expected"), [("F", "K"), ("f", "K"), ("K", "K"),
                                                  ("M", "M"), ("", "")])
def test_gender(gender: str, expected: str) -> None:
    record, problems = parse_employment("employments.csv", 2, _employment_row(gender=gender))
    assert problems == []
    assert record is not None and record.gender == expected


@pytest.mark.parametrize(("hours", "ok"), [("37", True), ("37,5", True), ("48", True),
                                           ("0,5", True), ("0", False), ("48,01", False),
                                           ("-1", False), ("", False)])
def test_weekly_hours_bounds(hours: str, ok: bool) -> None:
    record, problems = parse_employment("employments.csv", 2, _employment_row(weekly_hours=hours))
    assert (record is not None) is ok
    assert (problems == []) is ok


@pytest.mark.parametrize(("degree", "expected"), [("50,0", 50), ("50", 50), ("50%", 50),
                                                  ("100", 100), ("1", 1), ("", 100)])
def test_degree_accepted(degree: str, expected: int) -> None:
    record, problems = parse_absence(FILE, 2, _absence_row(degree=degree))
    assert problems == []
    assert record is not None and record.degree == expected


@pytest.mark.parametrize("degree", ["150", "0", "101", "50,5", "-10", "halv"])
def test_degree_rejected(degree: str) -> None:
    record, problems = parse_absence(FILE, 4, _absence_row(degree=degree))
    assert record is None
    assert [(p.line, p.column) for p in problems] == [(4, "degree")]


def test_absence_row_several_bad_cells() -> None:
    row = _absence_row(type="sygdom", start_date="i går", degree="150", hours="-2",
                       employment_id="")
    record, problems = parse_absence(FILE, 5, row)
    assert record is None
    assert sorted(p.column for p in problems) == sorted(
        ["type", "start_date", "degree", "hours", "employment_id"])


def test_absence_key_defaults_to_employment_type_start() -> None:
    record, _ = parse_absence(FILE, 2, _absence_row(type=" Egen Sygdom "))
    assert record is not None
    assert record.type == "egen_sygdom"
    assert record.key == "A1|egen_sygdom|2024-03-04"
    record, _ = parse_absence(FILE, 2, _absence_row(absence_id="X7"))
    assert record is not None and record.key == "X7"


def test_unit_rows() -> None:
    record, problems = parse_unit("units.csv", 2, {"unit_id": "U1", "name": "Team Nord",
                                                    "parent_id": "", "unit_type": "team"})
    assert problems == [] and record == UnitRow(2, "U1", "Team Nord", None, "team")
    _, problems = parse_unit("units.csv", 3, {"unit_id": "U1", "name": "", "parent_id": "U1"})
    assert sorted(p.column for p in problems) == ["name", "parent_id"]
    _, problems = parse_unit("units.csv", 4, {"unit_id": "x" * 65, "name": "N"})
    assert [p.column for p in problems] == ["unit_id"]


def test_parse_rows_reports_duplicate_key_on_later_line() -> None:
    table = RawTable("units.csv", "units", "", ["unit_id", "name"],
                     rows=[(2, {"unit_id": "U1", "name": "A"}), (3, {"unit_id": "U2", "name": "B"}),
                           (5, {"unit_id": "U1", "name": "C"})])
    records, problems, failed = parse_rows(table, lambda record: record.unit_id)
    assert [record.line for record in records] == [2, 3]
    assert [(p.line, p.column) for p in problems] == [(5, "unit_id")]
    assert failed == set()


@given(st.text(max_size=20), st.text(max_size=20), st.text(max_size=20), st.text(max_size=20))
def test_parse_absence_never_raises(type_: str, start: str, end: str, degree: str) -> None:
    record, problems = parse_absence(FILE, 2, _absence_row(type=type_, start_date=start,
                                                           end_date=end, degree=degree))
    assert (record is None) == bool(problems)
    assert all(p.line == 2 for p in problems)


# --- header -------------------------------------------------------------------------------

def _table(table: str, header: list[str], rows: list[dict[str, str]] = ()) -> RawTable:
    return RawTable(f"{table}.csv", table, "", header,
                    rows=[(line, row) for line, row in enumerate(rows, start=2)])


def test_header_missing_required_columns_at_line_1() -> None:
    problems, notes = check_header(_table("employments", ["employment_id", "unit_id",
                                                          "start_date", "end_date"]))
    assert {(p.line, p.column) for p in problems} == {
        (1, "employee_id"), (1, "staff_group"), (1, "weekly_hours")}
    assert notes == []


def test_complete_header_has_no_problems() -> None:
    problems, notes = check_header(_table("units", ["unit_id", "name", "parent_id",
                                                    "unit_type"]))
    assert problems == [] and notes == []


def test_diagnosis_column_is_listed_as_not_imported() -> None:
    table = _table("absences", ["employment_id", "type", "start_date", "diagnose"],
                   [{"employment_id": "A1", "type": "egen_sygdom", "start_date": "2024-01-01",
                     "diagnose": "J06.9"}])
    problems, notes = check_header(table)
    assert problems == []
    assert len(notes) == 1
    assert "diagnose" in notes[0] and "ikke importeret" in notes[0]
    assert "J06.9" not in notes[0]


def test_unknown_harmless_column_is_listed_as_ignored() -> None:
    table = _table("units", ["unit_id", "name", "cost_center"],
                   [{"unit_id": "U1", "name": "N", "cost_center": "4711"}])
    problems, notes = check_header(table)
    assert problems == []
    assert len(notes) == 1 and "cost_center" in notes[0] and "ignoreret" in notes[0]


def test_free_text_column_is_treated_as_possible_health_information() -> None:
    table = _table("absences", ["employment_id", "type", "start_date", "x1"],
                   [{"x1": "ondt i ryggen"}, {"x1": "influenza med feber"}])
    _, notes = check_header(table)
    assert len(notes) == 1 and "ikke importeret" in notes[0]


def test_duplicate_column_is_a_problem() -> None:
    problems, _ = check_header(_table("units", ["unit_id", "name", "name"]))
    assert [(p.line, p.column) for p in problems] == [(1, "name")]


def test_absence_starting_after_the_employment_ended_is_refused():
    from naervaer.imports.consistency import check_absences
    from naervaer.imports.validation import AbsenceRow

    row = AbsenceRow(2, "k", None, "A1", "egen_sygdom", dt.date(2025, 2, 1), None, 100, None)

    problems = check_absences("absences.csv", [row], {"A1": (dt.date(2020, 1, 1), dt.date(2024, 12, 31))},
                              [], {"egen_sygdom"})

    assert [str(problem) for problem in problems] == [
        "absences.csv:2: start_date: fraværet starter 01-02-2025, efter ansættelsen sluttede (31-12-2024)"]

"""Validate rows of the three tables into typed records (no database access here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from naervaer.core.cpr import is_cpr_shaped
from naervaer.core.parsing import parse_date, parse_decimal, parse_integer
from naervaer.imports.columns import ABSENCE_TYPES, COLUMNS, looks_like_health_text
from naervaer.imports.problems import Problem
from naervaer.imports.reading import RawTable

T = TypeVar("T")
MAX_KEY_LENGTH = 64
FIRST_YEAR = 1900


@dataclass(frozen=True)
class UnitRow:
    line: int
    unit_id: str
    name: str
    parent_id: str | None
    unit_type: str


@dataclass(frozen=True)
class EmploymentRow:
    line: int
    employment_id: str
    employee_id: str
    name: str
    unit_id: str
    staff_group: str
    weekly_hours: Decimal
    start_date: dt.date
    end_date: dt.date | None
    birth_year: int | None
    gender: str
    hourly_cost: Decimal | None


@dataclass(frozen=True)
class AbsenceRow:
    line: int
    key: str
    absence_id: str | None
    employment_id: str
    type: str
    start_date: dt.date
    end_date: dt.date | None
    degree: int
    hours: Decimal | None


def absence_key(absence_id: str | None, employment_id: str, type_: str, start: dt.date) -> str:
    """The stable key: ``absence_id``, else (employment_id, type, start_date)."""
    return absence_id or f"{employment_id}|{type_}|{start.isoformat()}"


def check_header(table: RawTable) -> tuple[list[Problem], list[str]]:
    """Missing required columns are problems; unknown columns are listed in notes."""
    columns = COLUMNS[table.table]
    problems = [
        Problem(table.file_name, 1, name, "påkrævet kolonne mangler")
        for name, required in columns.items()
        if required and name not in table.header
    ]
    seen: set[str] = set()
    for name in table.header:
        if name and name in seen:
            problems.append(Problem(table.file_name, 1, name, "kolonnen står to gange"))
        seen.add(name)
    notes = []
    for name in table.header:
        if not name or name in columns:
            continue
        values = [row.get(name, "") for _, row in table.rows[:500]]
        if looks_like_health_text(name, values):
            notes.append(f"{table.file_name}: kolonnen '{name}' er ikke importeret: den kan "
                         "indeholde helbredsoplysninger (diagnoser gemmes aldrig)")
        else:
            notes.append(f"{table.file_name}: ukendt kolonne '{name}' er ignoreret")
    return problems, notes


class _RowParser:
    """Collects every problem of one row instead of stopping at the first."""

    def __init__(self, file_name: str, line: int, row: dict[str, str]):
        self.file_name, self.line, self.row = file_name, line, row
        self.problems: list[Problem] = []

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.file_name, self.line, column, message))

    def text(self, column: str, *, required: bool, max_length: int = 255) -> str:
        value = self.row.get(column, "")
        if required and not value:
            self.problem(column, "mangler (påkrævet)")
        elif len(value) > max_length:
            self.problem(column, f"er for lang (højst {max_length} tegn)")
        return value

    def key(self, column: str, *, required: bool = True) -> str:
        value = self.text(column, required=required, max_length=MAX_KEY_LENGTH)
        if value and is_cpr_shaped(value):
            # Never echo the value: it may be a real CPR number.
            self.problem(column, "ligner et CPR-nummer og afvises; brug en anden nøgle")
        return value

    def parsed(self, column: str, parser: Callable[[str], T], *, required: bool) -> T | None:
        value = self.row.get(column, "")
        if not value:
            if required:
                self.problem(column, "mangler (påkrævet)")
            return None
        try:
            return parser(value)
        except ValueError as error:
            self.problem(column, str(error))
            return None

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        start = self.parsed("start_date", parse_date, required=True)
        end = self.parsed("end_date", parse_date, required=False)
        if start and end and end < start:
            self.problem("end_date", f"slutdato {end:%d-%m-%Y} ligger før startdato "
                                     f"{start:%d-%m-%Y}")
        return start, end


def parse_unit(file_name: str, line: int, row: dict[str, str]) -> tuple[UnitRow | None, list[Problem]]:
    parser = _RowParser(file_name, line, row)
    unit_id = parser.key("unit_id")
    name = parser.text("name", required=True)
    parent_id = parser.key("parent_id", required=False) or None
    if parent_id and parent_id == unit_id:
        parser.problem("parent_id", "en enhed kan ikke være sin egen overordnede")
    unit_type = parser.text("unit_type", required=False, max_length=64)
    if parser.problems:
        return None, parser.problems
    return UnitRow(line, unit_id, name, parent_id, unit_type), []


def _weekly_hours(text: str) -> Decimal:
    hours = parse_decimal(text)
    if not Decimal(0) < hours <= Decimal(48):
        raise ValueError(f"'{text}' timer pr. uge skal være over 0 og højst 48")
    return hours


def _birth_year(text: str) -> int:
    year = parse_integer(text)
    if not FIRST_YEAR <= year <= dt.date.today().year:
        raise ValueError(f"'{text}' er ikke et muligt fødselsår")
    return year


def _gender(text: str) -> str:
    value = text.strip().upper()
    if value in {"K", "F"}:
        return "K"
    if value == "M":
        return "M"
    raise ValueError(f"'{text}' skal være K, F eller M")


def _non_negative(text: str) -> Decimal:
    number = parse_decimal(text)
    if number < 0:
        raise ValueError(f"'{text}' må ikke være negativ")
    return number


def parse_employment(
    file_name: str, line: int, row: dict[str, str]
) -> tuple[EmploymentRow | None, list[Problem]]:
    parser = _RowParser(file_name, line, row)
    employment_id = parser.key("employment_id")
    employee_id = parser.key("employee_id")
    name = parser.text("name", required=False)
    unit_id = parser.key("unit_id")
    staff_group = parser.text("staff_group", required=True, max_length=128)
    weekly_hours = parser.parsed("weekly_hours", _weekly_hours, required=True)
    start, end = parser.date_range()
    birth_year = parser.parsed("birth_year", _birth_year, required=False)
    gender = parser.parsed("gender", _gender, required=False) or ""
    hourly_cost = parser.parsed("hourly_cost", _non_negative, required=False)
    if parser.problems or weekly_hours is None or start is None:
        return None, parser.problems
    return EmploymentRow(line, employment_id, employee_id, name, unit_id, staff_group,
                         weekly_hours, start, end, birth_year, gender, hourly_cost), []


def _absence_type(text: str) -> str:
    value = text.strip().lower().replace(" ", "_")
    if value not in ABSENCE_TYPES:
        raise ValueError(f"'{text}' er ikke en fraværstype ({', '.join(ABSENCE_TYPES)})")
    return value


def _degree(text: str) -> int:
    degree = parse_integer(text.rstrip("%").strip())
    if not 1 <= degree <= 100:
        raise ValueError(f"'{text}' skal være en procent fra 1 til 100")
    return degree


def parse_absence(
    file_name: str, line: int, row: dict[str, str]
) -> tuple[AbsenceRow | None, list[Problem]]:
    parser = _RowParser(file_name, line, row)
    absence_id = parser.key("absence_id", required=False) or None
    employment_id = parser.key("employment_id")
    type_ = parser.parsed("type", _absence_type, required=True)
    start, end = parser.date_range()
    degree = parser.parsed("degree", _degree, required=False) or 100
    hours = parser.parsed("hours", _non_negative, required=False)
    if parser.problems or type_ is None or start is None:
        return None, parser.problems
    key = absence_key(absence_id, employment_id, type_, start)
    return AbsenceRow(line, key, absence_id, employment_id, type_, start, end, degree, hours), []


PARSERS = {"units": parse_unit, "employments": parse_employment, "absences": parse_absence}


def parse_rows(
    table: RawTable, key_of: Callable[[object], str]
) -> tuple[list, list[Problem], set[str]]:
    """Parse every row of a table; a key seen twice is a problem on the later line.

    Also returns the key column's text of the rows that failed, so that later checks
    do not report references to them a second time.
    """
    parse = PARSERS[table.table]
    records: list = []
    problems: list[Problem] = []
    failed: set[str] = set()
    first_line: dict[str, int] = {}
    for line, row in table.rows:
        record, row_problems = parse(table.file_name, line, row)
        problems.extend(row_problems)
        if record is None:
            failed.add(row.get(_key_column(table.table), ""))
            continue
        key = key_of(record)
        if key in first_line:
            problems.append(Problem(table.file_name, line, _key_column(table.table),
                                    f"nøglen '{key}' står allerede i linje {first_line[key]}"))
            continue
        first_line[key] = line
        records.append(record)
    return records, problems, failed


def _key_column(table: str) -> str:
    return {"units": "unit_id", "employments": "employment_id", "absences": "absence_id"}[table]

"""Import of well-being and APV scores: ``unit_id;year;measure;value`` (optional
``source``) as CSV or XLSX. Read with the payroll import's reader (delimiter and
encoding detection, line numbers), validated completely before anything is written, then
upserted by (unit, year, measure) in one transaction: all or nothing, and importing the
same file twice changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.db import transaction

from naervaer.core.cpr import is_cpr_shaped
from naervaer.core.parsing import parse_decimal, parse_integer
from naervaer.imports.problems import Problem
from naervaer.imports.reading import RawTable, _read_csv, _read_xlsx
from naervaer.organisation.models import Unit
from naervaer.wellbeing.models import WellbeingScore

TABLE = "wellbeing"
REQUIRED = ("unit_id", "year", "measure", "value")
OPTIONAL = ("source",)
MEASURE_PATTERN = re.compile(r"^[a-z0-9_æøå-]{1,40}$")
FIRST_YEAR, LAST_YEAR = 2000, 2100
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class ScoreRow:
    file: str
    line: int
    unit_id: str
    year: int
    measure: str
    value: Decimal
    source: str


@dataclass
class WellbeingImportResult:
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def report_lines(self) -> list[str]:
        if self.problems:
            return [str(problem) for problem in sorted(self.problems)]
        lines = [f"trivsel: {self.rows} rækker – {self.created} nye, {self.updated} ændrede, "
                 f"{self.unchanged} uændrede"]
        if self.ignored_columns:
            lines.append("Ukendte kolonner (ikke importeret): " + ", ".join(self.ignored_columns))
        if self.dry_run:
            lines.append("Prøvekørsel: intet er gemt.")
        return lines


def read_scores(file_name: str, data: bytes) -> tuple[RawTable | None, list[Problem]]:
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(file_name, TABLE, "", data)
    if suffix == ".csv":
        return _read_csv(file_name, TABLE, "", data)
    return None, [Problem(file_name, 1, "-", "filen skal have endelsen .csv eller .xlsx")]


def _row(table: RawTable, line: int, cells: dict[str, str]) -> tuple[ScoreRow | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(table.file_name, line, column, message))

    unit_id = cells.get("unit_id", "")
    if not unit_id:
        problem("unit_id", "mangler")
    elif is_cpr_shaped(unit_id):
        problem("unit_id", "ligner et CPR-nummer og afvises")
    year = 0
    year_text = cells.get("year", "")
    if not year_text:
        problem("year", "mangler")
    else:
        try:
            year = parse_integer(year_text)
            if not FIRST_YEAR <= year <= LAST_YEAR:
                problem("year", f"{year} ligger uden for {FIRST_YEAR}–{LAST_YEAR}")
        except ValueError as error:
            problem("year", str(error))
    measure = cells.get("measure", "").lower()
    if not measure:
        problem("measure", "mangler")
    elif not MEASURE_PATTERN.match(measure):
        problem("measure", "skal være en kode på højst 40 tegn (små bogstaver, tal, _ og -)")
    value = Decimal(0)
    text = cells.get("value", "").rstrip("%").strip()
    if not text:
        problem("value", "mangler")
    else:
        try:
            value = parse_decimal(text)
            if not Decimal(0) <= value <= Decimal(100):
                problem("value", f"{text} ligger uden for 0–100")
            elif value != value.quantize(ONE_DECIMAL):
                problem("value", f"{text} har mere end én decimal")
        except ValueError as error:
            problem("value", str(error))
    source = cells.get("source", "")
    if len(source) > 80:
        problem("source", f"højst 80 tegn ({len(source)})")
    if problems:
        return None, problems
    return ScoreRow(table.file_name, line, unit_id, year, measure, value.quantize(ONE_DECIMAL),
                    source), []


def validate(files: list[tuple[str, bytes]]) -> tuple[list[ScoreRow], list[str], list[Problem]]:
    """Every row of every file, typed; all problems found (nothing is written)."""
    rows: list[ScoreRow] = []
    problems: list[Problem] = []
    ignored: list[str] = []
    for file_name, data in files:
        table, read_problems = read_scores(file_name, data)
        problems.extend(read_problems)
        if table is None:
            continue
        missing = [name for name in REQUIRED if name not in table.header]
        if missing:
            problems.extend(Problem(file_name, 1, name, "kolonnen mangler") for name in missing)
            continue
        ignored += [name for name in table.header
                    if name and name not in REQUIRED + OPTIONAL and name not in ignored]
        for line, cells in table.rows:
            row, row_problems = _row(table, line, cells)
            problems.extend(row_problems)
            if row is not None:
                rows.append(row)
    known = set(Unit.objects.filter(unit_id__in={row.unit_id for row in rows})
                .values_list("unit_id", flat=True))
    seen: dict[tuple[str, int, str], ScoreRow] = {}
    valid: list[ScoreRow] = []
    for row in rows:
        key = (row.unit_id, row.year, row.measure)
        if row.unit_id not in known:
            problems.append(Problem(row.file, row.line, "unit_id", f"enheden '{row.unit_id}' findes ikke"))
        elif key in seen:
            first = seen[key]
            problems.append(Problem(row.file, row.line, "measure",
                                    f"'{row.measure}' for {row.unit_id} i {row.year} står også i "
                                    f"{first.file}:{first.line}"))
        else:
            seen[key] = row
            valid.append(row)
    return valid, ignored, problems


def wellbeing_import(files: list[tuple[str, bytes]], *, dry_run: bool = False) -> WellbeingImportResult:
    """Validate all files, then upsert every score in one transaction (rolled back for a
    dry run, so its counts are the real ones)."""
    rows, ignored, problems = validate(files)
    result = WellbeingImportResult(ignored_columns=ignored, dry_run=dry_run)
    if problems:
        result.problems = problems
        return result
    result.rows = len(rows)
    with transaction.atomic():
        units = dict(Unit.objects.filter(unit_id__in={row.unit_id for row in rows})
                     .values_list("unit_id", "pk"))
        stored: dict[tuple[int, int, str], WellbeingScore] = {
            (score.unit_id, score.year, score.measure): score
            for score in WellbeingScore.objects.filter(unit_id__in=units.values())}
        new: list[WellbeingScore] = []
        changed: list[WellbeingScore] = []
        for row in rows:
            score = stored.get((units[row.unit_id], row.year, row.measure))
            if score is None:
                new.append(WellbeingScore(unit_id=units[row.unit_id], year=row.year,
                                          measure=row.measure, value=row.value, source=row.source))
            elif score.value != row.value or score.source != row.source:
                score.value, score.source = row.value, row.source
                changed.append(score)
            else:
                result.unchanged += 1
        WellbeingScore.objects.bulk_create(new)
        for score in changed:
            score.save(update_fields=["value", "source", "updated_at"])
        result.created, result.updated = len(new), len(changed)
        if dry_run:
            transaction.set_rollback(True)
    return result


def counts(result: WellbeingImportResult) -> dict[str, Any]:
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}

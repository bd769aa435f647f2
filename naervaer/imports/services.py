"""``import_files``: the one write path for payroll exports (CLI, upload page and demo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from naervaer.accounts.services import audit_record
from naervaer.imports import consistency
from naervaer.imports.models import ImportBatch
from naervaer.imports.problems import ImportFailed, Problem
from naervaer.imports.reading import TABLES, RawTable, read_table
from naervaer.imports.signals import import_written
from naervaer.imports.validation import (
    AbsenceRow,
    EmploymentRow,
    UnitRow,
    check_header,
    parse_rows,
)
from naervaer.imports.writing import (
    ChangeLog,
    chunks,
    write_absences,
    write_employments,
    write_units,
)
from naervaer.metrics.services import metrics_mark_changed
from naervaer.organisation.models import Absence, Employment, Unit
from naervaer.organisation.selectors import get_settings


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)
    batch: ImportBatch | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def report_lines(self) -> list[str]:
        if not self.ok:
            return [str(problem) for problem in self.problems] + [
                f"Import afvist: {len(self.problems)} fejl; intet er skrevet."]
        lines = list(self.notes)
        for table, counts in self.counts.items():
            parts = ", ".join(f"{name} {value}" for name, value in counts.items())
            lines.append(f"{table}: {parts}")
        lines.append("Prøvekørsel: intet er skrevet." if self.dry_run
                     else f"Import gennemført (kørsel {self.batch.pk if self.batch else '-'}).")
        return lines


@dataclass
class _Parsed:
    units: list[UnitRow] = field(default_factory=list)
    employments: list[EmploymentRow] = field(default_factory=list)
    absences: list[AbsenceRow] = field(default_factory=list)
    # key text of rows that failed to parse, per table
    failed: dict[str, set[str]] = field(default_factory=dict)
    tables: dict[str, RawTable] = field(default_factory=dict)
    parsed: bool = False  # rows were parsed (the files and headers were readable)


def import_files(
    *,
    files: Sequence[tuple[str, bytes]],
    source: str = ImportBatch.Source.CLI,
    user: AbstractBaseUser | AnonymousUser | None = None,
    dry_run: bool = False,
    replace_absences_from: dt.date | None = None,
) -> ImportResult:
    """Validate and upsert units, employments and absences, all or nothing.

    ``files`` are (file name, content) pairs; the table is known from the name.
    Every problem in every file is reported; when there is one, nothing is written.
    """
    result = ImportResult(dry_run=dry_run)
    parsed = _read_and_parse(files, result)
    if not parsed.tables or result.problems and not parsed.parsed:
        return result
    try:
        with transaction.atomic():
            _check_against_database(parsed, result, replace_absences_from)
            if result.problems:
                raise ImportFailed(result.problems)
            result.counts = _write(parsed, replace_absences_from)
            import_written.send(sender=ImportBatch, counts=result.counts)
            if dry_run:
                raise _DryRunDone
            result.batch = ImportBatch.objects.create(
                created_by=user if isinstance(user, AbstractBaseUser) else None,  # type: ignore[misc]
                source=source, files=result.files, counts=result.counts,
                replace_absences_from=replace_absences_from, notes=result.notes,
            )
            audit_record(user=user, action="import", object_type="import_batch",  # type: ignore[arg-type]
                         object_id=result.batch.pk,
                         detail={"source": source, "counts": result.counts,
                                 "files": [file["name"] for file in result.files]})
    except ImportFailed as failure:
        result.problems = failure.problems
    except _DryRunDone:
        pass  # the transaction is rolled back: a dry run writes nothing
    return result


class _DryRunDone(Exception):
    """Raised to roll back a dry run after the counts are known."""


def _read_and_parse(files: Sequence[tuple[str, bytes]], result: ImportResult) -> _Parsed:
    parsed = _Parsed()
    if not files:
        result.problems.append(Problem("-", 0, "-", "ingen filer at importere"))
    for name, data in files:
        table, problems = read_table(name, data)
        result.problems.extend(problems)
        if table is None:
            continue
        if table.table in parsed.tables:
            result.problems.append(Problem(name, 1, "-", f"tabellen {table.table} står allerede "
                                           f"i {parsed.tables[table.table].file_name}"))
            continue
        parsed.tables[table.table] = table
        result.files.append({"name": name, "table": table.table, "sha256": table.sha256,
                             "rows": len(table.rows), "encoding": table.encoding,
                             "delimiter": table.delimiter})
        header_problems, notes = check_header(table)
        result.problems.extend(header_problems)
        result.notes.extend(notes)
    result.files.sort(key=lambda info: TABLES.index(info["table"]))
    if result.problems:
        return parsed
    for name, table in parsed.tables.items():
        key_field = {"units": "unit_id", "employments": "employment_id", "absences": "key"}[name]
        records, problems, failed = parse_rows(table, attrgetter(key_field))
        setattr(parsed, name, records)
        parsed.failed[name] = failed
        result.problems.extend(problems)
    parsed.parsed = True
    return parsed


def stored_absences(employment_ids: Iterable[str]) -> list[consistency.StoredAbsence]:
    """Stored absences of the given employments (by source key)."""
    ids = sorted(set(employment_ids))
    records: list[consistency.StoredAbsence] = []
    for chunk in chunks(ids):
        records.extend(
            consistency.StoredAbsence(*values)
            for values in Absence.objects.filter(employment__employment_id__in=chunk)
            .values_list("key", "employment__employment_id", "type", "start_date", "end_date")
        )
    return records


def _file_name(parsed: _Parsed, table: str) -> str:
    return parsed.tables[table].file_name if table in parsed.tables else table


def _check_against_database(
    parsed: _Parsed, result: ImportResult, replace_from: dt.date | None
) -> None:
    stored_parents: dict[str, str | None] = dict(
        Unit.objects.values_list("unit_id", "parent__unit_id"))
    problems = result.problems
    problems.extend(consistency.check_units(_file_name(parsed, "units"), parsed.units,
                                            stored_parents))
    failed_units = parsed.failed.get("units", set())
    stored_parents.update({unit_id: None for unit_id in failed_units if unit_id})
    known_units = set(stored_parents) | {row.unit_id for row in parsed.units}
    problems.extend(consistency.check_employments(_file_name(parsed, "employments"),
                                                  parsed.employments, known_units))
    employment_dates = _employment_dates(parsed)
    touched = set(employment_dates_in_file(parsed)) | {row.employment_id for row in parsed.absences}
    stored = stored_absences(touched)
    keys_in_file = {row.key for row in parsed.absences}
    if replace_from is not None:
        stored = [record for record in stored
                  if record.start_date < replace_from or record.key in keys_in_file]
    problems.extend(consistency.check_stored_absences_within(
        _file_name(parsed, "employments"), parsed.employments,
        [record for record in stored if record.key not in keys_in_file]))
    sick_types = set(get_settings().sick_types)
    # Absences of an employment row that failed are checked once that row is fixed.
    failed_employments = parsed.failed.get("employments", set())
    absences = [row for row in parsed.absences if row.employment_id not in failed_employments]
    problems.extend(consistency.check_absences(_file_name(parsed, "absences"), absences,
                                               employment_dates, stored, sick_types))


def employment_dates_in_file(parsed: _Parsed) -> dict[str, tuple[dt.date, dt.date | None]]:
    return {row.employment_id: (row.start_date, row.end_date) for row in parsed.employments}


def _employment_dates(parsed: _Parsed) -> dict[str, tuple[dt.date, dt.date | None]]:
    """Dates of every employment the absences refer to: the file's, else the database's."""
    dates = employment_dates_in_file(parsed)
    missing = sorted({row.employment_id for row in parsed.absences} - set(dates))
    for chunk in chunks(missing):
        for employment_id, start, end in Employment.objects.filter(
            employment_id__in=chunk
        ).values_list("employment_id", "start_date", "end_date"):
            dates[employment_id] = (start, end)
    return dates


def _write(parsed: _Parsed, replace_from: dt.date | None) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    changes = ChangeLog()
    if "units" in parsed.tables:
        counts["units"] = write_units(parsed.units, changes)
    if "employments" in parsed.tables:
        counts["employments"] = write_employments(parsed.employments, changes)
    if "absences" in parsed.tables or replace_from is not None:
        touched = set(employment_dates_in_file(parsed)) | {
            row.employment_id for row in parsed.absences}
        counts["absences"] = write_absences(parsed.absences, replace_from, touched, changes)
    if changes.tree_changed or changes.earliest is not None:
        metrics_mark_changed(from_day=changes.earliest, rebuild=changes.tree_changed)
    return counts

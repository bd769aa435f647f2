"""Turn an uploaded or on-disk export (CSV or XLSX) into header + text rows with line numbers."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePath

from naervaer.core.parsing import decode_text, detect_delimiter, normalise_header
from naervaer.imports.problems import Problem

TABLES = ("units", "employments", "absences")
# Payroll cells longer than this are not data but garbage (or an attack).
MAX_CELL_CHARS = 10_000
csv.field_size_limit(10 * MAX_CELL_CHARS)
# What openpyxl (zipfile, zlib, defusedxml's parser) raises on a damaged or hostile
# workbook; found by tests/imports/test_fuzz_import.py. XML parse errors are SyntaxError,
# defusedxml's refusals are ValueError; a zip entry packed with a method zipfile lacks
# (e.g. "implode") is NotImplementedError.
_XLSX_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError, IndexError,
                ValueError, TypeError, AttributeError, SyntaxError, NotImplementedError)


@dataclass
class RawTable:
    file_name: str
    table: str
    sha256: str
    header: list[str]
    # (physical line, {normalised header: cell text})
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def table_of(file_name: str) -> str | None:
    """``units.csv`` → ``units``; the table is recognised by the file name."""
    path = PurePath(file_name)
    if path.suffix.lower() not in {".csv", ".xlsx"}:
        return None
    stem = path.stem.strip().lower()
    return stem if stem in TABLES else None


def read_table(file_name: str, data: bytes) -> tuple[RawTable | None, list[Problem]]:
    """Read one file; on failure return no table and the problems found."""
    table = table_of(file_name)
    if table is None:
        return None, [Problem(file_name, 1, "-", "ukendt fil: navnet skal være units, "
                              "employments eller absences med endelsen .csv eller .xlsx")]
    checksum = hashlib.sha256(data).hexdigest()
    if PurePath(file_name).suffix.lower() == ".xlsx":
        return _read_xlsx(file_name, table, checksum, data)
    return _read_csv(file_name, table, checksum, data)


def _read_csv(
    file_name: str, table: str, checksum: str, data: bytes
) -> tuple[RawTable | None, list[Problem]]:
    text, encoding = decode_text(data)
    if "\x00" in text[:4096]:
        return None, [Problem(file_name, 1, "-", "filen er ikke tekst (CSV); er det et regneark?")]
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        return None, [Problem(file_name, 1, "-", "filen er tom eller mangler overskriftsrækken")]
    delimiter = detect_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[Problem] = []
    try:
        header = [normalise_header(name) for name in next(reader)]
        result = RawTable(file_name, table, checksum, header, encoding=encoding,
                          delimiter=delimiter)
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                problems.extend(_append_row(result, line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        return None, [Problem(file_name, reader.line_num or 1, "-", f"ulæselig CSV: {error}")]
    return result, problems


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(
    file_name: str, table: str, checksum: str, data: bytes
) -> tuple[RawTable | None, list[Problem]]:
    import openpyxl  # only here: it is slow to import and CSV is the common case

    try:
        # data_only: a formula cell yields the value Excel last computed, never the formula.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _XLSX_ERRORS as error:
        return None, [Problem(file_name, 1, "-", f"ulæseligt regneark (xlsx): {error}")]
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None)
        if not header_cells or not any(cell is not None for cell in header_cells):
            return None, [Problem(file_name, 1, "-", "regnearket er tomt eller mangler overskrifter")]
        header = [normalise_header(_cell_text(cell)) for cell in header_cells]
        result = RawTable(file_name, table, checksum, header, encoding="xlsx")
        problems: list[Problem] = []
        for line, cells in enumerate(rows, start=2):
            texts = [_cell_text(cell) for cell in cells]
            if any(text.strip() for text in texts):
                problems.extend(_append_row(result, line, texts))
        return result, problems
    except _XLSX_ERRORS as error:
        return None, [Problem(file_name, 1, "-", f"ulæseligt regneark (xlsx): {error}")]
    finally:
        workbook.close()


def _append_row(result: RawTable, line: int, cells: list[str]) -> list[Problem]:
    problems = []
    if len(cells) > len(result.header) and any(cell.strip() for cell in cells[len(result.header):]):
        problems.append(Problem(result.file_name, line, "-",
                                f"{len(cells)} felter, men overskriften har {len(result.header)}"))
    row: dict[str, str] = {}
    for name, cell in zip(result.header, cells, strict=False):
        if len(cell) > MAX_CELL_CHARS:
            problems.append(Problem(result.file_name, line, name or "-",
                                    f"feltet er for langt ({len(cell)} tegn)"))
            cell = ""
        if name:
            row[name] = cell.strip()
    result.rows.append((line, row))
    return problems

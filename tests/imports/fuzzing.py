"""Mutation fuzzing of payroll exports: valid files built in code, then broken on purpose.

Shared by ``tests/imports/test_fuzz_import.py`` (bounded, in the suite) and
``scripts/fuzz-import.py`` (a long run that counts outcomes). ``export_files()`` is a
Hypothesis strategy of (file name, bytes) lists; ``check_import()`` pushes one list
through ``imports.services.import_files`` (the one write path of the CLI, the upload
page and the demo) and classifies what happened:

* ``success``: imported; importing the same bytes again changed nothing;
* ``error``: refused, every problem names a file given and a line (or sheet row) ≥ 1,
  and the database is exactly as before;
* anything else is a failure: ``exception:<Type>``, ``partial-write``,
  ``problem-without-place``, ``reimport-refused``, ``not-idempotent``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

Files = list[tuple[str, bytes]]

# -- valid exports, as typed values -------------------------------------------------

UNIT_HEADER = ["unit_id", "name", "parent_id", "unit_type"]
UNIT_ROWS: list[list[Any]] = [
    ["K", "Demo Kommune", "", "kommune"],
    ["F1", "Ældre og Sundhed", "K", "forvaltning"],
    ["T1", "Plejecenter Solgården", "F1", "afdeling"],
    ["T2", "Hjemmeplejen Nord", "F1", "afdeling"],
]
EMPLOYMENT_HEADER = ["employment_id", "employee_id", "name", "unit_id", "staff_group",
                     "weekly_hours", "start_date", "end_date", "birth_year", "gender",
                     "hourly_cost"]
EMPLOYMENT_ROWS: list[list[Any]] = [
    ["A1", "P1", "Søs Ærø", "T1", "Social- og sundhedsassistent", Decimal("32.5"),
     dt.date(2020, 1, 1), "", 1975, "K", Decimal("245.50")],
    ["A2", "P2", "Bo Øgaard", "T2", "Social- og sundhedshjælper", 37,
     dt.date(2021, 3, 1), dt.date(2024, 12, 31), 1990, "M", 230],
    ["A3", "P2", "Bo Øgaard", "T1", "Social- og sundhedshjælper", 37,
     dt.date(2025, 1, 1), "", 1990, "M", 230],
]
ABSENCE_HEADER = ["absence_id", "employment_id", "type", "start_date", "end_date", "degree",
                  "hours"]
ABSENCE_ROWS: list[list[Any]] = [
    ["", "A1", "egen_sygdom", dt.date(2024, 1, 2), dt.date(2024, 1, 5), "", ""],
    ["", "A1", "ferie", dt.date(2024, 7, 1), dt.date(2024, 7, 19), "", ""],
    ["S3", "A1", "egen_sygdom", dt.date(2024, 10, 1), "", 50, ""],
    ["", "A2", "barns_sygdom", dt.date(2024, 1, 15), dt.date(2024, 1, 15), "", Decimal("7.4")],
]
BASE: dict[str, tuple[list[str], list[list[Any]]]] = {
    "units": (UNIT_HEADER, UNIT_ROWS),
    "employments": (EMPLOYMENT_HEADER, EMPLOYMENT_ROWS),
    "absences": (ABSENCE_HEADER, ABSENCE_ROWS),
}
TABLE_ORDER = ("units", "employments", "absences")


def base_csv(table: str) -> bytes:
    """The valid base table as a plain UTF-8, semicolon, ISO-date CSV."""
    header, rows = BASE[table]
    lines = [";".join(header)] + [";".join(_text(value, "%Y-%m-%d", ",") for value in row)
                                  for row in rows]
    return ("\n".join(lines) + "\n").encode()


def base_files() -> Files:
    return [(f"{table}.csv", base_csv(table)) for table in TABLE_ORDER]


# -- hostile cell values ------------------------------------------------------------

HUGE = "x" * (1024 * 1024 + 7)  # ≥ 1 MB in one field
FORMULAS = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(A1:A2)", "+cmd|'/c calc'!A1",
            "-2+3", "=cmd|' /C calc'!A0"]
NASTY = [
    "", " ", "\t", '"', '""', 'a"b', ";", ",", "|", "a\nb", "a\r\nb", "\r", "\x00",
    "A\x00B", "\ufeff", "\u202e", "Ærø", "😀", "\u00a0", "\\", "'", "NULL", "None",
    "-1", "0", "1e309", "NaN", "inf", "-inf", "37,5", "1.234,50", "1,2,3", "99999999999999999999",
    "2024-02-30", "31-01-2024", "31.01.2024", "2024/01/31", "2024-01-31 08:30:00",
    "2024-01-31T00:00", "0001-01-01", "9999-12-31", "31-12-99999", "00-00-0000", "45322",
    "0101901234", "010190-1234", "A1", "A2", "T1", "K", "P1", "ZZ", "egen_sygdom", "ferie",
    "EGEN_SYGDOM", "barsel", "K", "F", "M", "X", "50 %", "101", "48,5",
    "a" * 300, "k" * 65, "y" * 10_001,
]
# The first five are valid (a time part is ignored); the rest are not.
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M",
                "%Y/%m/%d", "%d-%m-%y", "%m/%d/%Y"]
VALID_DATE_FORMATS = DATE_FORMATS[:5]

nasty_cell = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(FORMULAS),
    st.just(HUGE),
    st.text(max_size=20),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
)


def _text(value: Any, date_format: str, decimal_mark: str) -> str:
    if isinstance(value, dt.date):
        return value.strftime(date_format)
    if isinstance(value, Decimal):
        return str(value).replace(".", decimal_mark)
    return str(value)


# -- table mutations (before serialising) -------------------------------------------

@st.composite
def mutated_table(draw: st.DrawFn, table: str, mutate: bool) -> tuple[list[str], list[list[Any]]]:
    header = list(BASE[table][0])
    rows = [list(row) for row in BASE[table][1]]
    if not mutate:
        return header, rows
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["none", "swap", "duplicate", "drop", "rename", "unknown",
                                     "blank"]))
        i = draw(st.integers(0, len(header) - 1))
        j = draw(st.integers(0, len(header) - 1))
        if kind == "swap":
            header[i], header[j] = header[j], header[i]
        elif kind == "duplicate":
            header.append(header[i])
            for row in rows:
                row.append(row[i] if i < len(row) else "")
        elif kind == "drop" and len(header) > 1:
            del header[i]
            for row in rows:
                if i < len(row):
                    del row[i]
        elif kind == "rename":
            header[i] = draw(st.sampled_from([header[i].upper(), f"  {header[i]} ",
                                              header[i] + "x", "\ufeff" + header[i]]))
        elif kind == "unknown":
            header.append(draw(st.sampled_from(["bemærkning", "diagnose", "extra", "Note"])))
            for row in rows:
                row.append(draw(st.sampled_from(["", "forkølet", "1"])))
        elif kind == "blank":
            header[i] = ""
    if draw(st.integers(0, 9)) == 0:
        rows = []  # only a header
    for _ in range(draw(st.integers(0, 4))):
        if not rows:
            break
        r = draw(st.integers(0, len(rows) - 1))
        kind = draw(st.sampled_from(["cell", "cell", "cell", "drop", "dup", "extra", "short"]))
        if kind == "cell" and rows[r]:
            rows[r][draw(st.integers(0, len(rows[r]) - 1))] = draw(nasty_cell)
        elif kind == "drop":
            del rows[r]
        elif kind == "dup":
            rows.insert(r, list(rows[r]))
        elif kind == "extra":
            rows[r].append(draw(nasty_cell))
        elif kind == "short" and rows[r]:
            rows[r].pop()
    return header, rows


# -- serialising: CSV ---------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]


@st.composite
def csv_bytes(draw: st.DrawFn, header: list[str], rows: list[list[Any]], mutate: bool) -> bytes:
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"] if mutate else [";", ",", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    decimal_mark = draw(st.sampled_from([",", "."]))
    mixed = draw(st.booleans())
    formats = DATE_FORMATS if mutate else VALID_DATE_FORMATS
    file_format = draw(st.sampled_from(VALID_DATE_FORMATS[:3]))
    quoting = draw(st.sampled_from(["minimal", "all", "none"] if mutate else ["minimal", "all"]))
    cells: list[list[str]] = [list(header)]
    for row in rows:
        out = []
        for value in row:
            date_format = draw(st.sampled_from(formats)) if mixed else file_format
            out.append(_text(value, date_format, decimal_mark))
        cells.append(out)
    if quoting == "none":
        text = newline.join(delimiter.join(row) for row in cells)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline,
                            quoting=csv.QUOTE_ALL if quoting == "all" else csv.QUOTE_MINIMAL)
        writer.writerows(cells)
        text = buffer.getvalue()
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace")


# -- serialising: XLSX --------------------------------------------------------------

@st.composite
def xlsx_bytes(draw: st.DrawFn, header: list[str], rows: list[list[Any]], mutate: bool) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import MergedCell

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = draw(st.sampled_from(["Sheet", "Ark1", "units", "Data 2024", "x" * 31]))
    if mutate and draw(st.integers(0, 14)) == 0:  # the data on a second sheet, the first empty
        sheet = workbook.create_sheet("data")
    if not mutate or draw(st.integers(0, 14)) != 0:  # else: an empty sheet
        sheet.append(header)
        for row in rows:
            out: list[Any] = []
            for value in row:
                if isinstance(value, dt.date):
                    style = draw(st.sampled_from(["date", "datetime", "serial", "text", "text"]
                                                 if mutate else ["date", "datetime", "text"]))
                    if style == "datetime":
                        value = dt.datetime.combine(value, dt.time(draw(st.integers(0, 23)), 30))
                    elif style == "serial":
                        value = (value - dt.date(1899, 12, 30)).days
                    elif style == "text":
                        value = value.strftime(draw(st.sampled_from(
                            DATE_FORMATS if mutate else VALID_DATE_FORMATS)))
                elif isinstance(value, Decimal):
                    value = float(value) if draw(st.booleans()) else str(value).replace(".", ",")
                elif mutate and isinstance(value, str) and draw(st.integers(0, 9)) == 0:
                    value = draw(st.sampled_from([42, 1.5, -3, True, 0, 1e300]))  # a number for text
                if isinstance(value, str):
                    value = _xlsx_safe_text(value)
                out.append(value)
            sheet.append(out)
        for _ in range(draw(st.integers(0, 2)) if mutate else 0):
            kind = draw(st.sampled_from(["merge", "formula", "none"]))
            row = draw(st.integers(1, max(1, sheet.max_row)))
            column = draw(st.integers(1, max(1, len(header))))
            if kind == "merge":
                sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1,
                                  end_column=column + 1)
            elif kind == "formula" and not isinstance(sheet.cell(row=row, column=column),
                                                      MergedCell):
                sheet.cell(row=row, column=column).value = draw(st.sampled_from(
                    ["=1+1", '=HYPERLINK("http://x","y")', "=A1", "=1/0", "=SUM(A1:A3)"]))
    return _deterministic_xlsx(workbook)


def _deterministic_xlsx(workbook: Any) -> bytes:
    """The workbook's bytes without the clock in them (Hypothesis needs generation to be
    repeatable): fixed document dates and zip entry times."""
    import zipfile

    workbook.properties.created = workbook.properties.modified = dt.datetime(2024, 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" on save
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z",
                                 content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0)),
                            content, compress_type=zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def base_xlsx(table: str) -> bytes:
    """The valid base table as a workbook (dates as dates)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    header, rows = BASE[table]
    workbook.active.append(header)
    for row in rows:
        workbook.active.append([float(value) if isinstance(value, Decimal) else value
                                for value in row])
    return _deterministic_xlsx(workbook)


def corrupt_deflate(data: bytes, member: str = "xl/workbook.xml") -> bytes:
    """The workbook with one zip entry's deflate stream broken (block type 3): zipfile
    then raises zlib.error, not BadZipFile (the first failure the fuzzer found)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        offset = archive.getinfo(member).header_offset
    name_length = int.from_bytes(data[offset + 26:offset + 28], "little")
    extra_length = int.from_bytes(data[offset + 28:offset + 30], "little")
    start = offset + 30 + name_length + extra_length
    return data[:start] + b"\xff" + data[start + 1:]


def unsupported_compression(data: bytes, member: str = "docProps/core.xml") -> bytes:
    """The workbook with one zip entry marked as packed with method 6 ("implode"), which
    zipfile cannot unpack: it raises NotImplementedError (found by
    scripts/fuzz-import.py, seed 4)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    central = data.index(b"PK\x01\x02")
    # Walk the central directory to the member's entry; the method is at offset 10.
    while True:
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        name = data[central + 46:central + 46 + name_length].decode()
        if name == info.filename:
            break
        extra = int.from_bytes(data[central + 30:central + 32], "little")
        comment = int.from_bytes(data[central + 32:central + 34], "little")
        central += 46 + name_length + extra + comment
    return data[:central + 10] + (6).to_bytes(2, "little") + data[central + 12:]


def _xlsx_safe_text(value: str) -> str:
    """openpyxl refuses control characters in cells; keep the rest of the nastiness."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("?", value)


# -- byte-level mutations -----------------------------------------------------------

@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["none", "none", "none", "truncate", "insert", "flip",
                                 "empty", "append", "nul"]))
    if kind == "truncate" and data:
        return data[: draw(st.integers(0, len(data) - 1))]
    if kind == "insert":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    if kind == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    if kind == "empty":
        return b""
    if kind == "append":
        return data + draw(st.binary(min_size=1, max_size=64))
    if kind == "nul":
        at = draw(st.integers(0, len(data)))
        return data[:at] + b"\x00" + data[at:]
    return data


@st.composite
def export_files(draw: st.DrawFn, formats: Sequence[str] = ("csv", "xlsx")) -> Files:
    """One to three of the tables, each mutated, serialised and possibly corrupted."""
    tables = draw(st.lists(st.sampled_from(TABLE_ORDER), min_size=1, max_size=3, unique=True))
    files: Files = []
    for table in sorted(tables, key=TABLE_ORDER.index):
        # Two in five files are only re-encoded/re-delimited/re-dated (valid), so that
        # successful imports, and their repetition, are exercised too.
        mutate = draw(st.integers(0, 4)) >= 2
        header, rows = draw(mutated_table(table, mutate))
        file_format = draw(st.sampled_from(list(formats)))
        if file_format == "xlsx":
            data = draw(xlsx_bytes(header, rows, mutate))
        else:
            data = draw(csv_bytes(header, rows, mutate))
        if mutate:
            data = draw(mutated_bytes(data))
        name = draw(st.sampled_from([f"{table}.{file_format}", f"{table.upper()}.{file_format.upper()}",
                                     f" {table}.{file_format}"]))
        files.append((name, data))
    if draw(st.integers(0, 19)) == 0:  # the same table twice, or an unknown file
        files.append(draw(st.sampled_from([("units.csv", base_csv("units")),
                                           ("personer.csv", b"a;b\n1;2\n")])))
    return files


# -- the property -------------------------------------------------------------------

@dataclass
class Outcome:
    kind: str  # success | error | a failure kind
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.kind not in {"success", "error"}


def _fingerprint_models() -> list[Any]:
    from naervaer.followup.models import SickReport
    from naervaer.imports.models import ImportBatch
    from naervaer.metrics.models import MetricsState
    from naervaer.organisation.models import (
        Absence,
        Employee,
        Employment,
        OrganisationSettings,
        Unit,
        UnitClosure,
    )

    return [Unit, UnitClosure, Employee, Employment, Absence, OrganisationSettings, SickReport,
            ImportBatch, MetricsState]


def fingerprint(*, exclude: Sequence[str] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table an import may touch, in primary-key order."""
    return {model.__name__: list(model.objects.order_by("pk").values_list())
            for model in _fingerprint_models() if model.__name__ not in exclude}


def check_import(files: Files, importer: Callable[..., Any] | None = None) -> Outcome:
    """Import ``files`` and classify the outcome (see the module docstring)."""
    from naervaer.imports.services import import_files

    run = importer or import_files
    before = fingerprint()
    try:
        result = run(files=files)
    except Exception as error:  # noqa: BLE001  # any exception is the finding
        return Outcome(f"exception:{type(error).__name__}", traceback.format_exc())
    if not result.ok:
        names = {name for name, _ in files}
        for problem in result.problems:
            if problem.file not in names or problem.line < 1 or not problem.message:
                return Outcome("problem-without-place", str(problem))
        if fingerprint() != before:
            return Outcome("partial-write", "; ".join(map(str, result.problems[:3])))
        return Outcome("error", str(result.problems[0]))
    # Re-importing the same bytes changes nothing (a new batch record aside).
    stable = ("ImportBatch", "MetricsState")
    after = fingerprint(exclude=stable)
    try:
        again = run(files=files)
    except Exception as error:  # noqa: BLE001
        return Outcome(f"exception:{type(error).__name__}", "on re-import\n" + traceback.format_exc())
    if not again.ok:
        return Outcome("reimport-refused", "; ".join(map(str, again.problems[:3])))
    if fingerprint(exclude=stable) != after:
        return Outcome("not-idempotent", repr(again.counts))
    changed = {table: counts for table, counts in again.counts.items()
               if counts.get("created") or counts.get("updated") or counts.get("deleted")}
    if changed:
        return Outcome("not-idempotent", f"second import reports changes: {changed}")
    return Outcome("success", repr(result.counts))


def load_base() -> None:
    """The valid base export, so that a refused import has data it could damage."""
    from naervaer.imports.services import import_files

    result = import_files(files=base_files())
    assert result.ok, result.report_lines()

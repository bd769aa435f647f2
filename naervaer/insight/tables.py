"""Tables as data: a page renders them (``insight/_table.html``) and every one of them can
be downloaded as XLSX from the same object, so the two never disagree."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# How a column is shown: text, integer, one or two decimals, a percentage (one decimal).
FORMATS = ("text", "int", "dec1", "dec2", "pct")
SUPPRESSED = None  # a suppressed cell: shown as "–", exported empty with a note


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    format: str = "text"
    help_anchor: str = ""  # the definition on the "Sådan regner vi" page

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown column format {self.format!r}")


@dataclass
class Cell:
    value: object
    suppressed: bool = False
    link: str = ""
    title: str = ""        # a hover text (e.g. the reason of a colour status)
    css: str = ""


@dataclass
class Table:
    """``rows`` hold one Cell per column, in column order."""

    slug: str              # stable name, used in the XLSX download URL (?tabel=slug)
    title: str
    columns: Sequence[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""         # e.g. why cells are suppressed

    def cell_rows(self) -> list[list[tuple[Cell, Column]]]:
        """Each row's cells paired with their columns (for the template)."""
        return [list(zip(row, self.columns, strict=True)) for row in self.rows]

    def add(self, *cells: Cell | object) -> None:
        self.rows.append([cell if isinstance(cell, Cell) else Cell(cell) for cell in cells])


def _excel_value(cell: Cell, column: Column) -> object:
    if cell.suppressed or cell.value is None:
        return None
    if column.format == "pct" and isinstance(cell.value, (int, float)):
        return cell.value / 100
    return cell.value


# A text starting with one of these is a formula to a spreadsheet (CSV/formula injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_never_formula(sheet: Worksheet) -> None:
    """Every text cell (names and titles come from imports and users) stays text.

    openpyxl stores a string starting with ``=`` as a formula; such cells become plain
    strings, and, like the other formula starts, get Excel's quote prefix so that
    editing the cell does not turn it into a formula either. The value is unchanged.
    """
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


_NUMBER_FORMATS = {"int": "#,##0", "dec1": "#,##0.0", "dec2": "#,##0.00", "pct": "0.0%"}


def table_xlsx(table: Table, *, subtitle: str = "") -> bytes:
    """The table as an XLSX workbook with one sheet; suppressed cells are empty and the
    note says why."""
    # Imported here: openpyxl (with Pillow) is a tenth of a second that only XLSX
    # downloads need, not every process that imports the tables.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.slug[:31]
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True)
    if subtitle:
        sheet.append([subtitle])
    sheet.append([])
    sheet.append([column.label for column in table.columns])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    formats = [(index, _NUMBER_FORMATS[column.format]) for index, column in
               enumerate(table.columns, start=1) if column.format in _NUMBER_FORMATS]
    # Rows are numbered here: looking up ``sheet.max_row`` rescans the sheet every time.
    for row_number, row in enumerate(table.rows, start=header_row + 1):
        sheet.append([_excel_value(cell, column) for cell, column in zip(row, table.columns, strict=True)])
        for index, number_format in formats:
            sheet.cell(row=row_number, column=index).number_format = number_format
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[sheet.cell(row=header_row, column=index).column_letter].width = max(
            12, min(40, len(column.label) + 2))
    _text_never_formula(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

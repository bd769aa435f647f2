"""XLSX export of tables: text from imports and users is never written as a formula."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from naervaer.followup.models import Task
from naervaer.imports.services import import_files
from naervaer.insight.tables import Column, Table, table_xlsx
from tests.factories import make_org

HYPERLINK = '=HYPERLINK("http://x","y")'
INJECTIONS = [HYPERLINK, "=1+1", "@SUM(A1:A2)", "+cmd|'/c calc'!A1", "-2+3", "\t=1+1"]


def _cells(data: bytes) -> list:  # type: ignore[type-arg]
    sheet = load_workbook(io.BytesIO(data)).active
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_text_that_looks_like_a_formula_is_exported_as_text():
    table = Table(slug="t", title="=1+2", columns=[Column("name", "@navn"), Column("n", "Antal", "int")])
    for text in INJECTIONS:
        table.add(text, -3)

    cells = _cells(table_xlsx(table, subtitle="+subtitle"))

    texts = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for text in [*INJECTIONS, "=1+2", "@navn", "+subtitle"]:
        assert texts[text].data_type == "s", text  # the value unchanged, not a formula
        assert texts[text].quotePrefix, text
    numbers = [cell for cell in cells if cell.value == -3]
    assert len(numbers) == len(INJECTIONS) and all(cell.data_type == "n" for cell in numbers)
    assert not any(cell.data_type == "f" for cell in cells)
    assert texts["Antal"].quotePrefix is False  # ordinary text is left alone


@pytest.mark.django_db
def test_an_imported_unit_named_like_a_formula_is_exported_as_text():
    org = make_org()
    result = import_files(files=[("units.csv", f'unit_id;name;parent_id\nSOL;"{HYPERLINK.replace(chr(34), 2 * chr(34))}";AE\n'.encode())])
    assert result.ok, result.report_lines()
    today = timezone.localdate()
    Task.objects.create(employee=org.bo, unit=org.sol, spell_start=today, code="contact", seq=1,
                        source="policy", policy_name="P", title="T", action="contact",
                        responsible="leader", trigger_date=today, due_date=today,
                        notice_date=today, status="done", done_date=today)
    client = Client()
    client.force_login(org.hr)

    response = client.get("/opfoelgning/overholdelse/", {"tabel": "enheder", "format": "xlsx"})

    assert response.status_code == 200
    cells = [cell for cell in _cells(response.content) if cell.value == HYPERLINK]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert not any(cell.data_type == "f" for cell in _cells(response.content))

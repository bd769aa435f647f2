"""Whatever bytes arrive, reading and row validation answer with problems, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from naervaer.imports.reading import read_table
from naervaer.imports.validation import check_header, parse_rows

HEADER = "absence_id;employment_id;type;start_date;end_date;degree;hours\n"
CELL = st.one_of(st.text(max_size=12), st.sampled_from(
    ["", "A1", "egen_sygdom", "ferie", "01-02-2024", "2024-02-30", "50", "37,5", "=1+1", "\ufeff",
     '"', ";", "0101901234"]))


def _read_everything(name: str, data: bytes) -> None:
    table, problems = read_table(name, data)
    for problem in problems:
        assert problem.file == name and problem.line >= 1
    if table is not None:
        check_header(table)
        parse_rows(table, lambda record: getattr(record, "key", ""))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["absences.csv", "units.csv", "units.xlsx"]))
def test_random_bytes_never_crash(data, name):
    _read_everything(name, data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELL, min_size=0, max_size=9), max_size=6),
       st.sampled_from([";", ",", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_random_rows_never_crash_and_problems_name_a_line(rows, delimiter, encoding):
    text = HEADER.replace(";", delimiter) + "\n".join(delimiter.join(row) for row in rows)
    _read_everything("absences.csv", text.encode(encoding, errors="replace"))


def test_truncated_xlsx_is_a_problem_not_a_crash(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["unit_id", "name"])
    workbook.save(tmp_path / "units.xlsx")
    data = (tmp_path / "units.xlsx").read_bytes()

    table, problems = read_table("units.xlsx", data[: len(data) // 2])

    assert table is None
    assert str(problems[0]).startswith("units.xlsx:1: -: ulæseligt regneark")

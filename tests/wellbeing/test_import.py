"""Well-being import: good, bad (all problems, nothing written), idempotent, XLSX, CLI."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from naervaer.wellbeing.importing import wellbeing_import
from naervaer.wellbeing.models import WellbeingScore
from naervaer.wellbeing.selectors import wellbeing_for
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

GOOD = ("unit_id;year;measure;value;source\n"
        "SOL;2024;trivsel;70,5;APV 2024\n"
        "SOL;2025;trivsel;74;APV 2025\n"
        "SOL;2025;ledelse;66.0;APV 2025\n"
        "ENG;2025;trivsel;61;APV 2025\n")


@pytest.fixture
def units():  # type: ignore[no-untyped-def]
    root = make_unit(unit_id="K", name="Kommune")
    return make_unit(unit_id="SOL", name="Solgården", parent=root), make_unit(unit_id="ENG", parent=root)


def test_good_file_is_imported_and_read_with_previous_year(units):
    result = wellbeing_import([("trivsel.csv", GOOD.encode("cp1252"))])
    assert result.ok, result.report_lines()
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert wellbeing_for(units[0], 2025) == [("ledelse", 66.0, None), ("trivsel", 74.0, 70.5)]
    assert WellbeingScore.objects.get(unit=units[0], year=2025, measure="trivsel").source == "APV 2025"


def test_same_file_twice_changes_nothing_and_a_new_value_updates(units):
    wellbeing_import([("trivsel.csv", GOOD.encode())])
    before = list(WellbeingScore.objects.values_list("pk", "value", "updated_at"))
    again = wellbeing_import([("trivsel.csv", GOOD.encode())])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert list(WellbeingScore.objects.values_list("pk", "value", "updated_at")) == before
    changed = wellbeing_import([("t.csv", b"unit_id,year,measure,value\nSOL,2025,trivsel,80\n")])
    assert (changed.created, changed.updated) == (0, 1)
    assert WellbeingScore.objects.get(unit=units[0], year=2025, measure="trivsel").value == Decimal("80.0")
    assert WellbeingScore.objects.count() == 4


def test_bad_file_reports_every_problem_and_writes_nothing(units):
    bad = ("unit_id;year;measure;value\n"
           "SOL;2025;trivsel;74\n"            # fine, but the file fails as a whole
           "NOPE;2025;trivsel;50\n"           # 3: unknown unit
           "SOL;20x5;trivsel;50\n"            # 4: year
           "SOL;2025;Trivsel Total;50\n"      # 5: measure code
           "SOL;2025;ledelse;101\n"           # 6: range
           "SOL;2025;ledelse;\n"              # 7: missing value
           "SOL;2025;trivsel;75\n"            # 8: repeated key
           "0101901234;2025;trivsel;50\n")    # 9: CPR-shaped
    result = wellbeing_import([("apv.csv", bad.encode())])
    assert not result.ok
    lines = result.report_lines()
    assert "apv.csv:3: unit_id: enheden 'NOPE' findes ikke" in lines
    assert any(line.startswith("apv.csv:4: year: ") for line in lines)
    assert any(line.startswith("apv.csv:5: measure: ") for line in lines)
    assert "apv.csv:6: value: 101 ligger uden for 0–100" in lines
    assert "apv.csv:7: value: mangler" in lines
    assert "apv.csv:8: measure: 'trivsel' for SOL i 2025 står også i apv.csv:2" in lines
    assert "apv.csv:9: unit_id: ligner et CPR-nummer og afvises" in lines
    assert not any("0101901234" in line for line in lines)
    assert WellbeingScore.objects.count() == 0


def test_missing_column_and_wrong_suffix(units):
    result = wellbeing_import([("a.csv", b"unit_id;year;value\nSOL;2025;50\n"), ("b.txt", b"x")])
    assert result.report_lines() == ["a.csv:1: measure: kolonnen mangler",
                                     "b.txt:1: -: filen skal have endelsen .csv eller .xlsx"]


def test_xlsx_and_dry_run(units):
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Unit_ID", "Year", "Measure", "Value", "Extra"])
    sheet.append(["SOL", 2025, "trivsel", 71.5, "x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    dry = wellbeing_import([("apv.xlsx", buffer.getvalue())], dry_run=True)
    assert dry.ok and dry.created == 1 and dry.ignored_columns == ["extra"]
    assert WellbeingScore.objects.count() == 0
    assert wellbeing_import([("apv.xlsx", buffer.getvalue())]).created == 1
    assert WellbeingScore.objects.get().value == Decimal("71.5")


def test_command(units, tmp_path, capsys):
    good = tmp_path / "apv.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("wellbeing_import", str(good))
    assert "4 nye" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("unit_id;year;measure;value\nX;2025;trivsel;1\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("wellbeing_import", str(bad))
    assert "bad.csv:2: unit_id: enheden 'X' findes ikke" in capsys.readouterr().err

"""``naervaer import`` end to end through the management command."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from naervaer.imports.models import ImportBatch
from naervaer.organisation.models import Absence, Employee, Employment, Unit, UnitClosure
from naervaer.organisation.selectors import unit_descendants

from .exports import ABSENCES, EMPLOYMENTS, write_export

pytestmark = pytest.mark.django_db


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def run_failing_import(*args: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", *args, stdout=StringIO(), stderr=err)
    return err.getvalue()


def snapshot() -> dict[str, list]:
    return {
        "units": list(Unit.objects.order_by("unit_id").values_list()),
        "closure": list(UnitClosure.objects.order_by("ancestor", "descendant")
                        .values_list("ancestor", "descendant", "distance")),
        "employees": list(Employee.objects.order_by("pk").values_list()),
        "employments": list(Employment.objects.order_by("pk").values_list()),
        "absences": list(Absence.objects.order_by("pk").values_list()),
    }


def test_danish_export_is_imported(tmp_path):
    output = run_import(str(write_export(tmp_path)))

    assert "units: created 5, updated 0, unchanged 0" in output
    assert "employments: created 3" in output
    assert "absences: created 4" in output
    employment = Employment.objects.get(employment_id="A1")
    assert employment.weekly_hours == Decimal("32.5")
    assert employment.hourly_cost == Decimal("245.50")
    assert employment.start_date == dt.date(2020, 1, 1)
    assert employment.employee.name == "Søs Ærø"
    assert Employment.objects.get(employment_id="A2").end_date == dt.date(2024, 12, 31)
    open_absence = Absence.objects.get(key="A1|egen_sygdom|2024-10-01")
    assert (open_absence.end_date, open_absence.degree) == (None, 50)
    assert Absence.objects.get(type="barns_sygdom").hours == Decimal("7.4")
    assert Employee.objects.count() == 2
    assert ImportBatch.objects.count() == 1


def test_free_text_column_is_not_imported_and_reported(tmp_path):
    output = run_import(str(write_export(tmp_path)))

    assert "kolonnen 'bemærkning' er ikke importeret" in output
    assert "helbredsoplysninger" in output
    stored = str(list(Absence.objects.values_list()))
    assert "forkølet" not in stored


def test_tree_descendants_are_one_query(tmp_path, django_assert_num_queries):
    run_import(str(write_export(tmp_path)))
    area = Unit.objects.get(unit_id="O1")

    with django_assert_num_queries(1):
        codes = sorted(unit_descendants(area).values_list("unit_id", flat=True))

    assert codes == ["O1", "T1", "T2"]
    assert Unit.objects.get(unit_id="T1").depth == 3


def test_importing_twice_changes_nothing(tmp_path):
    folder = write_export(tmp_path)
    run_import(str(folder))
    before = snapshot()

    output = run_import(str(folder))

    assert snapshot() == before
    assert "units: created 0, updated 0, unchanged 5" in output
    assert "absences: created 0, updated 0, unchanged 4" in output


def test_changed_rows_are_updated(tmp_path):
    run_import(str(write_export(tmp_path / "first")))
    changed = EMPLOYMENTS.replace("A1;P1;Søs Ærø;T1;Social- og sundhedsassistent;32,5",
                                  "A1;P1;Søs Ærø;T2;Social- og sundhedsassistent;30")

    output = run_import(str(write_export(tmp_path / "second", employments=changed)))

    assert "employments: created 0, updated 1, unchanged 2" in output
    employment = Employment.objects.get(employment_id="A1")
    assert (employment.unit.unit_id, employment.weekly_hours) == ("T2", Decimal("30"))


BAD_EMPLOYMENTS = EMPLOYMENTS + """A4;0101901234;X;T1;SOSU;37;01-01-2020;;;;
A5;P5;Y;NOPE;SOSU;60;01-13-2020;;;;
A6;P6;Z;T1;;37;01-01-2020;01-01-2019;;Q;
"""
BAD_ABSENCES = ABSENCES + """;A1;influenza;01-02-2024;;;;
;A1;egen_sygdom;03-01-2024;04-01-2024;;;
;A3;ferie;01-01-2019;02-01-2019;;;
;A9;egen_sygdom;01-01-2024;;;;
;A3;egen_sygdom;01-02-2025;;150;;
"""


def test_bad_rows_in_two_tables_write_nothing_and_are_all_listed(tmp_path):
    folder = write_export(tmp_path, employments=BAD_EMPLOYMENTS, absences=BAD_ABSENCES)

    errors = run_failing_import(str(folder))

    assert snapshot() == {key: [] for key in snapshot()}
    assert ImportBatch.objects.count() == 0
    expected = [
        "employments.csv:5: employee_id: ligner et CPR-nummer",
        "employments.csv:6: start_date: '01-13-2020' er ikke en gyldig dato",
        "employments.csv:6: weekly_hours: '60' timer pr. uge skal være over 0 og højst 48",
        "employments.csv:7: staff_group: mangler",
        "employments.csv:7: end_date: slutdato 01-01-2019 ligger før startdato",
        "employments.csv:7: gender: 'Q' skal være K, F eller M",
        "absences.csv:6: type: 'influenza' er ikke en fraværstype",
        "absences.csv:7: start_date: egen_sygdom overlapper egen_sygdom 02-01-2024 (linje 2)",
        "absences.csv:8: start_date: fraværet starter 01-01-2019, før ansættelsen",
        "absences.csv:9: employment_id: ansættelsen 'A9' findes ikke",
        "absences.csv:10: degree: '150' skal være en procent fra 1 til 100",
    ]
    for line in expected:
        assert line in errors
    assert "0101901234" not in errors  # a CPR number is never echoed


def test_dry_run_validates_and_writes_nothing(tmp_path):
    output = run_import(str(write_export(tmp_path)), "--dry-run")

    assert "units: created 5" in output
    assert "Prøvekørsel" in output
    assert Unit.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_replace_absences_from_deletes_what_the_new_export_lacks(tmp_path):
    run_import(str(write_export(tmp_path / "first")))
    without_october = ABSENCES.replace(";A1;egen_sygdom;01-10-2024;;50;;\r\n", "").replace(
        ";A1;egen_sygdom;01-10-2024;;50;;\n", "")

    output = run_import(str(write_export(tmp_path / "second", absences=without_october)),
                        "--replace-absences-from", "01-09-2024")

    assert "deleted 1" in output
    assert not Absence.objects.filter(start_date=dt.date(2024, 10, 1)).exists()
    assert Absence.objects.filter(start_date=dt.date(2024, 1, 2)).exists()


def test_absences_alone_refer_to_stored_employments(tmp_path):
    run_import(str(write_export(tmp_path / "first")))
    monthly = "employment_id,type,start_date,end_date\nA3,egen_sygdom,2025-02-03,2025-02-04\n"
    (tmp_path / "monthly").mkdir()
    (tmp_path / "monthly" / "absences.csv").write_text(monthly, encoding="utf-8-sig")

    output = run_import(str(tmp_path / "monthly" / "absences.csv"))

    assert "absences: created 1" in output


def test_overlap_with_a_stored_absence_is_refused(tmp_path):
    run_import(str(write_export(tmp_path / "first")))
    (tmp_path / "absences.csv").write_text(
        "employment_id;type;start_date;end_date\nA1;ferie;03.01.2024;10.01.2024\n")

    errors = run_failing_import(str(tmp_path / "absences.csv"))

    assert "absences.csv:2: start_date: ferie overlapper egen_sygdom 02-01-2024 " \
           "(eksisterende fravær)" in errors


def test_unit_cycle_is_refused(tmp_path):
    run_import(str(write_export(tmp_path / "first")))
    (tmp_path / "units.csv").write_text("unit_id,name,parent_id\nF1,Ældre,T1\n")

    errors = run_failing_import(str(tmp_path / "units.csv"))

    assert "units.csv:2: parent_id: enhederne danner en ring" in errors


def test_xlsx_files_are_imported(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Unit_ID ", "Name", "parent_id"])
    sheet.append(["K", "Demo Kommune", None])
    sheet.append(["T1", "Team", "K"])
    workbook.save(tmp_path / "units.xlsx")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["employment_id", "employee_id", "unit_id", "staff_group", "weekly_hours",
                  "start_date"])
    sheet.append(["A1", "P1", "T1", "Pædagog", 32.5, dt.datetime(2020, 1, 1)])
    sheet.append(["A2", "P2", "T1", "Pædagog", "=30+7", dt.datetime(2020, 1, 1)])
    workbook.save(tmp_path / "employments.xlsx")

    errors = run_failing_import(str(tmp_path))
    # A formula is never evaluated or stored: openpyxl gives no cached value here.
    assert "employments.xlsx:3: weekly_hours: mangler" in errors

    sheet.delete_rows(3)
    workbook.save(tmp_path / "employments.xlsx")
    output = run_import(str(tmp_path))
    assert "employments: created 1" in output
    assert Employment.objects.get().weekly_hours == Decimal("32.5")


def test_unknown_file_and_missing_column_are_reported(tmp_path):
    (tmp_path / "people.csv").write_text("a;b\n1;2\n")
    (tmp_path / "units.csv").write_text("unit_id;parent_id\nK;\n")

    errors = run_failing_import(str(tmp_path / "people.csv"), str(tmp_path / "units.csv"))

    assert "people.csv:1: -: ukendt fil" in errors
    assert "units.csv:1: name: påkrævet kolonne mangler" in errors


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("import", str(tmp_path / "nope.csv"))

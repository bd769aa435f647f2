"""`naervaer benchmark` (spec/benchmark.md, "Command line")."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from naervaer.benchmark.models import NationalReferenceRate
from naervaer.core.benchmark import OUTPUT_COLUMNS

BASE = ("--as-of", "2024-12-31", "--window", "2024")


def run(*args: str) -> str:
    out = StringIO()
    call_command("benchmark", *args, stdout=out)
    return out.getvalue()


def rows(*args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(StringIO(run(*BASE, "--format", "csv", *args))))


def test_columns_and_the_roots_children_by_default(bench_org) -> None:
    text = run(*BASE, "--format", "csv")
    assert text.splitlines()[0].split(",") == OUTPUT_COLUMNS
    table = rows()
    assert [row["unit_id"] for row in table] == ["AD", "LI", "PL"]
    assert all(row["window_start"] == "2024-01-01" and row["window_end"] == "2024-12-31" for row in table)
    by_unit = {row["unit_id"]: row for row in table}
    assert by_unit["LI"]["suppressed"] == "true" and by_unit["PL"]["suppressed"] == "false"
    assert by_unit["PL"]["headcount"] == "8"
    # The children hold every employee: Σ expected = Σ actual (the score equation).
    assert sum(float(row["expected_days"]) for row in table) == pytest.approx(
        sum(float(row["actual_days"]) for row in table), rel=1e-5)
    # Raw, Administration has the fewest days per FTE and Lille the most.
    assert (by_unit["AD"]["raw_rank"], by_unit["PL"]["raw_rank"], by_unit["LI"]["raw_rank"]) == ("1", "2", "3")
    for row in table:
        assert float(row["sar_low"]) <= float(row["sar"]) <= float(row["sar_high"])
        assert float(row["excess_days"]) == pytest.approx(
            float(row["actual_days"]) - float(row["expected_days"]), abs=1e-5)


def test_parent_level_staff_group_and_json(bench_org) -> None:
    assert [row["unit_id"] for row in rows("--level", "0")] == ["K"]
    assert [row["unit_id"] for row in rows("--level", "1")] == ["AD", "LI", "PL"]
    assert [row["unit_id"] for row in rows("--parent", "K")] == ["AD", "LI", "PL"]
    only = {row["unit_id"]: row for row in rows("--staff-group", "Akademiker")}
    assert only["PL"]["headcount"] == "0" and only["PL"]["sar"] == ""
    assert only["AD"]["headcount"] == "8"
    data = json.loads(run(*BASE, "--format", "json"))
    assert [row["unit_id"] for row in data] == ["AD", "LI", "PL"]
    assert isinstance(data[0]["suppressed"], bool)


def test_same_data_same_bytes(bench_org) -> None:
    assert run(*BASE, "--format", "csv") == run(*BASE, "--format", "csv")


def test_national_reference(bench_org) -> None:
    with pytest.raises(CommandError, match="landstal"):
        run(*BASE, "--format", "csv", "--reference", "national")
    NationalReferenceRate.objects.create(staff_group="Social- og sundhedshjælper", absence_pct="7.50")
    NationalReferenceRate.objects.create(staff_group="Akademiker", absence_pct="3.00")
    by_unit = {row["unit_id"]: row for row in rows("--reference", "national")}
    # Expected = possible days × the national rate.
    pleje = by_unit["PL"]
    assert float(pleje["expected_days"]) == pytest.approx(float(pleje["fte"]) * 0.075 * 251, rel=0.02)


@pytest.mark.parametrize(("args", "message"), [
    (("--window", "2024-13..2025-01"), "--window"),
    (("--parent", "NOPE"), "findes ikke"),
    (("--level", "7"), "niveau"),
    (("--staff-group", "Astronaut"), "personalegruppen"),
])
def test_refusals(bench_org, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("--as-of", "2024-12-31", "--format", "csv", *args)

"""``naervaer metrics`` through the management command, on data built in code."""

from __future__ import annotations

import datetime as dt
import io
import json
from io import StringIO

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_absence, make_org

pytestmark = pytest.mark.django_db

ARGS = ["--from", "2024-01-01", "--to", "2024-06-30", "--by", "month", "--as-of", "2024-12-31"]


def metrics(*args: str) -> str:
    out = StringIO()
    call_command("metrics", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    org = make_org()
    make_absence(employment=org.bo_job, key="BO-1", start_date=dt.date(2024, 3, 8),
                 end_date=dt.date(2024, 3, 11))
    return org


def test_csv_has_the_spec_columns_and_one_row_per_unit_and_month(org):
    table = pl.read_csv(io.StringIO(metrics(*ARGS, "--format", "csv")))

    assert table.columns[:5] == ["unit_id", "period_start", "period_end", "scope", "staff_group"]
    assert table.columns[-1] == "days_per_employee"
    assert table.height == 6 * 6  # six units × six months, also where nobody is employed
    assert set(table["scope"]) == {"subtree"} and set(table["staff_group"]) == {"*"}
    assert table["unit_id"].to_list() == sorted(table["unit_id"].to_list())


def test_formats_agree(org, tmp_path):
    csv = pl.read_csv(io.StringIO(metrics(*ARGS, "--format", "csv", "--by-staff-group")),
                      try_parse_dates=True)
    rows = json.loads(metrics(*ARGS, "--format", "json", "--by-staff-group"))
    call_command("metrics", *ARGS, "--format", "parquet", "--by-staff-group",
                 "--out", str(tmp_path / "m.parquet"))
    parquet = pl.read_parquet(tmp_path / "m.parquet")

    from_json = pl.DataFrame(rows, infer_schema_length=None).with_columns(
        pl.col("period_start", "period_end").str.to_date())
    assert csv.height == len(rows) == parquet.height
    for column in parquet.columns:
        assert csv[column].cast(parquet[column].dtype).to_list() == parquet[column].to_list(), column
        assert from_json[column].cast(parquet[column].dtype).to_list() == \
            parquet[column].to_list(), column


def test_same_data_gives_byte_identical_output(org):
    assert metrics(*ARGS, "--format", "csv") == metrics(*ARGS, "--format", "csv")


def test_unit_scope_and_figures(org):
    table = pl.read_csv(io.StringIO(metrics(*ARGS, "--format", "csv", "--unit", "SOL",
                                            "--scope", "own")))
    march = table.filter(pl.col("period_start") == "2024-03-01").row(0, named=True)

    # Anna 2024-03-04..06 with payroll hours 22.2; Bo Fri 8 + Mon 11 March, 37 h → 2 × 7.4.
    assert march["absence_hours"] == pytest.approx(22.2 + 14.8)
    assert march["spells_started"] == 2
    assert march["headcount"] == 2  # Anna and Bo are placed in SOL itself; Carl is in SOLA
    assert set(table["scope"]) == {"own"}


def test_ratio_with_zero_denominator_is_empty_in_csv_and_null_in_json(org):
    csv = metrics(*ARGS, "--format", "csv", "--unit", "K", "--scope", "own")
    rows = json.loads(metrics(*ARGS, "--format", "json", "--unit", "K", "--scope", "own"))

    assert csv.splitlines()[1].split(",")[8] == ""  # absence_pct
    assert rows[0]["absence_pct"] is None and rows[0]["possible_hours"] == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--unit", "NOPE", "--format", "csv"], "findes ikke"),
    (["--format", "parquet"], "kræver --out"),
    (["--format", "csv", "--out", "/nonexistent/x.csv"], "findes ikke"),
])
def test_bad_arguments_are_clear_errors(org, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("metrics", *ARGS, *args, stdout=StringIO())


def test_to_before_from_is_refused(org):
    with pytest.raises(CommandError, match="før"):
        call_command("metrics", "--from", "2024-02-01", "--to", "2024-01-01", "--by", "month",
                     "--format", "csv", stdout=StringIO())


@pytest.mark.parametrize("extra", [
    ["--by", "month"], ["--by", "rolling12"], ["--by", "quarter", "--by-staff-group"],
    ["--by", "year", "--scope", "own"], ["--by", "month", "--unit", "SOL", "--by-staff-group"],
])
def test_a_fresh_cube_answers_with_the_same_bytes(org, extra, monkeypatch):
    from naervaer.metrics import cube
    from naervaer.metrics.services import cube_refresh

    common = ["--from", "2023-02-15", "--to", "2024-10-31", "--as-of", "2024-12-31", "--format", "csv"]
    computed = metrics(*common, *extra)
    cube_refresh(as_of=dt.date(2024, 12, 31), full=True)
    calls = []
    original = cube.stored_group_table

    def spy(**kwargs):  # type: ignore[no-untyped-def]
        result = original(**kwargs)
        calls.append(result is not None)
        return result

    monkeypatch.setattr("naervaer.metrics.management.commands.metrics.stored_group_table", spy)
    assert metrics(*common, *extra) == computed
    assert calls == [True]


def test_a_stale_cube_is_not_used(org, monkeypatch):
    from naervaer.metrics.services import cube_refresh

    cube_refresh(as_of=dt.date(2024, 12, 31), full=True)
    before = metrics(*ARGS, "--format", "csv")
    # A new absence marks the cube dirty: the command must compute, not read old figures.
    make_absence(employment=org.bo_job, key="BO-2", start_date=dt.date(2024, 2, 5),
                 end_date=dt.date(2024, 2, 6))
    after = metrics(*ARGS, "--format", "csv")
    assert after != before
    # Another reference date than the cube's is computed too.
    other = metrics("--from", "2024-01-01", "--to", "2024-06-30", "--by", "month",
                    "--as-of", "2024-12-30", "--format", "csv")
    assert other

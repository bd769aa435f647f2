"""The stored cube stays consistent: an incremental refresh equals a full rebuild."""

from __future__ import annotations

import datetime as dt
import shutil
from io import StringIO

import polars as pl
import pytest
from django.core.management import call_command
from polars.testing import assert_frame_equal

from naervaer.core.metrics.periods import PERIOD_KINDS
from naervaer.demo.generator import generate, write_csv
from naervaer.metrics.cube import read_manifest, read_table, unit_rows
from naervaer.metrics.models import MetricsState
from naervaer.metrics.services import cube_refresh, metrics_state
from naervaer.organisation.services import settings_update

pytestmark = pytest.mark.django_db
END = dt.date(2025, 10, 31)


@pytest.fixture
def cube_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.NAERVAER_CUBE_DIR = tmp_path / "cube"
    return tmp_path / "cube"


@pytest.fixture
def demo_export(tmp_path):  # type: ignore[no-untyped-def]
    """A small demo municipality, split into everything before November 2025 and the
    month after, as a monthly payroll export would bring it."""
    data = generate(employees=150, years=2, seed=5, end_date=dt.date(2025, 11, 30))
    folder = tmp_path / "all"
    write_csv(data, folder)
    absences = pl.read_csv(folder / "absences.csv", try_parse_dates=True,
                           schema_overrides={"end_date": pl.Date, "hours": pl.Float64})
    before = tmp_path / "before"
    before.mkdir()
    for name in ("units.csv", "employments.csv"):
        shutil.copy(folder / name, before / name)
    early = absences.filter(pl.col("start_date") <= END).with_columns(
        # What payroll knew at the end of October: later ends were still open.
        end_date=pl.when(pl.col("end_date") > END).then(None).otherwise(pl.col("end_date")))
    early.write_csv(before / "absences.csv", date_format="%Y-%m-%d")
    return before, folder


def load(folder) -> None:  # type: ignore[no-untyped-def]
    call_command("import", str(folder), "--no-refresh", stdout=StringIO())


def snapshot(cube_dir) -> dict[str, pl.DataFrame]:  # type: ignore[no-untyped-def]
    return {kind: read_table(kind, cube_dir) for kind in PERIOD_KINDS}


def test_incremental_refresh_after_one_more_month_equals_a_full_rebuild(
        demo_export, cube_dir, tmp_path, settings):
    before, everything = demo_export
    load(before)
    assert cube_refresh(as_of=END).kind == "full"
    load(everything)  # November arrives, and October's open absences get their ends
    assert metrics_state().dirty_from is not None

    result = cube_refresh(as_of=dt.date(2025, 11, 30))

    assert result.kind == "incremental"
    assert result.affected_from is not None and result.affected_from <= END
    incremental = snapshot(cube_dir)
    settings.NAERVAER_CUBE_DIR = tmp_path / "full"
    full_result = cube_refresh(as_of=dt.date(2025, 11, 30), full=True)
    assert full_result.kind == "full"
    full = snapshot(tmp_path / "full")
    # The incremental cube keeps its older start; compare where both have periods.
    common = max(read_manifest(cube_dir).date_from, read_manifest(tmp_path / "full").date_from)
    for kind in PERIOD_KINDS:
        assert_frame_equal(incremental[kind].filter(pl.col("period_start") >= common),
                           full[kind].filter(pl.col("period_start") >= common),
                           check_exact=False, abs_tol=1e-9)


def test_a_new_day_updates_open_absences_only_from_the_old_reference_date(demo_export, cube_dir):
    before, _ = demo_export
    load(before)
    cube_refresh(as_of=dt.date(2025, 10, 20))

    result = cube_refresh(as_of=END)

    assert result.kind == "incremental"
    assert result.affected_from is not None and result.affected_from <= dt.date(2025, 10, 20)
    assert cube_refresh(as_of=END).kind == "none"


def test_a_settings_change_rebuilds_everything(demo_export, cube_dir):
    load(demo_export[0])
    cube_refresh(as_of=END)

    settings_update(extra_days_off=["12-24", "12-31"])

    assert MetricsState.objects.get().rebuild
    assert cube_refresh(as_of=END).kind == "full"
    assert not MetricsState.objects.get().rebuild


def test_unit_rows_come_from_the_stored_cube(demo_export, cube_dir):
    load(demo_export[0])
    cube_refresh(as_of=END)

    rows = unit_rows("month", "K")

    assert rows is not None
    assert set(rows["unit_id"]) == {"K"}
    assert set(rows["scope"]) == {"subtree", "own"}
    assert rows.filter((pl.col("scope") == "subtree") & (pl.col("staff_group") == "*")
                       )["headcount"].max() > 100
    assert unit_rows("month", "NOPE") is None


def test_refresh_command_reports_what_it_did(demo_export, cube_dir):
    load(demo_export[0])
    out = StringIO()

    call_command("refresh_metrics", "--as-of", "2025-10-31", stdout=out)

    assert "full" in out.getvalue()


def test_a_record_joining_an_earlier_spell_recomputes_the_earlier_months(cube_dir):
    from tests.factories import make_absence, make_employment, make_unit

    unit = make_unit(unit_id="U", name="Enhed")
    job = make_employment(unit=unit, employment_id="A1", start_date=dt.date(2024, 1, 1))
    make_absence(employment=job, key="OCT", start_date=dt.date(2025, 10, 27),
                 end_date=dt.date(2025, 10, 31))
    cube_refresh(as_of=dt.date(2025, 11, 1))

    def october():  # type: ignore[no-untyped-def]
        rows = unit_rows("month", "U")
        assert rows is not None
        return rows.filter((pl.col("period_start") == dt.date(2025, 10, 1))
                           & (pl.col("scope") == "own") & (pl.col("staff_group") == "*")).row(
            0, named=True)

    assert (october()["short_days"], october()["long_days"]) == pytest.approx((5, 0))

    # Monday after: the spell now runs 27 October – 14 November, 19 days: long, also in October.
    make_absence(employment=job, key="NOV", start_date=dt.date(2025, 11, 3),
                 end_date=dt.date(2025, 11, 14))
    assert cube_refresh(as_of=dt.date(2025, 11, 30)).kind == "incremental"

    assert (october()["short_days"], october()["long_days"]) == pytest.approx((0, 5))

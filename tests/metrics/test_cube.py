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
from naervaer.metrics.cube import (
    MANIFEST,
    SPELLS,
    Manifest,
    archive_boundary,
    cube_complete,
    cube_split,
    period_rows,
    read_manifest,
    read_table,
    spell_rows,
    stored_group_table,
    unit_rows,
    units_rows,
)
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


# The archive/recent split (docs/metrics-cube.md, "Archive and recent files").

NEXT = dt.date(2025, 11, 30)
BOUNDARY = dt.date(2024, 1, 1)  # archive_boundary(END) and archive_boundary(NEXT)


def stored_files(cube_dir) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    manifest = read_manifest(cube_dir)
    assert manifest is not None and manifest.files is not None
    return manifest.files


def file_state(cube_dir, part: str) -> dict[str, tuple[str, int, bytes]]:  # type: ignore[no-untyped-def]
    """Each kind's file of ``part``: name, modification time and bytes."""
    return {kind: (parts[part], (cube_dir / parts[part]).stat().st_mtime_ns,
                   (cube_dir / parts[part]).read_bytes())
            for kind, parts in stored_files(cube_dir).items()}


def assert_same_as_full_rebuild(cube_dir, tmp_path, settings, as_of: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Every stored table (spells included) equals a full rebuild's where both have
    periods (``test_incremental.assert_same_cube``)."""
    from tests.metrics.test_incremental import assert_same_cube

    full_dir = tmp_path / f"full-{as_of}"
    current = settings.NAERVAER_CUBE_DIR
    settings.NAERVAER_CUBE_DIR = full_dir
    assert cube_refresh(as_of=as_of, full=True).kind == "full"
    settings.NAERVAER_CUBE_DIR = current
    assert_same_cube(cube_dir, full_dir)


def test_a_full_refresh_stores_an_archive_and_a_recent_file_per_kind(demo_export, cube_dir):
    load(demo_export[0])
    cube_refresh(as_of=END)

    manifest = read_manifest(cube_dir)
    assert manifest is not None and manifest.boundary == BOUNDARY == archive_boundary(END)
    assert set(stored_files(cube_dir)) == {*PERIOD_KINDS, SPELLS}
    for kind, parts in stored_files(cube_dir).items():
        column = "last_date" if kind == SPELLS else "period_end"
        archive, recent = (pl.read_parquet(cube_dir / parts[part]) for part in ("archive", "recent"))
        assert archive.height > 0 and recent.height > 0, kind
        assert archive[column].max() < BOUNDARY <= recent[column].min()
        assert read_table(kind, cube_dir).height == archive.height + recent.height
        if kind != SPELLS:
            assert manifest.rows[kind] == archive.height + recent.height
    assert not list(cube_dir.glob("*.tmp"))


def test_stored_tables_are_in_the_order_of_a_fresh_computation(demo_export, cube_dir):
    from naervaer.metrics.services import _full

    load(demo_export[0])
    cube_refresh(as_of=END)

    tables, spells, *_ = _full(read_manifest(cube_dir).date_from, END)
    for kind in PERIOD_KINDS:
        assert_frame_equal(read_table(kind, cube_dir), tables[kind], check_exact=True)
    assert_frame_equal(read_table(SPELLS, cube_dir), spells, check_exact=True)


def test_readers_return_what_the_single_file_layout_returned(demo_export, cube_dir, tmp_path):
    load(demo_export[0])
    cube_refresh(as_of=END)
    # The same tables in the layout of before: one file per kind, no file list.
    single = tmp_path / "single"
    single.mkdir()
    for kind in (*PERIOD_KINDS, SPELLS):
        read_table(kind, cube_dir).write_parquet(single / f"{kind}.parquet")
    manifest = read_manifest(cube_dir)
    (single / MANIFEST).write_text(Manifest(manifest.as_of, manifest.date_from,
                                            manifest.date_to, manifest.built_at, {}).to_json())
    assert read_manifest(single).files is None and cube_complete(single, with_spells=True)
    assert not cube_split(single) and cube_split(cube_dir)
    year = read_table("year", cube_dir)
    units = sorted(set(year["unit_id"]))
    group = sorted(set(year["staff_group"]) - {"*"})[0]
    some = [units[0], units[len(units) // 2], units[-1]]
    ends = [dt.date(2023, 12, 31), dt.date(2024, 1, 31), dt.date(2025, 9, 30)]

    def same(read) -> None:  # type: ignore[no-untyped-def]
        ours, theirs = read(cube_dir), read(single)
        assert ours is not None and theirs is not None and theirs.height > 0
        assert_frame_equal(ours, theirs, check_exact=True)

    for kind in PERIOD_KINDS:
        for unit in some:
            same(lambda folder, kind=kind, unit=unit: unit_rows(kind, unit, folder))
        same(lambda folder, kind=kind: units_rows(kind, some, folder))
        same(lambda folder, kind=kind: period_rows(kind, ends, directory=folder))
        same(lambda folder, kind=kind: period_rows(kind, ends, scope="own", staff_group=group,
                                                   directory=folder).vstack(
            period_rows(kind, ends, scope="own", directory=folder)))
        same(lambda folder, kind=kind: read_table(kind, folder, before=dt.date(2024, 6, 1)))
    same(lambda folder: spell_rows(some, folder))
    same(lambda folder: read_table(SPELLS, folder, before=dt.date(2024, 6, 1)))
    metrics_state()  # a clean state: the stored table answers
    for kind in PERIOD_KINDS:
        for unit in (None, some[1]):
            same(lambda folder, kind=kind, unit=unit: stored_group_table(
                kind=kind, date_from=dt.date(2023, 2, 15), date_to=dt.date(2025, 3, 31),
                as_of=END, scope="subtree", by_staff_group=True, unit_id=unit,
                directory=folder))
    assert unit_rows("month", "NOPE", cube_dir) is None


def test_an_import_after_the_boundary_rewrites_only_the_recent_files(
        demo_export, cube_dir, tmp_path, settings):
    before, everything = demo_export
    load(before)
    cube_refresh(as_of=END)
    archive, recent = file_state(cube_dir, "archive"), file_state(cube_dir, "recent")
    load(everything)

    result = cube_refresh(as_of=NEXT)

    assert result.kind == "incremental"
    assert result.affected_from is not None and BOUNDARY <= result.affected_from <= END
    # The archive files are the same files, not touched; the recent ones are new.
    assert file_state(cube_dir, "archive") == archive
    assert all(name != recent[kind][0] for kind, (name, _, _) in file_state(
        cube_dir, "recent").items())
    assert read_manifest(cube_dir).boundary == BOUNDARY
    assert_same_as_full_rebuild(cube_dir, tmp_path, settings, NEXT)
    # The replaced recent files stay for readers holding the old manifest until the next
    # write, which deletes them.
    assert all((cube_dir / name).exists() for name, _, _ in recent.values())
    assert cube_refresh(as_of=dt.date(2025, 12, 1)).kind == "incremental"
    assert not any((cube_dir / name).exists() for name, _, _ in recent.values())
    named = {name for parts in stored_files(cube_dir).values() for name in parts.values()}
    assert {path.name for path in cube_dir.glob("*.parquet")} == named | set(
        read_manifest(cube_dir).retired)


def test_a_change_before_the_boundary_rewrites_the_archive_too(cube_dir, tmp_path, settings):
    from tests.factories import make_absence, make_employment, make_unit

    unit = make_unit(unit_id="U", name="Enhed")
    job = make_employment(unit=unit, employment_id="A1", start_date=dt.date(2021, 1, 1))
    make_absence(employment=job, key="OLD", start_date=dt.date(2023, 3, 6),
                 end_date=dt.date(2023, 3, 8))
    make_absence(employment=job, key="NEW", start_date=dt.date(2025, 9, 1),
                 end_date=dt.date(2025, 9, 3))
    cube_refresh(as_of=END)
    archive = file_state(cube_dir, "archive")

    make_absence(employment=job, key="FIX", start_date=dt.date(2023, 5, 1),
                 end_date=dt.date(2023, 5, 31))
    result = cube_refresh(as_of=END)

    assert result.kind == "incremental"
    assert result.affected_from is not None and result.affected_from < BOUNDARY
    assert all(file_state(cube_dir, "archive")[kind][0] != archive[kind][0] for kind in archive)
    assert_same_as_full_rebuild(cube_dir, tmp_path, settings, END)
    may = unit_rows("month", "U", cube_dir)
    assert may is not None
    assert may.filter((pl.col("period_end") == dt.date(2023, 5, 31)) & (pl.col("scope") == "own")
                      & (pl.col("staff_group") == "*"))["absence_days"].item() > 15


def test_a_new_year_moves_the_boundary_and_rewrites_the_archive(cube_dir, tmp_path, settings):
    from tests.factories import make_absence, make_employment, make_unit

    unit = make_unit(unit_id="U", name="Enhed")
    job = make_employment(unit=unit, employment_id="A1", start_date=dt.date(2021, 1, 1))
    make_absence(employment=job, key="A", start_date=dt.date(2024, 3, 4),
                 end_date=dt.date(2024, 3, 8))
    make_absence(employment=job, key="B", start_date=dt.date(2025, 12, 29))
    cube_refresh(as_of=dt.date(2025, 12, 31))
    assert read_manifest(cube_dir).boundary == dt.date(2024, 1, 1)
    archive = file_state(cube_dir, "archive")

    result = cube_refresh(as_of=dt.date(2026, 1, 31))

    assert result.kind == "incremental"
    assert read_manifest(cube_dir).boundary == dt.date(2025, 1, 1)
    assert all(file_state(cube_dir, "archive")[kind][0] != archive[kind][0] for kind in archive)
    # 2024's periods moved from the recent files to the archive.
    rows = pl.read_parquet(cube_dir / stored_files(cube_dir)["month"]["archive"])
    assert rows["period_end"].max() == dt.date(2024, 12, 31)
    assert_same_as_full_rebuild(cube_dir, tmp_path, settings, dt.date(2026, 1, 31))


def test_a_cube_in_the_single_file_layout_is_read_and_rebuilt_split(cube_dir, tmp_path):
    from tests.factories import make_absence, make_employment, make_unit

    unit = make_unit(unit_id="U", name="Enhed")
    job = make_employment(unit=unit, employment_id="A1", start_date=dt.date(2021, 1, 1))
    make_absence(employment=job, key="A", start_date=dt.date(2024, 3, 4),
                 end_date=dt.date(2024, 3, 8))
    cube_refresh(as_of=END)
    tables = {kind: read_table(kind, cube_dir) for kind in (*PERIOD_KINDS, SPELLS)}
    manifest = read_manifest(cube_dir)
    shutil.rmtree(cube_dir)
    cube_dir.mkdir()
    for kind, table in tables.items():
        table.write_parquet(cube_dir / f"{kind}.parquet")
    (cube_dir / MANIFEST).write_text(Manifest(manifest.as_of, manifest.date_from,
                                              manifest.date_to, manifest.built_at, {}).to_json())
    assert_frame_equal(unit_rows("month", "U"), tables["month"])

    # Nothing changed, but the layout is the old one: rebuilt whole, in the new one.
    assert cube_refresh(as_of=END).kind == "full"
    assert cube_split(cube_dir)
    assert_frame_equal(unit_rows("month", "U"), tables["month"])
    # The old files are retired with the first write and deleted with the next.
    assert set(read_manifest(cube_dir).retired) == {f"{kind}.parquet" for kind in tables}
    assert cube_refresh(as_of=dt.date(2025, 11, 3)).kind == "incremental"
    assert not any((cube_dir / f"{kind}.parquet").exists() for kind in tables)


def test_slices_are_cached_until_a_write_names_new_files(tmp_path):
    """A unit's rows are read from the files once; after a write (new file names) the
    next read sees the new rows."""
    from naervaer.metrics import cube

    directory = tmp_path / "cube"
    table = pl.DataFrame({"unit_id": ["A", "A", "B"], "period_start": [dt.date(2026, 1, 1)] * 3,
                          "period_end": [dt.date(2026, 1, 31)] * 3, "scope": ["own"] * 3,
                          "staff_group": ["*", "x", "*"], "headcount": [3, 1, 2]})
    manifest = Manifest(dt.date(2026, 1, 31), dt.date(2026, 1, 1), dt.date(2026, 1, 31), "t1", {})
    cube.write_cube({"month": table}, manifest, directory)
    first = cube.unit_rows("month", "A", directory)
    assert first is not None and first["headcount"].to_list() == [3, 1]
    assert cube.unit_rows("month", "A", directory) is first  # the cached frame

    cube.write_cube({"month": table.with_columns(headcount=pl.col("headcount") * 10)},
                    manifest, directory)

    again = cube.unit_rows("month", "A", directory)
    assert again is not first and again["headcount"].to_list() == [30, 10]


def test_the_slice_cache_keeps_to_its_memory_bound(tmp_path, monkeypatch):
    from naervaer.metrics import cube

    directory = tmp_path / "cube"
    table = pl.DataFrame({"unit_id": ["A", "B"], "period_start": [dt.date(2026, 1, 1)] * 2,
                          "period_end": [dt.date(2026, 1, 31)] * 2, "scope": ["own"] * 2,
                          "staff_group": ["*"] * 2, "headcount": [3, 2]})
    cube.write_cube({"month": table},
                    Manifest(dt.date(2026, 1, 31), dt.date(2026, 1, 1), dt.date(2026, 1, 31), "t", {}),
                    directory)
    first = cube.unit_rows("month", "A", directory)
    assert first is not None
    monkeypatch.setattr(cube, "CACHE_BYTES", int(first.estimated_size()) + 1)  # room for one

    cube.unit_rows("month", "B", directory)  # pushes A out

    assert cube.unit_rows("month", "A", directory) is not first
    assert cube._cache_bytes <= cube.CACHE_BYTES

"""An incremental cube refresh reads only recent records and still equals a full rebuild,
file by file (docs/metrics-cube.md, "Keeping it consistent")."""

from __future__ import annotations

import datetime as dt
import shutil
from io import StringIO
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from naervaer.core.metrics.periods import PERIOD_KINDS
from naervaer.demo.generator import generate, write_csv
from naervaer.metrics.cube import SPELLS, read_manifest, read_table
from naervaer.metrics.services import RefreshResult, cube_refresh, metrics_state
from naervaer.organisation.models import Absence, Employee, Employment, Unit
from tests.factories import make_absence, make_employee, make_employment, make_unit

pytestmark = pytest.mark.django_db
END = dt.date(2025, 10, 31)
NEXT = dt.date(2025, 11, 30)
D = dt.date


@pytest.fixture
def cube_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.NAERVAER_CUBE_DIR = tmp_path / "cube"
    return tmp_path / "cube"


def _read(folder: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(folder / f"{name}.csv", infer_schema_length=0)


def _write(frame: pl.DataFrame, folder: Path, name: str) -> None:
    frame.write_csv(folder / f"{name}.csv", null_value="")


def export_months(tmp_path: Path, *, transfer: bool, correction: bool
                  ) -> tuple[Path, Path, str]:
    """A demo municipality as payroll knew it at the end of October 2025 (``before``) and
    one month later (``after``), with on top of the generated data: a sick spell from
    Monday 27 October, open at the end of October and ended on 7 November; with
    ``transfer`` an employee moved to another unit on 15 November in the middle of a
    spell (the old employment gets an end); with ``correction`` an older record (March
    2025) corrected in November's export."""
    data = generate(employees=150, years=2, seed=5, end_date=NEXT)
    after = tmp_path / "after"
    write_csv(data, after)
    employments, absences = _read(after, "employments"), _read(after, "absences")
    units = _read(after, "units")
    busy = set(absences.filter(pl.col("start_date") >= "2025-09-01")["employment_id"])
    quiet = (employments.filter(pl.col("end_date").is_null()
                                & (pl.col("start_date") < "2024-01-01")
                                & ~pl.col("employment_id").is_in(list(busy)))
             .sort("employment_id"))
    crossing, moving = quiet.row(0, named=True), quiet.row(1, named=True)
    before_employments = employments
    extra = [{"absence_id": "X-CROSS", "employment_id": crossing["employment_id"],
              "type": "egen_sygdom", "start_date": "2025-10-27", "end_date": "2025-11-07"}]
    if transfer:
        leaves = units.filter(~pl.col("unit_id").is_in(units["parent_id"].drop_nulls().implode()))
        other_unit = leaves.filter(pl.col("unit_id") != moving["unit_id"]).sort(
            "unit_id")["unit_id"][0]
        employments = pl.concat([
            employments.with_columns(end_date=pl.when(
                pl.col("employment_id") == moving["employment_id"]).then(pl.lit("2025-11-14"))
                .otherwise(pl.col("end_date"))),
            pl.DataFrame([{**moving, "employment_id": moving["employment_id"] + "T",
                           "unit_id": other_unit, "start_date": "2025-11-15"}]),
        ])
        extra += [
            {"absence_id": "X-MOVE-1", "employment_id": moving["employment_id"],
             "type": "egen_sygdom", "start_date": "2025-11-10", "end_date": "2025-11-14"},
            {"absence_id": "X-MOVE-2", "employment_id": moving["employment_id"] + "T",
             "type": "egen_sygdom", "start_date": "2025-11-17", "end_date": "2025-11-21"},
        ]
    corrected = absences.filter((pl.col("start_date") >= "2025-03-01")
                                & (pl.col("start_date") < "2025-03-15")
                                & (pl.col("type") == "egen_sygdom")
                                & pl.col("end_date").is_not_null()).sort("absence_id").row(
        0, named=True)["absence_id"]
    absences = pl.concat([absences, pl.DataFrame(extra).with_columns(
        degree=pl.lit("100"), hours=pl.lit(None, pl.String)).select(absences.columns)])
    _write(employments, after, "employments")
    _write(absences, after, "absences")

    before = tmp_path / "before"
    before.mkdir()
    shutil.copy(after / "units.csv", before / "units.csv")
    _write(before_employments, before, "employments")
    # What payroll knew at the end of October: later ends were still open (and, with
    # ``correction``, the March record had another end).
    early = absences.filter(pl.col("start_date") <= END.isoformat()).with_columns(
        end_date=pl.when(pl.col("end_date") > END.isoformat()).then(None)
        .otherwise(pl.col("end_date")))
    if correction:
        early = early.with_columns(end_date=pl.when(pl.col("absence_id") == corrected).then(
            (pl.col("end_date").str.to_date() - dt.timedelta(days=1)).dt.strftime("%Y-%m-%d"))
            .otherwise(pl.col("end_date")))
    _write(early, before, "absences")
    return before, after, corrected


def load(folder: Path) -> None:
    call_command("import", str(folder), "--no-refresh", stdout=StringIO())


def assert_same_cube(incremental: Path, full: Path) -> None:
    """Every stored file alike. The incremental cube keeps its older start while it grows,
    so the period tables are compared where both have periods. Counts are equal exactly;
    hours (and what is derived from them) to 1e-9, because sums over a window and over
    all records add the same numbers in another order."""
    common = max(read_manifest(incremental).date_from, read_manifest(full).date_from)
    for kind in PERIOD_KINDS:
        ours, theirs = (read_table(kind, folder).filter(pl.col("period_start") >= common)
                        for folder in (incremental, full))
        assert ours.height == theirs.height > 0, kind
        assert_frame_equal(ours, theirs, check_exact=False, rel_tol=1e-12, abs_tol=1e-9)
        whole = [name for name, dtype in ours.schema.items() if not dtype.is_float()]
        assert_frame_equal(ours.select(whole), theirs.select(whole), check_exact=True)
    assert_frame_equal(read_table(SPELLS, incremental), read_table(SPELLS, full),
                       check_exact=True)


def full_rebuild(settings, tmp_path: Path, as_of: dt.date) -> Path:  # type: ignore[no-untyped-def]
    current = settings.NAERVAER_CUBE_DIR
    settings.NAERVAER_CUBE_DIR = tmp_path / "full"
    assert cube_refresh(as_of=as_of, full=True).kind == "full"
    settings.NAERVAER_CUBE_DIR = current
    return tmp_path / "full"


def test_a_transfer_marks_the_old_employment_from_the_day_after_its_new_end(
        cube_dir, tmp_path, settings):
    before, after, _ = export_months(tmp_path, transfer=True, correction=False)
    load(before)
    assert cube_refresh(as_of=END).kind == "full"

    load(after)

    # The old employment only got an end (14 November) and the closed October records
    # only their ends: nothing before November differs in the records (imports' change
    # log), so the mark lies after the old reference date ...
    assert metrics_state().dirty_from is not None and metrics_state().dirty_from > END
    result = cube_refresh(as_of=NEXT)
    # ... and the refresh reaches back only as far as the spells crossing it.
    assert result.kind == "incremental"
    assert result.affected_from is not None and D(2025, 9, 15) <= result.affected_from <= END
    assert_same_cube(cube_dir, full_rebuild(settings, tmp_path, NEXT))


def test_a_changed_unit_marks_an_employment_from_its_first_day(cube_dir, tmp_path, settings):
    before, _, _ = export_months(tmp_path, transfer=False, correction=False)
    load(before)
    cube_refresh(as_of=END)
    employments = _read(before, "employments")
    first = employments.filter(pl.col("start_date") < "2024-06-01").row(0, named=True)
    units = _read(before, "units")
    leaves = units.filter(~pl.col("unit_id").is_in(units["parent_id"].drop_nulls().implode()))
    other = leaves.filter(pl.col("unit_id") != first["unit_id"]).sort("unit_id")["unit_id"][0]
    _write(employments.with_columns(unit_id=pl.when(
        pl.col("employment_id") == first["employment_id"]).then(pl.lit(other))
        .otherwise(pl.col("unit_id"))), before, "employments")
    load(before)

    assert metrics_state().dirty_from == D.fromisoformat(first["start_date"])
    result = cube_refresh(as_of=END)
    assert result.kind == "incremental"
    assert_same_cube(cube_dir, full_rebuild(settings, tmp_path, END))


def test_a_correction_back_in_time_widens_the_window_to_it(cube_dir, tmp_path, settings):
    before, after, _ = export_months(tmp_path, transfer=False, correction=True)
    load(before)
    cube_refresh(as_of=END)

    load(after)
    result = cube_refresh(as_of=NEXT)

    assert result.kind == "incremental"
    assert result.affected_from is not None
    assert D(2025, 1, 1) <= result.affected_from <= D(2025, 3, 15)
    assert_same_cube(cube_dir, full_rebuild(settings, tmp_path, NEXT))


def test_one_more_month_reads_only_recent_records_and_equals_a_full_rebuild(
        cube_dir, tmp_path, settings):
    before, after, _ = export_months(tmp_path, transfer=False, correction=False)
    load(before)
    cube_refresh(as_of=END)
    load(after)

    result: RefreshResult = cube_refresh(as_of=NEXT)

    assert result.kind == "incremental"
    assert result.affected_from is not None and D(2025, 9, 15) <= result.affected_from <= END
    # The window is about a year (rolling twelve months) of the two years of records.
    assert result.absences_read is not None
    assert result.absences_read < 0.75 * Absence.objects.count()
    assert_same_cube(cube_dir, full_rebuild(settings, tmp_path, NEXT))
    # The spell across the month end, by the unit and band of its last day, as stored.
    spells = read_table(SPELLS, cube_dir)
    crossing = spells.filter((pl.col("first_date") == D(2025, 10, 27))
                             & (pl.col("last_date") == D(2025, 11, 7)))
    assert crossing.height == 1 and not crossing["is_open"].any()


def test_a_new_staff_group_in_the_new_month_rebuilds_everything(cube_dir, tmp_path, settings):
    before, after, _ = export_months(tmp_path, transfer=False, correction=False)
    load(before)
    cube_refresh(as_of=END)
    employments = _read(after, "employments")
    newcomer = employments.row(0, named=True) | {
        "employment_id": "NEW-1", "employee_id": "P-NEW-1", "staff_group": "Ny faggruppe",
        "start_date": "2025-11-03", "end_date": None}
    _write(pl.concat([employments, pl.DataFrame([newcomer], schema=employments.schema)]),
           after, "employments")
    load(after)

    # Older periods get rows for the new group too: only a full rebuild gives them.
    assert cube_refresh(as_of=NEXT).kind == "full"
    assert_same_cube(cube_dir, full_rebuild(settings, tmp_path, NEXT))


def test_a_long_chain_of_records_is_read_back_to_its_first_day(cube_dir, tmp_path, settings):
    """Back-to-back monthly sick notes since January 2024: the window must read the
    whole spell (further back than its first query reaches) to know where it began."""
    unit = make_unit(unit_id="U")
    job = make_employment(unit=unit, employment_id="A1", start_date=D(2020, 1, 1))
    month = D(2024, 1, 1)
    while month < D(2025, 10, 1):
        following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        make_absence(employment=job, start_date=month, end_date=following - dt.timedelta(days=1))
        month = following
    make_absence(employment=job, start_date=D(2025, 10, 1), key="OPEN")
    cube_refresh(as_of=END)
    still_open = Absence.objects.get(key="OPEN")
    still_open.end_date = D(2025, 11, 20)
    still_open.save()  # marks the cube stale from its first day, 1 October
    make_absence(employment=job, start_date=D(2025, 11, 21), end_date=D(2025, 11, 28))

    result = cube_refresh(as_of=NEXT)

    assert result.kind == "incremental"
    assert_same_cube(cube_dir, full_rebuild(settings, tmp_path, NEXT))
    spells = read_table(SPELLS, cube_dir)
    assert spells.select("first_date", "last_date", "is_long").rows() == [
        (D(2024, 1, 1), D(2025, 11, 28), True)]


# ---------------------------------------------------------------- property

AS_OF_FIRST = D(2025, 9, 30)
AS_OF_NEXT = D(2025, 10, 31)
# Days before AS_OF_NEXT: anywhere, or around the first day the refresh after AS_OF_FIRST
# reads (the rolling twelve months before the change: about 1 September 2024).
DAY = st.one_of(st.integers(0, 700), st.integers(380, 520))
# A chain of back-to-back records (the next starts 1–3 days after the previous ends, so
# weekends bridge them or a workday breaks them), some long, so spells reach back past
# the window an incremental refresh reads.
PIECES = st.lists(st.tuples(st.one_of(st.integers(0, 20), st.integers(20, 200)),
                            st.integers(1, 3)), min_size=1, max_size=4)
TYPE = st.sampled_from(["egen_sygdom", "egen_sygdom", "barns_sygdom", "ferie"])
record = st.tuples(st.integers(0, 4), DAY, PIECES, st.booleans(), TYPE)
# The month after: mostly its own records, sometimes a correction anywhere back in time.
later_record = st.tuples(st.integers(0, 4), st.one_of(*[st.integers(0, 45)] * 3,
                                                      st.integers(46, 700)),
                         PIECES, st.booleans(), TYPE)


def _clear() -> None:
    Absence.objects.all().delete()
    Employment.objects.all().delete()
    Employee.objects.all().delete()
    Unit.objects.exclude(parent=None).delete()  # children first: parents are protected
    Unit.objects.all().delete()


def _organisation() -> list[Employment]:
    root = make_unit(unit_id="R")
    left, right = make_unit(unit_id="R-A", parent=root), make_unit(unit_id="R-B", parent=root)
    anna, bo, carl = (make_employee(employee_id=key) for key in ("H-ANNA", "H-BO", "H-CARL"))
    return [
        make_employment(employee=anna, unit=left, employment_id="E1"),
        # Bo moves from R-A to R-B on 1 June 2025; Carl works part time in two units.
        make_employment(employee=bo, unit=left, employment_id="E2", end_date=D(2025, 5, 31)),
        make_employment(employee=bo, unit=right, employment_id="E3", start_date=D(2025, 6, 1),
                        staff_group="Pædagog"),
        make_employment(employee=carl, unit=right, employment_id="E4", weekly_hours=20),
        make_employment(employee=carl, unit=left, employment_id="E5", weekly_hours=17,
                        start_date=D(2024, 8, 1)),
    ]


def _add(jobs: list[Employment], spec: tuple[int, int, list[tuple[int, int]], bool, str],
         key: str, before: dt.date | None = None) -> None:
    job, back, pieces, is_open, kind = spec
    employment = jobs[job]
    start = AS_OF_NEXT - dt.timedelta(days=back)
    for number, (length, step) in enumerate(pieces):
        if before is not None and start > before:
            return
        last = number == len(pieces) - 1
        end = None if is_open and last else start + dt.timedelta(days=length)
        # The importer refuses overlaps of the same type; so does this property.
        if not Absence.objects.filter(
                employment=employment, type=kind, start_date__lte=end or D(9999, 1, 1)
        ).exclude(end_date__lt=start).exists():
            make_absence(employment=employment, start_date=start, end_date=end, type=kind,
                         key=f"{key}-{number}")
        if end is None:
            return
        start = end + dt.timedelta(days=step)


@hypothesis_settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
# Sick 8–18 July 2024, then 19 July – 17 September: one spell across the first day the
# refresh reads (1 August 2024, a margin before the rolling twelve months it recomputes).
@example(base=[(0, 480, [(10, 1), (60, 1)], False, "egen_sygdom")], later=[], close=False)
@given(base=st.lists(record, max_size=16), later=st.lists(later_record, max_size=4),
       close=st.booleans())
def test_property_incremental_equals_full_on_random_small_organisations(
        base, later, close, settings, tmp_path_factory):
    _clear()
    tmp_path = tmp_path_factory.mktemp("cube")
    settings.NAERVAER_CUBE_DIR = tmp_path / "cube"
    jobs = _organisation()
    for number, spec in enumerate(base):
        _add(jobs, spec, f"B{number}", before=AS_OF_FIRST)
    cube_refresh(as_of=AS_OF_FIRST, full=True)
    # A month later: new records anywhere in time (corrections back in time too), and
    # the open ones perhaps closed.
    for number, spec in enumerate(later):
        _add(jobs, spec, f"L{number}")
    if close:
        for absence in Absence.objects.filter(end_date__isnull=True):
            absence.end_date = max(absence.start_date, D(2025, 10, 6))
            absence.save()

    result = cube_refresh(as_of=AS_OF_NEXT)

    assert result.kind == "incremental"  # the reference date moved
    assert_same_cube(tmp_path / "cube", full_rebuild(settings, tmp_path, AS_OF_NEXT))

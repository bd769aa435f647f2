"""The metrics benchmark of `make bench`: one Markdown table (docs/benchmarks.md explains it).

    .venv/bin/python bench/metrics_bench.py [--sizes S,M,L] [--timeout 600] [--no-process]

Sizes S (3,000 employees x 3 years), M (30,000 x 5), L (850,000 x 5), generated once
into bench/data/ with `naervaer demo --export` (seed 1, last day 2026-10-31; for the
incremental case also to 2026-11-30). For each size, each in a fresh subprocess so that
its peak RSS is its own:

* ``full``: the group table by month, every unit, both scopes, staff groups, over the
  data's whole years (the month kind of the stored cube);
* ``incremental``: one more month imported: what ``cube_refresh`` does for the month kind
  (read the window of recent records and whole spells, earliest affected day, recompute
  from there, splice into the kept rows);
* ``refresh`` (S, M): the real ``cube_refresh`` against a SQLite database, all four
  period kinds, incremental and full;
* ``query``: one unit page (``unit_rows("month", unit)``) from the stored cube, warm
  (median of 50) and cold;
* ``pandas`` (S): the same table as ``full`` the per-day pandas way.

Then whole processes (start-up included): `naervaer import` of M and S, and
`naervaer metrics --by month` against the per-day DuckDB SQL (M) and pandas (S) scripts.

Internal: ``--one SIZE CASE DIR`` runs one case and prints one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._bench_util import (  # noqa: E402
    END,
    NAERVAER,
    NEXT_END,
    ROOT,
    SIZES,
    Size,
    cut_at,
    ensure_data,
    markdown_table,
    peak_mb,
    read_frames,
)

BENCH = ROOT / "bench"
SCOPES = ("subtree", "own")
QUERY_CALLS = 50


# --------------------------------------------------------------------------- cases (child)

def _month_table(units, employments, absences, date_from, date_to, as_of):  # type: ignore[no-untyped-def]
    from naervaer.core.metrics import group_table
    return group_table(units=units, employments=employments, absences=absences,
                       date_from=date_from, date_to=date_to, by="month", as_of=as_of,
                       scopes=SCOPES, by_staff_group=True)


def case_full(size: Size, work: Path) -> dict:
    units, employments, absences = read_frames(ensure_data(size))
    loaded_mb = peak_mb()
    started = time.perf_counter()
    table = _month_table(units, employments, absences, size.date_from, END, END)
    seconds = time.perf_counter() - started
    result = {"seconds": seconds, "peak_mb": peak_mb(), "loaded_mb": loaded_mb,
              "rows": table.height, "absences": absences.height,
              "employments": employments.height, "units": units.height}
    _store_cube(table, size, work)  # for the query case; after the measurement
    return result


def _store_cube(table, size: Size, work: Path) -> None:  # type: ignore[no-untyped-def]
    from naervaer.metrics.cube import Manifest, write_cube
    write_cube({"month": table}, Manifest(END, size.date_from, END, dt.datetime.now().isoformat(),
                                          {"month": table.height}), work / "cube")


def _first_changed_days(changed, before) -> list[dt.date]:  # type: ignore[no-untyped-def]
    from naervaer.core.metrics.invalidation import first_changed_day
    others = [name for name in before.columns
              if name not in ("absence_id", "start_date", "end_date")]
    stored = {row[0]: row[1:] for row in before.select(
        "absence_id", "start_date", "end_date", *others).iter_rows()}
    days = []
    for row in changed.select("absence_id", "start_date", "end_date", *others).iter_rows():
        old = stored.get(row[0])
        day = row[1] if old is None else first_changed_day(
            (old[0], old[1]), (row[1], row[2]), otherwise_equal=old[2:] == row[3:])
        if day is not None:
            days.append(day)
    return days


def case_incremental(size: Size, work: Path) -> dict:
    import polars as pl

    from naervaer.core.metrics import MetricsConfig
    from naervaer.core.metrics.window import window_for_change
    from naervaer.metrics.cube import archive_boundary, splice_periods

    units, employments, after = read_frames(ensure_data(size, next_month=True), with_ids=True)
    before = cut_at(after, END)
    # What an import of the new month marks as changed (imports.writing.ChangeLog): the
    # first differing day of each new or changed record (November's records from their
    # start, October's open records that now have an end from the day after it).
    changed = after.join(before, on=after.columns, how="anti", nulls_equal=True)
    changed_from = min([END, *_first_changed_days(changed, before)])
    after, before = after.drop("absence_id"), before.drop("absence_id")
    kept = _month_table(units, employments, before, size.date_from, END, END)  # untimed
    del before
    # The cube keeps periods before the archive boundary in a file of their own that a
    # monthly refresh does not read or rewrite (metrics.cube): the refresh splices into
    # the recent rows only.
    boundary = archive_boundary(NEXT_END)
    archived = kept.filter(pl.col("period_end") < boundary)
    kept = kept.filter(pl.col("period_end") >= boundary)
    # The database's filtered reads (metrics.selectors.recent_absences), on the frame.
    owners = after.join(employments.select("employment_id", "employee_id"), on="employment_id")

    def read(low: dt.date, employee_ids, high):  # type: ignore[no-untyped-def]
        recent = pl.col("end_date").is_null() | (pl.col("end_date") >= low)
        if employee_ids is not None:
            recent = (pl.col("employee_id").is_in(list(employee_ids))
                      & (pl.col("end_date") >= low) & (pl.col("end_date") < high))
        return owners.filter(recent).drop("employee_id")

    def refresh(changed_from: dt.date) -> tuple[float, dt.date, pl.DataFrame, int]:
        """What cube_refresh does for the month kind: read the window (recent records and
        whole spells), find the affected day, compute from it, splice into the kept recent
        rows (an affected day before the boundary would need the archive too)."""
        started = time.perf_counter()
        window, affected = window_for_change(
            read, units=units, employments=employments, changed_from=changed_from,
            date_from=size.date_from, as_of=NEXT_END, config=MetricsConfig())
        from naervaer.core.metrics import group_table
        fresh = group_table(data=window.data, date_from=affected, date_to=NEXT_END, by="month",
                            scopes=SCOPES, by_staff_group=True)
        assert affected >= boundary, "the archive would be rewritten too"
        merged = splice_periods(kept, fresh, affected)
        assert merged is not None
        return time.perf_counter() - started, affected, merged, window.absences

    # Best case first: only the old reference date (no earlier record changed).
    best_s, best_affected, _, _ = refresh(END)
    seconds, affected, merged, read_rows = refresh(changed_from)
    result = {"seconds": seconds, "peak_mb": peak_mb(), "affected_from": affected.isoformat(),
              "changed_from": changed_from.isoformat(), "changed_records": changed.height,
              "rows": archived.height + merged.height, "best_s": best_s, "read_rows": read_rows,
              "all_rows": after.height, "best_affected_from": best_affected.isoformat()}
    if size.name != "L":  # check against a full recompute (untimed)
        from polars.testing import assert_frame_equal
        full = _month_table(units, employments, after, size.date_from, NEXT_END, NEXT_END)
        whole = pl.concat([archived, merged]).sort("unit_id", maintain_order=True)
        assert_frame_equal(whole, full, check_exact=False, abs_tol=1e-6)
        result["checked"] = True
    return result


def case_refresh(size: Size, work: Path) -> dict:
    """The real cube_refresh (all four period kinds, inputs read from the database)."""
    import polars as pl
    os.environ["DATABASE_URL"] = f"sqlite:///{work}/refresh.sqlite3"
    os.environ["NAERVAER_VAR_DIR"] = str(work / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.config.settings")
    import django
    django.setup()
    from django.core.management import call_command

    from naervaer.metrics.services import cube_refresh

    after_dir = ensure_data(size, next_month=True)
    before_dir = work / "before"
    before_dir.mkdir(exist_ok=True)
    for name in ("units", "employments"):
        (before_dir / f"{name}.csv").write_bytes((after_dir / f"{name}.csv").read_bytes())
    absences = pl.read_csv(after_dir / "absences.csv", infer_schema_length=0)
    absences = absences.with_columns(pl.col("start_date", "end_date").str.to_date())
    cut_at(absences, END).write_csv(before_dir / "absences.csv", date_format="%Y-%m-%d",
                                    null_value="")
    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("import", str(before_dir), "--no-refresh", stdout=quiet)
    first = cube_refresh(as_of=END)
    call_command("import", str(after_dir), "--no-refresh", stdout=quiet)
    incremental = cube_refresh(as_of=NEXT_END)
    full = cube_refresh(as_of=NEXT_END, full=True)
    return {"first_kind": first.kind, "incremental_kind": incremental.kind,
            "incremental_s": incremental.seconds, "full_s": full.seconds,
            "affected_from": incremental.affected_from.isoformat()
            if incremental.affected_from else None, "peak_mb": peak_mb()}


def _forvaltning(units) -> str:  # type: ignore[no-untyped-def]
    """A unit right below the root (a forvaltning in the demo municipality)."""
    import polars as pl
    roots = units.filter(pl.col("parent_id").is_null())["unit_id"]
    return str(units.filter(pl.col("parent_id").is_in(roots.implode()))["unit_id"].sort()[0])


def case_query(size: Size, work: Path) -> dict:
    from naervaer.metrics import cube

    directory = work / "cube"
    if cube.read_manifest(directory) is None:  # the full case did not get so far
        units, employments, absences = read_frames(ensure_data(size))
        _store_cube(_month_table(units, employments, absences, size.date_from, END, END),
                    size, work)
        del employments, absences
    else:
        units = read_frames(ensure_data(size), units_only=True)[0]
    unit = _forvaltning(units)
    started = time.perf_counter()
    rows = cube.unit_rows("month", unit, directory)
    cold = time.perf_counter() - started
    assert rows is not None and rows.height > 0
    # Warm: the file's metadata and pages in the OS cache, but the process's slice cache
    # (cube._cached_scan) emptied before each call, so each is a filtered Parquet scan.
    warm, cached = [], []
    for _ in range(QUERY_CALLS):
        cube.cache_clear()
        started = time.perf_counter()
        cube.unit_rows("month", unit, directory)
        warm.append(time.perf_counter() - started)
    for _ in range(QUERY_CALLS):  # the same question again: answered from the slice cache
        started = time.perf_counter()
        cube.unit_rows("month", unit, directory)
        cached.append(time.perf_counter() - started)
    return {"seconds": statistics.median(warm), "cold_s": cold, "unit": unit,
            "cached_s": statistics.median(cached), "rows": rows.height, "peak_mb": peak_mb()}


def case_pandas(size: Size, work: Path) -> dict:
    from bench.reference_pandas import group_table_pandas

    units, employments, absences = read_frames(ensure_data(size))
    started = time.perf_counter()
    table = group_table_pandas(units=units, employments=employments, absences=absences,
                               date_from=size.date_from, date_to=END, by="month", as_of=END,
                               scopes=SCOPES, by_staff_group=True)
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb(), "rows": table.height}


CASES = {"full": case_full, "incremental": case_incremental, "refresh": case_refresh,
         "query": case_query, "pandas": case_pandas}


# --------------------------------------------------------------------------- parent

def run_process(command: list[str], timeout: float, env: dict[str, str] | None = None,
                stdout: Path | None = None) -> tuple[float, float, int | None, str]:
    """Run ``command``: wall seconds, its own peak RSS in MB (os.wait4), exit status
    (None after a timeout, when it is killed), and its output."""
    with tempfile.TemporaryFile("w+") as captured:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=captured, stderr=subprocess.STDOUT,
                                   text=True, cwd=ROOT, start_new_session=True)
        deadline = started + timeout
        status: int | None = None
        while True:
            pid, raw, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                seconds = time.perf_counter() - started
                status = os.waitstatus_to_exitcode(raw)
                break
            if time.perf_counter() > deadline:
                os.killpg(process.pid, 9)
                _, raw, usage = os.wait4(process.pid, 0)
                seconds = time.perf_counter() - started
                break
            time.sleep(0.02)
        process.returncode = status if status is not None else -9
        captured.seek(0)
        output = captured.read()
    if stdout is not None:
        stdout.write_text(output)
    return seconds, usage.ru_maxrss / 1024, status, output


def run_case(size: Size, case: str, work: Path, timeout: float) -> dict:
    seconds, peak, status, output = run_process(
        [sys.executable, __file__, "--one", size.name, case, str(work)], timeout)
    if status is None:
        return {"timeout": True, "wall_s": seconds, "peak_mb": peak}
    if status != 0:
        print(output, file=sys.stderr)
        reason = "killed (SIGKILL: out of memory?)" if status == -9 else f"exit {status}"
        return {"error": reason, "peak_mb": peak}
    result = json.loads(output.strip().splitlines()[-1])
    result["process_peak_mb"] = peak
    return result


def fmt_s(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 0.1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def fmt_mb(mb: float | None) -> str:
    return "–" if mb is None else f"{mb:,.0f}"


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


class Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def add(self, size: str, case: str, seconds: str, peak: str, target: str, met: str) -> None:
        row = [size, case, seconds, peak, target, met]
        self.rows.append(row)
        print("  " + " | ".join(row), file=sys.stderr, flush=True)

    def failed(self, size: str, case: str, result: dict, target: str, timeout: float) -> bool:
        """Add a row for a case that timed out or failed; True if it did."""
        if result.get("timeout"):
            self.add(size, case, f"timeout (> {timeout:.0f} s)", fmt_mb(result["peak_mb"]),
                     target, "**no**")
            return True
        if "error" in result:
            self.add(size, case, result["error"], "–", target, "**no**")
            return True
        return False


# M full recompute <= 2 s; L <= 60 s and <= 8 GB peak.
FULL_TARGETS = {"M": (2.0, None), "L": (60.0, 8 * 1024)}


def bench_size(size: Size, table: Table, timeout: float, work_root: Path) -> dict:
    ensure_data(size)
    ensure_data(size, next_month=True)
    work = work_root / size.name
    work.mkdir()
    full = run_case(size, "full", work, timeout)
    target_s, target_mb = FULL_TARGETS.get(size.name, (None, None))
    target = " and ".join(filter(None, [f"≤ {target_s:.0f} s" if target_s else "",
                                        f"≤ {target_mb // 1024} GB" if target_mb else ""])) or "–"
    case = "full recompute (month × unit × staff group, both scopes)"
    if not table.failed(size.name, case, full, target, timeout):
        ok = ((target_s is None or full["seconds"] <= target_s)
              and (target_mb is None or full["peak_mb"] <= target_mb))
        table.add(size.name, f"{case}: {full['rows']:,} rows (inputs loaded: "
                  f"{full['loaded_mb']:,.0f} MB)", fmt_s(full["seconds"]),
                  fmt_mb(full["peak_mb"]), target, yes(ok) if target != "–" else "–")

    incremental = run_case(size, "incremental", work, timeout)
    case = "incremental, one more month (core path of cube_refresh, month kind)"
    if not table.failed(size.name, case, incremental, "≤ 10 % of full", timeout):
        variants = (
            (f"{case}: {incremental['changed_records']:,} new or changed records, the "
             f"first from {incremental['changed_from']}, so recomputed from "
             f"{incremental['affected_from']}; read {incremental['read_rows']:,} of "
             f"{incremental['all_rows']:,} absence records", incremental["seconds"],
             incremental["peak_mb"]),
            (f"{case}, if no earlier record had changed: recomputed from "
             f"{incremental['best_affected_from']}", incremental["best_s"], None))
        for detail, seconds, peak in variants:
            met = "–"
            if "seconds" in full:
                share = seconds / full["seconds"]
                met = f"{yes(share <= 0.10)} ({share:.0%})"
            table.add(size.name, detail, fmt_s(seconds), fmt_mb(peak) if peak else "",
                      "≤ 10 % of full", met)

    if size.name != "L":  # importing 15 M rows into SQLite takes too long; see docs
        refresh = run_case(size, "refresh", work, timeout)
        case = "cube_refresh from SQLite, all 4 kinds: incremental / full"
        if not table.failed(size.name, case, refresh, "≤ 10 % of full", timeout):
            share = refresh["incremental_s"] / refresh["full_s"]
            table.add(size.name, f"{case} (from {refresh['affected_from']})",
                      f"{fmt_s(refresh['incremental_s'])} / {fmt_s(refresh['full_s'])}",
                      fmt_mb(refresh["peak_mb"]), "≤ 10 % of full",
                      f"{yes(share <= 0.10)} ({share:.0%})")

    query = run_case(size, "query", work, timeout)
    case = "unit-page query from the stored cube"
    if not table.failed(size.name, case, query, "≤ 20 ms", timeout):
        table.add(size.name, f"{case} ({query['unit']}, {query['rows']:,} rows): warm median "
                  f"of {QUERY_CALLS} filtered scans", fmt_s(query["seconds"]),
                  fmt_mb(query["peak_mb"]), "≤ 20 ms", yes(query["seconds"] <= 0.020))
        table.add(size.name, f"{case}: cold (first call in a fresh process: filtered Parquet scan)",
                  fmt_s(query["cold_s"]), "", "–", "–")
        if "cached_s" in query:
            table.add(size.name, f"{case}: the same question again in the process (slice cache)",
                      fmt_s(query["cached_s"]), "", "–", "–")

    if size.name == "S":
        pandas = run_case(size, "pandas", work, timeout)
        case = "same full table, per-day pandas (group_table_pandas)"
        if not table.failed(size.name, case, pandas, "≥ 50×", timeout):
            met = "–"
            if "seconds" in full:
                ratio = pandas["seconds"] / full["seconds"]
                met = f"{yes(ratio >= 50)} ({ratio:.0f}×)"
            table.add(size.name, f"{case}: ratio pandas / full", fmt_s(pandas["seconds"]),
                      fmt_mb(pandas["peak_mb"]), "≥ 50×", met)
    return full


def whole_processes(sizes: list[Size], table: Table, timeout: float, work_root: Path,
                    repeat: int) -> None:
    for size in sizes:
        if size.name not in ("S", "M"):
            continue
        data = ensure_data(size)
        folder = work_root / f"process-{size.name}"
        folder.mkdir()
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/naervaer.sqlite3",
               "NAERVAER_VAR_DIR": str(folder / "var"), "DJANGO_SETTINGS_MODULE":
               "naervaer.config.settings"}
        _, _, status, output = run_process([NAERVAER, "migrate", "-v0"], timeout, env)
        assert status == 0, output
        seconds, peak, status, output = run_process([NAERVAER, "import", str(data)], timeout, env)
        absences = sum(1 for _ in (data / "absences.csv").open()) - 1
        case = f"`naervaer import` ({absences:,} absence rows, with cube refresh)"
        target = "≤ 60 s" if size.name == "M" else "–"
        if status is None:
            table.add(size.name, case, f"timeout (> {timeout:.0f} s)", fmt_mb(peak), target, "**no**")
            continue
        if status != 0:
            table.add(size.name, case, f"exit {status}", "–", target, "**no**")
            print(output, file=sys.stderr)
            continue
        table.add(size.name, case, fmt_s(seconds), fmt_mb(peak), target,
                  yes(seconds <= 60) if size.name == "M" else "–")

        period = ["--from", size.date_from.isoformat(), "--to", END.isoformat(),
                  "--as-of", END.isoformat()]
        # The product keeps its cube fresh (after every import and by the daily
        # `refresh_metrics`); here for the benchmark's reference date. Both paths are timed:
        # answered from the fresh cube, and computed (--no-cube).
        refresh = [NAERVAER, "refresh_metrics", "--as-of", END.isoformat()]
        _, _, status, output = run_process(refresh, timeout, env)
        assert status == 0, output
        ours = [NAERVAER, "metrics", *period, "--by", "month", "--format", "csv",
                "--out", str(folder / "metrics.csv")]
        computed = [*ours, "--no-cube"]
        if size.name == "M":
            name, factor = "per-day DuckDB SQL (bench/duckdb_per_day.py)", 5
            theirs = [sys.executable, str(BENCH / "duckdb_per_day.py"), str(data), *period,
                      "--out", str(folder / "duckdb.csv")]
            their_repeat = repeat
        else:
            name, factor = "per-day pandas script (bench/pandas_per_day_script.py)", 10
            theirs = [sys.executable, str(BENCH / "pandas_per_day_script.py"), str(data),
                      *period, "--out", str(folder / "pandas.csv")]
            their_repeat = 1
        best: dict[str, tuple[float, float]] = {}
        for label, command, times in (("ours", ours, repeat), ("computed", computed, repeat),
                                      ("theirs", theirs, their_repeat)):
            runs = []
            for _ in range(times):
                seconds, peak, status, output = run_process(command, timeout, env)
                if status != 0:
                    print(output, file=sys.stderr)
                    break
                runs.append((seconds, peak))
            if runs:
                best[label] = min(runs)
        years = f"{size.years} years"
        if "ours" in best:
            table.add(size.name, f"`naervaer metrics --by month` over {years} from the fresh cube "
                      f"(whole process, best of {repeat})", fmt_s(best["ours"][0]),
                      fmt_mb(best["ours"][1]), "–", "–")
        if "computed" in best:
            ratio_text = "–"
            if "theirs" in best:
                ratio_text = f"({best['theirs'][0] / best['computed'][0]:.1f}× vs baseline)"
            table.add(size.name, f"`naervaer metrics --by month --no-cube` over {years}, computed "
                      f"(whole process, best of {repeat})", fmt_s(best["computed"][0]),
                      fmt_mb(best["computed"][1]), "–", ratio_text)
        else:
            table.add(size.name, "`naervaer metrics --by month`", "failed", "–", "–", "**no**")
        if "theirs" in best:
            ratio_text = "–"
            if "ours" in best:
                ratio = best["theirs"][0] / best["ours"][0]
                ratio_text = f"{yes(ratio >= factor)} ({ratio:.1f}×)"
            runs_note = f"best of {their_repeat}" if their_repeat > 1 else "one run"
            table.add(size.name, f"{name}, same months ({runs_note}): ratio it / ours",
                      fmt_s(best["theirs"][0]), fmt_mb(best["theirs"][1]), f"≥ {factor}×",
                      ratio_text)
        else:
            table.add(size.name, name, "failed", "–", f"≥ {factor}×", "**no**")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="S,M,L", help="comma-separated, of S, M, L")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per subprocess")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each short whole-process command (the best counts)")
    ap.add_argument("--no-process", action="store_true", help="skip the whole-process rows")
    ap.add_argument("--one", nargs=3, metavar=("SIZE", "CASE", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        size_name, case, work = args.one
        print(json.dumps(CASES[case](SIZES[size_name], Path(work))))
        return
    sizes = [SIZES[name.strip().upper()] for name in args.sizes.split(",") if name.strip()]
    table = Table()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="naervaer-metrics-bench-") as tmp:
        for size in sizes:
            print(f"== {size.name}", file=sys.stderr, flush=True)
            bench_size(size, table, args.timeout, Path(tmp))
        if not args.no_process:
            print("== whole processes", file=sys.stderr, flush=True)
            whole_processes(sizes, table, args.timeout, Path(tmp), args.repeat)
    print(f"\nMetrics benchmark, {dt.date.today()}, {os.cpu_count()} cores, "
          f"{time.perf_counter() - started:.0f} s in all. Peak = peak RSS of that process (MB).\n")
    print(markdown_table(["size", "case", "time", "peak MB", "target", "met"], table.rows))


if __name__ == "__main__":
    main()

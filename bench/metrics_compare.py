"""Compare ``naervaer.core.metrics.group_table`` with the per-day pandas reference.

    .venv/bin/python bench/metrics_compare.py [SEED] [--employees 300] [--years 2]
        [--end 2025-12-31] [--as-of DATE] [--by month quarter year rolling12] [--rows 10]

Generates demo data (``naervaer.demo.generator.generate``), computes the group table
with both implementations (both scopes, staff groups on) and compares every column:
floats with absolute tolerance 1e-6 (null only equals null), the rest exactly.
Prints, per period kind, the columns that differ and their first differing rows.
Exit status 0 when everything agrees, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.reference_pandas import OUTPUT_COLUMNS, group_table_pandas  # noqa: E402
from naervaer.demo.generator import generate  # noqa: E402

KEYS = ["unit_id", "period_start", "scope", "staff_group"]
TOLERANCE = 1e-6


def compare(fast: pl.DataFrame, ref: pl.DataFrame, rows: int, quiet: bool = False) -> dict[str, int]:
    """Print the differences (unless quiet); return {column: number of differing rows}."""
    if quiet:
        import contextlib
        import io
        with contextlib.redirect_stdout(io.StringIO()):
            return compare(fast, ref, rows)
    if fast.columns != ref.columns:
        print(f"  column order differs:\n    core: {fast.columns}\n    ref:  {ref.columns}")
    missing = set(OUTPUT_COLUMNS) - set(fast.columns)
    if missing:
        print(f"  core lacks columns {sorted(missing)}")
        return {column: -1 for column in missing}
    bad: dict[str, int] = {}
    if fast.select(KEYS).rows() != ref.select(KEYS).rows():
        only_fast = fast.select(KEYS).join(ref.select(KEYS), on=KEYS, how="anti")
        only_ref = ref.select(KEYS).join(fast.select(KEYS), on=KEYS, how="anti")
        print(f"  row keys differ: core {fast.height} rows, ref {ref.height} rows; "
              f"only in core {only_fast.height}, only in ref {only_ref.height}")
        print(only_fast.head(rows), only_ref.head(rows))
        bad["row keys"] = only_fast.height + only_ref.height
    joined = fast.join(ref, on=KEYS, how="inner", suffix="_ref")
    for column in OUTPUT_COLUMNS:
        if column in KEYS:
            continue
        a, b = pl.col(column), pl.col(f"{column}_ref")
        if fast.schema[column] != ref.schema[column]:
            print(f"  {column}: dtype core {fast.schema[column]} vs ref {ref.schema[column]}")
        if ref.schema[column] == pl.Float64 or fast.schema[column] == pl.Float64:
            same = (a.is_null() & b.is_null()) | (
                (a.cast(pl.Float64) - b.cast(pl.Float64)).abs() <= TOLERANCE).fill_null(False)
        else:
            same = (a.is_null() & b.is_null()) | (a == b).fill_null(False)
        diff = joined.filter(~same)
        if diff.height:
            bad[column] = diff.height
            print(f"  {column}: {diff.height} of {joined.height} rows differ")
            with pl.Config(tbl_rows=rows, tbl_cols=10, tbl_width_chars=160):
                print(diff.select(*KEYS, column, f"{column}_ref").with_columns(
                    delta=(a.cast(pl.Float64) - b.cast(pl.Float64))).head(rows))
    return bad


TYPES = ["egen_sygdom", "egen_sygdom", "egen_sygdom", "graviditet", "ferie", "barns_sygdom",
         "arbejdsskade", "barsel", "andet"]


def _import_valid(records: list[dict], employment: dict, sick_types: tuple[str, ...]) -> list[dict]:
    """Keep the records the import would accept (docs/import.md "Checks"): within the
    employment, no overlap with a record of the same type, ferie not overlapping sick."""
    far = dt.date(2199, 12, 31)
    emp_end = employment["end_date"] or far
    kept: list[dict] = []
    for record in records:
        end = record["end_date"] or far
        if record["start_date"] < employment["start_date"] or (record["end_date"] or emp_end) > emp_end:
            continue
        clash = False
        for other in kept:
            overlap = record["start_date"] <= (other["end_date"] or far) and other["start_date"] <= end
            same = other["type"] == record["type"]
            ferie_sick = {record["type"], other["type"]} & {"ferie"} and (
                {record["type"], other["type"]} & set(sick_types))
            clash = clash or (overlap and (same or bool(ferie_sick)))
        if not clash:
            kept.append(record)
    return kept


def random_case(rng, valid: bool = True) -> dict:
    """A small adversarial case: concurrent and successive employments, overlapping and
    open records, `hours` on multi-day records.  ``valid``: only what the import accepts
    (records within their employment, no same-type overlap, no ferie/sick overlap);
    otherwise also records outside their employment and any overlap."""
    base = dt.date(2024, 1, 1)

    def day(lo: int, hi: int) -> dt.date:
        return base + dt.timedelta(days=int(rng.integers(lo, hi)))

    units = pl.DataFrame({"unit_id": ["K", "A", "B", "A1"], "parent_id": [None, "K", "K", "A"]},
                         schema={"unit_id": pl.String, "parent_id": pl.String})
    employments, absences = [], []
    for person in range(int(rng.integers(1, 4))):
        for k in range(int(rng.integers(1, 4))):
            start = day(-60, 120)
            end = None if rng.random() < 0.4 else start + dt.timedelta(days=int(rng.integers(0, 150)))
            employment_id = f"E{person}{k}" if rng.random() < 0.5 else f"D{person}{k}"
            employments.append({
                "employment_id": employment_id, "employee_id": f"P{person}",
                "unit_id": ["K", "A", "B", "A1"][int(rng.integers(0, 4))],
                "staff_group": ["SOSU", "Pæd"][int(rng.integers(0, 2))],
                "weekly_hours": float(rng.choice([37.0, 30.0, 18.5, 25.0])),
                "start_date": start, "end_date": end,
                "hourly_cost": None if rng.random() < 0.3 else float(rng.integers(200, 400))})
            records = []
            for _ in range(int(rng.integers(0, 6))):
                a_start = day(-40, 160) if not valid else start + dt.timedelta(days=int(rng.integers(0, 120)))
                a_end = None if rng.random() < 0.15 else a_start + dt.timedelta(days=int(rng.integers(0, 25)))
                records.append({
                    "employment_id": employment_id, "type": TYPES[int(rng.integers(0, len(TYPES)))],
                    "start_date": a_start, "end_date": a_end,
                    "degree": int(rng.choice([100, 100, 50, 25, 80])),
                    "hours": None if rng.random() < 0.75 else float(rng.integers(1, 40))})
            if valid and any(e["employment_id"] == employment_id for e in employments[:-1]):
                records = []  # a repeated id: the frame keeps the first employment only
            absences += _import_valid(records, employments[-1], ("egen_sygdom", "graviditet")) if valid \
                else records
    employments_frame = pl.DataFrame(employments, schema={
        "employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
        "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
        "end_date": pl.Date, "hourly_cost": pl.Float64}).unique("employment_id", keep="first",
                                                               maintain_order=True)
    absences_frame = pl.DataFrame(absences, schema={
        "employment_id": pl.String, "type": pl.String, "start_date": pl.Date, "end_date": pl.Date,
        "degree": pl.Int64, "hours": pl.Float64})
    return dict(units=units, employments=employments_frame, absences=absences_frame,
                date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 6, 30),
                as_of=day(30, 200))


def fuzz(cases: int, seed: int, rows: int, valid: bool = True) -> int:
    """Compare on ``cases`` small random cases; print the first failing one in full."""
    import numpy as np

    from naervaer.core.metrics import MetricsConfig, group_table

    rng = np.random.default_rng(seed)
    failures = 0
    for number in range(cases):
        case = random_case(rng, valid)
        by = ["month", "quarter", "rolling12"][number % 3]
        config = MetricsConfig(holiday_deduction_days=float(rng.choice([0, 0, 30])),
                               default_hourly_cost=100.0, extra_days_off=("12-24",))
        kwargs = dict(case, by=by, config=config, scopes=("own", "subtree"), by_staff_group=True)
        try:
            fast = group_table(**kwargs)
        except Exception as error:  # noqa: BLE001 - report and go on
            print(f"case {number}: core raised {type(error).__name__}: {error}")
            failures += 1
            continue
        ref = group_table_pandas(**kwargs)
        bad = compare(fast, ref, rows, quiet=bool(failures))
        if not bad:
            continue
        if not failures:
            print(f"case {number} (by={by}, as_of={case['as_of']}, config={config}) differs; inputs:")
            with pl.Config(tbl_rows=50, tbl_cols=12, tbl_width_chars=200):
                print(case["employments"], case["absences"])
        print(f"case {number}: differs in {bad}")
        failures += 1
    print(f"fuzz: {failures} of {cases} cases differ")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seed", nargs="?", type=int, default=1)
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2025, 12, 31))
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                        help="reference date (default: --end)")
    parser.add_argument("--by", nargs="+", default=["month", "quarter", "year", "rolling12"])
    parser.add_argument("--rows", type=int, default=10)
    parser.add_argument("--fuzz", type=int, default=0, metavar="N",
                        help="instead: compare on N small random adversarial cases (seed = SEED)")
    parser.add_argument("--invalid", action="store_true",
                        help="with --fuzz: also data the import refuses (records outside their "
                             "employment, overlapping records of one type)")
    args = parser.parse_args(argv)
    if args.fuzz:
        return 0 if fuzz(args.fuzz, args.seed, args.rows, valid=not args.invalid) == 0 else 1

    from naervaer.core.metrics import MetricsConfig, group_table

    data = generate(employees=args.employees, years=args.years, seed=args.seed, end_date=args.end)
    as_of = args.as_of or args.end
    date_from = dt.date(args.end.year - args.years + 1, 1, 1)
    print(f"seed {args.seed}: {data.employments.height} employments, {data.absences.height} absences, "
          f"{date_from}..{args.end}, as_of {as_of}")
    total = 0
    for by in args.by:
        kwargs = dict(units=data.units, employments=data.employments, absences=data.absences,
                      date_from=date_from, date_to=args.end, by=by, as_of=as_of, config=MetricsConfig(),
                      scopes=("own", "subtree"), by_staff_group=True)
        t0 = time.perf_counter()
        fast = group_table(**kwargs)
        t1 = time.perf_counter()
        ref = group_table_pandas(**kwargs)
        t2 = time.perf_counter()
        print(f"[{by}] {ref.height} rows; core {t1 - t0:.2f} s, reference {t2 - t1:.2f} s")
        bad = compare(fast, ref, args.rows)
        print(f"[{by}] {'identical within 1e-6' if not bad else f'differs in {bad}'}")
        total += len(bad)
    return 0 if total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

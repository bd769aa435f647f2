"""Time the demo generator: generation + CSV export for given sizes.

Usage:
    python bench/demo_generate.py [EMPLOYEESxYEARS ...] [--end-date YYYY-MM-DD] [--seed N] [--out DIR]

Default sizes: 3000x3 30000x5. Each size runs in a fresh subprocess so the peak RSS
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) belongs to that size alone.
Prints one Markdown table row per size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _one(employees: int, years: int, seed: int, end_date: dt.date, out: pathlib.Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from naervaer.demo.generator import generate, write_csv

    t0 = time.perf_counter()
    data = generate(employees=employees, years=years, seed=seed, end_date=end_date)
    t1 = time.perf_counter()
    paths = write_csv(data, out)
    t2 = time.perf_counter()
    return {
        "employees": employees,
        "years": years,
        "generate_s": t1 - t0,
        "csv_s": t2 - t1,
        "total_s": t2 - t0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "units": data.units.height,
        "employments": data.employments.height,
        "people": data.employments["employee_id"].n_unique(),
        "absences": data.absences.height,
        "csv_mb": sum(p.stat().st_size for p in paths) / 1e6,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", default=["3000x3", "30000x5"])
    ap.add_argument("--end-date", default="2026-10-31")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None, help="keep the CSV files under this folder")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    end = dt.date.fromisoformat(args.end_date)

    if args.child:
        employees, years = (int(x) for x in args.sizes[0].split("x"))
        print(json.dumps(_one(employees, years, args.seed, end, pathlib.Path(args.out))))
        return

    header = ("| employees | years | generate s | csv s | total s | peak RSS MB | units | employments "
              "| people | absences | absences / employee-year | CSV MB |")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            out = pathlib.Path(args.out) / size if args.out else pathlib.Path(tmp)
            proc = subprocess.run(
                [sys.executable, __file__, size, "--child", "--seed", str(args.seed),
                 "--end-date", args.end_date, "--out", str(out)],
                check=True, capture_output=True, text=True,
            )
            r = json.loads(proc.stdout.strip().splitlines()[-1])
        per = r["absences"] / (r["employees"] * r["years"])
        print(f"| {r['employees']:,} | {r['years']} | {r['generate_s']:.2f} | {r['csv_s']:.2f} "
              f"| {r['total_s']:.2f} | {r['peak_rss_mb']:,.0f} | {r['units']:,} | {r['employments']:,} "
              f"| {r['people']:,} | {r['absences']:,} | {per:.2f} | {r['csv_mb']:,.1f} |", flush=True)


if __name__ == "__main__":
    main()

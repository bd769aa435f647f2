"""Baseline: the group table computed per day in pandas, as a standalone script.

    .venv/bin/python bench/pandas_per_day_script.py DIR --from 2023-11-01 --to 2026-10-31 \
        [--by month] [--as-of DATE] [--scope subtree] [--by-staff-group] [--out FILE.csv]

DIR holds an import export (units.csv, employments.csv, absences.csv). Reads the CSV files
and computes the same table as `naervaer metrics` with the same options, the way an
analyst would in pandas: every employment and every absence record expanded to one row
per day, merged with a calendar and grouped (``bench/reference_pandas.py``,
``group_table_pandas``). Default organisation settings.

Used by bench/metrics_bench.py as the whole-process baseline for `naervaer metrics` on S.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._bench_util import read_frames  # noqa: E402
from bench.reference_pandas import group_table_pandas  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("directory", type=Path)
    ap.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, required=True)
    ap.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, required=True)
    ap.add_argument("--by", default="month", choices=("month", "quarter", "year", "rolling12"))
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    ap.add_argument("--scope", default="subtree", choices=("subtree", "own"))
    ap.add_argument("--by-staff-group", action="store_true")
    ap.add_argument("--out", type=Path, default=None, help="CSV file (default: stdout)")
    args = ap.parse_args()
    units, employments, absences = read_frames(args.directory)
    table = group_table_pandas(units=units, employments=employments, absences=absences,
                               date_from=args.date_from, date_to=args.date_to, by=args.by,
                               as_of=args.as_of or args.date_to, scopes=(args.scope,),
                               by_staff_group=args.by_staff_group)
    if args.out:
        table.write_csv(args.out)
    else:
        print(table.write_csv(), end="")


if __name__ == "__main__":
    main()

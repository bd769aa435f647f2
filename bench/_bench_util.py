"""Shared helpers for the benchmarks (not a benchmark itself: `make bench` skips `_*.py`).

Data sizes, where their CSV files live, how they are made (`naervaer demo --export`) and
how they are read into the frames of the metrics core (docs/dev/metrics-api.md).
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
NAERVAER = str(Path(sys.executable).with_name("naervaer"))

END = dt.date(2026, 10, 31)        # last day of the main data set
NEXT_END = dt.date(2026, 11, 30)   # the same seed, one month more (incremental case)
SEED = 1


@dataclass(frozen=True)
class Size:
    name: str
    employees: int
    years: int

    @property
    def date_from(self) -> dt.date:
        """First day of the data's `years` whole years of months ending at END."""
        return dt.date(END.year - self.years, END.month + 1, 1) if END.month < 12 else \
            dt.date(END.year - self.years + 1, 1, 1)


SIZES = {size.name: size for size in (Size("S", 3_000, 3), Size("M", 30_000, 5),
                                      Size("L", 850_000, 5))}


def folder(size: Size, *, next_month: bool = False) -> Path:
    return DATA / (f"{size.name}-next" if next_month else size.name)


def ensure_data(size: Size, *, next_month: bool = False) -> Path:
    """The size's CSV files, generated once with `naervaer demo --export` when missing."""
    out = folder(size, next_month=next_month)
    if not all((out / f"{name}.csv").exists() for name in ("units", "employments", "absences")):
        end = NEXT_END if next_month else END
        print(f"generating {out.relative_to(ROOT)} ({size.employees:,} x {size.years}, "
              f"end {end}) ...", file=sys.stderr, flush=True)
        subprocess.run([NAERVAER, "demo", "--employees", str(size.employees), "--years",
                        str(size.years), "--seed", str(SEED), "--end", end.isoformat(),
                        "--export", str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


UNIT_SCHEMA = {"unit_id": pl.String, "parent_id": pl.String}
EMPLOYMENT_SCHEMA = {"employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
                     "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
                     "end_date": pl.Date, "hourly_cost": pl.Float64}
ABSENCE_SCHEMA = {"employment_id": pl.String, "type": pl.String, "start_date": pl.Date,
                  "end_date": pl.Date, "degree": pl.Int64, "hours": pl.Float64}


def _read(path: Path, schema: dict[str, pl.DataType], keep: tuple[str, ...] = ()) -> pl.DataFrame:
    columns = [*schema, *keep]
    return pl.read_csv(path, columns=columns, schema_overrides=schema,
                       infer_schema_length=0).select(columns)


def read_frames(directory: Path, *, with_ids: bool = False, units_only: bool = False
                ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """units, employments, absences (plus `absence_id` when ``with_ids``) from an export
    (with ``units_only``, empty employments and absences)."""
    if units_only:
        return _read(directory / "units.csv", UNIT_SCHEMA), pl.DataFrame(), pl.DataFrame()
    return (_read(directory / "units.csv", UNIT_SCHEMA),
            _read(directory / "employments.csv", EMPLOYMENT_SCHEMA),
            _read(directory / "absences.csv", ABSENCE_SCHEMA,
                  ("absence_id",) if with_ids else ()))


def cut_at(absences: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """What payroll knew at the end of ``day``: later records dropped, later ends open
    (as tests/metrics/test_cube.py splits its data)."""
    return absences.filter(pl.col("start_date") <= day).with_columns(
        end_date=pl.when(pl.col("end_date") > day).then(None).otherwise(pl.col("end_date")))


def peak_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)

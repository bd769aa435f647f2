"""Time `naervaer import` as a whole process: a first import and an unchanged re-import.

    .venv/bin/python bench/import_timing.py [EMPLOYEESxYEARS ...]   (default 30000x5)

Each size is generated with `naervaer demo --export`, imported into a fresh SQLite
database, then imported again (idempotent: everything unchanged). Prints one table.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAERVAER = str(Path(sys.executable).with_name("naervaer"))


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the child, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([NAERVAER, *args], env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return seconds, peak, done.stdout


def measure(employees: int, years: int) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="naervaer-bench-") as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        export = Path(folder) / "export"
        run(["demo", "--employees", str(employees), "--years", str(years), "--seed", "2",
             "--end", "2026-10-31", "--export", str(export)], env)
        absences = sum(1 for _ in (export / "absences.csv").open()) - 1
        run(["migrate", "-v0"], env)
        first, first_peak, _ = run(["import", str(export)], env)
        again, again_peak, output = run(["import", str(export)], env)
        assert "created 0, updated 0" in output, output
    return [f"{employees:,}", str(years), f"{absences:,}", f"{first:.1f}", f"{first_peak:.0f}",
            f"{again:.1f}", f"{again_peak:.0f}"]


def main(sizes: list[str]) -> None:
    header = ["employees", "years", "absence rows", "import s", "peak MB", "re-import s",
              "peak MB (max so far)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for size in sizes:
        employees, years = (int(part) for part in size.split("x"))
        print("| " + " | ".join(measure(employees, years)) + " |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ["30000x5"])

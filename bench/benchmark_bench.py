"""The benchmark model's timings (issue 7): one Markdown table.

    .venv/bin/python bench/benchmark_bench.py [--sizes S,M,L]

For each size (bench/_bench_util.py; data generated once with `naervaer demo --export`),
in a fresh subprocess so that its peak RSS is its own: the person-period frame of the
rolling 12 months ending 2026-10-31, the organisation's own Poisson GLM (statsmodels
import excluded, reported on its own), and the figures of every unit (each with its
subtree). Internal: ``--one SIZE`` runs one size and prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._bench_util import END, SIZES, ensure_data, markdown_table, peak_mb, read_frames  # noqa: E402


def one(name: str) -> dict[str, object]:
    import polars as pl

    from naervaer.core.benchmark import fit_own, parse_window, person_periods, subtree_members, unit_figures
    from naervaer.core.benchmark.run import window_workdays
    from naervaer.core.metrics import MetricsConfig

    directory = ensure_data(SIZES[name])
    units, employments, absences = read_frames(directory)
    extra = pl.read_csv(directory / "employments.csv", columns=["employment_id", "birth_year", "gender"],
                        schema_overrides={"employment_id": pl.String, "birth_year": pl.Int64,
                                          "gender": pl.String})
    employments = employments.join(extra, on="employment_id", how="left")
    start = time.perf_counter()
    import statsmodels.genmod.generalized_linear_model  # noqa: F401
    import_s = time.perf_counter() - start
    window_start, window_end = parse_window("rolling12", END)
    start = time.perf_counter()
    frame = person_periods(units=units, employments=employments, absences=absences,
                           date_from=window_start, date_to=window_end, as_of=END)
    frame_s = time.perf_counter() - start
    start = time.perf_counter()
    fit = fit_own(frame)
    fit_s = time.perf_counter() - start
    start = time.perf_counter()
    unit_ids = units["unit_id"].to_list()
    table = unit_figures(frame, fit.expected(frame), members=subtree_members(units, unit_ids),
                         window_start=window_start, window_end=window_end,
                         workdays=window_workdays(window_start, window_end, MetricsConfig()),
                         dispersion=fit.dispersion, threshold=5)
    figures_s = time.perf_counter() - start
    return {"size": name, "employments": employments.height, "person_periods": frame.height,
            "units": table.height, "import_s": import_s, "frame_s": frame_s, "fit_s": fit_s,
            "figures_s": figures_s, "dispersion": fit.pearson_dispersion, "peak_mb": peak_mb()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--one")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    rows = []
    for name in args.sizes.split(","):
        done = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True)
        if done.returncode != 0:
            rows.append([name, "failed: " + done.stderr.strip().splitlines()[-1]] + [""] * 7)
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append([r["size"], f"{r['employments']:,}", f"{r['person_periods']:,}", f"{r['units']:,}",
                     f"{r['frame_s']:.2f}", f"{r['fit_s']:.2f}", f"{r['figures_s']:.2f}",
                     f"{r['import_s']:.2f}", f"{r['peak_mb']:.0f}"])
    print(markdown_table(["size", "employments", "person-periods", "units", "frame s", "fit s",
                          "figures s", "statsmodels import s", "peak MB"], rows))


if __name__ == "__main__":
    main()

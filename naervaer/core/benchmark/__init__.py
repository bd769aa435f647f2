"""Benchmarking adjusted for framework conditions (spec/benchmark.md): no Django.

statsmodels and scipy are imported inside the functions that need them, so importing
this package (or the metrics core) stays cheap."""

from naervaer.core.benchmark.figures import (
    OUTPUT_COLUMNS,
    best_quartile,
    funnel_limits,
    ratio_interval,
    subtree_members,
    unit_figures,
)
from naervaer.core.benchmark.frame import person_periods
from naervaer.core.benchmark.model import COVARIATES, Fit, fit_national, fit_own
from naervaer.core.benchmark.run import Benchmark, benchmark, parse_window, window_workdays

__all__ = ["COVARIATES", "OUTPUT_COLUMNS", "Benchmark", "Fit", "benchmark", "best_quartile",
           "fit_national", "fit_own", "funnel_limits", "parse_window", "person_periods",
           "ratio_interval", "subtree_members", "unit_figures", "window_workdays"]

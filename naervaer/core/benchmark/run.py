"""One benchmark: window, person-periods, the reference fit and the compared units'
figures (spec/benchmark.md). Pure: frames in, frames out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.benchmark.figures import subtree_members, unit_figures
from naervaer.core.benchmark.frame import person_periods
from naervaer.core.benchmark.model import COVARIATES, Fit, fit_national, fit_own
from naervaer.core.metrics.config import MetricsConfig
from naervaer.core.metrics.days import DayCalendar, day_number
from naervaer.core.months import month_end

REFERENCES = ("own", "national")
_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")


def parse_window(text: str, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """``rolling12`` (the 12 months ending with the month of ``as_of``), ``YYYY`` (the
    calendar year) or ``YYYY-MM..YYYY-MM`` (whole months, both included)."""
    text = text.strip()
    if text == "rolling12":
        end = month_end(as_of)
        index = as_of.year * 12 + as_of.month - 1 - 11
        return dt.date(index // 12, index % 12 + 1, 1), end
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    match = _RANGE.match(text)
    if match:
        y1, m1, y2, m2 = (int(part) for part in match.groups())
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            raise ValueError(f"ugyldig måned i vinduet {text!r}")
        start, end = dt.date(y1, m1, 1), month_end(dt.date(y2, m2, 1))
        if end < start:
            raise ValueError(f"vinduet {text!r} slutter før det begynder")
        return start, end
    raise ValueError(f"ukendt vindue {text!r}; brug rolling12, ÅÅÅÅ eller ÅÅÅÅ-MM..ÅÅÅÅ-MM")


def window_workdays(date_from: dt.date, date_to: dt.date, config: MetricsConfig) -> int:
    first, last = day_number(date_from), day_number(date_to)
    calendar = DayCalendar.build(first, last, config.extra_days_off)
    return int(calendar.workdays_between(np.array([first]), np.array([last]))[0])


@dataclass(frozen=True)
class Benchmark:
    window_start: dt.date
    window_end: dt.date
    fit: Fit
    table: pl.DataFrame      # figures.OUTPUT_COLUMNS + EXTRA_COLUMNS, one row per compared unit
    frame: pl.DataFrame      # the person-periods counted, with their expected days
    workdays: int


def fit_reference(frame: pl.DataFrame, reference: str, *,
                  national_rates: Mapping[str, float] | None = None,
                  covariates: Sequence[str] = COVARIATES) -> Fit:
    if reference == "own":
        return fit_own(frame, covariates)
    if reference == "national":
        if not national_rates:
            raise ValueError("der er ingen landstal i referencetabellen")
        return fit_national(frame, national_rates)
    raise ValueError(f"unknown reference {reference!r}; use own or national")


def benchmark(
    *,
    units: pl.DataFrame,
    employments: pl.DataFrame,
    absences: pl.DataFrame,
    compare: Sequence[str],
    window_start: dt.date,
    window_end: dt.date,
    as_of: dt.date,
    config: MetricsConfig | None = None,
    staff_group: str | None = None,
    reference: str = "own",
    national_rates: Mapping[str, float] | None = None,
    covariates: Sequence[str] = COVARIATES,
    threshold: int = 5,
    frame: pl.DataFrame | None = None,
    fit: Fit | None = None,
) -> Benchmark:
    """Figures for the units ``compare`` (each with its subtree) in the window.

    The reference is fitted on every person-period of the organisation in the window;
    with ``staff_group`` only that group's person-periods are counted in the units (the
    model already adjusts for staff group, so this compares like with like).
    ``frame`` skips building the person-periods when the caller has them, and ``fit``
    (fitted on that frame with the same reference and covariates) skips the fit."""
    config = config or MetricsConfig()
    if frame is None:
        frame = person_periods(units=units, employments=employments, absences=absences,
                               date_from=window_start, date_to=window_end, as_of=as_of,
                               config=config)
    if fit is None:
        fit = fit_reference(frame, reference, national_rates=national_rates, covariates=covariates)
    counted = frame if staff_group is None else frame.filter(pl.col("staff_group") == staff_group)
    expected = fit.expected(counted)
    workdays = window_workdays(window_start, window_end, config)
    table = unit_figures(counted, expected, members=subtree_members(units, compare),
                         window_start=window_start, window_end=window_end, workdays=workdays,
                         dispersion=fit.dispersion, threshold=threshold, unit_ids=compare)
    return Benchmark(window_start, window_end, fit, table,
                     counted.with_columns(expected=pl.Series(expected)), workdays)

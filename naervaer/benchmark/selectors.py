"""Reads what the benchmark needs (the metrics inputs plus birth year, gender and unit
type, the national reference rates) and shapes its figures for the pages.

Suppression (spec/metrics.md, "Privacy in aggregated views"): for a viewer without
person access every figure of a unit whose headcount is below the organisation's
threshold is hidden, its ranks are not shown and the others' ranks are counted without
it, and it is left out of the funnel plot and of the potential."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.urls import reverse
from django.utils.translation import gettext as _

from naervaer.benchmark import cache
from naervaer.benchmark.models import NationalReferenceRate
from naervaer.core.benchmark import COVARIATES, Benchmark, benchmark, funnel_limits
from naervaer.core.benchmark.frame import person_periods
from naervaer.core.benchmark.run import fit_reference
from naervaer.core.metrics import MetricsConfig
from naervaer.insight.tables import Cell, Column, Table
from naervaer.metrics.selectors import metrics_inputs
from naervaer.organisation.models import Employment, Unit
from naervaer.organisation.selectors import get_settings


@dataclass(frozen=True)
class BenchmarkInputs:
    units: pl.DataFrame        # unit_id, parent_id, unit_type
    employments: pl.DataFrame  # the metrics core's, plus birth_year and gender
    absences: pl.DataFrame
    config: MetricsConfig


def benchmark_inputs() -> BenchmarkInputs:
    inputs = metrics_inputs()
    attributes = pl.DataFrame(
        list(Employment.objects.values_list("employment_id", "birth_year", "gender")),
        schema={"employment_id": pl.String, "birth_year": pl.Int64, "gender": pl.String},
        orient="row")
    unit_types = pl.DataFrame(list(Unit.objects.values_list("unit_id", "unit_type")),
                              schema={"unit_id": pl.String, "unit_type": pl.String}, orient="row")
    return BenchmarkInputs(
        inputs.units.join(unit_types, on="unit_id", how="left"),
        inputs.employments.join(attributes, on="employment_id", how="left"),
        inputs.absences, inputs.config)


def national_rates() -> dict[str, float]:
    """Sick days per possible day by staff group, from the editable table."""
    return {rate.staff_group: rate.rate for rate in NationalReferenceRate.objects.all()}


def run_benchmark(*, compare: Sequence[str], window_start: dt.date, window_end: dt.date,
                  as_of: dt.date, staff_group: str | None = None, reference: str = "own",
                  unit_type: bool = False, inputs: BenchmarkInputs | None = None) -> Benchmark:
    """The core's benchmark on the database's data (``unit_type`` adds the unit's type
    as a covariate). Without ``inputs`` the inputs, person-periods and fit come from
    :mod:`naervaer.benchmark.cache`, so only the compared units' figures are computed
    per request."""
    covariates = (*COVARIATES, "unit_type") if unit_type else COVARIATES
    rates = national_rates()

    def build(given: BenchmarkInputs | None = None) -> cache.Prepared:
        read = given or benchmark_inputs()
        frame = person_periods(units=read.units, employments=read.employments,
                               absences=read.absences, date_from=window_start, date_to=window_end,
                               as_of=as_of, config=read.config)
        fit = fit_reference(frame, reference, national_rates=rates, covariates=covariates)
        return cache.Prepared(read, frame, fit)

    if inputs is not None:
        ready = build(inputs)
    else:
        key = (cache.data_version(), cache.window_key(window_start, window_end, as_of),
               reference, covariates, tuple(sorted(rates.items())))
        ready = cache.prepared(key, build)
    read = ready.inputs
    return benchmark(units=read.units, employments=read.employments, absences=read.absences,
                     compare=list(compare), window_start=window_start, window_end=window_end,
                     as_of=as_of, config=read.config, staff_group=staff_group,
                     reference=reference, national_rates=rates, covariates=covariates,
                     threshold=get_settings().small_group_threshold, frame=ready.frame,
                     fit=ready.fit)


# ----------------------------------------------------------------------------- pages

@dataclass
class BenchmarkView:
    """A benchmark shaped for a page: the table, the funnel plot's points and limits,
    and what the model did."""

    result: Benchmark | None
    table: Table
    funnel_points: list[dict[str, Any]] = field(default_factory=list)
    funnel_limits: list[dict[str, Any]] = field(default_factory=list)
    potential_days: float = 0.0
    potential_fte: float = 0.0
    potential_dkk: float = 0.0
    quartile: float | None = None
    hidden_units: int = 0
    threshold: int = 5
    error: str = ""


def _suppression_note(threshold: int) -> str:
    return _("“–”: færre end %(n)d medarbejdere; tallet vises ikke, så ingen kan genkendes.") % {
        "n": threshold}


COLUMNS = [
    Column("name", _("Enhed")),
    Column("headcount", _("Medarbejdere"), "int", "headcount"),
    Column("fte", _("Årsværk"), "dec1", "fte"),
    Column("days_per_fte", _("Sygedage pr. årsværk (rå)"), "dec1", "days_per_fte"),
    Column("raw_rank", _("Placering, rå"), "int"),
    Column("expected_per_fte", _("Forventet pr. årsværk"), "dec1"),
    Column("actual_days", _("Faktiske sygedage"), "dec1"),
    Column("expected_days", _("Forventede sygedage"), "dec1"),
    Column("sar", _("Fraværsratio (justeret)"), "dec2"),
    Column("sar_low", _("95 pct.-interval, fra"), "dec2"),
    Column("sar_high", _("95 pct.-interval, til"), "dec2"),
    Column("adjusted_rank", _("Placering, justeret"), "int"),
    Column("excess_days", _("Mer-/mindrefravær (dage)"), "dec1"),
    Column("excess_fte", _("Mer-/mindrefravær (årsværk)"), "dec2"),
    Column("excess_dkk", _("Mer-/mindrefravær (kr.)"), "int"),
    Column("potential_days", _("Potentiale (dage)"), "dec1"),
]
_VALUES = [column.key for column in COLUMNS[1:]]


def shape(result: Benchmark, *, names: dict[str, str], persons: bool, threshold: int,
          links: dict[str, str] | None = None, slug: str = "sammenligning",
          title: str = "") -> BenchmarkView:
    """Table, funnel and potential of ``result`` for a viewer (``persons``: no
    suppression)."""
    links = links or {}
    table_frame = result.table.with_columns(
        hidden=pl.lit(False) if persons else pl.col("suppressed"))
    # Ranks among the units shown, so a hidden unit's place cannot be read off a gap.
    shown = table_frame.filter(~pl.col("hidden"))
    ranks = shown.select(
        "unit_id", raw_rank=pl.col("days_per_fte").rank("ordinal").cast(pl.Int64),
        adjusted_rank=pl.col("sar").rank("ordinal").cast(pl.Int64))
    table_frame = table_frame.drop("raw_rank", "adjusted_rank").join(ranks, on="unit_id", how="left")
    table_frame = table_frame.sort(["adjusted_rank", "unit_id"], nulls_last=True)
    table = Table(slug, title or _("Rå og justeret sygefravær side om side"), COLUMNS)
    points = []
    for row in table_frame.iter_rows(named=True):
        hide = bool(row["hidden"])
        name = names.get(row["unit_id"], row["unit_id"])
        moved = ""
        if not hide and row["raw_rank"] is not None and row["adjusted_rank"] is not None:
            moved = _("Rå placering %(raw)d, justeret %(adjusted)d") % {
                "raw": row["raw_rank"], "adjusted": row["adjusted_rank"]}
        table.add(Cell(name, link=links.get(row["unit_id"], ""), title=moved),
                  *[Cell(row[key], hide, css=_css(key, row)) for key in _VALUES])
        if not hide and row["sar"] is not None:
            points.append({"name": name, "expected": row["expected_days"], "sar": row["sar"],
                           "low": row["sar_low"], "high": row["sar_high"],
                           "actual": row["actual_days"], "flag": _flag(row)})
    notes = [_("Tallene gælder hver enhed med dens underenheder. Fraværsratio = faktiske / "
               "forventede sygedage; 1,00 er det forventede for en enhed med samme personale.")]
    hidden_units = int(table_frame["hidden"].sum())
    if hidden_units:
        notes.append(_suppression_note(threshold))
    table.note = " ".join(notes)
    view = BenchmarkView(result, table, points, threshold=threshold, hidden_units=hidden_units)
    shown_rows = table_frame.filter(~pl.col("hidden"))
    view.potential_days = float(shown_rows["potential_days"].sum())
    view.potential_fte = view.potential_days / result.workdays if result.workdays else 0.0
    # Kroner of the potential at the units' own average cost of a sick day.
    sick_days = float(result.frame["sick_days"].sum())
    cost = float(result.frame.select(
        (pl.col("sick_days") * pl.col("hourly_cost").fill_null(0) * 7.4).sum()).item())
    dkk_per_day = cost / sick_days if sick_days else 0.0
    view.potential_dkk = view.potential_days * dkk_per_day
    view.quartile = _quartile(result.table, threshold)
    expected = [point["expected"] for point in points]
    if expected:
        view.funnel_limits = funnel_rows(min(expected), max(expected), result.fit.dispersion)
    return view


def _quartile(table: pl.DataFrame, threshold: int) -> float | None:
    from naervaer.core.benchmark import best_quartile

    return best_quartile(table, threshold)


def _flag(row: dict[str, Any]) -> str:
    if row["sar_low"] is not None and row["sar_low"] > 1:
        return _("Højere end forventet")
    if row["sar_high"] is not None and row["sar_high"] < 1:
        return _("Lavere end forventet")
    return _("Som forventet")


def _css(key: str, row: dict[str, Any]) -> str:
    if key != "sar" or row["sar"] is None:
        return ""
    if row["sar_low"] is not None and row["sar_low"] > 1:
        return "benchmark-high"
    if row["sar_high"] is not None and row["sar_high"] < 1:
        return "benchmark-low"
    return ""


def funnel_rows(low: float, high: float, dispersion: float, steps: int = 60) -> list[dict[str, Any]]:
    """The control limits on a logarithmic grid of expected days covering the points."""
    import numpy as np

    first = max(1.0, low * 0.7)
    last = max(first * 1.5, high * 1.3)
    grid = np.geomspace(first, last, steps)
    limits = funnel_limits(grid, dispersion)
    return [{"expected": float(value), "low_95": float(limits["low_95"][i]),
             "high_95": float(limits["high_95"][i]), "low_99_8": float(limits["low_99_8"][i]),
             "high_99_8": float(limits["high_99_8"][i])} for i, value in enumerate(grid)]


def child_benchmark(unit: Unit, date_from: dt.date, date_to: dt.date, persons: bool,
                    *, as_of: dt.date | None = None, staff_group: str | None = None) -> Table:
    """The unit page's and the report's "adjusted" child-unit table: the children of
    ``unit`` compared on the organisation's own model over [date_from, date_to] (whole
    months). ``persons``: the viewer sees persons (no suppression)."""
    view = child_benchmark_view(unit, date_from, date_to, persons, as_of=as_of,
                                staff_group=staff_group)
    return view.table


def child_benchmark_view(unit: Unit, date_from: dt.date, date_to: dt.date, persons: bool, *,
                         as_of: dt.date | None = None, staff_group: str | None = None,
                         reference: str = "own", unit_type: bool = False,
                         slug: str = "justeret") -> BenchmarkView:
    children = list(unit.children.order_by("name"))
    threshold = get_settings().small_group_threshold
    title = _("Underenheder justeret for rammevilkår")
    if not children:
        return BenchmarkView(None, Table(slug, title, COLUMNS), threshold=threshold)
    as_of = as_of or _data_as_of() or date_to
    try:
        result = run_benchmark(compare=[child.unit_id for child in children],
                               window_start=date_from, window_end=date_to, as_of=as_of,
                               staff_group=staff_group, reference=reference, unit_type=unit_type)
    except ValueError as error:
        view = BenchmarkView(None, Table(slug, title, COLUMNS), threshold=threshold, error=str(error))
        view.table.note = _("Sammenligningen kan ikke beregnes: %(reason)s") % {"reason": error}
        return view
    names = {child.unit_id: child.name for child in children}
    links = {child.unit_id: reverse("unit-benchmark", args=[child.unit_id]) for child in children
             if child.children.exists()}
    return shape(result, names=names, persons=persons, threshold=threshold, links=links,
                 slug=slug, title=title)


def _data_as_of() -> dt.date | None:
    from naervaer.metrics import cube

    manifest = cube.read_manifest()
    return manifest.as_of if manifest else None


def rate_ratio_rows(result: Benchmark) -> list[dict[str, Any]]:
    """What the model adjusted for: each covariate level's rate against its baseline."""
    fit = result.fit
    if fit.reference != "own":
        return [{"covariate": _("Personalegruppe"), "level": group, "ratio": rate * 100}
                for group, rate in sorted(fit.rates.items())]
    labels = {"staff_group": _("Personalegruppe"), "age_band": _("Alder"), "gender": _("Køn"),
              "part_time_band": _("Ugentlig arbejdstid"), "unit_type": _("Enhedstype")}
    rows = []
    for covariate in fit.covariates:
        for position, level in enumerate(fit.levels[covariate]):
            ratio = 1.0 if position == 0 else fit.rate_ratios().get(f"{covariate}={level}", 1.0)
            rows.append({"covariate": labels.get(covariate, covariate), "level": level,
                         "ratio": ratio, "baseline": position == 0})
    return rows

"""Figures per compared unit (spec/benchmark.md): actual and expected days, the
standardised absence ratio with its interval, the excess in days, FTE and kroner, the
raw and adjusted ranks and the potential; and the funnel plot's control limits.

A unit's figures are sums over the person-periods of its subtree, so they add up over
units and over months; ratios are taken from the sums, never averaged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import polars as pl

from naervaer.core.metrics.config import DAGSVAERK_HOURS
from naervaer.core.tree import closure_pairs

OUTPUT_COLUMNS = ["unit_id", "window_start", "window_end", "headcount", "fte", "actual_days",
                  "expected_days", "sar", "sar_low", "sar_high", "excess_days", "excess_fte",
                  "excess_dkk", "raw_rank", "adjusted_rank", "suppressed"]
# Beyond the command line's columns, for the pages.
EXTRA_COLUMNS = ["days_per_fte", "expected_per_fte", "potential_days"]


def subtree_members(units: pl.DataFrame, unit_ids: Sequence[str]) -> pl.DataFrame:
    """unit_id (one of ``unit_ids``), member_id: the unit itself and every descendant."""
    parent_of: dict[str, str | None] = dict(zip(units["unit_id"].to_list(),
                                                units["parent_id"].to_list(), strict=True))
    wanted = set(unit_ids)
    pairs = [(ancestor, descendant) for ancestor, descendant, _distance in closure_pairs(parent_of)
             if ancestor in wanted]
    return pl.DataFrame(pairs, schema={"unit_id": pl.String, "member_id": pl.String}, orient="row")


def unit_depths(units: pl.DataFrame) -> dict[str, int]:
    from naervaer.core.tree import depths

    return depths(dict(zip(units["unit_id"].to_list(), units["parent_id"].to_list(), strict=True)))


def ratio_interval(actual: np.ndarray, expected: np.ndarray, dispersion: float,
                   level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) Poisson interval of actual / expected, on the quasi-Poisson scale:
    actual / φ is treated as a Poisson count. Null where expected is 0."""
    from scipy.stats import gamma

    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    tail = (1 - level) / 2
    scaled = actual / dispersion
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(scaled > 0, gamma.ppf(tail, np.maximum(scaled, 1e-12)), 0.0)
        high = gamma.ppf(1 - tail, scaled + 1)
        factor = np.where(expected > 0, dispersion / expected, np.nan)
    return low * factor, high * factor


def funnel_limits(expected: np.ndarray, dispersion: float, levels: Sequence[float] = (0.95, 0.998),
                  centre: float = 1.0) -> dict[str, np.ndarray]:
    """Control limits of the ratio for units with ``expected`` days when the true ratio is
    ``centre``: the (quasi-)Poisson count's quantiles divided by expected. Keys
    ``low_95``, ``high_95``, ``low_99_8``, ``high_99_8`` (level × 100, "." → "_")."""
    from scipy.stats import gamma

    expected = np.asarray(expected, dtype=np.float64)
    mean = expected * centre / dispersion
    limits: dict[str, np.ndarray] = {}
    for level in levels:
        tail = (1 - level) / 2
        name = f"{level * 100:g}".replace(".", "_")
        with np.errstate(divide="ignore", invalid="ignore"):
            low = np.where(mean > 0, gamma.ppf(tail, np.maximum(mean, 1e-12)), 0.0)
            limits[f"low_{name}"] = low * dispersion / expected
            limits[f"high_{name}"] = gamma.ppf(1 - tail, mean + 1) * dispersion / expected
    return limits


def _rank(values: pl.Expr) -> pl.Expr:
    """1 = lowest; ties by unit_id (the frame is sorted by it); null stays null."""
    return values.rank("ordinal").cast(pl.Int64)


def unit_figures(
    frame: pl.DataFrame,
    expected: np.ndarray,
    *,
    members: pl.DataFrame,
    window_start: dt.date,
    window_end: dt.date,
    workdays: int,
    dispersion: float,
    threshold: int,
    unit_ids: Sequence[str] | None = None,
) -> pl.DataFrame:
    """One row per compared unit (``members``' unit_id; ``unit_ids`` adds units without
    members), sorted by unit_id, with OUTPUT_COLUMNS and EXTRA_COLUMNS.

    ``frame`` are the person-periods to count (e.g. one staff group) with their
    ``expected`` days; ``workdays`` those of the window (FTE = possible days / workdays);
    ``threshold`` the small-group threshold: ``suppressed`` marks a headcount below it,
    and only units at or above it set the best quartile of the potential."""
    rows = frame.select("employee_id", "unit_id", "possible_days", "sick_days", "hourly_cost").with_columns(
        expected=pl.Series(np.asarray(expected, dtype=np.float64)))
    summed = (
        members.join(rows, left_on="member_id", right_on="unit_id", how="inner")
        .group_by("unit_id")
        .agg(
            headcount=pl.col("employee_id").n_unique(),
            possible_days=pl.col("possible_days").sum(),
            actual_days=pl.col("sick_days").sum(),
            expected_days=pl.col("expected").sum(),
            excess_dkk=((pl.col("sick_days") - pl.col("expected")) * DAGSVAERK_HOURS
                        * pl.col("hourly_cost").fill_null(0.0)).sum(),
        )
    )
    wanted = sorted(set(members["unit_id"].to_list()) | set(unit_ids or ()))
    table = (pl.DataFrame({"unit_id": wanted}, schema={"unit_id": pl.String})
             .join(summed, on="unit_id", how="left")
             .with_columns(pl.col("headcount").fill_null(0).cast(pl.Int64),
                           pl.col("possible_days", "actual_days", "expected_days", "excess_dkk")
                           .fill_null(0.0))
             .sort("unit_id"))
    low, high = ratio_interval(table["actual_days"].to_numpy(), table["expected_days"].to_numpy(),
                               dispersion)
    has_expected = pl.col("expected_days") > 0
    fte = pl.col("possible_days") / workdays if workdays > 0 else pl.lit(0.0)
    table = table.with_columns(
        window_start=pl.lit(window_start, dtype=pl.Date),
        window_end=pl.lit(window_end, dtype=pl.Date),
        fte=fte,
        sar=pl.when(has_expected).then(pl.col("actual_days") / pl.col("expected_days")),
        sar_low=pl.when(has_expected).then(pl.Series(low)),
        sar_high=pl.when(has_expected).then(pl.Series(high)),
        excess_days=pl.col("actual_days") - pl.col("expected_days"),
        suppressed=pl.col("headcount") < threshold,
    ).with_columns(
        excess_fte=pl.col("excess_days") / workdays if workdays > 0 else pl.lit(None, pl.Float64),
        days_per_fte=pl.when(pl.col("fte") > 0).then(pl.col("actual_days") / pl.col("fte")),
        expected_per_fte=pl.when(pl.col("fte") > 0).then(pl.col("expected_days") / pl.col("fte")),
    ).with_columns(
        raw_rank=_rank(pl.col("days_per_fte")),
        adjusted_rank=_rank(pl.col("sar")),
    )
    quartile = best_quartile(table, threshold)
    potential = (pl.lit(0.0) if quartile is None else pl.max_horizontal(
        pl.lit(0.0), pl.col("actual_days") - pl.col("expected_days") * quartile))
    return table.with_columns(potential_days=potential).select(OUTPUT_COLUMNS + EXTRA_COLUMNS)


def best_quartile(table: pl.DataFrame, threshold: int) -> float | None:
    """SAR_q25: the first quartile (linear interpolation) of the ratio over the compared
    units with a headcount of at least ``threshold``; None when there is none."""
    ratios = table.filter((pl.col("headcount") >= threshold) & pl.col("sar").is_not_null())["sar"]
    if ratios.is_empty():
        return None
    return float(np.quantile(ratios.to_numpy(), 0.25))


def potential_total(table: pl.DataFrame) -> float:
    """Σ over units of max(0, actual − expected × SAR_q25): days saved if every unit did
    as well as the best quarter."""
    return float(table["potential_days"].sum())

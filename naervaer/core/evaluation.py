"""Did an initiative work? A difference in differences on monthly unit figures.

Input: cube-like monthly rows (``unit_id``, ``period_end``, ``staff_group``,
``absence_hours``, ``possible_hours``, ``fte``; one scope, normally ``own`` so that no
employee is counted in two units), the units the initiative covers (``treated``), the
units that may serve as comparison (``candidates``) and the start date.

The method, step by step (``evaluate``):

1. **Window.** Up to ``pre_months`` whole months before the start and ``post_months``
   whole months from it. The month the start falls in is left out when the start is not
   the 1st (a transition month). Months after ``complete_until`` (the cube's reference
   date: an unfinished month) are left out, and so are months in which no unit in the
   rows has any absence at all (months before absence data was imported) and the
   leading months whose absence % over all units is below 60 % of the median month
   (the start of an absence history misses the spells that began before it).
2. **Units.** A unit enters the panel when it has possible hours in every month of the
   window and at least ``min_fte`` FTE on average before the start: small units swing
   too much from month to month, and a unit that opens or closes changes composition.
3. **Comparison units** (``choose_comparison``). For every unit: its absence % before
   the start (level, from summed hours), its linear trend before the start (percentage
   points per year, least squares on the monthly %) and its staff mix (each staff
   group's share of possible hours before the start). Distance between a treated unit
   and a candidate = sqrt((Δlevel / sd level)² + (Δtrend / sd trend)² +
   (staff-mix difference / 0.25)²), the standard deviations over all units in the
   panel, the staff-mix difference the total variation distance (0 = same mix,
   1 = nothing in common; 0.25 weighs like one standard deviation of level). Each
   treated unit takes its ``matches_per_unit`` nearest candidates; the comparison group
   is the union. Matching on a long pre-period average keeps the regression-to-the-mean
   bias of matching on outcomes small.
4. **Effect.** Weighted least squares of the monthly absence % on unit fixed effects,
   month fixed effects and an indicator "treated unit, month after the start", weighted
   by possible hours (so the estimate is in the same pooled terms as every other
   absence % in Nærvær). Standard errors are clustered by unit (months of one unit are
   not independent: a long sick spell spans several; CR1, as statsmodels' cluster
   covariance), and the confidence interval uses the t distribution with
   (clusters − 1) degrees of freedom.
5. **Pre-trend check.** On the months before the start only: the same model with
   "treated unit × months since start" instead of the indicator. A slope different from
   0 (p < ``pretrend_alpha``) means the two groups were already drifting apart, and the
   comparison cannot tell the initiative's effect from the drift.
6. **Verdict.** ``cannot_tell`` with reasons when there are fewer than
   ``min_treated`` treated or ``min_comparison`` comparison units, fewer than
   ``min_pre_months`` / ``min_post_months`` months, when the pre-trend check fails, or
   when the interval is so wide that it spans more than ± ``max_half_width_share`` of
   the treated units' level before the start. Otherwise ``reduced`` (interval below 0),
   ``increased`` (above 0) or ``no_change`` (the interval holds 0).

The estimate is the one statsmodels gives (``WLS(...).fit(cov_type="cluster",
use_t=True)``; a test checks they agree), computed here by normal equations because
statsmodels' SVD of the full dummy design is slow on a busy machine. scipy (for the t
distribution) is imported inside the function only.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from naervaer.core.months import add_months, month_start

ALL = "*"
STARTUP_SHARE = 0.6
REDUCED, INCREASED, NO_CHANGE, CANNOT_TELL = "reduced", "increased", "no_change", "cannot_tell"
# Reasons for ``cannot_tell``
FEW_TREATED, FEW_COMPARISON, FEW_PRE, FEW_POST, PRE_TREND, IMPRECISE = (
    "few_treated", "few_comparison", "few_pre_months", "few_post_months", "pre_trend", "imprecise")


@dataclass(frozen=True)
class EvaluationSettings:
    pre_months: int = 24
    post_months: int = 24
    min_fte: float = 5.0
    matches_per_unit: int = 5
    min_treated: int = 3
    min_comparison: int = 4
    min_pre_months: int = 6
    min_post_months: int = 3
    alpha: float = 0.05
    pretrend_alpha: float = 0.05
    max_half_width_share: float = 0.5
    mix_scale: float = 0.25


@dataclass(frozen=True)
class Estimate:
    effect: float            # percentage points of absence
    low: float
    high: float
    std_error: float
    p_value: float
    clusters: int


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date           # first day of the month
    post: bool
    treated_pct: float | None
    comparison_pct: float | None


@dataclass(frozen=True)
class Evaluation:
    verdict: str
    reasons: tuple[str, ...]
    start: dt.date
    first_post_month: dt.date
    treated_units: tuple[str, ...]           # in the panel
    comparison_units: tuple[str, ...]
    dropped_treated: tuple[str, ...]         # covered, but not in the panel (size, gaps)
    pre_months: int
    post_months: int
    estimate: Estimate | None
    pre_trend: Estimate | None               # slope, percentage points per year
    treated_pre_pct: float | None
    treated_post_pct: float | None
    comparison_pre_pct: float | None
    comparison_post_pct: float | None
    months: tuple[MonthPoint, ...] = field(default=())

    @property
    def relative_effect(self) -> float | None:
        """The effect as a share (%) of the treated units' level before the start."""
        if self.estimate is None or not self.treated_pre_pct:
            return None
        return 100 * self.estimate.effect / self.treated_pre_pct

    @property
    def relative_interval(self) -> tuple[float, float] | None:
        if self.estimate is None or not self.treated_pre_pct:
            return None
        return (100 * self.estimate.low / self.treated_pre_pct,
                100 * self.estimate.high / self.treated_pre_pct)


def first_post_month(start: dt.date) -> dt.date:
    """The first whole month from the start (the start's month when it is the 1st)."""
    return start if start.day == 1 else add_months(month_start(start), 1)


def _window(rows: pl.DataFrame, start: dt.date, complete_until: dt.date | None,
            settings: EvaluationSettings) -> pl.DataFrame:
    """Rows of the months in the window, with ``month`` and ``post``."""
    post_from = first_post_month(start)
    first = add_months(month_start(start), -settings.pre_months)
    last = add_months(post_from, settings.post_months - 1)
    frame = rows.with_columns(month=pl.col("period_end").dt.month_start())
    wanted = (pl.col("month") >= first) & (pl.col("month") <= last) & (
        (pl.col("month") < month_start(start)) | (pl.col("month") >= post_from))
    if complete_until is not None:
        wanted &= pl.col("period_end") <= complete_until
    frame = frame.filter(wanted)
    totals = frame.filter(pl.col("staff_group") == ALL).group_by("month").agg(
        pl.col("absence_hours").sum(), pl.col("possible_hours").sum()).sort("month")
    totals = totals.filter(pl.col("absence_hours") > 0).with_columns(
        pct=pl.col("absence_hours") / pl.col("possible_hours"))
    if totals.height:
        # The first months of an absence history lack the spells that began before it:
        # leading months below STARTUP_SHARE of the median month are left out.
        low = (totals["pct"] < STARTUP_SHARE * float(totals["pct"].median())).to_list()  # type: ignore[arg-type]
        leading = next((i for i, is_low in enumerate(low) if not is_low), len(low))
        totals = totals.slice(leading)
    with_data = totals["month"]
    return frame.filter(pl.col("month").is_in(with_data.implode())).with_columns(
        post=pl.col("month") >= post_from)


def _panel(window: pl.DataFrame, units: Sequence[str], settings: EvaluationSettings) -> pl.DataFrame:
    """Balanced unit × month panel (all staff groups) of the eligible ``units``."""
    panel = window.filter((pl.col("staff_group") == ALL) & pl.col("unit_id").is_in(list(units))
                          & (pl.col("possible_hours") > 0))
    months = window["month"].n_unique()
    eligible = panel.group_by("unit_id").agg(
        pl.len().alias("n"), pl.col("fte").filter(~pl.col("post")).mean().alias("pre_fte")).filter(
        (pl.col("n") == months) & (pl.col("pre_fte") >= settings.min_fte))["unit_id"]
    return panel.filter(pl.col("unit_id").is_in(eligible.implode())).with_columns(
        pct=100 * pl.col("absence_hours") / pl.col("possible_hours")).sort("unit_id", "month")


def unit_features(window: pl.DataFrame, panel: pl.DataFrame) -> pl.DataFrame:
    """Per unit before the start: ``level`` (absence %), ``trend`` (points per year) and
    the staff mix (``mix``: struct-free, one column per staff group, shares)."""
    pre = panel.filter(~pl.col("post")).with_columns(
        t=(pl.col("month").dt.year() * 12 + pl.col("month").dt.month()).cast(pl.Float64) / 12)
    features = pre.group_by("unit_id").agg(
        level=100 * pl.col("absence_hours").sum() / pl.col("possible_hours").sum(),
        trend=pl.cov("t", "pct", ddof=0) / pl.col("t").var(ddof=0),
    ).with_columns(pl.col("trend").fill_nan(0.0).fill_null(0.0))
    groups = window.filter((pl.col("staff_group") != ALL) & ~pl.col("post")
                           & pl.col("unit_id").is_in(features["unit_id"].implode()))
    mix = groups.group_by("unit_id", "staff_group").agg(pl.col("possible_hours").sum())
    mix = mix.with_columns(share=pl.col("possible_hours") / pl.col("possible_hours").sum().over("unit_id"))
    if mix.height:
        wide = mix.pivot(on="staff_group", index="unit_id", values="share").fill_null(0.0)
        features = features.join(wide, on="unit_id", how="left").fill_null(0.0)
    return features.sort("unit_id")


def choose_comparison(features: pl.DataFrame, treated: Sequence[str], candidates: Sequence[str],
                      *, matches_per_unit: int = 5, mix_scale: float = 0.25) -> list[str]:
    """The union of each treated unit's nearest candidates (module docstring, step 3)."""
    treated_rows = features.filter(pl.col("unit_id").is_in(list(treated)))
    candidate_rows = features.filter(pl.col("unit_id").is_in(list(candidates))
                                     & ~pl.col("unit_id").is_in(list(treated)))
    if treated_rows.height == 0 or candidate_rows.height == 0:
        return []
    mix_columns = [c for c in features.columns if c not in ("unit_id", "level", "trend")]

    def scaled(frame: pl.DataFrame) -> np.ndarray:
        parts = []
        for name in ("level", "trend"):
            sd = float(features[name].std() or 0.0) or 1.0  # type: ignore[arg-type]
            parts.append(frame[name].to_numpy() / sd)
        return np.column_stack(parts)

    a, b = scaled(treated_rows), scaled(candidate_rows)
    distance = ((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2)
    if mix_columns:
        ma = treated_rows.select(mix_columns).to_numpy()
        mb = candidate_rows.select(mix_columns).to_numpy()
        total_variation = 0.5 * np.abs(ma[:, None, :] - mb[None, :, :]).sum(axis=2)
        distance += (total_variation / mix_scale) ** 2
    chosen: set[int] = set()
    k = min(matches_per_unit, candidate_rows.height)
    for row in distance:
        chosen.update(int(i) for i in np.argsort(row, kind="stable")[:k])
    names = candidate_rows["unit_id"].to_list()
    return sorted(names[i] for i in chosen)


def _design(panel: pl.DataFrame,
            regressor: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """y, X (regressor, unit dummies, month dummies without the first), weights, clusters."""
    units = panel["unit_id"].to_numpy()
    months = panel["month"].to_numpy()
    unit_levels, unit_codes = np.unique(units, return_inverse=True)
    month_levels, month_codes = np.unique(months, return_inverse=True)
    unit_dummies = np.zeros((panel.height, len(unit_levels)))
    unit_dummies[np.arange(panel.height), unit_codes] = 1.0
    month_dummies = np.zeros((panel.height, len(month_levels)))
    month_dummies[np.arange(panel.height), month_codes] = 1.0
    x = np.column_stack([regressor, unit_dummies, month_dummies[:, 1:]])
    return panel["pct"].to_numpy(), x, panel["possible_hours"].to_numpy(), unit_codes


def cluster_robust_wls(y: np.ndarray, x: np.ndarray, weights: np.ndarray,
                       clusters: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Weighted least squares with the cluster-robust (CR1) covariance: coefficients,
    covariance and the number of clusters. The same numbers as statsmodels'
    ``WLS(...).fit(cov_type="cluster", use_t=True)`` (tests/core/test_evaluation.py),
    by normal equations on a design of a few dozen columns: statsmodels' SVD of the full
    design is many times slower when the machine is busy."""
    root = np.sqrt(weights)
    wx, wy = x * root[:, None], y * root
    bread = np.linalg.inv(wx.T @ wx)
    beta = bread @ (wx.T @ wy)
    scores = wx * (wy - wx @ beta)[:, None]
    codes = np.unique(clusters, return_inverse=True)[1]
    groups = int(codes.max()) + 1
    summed = np.zeros((groups, x.shape[1]))
    np.add.at(summed, codes, scores)
    n, k = x.shape
    correction = groups / (groups - 1) * (n - 1) / (n - k)
    return beta, correction * bread @ (summed.T @ summed) @ bread, groups


def _clustered(panel: pl.DataFrame, regressor: np.ndarray, alpha: float) -> Estimate | None:
    """The first coefficient of the fixed-effects WLS with unit-clustered errors and a t
    interval with (clusters − 1) degrees of freedom."""
    from scipy import stats

    y, x, weights, clusters = _design(panel, regressor)
    if np.ptp(regressor) == 0 or x.shape[0] <= x.shape[1]:
        return None
    try:
        beta, covariance, groups = cluster_robust_wls(y, x, weights / weights.mean(), clusters)
    except np.linalg.LinAlgError:
        return None
    se = float(np.sqrt(covariance[0, 0]))
    if not math.isfinite(se) or se == 0 or groups < 2:
        return None
    effect = float(beta[0])
    quantile = float(stats.t.ppf(1 - alpha / 2, groups - 1))
    p_value = float(2 * stats.t.sf(abs(effect) / se, groups - 1))
    return Estimate(effect, effect - quantile * se, effect + quantile * se, se, p_value, groups)


def _pooled(panel: pl.DataFrame, units: Sequence[str], post: bool) -> float | None:
    part = panel.filter(pl.col("unit_id").is_in(list(units)) & (pl.col("post") == post))
    possible = float(part["possible_hours"].sum())
    return 100 * float(part["absence_hours"].sum()) / possible if possible > 0 else None


def _months(panel: pl.DataFrame, treated: Sequence[str], comparison: Sequence[str]) -> tuple[MonthPoint, ...]:
    grouped = panel.with_columns(
        side=pl.when(pl.col("unit_id").is_in(list(treated))).then(pl.lit("t")).otherwise(pl.lit("c"))
    ).group_by("month", "post", "side").agg(
        pct=100 * pl.col("absence_hours").sum() / pl.col("possible_hours").sum()).sort("month")
    points: dict[dt.date, dict[str, object]] = {}
    for row in grouped.iter_rows(named=True):
        point = points.setdefault(row["month"], {"post": row["post"]})
        point[row["side"]] = row["pct"]
    return tuple(MonthPoint(month, bool(p["post"]), p.get("t"), p.get("c"))  # type: ignore[arg-type]
                 for month, p in sorted(points.items()))


def evaluate(rows: pl.DataFrame, *, treated: Sequence[str], candidates: Sequence[str], start: dt.date,
             complete_until: dt.date | None = None,
             settings: EvaluationSettings | None = None) -> Evaluation:
    """The evaluation of an initiative started on ``start`` in ``treated`` (module docstring)."""
    settings = settings or EvaluationSettings()
    window = _window(rows, start, complete_until, settings)
    pool = sorted(set(treated) | set(candidates))
    panel = _panel(window, pool, settings)
    in_panel = set(panel["unit_id"].unique().to_list())
    treated_in = sorted(u for u in set(treated) if u in in_panel)
    dropped = tuple(sorted(set(treated) - in_panel))
    pre_count = panel.filter(~pl.col("post"))["month"].n_unique()
    post_count = panel.filter(pl.col("post"))["month"].n_unique()
    comparison: list[str] = []
    if treated_in and pre_count >= 2:
        features = unit_features(window, panel)
        comparison = choose_comparison(features, treated_in, [u for u in candidates if u in in_panel],
                                       matches_per_unit=settings.matches_per_unit,
                                       mix_scale=settings.mix_scale)
    reasons: list[str] = []
    if len(treated_in) < settings.min_treated:
        reasons.append(FEW_TREATED)
    if len(comparison) < settings.min_comparison:
        reasons.append(FEW_COMPARISON)
    if pre_count < settings.min_pre_months:
        reasons.append(FEW_PRE)
    if post_count < settings.min_post_months:
        reasons.append(FEW_POST)
    used = panel.filter(pl.col("unit_id").is_in(treated_in + comparison))
    estimate = pre_trend = None
    if not reasons:
        is_treated = used["unit_id"].is_in(treated_in).to_numpy()
        post = used["post"].to_numpy()
        estimate = _clustered(used, (is_treated & post).astype(float), settings.alpha)
        pre = used.filter(~pl.col("post"))
        pre_treated = pre["unit_id"].is_in(treated_in).to_numpy()
        first = first_post_month(start)
        since = np.array([(m.year - first.year) * 12 + m.month - first.month for m in pre["month"]],
                         dtype=float) / 12
        pre_trend = _clustered(pre, pre_treated * since, settings.pretrend_alpha)
    treated_pre = _pooled(used, treated_in, post=False)
    if estimate is None and not reasons:
        reasons.append(IMPRECISE)
    if pre_trend is not None and pre_trend.p_value < settings.pretrend_alpha:
        reasons.append(PRE_TREND)
    if estimate is not None and not reasons and treated_pre:
        half_width = (estimate.high - estimate.low) / 2
        if half_width > settings.max_half_width_share * treated_pre:
            reasons.append(IMPRECISE)
    if reasons:
        verdict = CANNOT_TELL
    elif estimate is not None and estimate.high < 0:
        verdict = REDUCED
    elif estimate is not None and estimate.low > 0:
        verdict = INCREASED
    else:
        verdict = NO_CHANGE
    return Evaluation(
        verdict=verdict, reasons=tuple(reasons), start=start, first_post_month=first_post_month(start),
        treated_units=tuple(treated_in), comparison_units=tuple(comparison), dropped_treated=dropped,
        pre_months=pre_count, post_months=post_count, estimate=estimate, pre_trend=pre_trend,
        treated_pre_pct=treated_pre, treated_post_pct=_pooled(used, treated_in, post=True),
        comparison_pre_pct=_pooled(used, comparison, post=False),
        comparison_post_pct=_pooled(used, comparison, post=True),
        months=_months(used, treated_in, comparison),
    )

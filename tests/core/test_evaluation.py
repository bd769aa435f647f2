"""Difference in differences for initiatives (naervaer.core.evaluation), on simulated
unit × month panels: a planted effect is found, a placebo mostly is not, and the
"cannot tell" cases say so."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from naervaer.core.evaluation import (
    CANNOT_TELL,
    FEW_COMPARISON,
    FEW_POST,
    FEW_PRE,
    FEW_TREATED,
    NO_CHANGE,
    PRE_TREND,
    REDUCED,
    add_months,
    choose_comparison,
    evaluate,
    first_post_month,
)

FIRST = dt.date(2023, 1, 1)
MONTHS = 36
START = dt.date(2024, 7, 1)          # 18 months before, 18 after
GROUPS = ("Pleje", "Pædagog")


def month_end(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def panel(seed: int, *, units: int = 40, treated: int = 10, factor: float = 1.0,
          treated_trend: float = 0.0, months: int = MONTHS, start: dt.date = START) -> pl.DataFrame:
    """Cube-like monthly rows (staff group "*" and per group) of ``units`` units. The
    first ``treated`` ("T01"…) get ``factor`` × their absence from ``start`` and an extra
    trend of ``treated_trend`` points per year throughout. Noise: a unit level, common
    month effects and AR(1) unit-month deviations, as in a long sick spell."""
    rng = np.random.default_rng(seed)
    names = [f"T{i:02d}" if i < treated else f"C{i:02d}" for i in range(units)]
    level = 6.0 * rng.lognormal(0, 0.25, units)
    fte = rng.uniform(30, 70, units)
    mix = rng.uniform(0.2, 0.8, units)
    season = 1 + 0.2 * np.cos(2 * np.pi * np.arange(months) / 12)
    rows = []
    noise = rng.normal(0, 0.15, units)
    for m in range(months):
        month = add_months(FIRST, m)
        noise = 0.6 * noise + rng.normal(0, 0.15, units)
        for u, name in enumerate(names):
            is_treated = u < treated
            pct = level[u] * season[m] * np.exp(noise[u])
            if is_treated:
                pct += treated_trend * (m - 18) / 12
                if month >= start:
                    pct *= factor
            possible = fte[u] * 160
            absence = max(pct, 0.0) / 100 * possible
            rows.append((name, month_end(month), "*", absence, possible, fte[u]))
            for group, share in zip(GROUPS, (mix[u], 1 - mix[u]), strict=True):
                rows.append((name, month_end(month), group, absence * share, possible * share,
                             fte[u] * share))
    return pl.DataFrame(rows, schema={"unit_id": pl.String, "period_end": pl.Date,
                                      "staff_group": pl.String, "absence_hours": pl.Float64,
                                      "possible_hours": pl.Float64, "fte": pl.Float64},
                        orient="row")


def run(rows: pl.DataFrame, *, treated: int = 10, start: dt.date = START, **kwargs):  # type: ignore[no-untyped-def]
    units = sorted(set(rows["unit_id"].to_list()))
    chosen = [u for u in units if u.startswith("T")][:treated]
    return evaluate(rows, treated=chosen, candidates=[u for u in units if u not in chosen],
                    start=start, **kwargs)


def test_planted_effect_is_recovered() -> None:
    result = run(panel(1, factor=0.7))
    assert result.verdict == REDUCED
    assert result.estimate is not None and result.estimate.high < 0
    assert result.relative_interval is not None
    low, high = result.relative_interval
    assert low < -30 < high  # the interval holds the planted −30 %
    assert result.pre_months == 18 and result.post_months == 18
    assert len(result.treated_units) == 10 and len(result.comparison_units) >= 10


def test_planted_effect_found_in_most_seeds() -> None:
    verdicts = [run(panel(seed, factor=0.7)).verdict for seed in range(10)]
    assert verdicts.count(REDUCED) >= 9


def test_placebo_shows_no_change_in_most_seeds() -> None:
    verdicts = [run(panel(seed)).verdict for seed in range(20)]
    assert verdicts.count(NO_CHANGE) >= 17, verdicts


def test_few_treated_units_cannot_tell() -> None:
    result = run(panel(2, factor=0.7), treated=2)
    assert result.verdict == CANNOT_TELL and FEW_TREATED in result.reasons
    assert result.estimate is None


def test_few_comparison_units_cannot_tell() -> None:
    result = run(panel(2, units=12, treated=10))
    assert result.verdict == CANNOT_TELL and FEW_COMPARISON in result.reasons


def test_too_few_months_cannot_tell() -> None:
    rows = panel(3, factor=0.7)
    late = run(rows, start=add_months(FIRST, MONTHS - 2))
    assert late.verdict == CANNOT_TELL and FEW_POST in late.reasons and late.post_months == 2
    early = run(rows, start=add_months(FIRST, 3))
    assert early.verdict == CANNOT_TELL and FEW_PRE in early.reasons and early.pre_months == 3


def test_diverging_pre_trend_cannot_tell() -> None:
    result = run(panel(4, treated_trend=-3.0))
    assert result.verdict == CANNOT_TELL and PRE_TREND in result.reasons
    assert result.pre_trend is not None and result.pre_trend.effect < 0


def test_months_without_data_and_unfinished_months_are_left_out() -> None:
    rows = panel(5, factor=0.7)
    # No absence anywhere in the first six months: imported before absence data began;
    # the seventh holds only spells that began in it (a fifth of a usual month).
    rows = rows.with_columns(absence_hours=pl.when(pl.col("period_end") < add_months(FIRST, 6))
                             .then(0.0)
                             .when(pl.col("period_end") < add_months(FIRST, 7))
                             .then(0.2 * pl.col("absence_hours"))
                             .otherwise(pl.col("absence_hours")))
    result = run(rows, complete_until=add_months(FIRST, MONTHS - 1) + dt.timedelta(days=10))
    assert result.pre_months == 11 and result.post_months == 17
    assert result.months[0].month == add_months(FIRST, 7)


def test_mid_month_start_leaves_out_the_transition_month() -> None:
    start = dt.date(2024, 7, 15)
    assert first_post_month(start) == dt.date(2024, 8, 1)
    result = run(panel(6), start=start)
    assert dt.date(2024, 7, 1) not in {point.month for point in result.months}
    assert result.pre_months == 18 and result.post_months == 17


def test_small_units_are_left_out() -> None:
    rows = panel(7).with_columns(
        fte=pl.when(pl.col("unit_id") == "T00").then(2.0).otherwise(pl.col("fte")))
    result = run(rows)
    assert "T00" in result.dropped_treated and "T00" not in result.treated_units


def test_comparison_follows_level_trend_and_staff_mix() -> None:
    features = pl.DataFrame({
        "unit_id": ["T", "same", "other_mix", "higher", "steeper"],
        "level": [6.0, 6.1, 6.0, 9.0, 6.0],
        "trend": [0.0, 0.1, 0.0, 0.0, 2.0],
        "Pleje": [1.0, 1.0, 0.0, 1.0, 1.0],
        "Pædagog": [0.0, 0.0, 1.0, 0.0, 0.0],
    })
    candidates = ["same", "other_mix", "higher", "steeper"]
    assert choose_comparison(features, ["T"], candidates, matches_per_unit=1) == ["same"]
    two = choose_comparison(features, ["T"], candidates, matches_per_unit=2)
    assert "same" in two and "other_mix" not in two


def test_chart_points_pool_hours() -> None:
    result = run(panel(8))
    point = result.months[0]
    assert point.treated_pct is not None and point.comparison_pct is not None
    assert not point.post and result.months[-1].post


@pytest.mark.parametrize("seed", [11])
def test_increase_is_reported_as_increase(seed: int) -> None:
    assert run(panel(seed, factor=1.4)).verdict == "increased"


def test_cluster_robust_wls_agrees_with_statsmodels() -> None:
    import statsmodels.api as sm

    from naervaer.core.evaluation import _design, cluster_robust_wls

    rows = panel(9, units=20, treated=5, factor=0.8)
    result = run(rows, treated=5)
    built = _design(
        rows.filter(pl.col("staff_group") == "*").with_columns(
            month=pl.col("period_end").dt.month_start(),
            pct=100 * pl.col("absence_hours") / pl.col("possible_hours"))
        .sort("unit_id", "month"),
        np.zeros(20 * MONTHS))
    y, x, weights, clusters = built
    x[:, 0] = np.random.default_rng(0).random(len(y))
    beta, covariance, groups = cluster_robust_wls(y, x, weights, clusters)
    fit = sm.WLS(y, x, weights=weights).fit(cov_type="cluster", cov_kwds={"groups": clusters},
                                            use_t=True)
    assert groups == 20
    assert np.allclose(beta, fit.params)
    assert np.allclose(np.sqrt(np.diag(covariance)), fit.bse)
    assert result.estimate is not None and result.estimate.clusters == len(
        result.treated_units) + len(result.comparison_units)

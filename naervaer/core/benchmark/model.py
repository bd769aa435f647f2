"""Expected sick days (spec/benchmark.md, "Model").

``fit_own``: a Poisson GLM (log link, offset log possible days, an intercept and treatment
dummies of the framework conditions), fitted with statsmodels on the organisation's own
person-periods. The Poisson likelihood depends on the data only through the sums of sick
days and possible days per covariate pattern, so the model is fitted on those cells (a
few hundred rows instead of a million): the coefficients are exactly those of the
person-level fit (tests/core/benchmark). Over-dispersion is Pearson χ²/df over the
person-periods themselves, floored at 1 (quasi-Poisson: it only ever widens intervals).

``fit_national``: expected = possible days × a national rate per staff group.

statsmodels is imported inside ``fit_own`` only: nothing on the metrics' import path
pays for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

COVARIATES = ("staff_group", "age_band", "gender", "part_time_band")
OPTIONAL_COVARIATES = ("unit_type",)


@dataclass(frozen=True)
class Fit:
    """A fitted reference: ``expected`` gives each person-period's expected sick days."""

    reference: str                          # "own" | "national"
    covariates: tuple[str, ...]
    levels: dict[str, tuple[str, ...]]      # each covariate's levels; the first is the baseline
    coefficients: dict[str, float]          # "intercept" and "covariate=level" (own fit)
    rates: dict[str, float]                 # sick days per possible day by staff group (national)
    fallback_rate: float                    # national: a staff group the table lacks
    dispersion: float                       # Pearson χ²/df, at least 1
    pearson_dispersion: float               # before the floor
    observations: int                       # person-periods
    parameters: int

    def expected(self, frame: pl.DataFrame) -> np.ndarray:
        """Expected sick days of each row of a person-period frame."""
        exposure = frame["possible_days"].to_numpy()
        if self.reference == "national":
            rate = frame["staff_group"].replace_strict(
                self.rates, default=self.fallback_rate, return_dtype=pl.Float64).to_numpy()
            return exposure * rate
        linear = np.full(frame.height, self.coefficients["intercept"])
        for covariate in self.covariates:
            effects = {level: self.coefficients.get(f"{covariate}={level}", 0.0)
                       for level in self.levels[covariate]}
            # A level not seen in the fit gets the baseline's effect.
            linear += frame[covariate].replace_strict(effects, default=0.0,
                                                      return_dtype=pl.Float64).to_numpy()
        return exposure * np.exp(linear)

    def rate_ratios(self) -> dict[str, float]:
        """exp(coefficient) of each covariate level against its baseline (own fit)."""
        return {name: float(np.exp(value)) for name, value in self.coefficients.items()
                if name != "intercept"}


def _cells(frame: pl.DataFrame, covariates: Sequence[str]) -> pl.DataFrame:
    return (frame.group_by(*covariates)
            .agg(pl.col("sick_days").sum(), pl.col("possible_days").sum())
            .sort(*covariates))


def _design(cells: pl.DataFrame, covariates: Sequence[str],
            levels: dict[str, tuple[str, ...]]) -> tuple[np.ndarray, list[str]]:
    columns = [np.ones(cells.height)]
    names = ["intercept"]
    for covariate in covariates:
        values = cells[covariate].to_numpy()
        for level in levels[covariate][1:]:
            columns.append((values == level).astype(np.float64))
            names.append(f"{covariate}={level}")
    return np.column_stack(columns), names


def fit_own(frame: pl.DataFrame, covariates: Sequence[str] = COVARIATES) -> Fit:
    """The organisation's own Poisson GLM on ``frame`` (frame.person_periods)."""
    import warnings

    from statsmodels.genmod.families import Poisson
    from statsmodels.genmod.generalized_linear_model import GLM

    if frame.is_empty():
        raise ValueError("no person-periods to fit the model on")
    covariates = tuple(covariates)
    # Baseline = the level with the most possible days (ties by name): stable estimates;
    # fitted values do not depend on the choice.
    levels = {}
    for covariate in covariates:
        order = (frame.group_by(covariate).agg(pl.col("possible_days").sum())
                 .sort(["possible_days", covariate], descending=[True, False]))
        levels[covariate] = tuple(order[covariate].to_list())
    cells = _cells(frame, covariates)
    design, names = _design(cells, covariates, levels)
    exposure = cells["possible_days"].to_numpy()
    model = GLM(cells["sick_days"].to_numpy(), design, family=Poisson(),
                   offset=np.log(exposure))
    with warnings.catch_warnings():
        # A level without any sick day drives its coefficient towards −∞ (its expected
        # days towards 0, which is the right answer); statsmodels warns about it.
        warnings.simplefilter("ignore")
        result = model.fit(method="IRLS", maxiter=100, tol=1e-10)
    params = np.asarray(result.params, dtype=np.float64)
    rank = int(np.linalg.matrix_rank(design))
    fit = Fit("own", covariates, levels, dict(zip(names, params.tolist(), strict=True)), {}, 0.0,
              1.0, 1.0, frame.height, rank)
    return _with_dispersion(fit, frame, rank)


def fit_national(frame: pl.DataFrame, rates: Mapping[str, float],
                 fallback_rate: float | None = None) -> Fit:
    """Expected days from national rates (sick days per possible day) by staff group.
    A staff group the table lacks gets ``fallback_rate``, by default the organisation's
    own crude rate."""
    if fallback_rate is None:
        possible = float(frame["possible_days"].sum())
        fallback_rate = float(frame["sick_days"].sum()) / possible if possible > 0 else 0.0
    fit = Fit("national", ("staff_group",), {}, {}, {str(k): float(v) for k, v in rates.items()},
              fallback_rate, 1.0, 1.0, frame.height, 0)
    return _with_dispersion(fit, frame, 0)


def _with_dispersion(fit: Fit, frame: pl.DataFrame, parameters: int) -> Fit:
    """Pearson χ² / (n − p) over the person-periods (quasi-Poisson), floored at 1."""
    expected = fit.expected(frame)
    actual = frame["sick_days"].to_numpy()
    positive = expected > 1e-12
    chi2 = float(np.sum((actual[positive] - expected[positive]) ** 2 / expected[positive]))
    df = int(positive.sum()) - parameters
    pearson = chi2 / df if df > 0 else 1.0
    return Fit(fit.reference, fit.covariates, fit.levels, fit.coefficients, fit.rates,
               fit.fallback_rate, max(1.0, pearson), pearson, fit.observations, parameters)

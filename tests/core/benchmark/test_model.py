"""The benchmark model and figures (spec/benchmark.md): a golden case by indirect
standardisation, the Poisson score equation, additivity over months, determinism."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naervaer.core.benchmark import (
    benchmark,
    best_quartile,
    fit_national,
    fit_own,
    funnel_limits,
    parse_window,
    person_periods,
    ratio_interval,
    subtree_members,
    unit_figures,
)
from naervaer.core.benchmark.model import COVARIATES
from naervaer.core.metrics import group_table
from naervaer.demo.generator import generate

UNITS = pl.DataFrame({"unit_id": ["ROOT", "X", "Y"], "parent_id": [None, "ROOT", "ROOT"]})


def _people(unit: str, group: str, count: int, possible: float, sick: float) -> list[dict]:
    """``count`` people sharing ``possible`` and ``sick`` days equally."""
    return [{"employee_id": f"{unit}-{group}-{i}", "unit_id": unit, "staff_group": group,
             "age_band": "40–49", "gender": "K", "part_time_band": "≥35 h",
             "possible_days": possible / count, "sick_days": sick / count, "hourly_cost": 300.0}
            for i in range(count)]


def _golden_frame() -> pl.DataFrame:
    # Group A is absent a lot, B little. X is mostly A, Y mostly B.
    rows = (_people("X", "A", 5, 1000, 40) + _people("X", "B", 5, 200, 2)
            + _people("Y", "A", 5, 200, 20) + _people("Y", "B", 5, 1000, 8))
    return pl.DataFrame(rows)


def test_golden_indirect_standardisation_with_one_covariate() -> None:
    frame = _golden_frame()
    fit = fit_own(frame, ("staff_group",))
    expected = fit.expected(frame)
    table = unit_figures(frame, expected, members=subtree_members(UNITS, ["X", "Y"]),
                         window_start=dt.date(2025, 1, 1), window_end=dt.date(2025, 12, 31),
                         workdays=240, dispersion=1.0, threshold=5)
    # Rates by group (A: 60/1200, B: 10/1200) applied to each unit's possible days.
    rate_a, rate_b = 60 / 1200, 10 / 1200
    x, y = table.row(0, named=True), table.row(1, named=True)
    assert x["expected_days"] == pytest.approx(1000 * rate_a + 200 * rate_b, rel=1e-9)
    assert y["expected_days"] == pytest.approx(200 * rate_a + 1000 * rate_b, rel=1e-9)
    assert x["sar"] == pytest.approx(42 / (50 + 200 / 120), rel=1e-9)
    assert y["sar"] == pytest.approx(28 / (10 + 1000 / 120), rel=1e-9)
    assert x["fte"] == pytest.approx(1200 / 240)
    assert x["excess_days"] == pytest.approx(42 - (50 + 200 / 120))
    assert x["excess_fte"] == pytest.approx(x["excess_days"] / 240)
    assert x["excess_dkk"] == pytest.approx(x["excess_days"] * 7.4 * 300)
    # Raw: Y looks better (fewer days per FTE); adjusted: X does.
    assert (x["raw_rank"], y["raw_rank"]) == (2, 1)
    assert (x["adjusted_rank"], y["adjusted_rank"]) == (1, 2)
    # The same rates as a national table give the same expected days.
    national = fit_national(frame, {"A": rate_a, "B": rate_b})
    np.testing.assert_allclose(national.expected(frame), expected, rtol=1e-9)


def test_potential_uses_the_best_quartile_of_units_at_the_threshold() -> None:
    table = pl.DataFrame({"headcount": [10, 10, 10, 10, 2], "sar": [0.8, 1.0, 1.2, 1.4, 0.1]})
    assert best_quartile(table, 5) == pytest.approx(0.95)  # numpy's linear quartile of 4 values
    frame = _golden_frame()
    fit = fit_own(frame, ("staff_group",))
    table = unit_figures(frame, fit.expected(frame), members=subtree_members(UNITS, ["X", "Y"]),
                         window_start=dt.date(2025, 1, 1), window_end=dt.date(2025, 12, 31),
                         workdays=240, dispersion=1.0, threshold=5)
    q25 = best_quartile(table, 5)
    assert q25 is not None
    for row in table.iter_rows(named=True):
        assert row["potential_days"] == pytest.approx(max(0.0, row["actual_days"] - row["expected_days"] * q25))


def _random_frame(seed: int, rows: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    levels = {"staff_group": ["A", "B", "C", "ukendt"], "age_band": ["<30", "30–39", "60+"],
              "gender": ["K", "M"], "part_time_band": ["<30 h", "≥35 h"]}
    data = {name: rng.choice(values, rows) for name, values in levels.items()}
    possible = rng.uniform(5, 230, rows)
    sick = rng.poisson(possible * 0.04 * rng.gamma(0.5, 2.0, rows)).astype(float) * rng.choice([1, 0.5], rows)
    return pl.DataFrame({**data, "employee_id": [f"P{i}" for i in range(rows)],
                         "unit_id": rng.choice(["X", "Y"], rows), "possible_days": possible,
                         "sick_days": sick, "hourly_cost": 250.0})


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), rows=st.integers(30, 400))
def test_score_equation_expected_sums_to_actual(seed: int, rows: int) -> None:
    frame = _random_frame(seed, rows)
    fit = fit_own(frame)
    assert fit.expected(frame).sum() == pytest.approx(frame["sick_days"].sum(), rel=1e-6, abs=1e-6)


def test_fit_on_cells_equals_the_person_level_fit() -> None:
    from statsmodels.genmod.families import Poisson
    from statsmodels.genmod.generalized_linear_model import GLM

    frame = _random_frame(7, 500)
    fit = fit_own(frame)
    columns = [np.ones(frame.height)]
    for covariate in COVARIATES:
        for level in fit.levels[covariate][1:]:
            columns.append((frame[covariate] == level).to_numpy().astype(float))
    person = GLM(frame["sick_days"].to_numpy(), np.column_stack(columns), family=Poisson(),
                 offset=np.log(frame["possible_days"].to_numpy())).fit()
    np.testing.assert_allclose(fit.expected(frame), person.fittedvalues, rtol=1e-7)
    # Pearson χ²/df as statsmodels computes it on the person-periods.
    assert fit.pearson_dispersion == pytest.approx(person.pearson_chi2 / person.df_resid, rel=1e-6)


@pytest.fixture(scope="module")
def demo() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    data = generate(employees=400, years=2, seed=3, end_date=dt.date(2025, 12, 31))
    units = data.units.select("unit_id", "parent_id", "unit_type")
    employments = data.employments.drop("name")
    absences = data.absences.drop("absence_id")
    return units, employments, absences


def test_ratio_is_invariant_to_splitting_the_window_into_months(demo) -> None:
    units, employments, absences = demo
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    as_of = dt.date(2025, 12, 31)
    whole = person_periods(units=units, employments=employments, absences=absences,
                           date_from=start, date_to=end, as_of=as_of)
    months = person_periods(units=units, employments=employments, absences=absences,
                            date_from=start, date_to=end, as_of=as_of, by_month=True)
    assert months["month"].n_unique() == 12
    compare = units["unit_id"].to_list()
    tables = [benchmark(units=units, employments=None, absences=None,  # type: ignore[arg-type]
                        compare=compare, window_start=start, window_end=end, as_of=as_of,
                        frame=frame).table for frame in (whole, months)]
    for column in ("actual_days", "expected_days", "sar", "fte", "excess_dkk", "headcount"):
        np.testing.assert_allclose(tables[0][column].to_numpy().astype(float),
                                   tables[1][column].to_numpy().astype(float), rtol=1e-7, atol=1e-9,
                                   err_msg=column)
    # Additive over months: each month's expected days sum to the whole window's.
    fit = fit_own(months)
    by_month = months.with_columns(expected=pl.Series(fit.expected(months))).group_by("unit_id").agg(
        pl.col("expected").sum()).sort("unit_id")
    whole_fit = fit_own(whole)
    by_window = whole.with_columns(expected=pl.Series(whole_fit.expected(whole))).group_by(
        "unit_id").agg(pl.col("expected").sum()).sort("unit_id")
    np.testing.assert_allclose(by_month["expected"].to_numpy(), by_window["expected"].to_numpy(), rtol=1e-7)


def test_hours_are_the_metrics_cores(demo) -> None:
    units, employments, absences = demo
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    frame = person_periods(units=units, employments=employments, absences=absences,
                           date_from=start, date_to=end, as_of=end)
    table = group_table(units=units.select("unit_id", "parent_id"),
                        employments=employments.drop("birth_year", "gender"), absences=absences,
                        date_from=start, date_to=end, by="year", as_of=end, scopes=("own",))
    ours = frame.group_by("unit_id").agg(pl.col("possible_hours", "sick_hours").sum())
    joined = table.join(ours, on="unit_id").filter(pl.col("possible_hours_right") > 0)
    assert joined.height >= 5
    np.testing.assert_allclose(joined["possible_hours_right"], joined["possible_hours"], rtol=1e-9)
    np.testing.assert_allclose(joined["sick_hours"], joined["absence_hours"], rtol=1e-9)


def test_same_data_same_result(demo) -> None:
    units, employments, absences = demo
    start, end = parse_window("2025", dt.date(2025, 12, 31))
    results = [benchmark(units=units, employments=employments, absences=absences,
                         compare=units["unit_id"].to_list(), window_start=start, window_end=end,
                         as_of=end) for _ in range(2)]
    assert results[0].table.equals(results[1].table)
    assert results[0].fit == results[1].fit
    # The whole organisation: Σ expected = Σ actual.
    root = results[0].table.filter(pl.col("unit_id") == units.filter(
        pl.col("parent_id").is_null())["unit_id"][0]).row(0, named=True)
    assert root["expected_days"] == pytest.approx(root["actual_days"], rel=1e-7)


def test_covariates_from_birth_year_hours_gender_with_unknown_levels() -> None:
    units = pl.DataFrame({"unit_id": ["U"], "parent_id": [None]})
    employments = pl.DataFrame({
        "employment_id": ["E1", "E2", "E3"], "employee_id": ["P1", "P2", "P3"], "unit_id": ["U"] * 3,
        "staff_group": ["Pædagog", "", "Lærer"], "weekly_hours": [37.0, 32.0, 20.0],
        "start_date": [dt.date(2020, 1, 1)] * 3, "end_date": [None, None, dt.date(2024, 12, 31)],
        "hourly_cost": [None, 300.0, 300.0], "birth_year": [1996, None, 1960], "gender": ["K", None, "M"],
    }, schema_overrides={"end_date": pl.Date})
    absences = pl.DataFrame(schema={"employment_id": pl.String, "type": pl.String, "start_date": pl.Date,
                                    "end_date": pl.Date, "degree": pl.Int64, "hours": pl.Float64})
    frame = person_periods(units=units, employments=employments, absences=absences,
                           date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31),
                           as_of=dt.date(2025, 12, 31))
    assert frame["employment_id"].to_list() == ["E1", "E2"]  # E3 ended before the window
    assert frame["age_band"].to_list() == ["<30", "ukendt"]  # 2025 − 1996 = 29
    assert frame["gender"].to_list() == ["K", "ukendt"]
    assert frame["staff_group"].to_list() == ["Pædagog", "ukendt"]
    assert frame["part_time_band"].to_list() == ["≥35 h", "30–34 h"]


def test_interval_and_funnel_limits() -> None:
    low, high = ratio_interval(np.array([0.0, 100.0, 100.0]), np.array([10.0, 100.0, 100.0]), 1.0)
    assert low[0] == 0 and high[0] == pytest.approx(0.3689, abs=1e-3)  # exact Poisson, 0 events
    assert low[1] < 1 < high[1]
    wide_low, wide_high = ratio_interval(np.array([100.0]), np.array([100.0]), 4.0)
    assert wide_low[0] < low[1] and wide_high[0] > high[1]  # over-dispersion widens
    limits = funnel_limits(np.array([10.0, 100.0, 1000.0]), 1.0)
    assert (np.diff(limits["high_95"]) < 0).all() and (np.diff(limits["low_95"]) > 0).all()
    assert (limits["high_99_8"] > limits["high_95"]).all() and (limits["low_99_8"] < limits["low_95"]).all()


@pytest.mark.parametrize(("text", "start", "end"), [
    ("rolling12", dt.date(2025, 4, 1), dt.date(2026, 3, 31)),
    ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ("2024-11..2025-02", dt.date(2024, 11, 1), dt.date(2025, 2, 28)),
])
def test_windows(text: str, start: dt.date, end: dt.date) -> None:
    assert parse_window(text, dt.date(2026, 3, 17)) == (start, end)


@pytest.mark.parametrize("text", ["2025-13..2026-01", "2025-05..2025-01", "last year"])
def test_bad_windows(text: str) -> None:
    with pytest.raises(ValueError):
        parse_window(text, dt.date(2026, 3, 17))

"""Properties of the metrics core over small random organisations (hypothesis)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naervaer.core.metrics import group_table

ADDITIVE = ["possible_hours", "absence_hours", "short_days", "long_days", "spells_started",
            "spells_ended", "arbejdsskade_days", "barns_sygdom_days", "barsel_days", "andet_days",
            "absence_cost_dkk"]
BASE = dt.date(2023, 1, 1)
TYPES = ["egen_sygdom", "egen_sygdom", "graviditet", "barns_sygdom", "ferie", "arbejdsskade"]


@st.composite
def organisations(draw):  # type: ignore[no-untyped-def]
    unit_count = draw(st.integers(1, 5))
    parents = [None] + [f"U{draw(st.integers(0, index - 1))}" for index in range(1, unit_count)]
    units = pl.DataFrame({"unit_id": [f"U{index}" for index in range(unit_count)],
                          "parent_id": parents}, schema={"unit_id": pl.String, "parent_id": pl.String})
    employments, absences = [], []
    for number in range(draw(st.integers(1, 6))):
        start = BASE + dt.timedelta(days=draw(st.integers(0, 300)))
        end = draw(st.one_of(st.none(), st.integers(30, 500).map(
            lambda days, start=start: start + dt.timedelta(days=days))))
        employment_id = f"A{number}"
        employments.append({
            "employment_id": employment_id, "employee_id": f"P{draw(st.integers(0, 3))}",
            "unit_id": f"U{draw(st.integers(0, unit_count - 1))}",
            "staff_group": draw(st.sampled_from(["SOSU", "Pædagog"])),
            "weekly_hours": float(draw(st.sampled_from([37, 32, 20]))),
            "start_date": start, "end_date": end,
            "hourly_cost": draw(st.one_of(st.none(), st.just(250.0))),
        })
        # Disjoint records inside the employment: no two absences of one employment overlap.
        cursor = start
        for _ in range(draw(st.integers(0, 4))):
            cursor += dt.timedelta(days=draw(st.integers(0, 60)))
            length = draw(st.integers(0, 40))
            record_end = cursor + dt.timedelta(days=length)
            if end is not None and record_end > end:
                break
            absences.append({
                "employment_id": employment_id, "type": draw(st.sampled_from(TYPES)),
                "start_date": cursor,
                "end_date": None if draw(st.integers(0, 9)) == 0 else record_end,
                "degree": draw(st.sampled_from([100, 100, 50])), "hours": None,
            })
            cursor = record_end + dt.timedelta(days=1)
            if absences[-1]["end_date"] is None:
                break
    employments_frame = pl.DataFrame(employments, schema={
        "employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
        "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
        "end_date": pl.Date, "hourly_cost": pl.Float64})
    absences_frame = pl.DataFrame(absences, schema={
        "employment_id": pl.String, "type": pl.String, "start_date": pl.Date, "end_date": pl.Date,
        "degree": pl.Int64, "hours": pl.Float64})
    return units, employments_frame, absences_frame


def table(org, by="month", date_from=dt.date(2023, 1, 1), date_to=dt.date(2024, 12, 31),
          **options):  # type: ignore[no-untyped-def]
    units, employments, absences = org
    options.setdefault("scopes", ("subtree", "own"))
    return group_table(units=units, employments=employments, absences=absences,
                       date_from=date_from, date_to=date_to, by=by, as_of=dt.date(2024, 10, 15),
                       **options)


@settings(max_examples=40, deadline=None)
@given(organisations())
def test_subtree_is_own_plus_children_subtree(org):
    units = org[0]
    result = table(org, by="quarter", by_staff_group=True)
    key = ["period_start", "staff_group"]
    own = result.filter(pl.col("scope") == "own")
    subtree = result.filter(pl.col("scope") == "subtree")
    for unit_id in units["unit_id"].to_list():
        children = units.filter(pl.col("parent_id") == unit_id)["unit_id"].to_list()
        expected = (
            pl.concat([own.filter(pl.col("unit_id") == unit_id),
                       subtree.filter(pl.col("unit_id").is_in(children))])
            .group_by(key).agg(pl.col(column).sum() for column in ADDITIVE).sort(key)
        )
        actual = subtree.filter(pl.col("unit_id") == unit_id).sort(key)
        for column in ADDITIVE:
            assert actual[column].to_list() == pytest.approx(expected[column].to_list(), abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(organisations())
def test_absence_hours_never_exceed_possible_hours(org):
    # Degree ≤ 100, no payroll hours, and records of one employment never overlap.
    result = table(org, scopes=("own",), by_staff_group=True)
    sick_and_other = (pl.col("absence_hours") + 7.4 * (pl.col("arbejdsskade_days")
                      + pl.col("barns_sygdom_days")))
    assert (result.select(sick_and_other - pl.col("possible_hours")).to_series() <= 1e-6).all()


@settings(max_examples=30, deadline=None)
@given(organisations())
def test_months_add_up_to_quarters_and_years(org):
    months = table(org, by="month", by_staff_group=True)
    for kind in ("quarter", "year"):
        coarse = table(org, by=kind, by_staff_group=True)
        grouping = {"quarter": pl.col("period_start").dt.quarter(), "year": pl.lit(0)}[kind]
        summed = (
            months.with_columns(year=pl.col("period_start").dt.year(), part=grouping)
            .group_by("unit_id", "scope", "staff_group", "year", "part")
            .agg(pl.col(column).sum() for column in ADDITIVE)
            .sort("unit_id", "scope", "staff_group", "year", "part")
        )
        coarse = coarse.sort("unit_id", "scope", "staff_group", "period_start")
        for column in ADDITIVE:
            assert coarse[column].to_list() == pytest.approx(summed[column].to_list(), abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(organisations(), st.integers(0, 23))
def test_band_does_not_depend_on_the_reporting_window(org, month_offset):
    month = dt.date(2023 + month_offset // 12, month_offset % 12 + 1, 1)
    narrow = table(org, date_from=month, date_to=month)
    wide = table(org).filter(pl.col("period_start") == month)
    key = ["unit_id", "scope", "staff_group"]
    narrow, wide = narrow.sort(key), wide.sort(key)
    for column in ("short_days", "long_days", "open_spells", "headcount"):
        assert narrow[column].to_list() == pytest.approx(wide[column].to_list(), abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(organisations())
def test_rolling12_is_twelve_months_of_additive_columns(org):
    rolling = table(org, by="rolling12", date_from=dt.date(2024, 12, 1),
                    date_to=dt.date(2024, 12, 31)).sort("unit_id", "scope")
    months = (table(org, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31))
              .group_by("unit_id", "scope").agg(pl.col(column).sum() for column in ADDITIVE)
              .sort("unit_id", "scope"))
    for column in ADDITIVE:
        assert rolling[column].to_list() == pytest.approx(months[column].to_list(), abs=1e-6)

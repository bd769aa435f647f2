"""The group table (spec/metrics.md, "Figures for a group"): every unit × period × scope
(× staff group), computed from month-level sums so that no ratio is ever averaged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.metrics.config import DAGSVAERK_HOURS, OTHER_TYPES, MetricsConfig
from naervaer.core.metrics.days import DayCalendar, day_number, month_start_day
from naervaer.core.metrics.facts import MonthFacts, month_facts
from naervaer.core.metrics.inputs import Prepared, prepare
from naervaer.core.metrics.periods import Periods, build_periods
from naervaer.core.metrics.rollup import closure_frame, distinct_counts, sum_subtree
from naervaer.core.metrics.spells import open_spells_at

ALL = "*"
ALL_GROUPS = 0  # the group code of staff group "*"
SCOPES = ("subtree", "own")
ADDITIVE = ["possible_hours", "absence_hours", "short_hours", "long_hours",
            *[f"{kind}_hours" for kind in OTHER_TYPES], "absence_cost_dkk",
            "spells_started", "spells_ended"]
OUTPUT_COLUMNS = [
    "unit_id", "period_start", "period_end", "scope", "staff_group", "possible_hours",
    "absence_hours", "absence_days", "absence_pct", "fte", "days_per_fte", "short_days",
    "long_days", "spells_started", "spells_ended", "open_spells", "headcount",
    "share_without_absence", *[f"{kind}_days" for kind in OTHER_TYPES], "absence_cost_dkk",
    "days_per_employee",
]
KEYS = ["unit", "group", "period_id"]


@dataclass(frozen=True)
class _Context:
    prepared: Prepared
    periods: Periods
    calendar: DayCalendar
    closure: pl.DataFrame
    as_of: dt.date


def group_table(
    *,
    units: pl.DataFrame,
    employments: pl.DataFrame,
    absences: pl.DataFrame,
    date_from: dt.date,
    date_to: dt.date,
    by: str,
    as_of: dt.date,
    config: MetricsConfig | None = None,
    scopes: Sequence[str] = ("subtree",),
    by_staff_group: bool = False,
    unit_ids: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Every column of the spec's group table for each unit × period of kind ``by`` that
    overlaps [date_from, date_to] × scope × staff group (``*`` = all)."""
    config = config or MetricsConfig()
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise ValueError(f"unknown scope {sorted(unknown)}; use subtree or own")
    prepared = prepare(units, employments, absences, as_of, config)
    periods = build_periods(by, date_from, date_to)
    context = _Context(prepared, periods, _calendar(prepared, periods, as_of, config),
                       closure_frame(prepared.units), as_of)
    facts = month_facts(prepared, context.calendar, periods, config)
    values = _additive(context, facts).join(
        _open_spells(context, facts), on=["scope", *KEYS], how="full", coalesce=True,
    ).join(_headcounts(context, facts), on=["scope", *KEYS], how="full", coalesce=True)
    if not by_staff_group:
        values = values.filter(pl.col("group") == ALL_GROUPS)
    grid = _grid(prepared, periods, scopes, by_staff_group, unit_ids)
    table = grid.join(values, on=["scope", *KEYS], how="left").fill_null(0)
    return _derive(table, context).select(OUTPUT_COLUMNS).sort(
        "unit_id", "period_start", "scope", "staff_group")


def _calendar(prepared: Prepared, periods: Periods, as_of: dt.date,
              config: MetricsConfig) -> DayCalendar:
    """Whole years around the periods and every absence record (spells need history)."""
    first = int(month_start_day(np.array([(periods.first_month // 12) * 12]))[0])
    last = int(month_start_day(np.array([(periods.last_month // 12) * 12 + 12]))[0]) - 1
    records = prepared.records
    if not records.is_empty():
        first = min(first, int(records["start"].min()))  # type: ignore[arg-type]
        last = max(last, int(records["end"].max()))  # type: ignore[arg-type]
    return DayCalendar.build(first, max(last, day_number(as_of)), config.extra_days_off)


def _with_staff_group_all(frame: pl.DataFrame, values: list[str]) -> pl.DataFrame:
    """Append the staff group ``*`` rows (sums over staff groups)."""
    keys = [key for key in frame.columns if key not in values and key != "group"]
    everyone = frame.group_by(keys).agg(pl.col(value).sum() for value in values).with_columns(
        group=pl.lit(ALL_GROUPS, dtype=pl.Int64))
    return pl.concat([frame, everyone.select(frame.columns)])


def _by_scope(own: pl.DataFrame, closure: pl.DataFrame, values: list[str]) -> pl.DataFrame:
    subtree = sum_subtree(own, closure, ["group", "period_id"], values)
    return pl.concat([own.with_columns(scope=pl.lit("own")),
                      subtree.select(own.columns).with_columns(scope=pl.lit("subtree"))])


def _additive(context: _Context, facts: MonthFacts) -> pl.DataFrame:
    """Sums of the month facts per unit, staff group and period, for both scopes."""
    employments = context.prepared.employments.select(
        "employment_row", "unit", "group", "hourly_cost")
    own = (
        facts.by_employment_month.join(employments, on="employment_row")
        .with_columns(absence_cost_dkk=pl.col("absence_hours") * pl.col("hourly_cost"))
        .join(context.periods.months, on="month")
        .group_by(KEYS).agg(pl.col(value).sum() for value in ADDITIVE)
    )
    return _by_scope(_with_staff_group_all(own, ADDITIVE), context.closure, ADDITIVE)


def _evaluation_days(context: _Context) -> pl.DataFrame:
    """period_id, at: the day open spells are counted on — the period's last day, or the
    reference date when it falls inside the period."""
    as_of = day_number(context.as_of)
    table = context.periods.table
    return table.select(
        "period_id",
        at=pl.when((pl.col("period_start") <= as_of) & (as_of < pl.col("period_end")))
        .then(pl.lit(as_of)).otherwise(pl.col("period_end")),
    )


def _open_spells(context: _Context, facts: MonthFacts) -> pl.DataFrame:
    days = _evaluation_days(context)
    at_days = days.select("at").unique()
    opened = open_spells_at(facts.spells, facts.spell_records, at_days)
    own = (
        opened.join(days, on="at")
        .join(context.prepared.employments.select("employment_row", "unit", "group"),
              on="employment_row")
        .group_by(KEYS).agg(pl.len().cast(pl.Float64).alias("open_spells"))
    )
    return _by_scope(_with_staff_group_all(own, ["open_spells"]), context.closure,
                     ["open_spells"])


def _headcounts(context: _Context, facts: MonthFacts) -> pl.DataFrame:
    """Distinct employees employed, and of those with sick-absence hours, per group."""
    employments = context.prepared.employments.select(
        "employment_row", "employee", "unit", "group")
    months = context.periods.months

    def presence(employment_months: pl.DataFrame) -> pl.DataFrame:
        rows = (employment_months.select("employment_row", "month").unique()
                .join(employments, on="employment_row").join(months, on="month")
                .select("employee", "unit", "group", "period_id").unique())
        return pl.concat([rows, rows.with_columns(group=pl.lit(ALL_GROUPS, dtype=pl.Int64))
                          .unique()])

    employed = distinct_counts(presence(facts.employed_months), context.closure, "headcount")
    with_sick = distinct_counts(presence(facts.sick_months), context.closure, "with_absence")
    return employed.join(with_sick, on=["scope", *KEYS], how="left").fill_null(0)


def _grid(prepared: Prepared, periods: Periods, scopes: Sequence[str], by_staff_group: bool,
          unit_ids: Sequence[str] | None) -> pl.DataFrame:
    """Every unit × period × scope (× staff group), also where nobody is employed."""
    unit_frame = prepared.units.select("unit", "unit_id")
    if unit_ids is not None:
        unit_frame = unit_frame.filter(pl.col("unit_id").is_in(list(unit_ids)))
    groups = pl.DataFrame({"group": [ALL_GROUPS], "staff_group": [ALL]},
                          schema={"group": pl.Int64, "staff_group": pl.String})
    if by_staff_group:
        groups = pl.concat([groups, prepared.groups.select("group", "staff_group")])
    return (
        unit_frame.join(periods.table, how="cross")
        .join(pl.DataFrame({"scope": list(scopes)}), how="cross")
        .join(groups, how="cross")
    )


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def _derive(table: pl.DataFrame, context: _Context) -> pl.DataFrame:
    starts = table["period_start"].to_numpy()
    ends = table["period_end"].to_numpy()
    workdays = context.calendar.workdays_between(starts, ends)
    fte = pl.col("possible_hours") / (DAGSVAERK_HOURS * pl.col("period_workdays"))
    return table.with_columns(period_workdays=pl.Series(workdays)).with_columns(
        absence_days=pl.col("absence_hours") / DAGSVAERK_HOURS,
        absence_pct=_ratio(100 * pl.col("absence_hours"), pl.col("possible_hours")),
        fte=pl.when(pl.col("period_workdays") > 0).then(fte).otherwise(0.0),
        short_days=pl.col("short_hours") / DAGSVAERK_HOURS,
        long_days=pl.col("long_hours") / DAGSVAERK_HOURS,
        share_without_absence=_ratio(
            100 * (pl.col("headcount") - pl.col("with_absence")), pl.col("headcount")),
        **{f"{kind}_days": pl.col(f"{kind}_hours") / DAGSVAERK_HOURS for kind in OTHER_TYPES},
        days_per_employee=_ratio(pl.col("absence_hours") / DAGSVAERK_HOURS, pl.col("headcount")),
    ).with_columns(
        days_per_fte=_ratio(pl.col("absence_days"), pl.col("fte")),
        period_start=pl.col("period_start").cast(pl.Date),
        period_end=pl.col("period_end").cast(pl.Date),
        spells_started=pl.col("spells_started").cast(pl.Int64),
        spells_ended=pl.col("spells_ended").cast(pl.Int64),
        open_spells=pl.col("open_spells").cast(pl.Int64),
        headcount=pl.col("headcount").cast(pl.Int64),
    )

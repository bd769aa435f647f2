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
from naervaer.core.metrics.facts import CellMonths, MonthFacts, month_facts
from naervaer.core.metrics.inputs import Prepared, by_employment_row
from naervaer.core.metrics.periods import Periods, build_periods
from naervaer.core.metrics.rollup import UnitTree, distinct_counts
from naervaer.core.metrics.shared import MetricsData, given_or_built
from naervaer.core.metrics.spells import open_spells_at

ALL = "*"
SCOPES = ("subtree", "own")
OUTPUT_COLUMNS = [
    "unit_id", "period_start", "period_end", "scope", "staff_group", "possible_hours",
    "absence_hours", "absence_days", "absence_pct", "fte", "days_per_fte", "short_days",
    "long_days", "spells_started", "spells_ended", "open_spells", "headcount",
    "share_without_absence", *[f"{kind}_days" for kind in OTHER_TYPES], "absence_cost_dkk",
    "days_per_employee",
]


@dataclass(frozen=True)
class _Context:
    prepared: Prepared
    periods: Periods
    calendar: DayCalendar
    tree: UnitTree
    as_of: dt.date
    groups: int                     # staff-group slots: 1 ("*") or 1 + the staff groups
    cell_of_employment: np.ndarray  # unit × groups + group slot, by employment_row

    @property
    def shape(self) -> tuple[int, int, int]:
        """Of every figure before it becomes rows: [unit, staff group slot, period]."""
        return self.tree.size, self.groups, self.periods.count

    def cell_months(self) -> CellMonths:
        periods = self.periods
        return CellMonths(self.cell_of_employment, self.tree.size * self.groups,
                          periods.first_month, periods.last_month - periods.first_month + 1)


def group_table(
    *,
    units: pl.DataFrame | None = None,
    employments: pl.DataFrame | None = None,
    absences: pl.DataFrame | None = None,
    date_from: dt.date,
    date_to: dt.date,
    by: str,
    as_of: dt.date | None = None,
    config: MetricsConfig | None = None,
    scopes: Sequence[str] = ("subtree",),
    by_staff_group: bool = False,
    unit_ids: Sequence[str] | None = None,
    data: MetricsData | None = None,
) -> pl.DataFrame:
    """Every column of the spec's group table for each unit × period of kind ``by`` that
    overlaps [date_from, date_to] × scope × staff group (``*`` = all).

    Inputs: the frames with ``as_of`` (and ``config``), or ``data`` built from them once and
    shared by several tables, which skips preparing the inputs and finding the spells."""
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise ValueError(f"unknown scope {sorted(unknown)}; use subtree or own")
    data = given_or_built(data, units=units, employments=employments, absences=absences,
                          as_of=as_of, config=config)
    periods = build_periods(by, date_from, date_to)
    context = _context(data, periods, by_staff_group)
    facts = month_facts(data, context.calendar, periods, context.cell_months())
    own = _additive(context, facts)
    values = {"own": own, "subtree": {name: context.tree.subtree_sums(value)
                                      for name, value in own.items()}}
    for scope, counts in _headcounts(context, facts).items():
        values[scope].update(counts)
    table = _frame(context, values, sorted(scopes), unit_ids)
    return _derive(table, context).select(OUTPUT_COLUMNS)


def _context(data: MetricsData, periods: Periods, by_staff_group: bool) -> _Context:
    """Without staff groups every employment sums straight into slot 0 (``*``)."""
    prepared = data.prepared
    tree = UnitTree.build(prepared.units)
    groups = prepared.groups.height + 1 if by_staff_group else 1
    unit = by_employment_row(prepared, "unit")
    group_slot = by_employment_row(prepared, "group") if by_staff_group else 0
    return _Context(prepared, periods, _calendar(data, periods), tree, data.as_of,
                    groups, unit * groups + group_slot)


def _calendar(data: MetricsData, periods: Periods) -> DayCalendar:
    """Whole years around the periods (for the yearly holiday deduction), and every
    absence record and the reference date, which the shared calendar already has."""
    first = int(month_start_day(np.array([(periods.first_month // 12) * 12]))[0])
    last = int(month_start_day(np.array([(periods.last_month // 12) * 12 + 12]))[0]) - 1
    return data.calendar_covering(first, last)


def _with_staff_group_all(value: np.ndarray) -> np.ndarray:
    """Fill staff group ``*`` (slot 0) with the sum over the staff groups."""
    if value.shape[1] > 1:
        value[:, 0] = value[:, 1:].sum(axis=1)
    return value


def _additive(context: _Context, facts: MonthFacts) -> dict[str, np.ndarray]:
    """Own-scope sums per [unit, staff group, period]: month sums times the month→period
    matrix, and the spells open at each period's evaluation day."""
    to_periods = context.periods.month_matrix()
    sums = {name: (month_sums @ to_periods).reshape(context.shape)
            for name, month_sums in facts.sums.items()}
    sums["open_spells"] = _open_spells(context, facts)
    return {name: _with_staff_group_all(value) for name, value in sums.items()}


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


def _open_spells(context: _Context, facts: MonthFacts) -> np.ndarray:
    days = _evaluation_days(context)
    opened = open_spells_at(facts.spells, facts.spell_records, days.select("at").unique())
    rows = opened.join(days, on="at")
    periods = context.periods.count
    cells = context.cell_of_employment[rows["employment_row"].to_numpy()]
    return np.bincount(cells * periods + rows["period_id"].to_numpy(),
                       minlength=context.tree.size * context.groups * periods,
                       ).astype(np.float64).reshape(context.shape)


def _headcounts(context: _Context, facts: MonthFacts) -> dict[str, dict[str, np.ndarray]]:
    """Distinct employees employed, and of those with sick-absence hours, per
    [unit, staff group, period], for scope own and subtree."""
    periods = context.periods
    employed = facts.employed
    sick = facts.sick_months.unique().sort("employment_row", "month")
    sick_rows, months = sick["employment_row"].to_numpy(), sick["month"].to_numpy()
    counts: dict[str, dict[str, np.ndarray]] = {"own": {}, "subtree": {}}
    for name, employment_rows, ranges in (
        ("headcount", employed["employment_row"].to_numpy(),
         periods.overlapping(employed["first_month"].to_numpy(),
                             employed["last_month"].to_numpy())),
        ("with_absence", sick_rows, periods.overlapping(months, months, owners=sick_rows)),
    ):
        counts["own"][name], counts["subtree"][name] = _distinct_employees(
            context, employment_rows, *ranges)
    return counts


def _distinct_employees(context: _Context, employment_rows: np.ndarray, low: np.ndarray,
                        high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Own and subtree distinct employees per [unit, staff group, period] from presence
    rows: an employment in the periods [low, high), each period once per employment.
    Staff group ``*`` counts an employee in two staff groups once."""
    prepared = context.prepared
    employee = by_employment_row(prepared, "employee")[employment_rows]
    unit, group = np.divmod(context.cell_of_employment[employment_rows], context.groups)
    alone = np.bincount(prepared.employments["employee"].to_numpy())[employee] == 1
    if context.groups > 1:  # the same presence again in staff group "*"
        employee, unit, low, high, alone = (np.concatenate([part, part])
                                            for part in (employee, unit, low, high, alone))
        group = np.concatenate([group, np.zeros_like(group)])
    own, subtree = distinct_counts(context.tree, employee, unit, group, low, high,
                                   context.periods.count, context.groups, alone)
    return (own.astype(np.float64).reshape(context.shape),
            subtree.astype(np.float64).reshape(context.shape))


def _frame(context: _Context, values: dict[str, dict[str, np.ndarray]],
           scopes: list[str], unit_ids: Sequence[str] | None) -> pl.DataFrame:
    """One row per unit × period × scope × staff group, in the output's sort order."""
    unit_frame = context.prepared.units.select("unit", "unit_id")
    if unit_ids is not None:
        unit_frame = unit_frame.filter(pl.col("unit_id").is_in(list(unit_ids)))
    unit_frame = unit_frame.sort("unit_id")
    labels = [ALL, *context.prepared.groups["staff_group"].to_list()][:context.groups]
    group_order = np.array(sorted(range(len(labels)), key=lambda slot: labels[slot]),
                           dtype=np.int64)
    units = unit_frame["unit"].to_numpy()
    shape = (len(units), context.periods.count, len(scopes), len(group_order))
    unit_at, period_at, scope_at, group_at = np.unravel_index(np.arange(int(np.prod(shape))),
                                                               shape)
    period_table = context.periods.table
    columns = {
        "unit_id": unit_frame["unit_id"].gather(unit_at),
        "period_start": period_table["period_start"].gather(period_at),
        "period_end": period_table["period_end"].gather(period_at),
        "scope": pl.Series(scopes, dtype=pl.String).gather(scope_at),
        "staff_group": pl.Series([labels[slot] for slot in group_order],
                                 dtype=pl.String).gather(group_at),
    }
    for name in values["own"]:
        # [scope, unit, group, period] → rows ordered by unit, period, scope, group.
        stacked = np.stack([values[scope][name] for scope in scopes])
        ordered = stacked[:, units][:, :, group_order].transpose(1, 3, 0, 2)
        columns[name] = pl.Series(name, ordered.reshape(-1))
    return pl.DataFrame(columns)


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

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
from naervaer.core.metrics.rollup import UnitTree, distinct_counts, sorted_unique
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
    counts = _headcounts(context, facts)
    layout, tree = _Layout.build(context, sorted(scopes), unit_ids), context.tree
    # The inputs, spells and month facts are not needed any more: let them go (when this
    # call built them) before the subtree sums and the output, the largest thing by far.
    del data, context, facts
    values = {"own": own, "subtree": {}}
    for name in list(own):
        values["subtree"][name] = tree.subtree_sums(own[name])
    for scope, scope_counts in counts.items():
        values[scope].update(scope_counts)
    del own, counts
    return _table(layout, values)


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
    identity = to_periods.shape[0] == to_periods.shape[1] and bool(
        (to_periods == np.eye(len(to_periods))).all())
    sums = {}
    for name in list(facts.sums):
        # Taken out of the facts: the month sums are not needed once summed to periods.
        month_sums = facts.sums.pop(name)
        # Months are the periods: the product would be the same numbers (finite ones).
        same = identity and bool(np.isfinite(month_sums).all())
        sums[name] = (month_sums if same else month_sums @ to_periods).reshape(context.shape)
        del month_sums
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
    sick_rows, months = _distinct_pairs(facts.sick_months["employment_row"].to_numpy(),
                                        facts.sick_months["month"].to_numpy())
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


def _distinct_pairs(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (first, second) pairs of non-negative integers, sorted by both."""
    if not len(first):
        return first, second
    low = int(second.min())
    span = int(second.max()) - low + 1
    firsts, seconds = np.divmod(sorted_unique(first * span + (second - low)), span)
    return firsts, seconds + low


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


@dataclass(frozen=True)
class _Layout:
    """Where the figures go in the output: rows ordered by unit_id, period, scope and
    staff group label (``*`` first)."""

    units: np.ndarray            # unit codes in output order
    unit_ids: pl.Series          # their unit_id
    group_order: np.ndarray      # staff group slots in output order
    labels: pl.Series            # their staff_group label
    scopes: list[str]
    period_start: np.ndarray     # day numbers, by period_id
    period_end: np.ndarray
    period_workdays: np.ndarray  # workdays in each period

    @classmethod
    def build(cls, context: _Context, scopes: list[str],
              unit_ids: Sequence[str] | None) -> _Layout:
        unit_frame = context.prepared.units.select("unit", "unit_id")
        if unit_ids is not None:
            unit_frame = unit_frame.filter(pl.col("unit_id").is_in(list(unit_ids)))
        unit_frame = unit_frame.sort("unit_id")
        labels = [ALL, *context.prepared.groups["staff_group"].to_list()][:context.groups]
        group_order = np.array(sorted(range(len(labels)), key=lambda slot: labels[slot]),
                               dtype=np.int64)
        table = context.periods.table
        starts, ends = table["period_start"].to_numpy(), table["period_end"].to_numpy()
        return cls(unit_frame["unit"].to_numpy(), unit_frame["unit_id"], group_order,
                   pl.Series([labels[slot] for slot in group_order], dtype=pl.String), scopes,
                   starts, ends, context.calendar.workdays_between(starts, ends))

    @property
    def shape(self) -> tuple[int, int, int, int]:
        """[unit, period, scope, staff group]: the output rows."""
        return len(self.units), len(self.period_start), len(self.scopes), len(self.group_order)

    def rows(self, values: dict[str, dict[str, np.ndarray]], name: str) -> np.ndarray:
        """One figure of every scope in output row order; takes it out of ``values``."""
        units, periods, scopes, groups = self.shape
        ordered = np.empty(self.shape, dtype=np.float64)
        for position, scope in enumerate(self.scopes):
            # [unit, group, period] → [unit, period, group] at this scope.
            value = values[scope].pop(name)
            ordered[:, :, position, :] = value[self.units[:, None],
                                               self.group_order[None, :]].transpose(0, 2, 1)
            del value
        for scope in values:
            values[scope].pop(name, None)
        return ordered.reshape(-1)

    def per_period(self, value: np.ndarray) -> np.ndarray:
        """A value per period repeated onto every output row."""
        units, _, scopes, groups = self.shape
        return np.tile(np.repeat(value, scopes * groups), units)

    def ids(self) -> dict[str, pl.Series]:
        units, periods, scopes, groups = self.shape
        index = pl.UInt32
        return {
            "unit_id": self.unit_ids.gather(
                pl.Series(np.repeat(np.arange(units, dtype=np.uint32), periods * scopes * groups),
                          dtype=index)),
            "period_start": pl.Series("period_start", self.per_period(
                self.period_start.astype(np.int32))).cast(pl.Date),
            "period_end": pl.Series("period_end", self.per_period(
                self.period_end.astype(np.int32))).cast(pl.Date),
            "scope": pl.Series("scope", self.scopes, dtype=pl.String).gather(
                pl.Series(np.tile(np.repeat(np.arange(scopes, dtype=np.uint32), groups),
                                  units * periods), dtype=index)),
            "staff_group": self.labels.alias("staff_group").gather(
                pl.Series(np.tile(np.arange(groups, dtype=np.uint32), units * periods * scopes),
                          dtype=index)),
        }


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def _evaluate(columns: dict[str, pl.Series], inputs: dict[str, pl.Series | np.ndarray],
              **expressions: pl.Expr) -> None:
    """Add ``expressions`` over ``inputs`` to ``columns``: one small frame at a time, so
    that no copy of the whole table is ever made."""
    result = pl.DataFrame(inputs).select(**expressions)
    columns.update({name: result[name] for name in expressions})


def _table(layout: _Layout, values: dict[str, dict[str, np.ndarray]]) -> pl.DataFrame:
    """The output, one column at a time: each figure is taken out of ``values`` when it
    becomes a column, so the figures and the table are never both held whole."""
    hours = DAGSVAERK_HOURS
    columns: dict[str, pl.Series] = {}
    possible = pl.Series("possible_hours", layout.rows(values, "possible_hours"))
    absence = pl.Series("absence_hours", layout.rows(values, "absence_hours"))
    fte = pl.col("possible_hours") / (hours * pl.col("period_workdays"))
    _evaluate(
        columns,
        {"possible_hours": possible, "absence_hours": absence,
         "period_workdays": layout.per_period(layout.period_workdays)},
        possible_hours=pl.col("possible_hours"),
        absence_hours=pl.col("absence_hours"),
        absence_days=pl.col("absence_hours") / hours,
        absence_pct=_ratio(100 * pl.col("absence_hours"), pl.col("possible_hours")),
        fte=pl.when(pl.col("period_workdays") > 0).then(fte).otherwise(0.0),
    )
    del possible, absence
    _evaluate(columns, {name: columns[name] for name in ("absence_days", "fte")},
              days_per_fte=_ratio(pl.col("absence_days"), pl.col("fte")))
    for name in ("short", "long", *OTHER_TYPES):
        _evaluate(columns, {"hours": layout.rows(values, f"{name}_hours")},
                  **{f"{name}_days": pl.col("hours") / hours})
    for name in ("spells_started", "spells_ended", "open_spells"):
        columns[name] = pl.Series(name, layout.rows(values, name)).cast(pl.Int64)
    _evaluate(
        columns,
        {"headcount": layout.rows(values, "headcount"),
         "with_absence": layout.rows(values, "with_absence"),
         "absence_hours": columns["absence_hours"]},
        headcount=pl.col("headcount").cast(pl.Int64),
        share_without_absence=_ratio(100 * (pl.col("headcount") - pl.col("with_absence")),
                                     pl.col("headcount")),
        days_per_employee=_ratio(pl.col("absence_hours") / hours, pl.col("headcount")),
    )
    columns["absence_cost_dkk"] = pl.Series("absence_cost_dkk",
                                            layout.rows(values, "absence_cost_dkk"))
    columns.update(layout.ids())
    return pl.DataFrame([columns[name] for name in OUTPUT_COLUMNS])

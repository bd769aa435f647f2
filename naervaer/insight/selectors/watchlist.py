"""HR's watch list: units whose sick absence is particularly high or rising, from the
cube's rolling-12-month figures (the unit with its sub-units, all staff groups).

HR follows up where absence is high or rising, with an investigating, supportive
approach (the hospitals' practice): the list points to where to ask, it does not judge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from naervaer.insight.selection import ALL_STAFF_GROUPS, add_months, month_end
from naervaer.metrics.cube import period_rows
from naervaer.organisation.models import Unit, UnitClosure

KIND = "rolling12"
SCOPE = "subtree"
MIN_HEADCOUNT = 10          # fewer people: one long spell moves the rate too much
DEFAULT_HIGH_PCT = 25.0     # "høj": at least 25 % above the organisation's level
DEFAULT_RISE_DAYS = 2.0     # "stigende": at least 2 more days per FTE than a year ago


@dataclass(frozen=True)
class WatchRow:
    unit_id: str
    name: str
    parent_name: str
    days_per_fte: float | None
    days_per_fte_before: float | None
    change: float | None
    absence_pct: float | None
    headcount: int
    organisation_level: float | None
    high: bool
    rising: bool

    @property
    def flagged(self) -> bool:
        return self.high or self.rising


@dataclass
class Watchlist:
    month: dt.date                 # first day of the last month of the 12
    period_start: dt.date
    period_end: dt.date
    high_pct: float
    rise_days: float
    min_headcount: int
    rows: list[WatchRow] = field(default_factory=list)   # units large enough, flagged first
    too_small: int = 0             # units left out for their headcount
    organisation_levels: dict[str, float | None] = field(default_factory=dict)  # root name -> level

    @property
    def flagged(self) -> list[WatchRow]:
        return [row for row in self.rows if row.flagged]


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def watchlist(month: dt.date, *, high_pct: float = DEFAULT_HIGH_PCT,
              rise_days: float = DEFAULT_RISE_DAYS,
              min_headcount: int = MIN_HEADCOUNT) -> Watchlist | None:
    """The rolling 12 months ending with ``month`` against the same 12 months a year
    earlier, for every unit (None without a cube). A unit is compared with its root
    (the organisation): "høj" when its days per FTE are at least the organisation's level
    × (1 + high_pct / 100); "stigende" when they rose by at least ``rise_days``."""
    month = month.replace(day=1)
    end_now = month_end(month)
    end_before = month_end(add_months(month, -12))
    rows = period_rows(KIND, [end_now, end_before], scope=SCOPE, staff_group=ALL_STAFF_GROUPS)
    if rows is None:
        return None
    result = Watchlist(month=month, period_start=add_months(month, -11), period_end=end_now,
                       high_pct=high_pct, rise_days=rise_days, min_headcount=min_headcount)
    now = {row["unit_id"]: row for row in rows.filter(pl.col("period_end") == end_now).iter_rows(named=True)}
    before = {row["unit_id"]: row["days_per_fte"]
              for row in rows.filter(pl.col("period_end") == end_before).iter_rows(named=True)}
    units = {unit.unit_id: unit for unit in Unit.objects.select_related("parent")}
    root_of = dict(UnitClosure.objects.filter(ancestor__parent__isnull=True)
                   .values_list("descendant__unit_id", "ancestor__unit_id"))
    levels = {root_id: _float(now[root_id]["days_per_fte"]) if root_id in now else None
              for root_id in set(root_of.values())}
    result.organisation_levels = {units[root_id].name: level for root_id, level in levels.items()
                                  if root_id in units}
    for unit_id, row in now.items():
        unit = units.get(unit_id)
        if unit is None:
            continue
        headcount = int(row["headcount"] or 0)
        if headcount < min_headcount:
            result.too_small += 1
            continue
        value = _float(row["days_per_fte"])
        previous = _float(before.get(unit_id))
        change = value - previous if value is not None and previous is not None else None
        level = levels.get(root_of.get(unit_id, ""))
        high = (value is not None and level is not None and level > 0
                and value >= level * (1 + high_pct / 100))
        rising = change is not None and change >= rise_days
        result.rows.append(WatchRow(
            unit_id=unit_id, name=unit.name,
            parent_name=unit.parent.name if unit.parent is not None else "",
            days_per_fte=value, days_per_fte_before=previous, change=change,
            absence_pct=_float(row["absence_pct"]), headcount=headcount,
            organisation_level=level, high=high, rising=rising))
    result.rows.sort(key=lambda r: (not r.flagged, -(r.days_per_fte or 0.0), r.name))
    return result

"""Reads targets (own and inherited), the current levels from the stored cube, the
suggestion from national reference rates, progress towards a target, and the
escalations a user may see.

Levels are the rolling 12 months, scope ``subtree``, all staff groups, as the unit page
shows them; a year's target is compared with the rolling 12 months ending December."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.models import QuerySet

from naervaer.core import targets as core
from naervaer.core.months import last_complete_month
from naervaer.metrics import cube
from naervaer.organisation.models import Unit, UnitClosure
from naervaer.targets.models import Measure, UnitEscalation, UnitTarget

ALL = "*"


@dataclass(frozen=True)
class TargetView:
    unit: Unit
    year: int
    value: float
    measure: str
    short_value: float | None
    source: str
    inherited_from: Unit | None     # the ancestor whose target this is (None: the unit's own)
    own: UnitTarget                 # the stored row the value comes from

    @property
    def measure_label(self) -> str:
        return str(Measure(self.measure).label)

    @property
    def source_label(self) -> str:
        return str(self.own.get_source_display())


# ----------------------------------------------------------------------------- targets

def _parents() -> dict[str, str | None]:
    return dict(Unit.objects.values_list("unit_id", "parent__unit_id"))


def own_targets(year: int) -> dict[str, UnitTarget]:
    return {row.unit.unit_id: row for row in
            UnitTarget.objects.filter(year=year).select_related("unit", "set_by")}


def resolved_targets(year: int) -> dict[str, tuple[core.Resolved, UnitTarget]]:
    """Every unit's target of ``year`` (own or inherited) by unit_id, with the stored row."""
    rows = own_targets(year)
    resolved = core.resolve(_parents(), {unit_id: _core_target(row) for unit_id, row in rows.items()})
    return {unit_id: (item, rows[item.owner]) for unit_id, item in resolved.items()}


def _core_target(row: UnitTarget) -> core.Target:
    return core.Target(row.value, row.measure, row.short_value)


def target_for(unit: Unit, year: int) -> TargetView | None:
    """The unit's target of ``year``: its own, else the nearest ancestor's (None when no
    unit above has one either)."""
    ancestors = list(Unit.objects.filter(descendant_links__descendant=unit)
                     .order_by("descendant_links__distance"))
    rows = {row.unit_id: row for row in UnitTarget.objects.filter(
        year=year, unit__in=ancestors).select_related("unit")}
    for ancestor in ancestors:
        row = rows.get(ancestor.pk)
        if row is not None:
            return TargetView(unit, year, row.value, row.measure, row.short_value, row.source,
                              None if ancestor.pk == unit.pk else ancestor, row)
    return None


# ----------------------------------------------------------------------- cube figures

def latest_month() -> dt.date | None:
    """The first day of the last complete month of the stored cube (None without one)."""
    manifest = cube.read_manifest()
    if manifest is None:
        return None
    return last_complete_month(manifest.as_of)


def measure_value(row: dict[str, Any] | None, measure: str, *, short: bool = False) -> float | None:
    """A cube row's value in ``measure`` (``short``: of short absence alone)."""
    if row is None:
        return None
    if not short:
        value = row.get(measure)
        return None if value is None else float(value)
    short_days, fte, possible = row.get("short_days"), row.get("fte"), row.get("possible_hours")
    if short_days is None:
        return None
    if measure == "days_per_fte":
        return float(short_days) / fte if fte else None
    return 100 * float(short_days) * 7.4 / possible if possible else None


def rolling_rows(month_ends: list[dt.date]) -> dict[tuple[str, dt.date], dict[str, Any]]:
    """Every unit's rolling-12 row (subtree, all staff groups) for the given month ends."""
    rows = cube.period_rows("rolling12", list(month_ends))
    if rows is None:
        return {}
    return {(row["unit_id"], row["period_end"]): row for row in rows.iter_rows(named=True)}


def current_levels(unit_ids: list[str], month: dt.date, measure: str) -> dict[str, float | None]:
    end = core.month_end(month)
    rows = rolling_rows([end])
    return {unit_id: measure_value(rows.get((unit_id, end)), measure) for unit_id in unit_ids}


def workdays_factor(row: dict[str, Any] | None) -> float | None:
    """The workdays of a rolling window, read off a row (days_per_fte = pct/100 × it)."""
    if row is None or not row.get("absence_pct") or row.get("days_per_fte") is None:
        return None
    return 100 * float(row["days_per_fte"]) / float(row["absence_pct"])


def staff_mix(unit: Unit, month: dt.date) -> dict[str, float]:
    """Possible hours by staff group in the unit's subtree, rolling 12 months."""
    rows = cube.unit_rows("rolling12", unit.unit_id)
    if rows is None:
        return {}
    picked = rows.filter((pl.col("period_end") == core.month_end(month)) & (pl.col("scope") == "subtree")
                         & (pl.col("staff_group") != ALL))
    return {row["staff_group"]: float(row["possible_hours"] or 0) for row in picked.iter_rows(named=True)}


@dataclass(frozen=True)
class SuggestedTarget:
    suggestion: core.Suggestion
    absence_pct: float | None
    days_per_fte: float | None
    month: dt.date | None        # the staff mix is of the rolling 12 months ending here


def target_suggest(unit: Unit, year: int) -> SuggestedTarget:
    """A target from the national reference rates weighted by the unit's staff mix
    (possible hours per staff group in the latest rolling 12 months)."""
    from naervaer.benchmark.models import NationalReferenceRate

    month = latest_month()
    rates = {rate.staff_group: float(rate.absence_pct) for rate in NationalReferenceRate.objects.all()}
    mix = staff_mix(unit, month) if month else {}
    suggestion = core.suggest(mix, rates)
    days = None
    if suggestion.absence_pct is not None and month is not None:
        factor = workdays_factor(rolling_rows([core.month_end(month)]).get(
            (unit.unit_id, core.month_end(month))))
        days = core.pct_to_days(suggestion.absence_pct, factor) if factor else None
    return SuggestedTarget(suggestion, suggestion.absence_pct, days, month)


# --------------------------------------------------------------------------- progress

def target_progress(unit: Unit, as_of: dt.date) -> dict[str, Any] | None:
    """Progress of ``unit`` towards its target of the year of the last complete month at
    ``as_of`` (capped at the cube's): current rolling-12 value, target, gap, the
    straight-line trajectory to December, and the average monthly level the rest of the
    year needs. None when the unit has no target or the cube no value.

    The dict also holds ``target_pct`` — the target as sick-absence per cent, for the
    unit page's development chart (which draws per cent): a days-per-FTE target is
    converted with the workdays of the current window (days_per_fte = pct/100 ×
    workdays)."""
    latest = latest_month()
    if latest is None:
        return None
    month = last_complete_month(as_of)
    month = min(month, latest)
    target = target_for(unit, month.year)
    if target is None:
        return None
    end = core.month_end(month)
    start_end = dt.date(month.year - 1, 12, 31)
    rows = rolling_rows([end, start_end])
    row = rows.get((unit.unit_id, end))
    current = measure_value(row, target.measure)
    if current is None:
        return None
    start = measure_value(rows.get((unit.unit_id, start_end)), target.measure)
    months = cube.unit_rows("month", unit.unit_id)
    done: list[float] = []
    if months is not None:
        picked = months.filter((pl.col("scope") == "subtree") & (pl.col("staff_group") == ALL)
                               & (pl.col("period_end") >= dt.date(month.year, 1, 1))
                               & (pl.col("period_end") <= end)).sort("period_end")
        done = [float(value) for value in picked[target.measure].to_list() if value is not None]
    result = core.progress(year=month.year, month=month, measure=target.measure, target=target.value,
                           current=current, start=start, done=done)
    factor = workdays_factor(row)
    target_pct = (target.value if target.measure == "absence_pct"
                  else core.days_to_pct(target.value, factor) if factor else None)
    short_current = measure_value(row, target.measure, short=True)
    return {
        "unit": unit, "target": target, "year": month.year, "month": month,
        "measure": target.measure, "measure_label": target.measure_label,
        "current": current, "target_value": target.value, "gap": result.gap,
        "start": start, "achieved": result.achieved,
        "achieved_pct": None if result.achieved is None else 100 * result.achieved,
        "expected_now": result.expected_now, "on_track": result.on_track,
        "months_left": result.months_left, "needed_monthly": result.needed_monthly,
        "trajectory": [{"month": point, "value": value} for point, value in result.trajectory],
        "short_target": target.short_value, "short_current": short_current,
        "short_gap": (None if target.short_value is None or short_current is None
                      else short_current - target.short_value),
        "target_pct": target_pct,
        "progress": result,
    }


# ------------------------------------------------------------------------- escalations

def escalations_visible_to(user: Any) -> QuerySet[UnitEscalation]:
    """All for HR; for a leader the escalations of units in their own subtree (their own
    units and those below); none for other roles."""
    from naervaer.accounts.models import Role
    from naervaer.accounts.selectors import user_profile, user_role

    role = user_role(user)
    escalations = UnitEscalation.objects.select_related("unit").prefetch_related("tasks")
    if role == Role.HR:
        return escalations
    if role == Role.LEADER:
        profile = user_profile(user)
        assigned = profile.units.values("pk") if profile else Unit.objects.none().values("pk")
        return escalations.filter(unit__in=UnitClosure.objects.filter(
            ancestor__in=assigned).values("descendant"))
    return escalations.none()

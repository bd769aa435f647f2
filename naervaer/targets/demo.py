"""Targets for the demo municipality: the organisation's target is its current level
less 10 %, broken down proportionally to every unit below, and the unit furthest above
its target is escalated for the last complete quarter (without e-mails). Needs the
stored cube (call after the metrics are refreshed)."""

from __future__ import annotations

import datetime as dt

from naervaer.core import targets as core
from naervaer.organisation.models import Unit
from naervaer.organisation.selectors import get_settings
from naervaer.targets import selectors, services
from naervaer.targets.models import Measure, TargetSource, UnitEscalation

REDUCTION = 0.10


def demo_targets() -> UnitEscalation | None:
    """Set the demo's targets and escalate one unit; returns the escalation (None when
    there is no cube or no unit to escalate). Running it again changes nothing new."""
    month = selectors.latest_month()
    root = Unit.objects.filter(parent__isnull=True).order_by("unit_id").first()
    if month is None or root is None:
        return None
    quarter = core.last_complete_quarter(core.month_end(month))
    end = core.month_end(month)
    rows = selectors.rolling_rows([end])
    level = selectors.measure_value(rows.get((root.unit_id, end)), Measure.ABSENCE_PCT)
    if level is None:
        return None
    for year in sorted({month.year, quarter.year}):
        services.target_set(unit=root, year=year, measure=Measure.ABSENCE_PCT,
                            value=round(level * (1 - REDUCTION), 2), source=TargetSource.MANUAL,
                            note="demo: nuværende niveau − 10 %")
        services.targets_break_down(unit=root, year=year, method="proportional", whole_subtree=True)
    existing = UnitEscalation.objects.filter(quarter=quarter).first()
    if existing is not None:
        return existing
    return _escalate_worst(quarter)


def _escalate_worst(quarter: dt.date) -> UnitEscalation | None:
    """The unit below the top (with enough staff) furthest above its target at the end
    of the quarter, escalated as above its target."""
    months = [core.add_months(quarter, -1), *core.quarter_months(quarter)]
    ends = [core.month_end(month) for month in months]
    rows = selectors.rolling_rows(ends)
    resolved = selectors.resolved_targets(quarter.year)
    threshold = get_settings().small_group_threshold
    best: tuple[float, Unit, dict[dt.date, float | None], float] | None = None
    for unit in Unit.objects.filter(parent__isnull=False):
        found = resolved.get(unit.unit_id)
        row = rows.get((unit.unit_id, ends[-1]))
        if found is None or row is None or (row.get("headcount") or 0) < threshold:
            continue
        target = found[0].target
        rolling = {month: selectors.measure_value(rows.get((unit.unit_id, end)), target.measure)
                   for month, end in zip(months, ends, strict=True)}
        last = rolling[months[-1]]
        if last is None or core.escalation_reason(rolling, quarter, target.value) != "above_target":
            continue
        excess = last - target.value
        if best is None or excess > best[0]:
            best = (excess, unit, rolling, target.value)
    if best is None:
        return None
    _excess, unit, rolling, target_value = best
    return services.escalation_create(unit, quarter, "above_target", Measure.ABSENCE_PCT, rolling,
                                      target_value, core.month_end(core.add_months(quarter, 2)))

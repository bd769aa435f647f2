"""Targets (måltal) for units and the escalation rule, as pure functions.

A target is set per unit and calendar year, as sick-absence per cent or sick days per
FTE, both read as the rolling 12 months (so the target of 2025 is met when the rolling
12 months ending in December 2025 are at or below it). The organisation's target is the
root's; a unit without its own target inherits the nearest ancestor's.

No Django, no I/O, no "today": every date comes in as an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from naervaer.core.months import add_months, month_end

MEASURES = ("absence_pct", "days_per_fte")
# A rise of the rolling 12 months by this share within one quarter is "marked".
RISE_SHARE = 0.10


@dataclass(frozen=True)
class Target:
    value: float
    measure: str                      # absence_pct | days_per_fte
    short_value: float | None = None  # optional target for short absence (same measure)


@dataclass(frozen=True)
class Resolved:
    target: Target
    owner: str                        # the unit whose own target this is
    inherited: bool                   # owner is an ancestor, not the unit itself


def resolve(parents: Mapping[str, str | None], own: Mapping[str, Target]) -> dict[str, Resolved]:
    """Each unit's target: its own, else the nearest ancestor's (units with neither are
    left out). ``parents`` maps every unit to its parent (None for a root)."""
    resolved: dict[str, Resolved] = {}
    for unit in parents:
        current: str | None = unit
        steps = 0
        while current is not None and current not in own and steps <= len(parents):
            current = parents.get(current)
            steps += 1  # bounded: a cycle (refused by the import) cannot loop forever
        if current is not None and current in own:
            resolved[unit] = Resolved(own[current], current, current != unit)
    return resolved


# ----------------------------------------------------------------------- break-down

def break_down(value: float, current_root: float | None, current: Mapping[str, float | None],
               *, method: str = "proportional") -> dict[str, float]:
    """Targets for units under a unit whose target is ``value``.

    ``proportional``: every unit keeps its level relative to the unit above, i.e. gets
    ``its current level × value / current_root`` (a unit at 6 % under a 5 % root whose
    target is 4.5 % gets 5.4 %); weighted by possible hours the units then add up to the
    root's target. A unit without a current level, or a root without one, gets
    ``value``. ``equal``: every unit gets ``value``."""
    if method not in ("proportional", "equal"):
        raise ValueError(f"unknown break-down method {method!r}")
    if method == "equal" or not current_root:
        return {unit: value for unit in current}
    ratio = value / current_root
    return {unit: (level * ratio if level is not None else value) for unit, level in current.items()}


# ------------------------------------------------------------------------- suggestion

@dataclass(frozen=True)
class Suggestion:
    absence_pct: float | None       # Σ weight × national % / Σ weight over groups with a rate
    covered_share: float            # share of the weight whose staff group has a rate
    missing_groups: tuple[str, ...]  # staff groups with weight but no reference rate


def suggest(mix: Mapping[str, float], rates: Mapping[str, float]) -> Suggestion:
    """The absence per cent the unit would have if each staff group were at its national
    reference rate: the rates weighted by the unit's staff mix (``mix``: possible hours
    by staff group; ``rates``: national sick-absence per cent by staff group) —
    Høje-Taastrup's method. Groups without a rate are left out of the weights and
    named."""
    total = sum(weight for weight in mix.values() if weight > 0)
    covered = {group: weight for group, weight in mix.items() if weight > 0 and group in rates}
    weight = sum(covered.values())
    missing = tuple(sorted(group for group, w in mix.items() if w > 0 and group not in rates))
    if weight <= 0:
        return Suggestion(None, 0.0, missing)
    value = sum(w * rates[group] for group, w in covered.items()) / weight
    return Suggestion(value, weight / total if total else 0.0, missing)


def pct_to_days(pct: float, workdays: float) -> float:
    """Sick days per FTE over a window of ``workdays`` at ``pct`` per cent: the metrics
    define fte = possible hours / (7.4 × workdays), so days_per_fte = pct / 100 ×
    workdays exactly."""
    return pct / 100 * workdays


def days_to_pct(days: float, workdays: float) -> float:
    return 100 * days / workdays if workdays else 0.0


# --------------------------------------------------------------------------- progress

@dataclass(frozen=True)
class Progress:
    year: int
    month: dt.date                  # first day of the month the current value ends in
    measure: str
    target: float
    current: float                  # rolling 12 months ending with ``month``
    start: float | None             # rolling 12 months ending December of the year before
    gap: float                      # current − target (positive: above the target)
    achieved: float | None          # share of the way from start to target covered (0..1+)
    expected_now: float | None      # where a straight line from start to target is now
    on_track: bool                  # at or below the target, or at or below expected_now
    months_left: int                # months of the year after ``month``
    needed_monthly: float | None    # the average monthly value the rest of the year needs
    trajectory: list[tuple[dt.date, float]] = field(default_factory=list)


def needed_monthly(target: float, done: Sequence[float], measure: str) -> float | None:
    """The average value the remaining months of the year must have for the year to end
    at ``target``, given the months of the year so far (``done``, monthly values).

    absence_pct: the year's per cent is the months' average (equal weights assumed), so
    the rest need ``(12 × target − Σ done) / months left``; days_per_fte: the year's
    days per FTE is the months' sum (constant FTE assumed), so ``(target − Σ done) /
    months left``. None when the year is over. May be negative: out of reach."""
    left = 12 - len(done)
    if left <= 0:
        return None
    if measure == "absence_pct":
        return (12 * target - sum(done)) / left
    return (target - sum(done)) / left


def progress(*, year: int, month: dt.date, measure: str, target: float, current: float,
             start: float | None, done: Sequence[float]) -> Progress:
    """Progress of a unit towards its target of ``year`` at the end of ``month``.

    The trajectory is the straight line of rolling-12 values from ``current`` now to
    ``target`` in December: one point per remaining month (the last is the target)."""
    month = month.replace(day=1)
    left = 12 - month.month if month.year == year else (12 if month.year < year else 0)
    gap = current - target
    achieved = expected = None
    if start is not None and start != target:
        achieved = (start - current) / (start - target)
    if start is not None and month.year == year:
        expected = start + (target - start) * month.month / 12
    on_track = current <= target or (expected is not None and current <= expected)
    trajectory = [(add_months(month, step), current + (target - current) * step / left)
                  for step in range(1, left + 1)] if left else []
    return Progress(year, month, measure, target, current, start, gap, achieved, expected,
                    on_track, left, needed_monthly(target, done, measure), trajectory)


# ------------------------------------------------------------------------- escalation

def quarter_of(day: dt.date) -> dt.date:
    """The first day of the quarter ``day`` lies in."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def last_complete_quarter(as_of: dt.date) -> dt.date:
    """The first day of the latest quarter that has ended on or before ``as_of``."""
    current = quarter_of(as_of)
    if as_of == month_end(add_months(current, 2)):
        return current
    return add_months(current, -3)


def quarter_label(start: dt.date) -> str:
    return f"{start.year}-K{(start.month - 1) // 3 + 1}"


def quarter_months(start: dt.date) -> list[dt.date]:
    return [add_months(start, step) for step in range(3)]


def escalation_reason(rolling: Mapping[dt.date, float | None], quarter: dt.date,
                      target: float | None, *, rise_share: float = RISE_SHARE) -> str | None:
    """Why a unit is escalated for ``quarter`` (its first day), or None.

    ``rolling`` maps a month's first day to the rolling-12 value ending with it.
    ``above_target``: the value is above the target at the end of each of the quarter's
    three months. ``rising``: the value at the end of the quarter is at least
    ``rise_share`` higher than at the end of the month before the quarter (checked also
    without a target). A month without a value means no escalation of that kind."""
    months = quarter_months(quarter)
    values = [rolling.get(month) for month in months]
    if target is not None and all(value is not None and value > target for value in values):
        return "above_target"
    before, last = rolling.get(add_months(quarter, -1)), values[-1]
    if before is not None and last is not None and before > 0 and last >= before * (1 + rise_share) - 1e-9:
        return "rising"
    return None

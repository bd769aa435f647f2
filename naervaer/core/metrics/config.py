"""Settings the metrics depend on (spec/metrics.md), as plain values."""

from __future__ import annotations

from dataclasses import dataclass

DAGSVAERK_HOURS = 7.4
OTHER_TYPES = ("arbejdsskade", "barns_sygdom", "barsel", "andet")
HOLIDAY_TYPE = "ferie"


@dataclass(frozen=True)
class MetricsConfig:
    extra_days_off: tuple[str, ...] = ()
    sick_types: tuple[str, ...] = ("egen_sygdom", "graviditet")
    # Spell bands by whole length: short = 1..short_max_days, long = longer.
    short_max_days: int = 14
    # Flat holiday days a year when payroll sends no `ferie` records (spec: "Possible hours").
    holiday_deduction_days: float = 0.0
    default_hourly_cost: float = 0.0

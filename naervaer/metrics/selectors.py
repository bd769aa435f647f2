"""Reads the organisation, employments and absences into the metrics core's frames."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from naervaer.core.metrics import MetricsConfig
from naervaer.organisation.models import Absence, Employment, OrganisationSettings, Unit
from naervaer.organisation.selectors import get_settings


@dataclass(frozen=True)
class MetricsInputs:
    units: pl.DataFrame
    employments: pl.DataFrame
    absences: pl.DataFrame
    config: MetricsConfig


def metrics_config(settings: OrganisationSettings) -> MetricsConfig:
    short = next((band for band in settings.spell_bands if band.get("code") == "short"), None)
    return MetricsConfig(
        extra_days_off=tuple(settings.extra_days_off),
        sick_types=tuple(settings.sick_types),
        short_max_days=int(short["max_days"]) if short and short.get("max_days") else 14,
        holiday_deduction_days=float(settings.holiday_deduction_days),
        default_hourly_cost=float(settings.default_hourly_cost),
    )


def metrics_inputs() -> MetricsInputs:
    """Everything the metrics need, in the schemas of docs/dev/metrics-api.md."""
    units = pl.DataFrame(
        list(Unit.objects.values_list("unit_id", "parent__unit_id")),
        schema={"unit_id": pl.String, "parent_id": pl.String}, orient="row")
    employments = pl.DataFrame(
        list(Employment.objects.values_list(
            "employment_id", "employee__employee_id", "unit__unit_id", "staff_group",
            "weekly_hours", "start_date", "end_date", "hourly_cost")),
        schema={"employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
                "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
                "end_date": pl.Date, "hourly_cost": pl.Float64}, orient="row")
    absences = pl.DataFrame(
        list(Absence.objects.values_list(
            "employment__employment_id", "type", "start_date", "end_date", "degree", "hours")),
        schema={"employment_id": pl.String, "type": pl.String, "start_date": pl.Date,
                "end_date": pl.Date, "degree": pl.Int64, "hours": pl.Float64}, orient="row")
    return MetricsInputs(units, employments, absences, metrics_config(get_settings()))

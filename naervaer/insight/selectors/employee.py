"""Reads behind the employee page: the metrics core's input frames
(docs/dev/metrics-api.md) for the employments the user may see of one employee."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db.models import QuerySet

from naervaer.core.metrics import MetricsConfig, person_figures
from naervaer.organisation.models import Absence, Employment

EMPLOYMENT_SCHEMA: dict[str, type[pl.DataType]] = {
    "employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
    "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
    "end_date": pl.Date, "hourly_cost": pl.Float64}
ABSENCE_SCHEMA: dict[str, type[pl.DataType]] = {
    "employment_id": pl.String, "type": pl.String, "start_date": pl.Date, "end_date": pl.Date,
    "degree": pl.Int64, "hours": pl.Float64}


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def employments_frame(employments: QuerySet[Employment]) -> pl.DataFrame:
    rows = Employment.objects.filter(pk__in=employments.values("pk")).values_list(
        "employment_id", "employee__employee_id", "unit__unit_id", "staff_group", "weekly_hours",
        "start_date", "end_date", "hourly_cost")
    return pl.DataFrame(
        [(e, p, u, g, _number(h), s, end, _number(c)) for e, p, u, g, h, s, end, c in rows],
        schema=EMPLOYMENT_SCHEMA, orient="row")


def absences_frame(absences: QuerySet[Absence]) -> pl.DataFrame:
    rows = absences.values_list("employment__employment_id", "type", "start_date", "end_date",
                                "degree", "hours")
    return pl.DataFrame([(e, t, s, end, d, _number(h)) for e, t, s, end, d, h in rows],
                        schema=ABSENCE_SCHEMA, orient="row")


def employee_frames(employments: QuerySet[Employment]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(employments, absences) of the given employments (the visible ones of one employee),
    in the schemas of the metrics core; all of their absence history (spells need it)."""
    return (employments_frame(employments),
            absences_frame(Absence.objects.filter(employment__in=employments.values("pk"))))


def employee_person_figures(jobs: pl.DataFrame, records: pl.DataFrame, as_of: dt.date,
                            config: MetricsConfig) -> pl.DataFrame:
    """The person figures (rolling counts, Bradford factor, status) of one employee from
    :func:`employee_frames`, at ``as_of``: the employee page's and the subject export's."""
    units = jobs.select("unit_id").unique().with_columns(parent_id=pl.lit(None, dtype=pl.String))
    return person_figures(units=units, employments=jobs, absences=records, at=as_of, as_of=as_of,
                          config=config)

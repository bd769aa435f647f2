"""Reads the organisation, employments and absences into the metrics core's frames."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection

from naervaer.core.metrics import MetricsConfig
from naervaer.organisation.models import (
    Absence,
    Employee,
    Employment,
    OrganisationSettings,
    Unit,
)
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


# The metrics read whole tables: plain SQL into Polars skips building a model or a dict
# per row, which is most of the time on half a million absences. The CASTs give floats on
# every backend (PostgreSQL returns Decimal for numeric columns, SQLite numbers), and
# dates travel as ISO text, parsed by Polars at once rather than by Python per row.
_ABSENCES_SQL = """
    SELECT e.employment_id, a.type, CAST(a.start_date AS TEXT), CAST(a.end_date AS TEXT),
           a.degree,
           CAST(a.hours AS DOUBLE PRECISION)
    FROM {absence} a JOIN {employment} e ON a.employment_id = e.id
"""
_EMPLOYMENTS_SQL = """
    SELECT e.employment_id, p.employee_id, u.unit_id, e.staff_group,
           CAST(e.weekly_hours AS DOUBLE PRECISION), CAST(e.start_date AS TEXT),
           CAST(e.end_date AS TEXT),
           CAST(e.hourly_cost AS DOUBLE PRECISION)
    FROM {employment} e JOIN {employee} p ON e.employee_id = p.id
    JOIN {unit} u ON e.unit_id = u.id
"""


def _frame(sql: str, schema: dict[str, type[pl.DataType]],
           params: Sequence[Any] = ()) -> pl.DataFrame:
    tables = {"absence": Absence._meta.db_table, "employment": Employment._meta.db_table,
              "employee": Employee._meta.db_table, "unit": Unit._meta.db_table}
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**tables), list(params))
        rows = cursor.fetchall()
    as_text = {name: (pl.String if dtype == pl.Date else dtype) for name, dtype in schema.items()}
    frame = pl.DataFrame(rows, schema=as_text, orient="row")
    return frame.with_columns(pl.col(name).str.to_date("%Y-%m-%d")
                              for name, dtype in schema.items() if dtype == pl.Date)


_ABSENCE_SCHEMA: dict[str, type[pl.DataType]] = {
    "employment_id": pl.String, "type": pl.String, "start_date": pl.Date,
    "end_date": pl.Date, "degree": pl.Int64, "hours": pl.Float64}
# Employee ids per query: well below every backend's limit on parameters.
_IDS_PER_QUERY = 500


def recent_absences(low: dt.date, employee_ids: Sequence[str] | None = None,
                    high: dt.date | None = None) -> pl.DataFrame:
    """Absence rows that end on or after ``low`` or are open; with ``employee_ids``, only
    those employees' rows ending in [low, high) (``core.metrics.window.AbsenceReader``)."""
    recent = " WHERE (a.end_date IS NULL OR a.end_date >= %s)"
    if employee_ids is None:
        return _frame(_ABSENCES_SQL + recent, _ABSENCE_SCHEMA, [low])
    if high is None:
        raise ValueError("high is required with employee_ids")
    ids = list(employee_ids)
    frames = []
    for first in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[first:first + _IDS_PER_QUERY]
        sql = (_ABSENCES_SQL + " JOIN {employee} p ON e.employee_id = p.id"
               " WHERE a.end_date >= %s AND a.end_date < %s AND p.employee_id IN ("
               + ", ".join(["%s"] * len(chunk)) + ")")
        frames.append(_frame(sql, _ABSENCE_SCHEMA, [low, high, *chunk]))
    return pl.concat(frames) if frames else pl.DataFrame(schema=_ABSENCE_SCHEMA)


def metrics_inputs(*, absences: bool = True) -> MetricsInputs:
    """Everything the metrics need, in the schemas of docs/dev/metrics-api.md (without
    ``absences``: an empty absence frame, for a caller that reads them with
    ``recent_absences``)."""
    units = pl.DataFrame(
        list(Unit.objects.values_list("unit_id", "parent__unit_id")),
        schema={"unit_id": pl.String, "parent_id": pl.String}, orient="row")
    employments = _frame(_EMPLOYMENTS_SQL, {
        "employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
        "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
        "end_date": pl.Date, "hourly_cost": pl.Float64})
    absence_frame = (_frame(_ABSENCES_SQL, _ABSENCE_SCHEMA) if absences
                     else pl.DataFrame(schema=_ABSENCE_SCHEMA))
    return MetricsInputs(units, employments, absence_frame, metrics_config(get_settings()))

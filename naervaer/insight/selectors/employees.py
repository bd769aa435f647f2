"""Reads behind the employees page of a unit: who is listed, and the employments and sick
absences the person figures and the month columns need, in the metrics core's schemas
(docs/dev/metrics-api.md).

Scope checks are not made here; the view calls ``naervaer.accounts.selectors`` first.

Only what can change the figures is read: every employment of the listed people (a
spell runs across a person's employments, so the rolling figures are the person's), and
of their absences only sick ones that reach into the windows looked at (the 365 days and
the twelve months ending at the date the figures are computed at). A spell reaching the
windows keeps its part inside them and, since the cut lies a month and a long spell before
them, its long band, so cutting older records changes no figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import Q, QuerySet

from naervaer.core.metrics import MetricsConfig
from naervaer.metrics.selectors import metrics_config
from naervaer.organisation.models import Absence, Employee, Employment, Unit
from naervaer.organisation.selectors import get_settings, unit_descendants

EMPLOYMENT_SCHEMA: dict[str, type[pl.DataType]] = {
    "employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
    "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
    "end_date": pl.Date, "hourly_cost": pl.Float64, "unit_name": pl.String,
    "employee_name": pl.String,
}
ABSENCE_SCHEMA: dict[str, type[pl.DataType]] = {
    "employment_id": pl.String, "type": pl.String, "start_date": pl.Date, "end_date": pl.Date,
    "degree": pl.Int64, "hours": pl.Float64,
}

# Plain SQL into Polars (as naervaer.metrics.selectors): no model or dict per row. The
# listed people come in as the ORM's own subquery ({people}).
_EMPLOYMENTS_SQL = """
    SELECT e.employment_id, p.employee_id, u.unit_id, e.staff_group,
           CAST(e.weekly_hours AS DOUBLE PRECISION), CAST(e.start_date AS TEXT),
           CAST(e.end_date AS TEXT), CAST(e.hourly_cost AS DOUBLE PRECISION), u.name, p.name
    FROM {employment} e JOIN {employee} p ON e.employee_id = p.id
    JOIN {unit} u ON e.unit_id = u.id
    WHERE e.employee_id IN ({people})
"""
_ABSENCES_SQL = """
    SELECT e.employment_id, a.type, CAST(a.start_date AS TEXT), CAST(a.end_date AS TEXT),
           a.degree, CAST(a.hours AS DOUBLE PRECISION)
    FROM {absence} a JOIN {employment} e ON a.employment_id = e.id
    WHERE e.employee_id IN ({people}) AND a.type IN ({types})
      AND (a.end_date IS NULL OR a.end_date >= %s) AND a.start_date <= %s
"""


@dataclass(frozen=True)
class SubtreePeople:
    """The inputs of the employees page. ``employments`` holds every employment of the
    listed people (any unit) plus ``unit_name``, ``employee_name`` and ``listed`` (whether
    the employment puts its person on the list: in the subtree, current or recent)."""

    unit_ids: list[str]          # the subtree's units
    units: pl.DataFrame          # unit_id, parent_id: the units of ``employments``
    employments: pl.DataFrame
    absences: pl.DataFrame       # sick absences only, see the module docstring
    config: MetricsConfig

    def metric_employments(self) -> pl.DataFrame:
        """``employments`` in the core's schema."""
        return self.employments.drop("unit_name", "employee_name", "listed")


def _frame(sql: str, params: Sequence[Any], schema: dict[str, type[pl.DataType]]
           ) -> pl.DataFrame:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    as_text = {name: (pl.String if dtype == pl.Date else dtype) for name, dtype in schema.items()}
    frame = pl.DataFrame(rows, schema=as_text, orient="row")
    return frame.with_columns(pl.col(name).str.to_date("%Y-%m-%d")
                              for name, dtype in schema.items() if dtype == pl.Date)


def listing_employments(unit: Unit, *, as_of: dt.date, employed_since: dt.date | None
                        ) -> QuerySet[Employment]:
    """The employments in ``unit``'s subtree that put a person on its list: current on
    ``as_of``, or (with ``employed_since``) any day from ``employed_since`` to ``as_of``."""
    first = employed_since or as_of
    return Employment.objects.filter(
        Q(unit__in=unit_descendants(unit).values("pk")), Q(start_date__lte=as_of),
        Q(end_date__isnull=True) | Q(end_date__gte=first))


def subtree_people(unit: Unit, *, as_of: dt.date, employed_since: dt.date | None,
                   at: dt.date, reach_days: int, absences_to: dt.date) -> SubtreePeople:
    """Everything the page computes from: see :class:`SubtreePeople`. Sick absences are
    those that start by ``absences_to`` and reach into the ``reach_days`` ending at ``at``
    or the month and a long spell before them (or are open)."""
    config = metrics_config(get_settings())
    absences_from = at - dt.timedelta(days=reach_days + 31 + config.short_max_days)
    listing = listing_employments(unit, as_of=as_of, employed_since=employed_since)
    people_sql, people_params = listing.values("employee_id").query.sql_with_params()
    tables = {"absence": Absence._meta.db_table, "employment": Employment._meta.db_table,
              "employee": Employee._meta.db_table, "unit": Unit._meta.db_table}
    employments = _frame(_EMPLOYMENTS_SQL.format(people=people_sql, **tables),
                         list(people_params), EMPLOYMENT_SCHEMA)
    types = list(config.sick_types)
    absences = _frame(
        _ABSENCES_SQL.format(people=people_sql, types=", ".join(["%s"] * len(types)), **tables),
        [*people_params, *types, absences_from, absences_to], ABSENCE_SCHEMA)
    units = employments.select("unit_id").unique().with_columns(
        parent_id=pl.lit(None, dtype=pl.String))
    unit_ids = list(unit_descendants(unit).values_list("unit_id", flat=True))
    # The same condition as listing_employments, on the frame (one query fewer).
    employments = employments.with_columns(listed=(
        pl.col("unit_id").is_in(unit_ids) & (pl.col("start_date") <= as_of)
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= (employed_since or as_of)))))
    return SubtreePeople(unit_ids, units, employments, absences, config)

"""Reads behind the team's days: the employments placed in a unit (scope ``own``) or in
its subtree (``subtree``) that overlap a window, and their absences overlapping it, as the
metrics core's input frames (docs/dev/metrics-api.md)."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db.models import Q, QuerySet

from naervaer.insight.models import StaffingStep
from naervaer.insight.selectors.employee import absences_frame, employments_frame
from naervaer.organisation.models import Absence, Employment, Unit
from naervaer.organisation.selectors import unit_descendants


def team_employments(unit: Unit, *, scope: str, date_from: dt.date,
                     date_to: dt.date) -> QuerySet[Employment]:
    """Employments in the unit (``own``) or its subtree (``subtree``) running on at least
    one day of [date_from, date_to]."""
    units = unit_descendants(unit).values("pk") if scope == "subtree" else [unit.pk]
    return Employment.objects.filter(unit__in=units, start_date__lte=date_to).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=date_from))


def team_frames(unit: Unit, *, scope: str, date_from: dt.date,
                date_to: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(employments, absences) for the team's days; absences only where they overlap the
    window (an open one always may)."""
    employments = team_employments(unit, scope=scope, date_from=date_from, date_to=date_to)
    absences = Absence.objects.filter(employment__in=employments.values("pk"),
                                      start_date__lte=date_to).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=date_from))
    return employments_frame(employments), absences_frame(absences)


def staffing_steps(unit: Unit) -> list[StaffingStep]:
    return list(StaffingStep.objects.filter(unit=unit).order_by("min_absent"))

"""Reads of the leader's comments and time-line notes (the unit page and the PDF report
show them; the views check the scope first)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from naervaer.accounts.selectors import UserLike, can_see_persons
from naervaer.insight.models import PeriodKind, TimelineNote, UnitComment
from naervaer.organisation.models import Unit


def period_start_of(kind: str, month: dt.date) -> dt.date:
    """The first day of the month or quarter of ``kind`` that contains ``month``."""
    if kind == PeriodKind.QUARTER:
        return dt.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
    return month.replace(day=1)


def comment_for(unit: Unit, kind: str, period_start: dt.date) -> UnitComment | None:
    """The comment on ``unit`` for the period of ``kind`` (``month``/``quarter``) that
    starts on (or, for a date inside the period, contains) ``period_start``."""
    if kind not in PeriodKind.values:
        return None
    return (UnitComment.objects.select_related("author")
            .filter(unit=unit, period_kind=kind, period_start=period_start_of(kind, period_start))
            .first())


def unit_comments(unit: Unit, *, limit: int = 24) -> list[UnitComment]:
    """The unit's latest comments, newest period first."""
    return list(UnitComment.objects.select_related("author").filter(unit=unit)
                .order_by("-period_start", "period_kind")[:limit])


def timeline_notes(unit: Unit, date_from: dt.date | None = None,
                   date_to: dt.date | None = None) -> QuerySet[TimelineNote]:
    """The unit's own notes dated within [date_from, date_to] (either end open when None),
    oldest first."""
    notes = TimelineNote.objects.select_related("author").filter(unit=unit)
    if date_from is not None:
        notes = notes.filter(date__gte=date_from)
    if date_to is not None:
        notes = notes.filter(date__lte=date_to)
    return notes.order_by("date", "id")


def can_annotate(user: UserLike, unit: Unit) -> bool:
    """HR, and a leader for the units in their scope, may write comments and notes; the
    roles that see the unit only in aggregate (TRIO, direktion) may read them."""
    return can_see_persons(user, unit)

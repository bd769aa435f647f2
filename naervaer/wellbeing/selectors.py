"""Reads for the well-being and incident pages and for the pages that show them beside
absence (the unit page, the agenda, the annual wheel). Incident details are person
level: only HR and the unit's own leaders see them; everyone else gets counts, hidden
when fewer than the small-group threshold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import UserLike, can_see_persons, own_area, user_role
from naervaer.organisation.models import Unit
from naervaer.organisation.selectors import get_settings, unit_descendants
from naervaer.wellbeing.models import (
    Incident,
    IncidentKind,
    IncidentTask,
    IncidentTaskStatus,
    WellbeingScore,
)

# Labels of the usual measures; other codes are shown as written in the file.
MEASURE_LABELS: dict[str, Any] = {
    "trivsel": _("Trivsel"),
    "arbejdsglaede": _("Arbejdsglæde"),
    "ledelse": _("Ledelse"),
    "social_kapital": _("Social kapital"),
    "tillid": _("Tillid"),
    "retfaerdighed": _("Retfærdighed"),
    "samarbejde": _("Samarbejde"),
    "arbejdsmaengde": _("Arbejdsmængde og tempo"),
    "stress": _("Stress (lavere er bedre)"),
    "vold_trusler": _("Vold og trusler (lavere er bedre)"),
    "psykisk_arbejdsmiljoe": _("Psykisk arbejdsmiljø"),
    "fysisk_arbejdsmiljoe": _("Fysisk arbejdsmiljø"),
}


def measure_label(code: str) -> str:
    return str(MEASURE_LABELS.get(code, code))


def wellbeing_for(unit: Unit, year: int) -> list[tuple[str, float, float | None]]:
    """The unit's own scores of ``year``: (measure, value, the previous year's value or
    None), in measure order."""
    scores = WellbeingScore.objects.filter(unit=unit, year__in=(year, year - 1))
    by_year: dict[int, dict[str, float]] = {year: {}, year - 1: {}}
    for score in scores:
        by_year[score.year][score.measure] = float(score.value)
    return [(measure, value, by_year[year - 1].get(measure))
            for measure, value in sorted(by_year[year].items())]


def wellbeing_latest_year(unit: Unit, *, up_to: int) -> int | None:
    """The latest year up to ``up_to`` with scores for the unit."""
    years = (WellbeingScore.objects.filter(unit=unit, year__lte=up_to)
             .order_by("-year").values_list("year", flat=True)[:1])
    return years[0] if years else None


def incident_counts(unit: Unit, date_from: dt.date, date_to: dt.date, persons: bool) -> dict[str, Any]:
    """Incidents in ``unit`` and below from ``date_from`` to ``date_to`` (inclusive):
    ``{"total", "violence", "threat", "other", "steps_overdue", "suppressed", "threshold"}``.
    ``steps_overdue``: ladder steps still open after their due date (as of ``date_to``).
    Without ``persons`` a total above zero but below the small-group threshold is
    suppressed: every figure is then None."""
    incidents = Incident.objects.filter(unit__in=unit_descendants(unit),
                                        date__gte=date_from, date__lte=date_to)
    by_kind = dict(incidents.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    overdue = IncidentTask.objects.filter(incident__in=incidents, status=IncidentTaskStatus.OPEN,
                                          due_date__lt=date_to).count()
    total = sum(by_kind.values())
    threshold = get_settings().small_group_threshold
    suppressed = not persons and 0 < total < threshold
    figures: dict[str, Any] = {kind: by_kind.get(kind, 0) for kind in IncidentKind.values}
    figures |= {"total": total, "steps_overdue": overdue}
    if suppressed:
        figures = dict.fromkeys(figures)
    return figures | {"suppressed": suppressed, "threshold": threshold}


def incident_units_in_scope(user: UserLike) -> QuerySet[Unit]:
    """The units whose incidents the user may see in detail (and record)."""
    role = user_role(user)
    if role == Role.HR:
        return Unit.objects.all()
    if role == Role.LEADER:
        return own_area(user)
    return Unit.objects.none()


def can_see_incidents(user: UserLike, unit: Unit) -> bool:
    return user_role(user) in (Role.HR, Role.LEADER) and can_see_persons(user, unit)


def incidents_visible_to(user: UserLike) -> QuerySet[Incident]:
    return (Incident.objects.filter(unit__in=incident_units_in_scope(user))
            .select_related("unit", "employee")
            .annotate(open_steps=Count("tasks", filter=Q(tasks__status=IncidentTaskStatus.OPEN))))


@dataclass
class WellbeingPanel:
    """What ``wellbeing/_unit_panel.html`` shows: the unit's scores of a year beside the
    previous year, and the incidents of a period (counts; a link for those who may see
    the register)."""

    unit: Unit
    year: int | None
    scores: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    incidents: dict[str, Any] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    register_link: bool = False


def wellbeing_panel(user: UserLike, unit: Unit, *, year: int, date_from: dt.date,
                    date_to: dt.date) -> WellbeingPanel:
    """The panel for the unit page or the agenda: the latest scores up to ``year`` and
    the incident counts from ``date_from`` to ``date_to``."""
    shown_year = wellbeing_latest_year(unit, up_to=year)
    panel = WellbeingPanel(unit=unit, year=shown_year, date_from=date_from, date_to=date_to)
    if shown_year is not None:
        for measure, value, previous in wellbeing_for(unit, shown_year):
            panel.scores.append({
                "measure": measure, "label": measure_label(measure), "value": value,
                "previous": previous,
                "change": None if previous is None else round(value - previous, 1)})
        panel.source = (WellbeingScore.objects.filter(unit=unit, year=shown_year)
                        .exclude(source="").values_list("source", flat=True).first() or "")
    persons = can_see_incidents(user, unit)
    panel.incidents = incident_counts(unit, date_from, date_to, persons)
    panel.register_link = persons
    return panel

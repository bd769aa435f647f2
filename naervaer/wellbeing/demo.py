"""Demo data for well-being and incidents: scores for every unit for the last two years
and a handful of incidents in eldercare (the demo leader's units first), recorded
through the same services as the pages. Call after the demo organisation is loaded."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from naervaer.organisation.models import Employment, Unit
from naervaer.wellbeing.models import IncidentKind, IncidentTaskStatus, WellbeingScore
from naervaer.wellbeing.services import incident_record

MEASURES = {"trivsel": 72.0, "ledelse": 70.0, "social_kapital": 68.0, "arbejdsmaengde": 58.0,
            "vold_trusler": 20.0}
DESCRIPTIONS = {
    IncidentKind.VIOLENCE: "Borger slog ud under morgenplejen.",
    IncidentKind.THREAT: "Pårørende truede personalet ved vagtskifte.",
    IncidentKind.OTHER: "Uventet dødsfald på afdelingen; personalet var berørt.",
}


def _eldercare_units() -> list[Unit]:
    """Leaf units with current staff under the eldercare area (its name starts with
    "Ældre"), else any leaf units with staff."""
    area = Unit.objects.filter(name__istartswith="Ældre").order_by("depth", "unit_id").first()
    leaves = Unit.objects.filter(children__isnull=True,
                                 employments__end_date__isnull=True).distinct()
    if area is not None:
        leaves = leaves.filter(ancestor_links__ancestor=area)
    return list(leaves.order_by("unit_id"))


@transaction.atomic
def demo_wellbeing(*, as_of: dt.date | None = None, seed: int = 7) -> tuple[int, int]:
    """Create the demo scores and incidents; returns (scores, incidents). Does nothing
    when scores exist already."""
    if WellbeingScore.objects.exists():
        return 0, 0
    as_of = as_of or timezone.localdate()
    rng = random.Random(seed)
    scores = []
    for year in (as_of.year - 1, as_of.year):
        for unit in Unit.objects.order_by("unit_id"):
            for measure, base in MEASURES.items():
                value = min(100.0, max(0.0, base + rng.gauss(0, 6) + (1.5 if year == as_of.year else 0)))
                scores.append(WellbeingScore(unit=unit, year=year, measure=measure,
                                             value=Decimal(f"{value:.1f}"),
                                             source=f"Trivselsmåling {year}"))
    WellbeingScore.objects.bulk_create(scores)
    units = _eldercare_units()[:4]
    incidents = 0
    kinds = [IncidentKind.VIOLENCE, IncidentKind.THREAT, IncidentKind.VIOLENCE, IncidentKind.OTHER,
             IncidentKind.THREAT, IncidentKind.VIOLENCE]
    for number, kind in enumerate(kinds):
        if not units:
            break
        unit = units[number % len(units)]
        days_ago = [1, 3, 12, 30, 75, 160][number]
        staff = list(Employment.objects.filter(unit=unit, end_date__isnull=True)
                     .order_by("employment_id").select_related("employee")[:6])
        employment = staff[number % len(staff)] if staff else None
        incident = incident_record(unit=unit, date=as_of - dt.timedelta(days=days_ago), kind=kind,
                                   description=DESCRIPTIONS[kind],
                                   employee=employment.employee if employment else None)
        incidents += 1
        # Older incidents were followed up (all but one debriefing long ago).
        for task in incident.tasks.all():
            left_open = number == 4 and task.code == "debriefing"
            if task.due_date < as_of - dt.timedelta(days=1) and not left_open:
                task.status = IncidentTaskStatus.DONE
                task.done_at = timezone.now()
                task.save(update_fields=["status", "done_at"])
    return len(scores), incidents

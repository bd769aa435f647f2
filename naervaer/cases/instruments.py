"""How often the instruments are used in a unit (with its subunits) in a period: cases
opened and closed with their outcomes, conversations held, retention plans, and the
dated events (fitness statements, partial return, fast track, internships, § 56, the
jobcenter) — beside the compliance figures on the unit page and in the report."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils.translation import gettext as _

from naervaer.cases.models import (
    Case,
    CaseEvent,
    CaseOutcome,
    CaseReason,
    Conversation,
    EventKind,
    RetentionPlan,
)
from naervaer.insight.tables import Cell, Column, Table
from naervaer.organisation.models import Unit, UnitClosure


def instrument_use(unit: Unit, date_from: dt.date, date_to: dt.date, *, persons: bool,
                   threshold: int) -> Table:
    """One row per instrument with its count in the period. For a viewer without person
    access, counts are hidden when the unit had fewer cases than the threshold (a single
    case in a small unit could point to a person)."""
    area = UnitClosure.objects.filter(ancestor=unit).values("descendant")
    cases = Case.objects.filter(unit__in=area)
    in_period = {"date__gte": date_from, "date__lte": date_to}
    rows: list[tuple[str, int]] = []
    opened = dict(cases.filter(opened_at__gte=date_from, opened_at__lte=date_to)
                  .values_list("opened_reason").annotate(n=Count("id")))
    for reason in CaseReason:
        rows.append((_("Forløb åbnet: %(reason)s") % {"reason": reason.label}, opened.get(reason.value, 0)))
    conversations = Conversation.objects.filter(unit__in=area, **in_period)
    rows.append((_("Samtaler holdt i forløb"), conversations.filter(case__isnull=False).count()))
    rows.append((_("Forebyggende trivselssamtaler"), conversations.filter(case__isnull=True).count()))
    rows.append((_("Fastholdelsesplaner aftalt"), RetentionPlan.objects.filter(
        case__in=cases, agreed_on__gte=date_from, agreed_on__lte=date_to).count()))
    events = dict(CaseEvent.objects.filter(case__in=cases, **in_period).values_list("kind")
                  .annotate(n=Count("id")))
    for kind in EventKind:
        if kind != EventKind.EXPECTED_RETURN:
            rows.append((str(kind.label), events.get(kind.value, 0)))
    closed = dict(cases.filter(closed_at__gte=date_from, closed_at__lte=date_to)
                  .values_list("outcome").annotate(n=Count("id")))
    for outcome in CaseOutcome:
        rows.append((_("Forløb afsluttet: %(outcome)s") % {"outcome": outcome.label},
                     closed.get(outcome.value, 0)))
    hide = not persons and cases.filter(opened_at__lte=date_to).exclude(
        closed_at__lt=date_from).count() < threshold
    table = Table("instrumenter", _("Brug af redskaberne"),
                  [Column("instrument", _("Redskab")), Column("count", _("Antal"), "int")])
    for label, count in rows:
        table.add(label, Cell(count, hide))
    if hide:
        table.note = _("“–”: færre end %(n)d forløb i perioden; tallene vises ikke, så ingen kan "
                       "genkendes.") % {"n": threshold}
    return table

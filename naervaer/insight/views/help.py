"""The help page "Sådan regner vi" (/hjaelp/): every figure explained in plain Danish,
one section per figure with the spec's column name as its anchor (tables link to
``{% url 'help' %}#absence_pct``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from naervaer.core.metrics.persons import FrequentAbsenceTrigger
from naervaer.organisation.selectors import get_settings

# (anchor, heading): the anchors are the spec's column names and stable; links elsewhere
# use them.
SECTIONS = [
    ("possible_hours", _("Mulige timer")),
    ("absence_hours", _("Fraværstimer")),
    ("absence_days", _("Fraværsdagsværk")),
    ("absence_pct", _("Fraværsprocent")),
    ("fte", _("Fuldtidsansatte")),
    ("days_per_fte", _("Sygedage pr. fuldtidsansat")),
    ("days_per_employee", _("Sygedage pr. medarbejder")),
    ("short_days", _("Korttidsfravær")),
    ("long_days", _("Langtidsfravær")),
    ("spell", _("Fraværsperiode")),
    ("spells_started", _("Påbegyndte fraværsperioder")),
    ("spells_ended", _("Afsluttede fraværsperioder")),
    ("open_spells", _("Igangværende fraværsperioder")),
    ("headcount", _("Antal medarbejdere")),
    ("share_without_absence", _("Andel uden sygefravær")),
    ("other_absence_days", _("Andet fravær")),
    ("absence_cost_dkk", _("Hvad fraværet koster")),
    ("bradford_factor", _("Bradford-faktor")),
    ("rolling_182_365", _("De seneste 182 og 365 dage")),
    ("status", _("Farvestatus")),
    ("period_kinds", _("Måned, kvartal, år og rullende 12 måneder")),
    ("scope", _("Med eller uden underenheder")),
    ("suppression", _("Hvorfor står der \"–\"?")),
    ("workday", _("Arbejdsdage og helligdage")),
    ("sources", _("Kilder")),
]
ANCHORS = [anchor for anchor, _heading in SECTIONS]


@login_required
def help_page(request: HttpRequest) -> HttpResponse:
    settings = get_settings()
    bands = {band.get("code"): band for band in settings.spell_bands if isinstance(band, dict)}
    short = bands.get("short", {"max_days": 14})
    trigger = FrequentAbsenceTrigger()
    context = {
        "sections": SECTIONS,
        "settings": settings,
        "short_max": short.get("max_days") or 14,
        "long_min": (short.get("max_days") or 14) + 1,
        "trigger": trigger,
        "yellow_spells": -(-trigger.spells * 2 // 3),
        "yellow_days": -(-trigger.days * 2 // 3),
        "extra_days_off": ", ".join(str(day) for day in settings.extra_days_off or []),
        "sick_types": ", ".join(settings.sick_types or []),
    }
    return render(request, "insight/help.html", context)

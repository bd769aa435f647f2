"""The evaluation in plain Danish: a headline, what the data shows, and what it cannot tell."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from naervaer.core.evaluation import (
    CANNOT_TELL,
    FEW_COMPARISON,
    FEW_POST,
    FEW_PRE,
    FEW_TREATED,
    IMPRECISE,
    INCREASED,
    NO_CHANGE,
    PRE_TREND,
    REDUCED,
    Evaluation,
    EvaluationSettings,
)


@dataclass(frozen=True)
class Verdict:
    category: str
    headline: str
    paragraphs: list[str]


def number(value: float | None, decimals: int = 1) -> str:
    """Danish decimal comma; "–" for no value."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "\u2212")


def _signed(value: float, decimals: int = 1) -> str:
    return ("+" if value > 0 else "") + number(value, decimals)


def headline(category: str) -> str:
    return {
        REDUCED: _("Sygefraværet faldt mere i de deltagende enheder end i de sammenlignelige enheder."),
        INCREASED: _("Sygefraværet steg mere i de deltagende enheder end i de sammenlignelige enheder."),
        NO_CHANGE: _("Data viser ingen sikker forskel på de deltagende og de sammenlignelige enheder."),
        CANNOT_TELL: _("Data kan ikke afgøre, om indsatsen har virket."),
    }[category]


def _reason(reason: str, evaluation: Evaluation, settings: EvaluationSettings) -> str:
    return {
        FEW_TREATED: _("Der er kun %(n)s deltagende enheder med mindst %(fte)s årsværk og tal i hele "
                       "perioden; der skal være mindst %(min)s, før tilfældige udsving i en enkelt "
                       "enhed ikke afgør resultatet.") % {
            "n": len(evaluation.treated_units), "fte": number(settings.min_fte, 0),
            "min": settings.min_treated},
        FEW_COMPARISON: _("Der er kun %(n)s sammenlignelige enheder; der skal være mindst %(min)s.") % {
            "n": len(evaluation.comparison_units), "min": settings.min_comparison},
        FEW_PRE: _("Der er kun %(n)s måneders data før start; der skal være mindst %(min)s for at kende "
                   "niveauet og udviklingen før indsatsen.") % {
            "n": evaluation.pre_months, "min": settings.min_pre_months},
        FEW_POST: _("Der er kun %(n)s hele måneder efter start; der skal være mindst %(min)s. Vent, til "
                    "der er gået længere tid.") % {
            "n": evaluation.post_months, "min": settings.min_post_months},
        PRE_TREND: _("Allerede før start udviklede de deltagende enheder sig anderledes end de "
                     "sammenlignelige (forskel i udvikling %(slope)s procentpoint om året). Så kan "
                     "sammenligningen ikke skille indsatsens virkning fra den udvikling, der allerede "
                     "var i gang.") % {
            "slope": _signed(evaluation.pre_trend.effect) if evaluation.pre_trend else "–"},
        IMPRECISE: _("Tallene svinger for meget fra måned til måned i forhold til antallet af enheder: "
                     "usikkerheden er større end halvdelen af fraværet før start."),
    }[reason]


def verdict(evaluation: Evaluation, settings: EvaluationSettings | None = None) -> Verdict:
    settings = settings or EvaluationSettings()
    paragraphs: list[str] = []
    e = evaluation
    if e.treated_pre_pct is not None and e.comparison_pre_pct is not None:
        paragraphs.append(_(
            "Før start var fraværsprocenten %(t0)s %% i de deltagende enheder og %(c0)s %% i de "
            "sammenlignelige enheder; efter start %(t1)s %% og %(c1)s %%.") % {
            "t0": number(e.treated_pre_pct, 2), "c0": number(e.comparison_pre_pct, 2),
            "t1": number(e.treated_post_pct, 2), "c1": number(e.comparison_post_pct, 2)})
    if e.estimate is not None and e.verdict != CANNOT_TELL:
        relative = e.relative_interval
        paragraphs.append(_(
            "Forskellen i udviklingen er %(effect)s procentpoint (95 %%-sikkerhedsinterval "
            "%(low)s til %(high)s), svarende til %(relative)s %% af de deltagende enheders fravær "
            "før start.") % {
            "effect": _signed(e.estimate.effect, 2), "low": _signed(e.estimate.low, 2),
            "high": _signed(e.estimate.high, 2),
            "relative": _signed(e.relative_effect or 0.0, 0)})
        if e.verdict == NO_CHANGE and relative is not None:
            paragraphs.append(_(
                "Det kan data sige: en virkning større end et fald på %(low)s %% eller en stigning på "
                "%(high)s %% er usandsynlig. Det kan data ikke sige: om der var en mindre virkning "
                "inden for det interval.") % {
                "low": number(-relative[0], 0), "high": number(relative[1], 0)})
        elif e.verdict in (REDUCED, INCREASED):
            paragraphs.append(_(
                "Forskellen er større end de tilfældige udsving, tallene plejer at have. Hvor stor "
                "virkningen præcis er, ligger inden for intervallet."))
    for reason in e.reasons:
        paragraphs.append(_reason(reason, e, settings))
    if e.dropped_treated:
        paragraphs.append(_(
            "%(n)s af de deltagende enheder indgår ikke, fordi de har under %(fte)s årsværk eller "
            "mangler tal i en del af perioden.") % {"n": len(e.dropped_treated),
                                                    "fte": number(settings.min_fte, 0)})
    paragraphs.append(_(
        "Sammenligningen viser, hvad der skete samtidig med indsatsen, ikke med sikkerhed hvorfor: "
        "skete der andet i netop de deltagende enheder på samme tid (ny leder, omorganisering, "
        "travlhed), kan det også forklare forskellen."))
    return Verdict(e.verdict, headline(e.verdict), paragraphs)

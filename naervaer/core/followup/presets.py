"""Policies from the spec and the seeds, ready to attach to a unit (and to copy).

Danish titles: they are what a leader reads in the task inbox.
"""

from __future__ import annotations

import datetime as dt

from naervaer.core.followup.policy import FrequentTrigger, PolicyVersion, Step

START = dt.date(2020, 1, 1)

# The hospital rule for frequent absence, in both readings of "6 days".
HOSPITAL_FREQUENT = FrequentTrigger(
    code="frequent_absence", title="Samtale om hyppigt fravær (3 perioder eller 6 dage på et halvt år)",
    window_days=182, spells=3, days=6)
HOSPITAL_FREQUENT_CONSECUTIVE = FrequentTrigger(
    code="frequent_absence",
    title="Samtale om hyppigt fravær (3 perioder eller én periode på 6 dage på et halvt år)",
    window_days=182, spells=3, days=6, days_mode="consecutive")


def _contact(day: int, due_days: int = 1) -> Step:
    return Step(code=f"contact_day_{day}", title=f"Kontakt den sygemeldte (dag {day})",
                action="contact", day=day, due_days=due_days)


def _ladder(name: str, days: tuple[int, int, int], *, description: str,
            frequent: FrequentTrigger = HOSPITAL_FREQUENT) -> PolicyVersion:
    first, second, third = days
    return PolicyVersion(
        name=name, effective_from=START, description=description,
        steps=(_contact(first, 0), _contact(second),
               Step(code=f"conversation_day_{third}", title=f"Sygefraværssamtale (dag {third})",
                    action="conversation", day=third, due_days=3)),
        triggers=(frequent,))


HOSPITAL_1_5_15 = _ladder("Sygehus 1-5-15", (1, 5, 15), description=(
    "Kontakt dag 1 og 5, samtale dag 15; hyppigt fravær: 3 perioder eller 6 dage i alt på 182 dage."))
HOSPITAL_1_5_15_CONSECUTIVE = _ladder(
    "Sygehus 1-5-15 (6 sammenhængende dage)", (1, 5, 15), frequent=HOSPITAL_FREQUENT_CONSECUTIVE,
    description="Som 1-5-15, men 6 dage læses som én periode på 6 sammenhængende dage.")
LADDER_1_5_10 = _ladder("1-5-10", (1, 5, 10), description="Kontakt dag 1 og 5, samtale dag 10.")
LADDER_1_3_7 = _ladder("1-3-7", (1, 3, 7), description="Kontakt dag 1 og 3, samtale dag 7.")

KOEGE = PolicyVersion(
    name="Køge", effective_from=START,
    description="Lederen ringer på 3. og 8. dagen; første sygefraværssamtale holdes inden 14 dage.",
    steps=(
        Step(code="phone_day_3", title="Ring til den sygemeldte (3. dag)", action="contact", day=3),
        Step(code="phone_day_8", title="Ring til den sygemeldte (8. dag)", action="contact", day=8),
        Step(code="conversation_by_day_14", title="Første sygefraværssamtale (senest dag 14)",
             action="conversation", day=8, due_days=6),
    ))

AARHUS = PolicyVersion(
    name="Aarhus", effective_from=START,
    description=("Første sygefraværssamtale senest efter 14 dages fravær; fem fraværsperioder "
                 "og/eller 14 fraværsdage på et år udløser også samtale."),
    steps=(Step(code="conversation_by_day_14", title="Første sygefraværssamtale (senest dag 14)",
                action="conversation", day=7, due_days=7),),
    triggers=(FrequentTrigger(code="frequent_absence",
                              title="Samtale om hyppigt fravær (5 perioder og/eller 14 dage på et år)",
                              window_days=365, spells=5, days=14),))

ELDERCARE = PolicyVersion(
    name="Ældreplejens forløbsprogram", effective_from=START,
    description=("Dag 1 og 3 telefonisk opfølgning, dag 10 indkaldelse med "
                 "fastholdelseskonsulent, dag 15 nærværssamtale (kan der laves en "
                 "fastholdelsesplan?), derefter opfølgning hver 14. dag; HR deltager efter 30 "
                 "sygefraværsdage."),
    steps=(
        Step(code="phone_day_1", title="Telefonisk opfølgning – akutte tiltag (dag 1)",
             action="contact", day=1),
        Step(code="phone_day_3", title="Telefonisk opfølgning – behov for fast track? (dag 3)",
             action="contact", day=3),
        Step(code="invitation_day_10",
             title="Indkald til 1. sygefraværssamtale med fastholdelseskonsulent (dag 10)",
             action="invitation", day=10, due_days=1, participants=("retention_consultant",)),
        Step(code="presence_conversation_day_15",
             title="Nærværssamtale – kan der udarbejdes en fastholdelsesplan? (dag 15)",
             action="conversation", day=15, due_days=2, participants=("retention_consultant",)),
        Step(code="plan_review", title="Følg op på fastholdelsesplanen sammen med medarbejderen",
             action="plan_review", day=29, due_days=3, repeat_every=14, condition="retention_plan"),
        Step(code="keep_contact", title="Fasthold kontakten (hver 14. dag)", action="contact",
             day=29, due_days=3, repeat_every=14, condition="no_retention_plan"),
        Step(code="hr_joins", title="HR deltager i nærværssamtalerne (efter 30 sygefraværsdage)",
             action="hr_involvement", day=30, due_days=5, responsible="hr",
             participants=("hr",), count="sick_workdays"),
        Step(code="after_return_conversation", title="Opfølgende samtale efter raskmelding",
             action="conversation", day=1, due_days=14, after_return=True, min_spell_days=15),
    ),
    triggers=(HOSPITAL_FREQUENT,))

HJOERRING = PolicyVersion(
    name="Hjørring – tidlig indsats", effective_from=START,
    description=("I 2. fraværsuge kontakter lederen den sygemeldte og vurderer sammen med en "
                 "fastholdelseskonsulent risikoen for et langt forløb; gentages om fornødent i 6. uge."),
    steps=(
        Step(code="contact_week_2", title="Kontakt den sygemeldte (2. fraværsuge)", action="contact",
             day=8, due_days=6),
        Step(code="risk_assessment_week_2",
             title="Risikovurdering med fastholdelseskonsulent (2. fraværsuge)",
             action="risk_screening", day=8, due_days=6, participants=("retention_consultant",)),
        Step(code="risk_assessment_week_6",
             title="Ny samtale med fastholdelseskonsulent (6. fraværsuge, om fornødent)",
             action="conversation", day=36, due_days=6, participants=("retention_consultant",)),
    ))

PRESETS: dict[str, PolicyVersion] = {
    "hospital_1_5_15": HOSPITAL_1_5_15,
    "hospital_1_5_15_consecutive": HOSPITAL_1_5_15_CONSECUTIVE,
    "ladder_1_5_10": LADDER_1_5_10,
    "ladder_1_3_7": LADDER_1_3_7,
    "koege": KOEGE,
    "aarhus": AARHUS,
    "eldercare": ELDERCARE,
    "hjoerring": HJOERRING,
}

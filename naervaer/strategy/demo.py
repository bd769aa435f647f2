"""Demo content: the demo TRIO user's unit gets an annual wheel for the current year
(the Horsens example's meetings, with minutes and a decision at the latest past meeting)
and an active action plan with a few actions. Call after the demo users exist."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from naervaer.accounts.models import Profile, Role
from naervaer.strategy import services
from naervaer.strategy.models import ActionPlan, ActionStatus, AnnualWheel, CoreElement, PlanStatus
from naervaer.strategy.selectors import plan_headings

DEMO_BODY = [
    ("Data og allerede igangsatte indsatser",
     "Korttidsfraværet er steget det seneste år, især i aften- og weekendvagterne. "
     "Vi har allerede tavlemøder hver uge og fraværssamtaler efter ledelsens retningslinjer."),
    ("Hvad skal vi løfte, og hvad er målet",
     "Færre korte fravær og flere medarbejdere uden sygefravær. Mål: 0,5 sygedag "
     "færre pr. årsværk inden årets udgang."),
    ("Hvordan og hvor ofte følger vi op",
     "TRIO følger op på hvert møde i årshjulet med de seneste tal."),
]
DEMO_ACTIONS = [
    ("Tidlig omsorgssamtale ved andet fravær inden for tre måneder", "Leder",
     CoreElement.HANDLING, ActionStatus.IN_PROGRESS),
    ("Fast aftale med jobcenteret om tidlig indsats ved langvarigt fravær", "HR-partner",
     CoreElement.JOBCENTER, ActionStatus.OPEN),
    ("Plan for gradvis tilbagevenden drøftes i TRIO ved hver tilbagevenden", "TRIO",
     CoreElement.RETURN, ActionStatus.OPEN),
]


def demo_strategy(*, today: dt.date | None = None) -> AnnualWheel | None:
    """Give the TRIO demo user's unit a wheel for this year and an active plan. Does
    nothing (returns None) without a TRIO user; running it again changes nothing."""
    today = today or timezone.localdate()
    profile = (Profile.objects.filter(role=Role.TRIO).select_related("user")
               .prefetch_related("units").order_by("pk").first())
    unit = profile.units.order_by("pk").first() if profile is not None else None
    if profile is None or unit is None:
        return None
    user = profile.user
    existing = AnnualWheel.objects.filter(unit=unit, year=today.year).first()
    if existing is not None:
        return existing
    wheel = services.wheel_create(unit, today.year, user=user)
    if not ActionPlan.objects.filter(unit=unit).exists():
        plan = services.plan_get_or_create(unit, user=user)
        headings = plan_headings(plan)
        body = {heading: text for heading, text in DEMO_BODY if heading in headings}
        services.plan_update(plan, user=user, body=body, status=PlanStatus.ACTIVE,
                             revise_by=None, today=today)
        for number, (text, owner, element, status) in enumerate(DEMO_ACTIONS):
            services.action_add(plan, user=user, text=text, owner=owner, core_element=element,
                                status=status,
                                deadline=today + dt.timedelta(days=30 * (number + 1)))
    past = wheel.meetings.filter(date__lt=today).order_by("-date").first()
    if past is not None:
        services.minutes_save(past, user=user, minutes=(
            "Fraværstallene blev gennemgået. TR og AMR melder om travlhed i weekenderne."))
        decision = services.decision_add(past, user=user, text=(
            "Vi afprøver faste makkerpar i weekendvagterne i tre måneder."))
        services.decision_to_action(decision, user=user, owner="TRIO",
                                    deadline=today + dt.timedelta(days=90),
                                    core_element=CoreElement.PREVENTION)
    return wheel

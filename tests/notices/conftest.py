"""A small organisation with a policy whose steps fall in the first week of a spell:
a call (leader), an HR step and a conversation (leader, with a calendar invitation)."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.core.followup.policy import PolicyVersion, Step
from naervaer.followup.services import followup_run, policy_create, unit_policy_set
from tests.factories import make_absence, make_org

START = dt.date(2025, 6, 2)  # a Monday: the spells' first day

POLICY = PolicyVersion(
    name="Advistest", effective_from=dt.date(2020, 1, 1), notice_lead_days=2,
    steps=(
        # trigger 2 June, due 4 June, notice 2 June
        Step(code="call_day_1", title="Ring til den sygemeldte", action="contact", day=1, due_days=2),
        # trigger 4 June, due 6 June, notice 4 June; HR's
        Step(code="hr_day_3", title="HR kontakter lederen", action="hr_involvement", day=3,
             due_days=2, responsible="hr"),
        # trigger 6 June, due 9 June, notice 7 June
        Step(code="talk_day_5", title="Samtale med den sygemeldte", action="conversation", day=5,
             due_days=3),
    ))


@pytest.fixture
def org(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NAERVAER_BASE_URL = "https://naervaer.example.dk"
    settings.DEFAULT_FROM_EMAIL = "Nærvær <naervaer@example.dk>"
    org = make_org()
    unit_policy_set(unit=org.kommune, policy=policy_create(name="Advistest", version=POLICY))
    make_absence(employment=org.bo_job, key="BO-LONG", start_date=START, end_date=None)      # SOL
    make_absence(employment=org.erik_job, key="ERIK-LONG", start_date=START, end_date=None)  # ENG
    for user, address in ((org.leader, "leder@example.dk"), (org.leader_engly, "engly@example.dk"),
                          (org.hr, "hr@example.dk")):
        user.email = address
        user.save()
    return org


def run(day: dt.date) -> None:
    followup_run(as_of=day)

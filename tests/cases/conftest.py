"""Shared fixtures of the case tests: the standard organisation with a policy and two open
long spells (Bo in SOL, Erik in ENG) whose follow-up tasks have been stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from naervaer.core.followup.presets import HOSPITAL_1_5_15
from naervaer.followup.services import followup_run, policy_create, unit_policy_set
from tests.factories import make_absence, make_org

START = dt.date(2025, 6, 2)  # a Monday
TODAY = dt.date(2025, 6, 25)  # day 24 of the spells


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    org = make_org()
    hospital = policy_create(name="Sygehus", version=HOSPITAL_1_5_15, preset="hospital_1_5_15")
    unit_policy_set(unit=org.kommune, policy=hospital)
    make_absence(employment=org.bo_job, key="BO-LONG", start_date=START, end_date=None)
    make_absence(employment=org.erik_job, key="ERIK-LONG", start_date=START, end_date=None)
    return org


@pytest.fixture
def run(org):  # type: ignore[no-untyped-def]
    """The engine's tasks stored as of TODAY."""
    return followup_run(as_of=TODAY)


@pytest.fixture
def today(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def client_for(org):  # type: ignore[no-untyped-def]
    def build(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(getattr(org, name))
        return client

    return build

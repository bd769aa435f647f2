"""Fixtures of the action-plan and annual-wheel tests: the standard small organisation
with a metric cube at the end of 2024, and logged-in clients by user name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from naervaer.metrics.services import cube_refresh
from tests.factories import make_org

AS_OF = dt.date(2024, 12, 31)


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    org = make_org()
    cube_refresh(as_of=AS_OF, full=True)
    return org


@pytest.fixture
def client_for(org):  # type: ignore[no-untyped-def]
    def build(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(getattr(org, name))
        return client

    return build

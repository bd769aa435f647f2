"""Shared fixtures of the management-information tests (add fixtures, never remove)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_org


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    """The standard small organisation of ``tests.factories.make_org``."""
    return make_org()


@pytest.fixture
def client_for(org):  # type: ignore[no-untyped-def]
    """``client_for("leader")``: a test client logged in as that user of ``org``
    (``None`` gives an anonymous client)."""

    def build(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(getattr(org, name))
        return client

    return build

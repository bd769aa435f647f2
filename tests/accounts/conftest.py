from __future__ import annotations

import pytest

from tests.factories import make_org


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    """The standard small organisation of ``tests.factories.make_org``."""
    return make_org()

"""A municipality of 40 units with a simulated cube (tests/core/test_evaluation.panel):
T00…T09 under area A took part in an initiative from START with 30 % less absence; the
C units did not.

    K  Kommune
    ├── A   Område A   T00 … T09
    └── C10 … C39
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import polars as pl
import pytest
from django.test import Client

from naervaer.evaluation.models import Initiative
from naervaer.metrics.cube import MANIFEST, Manifest
from tests.core.test_evaluation import FIRST, START, panel
from tests.factories import make_unit, make_user

AS_OF = dt.date(2025, 12, 31)


@pytest.fixture
def cube(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.NAERVAER_CUBE_DIR = tmp_path
    rows = panel(1, factor=0.7).with_columns(
        period_start=pl.col("period_end").dt.month_start(), scope=pl.lit("own"))
    rows.write_parquet(tmp_path / "month.parquet")
    (tmp_path / MANIFEST).write_text(Manifest(AS_OF, FIRST, AS_OF, "2025-12-31T23:00:00", {}).to_json())
    return tmp_path


@pytest.fixture
def org(db, cube):  # type: ignore[no-untyped-def]
    org = SimpleNamespace()
    org.root = make_unit(unit_id="K", name="Kommune")
    org.area = make_unit(unit_id="A", name="Område A", parent=org.root)
    for i in range(40):
        make_unit(unit_id=f"T{i:02d}" if i < 10 else f"C{i:02d}", name=f"Enhed {i:02d}",
                  parent=org.area if i < 10 else org.root)
    org.hr = make_user(role="hr", username="hr")
    org.leader = make_user(role="leader", username="leder", units=[org.area])
    org.direktion = make_user(role="direktion", username="direktion")
    org.trio = make_user(role="trio", username="trio", units=[org.root])
    org.initiative = Initiative.objects.create(name="Nærvær i område A", start_date=START,
                                               created_by=org.hr)
    org.initiative.units.set([org.area])
    return org


@pytest.fixture
def client_for(org):  # type: ignore[no-untyped-def]
    def build(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(getattr(org, name))
        return client

    return build

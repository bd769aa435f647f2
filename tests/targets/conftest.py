"""A small tree with a hand-made stored cube (rolling 12 months at 250 workdays, so
days per FTE = 2.5 × per cent)::

    K   Kommune      5.0 % all year (Dec 2024: 5.5 %); months Jan–Sep 2025 at 4.8 %
    ├── A   Område A     6.0 %; staff mix 3000 h SSH, 1000 h Akademiker
    │   └── A1  Team A1  Jun 6.0, Jul 6.3, Aug 6.5, Sep 6.8 %
    └── B   Område B     4.0 %

Users: hr, leader_k (K), leader_a (A), leader_a1 (A1), trio (K), direktion, employee.
The cube's reference date is 2025-09-30."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import polars as pl
import pytest
from django.test import Client

from naervaer.core.targets import add_months, month_end
from naervaer.metrics.cube import MANIFEST, Manifest
from tests.factories import make_employee, make_unit, make_user

AS_OF = dt.date(2025, 9, 30)
WORKDAYS = 250.0
LEVELS = {"K": 5.0, "A": 6.0, "B": 4.0, "A1": 6.0}
A1_QUARTER = {7: 6.3, 8: 6.5, 9: 6.8}


def _row(unit_id: str, start: dt.date, end: dt.date, pct: float, *, group: str = "*",
         possible: float = 10_000.0, days_factor: float = WORKDAYS / 100) -> dict[str, object]:
    fte = possible / 7.4 / WORKDAYS
    return {"unit_id": unit_id, "period_start": start, "period_end": end, "scope": "subtree",
            "staff_group": group, "absence_pct": pct, "days_per_fte": pct * days_factor,
            "possible_hours": possible, "fte": fte, "headcount": 20,
            "short_days": pct / 100 * possible / 7.4 / 2}


def cube_tables() -> dict[str, pl.DataFrame]:
    rolling, months = [], []
    month = dt.date(2024, 12, 1)
    while month <= dt.date(2025, 9, 1):
        end, start = month_end(month), add_months(month, -11)
        for unit_id, level in LEVELS.items():
            pct = level
            if unit_id == "K" and month.year == 2024:
                pct = 5.5
            if unit_id == "A1" and month.year == 2025:
                pct = A1_QUARTER.get(month.month, 6.0)
            rolling.append(_row(unit_id, start, end, pct))
        if month.year == 2025:
            months.append(_row("K", month, end, 4.8, days_factor=0.21))
        month = add_months(month, 1)
    rolling.append(_row("A", dt.date(2024, 10, 1), AS_OF, 7.0, group="SSH", possible=3000))
    rolling.append(_row("A", dt.date(2024, 10, 1), AS_OF, 3.0, group="Akademiker", possible=1000))
    return {"rolling12": pl.DataFrame(rolling), "month": pl.DataFrame(months)}


@pytest.fixture(autouse=True)
def stored_cube(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.NAERVAER_CUBE_DIR = tmp_path
    for kind, table in cube_tables().items():
        table.write_parquet(tmp_path / f"{kind}.parquet")
    (tmp_path / MANIFEST).write_text(Manifest(AS_OF, dt.date(2023, 1, 1), AS_OF,
                                              "2025-09-30T23:00:00", {}).to_json())


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    org = SimpleNamespace()
    org.k = make_unit(unit_id="K", name="Kommune")
    org.a = make_unit(unit_id="A", name="Område A", parent=org.k)
    org.a1 = make_unit(unit_id="A1", name="Team A1", parent=org.a)
    org.b = make_unit(unit_id="B", name="Område B", parent=org.k)
    org.hr = make_user(role="hr", username="hr")
    org.leader_k = make_user(role="leader", username="leader_k", units=[org.k])
    org.leader_a = make_user(role="leader", username="leader_a", units=[org.a])
    org.leader_a1 = make_user(role="leader", username="leader_a1", units=[org.a1])
    org.trio = make_user(role="trio", username="trio", units=[org.k])
    org.direktion = make_user(role="direktion", username="direktion")
    org.employee = make_user(role="employee", username="employee", employee=make_employee())
    for user in (org.hr, org.leader_k, org.leader_a, org.leader_a1):
        user.email = f"{user.username}@example.dk"
        user.save()
    return org


@pytest.fixture
def client_for(org):  # type: ignore[no-untyped-def]
    def build(name: str) -> Client:
        client = Client()
        client.force_login(getattr(org, name))
        return client

    return build

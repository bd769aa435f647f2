"""A small municipality whose units differ in staff mix, for the benchmark's Django side.

    K  Kommune
    ├── PL  Pleje       8 social- og sundhedshjælpere, 12 sick days each in 2024
    ├── AD  Administration  8 akademikere, 3 sick days each (1 with 9)
    └── LI  Lille       2 social- og sundhedshjælpere (below the threshold of 5)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from naervaer.metrics.cube import MANIFEST, Manifest
from tests.factories import make_absence, make_employment, make_unit, make_user

AS_OF = dt.date(2024, 12, 31)


@pytest.fixture(autouse=True)
def cube_as_of(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.NAERVAER_CUBE_DIR = tmp_path
    (tmp_path / MANIFEST).write_text(Manifest(AS_OF, dt.date(2023, 1, 1), AS_OF,
                                              "2024-12-31T23:00:00", {}).to_json())


def _sick(job, days: int, month: int) -> None:  # type: ignore[no-untyped-def]
    start = dt.date(2024, month, 2)
    make_absence(employment=job, start_date=start, end_date=start + dt.timedelta(days=days - 1))


@pytest.fixture
def bench_org(db):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    org = SimpleNamespace()
    org.root = make_unit(unit_id="K", name="Kommune")
    org.pleje = make_unit(unit_id="PL", name="Pleje", parent=org.root, unit_type="pleje")
    org.admin = make_unit(unit_id="AD", name="Administration", parent=org.root, unit_type="adm")
    org.lille = make_unit(unit_id="LI", name="Lille", parent=org.root, unit_type="pleje")
    for i in range(8):
        job = make_employment(unit=org.pleje, staff_group="Social- og sundhedshjælper",
                              birth_year=1970 + i, gender="K" if i % 4 else "M")
        _sick(job, 10 + (i % 3) * 2, 1 + i)
        job = make_employment(unit=org.admin, staff_group="Akademiker", birth_year=1985 + i,
                              gender="M" if i % 2 else "K", weekly_hours=32 if i % 3 == 0 else 37)
        _sick(job, 9 if i == 0 else 3, 2 + i)
    for i in range(2):
        job = make_employment(unit=org.lille, staff_group="Social- og sundhedshjælper",
                              birth_year=1960, gender="K")
        _sick(job, 20, 3 + i)
    org.hr = make_user(role="hr", username="hr")
    org.direktion = make_user(role="direktion", username="direktion")
    org.trio = make_user(role="trio", username="trio", units=[org.root])
    org.leader = make_user(role="leader", username="leder", units=[org.root])
    return org


@pytest.fixture
def client_for(bench_org):  # type: ignore[no-untyped-def]
    def build(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(getattr(bench_org, name))
        return client

    return build

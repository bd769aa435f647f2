"""The demo hook: scores for every unit for two years, incidents in eldercare, once."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.wellbeing.demo import demo_wellbeing
from naervaer.wellbeing.models import Incident, WellbeingScore
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def test_demo_wellbeing():
    make_org()
    scores, incidents = demo_wellbeing(as_of=dt.date(2025, 6, 2))
    assert scores == WellbeingScore.objects.count() == 6 * 5 * 2
    assert incidents == Incident.objects.count() == 6
    assert set(Incident.objects.values_list("unit__unit_id", flat=True)) <= {"SOL", "SOLA", "ENG"}
    assert demo_wellbeing(as_of=dt.date(2025, 6, 2)) == (0, 0)

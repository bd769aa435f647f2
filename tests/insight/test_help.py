"""The help page: every logged-in user, a section for every figure, a table of contents."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from naervaer.insight.views.help import ANCHORS

ROLES = ["hr", "leader", "trio", "direktion", "employee", "leader_engly", "nobody"]
URL = reverse("help")
SPEC_COLUMNS = ["possible_hours", "absence_hours", "absence_days", "absence_pct", "fte",
                "days_per_fte", "short_days", "long_days", "spells_started", "spells_ended",
                "open_spells", "headcount", "share_without_absence", "other_absence_days",
                "absence_cost_dkk", "days_per_employee"]
EXTRA = ["spell", "bradford_factor", "rolling_182_365", "status", "period_kinds", "scope",
         "suppression", "workday", "sources"]


@pytest.mark.parametrize("role", ROLES)
def test_every_logged_in_user_sees_the_help_page(client_for, role):
    assert client_for(role).get(URL).status_code == 200


def test_anonymous_is_sent_to_login(client_for):
    assert client_for(None).get(URL).status_code == 302


def test_a_section_and_a_contents_link_for_every_figure(client_for):
    page = client_for("trio").get(URL).content.decode()
    assert sorted(ANCHORS) == sorted(SPEC_COLUMNS + EXTRA)
    ids = re.findall(r'<section id="([a-z0-9_]+)"', page)
    assert sorted(ids) == sorted(ANCHORS)
    for anchor in ANCHORS:
        assert f'href="#{anchor}"' in page
    assert "7,20 %" in page and "16,16" in page and "Store bededag" in page
    assert "Danmarks Statistik" in page


def test_navigation_links_to_help_and_hr_pages(client_for):
    page = client_for("hr").get(URL).content.decode()
    for name in ("help", "watchlist", "audit-log"):
        assert f'href="{reverse(name)}"' in page
    page = client_for("leader").get(URL).content.decode()
    assert f'href="{reverse("help")}"' in page
    assert f'href="{reverse("watchlist")}"' not in page
    assert f'href="{reverse("audit-log")}"' not in page

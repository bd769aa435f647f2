"""Annual wheels: the default meetings, the agenda's figures (equal to ``naervaer
metrics``, suppressed for small units), its PDF, decisions that become plan actions, and
the meeting reminders."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from naervaer.organisation.services import settings_update
from naervaer.strategy import services
from naervaer.strategy.demo import demo_strategy
from naervaer.strategy.models import (
    DEFAULT_STANDING_ITEMS,
    ActionPlan,
    AnnualWheel,
    Decision,
    MeetingReminder,
    PlanAction,
    WheelMeeting,
)
from naervaer.strategy.selectors import agenda_month, body_users
from tests.strategy.conftest import AS_OF


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def figure(page: str, key: str) -> str:
    match = re.search(rf'<tr data-key="{key}">.*?<td class="num figure">(.*?)</td>', page)
    assert match, key
    return match.group(1).strip()


def metrics_row(unit_id: str, month: dt.date) -> dict:  # type: ignore[type-arg]
    out = StringIO()
    end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    call_command("metrics", "--from", month.isoformat(), "--to", end.isoformat(), "--by", "month",
                 "--unit", unit_id, "--as-of", AS_OF.isoformat(), "--format", "json", stdout=out)
    rows = [row for row in json.loads(out.getvalue()) if row["unit_id"] == unit_id
            and row.get("staff_group", "*") == "*" and row.get("scope", "subtree") == "subtree"]
    assert len(rows) == 1, rows
    return rows[0]


def danish(value: float, pct: bool = False) -> str:
    return f"{value:.1f}".replace(".", ",") + (" %" if pct else "")


def meeting_on(org, day: dt.date) -> WheelMeeting:  # type: ignore[no-untyped-def]
    wheel, _ = AnnualWheel.objects.get_or_create(unit=org.sol, year=day.year)
    return services.meeting_save(wheel, user=org.trio, date=day, topic="Kultur og trivsel",
                                 standing_items=list(DEFAULT_STANDING_ITEMS), revises_plan=False)


def test_a_new_wheel_has_the_horsens_meetings_and_sets_the_revision_date(org, client_for):
    trio = client_for("trio")
    services.plan_get_or_create(org.sol, user=org.trio)
    response = trio.post(reverse("strategy:wheel", args=[org.sol.pk, 2099]), {"create": "1"})
    assert response.status_code == 302
    wheel = AnnualWheel.objects.get(unit=org.sol, year=2099)
    meetings = list(wheel.meetings.all())
    assert [meeting.date.month for meeting in meetings] == [1, 3, 4, 5, 9, 10, 11, 12]
    assert all(meeting.standing_items == DEFAULT_STANDING_ITEMS for meeting in meetings)
    november = next(meeting for meeting in meetings if meeting.revises_plan)
    assert november.date.month == 11 and november.date.weekday() == 1
    assert ActionPlan.objects.get(unit=org.sol).revise_by == november.date
    page = text_of(trio.get(reverse("strategy:wheel", args=[org.sol.pk, 2099])))
    assert "Voldspolitik" in page and "Dagsorden til næste møde" in page


def test_agenda_month_is_the_last_complete_month_before_the_meeting_within_the_cube(org):
    assert agenda_month(dt.date(2024, 4, 9)) == dt.date(2024, 3, 1)
    assert agenda_month(dt.date(2025, 6, 10)) == dt.date(2024, 12, 1)  # planned ahead: latest
    assert agenda_month(dt.date(2010, 1, 5)) is None                  # before the data


def test_agenda_figures_equal_the_metrics_command(org, client_for):
    settings_update(small_group_threshold=2)
    meeting = meeting_on(org, dt.date(2024, 4, 9))
    page = text_of(client_for("trio").get(reverse("strategy:meeting", args=[meeting.pk])))
    row = metrics_row("SOL", dt.date(2024, 3, 1))
    assert row["headcount"] == 3
    assert figure(page, "absence_pct") == danish(row["absence_pct"], pct=True)
    assert figure(page, "short_days") == danish(row["short_days"])
    assert figure(page, "long_days") == danish(row["long_days"])
    assert figure(page, "share_without_absence") == danish(row["share_without_absence"], pct=True)
    assert "marts 2024" in page
    for name in ("Anna Andersen", "Bo Bertelsen", "Carl Christensen"):
        assert name not in page


@pytest.mark.parametrize("user", ["trio", "leader", "hr"])
def test_agenda_figures_are_suppressed_for_small_units_whoever_asks(org, client_for, user):
    meeting = meeting_on(org, dt.date(2024, 4, 9))  # Solgården has 3 people, threshold 5
    page = text_of(client_for(user).get(reverse("strategy:meeting", args=[meeting.pk])))
    for key in ("absence_pct", "short_days", "long_days", "share_without_absence"):
        assert figure(page, key) == "–"
    assert "færre end 5 medarbejdere" in page
    assert "Anna Andersen" not in page


def test_agenda_pdf(org, client_for):
    meeting = meeting_on(org, dt.date(2024, 4, 9))
    response = client_for("direktion").get(reverse("strategy:agenda-pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for("leader_engly").get(
        reverse("strategy:agenda-pdf", args=[meeting.pk])).status_code == 403


def test_minutes_and_a_decision_become_an_action_in_the_plan(org, client_for):
    meeting = meeting_on(org, dt.date(2024, 4, 9))
    trio = client_for("trio")
    url = reverse("strategy:meeting", args=[meeting.pk])
    assert trio.post(reverse("strategy:minutes", args=[meeting.pk]),
                     {"minutes": "Tallene blev gennemgået."}).status_code == 302
    trio.post(reverse("strategy:decision-add", args=[meeting.pk]), {"text": "Faste makkerpar"})
    decision = Decision.objects.get()
    assert not ActionPlan.objects.filter(unit=org.sol).exists()
    action_url = reverse("strategy:decision-action", args=[decision.pk])
    trio.post(action_url, {f"d{decision.pk}-owner": "TRIO", f"d{decision.pk}-deadline": "2024-07-01",
                           f"d{decision.pk}-core_element": "prevention"})
    trio.post(action_url, {})  # a second click changes nothing
    action = PlanAction.objects.get()
    decision.refresh_from_db()
    assert decision.action == action and action.plan.unit == org.sol
    assert (action.text, action.owner, action.deadline) == ("Faste makkerpar", "TRIO", dt.date(2024, 7, 1))
    page = text_of(trio.get(url))
    assert "Er en handling i handleplanen" in page and "Tallene blev gennemgået." in page
    page = text_of(client_for("leader").get(reverse("strategy:plan", args=[org.sol.pk])))
    assert "Faste makkerpar" in page and "beslutning 09-04-2024" in page
    # The next meeting's agenda follows up on the previous one.
    later = meeting_on(org, dt.date(2024, 5, 14))
    page = text_of(trio.get(reverse("strategy:meeting", args=[later.pk])))
    assert "Tallene blev gennemgået." in page and "Faste makkerpar" in page
    # Direktion reads, but cannot record.
    direktion = client_for("direktion")
    assert direktion.post(action_url, {}).status_code == 403
    assert direktion.post(reverse("strategy:decision-add", args=[meeting.pk]),
                          {"text": "x"}).status_code == 403


def test_reminders_are_sent_once_to_the_body(org, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for user in (org.trio, org.leader):
        user.email = f"{user.username}@example.org"
        user.save()
    as_of = dt.date(2024, 4, 2)
    soon = meeting_on(org, as_of + dt.timedelta(days=7))
    meeting_on(org, as_of + dt.timedelta(days=8))  # not yet
    assert {user.username for user in body_users(org.sol)} == {"trio", "leder"}
    result = services.meeting_reminders_send(as_of=as_of)
    assert result.sent == 2 and len(mail.outbox) == 2
    assert {message.to[0] for message in mail.outbox} == {"trio@example.org", "leder@example.org"}
    assert "09-04-2024" in mail.outbox[0].subject
    assert reverse("strategy:meeting", args=[soon.pk]) in mail.outbox[0].body
    assert services.meeting_reminders_send(as_of=as_of).sent == 0  # once
    assert len(mail.outbox) == 2 and MeetingReminder.objects.count() == 2
    # The next day the later meeting comes within the 7 days; the first is not sent again.
    assert services.meeting_reminders_send(as_of=as_of + dt.timedelta(days=1)).sent == 2
    assert len(mail.outbox) == 4 and MeetingReminder.objects.count() == 4


def test_demo_strategy(org):
    wheel = demo_strategy(today=dt.date(2024, 6, 1))
    assert wheel is not None and wheel.unit == org.sol and wheel.meetings.count() == 8
    plan = ActionPlan.objects.get(unit=org.sol)
    assert plan.status == "active" and plan.actions.count() == 4
    assert Decision.objects.get().action is not None
    assert demo_strategy(today=dt.date(2024, 6, 1)) == wheel  # again: nothing new
    assert PlanAction.objects.count() == 4


def test_agenda_shows_well_being_and_incidents_beside_absence(org, client_for):
    from naervaer.wellbeing.models import Incident, WellbeingScore

    WellbeingScore.objects.create(unit=org.sol, year=2024, measure="trivsel", value=71.5)
    WellbeingScore.objects.create(unit=org.sol, year=2023, measure="trivsel", value=68.0)
    Incident.objects.create(unit=org.sol_a, date=dt.date(2024, 2, 12), kind="threat",
                            description="Trussel ved aftensmad")
    meeting = meeting_on(org, dt.date(2024, 4, 9))
    page = text_of(client_for("trio").get(reverse("strategy:meeting", args=[meeting.pk])))
    assert "Trivsel og APV 2024" in page and "71,5" in page and "68,0" in page
    # one incident in a small group: suppressed for the meeting, the text never shown
    assert "færre end 5; tallet vises ikke" in page and "Trussel ved aftensmad" not in page
    settings_update(small_group_threshold=1)
    page = text_of(client_for("trio").get(reverse("strategy:meeting", args=[meeting.pk])))
    assert "1 (vold 0, trusler 1, andet 0)" in page

"""The quarterly escalation: above target for a whole quarter or rising markedly, one
escalation per unit and quarter, e-mails to the unit's leader and the leader above
once."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from naervaer.targets import services
from naervaer.targets.demo import demo_targets
from naervaer.targets.models import EscalationNotice, EscalationTask, UnitEscalation

Q3 = dt.date(2025, 7, 1)
RUN = dt.date(2025, 10, 2)


def test_units_above_target_all_quarter_are_escalated_with_three_tasks(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    result = services.escalations_run(as_of=RUN, send=False)
    assert result.quarter == Q3
    reasons = {e.unit.unit_id: e.reason for e in UnitEscalation.objects.all()}
    assert reasons == {"K": "above_target", "A": "above_target", "A1": "above_target"}  # B: 4.0 %
    a1 = UnitEscalation.objects.get(unit=org.a1)
    assert (a1.value, a1.target, a1.previous) == (6.8, 4.5, 6.0)
    tasks = {t.kind: (t.responsible, t.due_date) for t in a1.tasks.all()}
    assert tasks == {"explain": ("unit_leader", RUN + dt.timedelta(days=14)),
                     "meet_hr": ("leader_above", RUN + dt.timedelta(days=30)),
                     "revise_plan": ("unit_leader", RUN + dt.timedelta(days=45))}


def test_marked_rise_without_a_target_is_escalated(org) -> None:
    services.escalations_run(as_of=RUN, send=False)
    assert [(e.unit.unit_id, e.reason) for e in UnitEscalation.objects.all()] == [("A1", "rising")]


def test_own_higher_target_stops_the_escalation_but_not_a_rise(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    services.target_set(unit=org.a, year=2025, measure="absence_pct", value=7.0)
    services.escalations_run(as_of=RUN, send=False)
    reasons = {e.unit.unit_id: e.reason for e in UnitEscalation.objects.all()}
    assert reasons == {"K": "above_target", "A1": "rising"}


def test_days_per_fte_target_is_compared_in_days(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="days_per_fte", value=14.0)
    services.escalations_run(as_of=RUN, send=False)
    # 14 days = 5.6 %: K (5.0 %) and B below; A (6 %) and A1 above.
    assert set(UnitEscalation.objects.values_list("unit__unit_id", flat=True)) == {"A", "A1"}


def test_running_again_is_idempotent_and_a_quarter_not_in_the_cube_is_skipped(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    first = services.escalations_run(as_of=RUN, send=False)
    again = services.escalations_run(as_of=dt.date(2025, 11, 20), send=False)
    assert len(first.created) == 3 and again.created == []
    assert UnitEscalation.objects.count() == 3 and EscalationTask.objects.count() == 9
    later = services.escalations_run(as_of=dt.date(2026, 1, 5), send=False)  # Q4 not in the cube
    assert later.quarter is None and later.created == []


def test_small_units_are_not_escalated(org) -> None:
    from naervaer.organisation.selectors import get_settings

    settings = get_settings()
    settings.small_group_threshold = 25  # every unit has 20
    settings.save()
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    assert services.escalations_run(as_of=RUN, send=False).created == []


def test_leaders_and_leaders_above_get_one_mail_once(org) -> None:
    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    result = services.escalations_run(as_of=RUN)
    # K: leader_k (no one above); A: leader_a + leader_k; A1: leader_a1 + leader_a.
    assert result.sent == 5 and len(mail.outbox) == 5
    to = sorted((message.subject, message.to[0]) for message in mail.outbox)
    assert ("Eskalering: Team A1 over måltallet i 2025-K3", "leader_a1@example.dk") in to
    assert ("Eskalering: Team A1 over måltallet i 2025-K3", "leader_a@example.dk") in to
    body = next(m.body for m in mail.outbox if m.to == ["leader_a1@example.dk"])
    assert "Forklar udviklingen" in body and "/maal/eskaleringer/" in body
    again = services.targets_daily(as_of=dt.date(2025, 10, 3))
    assert again.sent == 0 and len(mail.outbox) == 5
    assert EscalationNotice.objects.count() == 5


def test_user_without_address_is_skipped_and_caught_up_later(org) -> None:
    org.leader_a1.email = ""
    org.leader_a1.save()
    services.escalations_run(as_of=RUN)
    sent = len(mail.outbox)
    org.leader_a1.email = "a1@example.dk"
    org.leader_a1.save()
    result = services.escalations_run(as_of=dt.date(2025, 10, 3))
    assert result.sent == 1 and len(mail.outbox) == sent + 1


def test_done_tasks_close_the_escalation(org) -> None:
    services.escalations_run(as_of=RUN, send=False)
    escalation = UnitEscalation.objects.get()
    for task in escalation.tasks.all():
        services.escalation_task_done(task=task, by=org.leader_a1, note="ok")
    assert UnitEscalation.objects.get().done


def test_demo_sets_targets_minus_ten_percent_and_escalates_one_unit(org) -> None:
    escalation = demo_targets()
    from naervaer.targets.models import UnitTarget

    assert UnitTarget.objects.get(unit=org.k, year=2025).value == 4.5
    assert UnitTarget.objects.get(unit=org.a1, year=2025).source == "broken_down"
    assert escalation is not None and escalation.unit == org.a1  # 6.8 − 6.12: the furthest above
    assert UnitEscalation.objects.count() == 1
    assert demo_targets() == escalation and UnitEscalation.objects.count() == 1


def test_saving_the_units_action_plan_closes_its_revise_plan_task(org) -> None:
    from naervaer.strategy import services as strategy

    services.target_set(unit=org.k, year=2025, measure="absence_pct", value=4.5)
    services.escalations_run(as_of=RUN, send=False)
    plan = strategy.plan_get_or_create(org.a1, user=org.leader_a1)

    def open_revise_tasks(unit):  # type: ignore[no-untyped-def]
        return EscalationTask.objects.filter(escalation__unit=unit, kind="revise_plan", status="open")

    assert open_revise_tasks(org.a1).count() == 1  # creating an empty plan is not writing one
    strategy.plan_update(plan, user=org.leader_a1, body={"goal": "Færre korte fravær"},
                         status=plan.status, revise_by=None)
    task = EscalationTask.objects.get(escalation__unit=org.a1, kind="revise_plan")
    assert (task.status, task.done_by) == ("done", org.leader_a1)
    assert "Handleplanen blev revideret" in task.note
    # Only this unit's task: the parent's escalation stays open, as do the other tasks.
    assert open_revise_tasks(org.a).count() == 1
    assert EscalationTask.objects.filter(escalation__unit=org.a1, status="open").count() == 2

"""Writes: the template, plans and their actions, wheels and meetings, decisions, and the
meeting reminders. Every write records who and when in ``StrategyChange`` and the audit
log; every change of a plan or its actions stores a ``PlanRevision`` snapshot."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from naervaer.accounts.services import audit_record
from naervaer.notices.outbox import Outgoing, outbox_send
from naervaer.organisation.models import Unit
from naervaer.strategy.models import (
    DEFAULT_MONTH_TOPICS,
    DEFAULT_REVISION_MONTH,
    DEFAULT_STANDING_ITEMS,
    ActionPlan,
    ActionStatus,
    AnnualWheel,
    CoreElement,
    Decision,
    MeetingReminder,
    PlanAction,
    PlanRevision,
    PlanStatus,
    PlanTemplate,
    StrategyChange,
    WheelMeeting,
)
from naervaer.strategy.selectors import body_users, default_template
from naervaer.strategy.signals import plan_revised

logger = logging.getLogger(__name__)

REMINDER_DAYS = 7


def _actor(user: Any) -> Any:
    return user if user is not None and user.is_authenticated else None


def change_record(user: Any, *, action: str, obj: Any, unit: Unit | None,
                  detail: dict[str, Any] | None = None) -> StrategyChange:
    """Keep one write: in the app's history and in the audit log."""
    actor = _actor(user)
    object_type = type(obj).__name__
    audit_record(user=actor, action=f"strategy.{action}", object_type=object_type,
                 object_id=obj.pk, detail={"unit": unit.unit_id if unit else "", **(detail or {})})
    return StrategyChange.objects.create(
        user=actor, username=actor.get_username() if actor else "", unit=unit, action=action,
        object_type=object_type, object_id=str(obj.pk), detail=detail or {})


def _snapshot(plan: ActionPlan) -> dict[str, Any]:
    return {
        "status": plan.status,
        "revise_by": plan.revise_by.isoformat() if plan.revise_by else None,
        "body": dict(plan.body),
        "actions": [{"id": action.pk, "text": action.text, "owner": action.owner,
                     "deadline": action.deadline.isoformat() if action.deadline else None,
                     "status": action.status, "core_element": action.core_element}
                    for action in plan.actions.order_by("pk")],
    }


def revision_store(plan: ActionPlan, user: Any) -> PlanRevision:
    last = plan.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    actor = _actor(user)
    return PlanRevision.objects.create(plan=plan, number=last + 1, user=actor,
                                       username=actor.get_username() if actor else "",
                                       snapshot=_snapshot(plan))


# ------------------------------------------------------------------ template


@transaction.atomic
def template_update(*, user: Any, name: str, headings: list[str]) -> PlanTemplate:
    """HR changes the default template. Plans keep the text of headings that go away."""
    template = default_template()
    cleaned = [heading.strip() for heading in headings if heading.strip()]
    template.name = name.strip() or template.name
    template.headings = list(dict.fromkeys(cleaned))
    template.save()
    change_record(user, action="template_update", obj=template, unit=None,
                  detail={"headings": template.headings})
    return template


# ------------------------------------------------------------------ plans


def revision_date_from_wheel(unit: Unit, today: dt.date) -> dt.date | None:
    """The next meeting in the unit's wheels that revises the plan (on or after today)."""
    meeting = (WheelMeeting.objects.filter(wheel__unit=unit, revises_plan=True, date__gte=today)
               .order_by("date").first())
    return meeting.date if meeting is not None else None


def plan_get_or_create(unit: Unit, *, user: Any) -> ActionPlan:
    plan = ActionPlan.objects.filter(unit=unit).first()
    if plan is not None:
        return plan
    plan = ActionPlan.objects.create(
        unit=unit, template=default_template(), updated_by=user.get_username() if _actor(user) else "",
        revise_by=revision_date_from_wheel(unit, timezone.localdate()))
    change_record(user, action="plan_create", obj=plan, unit=unit)
    revision_store(plan, user)
    return plan


@transaction.atomic
def plan_update(plan: ActionPlan, *, user: Any, body: dict[str, str], status: str,
                revise_by: dt.date | None, today: dt.date | None = None) -> ActionPlan:
    """Save the plan's text, status and revision date. The wheel's next revision meeting
    sets the date when there is one (the annual wheel decides when plans are revised)."""
    today = today or timezone.localdate()
    kept = {key: text for key, text in plan.body.items() if key not in body}
    plan.body = {**kept, **{key: text.strip() for key, text in body.items()}}
    plan.status = status if status in PlanStatus.values else plan.status
    plan.revise_by = revision_date_from_wheel(plan.unit, today) or revise_by
    plan.updated_by = user.get_username() if _actor(user) else ""
    plan.save()
    change_record(user, action="plan_update", obj=plan, unit=plan.unit,
                  detail={"status": plan.status,
                          "revise_by": plan.revise_by.isoformat() if plan.revise_by else None})
    revision_store(plan, user)
    # Inside the transaction: the plan and the tasks it closes are saved together.
    plan_revised.send(sender=ActionPlan, plan=plan, user=_actor(user), at=timezone.now())
    return plan


@transaction.atomic
def action_add(plan: ActionPlan, *, user: Any, text: str, owner: str = "",
               deadline: dt.date | None = None, status: str = ActionStatus.OPEN,
               core_element: str = CoreElement.PREVENTION) -> PlanAction:
    action = PlanAction.objects.create(plan=plan, text=text.strip(), owner=owner.strip(),
                                       deadline=deadline, status=status, core_element=core_element)
    ActionPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    change_record(user, action="action_add", obj=action, unit=plan.unit, detail={"text": action.text})
    revision_store(plan, user)
    return action


@transaction.atomic
def action_update(action: PlanAction, *, user: Any, **fields: Any) -> PlanAction:
    changed: dict[str, Any] = {}
    for name in ("text", "owner", "deadline", "status", "core_element"):
        if name in fields and getattr(action, name) != fields[name]:
            changed[name] = str(fields[name]) if fields[name] is not None else None
            setattr(action, name, fields[name])
    if changed:
        action.save()
        change_record(user, action="action_update", obj=action, unit=action.plan.unit, detail=changed)
        revision_store(action.plan, user)
    return action


# ------------------------------------------------------------------ wheels


def _default_day(year: int, month: int) -> dt.date:
    """A default meeting day: the second Tuesday of the month."""
    first = dt.date(year, month, 1)
    first_tuesday = first + dt.timedelta(days=(1 - first.weekday()) % 7)
    return first_tuesday + dt.timedelta(days=7)


@transaction.atomic
def wheel_create(unit: Unit, year: int, *, user: Any) -> AnnualWheel:
    """The body's wheel for the year, with the Horsens example's eight meetings (topics
    and standing items) as a start; the November meeting revises the action plan."""
    wheel, created = AnnualWheel.objects.get_or_create(unit=unit, year=year)
    if not created:
        return wheel
    WheelMeeting.objects.bulk_create([
        WheelMeeting(wheel=wheel, date=_default_day(year, month), topic=topic,
                     standing_items=list(DEFAULT_STANDING_ITEMS),
                     revises_plan=month == DEFAULT_REVISION_MONTH)
        for month, topic in DEFAULT_MONTH_TOPICS.items()])
    change_record(user, action="wheel_create", obj=wheel, unit=unit, detail={"year": year})
    _sync_plan_revision(unit)
    return wheel


def _sync_plan_revision(unit: Unit) -> None:
    plan = ActionPlan.objects.filter(unit=unit).first()
    if plan is None:
        return
    date = revision_date_from_wheel(unit, timezone.localdate())
    if date is not None and date != plan.revise_by:
        plan.revise_by = date
        plan.save(update_fields=["revise_by", "updated_at"])


@transaction.atomic
def meeting_save(wheel: AnnualWheel, *, user: Any, date: dt.date, topic: str,
                 standing_items: list[str], revises_plan: bool,
                 meeting: WheelMeeting | None = None) -> WheelMeeting:
    created = meeting is None
    if meeting is None:
        meeting = WheelMeeting(wheel=wheel)
    meeting.date, meeting.topic, meeting.revises_plan = date, topic.strip(), revises_plan
    meeting.standing_items = [item.strip() for item in standing_items if item.strip()]
    meeting.save()
    change_record(user, action="meeting_add" if created else "meeting_update", obj=meeting,
                  unit=wheel.unit, detail={"date": date.isoformat(), "topic": meeting.topic})
    _sync_plan_revision(wheel.unit)
    return meeting


@transaction.atomic
def meeting_delete(meeting: WheelMeeting, *, user: Any) -> None:
    unit = meeting.wheel.unit
    change_record(user, action="meeting_delete", obj=meeting, unit=unit,
                  detail={"date": meeting.date.isoformat()})
    meeting.delete()
    _sync_plan_revision(unit)


@transaction.atomic
def minutes_save(meeting: WheelMeeting, *, user: Any, minutes: str) -> WheelMeeting:
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes", "updated_at"])
    change_record(user, action="minutes_save", obj=meeting, unit=meeting.wheel.unit)
    return meeting


@transaction.atomic
def decision_add(meeting: WheelMeeting, *, user: Any, text: str) -> Decision:
    decision = Decision.objects.create(meeting=meeting, text=text.strip(),
                                       created_by=user.get_username() if _actor(user) else "")
    change_record(user, action="decision_add", obj=decision, unit=meeting.wheel.unit,
                  detail={"text": decision.text})
    return decision


@transaction.atomic
def decision_to_action(decision: Decision, *, user: Any, owner: str = "",
                       deadline: dt.date | None = None,
                       core_element: str = CoreElement.PREVENTION) -> PlanAction:
    """The decision as an action in the body's unit's plan (a draft plan is made when the
    unit has none). Twice gives the same action."""
    if decision.action_id is not None:
        return decision.action  # type: ignore[return-value]
    unit = decision.meeting.wheel.unit
    plan = plan_get_or_create(unit, user=user)
    action = action_add(plan, user=user, text=decision.text, owner=owner, deadline=deadline,
                        core_element=core_element)
    decision.action = action
    decision.save(update_fields=["action"])
    change_record(user, action="decision_to_action", obj=decision, unit=unit,
                  detail={"action": action.pk})
    return action


# ------------------------------------------------------------------ reminders


@dataclass(frozen=True)
class ReminderResult:
    as_of: dt.date
    sent: int = 0
    skipped_no_email: int = 0
    errors: int = 0


def _base_url() -> str:
    return str(settings.NAERVAER_BASE_URL).rstrip("/")


def _reminder_message(meeting: WheelMeeting, user: Any) -> EmailMultiAlternatives:
    context = {
        "name": user.get_full_name() or user.get_username(),
        "unit": meeting.wheel.unit.name,
        "date": meeting.date.strftime("%d-%m-%Y"),
        "topic": meeting.topic,
        "items": meeting.standing_items,
        "agenda_url": _base_url() + reverse("strategy:meeting", args=[meeting.pk]),
    }
    subject = f"TRIO-møde {context['date']}: {meeting.wheel.unit.name}"
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("strategy/email/reminder.txt", context)
        html = render_to_string("strategy/email/reminder.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                                     to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def meeting_reminders_send(*, as_of: dt.date, days_before: int = REMINDER_DAYS,
                           now: dt.datetime | None = None) -> ReminderResult:
    """E-mail the body's users (TRIO assigned to the unit, the unit's leaders) about each
    meeting from ``as_of`` to ``days_before`` days ahead, once per meeting and user (through
    the outbox). A failed mail is logged and tried again on the next run."""
    now = now or timezone.now()
    meetings = list(WheelMeeting.objects.filter(
        date__gte=as_of, date__lte=as_of + dt.timedelta(days=days_before))
        .select_related("wheel__unit").order_by("date", "pk"))
    if not meetings:
        return ReminderResult(as_of=as_of)
    already = set(MeetingReminder.objects.filter(meeting__in=meetings)
                  .values_list("meeting_id", "user_id"))
    outgoing: list[tuple[WheelMeeting, Any]] = []
    skipped = 0
    users_by_unit: dict[int, list[Any]] = {}
    for meeting in meetings:
        unit = meeting.wheel.unit
        if unit.pk not in users_by_unit:
            users_by_unit[unit.pk] = body_users(unit)
        for user in users_by_unit[unit.pk]:
            if (meeting.pk, user.pk) in already:
                continue
            if not user.email:
                skipped += 1
                continue
            outgoing.append((meeting, user))
    delivery = outbox_send(
        [Outgoing(f"meeting-reminder:{meeting.pk}:{user.pk}", _reminder_message(meeting, user),
                  partial(_reminder_record, meeting, user, as_of=as_of, now=now))
         for meeting, user in outgoing], now=now, label="meeting reminders")
    return ReminderResult(as_of=as_of, sent=len(delivery.sent), skipped_no_email=skipped,
                          errors=len(delivery.failed))


def _reminder_record(meeting: WheelMeeting, user: Any, *, as_of: dt.date, now: dt.datetime) -> None:
    MeetingReminder.objects.get_or_create(
        meeting=meeting, user=user, defaults={"as_of": as_of, "sent_at": now, "email": user.email})

"""Reads: who may read or edit a unit's plan and wheel, the plan status across the
organisation, and the figures of a meeting's agenda.

Roles (issue 8, item 8): leaders and TRIO edit the plans and wheels of their own units
(assigned units and below, not the siblings a leader sees to compare); direktion reads
every unit's; HR administers the template and sees and edits all; others nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from naervaer.accounts.models import Profile, Role
from naervaer.accounts.selectors import UserLike, can_see_unit_subtree, user_role
from naervaer.insight.selection import Selection, add_months, default_month, month_start
from naervaer.insight.selectors.unit import UnitOverview, cube_bounds, unit_overview
from naervaer.organisation.models import Unit
from naervaer.strategy.models import (
    DEFAULT_HEADINGS,
    ActionPlan,
    ActionStatus,
    AnnualWheel,
    PlanTemplate,
    WheelMeeting,
)

EDITING_ROLES = frozenset({Role.LEADER, Role.TRIO})


def can_edit_unit(user: UserLike, unit: Unit) -> bool:
    """Whether the user may change the unit's plan and wheel."""
    role = user_role(user)
    if role == Role.HR:
        return True
    return role in EDITING_ROLES and can_see_unit_subtree(user, unit)


def can_read_unit(user: UserLike, unit: Unit) -> bool:
    return user_role(user) == Role.DIREKTION or can_edit_unit(user, unit)


def is_hr(user: UserLike) -> bool:
    return user_role(user) == Role.HR


def default_template() -> PlanTemplate:
    """The default template, created with the seed's headings on first use."""
    template = PlanTemplate.objects.filter(is_default=True).order_by("pk").first()
    if template is None:
        template = PlanTemplate.objects.create(name="Lokal handleplan", headings=list(DEFAULT_HEADINGS),
                                               is_default=True)
    return template


def plan_headings(plan: ActionPlan | None) -> list[str]:
    """The headings the plan is shown with: the template's, then any heading the plan
    still has text for that the template no longer has (nothing written is hidden)."""
    template = (plan.template if plan is not None and plan.template is not None
                else default_template())
    headings = list(template.headings)
    if plan is not None:
        headings += [key for key, text in plan.body.items() if key not in headings and text]
    return headings


def plan_is_overdue(plan: ActionPlan, today: dt.date) -> bool:
    return plan.revise_by is not None and plan.revise_by < today


def plan_state(plan: ActionPlan | None, today: dt.date) -> str:
    """none | draft | active | overdue (for revision)."""
    if plan is None:
        return "none"
    if plan_is_overdue(plan, today):
        return "overdue"
    return str(plan.status)


STATE_LABELS = {"none": "Ingen plan", "draft": "Kladde", "active": "Aktiv",
                "overdue": "Revision overskredet"}


@dataclass(frozen=True)
class PlanStatusRow:
    unit: Unit
    parent_name: str
    state: str
    plan: ActionPlan | None
    open_actions: int
    overdue_actions: int


def plan_status_rows(today: dt.date, *, state: str = "", search: str = "") -> list[PlanStatusRow]:
    """Every unit with the state of its plan (HR's overview), in tree order by name."""
    units = Unit.objects.select_related("parent").order_by("name", "unit_id")
    if search:
        units = units.filter(Q(name__icontains=search) | Q(unit_id__icontains=search))
    plans = {plan.unit_id: plan for plan in ActionPlan.objects.annotate(
        open_count=Count("actions", filter=~Q(actions__status=ActionStatus.DONE)),
        overdue_count=Count("actions", filter=~Q(actions__status=ActionStatus.DONE)
                            & Q(actions__deadline__lt=today)))}
    rows = []
    for unit in units:
        plan = plans.get(unit.pk)
        row_state = plan_state(plan, today)
        if state and row_state != state:
            continue
        rows.append(PlanStatusRow(
            unit, unit.parent.name if unit.parent else "", row_state, plan,
            getattr(plan, "open_count", 0) if plan else 0,
            getattr(plan, "overdue_count", 0) if plan else 0))
    return rows


def bodies_of(user: UserLike) -> list[Unit]:
    """The units whose TRIO/MED body (annual wheel) the user works with: the assigned
    units for leader and trio; every unit that has a wheel for HR and direktion."""
    role = user_role(user)
    if role in EDITING_ROLES:
        profile = getattr(user, "profile", None)
        return list(profile.units.order_by("name")) if profile is not None else []
    if role in (Role.HR, Role.DIREKTION):
        return list(Unit.objects.filter(annual_wheels__isnull=False).distinct().order_by("name"))
    return []


def body_users(unit: Unit) -> list[Any]:
    """Who a meeting reminder goes to: the TRIO users assigned to the body's unit and
    the unit's leaders (the nearest above when none is assigned to it)."""
    from naervaer.followup.selectors import leaders_of_unit

    trio = [profile.user for profile in Profile.objects.filter(
        role=Role.TRIO, units=unit, user__is_active=True).select_related("user").order_by("user_id")]
    users = {user.pk: user for user in [*trio, *leaders_of_unit(unit)]}
    return [users[pk] for pk in sorted(users)]


def next_meeting(wheel: AnnualWheel, today: dt.date) -> WheelMeeting | None:
    return wheel.meetings.filter(date__gte=today).order_by("date", "pk").first()


def agenda_month(meeting_date: dt.date) -> dt.date | None:
    """The month whose figures a meeting's agenda shows: the last complete month before
    the meeting, but never after the last complete month of the stored cube (a meeting
    planned ahead shows the latest figures there are). None when there is no cube or the
    month lies before it."""
    bounds = cube_bounds()
    if bounds is None:
        return None
    as_of, first, _last = bounds
    month = min(add_months(month_start(meeting_date), -1), default_month(as_of))
    return month if month >= first else None


def agenda_figures(meeting: WheelMeeting) -> UnitOverview | None:
    """The body's unit figures for the agenda: aggregated, small groups suppressed
    (``persons=False`` whoever asks: the agenda is shared with the whole body)."""
    month = agenda_month(meeting.date)
    if month is None:
        return None
    return unit_overview(meeting.wheel.unit, Selection("month", month, "subtree", "*"), persons=False)


def plan_of(unit: Unit) -> ActionPlan | None:
    return ActionPlan.objects.filter(unit=unit).select_related("template").first()


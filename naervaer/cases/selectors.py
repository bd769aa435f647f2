"""Reads of the case app: which cases a user may see and edit, and the case's ladder
(the follow-up tasks of its spell)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import own_area, user_profile, user_role
from naervaer.cases.models import Case, Conversation, ConversationKind
from naervaer.followup.models import Task, TaskStatus
from naervaer.organisation.models import Employee, Unit

EDIT, READ, GUEST = "edit", "read", "guest"


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """All cases for HR, those of the leader's units and below for a leader, none else."""
    role = user_role(user)
    cases = Case.objects.select_related("employee", "unit")
    if role == Role.HR:
        return cases
    if role == Role.LEADER:
        return cases.filter(unit__in=own_area(user).values("pk"))
    return cases.none()


def _own_employee_pk(user: Any) -> int | None:
    profile = user_profile(user)
    return profile.employee_id if profile is not None else None


def case_access(user: Any, case: Case) -> str | None:
    """``edit`` for HR and the leader of the case's unit, ``read`` for the employee the
    case is about (a leader's own case too), ``guest`` for someone invited to this case
    (TR/AMR, a companion, the jobcenter), None for everybody else."""
    if not user.is_authenticated:
        return None
    if _own_employee_pk(user) == case.employee_id:
        return READ
    if cases_visible_to(user).filter(pk=case.pk).exists():
        return EDIT
    if case.guests.filter(user=user, revoked_at__isnull=True).exists():
        return GUEST
    return None


def guest_cases(user: Any) -> QuerySet[Case]:
    """The cases a user is invited to (and not revoked)."""
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(guests__user=user, guests__revoked_at__isnull=True).distinct()


def can_manage_employee(user: Any, employee: Employee) -> bool:
    """HR, or a leader with an employment of the employee in the own area (not oneself)."""
    role = user_role(user)
    if _own_employee_pk(user) == employee.pk:
        return False
    if role == Role.HR:
        return True
    if role == Role.LEADER:
        return employee.employments.filter(unit__in=own_area(user).values("pk")).exists()
    return False


def units_for_new_case(user: Any, employee: Employee, today: dt.date) -> list[Unit]:
    """The units of the employee's current (else any) employments the user may open a case in."""
    employments = employee.employments.select_related("unit").order_by("-start_date")
    if user_role(user) != Role.HR:
        employments = employments.filter(unit__in=own_area(user).values("pk"))
    current = [job for job in employments if job.end_date is None or job.end_date >= today]
    units: dict[int, Unit] = {}
    for job in current or list(employments):
        units.setdefault(job.unit_id, job.unit)
    return list(units.values())


@dataclass(frozen=True)
class LadderStep:
    task: Task
    state: str        # done | waived | not_needed | overdue | due | upcoming
    label: str
    css: str


def ladder_state(task: Task, today: dt.date) -> tuple[str, str, str]:
    """The state of a task as the case page shows it, with its label and CSS class; an open
    task past its due date is overdue even before the next engine run says so."""
    if task.status == TaskStatus.DONE:
        return "done", _("Udført"), "status--green"
    if task.status == TaskStatus.WAIVED:
        return "waived", _("Fravalgt"), "status--green"
    if task.status == TaskStatus.NOT_NEEDED:
        return "not_needed", _("Ikke nødvendig"), ""
    if task.status == TaskStatus.OVERDUE or task.due_date < today:
        return "overdue", _("Overskredet"), "status--red"
    if task.trigger_date <= today:
        return "due", _("Skal gøres"), "status--yellow"
    return "upcoming", _("Kommende"), ""


def case_ladder(case: Case, today: dt.date) -> list[LadderStep]:
    """The follow-up tasks of the case's spell, in the order they trigger."""
    if case.spell_start is None:
        return []
    tasks = Task.objects.filter(employee=case.employee, spell_start=case.spell_start).order_by(
        "trigger_date", "due_date", "seq", "pk")
    return [LadderStep(task, *ladder_state(task, today)) for task in tasks]


def wellbeing_conversations(user: Any, employee: Employee) -> QuerySet[Conversation]:
    """The employee's preventive wellbeing conversations held without a case: all of them
    for HR and the employee, those held in the leader's units for a leader."""
    conversations = Conversation.objects.filter(
        employee=employee, case__isnull=True, kind=ConversationKind.WELLBEING).order_by("-date", "-pk")
    if user_role(user) == Role.HR or _own_employee_pk(user) == employee.pk:
        return conversations
    if user_role(user) == Role.LEADER:
        return conversations.filter(unit__in=own_area(user).values("pk"))
    return conversations.none()


def employee_cases(user: Any, employee: Employee) -> QuerySet[Case]:
    """The employee's cases the user may open: all for the employee themself."""
    if _own_employee_pk(user) == employee.pk:
        return Case.objects.filter(employee=employee).select_related("unit")
    return cases_visible_to(user).filter(employee=employee)

"""Scope rules: which units and which persons a user may see.

- ``hr`` (and superusers): the whole organisation, person level.
- ``leader``: the assigned units and their descendants, person level; the assigned
  units' siblings aggregated only (to compare, as Høje-Taastrup's leaders do).
- ``trio``: the assigned units and their descendants, aggregated figures only.
- ``direktion``: the whole organisation, aggregated figures only.
- ``employee``: only their own employee page.

Every user may see their own employee page when their profile links one.
Descendants come from the ``UnitClosure`` table (one indexed query), never from
walking the tree in Python.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from naervaer.accounts.models import Profile, Role
from naervaer.organisation.models import Employee, Employment, Unit, UnitClosure

ORGANISATION_WIDE_ROLES = frozenset({Role.HR, Role.DIREKTION})
UNIT_SCOPED_ROLES = frozenset({Role.LEADER, Role.TRIO})
PERSON_LEVEL_ROLES = frozenset({Role.HR, Role.LEADER})

UserLike = AbstractBaseUser | AnonymousUser


def user_profile(user: UserLike) -> Profile | None:
    """The user's profile, or None (anonymous, or no profile yet). Cached on the user."""
    if not user.is_authenticated:
        return None
    return getattr(user, "profile", None)


def user_role(user: UserLike) -> str | None:
    """The user's role; superusers count as ``hr``; None when the user has no role."""
    if not user.is_authenticated:
        return None
    if getattr(user, "is_superuser", False):
        return Role.HR
    profile = user_profile(user)
    return profile.role if profile is not None else None


def role_sees_persons(user: UserLike) -> bool:
    """Whether the role ever gives person-level access to units (hr, leader)."""
    return user_role(user) in PERSON_LEVEL_ROLES


def _own_employee_id(user: UserLike) -> int | None:
    profile = user_profile(user)
    return profile.employee_id if profile is not None else None


def _assigned_units(user: UserLike) -> QuerySet[Unit]:
    profile = user_profile(user)
    if profile is None:
        return Unit.objects.none()
    return profile.units.all()


def own_area(user: UserLike) -> QuerySet[Unit]:
    """The units the user's assignment covers: the assigned units and everything below
    (not the siblings a leader sees to compare). Empty without a profile."""
    return Unit.objects.filter(
        pk__in=UnitClosure.objects.filter(ancestor__in=_assigned_units(user).values("pk"))
        .values("descendant"))


def visible_units(user: UserLike) -> QuerySet[Unit]:
    """Every unit the user may open (aggregated at least)."""
    role = user_role(user)
    if role in ORGANISATION_WIDE_ROLES:
        return Unit.objects.all()
    if role in UNIT_SCOPED_ROLES:
        subtree = Q(pk__in=own_area(user).values("pk"))
        if role == Role.LEADER:
            subtree |= Q(parent__in=_assigned_units(user).values("parent"))
        return Unit.objects.filter(subtree)
    return Unit.objects.none()


def can_see_unit(user: UserLike, unit: Unit) -> bool:
    role = user_role(user)
    if role in ORGANISATION_WIDE_ROLES:
        return True
    if role in UNIT_SCOPED_ROLES:
        assigned = _assigned_units(user)
        if role == Role.LEADER and unit.parent_id is not None and assigned.filter(
                parent_id=unit.parent_id).exists():
            return True
        return UnitClosure.objects.filter(
            descendant=unit, ancestor__in=assigned.values("pk")
        ).exists()
    return False


def can_see_unit_subtree(user: UserLike, unit: Unit) -> bool:
    """Whether ``unit`` lies in the user's own area (not only a sibling shown to compare)."""
    role = user_role(user)
    if role in ORGANISATION_WIDE_ROLES:
        return True
    if role in UNIT_SCOPED_ROLES:
        return UnitClosure.objects.filter(
            descendant=unit, ancestor__in=_assigned_units(user).values("pk")
        ).exists()
    return False


def can_see_persons(user: UserLike, unit: Unit) -> bool:
    """Whether the user may see the persons of ``unit`` (its employee list and pages)."""
    role = user_role(user)
    if role == Role.HR:
        return True
    if role == Role.LEADER:
        return can_see_unit_subtree(user, unit)
    return False


def visible_employments(user: UserLike, employee: Employee) -> QuerySet[Employment]:
    """The employee's employments the user may see: all for hr and for the person
    themself, those placed in the leader's units for a leader, none otherwise."""
    employments = Employment.objects.filter(employee=employee)
    role = user_role(user)
    if role == Role.HR or (employee.pk is not None and _own_employee_id(user) == employee.pk):
        return employments
    if role == Role.LEADER:
        return employments.filter(unit__in=own_area(user).values("pk"))
    return employments.none()


def can_see_employee(user: UserLike, employee: Employee) -> bool:
    role = user_role(user)
    if role == Role.HR or _own_employee_id(user) == employee.pk:
        return True
    if role == Role.LEADER:
        return visible_employments(user, employee).exists()
    return False


def top_units(user: UserLike) -> list[Unit]:
    """The highest units the user may see: the roots for organisation-wide roles,
    otherwise the assigned units that are not below another assigned unit."""
    role = user_role(user)
    if role in ORGANISATION_WIDE_ROLES:
        return list(Unit.objects.filter(parent__isnull=True))
    if role in UNIT_SCOPED_ROLES:
        assigned = _assigned_units(user).values("pk")
        covered = UnitClosure.objects.filter(
            ancestor__in=assigned, descendant__in=assigned, distance__gt=0
        ).values("descendant")
        return list(Unit.objects.filter(pk__in=assigned).exclude(pk__in=covered))
    return []

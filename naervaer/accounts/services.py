"""Writes for users, their roles and scopes, and the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.password_validation import validate_password as run_password_validators
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from naervaer.accounts.models import AuditEvent, Profile, Role
from naervaer.organisation.models import Employee, Unit

UNIT_ROLES = frozenset({Role.LEADER, Role.TRIO})
ORGANISATION_WIDE_ROLES = frozenset({Role.HR, Role.DIREKTION})


def _units_by_source_key(unit_ids: Iterable[str]) -> list[Unit]:
    wanted = list(dict.fromkeys(str(unit_id) for unit_id in unit_ids))
    found = {unit.unit_id: unit for unit in Unit.objects.filter(unit_id__in=wanted)}
    missing = [unit_id for unit_id in wanted if unit_id not in found]
    if missing:
        raise ValidationError(
            _("Ukendt enhed: %(ids)s"), code="unknown_unit", params={"ids": ", ".join(missing)}
        )
    return [found[unit_id] for unit_id in wanted]


def _employee_by_source_key(employee_id: str) -> Employee:
    try:
        return Employee.objects.get(employee_id=str(employee_id))
    except Employee.DoesNotExist:
        raise ValidationError(
            _("Ukendt medarbejder: %(id)s"), code="unknown_employee", params={"id": employee_id}
        ) from None


def _check_role_scope(role: str, unit_ids: list[str], employee_id: str | None) -> None:
    if role not in Role.values:
        raise ValidationError(
            _("Ukendt rolle: %(role)s (gyldige: %(valid)s)"),
            code="unknown_role",
            params={"role": role, "valid": ", ".join(Role.values)},
        )
    if role in UNIT_ROLES and not unit_ids:
        raise ValidationError(
            _("Rollen %(role)s kræver mindst én enhed"), code="unit_required", params={"role": role}
        )
    if role in ORGANISATION_WIDE_ROLES and unit_ids:
        raise ValidationError(
            _("Rollen %(role)s ser hele organisationen og tager ingen enheder"),
            code="units_not_allowed",
            params={"role": role},
        )
    if role == Role.EMPLOYEE and unit_ids:
        raise ValidationError(
            _("Rollen employee tager ingen enheder"), code="units_not_allowed"
        )
    if role == Role.EMPLOYEE and not employee_id:
        raise ValidationError(
            _("Rollen employee kræver en medarbejder"), code="employee_required"
        )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    unit_ids: Iterable[str] = (),
    employee_id: str | None = None,
    validate_password: bool = True,
    email: str = "",
    actor: User | AnonymousUser | None = None,
) -> User:
    """Create a user with a role and scope.

    ``unit_ids`` and ``employee_id`` are the source keys (``Unit.unit_id``,
    ``Employee.employee_id``). leader and trio need at least one unit, employee
    needs an employee; any employee link lets the user see their own page.
    Raises ``ValidationError`` and writes nothing when the input is invalid. The new
    role is written to the audit log (``actor``: who did it; None from the command line).
    """
    user_model = get_user_model()
    username = (username or "").strip()
    unit_ids = [str(unit_id) for unit_id in unit_ids]
    if not username:
        raise ValidationError(_("Brugernavnet må ikke være tomt"), code="username_required")
    if user_model.objects.filter(username=username).exists():
        raise ValidationError(
            _("Brugeren %(username)s findes allerede"),
            code="username_taken",
            params={"username": username},
        )
    if not password:
        raise ValidationError(_("Adgangskoden må ikke være tom"), code="password_required")
    _check_role_scope(role, unit_ids, employee_id)
    email = (email or "").strip()
    if email:
        validate_email(email)  # notices (advis) go to this address
    units = _units_by_source_key(unit_ids)
    employee = _employee_by_source_key(employee_id) if employee_id else None
    if validate_password:
        run_password_validators(password, user=user_model(username=username))

    user = user_model.objects.create_user(username=username, password=password, email=email)
    profile = Profile.objects.create(user=user, role=role, employee=employee)
    profile.units.set(units)
    audit_role_change(actor=actor, user=user, before=None, after=role_snapshot(user))
    return user


def role_snapshot(user: Any) -> dict[str, Any]:
    """A user's stored role and scope as plain values, for the audit log of role changes."""
    user = get_user_model().objects.get(pk=user.pk)
    profile = Profile.objects.filter(user=user).select_related("employee").first()
    return {
        "role": profile.role if profile is not None else None,
        "units": sorted(profile.units.values_list("unit_id", flat=True)) if profile else [],
        "employee": profile.employee.employee_id if profile and profile.employee else None,
        "is_superuser": bool(user.is_superuser),
        "is_staff": bool(user.is_staff),
        "is_active": bool(user.is_active),
    }


def audit_role_change(*, actor: User | AnonymousUser | None, user: Any,
                      before: dict[str, Any] | None, after: dict[str, Any]) -> AuditEvent | None:
    """Log a change of ``user``'s role or scope (``before`` None: a new user); nothing
    when nothing changed."""
    if before == after:
        return None
    return audit_record(user=actor, action="role_change", object_type="user",
                        object_id=user.get_username(), detail={"before": before, "after": after})


def audit_record(
    *,
    user: User | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: object,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit log (who looked at or changed what)."""
    actor = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        user=actor,
        username=actor.get_username() if actor is not None else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail or {},
    )

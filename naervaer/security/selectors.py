"""Who may and who must use a second factor."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import user_role

SECOND_FACTOR_ROLES = frozenset({Role.HR, Role.DIREKTION})


def may_enrol_second_factor(user: Any) -> bool:
    """HR (superusers included) and direktion may turn on a second factor for themselves."""
    return user_role(user) in SECOND_FACTOR_ROLES


def confirmed_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator; once there is one, every login asks for a code."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: Any) -> TOTPDevice | None:
    """The authenticator being set up (shown as a QR code until a code confirms it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()

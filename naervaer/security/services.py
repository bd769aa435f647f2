"""Writes for the second factor: start an enrolment, confirm it with a code."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from naervaer.accounts.services import audit_record
from naervaer.security.selectors import pending_device

DEVICE_NAME = "Nærvær"


def second_factor_start(*, user: Any) -> TOTPDevice:
    """The authenticator being set up, with a new secret the first time."""
    device = pending_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def second_factor_confirm(*, user: Any, device: TOTPDevice, token: str) -> bool:
    """Confirm the pending authenticator when ``token`` is its current code.

    From then on every login asks for a code. Other unconfirmed devices are removed.
    """
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(user=user, action="two_factor_enrolled", object_type="user", object_id=user.pk)
    return True

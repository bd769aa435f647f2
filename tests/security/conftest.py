from __future__ import annotations

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_org


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    return make_org()


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now for ``device`` (or ``steps_ahead`` × 30 s on)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled_device(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(user=user, name="Nærvær", confirmed=True)

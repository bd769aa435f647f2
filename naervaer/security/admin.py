"""The TOTP devices in the admin, where HR resets a lost second factor by deleting it;
every deletion is written to the audit log with who did it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

# Importing it registers django-otp's own admin; ours replaces it.
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from naervaer.accounts.services import audit_record


def _audit_reset(request: HttpRequest, device: TOTPDevice) -> None:
    audit_record(user=request.user, action="two_factor_reset", object_type="user",
                 object_id=device.user_id, detail={"device": device.name, "confirmed": device.confirmed})


class AuditedTOTPDeviceAdmin(TOTPDeviceAdmin):
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _audit_reset(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for device in queryset:
            _audit_reset(request, device)
        super().delete_queryset(request, queryset)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuditedTOTPDeviceAdmin)

"""Second factor: the code page after the password, and enrolment for HR and direktion."""

from __future__ import annotations

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from naervaer.security.forms import CodeForm
from naervaer.security.selectors import confirmed_device, may_enrol_second_factor, pending_device
from naervaer.security.services import second_factor_confirm, second_factor_start
from naervaer.web.redirects import safe_next


def _next_url(request: HttpRequest) -> str:
    return safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))


def _throttle_message(device: TOTPDevice) -> str | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    until = (info or {}).get("locked_until")
    if until:
        return _("For mange forkerte koder. Prøv igen efter kl. %(time)s.") % {
            "time": timezone.localtime(until).strftime("%H:%M:%S")}
    return _("For mange forkerte koder. Vent lidt, og prøv igen.")


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Second login step: the code from the authenticator app."""
    device = confirmed_device(request.user)
    if device is None or request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = _throttle_message(device)
        if problem:
            form.add_error("code", problem)
        elif verify_token(request.user, device.persistent_id, form.cleaned_data["code"]):
            otp_login(request, device)
            request.session.cycle_key()
            return redirect(_next_url(request))
        else:
            form.add_error("code", _throttle_message(device) or _(
                "Koden passer ikke. Skriv den kode, appen viser lige nu; "
                "en kode kan kun bruges én gang."))
    return render(request, "security/verify.html", {
        "form": form, "next": request.POST.get("next") or request.GET.get("next", ""),
    })


@never_cache
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn on the second factor: scan the QR code, confirm with a code."""
    if not may_enrol_second_factor(request.user):
        raise PermissionDenied
    if confirmed_device(request.user) is not None:
        return render(request, "security/two_factor.html", {"enrolled": True})
    device = second_factor_start(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = _throttle_message(device)
        if problem:
            form.add_error("code", problem)
        elif second_factor_confirm(user=request.user, device=device, token=form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(request, _("To-faktor-login er slået til. Næste gang du logger ind, "
                                        "spørger Nærvær også efter en kode fra appen."))
            return redirect("security:two-factor")
        else:
            form.add_error("code", _("Koden passer ikke. Tjek at telefonens ur går rigtigt, "
                                     "og skriv den kode, appen viser lige nu."))
    secret = b32encode(device.bin_key).decode("ascii")
    return render(request, "security/two_factor.html", {
        "enrolled": False, "form": form,
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
    })


@never_cache
@login_required
def two_factor_qr(request: HttpRequest) -> HttpResponse:
    """The pending authenticator's set-up link as an SVG QR code (an image, not markup)."""
    if not may_enrol_second_factor(request.user):
        raise PermissionDenied
    device = pending_device(request.user)
    if device is None:
        return HttpResponse(status=404)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return HttpResponse(image.to_string(), content_type="image/svg+xml")

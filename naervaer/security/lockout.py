"""The page django-axes shows when a username is locked out (AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a login comes from (AXES_CLIENT_IP_CALLABLE).

    Behind NAERVAER_PROXY_COUNT reverse proxies every request arrives from the nearest
    proxy, so the client is taken from X-Forwarded-For, counting that many entries from
    the right (the entries the trusted proxies appended; anything further left was sent
    by the client and could be forged). Without proxies: the connection's address.
    """
    count = int(getattr(settings, "NAERVAER_PROXY_COUNT", 0))
    if count > 0:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def locked_until(request: HttpRequest, *, username: str) -> datetime | None:
    """When the lock on this username from this address ends (last failure + cool-off)."""
    cool_off = get_cool_off(request)
    ip_address = get_client_ip_address(request)
    if cool_off is None:
        return None
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time").first()
    )
    last_failure = attempt.attempt_time if attempt is not None else timezone.now()
    return last_failure + cool_off


def _status() -> int:
    return int(getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429))  # 429 Too Many Requests


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    username = get_client_username(request, credentials) or ""
    until = locked_until(request, username=username)
    context = {
        "username": username,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "locked_until": timezone.localtime(until) if until else None,
    }
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({**context, "locked_until": until.isoformat() if until else None},
                            status=_status())
    return render(request, "security/lockout.html", context, status=_status())

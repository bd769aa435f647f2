"""The second-factor gate and the response headers Django has no setting for."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from naervaer.security.selectors import confirmed_device


class SecondFactorMiddleware:
    """A user with a confirmed authenticator who has not given a code in this session
    reaches only the code page, logout, the language switch and static files.

    Runs after django-otp's OTPMiddleware, which sets ``request.user.is_verified()``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and not self._open(request.path)
            and confirmed_device(user) is not None
        ):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('security:verify')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(static) or path in {
            reverse("security:verify"), reverse("logout"), reverse("set_language"),
        }


class SecurityHeadersMiddleware:
    """Permissions-Policy (no camera, microphone, location …) on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.permissions_policy = settings.NAERVAER_PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response

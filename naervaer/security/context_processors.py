"""The user-menu link to the second-factor page, for the roles that may enrol."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from naervaer.security.selectors import may_enrol_second_factor


def two_factor_link(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not may_enrol_second_factor(user):
        return {"two_factor_url": None}
    return {"two_factor_url": reverse("security:two-factor")}

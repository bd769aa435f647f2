"""Where to send the user back to after a form: the ``next`` parameter, if it is safe."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str) -> str:
    """``next`` from the POST or the query string when it is a path on this site, else
    ``default``. Only paths: ``redirect`` would take any other word for a URL name and
    fail (tests/web/test_fuzz_forms.py found ``next=1e309`` giving a 500)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default

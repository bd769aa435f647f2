"""Nærvær's own deploy checks, run by ``naervaer check --deploy`` next to Django's.

Each finding says what is wrong and which environment variable fixes it
(docs/security.md lists them all with the output an operator sees).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
UNSAFE_SCRIPT_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "*")


@register(Tags.security, deploy=True)
def secret_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not getattr(settings, "NAERVAER_SECRET_KEY_FROM_ENVIRONMENT", False):
        return [Warning(
            "SECRET_KEY is not set in the environment; the key generated into "
            "NAERVAER_VAR_DIR/secret_key is used.",
            hint="Set SECRET_KEY to a long random value, e.g. the output of "
                 "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`, "
                 "and keep it out of backups of the data.",
            id="naervaer.W001",
        )]
    key = str(settings.SECRET_KEY)
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return [Error(
            f"SECRET_KEY is too short or too simple (needs {SECRET_KEY_MIN_LENGTH} characters "
            f"or more, at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different).",
            hint="Generate one with `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
            id="naervaer.E001",
        )]
    return []


@register(Tags.security, deploy=True)
def debug_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return [Error(
            "DEBUG is on: error pages would show settings, SQL and personal data.",
            hint="Unset DEBUG or set DEBUG=0.",
            id="naervaer.E002",
        )]
    return []


@register(Tags.security, deploy=True)
def allowed_hosts_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    wildcards = [host for host in settings.ALLOWED_HOSTS if host == "*" or host.startswith(".")]
    if wildcards:
        return [Error(
            f"ALLOWED_HOSTS accepts any host name ({', '.join(wildcards)}): links in "
            "password and notice e-mails could be made to point elsewhere.",
            hint="Set ALLOWED_HOSTS to the site's own name(s), e.g. naervaer.kommune.dk.",
            id="naervaer.E003",
        )]
    return []


@register(Tags.security, deploy=True)
def https_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not getattr(settings, "NAERVAER_HTTPS", False):
        return [Warning(
            "NAERVAER_HTTPS is off: cookies are not marked Secure, HTTP is not redirected to "
            "HTTPS and no HSTS header is sent (fine for `make run` on loopback only).",
            hint="Serve over HTTPS behind a proxy that sets X-Forwarded-Proto, then set "
                 "NAERVAER_HTTPS=1.",
            id="naervaer.W002",
        )]
    if not str(getattr(settings, "NAERVAER_BASE_URL", "")).startswith("https://"):
        return [Warning(
            "NAERVAER_HTTPS is on but NAERVAER_BASE_URL does not start with https://: "
            "links in e-mails would use plain HTTP.",
            hint="Set NAERVAER_BASE_URL=https://<the site's name>.",
            id="naervaer.W003",
        )]
    return []


@register(Tags.security, deploy=True)
def content_security_policy_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    directives = policy.get("DIRECTIVES", {})
    middleware_missing = "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE
    scripts = directives.get("script-src") or directives.get("default-src") or []
    unsafe = [source for source in scripts if source in UNSAFE_SCRIPT_SOURCES]
    if middleware_missing or not directives or unsafe:
        return [Error(
            "The Content-Security-Policy is missing or allows inline or evaluated script"
            + (f" ({', '.join(unsafe)})" if unsafe else "") + ".",
            hint="Keep csp.middleware.CSPMiddleware and script-src 'self' from "
                 "naervaer/config/settings.py.",
            id="naervaer.E004",
        )]
    return []


@register(Tags.security, deploy=True)
def lockout_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not getattr(settings, "AXES_ENABLED", False):
        return [Warning(
            "Login lock-out is off (NAERVAER_LOCKOUT=0): passwords can be guessed without limit.",
            hint="Unset NAERVAER_LOCKOUT.",
            id="naervaer.W004",
        )]
    return []

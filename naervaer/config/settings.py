"""Django settings, read from the environment in this one place.

With no environment variables set, every command works against
``var/naervaer.sqlite3`` under the project root, with a secret key generated once
and stored in ``var/secret_key`` (shared by all server workers).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[2]
PACKAGE_DIR = Path(__file__).resolve().parents[1]
VAR_DIR = Path(os.environ.get("NAERVAER_VAR_DIR", BASE_DIR / "var"))


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _stored_secret_key(var_dir: Path) -> str:
    """Read the generated key, creating it atomically the first time."""
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: when several workers start at once only one writes the key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
    raise RuntimeError(f"{path} is empty; delete it to generate a new key")


def _database_config(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = str(config.get("NAME") or "")
        if name and name != ":memory:" and not Path(name).is_absolute():
            config["NAME"] = str(BASE_DIR / name)
        if name != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL;"}
        config["CONN_MAX_AGE"] = 0
    return config


DEBUG = _env_flag("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY") or _stored_secret_key(VAR_DIR)
# Read by the deploy checks (naervaer/security/checks.py): a generated key in var/ is
# fine on one machine, production should pass its own through the environment.
NAERVAER_SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SECRET_KEY"))
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if host.strip()
]
DATABASES = {
    "default": _database_config(
        os.environ.get("DATABASE_URL", "sqlite:///var/naervaer.sqlite3")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "naervaer.organisation",
    "naervaer.imports",
    "naervaer.accounts",
    "naervaer.demo",
    "naervaer.metrics",
    "naervaer.insight",
    "naervaer.followup",
    "naervaer.notices",
    "naervaer.cases",
    "naervaer.benchmark",
    "naervaer.evaluation",
    "naervaer.strategy",
    "naervaer.targets",
    "naervaer.wellbeing",
    "naervaer.web",
    "naervaer.security",
    "naervaer.privacy",
    # Security: login lock-out and the optional second factor (see the Security block).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "naervaer.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Security: request.user.is_verified(), then the code page for enrolled users.
    "django_otp.middleware.OTPMiddleware",
    "naervaer.security.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "naervaer.security.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "naervaer.config.urls"
WSGI_APPLICATION = "naervaer.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "naervaer.web.context_processors.navigation",
                "naervaer.security.context_processors.two_factor_link",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders too, so `serve` works before collectstatic.
WHITENOISE_USE_FINDERS = True

# Uploads. An M-size organisation's export (30,000 employees, 5 years) is ~35 MB of CSV
# (absences ~30 MB), so 200 MB leaves room. The import page refuses a request whose
# announced size is over NAERVAER_MAX_UPLOAD_BYTES (+1 MB for the form) before reading
# it, and its form refuses files over the limit, both with a Danish message.
# DATA_UPLOAD_MAX_MEMORY_SIZE caps the non-file fields of any request (a bigger body is
# refused); FILE_UPLOAD_MAX_MEMORY_SIZE is where an uploaded file stops being held in
# memory and is spooled to a temporary file instead.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
NAERVAER_MAX_UPLOAD_BYTES = int(os.environ.get("NAERVAER_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))

# --------------------------------------------------------------------------- Security
# Explained for operators in docs/security.md; checked by `naervaer check --deploy`
# (Django's deploy checks plus naervaer/security/checks.py).

# HTTPS-only settings are switched on explicitly: `make run` serves plain HTTP on
# loopback, where Secure cookies would never come back and a redirect would loop.
NAERVAER_HTTPS = _env_flag("NAERVAER_HTTPS")
SESSION_COOKIE_SECURE = NAERVAER_HTTPS or _env_flag("SECURE_COOKIES")  # SECURE_COOKIES: older name
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = NAERVAER_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("NAERVAER_HSTS_SECONDS", 31_536_000)) if NAERVAER_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("NAERVAER_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_flag("NAERVAER_HSTS_PRELOAD")
# Behind the TLS-terminating proxy, which must set (overwrite) X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NAERVAER_HTTPS else None

# Cookies: not readable by scripts (the session), not sent on cross-site posts.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(float(os.environ.get("NAERVAER_SESSION_HOURS", 8)) * 3600)  # a working day
CSRF_COOKIE_HTTPONLY = True  # no script reads it: every form carries {% csrf_token %}
CSRF_COOKIE_SAMESITE = "Lax"

# Headers (the Permissions-Policy comes from naervaer.security.middleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
NAERVAER_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Content-Security-Policy: no inline script or style, nothing from other origins. Vega
# draws charts with its expression interpreter (insight.js: ast=true), so no eval either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Login lock-out (django-axes): a username tried from one address is locked after
# NAERVAER_LOCKOUT_FAILURES wrong passwords for NAERVAER_LOCKOUT_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = _env_flag("NAERVAER_LOCKOUT", default=True)
AXES_FAILURE_LIMIT = int(os.environ.get("NAERVAER_LOCKOUT_FAILURES", 5))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("NAERVAER_LOCKOUT_MINUTES", 60)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Trying again while locked does not move the time the page promised.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "naervaer.security.lockout.lockout_response"
# Reverse proxies in front of `naervaer serve` that append to X-Forwarded-For; with 0 the
# connection's address is the client's (behind a proxy that would lock per username only).
NAERVAER_PROXY_COUNT = int(os.environ.get("NAERVAER_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "naervaer.security.lockout.client_ip_address"

# Second factor (django-otp, TOTP): optional, for HR and direktion, on once enrolled.
OTP_TOTP_ISSUER = "Nærvær"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = _env_flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "naervaer@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address the site is reached at, for links in e-mails (no trailing slash needed).
NAERVAER_BASE_URL = os.environ.get("NAERVAER_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# One line per record on stderr (journald under systemd): time, level, logger, message.
# docs/operations.md "Logs"; gunicorn's access log (stdout) has its own format.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
                            "datefmt": "%Y-%m-%dT%H:%M:%S%z"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

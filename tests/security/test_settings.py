"""The Security block of naervaer/config/settings.py: what the environment switches on.

Each case imports the settings module in a fresh interpreter with a given environment
(the test process's own settings are already loaded and must not change)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
         "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
         "SESSION_COOKIE_AGE", "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "AXES_ENABLED"]


def settings_with(tmp_path: Path, **environment: str) -> dict:
    code = (
        "import json; from naervaer.config import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}, default=str))"
    )
    env = {"PATH": os.environ.get("PATH", ""), "NAERVAER_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **environment}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def test_plain_http_by_default_so_make_run_works_on_loopback(tmp_path):
    values = settings_with(tmp_path)
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    # Cookie protections that do not need HTTPS are always on.
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SESSION_COOKIE_AGE"] == 8 * 3600


def test_naervaer_https_switches_on_every_https_setting(tmp_path):
    values = settings_with(tmp_path, NAERVAER_HTTPS="1")
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_lockout_is_configurable(tmp_path):
    default = settings_with(tmp_path)
    assert (default["AXES_ENABLED"], default["AXES_FAILURE_LIMIT"], default["AXES_COOLOFF_TIME"]) == (
        True, 5, "1:00:00")
    changed = settings_with(tmp_path, NAERVAER_LOCKOUT_FAILURES="10", NAERVAER_LOCKOUT_MINUTES="15")
    assert (changed["AXES_FAILURE_LIMIT"], changed["AXES_COOLOFF_TIME"]) == (10, "0:15:00")

"""naervaer/security/checks.py: the app's own deploy checks, and the whole
`naervaer check --deploy` with only SECRET_KEY, ALLOWED_HOSTS and DEBUG=0 set."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from naervaer.security import checks

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = secrets.token_urlsafe(50)


def ids(messages) -> list[str]:  # type: ignore[no-untyped-def]
    return [message.id for message in messages]


def test_generated_secret_key_is_a_warning(settings):
    settings.NAERVAER_SECRET_KEY_FROM_ENVIRONMENT = False
    assert ids(checks.secret_key_check()) == ["naervaer.W001"]


@pytest.mark.parametrize("key", ["kort", "a" * 60, "abcd" * 20])
def test_weak_secret_key_from_the_environment_is_an_error(settings, key):
    settings.NAERVAER_SECRET_KEY_FROM_ENVIRONMENT = True
    settings.SECRET_KEY = key
    assert ids(checks.secret_key_check()) == ["naervaer.E001"]


def test_long_random_secret_key_from_the_environment_passes(settings):
    settings.NAERVAER_SECRET_KEY_FROM_ENVIRONMENT = True
    settings.SECRET_KEY = GOOD_KEY
    assert checks.secret_key_check() == []


def test_debug_is_an_error(settings):
    settings.DEBUG = True
    assert ids(checks.debug_check()) == ["naervaer.E002"]
    settings.DEBUG = False
    assert checks.debug_check() == []


@pytest.mark.parametrize("hosts", [["*"], ["naervaer.kommune.dk", ".kommune.dk"]])
def test_wildcard_allowed_hosts_is_an_error(settings, hosts):
    settings.ALLOWED_HOSTS = hosts
    assert ids(checks.allowed_hosts_check()) == ["naervaer.E003"]


def test_named_allowed_hosts_pass(settings):
    settings.ALLOWED_HOSTS = ["naervaer.kommune.dk"]
    assert checks.allowed_hosts_check() == []


def test_https_off_is_a_warning_and_on_needs_an_https_base_url(settings):
    settings.NAERVAER_HTTPS = False
    assert ids(checks.https_check()) == ["naervaer.W002"]
    settings.NAERVAER_HTTPS = True
    settings.NAERVAER_BASE_URL = "http://naervaer.kommune.dk"
    assert ids(checks.https_check()) == ["naervaer.W003"]
    settings.NAERVAER_BASE_URL = "https://naervaer.kommune.dk"
    assert checks.https_check() == []


def test_the_configured_policy_passes_and_unsafe_script_sources_fail(settings):
    assert checks.content_security_policy_check() == []
    policy = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
                             "script-src": ["'self'", "'unsafe-eval'"]}}
    settings.CONTENT_SECURITY_POLICY = policy
    assert ids(checks.content_security_policy_check()) == ["naervaer.E004"]
    settings.CONTENT_SECURITY_POLICY = {}
    assert ids(checks.content_security_policy_check()) == ["naervaer.E004"]


def test_lockout_off_is_a_warning(settings):
    assert checks.lockout_check() == []
    settings.AXES_ENABLED = False
    assert ids(checks.lockout_check()) == ["naervaer.W004"]


def _check_deploy(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path),
           "NAERVAER_VAR_DIR": str(tmp_path / "var"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **environment}
    return subprocess.run([sys.executable, "-m", "naervaer", "check", "--deploy"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_has_no_errors_with_the_three_documented_variables(tmp_path):
    result = _check_deploy(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="naervaer.kommune.dk", DEBUG="0")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "ERRORS:" not in output
    # What is left is HTTPS being off (docs/security.md explains each line).
    for expected in ("naervaer.W002", "security.W004", "security.W008", "security.W012", "security.W016"):
        assert expected in output
    assert "naervaer.W001" not in output


def test_check_deploy_fails_with_debug_on(tmp_path):
    result = _check_deploy(tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="naervaer.kommune.dk", DEBUG="1")
    assert result.returncode != 0
    assert "naervaer.E002" in result.stderr + result.stdout

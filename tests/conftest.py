"""Suite-wide test settings, kept small.

* Passwords are hashed with MD5 in tests: PBKDF2 at production strength costs
  ~0.3 s per user and would dominate the suite. Never used outside tests.
* Hypothesis runs derandomized (a fixed seed, no deadline) when ``CI`` is set,
  so a CI run is reproducible and not flaky under load; locally it uses the
  default profile and explores new examples each run. ``HYPOTHESIS_PROFILE=ci``
  forces the CI profile.
* The pytest header names the database backend, so a log shows whether a pass
  ran on SQLite or PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
_ci = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}
if os.environ.get("HYPOTHESIS_PROFILE"):
    hypothesis_settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif _ci:
    hypothesis_settings.load_profile("ci")


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise warns on every request when STATIC_ROOT does not exist yet (a fresh
    # checkout before `naervaer serve` ran collectstatic); the finders serve the files.
    if settings.STATIC_ROOT:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def pytest_report_header(config):  # type: ignore[no-untyped-def]
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        where = "tests use an in-memory database"
    else:
        host = db.get("HOST") or "local socket"
        where = f"{host}:{db.get('PORT') or 'default'}/{db.get('NAME')}; tests use test_ copies"
    profile = hypothesis_settings.get_current_profile_name()
    return [
        f"database: {connection.vendor} ({where})",
        f"hypothesis profile: {profile}",
    ]


@pytest.fixture(autouse=True)
def _metric_cube_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Tests never write the metric cube into the project's var/."""
    settings.NAERVAER_CUBE_DIR = tmp_path / "cube"


@pytest.fixture(autouse=True)
def _fresh_benchmark_cache():  # type: ignore[no-untyped-def]
    """Each test builds its own organisation, whose data version (cube build time, last
    import) can coincide with the previous test's: start every test with an empty
    benchmark cache."""
    from naervaer.benchmark import cache
    from naervaer.metrics import cube

    cache.clear()
    cube.cache_clear()  # likewise the cube's slice cache (keyed by file identity)
    yield

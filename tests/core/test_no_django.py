"""The computational core (and the import checks built on it) must not pull in Django."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = textwrap.dedent("""
    import importlib, json, pkgutil, sys
    import naervaer.core
    names = ["naervaer.core"] + [
        info.name for info in pkgutil.walk_packages(naervaer.core.__path__, "naervaer.core.")]
    names += sys.argv[1:]
    for name in names:
        importlib.import_module(name)
    print(json.dumps({
        "imported": names,
        "django": sorted(m for m in sys.modules if m == "django" or m.startswith("django.")),
    }))
""")


def _run(*extra: str) -> dict[str, list[str]]:
    import json

    completed = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *extra], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_core_imports_no_django() -> None:
    result = _run()
    assert {"naervaer.core.calendar", "naervaer.core.cpr", "naervaer.core.parsing",
            "naervaer.core.tree"} <= set(result["imported"])
    assert result["django"] == []


@pytest.mark.parametrize("module", [
    "naervaer.imports.problems", "naervaer.imports.columns", "naervaer.imports.reading",
    "naervaer.imports.validation", "naervaer.imports.consistency",
])
def test_import_checks_import_no_django(module: str) -> None:
    assert _run(module)["django"] == []

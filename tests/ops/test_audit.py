"""The dependency scan `make test` runs offline (scripts/audit/offline_scan.py): pip-audit
against the committed advisory snapshot, served to it as an OSV API on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

AUDIT = Path(__file__).resolve().parents[2] / "scripts" / "audit"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"audit_{name}", AUDIT / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


offline_scan = _module("offline_scan")
runtime_pins = _module("runtime_pins")


def test_pip_audit_is_installed_with_the_test_extra():
    """The scans below need it; a missing scanner must fail, not skip."""
    assert Path(offline_scan.PIP_AUDIT).exists()


def test_the_pins_file_is_what_is_installed():
    """A stale pins file would scan versions that are not deployed."""
    written = offline_scan.read_pins(AUDIT / "runtime-pins.txt")
    installed = runtime_pins.runtime_closure()
    assert written == installed, (
        "scripts/audit/runtime-pins.txt is stale: run `.venv/bin/python scripts/audit/runtime_pins.py "
        "> scripts/audit/runtime-pins.txt`, then refresh scripts/audit/advisories.json "
        "(scripts/audit/snapshot.py, needs the internet)")
    assert {"django", "gunicorn", "psycopg", "weasyprint"} <= set(installed)


def test_the_runtime_pins_have_no_known_vulnerability_in_the_snapshot():
    status, output, uncovered = offline_scan.scan(AUDIT / "runtime-pins.txt", AUDIT / "advisories.json")

    assert status == 0, output
    assert "No known vulnerabilities found" in output
    # Most pins are covered; those that are not are named, never passed as clean.
    pins = offline_scan.read_pins(AUDIT / "runtime-pins.txt")
    assert len(uncovered) < len(pins) / 2
    assert all("==" in line for line in uncovered)
    # ... and each was the newest release of its line when the snapshot was taken.
    assert not [line for line in uncovered if "LATER" in line], uncovered


def test_a_known_vulnerable_pin_is_flagged(tmp_path):
    """pycrypto 2.6.1 with PyPI's real advisories (scripts/audit/known-vulnerable.json,
    fetched by scripts/audit/snapshot.py): the scan must fail and name them."""
    pins = tmp_path / "pins.txt"
    pins.write_text("pycrypto==2.6.1\n")

    status, output, uncovered = offline_scan.scan(pins, AUDIT / "known-vulnerable.json")

    assert status == 1, output
    assert "PYSEC-2017-94" in output  # CVE-2013-7459, heap overflow in ALGnew
    assert uncovered == []


def test_a_pin_the_snapshot_has_no_data_for_is_reported_not_passed(tmp_path):
    pins = tmp_path / "pins.txt"
    pins.write_text("pycrypto==2.6\nnot-in-snapshot==1.0\n")

    status, output, uncovered = offline_scan.scan(pins, AUDIT / "known-vulnerable.json")

    assert status == 0
    assert "nothing to scan" in output
    assert uncovered == ["pycrypto==2.6 (snapshot has 2.6.1)", "not-in-snapshot==1.0 (not in the snapshot)"]


@pytest.mark.parametrize("snapshot", ["advisories.json", "known-vulnerable.json"])
def test_snapshots_come_from_pypi(snapshot):
    data = json.loads((AUDIT / snapshot).read_text())
    assert data["source"].startswith("https://pypi.org/pypi/")
    assert data["fetched_at"]
    for package in data["packages"].values():
        assert set(package) in ({"version", "vulnerabilities"},
                                {"version", "vulnerabilities", "series"})
        for vuln in package["vulnerabilities"]:
            assert vuln["link"].startswith("https://osv.dev/vulnerability/")


def test_an_uncovered_pin_says_whether_its_line_had_a_later_release(tmp_path):
    """For a pin older than PyPI's latest release the snapshot records the newest release
    of the pin's major.minor line at fetch time (scripts/audit/snapshot.py)."""
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps({"source": "https://pypi.org/pypi/<name>/json", "fetched_at": "x",
                                    "packages": {
        "django": {"version": "6.1.3", "vulnerabilities": [],
                   "series": {"of": "5.2.19", "line": "5.2", "latest": "5.2.19"}},
        "numpy": {"version": "2.5.5", "vulnerabilities": [],
                  "series": {"of": "2.4.5", "line": "2.4", "latest": "2.4.6"}}}}))
    pins = tmp_path / "pins.txt"
    pins.write_text("django==5.2.19\nnumpy==2.4.5\n")

    _status, _output, uncovered = offline_scan.scan(pins, snapshot)

    assert uncovered == [
        "django==5.2.19 (snapshot has 6.1.3; 5.2.19 was the newest 5.2.x release then)",
        "numpy==2.4.5 (snapshot has 2.5.5; LATER 2.4.x RELEASE 2.4.6 existed then: update)"]


def test_series_latest_skips_pre_releases_and_yanked_versions():
    snapshot = _module("snapshot")
    releases = {"5.2.18": [{"yanked": False}], "5.2.19": [{"yanked": False}],
                "5.2.20rc1": [{"yanked": False}], "5.2.21": [{"yanked": True}],
                "6.0": [{"yanked": False}], "5.2.22": []}
    assert snapshot.series_latest("5.2.18", releases) == {"of": "5.2.18", "line": "5.2",
                                                         "latest": "5.2.19"}

"""Scan pinned packages with pip-audit offline, against a committed advisory snapshot.

    .venv/bin/python scripts/audit/offline_scan.py [--pins FILE] [--snapshot FILE]
        (defaults: scripts/audit/runtime-pins.txt, scripts/audit/advisories.json)

pip-audit's OSV service is pointed (``--osv-url``) at a tiny HTTP server on 127.0.0.1
that answers OSV's ``POST /v1/query`` from the snapshot (scripts/audit/snapshot.py wrote
it from PyPI). Only pins whose version is the one the snapshot's advisories are for are
scanned; the others are listed as NOT COVERED (an older pin than PyPI's latest release
at snapshot time: the snapshot knows nothing about it, so it is not called clean), each
with whether it was the newest release of its major.minor line then.
pip-audit collects the pins from the file (``--no-deps --disable-pip``): no network.

Exit status: pip-audit's (1 when a scanned pin has a known vulnerability), 2 on usage
errors. Uncovered pins do not fail the scan; `make audit` (online) is the full check.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PIP_AUDIT = str(Path(sys.executable).with_name("pip-audit"))


def read_pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def osv_entry(name: str, vuln: dict[str, Any]) -> dict[str, Any]:
    """A PyPI ``vulnerabilities`` record in the shape OSV's query API answers with. Only
    the fixed versions PyPI lists go into the range; nothing is invented."""
    events = [{"fixed": version} for version in vuln.get("fixed_in") or []]
    entry: dict[str, Any] = {
        "id": vuln["id"], "aliases": vuln.get("aliases") or [],
        "details": vuln.get("details") or "", "withdrawn": vuln.get("withdrawn"),
        "affected": [{"package": {"name": name, "ecosystem": "PyPI"},
                      "ranges": [{"type": "ECOSYSTEM", "events": events}] if events else []}],
    }
    if vuln.get("summary"):
        entry["summary"] = vuln["summary"]
    return entry


def make_handler(snapshot: dict[str, Any]) -> type[BaseHTTPRequestHandler]:
    packages = {name.lower(): data for name, data in snapshot["packages"].items()}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            if self.path != "/v1/query":
                self.send_error(404)
                return
            query = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            name, version = query["package"]["name"].lower(), query["version"]
            data = packages.get(name)
            if data is None or data["version"] != version:
                # The scan only asks for covered pins; anything else is a bug, not "clean".
                self.send_error(404, f"{name} {version} is not in the snapshot")
                return
            body = json.dumps({"vulns": [osv_entry(name, vuln) for vuln in data["vulnerabilities"]]}
                              if data["vulnerabilities"] else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


def _why_not_covered(version: str, known: str | None, series: dict[str, str] | None) -> str:
    """Why a pin is not scanned, and what the snapshot knows of its line: whether a later
    release of the same major.minor existed at snapshot time (a likely security fix)."""
    if known is None:
        return "not in the snapshot"
    why = f"snapshot has {known}"
    if series and series.get("of") == version:
        if series["latest"] == version:
            why += f"; {version} was the newest {series['line']}.x release then"
        else:
            why += f"; LATER {series['line']}.x RELEASE {series['latest']} existed then: update"
    return why


def scan(pins_path: Path, snapshot_path: Path, extra_args: list[str] | None = None
         ) -> tuple[int, str, list[str]]:
    """pip-audit's exit status and output for the covered pins, and the uncovered pins."""
    snapshot = json.loads(snapshot_path.read_text())
    known = {name.lower(): data["version"] for name, data in snapshot["packages"].items()}
    pins = read_pins(pins_path)
    series = {name.lower(): data.get("series") for name, data in snapshot["packages"].items()}
    covered = {name: version for name, version in pins.items() if known.get(name) == version}
    uncovered = [f"{name}=={version} ({_why_not_covered(version, known.get(name), series.get(name))})"
                 for name, version in pins.items() if name not in covered]
    if not covered:
        return 0, "nothing to scan: no pin is covered by the snapshot\n", uncovered
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(snapshot))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory(prefix="naervaer-audit-") as folder:
            requirements = Path(folder) / "requirements.txt"
            requirements.write_text("".join(f"{name}=={version}\n" for name, version in covered.items()))
            done = subprocess.run(
                [PIP_AUDIT, "-r", str(requirements), "--no-deps", "--disable-pip",
                 "-s", "osv", "--osv-url", f"http://127.0.0.1:{server.server_port}/v1/query",
                 "--cache-dir", str(Path(folder) / "cache"), "--progress-spinner", "off",
                 "--strict", *(extra_args or [])],
                capture_output=True, text=True)
    finally:
        server.shutdown()
        server.server_close()
    return done.returncode, done.stdout + done.stderr, uncovered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pins", type=Path, default=HERE / "runtime-pins.txt")
    parser.add_argument("--snapshot", type=Path, default=HERE / "advisories.json")
    options = parser.parse_args()
    snapshot = json.loads(options.snapshot.read_text())
    status, output, uncovered = scan(options.pins, options.snapshot)
    print(f"Advisory snapshot of {snapshot['fetched_at']} ({options.snapshot.name}); "
          f"{len(read_pins(options.pins)) - len(uncovered)} pins scanned offline.")
    print(output.rstrip())
    if uncovered:
        print(f"NOT COVERED offline ({len(uncovered)}; run `make audit` where OSV or PyPI answers): "
              + ", ".join(uncovered))
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Refresh the advisory snapshot the offline scan uses, from PyPI (needs the internet).

    .venv/bin/python scripts/audit/snapshot.py scripts/audit/runtime-pins.txt \
        > scripts/audit/advisories.json

For every pinned package, PyPI's project JSON (`https://pypi.org/pypi/<name>/json`) is
fetched and its `vulnerabilities` field kept. PyPI fills that field from OSV for the
project's *latest* release only, so the snapshot records which version the advisories
are for (`version`). The offline scan uses an entry only for exactly that version; a pin
that is older than PyPI's latest release at snapshot time is reported as not covered,
never as clean. For such a pin the snapshot also records the newest release of the
pin's line (same major.minor, no pre-releases, not yanked) at fetch time (`series`), so
the scan can say whether a later patch release existed: projects such as Django ship
security fixes for a supported line as patch releases. Nothing in the file is written
by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import urllib.request
from pathlib import Path

from packaging.version import InvalidVersion, Version

KEEP = ("id", "aliases", "summary", "details", "fixed_in", "link", "source", "withdrawn")


def series_latest(pinned: str, releases: dict[str, list[dict[str, object]]]) -> dict[str, str]:
    """The newest release of ``pinned``'s line (same major.minor) among ``releases``
    (PyPI's ``releases``: version → files), leaving out pre-releases and versions whose
    files are all yanked."""
    line = Version(pinned).release[:2]
    candidates = []
    for text, files in releases.items():
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if (version.release[:2] == line and not version.is_prerelease and files
                and not all(file.get("yanked") for file in files)):
            candidates.append(version)
    latest = max(candidates, default=Version(pinned))
    return {"of": pinned, "line": ".".join(str(part) for part in line), "latest": str(latest)}


def fetch(name: str, pinned: str | None = None) -> dict[str, object]:
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=30) as response:
        data = json.load(response)
    entry: dict[str, object] = {
        "version": data["info"]["version"],
        "vulnerabilities": [{key: vuln.get(key) for key in KEEP}
                            for vuln in data.get("vulnerabilities") or []]}
    if pinned is not None and pinned != data["info"]["version"]:
        entry["series"] = series_latest(pinned, data.get("releases") or {})
    return entry


def main(pins_file: str) -> None:
    pins = dict(line.split("#", 1)[0].strip().split("==", 1)
                for line in Path(pins_file).read_text().splitlines()
                if line.split("#", 1)[0].strip())
    snapshot = {
        "source": "https://pypi.org/pypi/<name>/json, field 'vulnerabilities' (OSV data for the "
                  "project's latest release at fetch time; see scripts/audit/snapshot.py)",
        "fetched_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "packages": {name.strip(): fetch(name.strip(), version.strip())
                     for name, version in pins.items()},
    }
    json.dump(snapshot, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])

"""Refresh the advisory snapshot the offline scan uses, from PyPI (needs the internet).

    .venv/bin/python scripts/audit/snapshot.py scripts/audit/runtime-pins.txt \
        > scripts/audit/advisories.json

For every pinned package, PyPI's project JSON (`https://pypi.org/pypi/<name>/json`) is
fetched and its `vulnerabilities` field kept. PyPI fills that field from OSV for the
project's *latest* release only, so the snapshot records which version the advisories
are for (`version`). The offline scan uses an entry only for exactly that version; a pin
that is older than PyPI's latest release at snapshot time is reported as not covered,
never as clean. Nothing in the file is written by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import urllib.request
from pathlib import Path

KEEP = ("id", "aliases", "summary", "details", "fixed_in", "link", "source", "withdrawn")


def fetch(name: str) -> dict[str, object]:
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=30) as response:
        data = json.load(response)
    return {"version": data["info"]["version"],
            "vulnerabilities": [{key: vuln.get(key) for key in KEEP}
                                for vuln in data.get("vulnerabilities") or []]}


def main(pins_file: str) -> None:
    names = [line.split("==")[0].strip() for line in Path(pins_file).read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    snapshot = {
        "source": "https://pypi.org/pypi/<name>/json, field 'vulnerabilities' (OSV data for the "
                  "project's latest release at fetch time; see scripts/audit/snapshot.py)",
        "fetched_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "packages": {name: fetch(name) for name in names},
    }
    json.dump(snapshot, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])

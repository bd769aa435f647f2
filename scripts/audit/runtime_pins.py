"""Print the runtime dependency closure of the installed `naervaer` as `name==version` lines.

    .venv/bin/python scripts/audit/runtime_pins.py > scripts/audit/runtime-pins.txt

Walks the installed distributions' metadata (no network): the packages `pip install
naervaer` puts on a server, without the test, bench and audit extras. The file it writes
is what `scripts/audit/offline_scan.py` scans; tests/ops/test_audit.py fails when it no
longer matches the installed environment (refresh it, and the advisory snapshot, after
changing a pin).
"""

from __future__ import annotations

from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def runtime_closure(root: str = "naervaer") -> dict[str, str]:
    """Canonical name → installed version for everything ``root`` needs at run time."""
    environment = {**default_environment(), "extra": ""}
    seen: dict[str, str] = {}
    pending = [root]
    while pending:
        name = canonicalize_name(pending.pop())
        if name in seen:
            continue
        distribution = metadata.distribution(name)
        seen[name] = distribution.version
        for line in distribution.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(environment):
                pending.append(requirement.name)
                # Extras asked for by the requirement (psycopg[binary]) pull in more.
                for extra in requirement.extras:
                    for extra_line in metadata.distribution(requirement.name).requires or []:
                        extra_requirement = Requirement(extra_line)
                        marker = extra_requirement.marker
                        if marker is not None and marker.evaluate({**environment, "extra": extra}) \
                                and not marker.evaluate(environment):
                            pending.append(extra_requirement.name)
    seen.pop(canonicalize_name(root))
    return dict(sorted(seen.items()))


if __name__ == "__main__":
    for name, version in runtime_closure().items():
        print(f"{name}=={version}")

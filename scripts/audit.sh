#!/usr/bin/env bash
# `make audit`: scan the pinned runtime dependencies for known vulnerabilities.
#
#   scripts/audit.sh            online scans, then the offline snapshot scan
#
# 1. pip-audit against PyPI's vulnerability data (-s pypi), 2. against OSV (-s osv),
# both with --strict so a package that could not be looked up fails the scan instead
# of being silently skipped (pip-audit's default prints "No known vulnerabilities
# found" even when it skipped every package); 3. the offline scan of the committed
# advisory snapshot (scripts/audit/offline_scan.py; also run by `make test` through
# tests/ops/test_audit.py). Exits non-zero if any scan failed or found something.
set -uo pipefail
cd "$(dirname "$0")/.."

bin=.venv/bin
pins=scripts/audit/runtime-pins.txt
rc=0

# The pins file must describe what is installed (a stale file would scan old versions).
if ! diff -u "$pins" <("$bin/python" scripts/audit/runtime_pins.py) >/dev/null; then
    echo "audit: $pins does not match the installed packages; refresh it:" >&2
    echo "  $bin/python scripts/audit/runtime_pins.py > $pins" >&2
    rc=1
fi

for service in pypi osv; do
    echo "== pip-audit -s $service (online, $(wc -l <"$pins") pins)"
    "$bin/pip-audit" -r "$pins" --no-deps --disable-pip -s "$service" --strict \
        --progress-spinner off --timeout 20 || rc=1
done

echo "== offline scan (committed advisory snapshot)"
"$bin/python" scripts/audit/offline_scan.py || rc=1
exit "$rc"

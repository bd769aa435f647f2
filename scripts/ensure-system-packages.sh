#!/usr/bin/env bash
# Install the system packages the test suite needs (Debian/Ubuntu), only when missing:
#   chromium    -> /usr/bin/chromium, driven by Playwright in tests/browser
#   postgresql  -> initdb/postgres, for the PostgreSQL pass (scripts/with-postgres.sh)
set -euo pipefail

missing=()
if [[ ! -x /usr/bin/chromium ]]; then
    missing+=(chromium)
fi
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    missing+=(postgresql)
fi

if ((${#missing[@]} == 0)); then
    echo "system packages: chromium and postgresql present"
    exit 0
fi

echo "system packages: installing ${missing[*]} (apt-get)"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then
        sudo=(sudo)
    else
        echo "error: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
# Install both even if only one is missing: the same command works everywhere.
"${sudo[@]}" apt-get install -y -q chromium postgresql

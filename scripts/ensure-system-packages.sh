#!/usr/bin/env bash
# Install the system packages the test suite needs (Debian/Ubuntu), only when missing:
#   chromium    -> /usr/bin/chromium, driven by Playwright in tests/browser
#   postgresql  -> initdb/postgres, for the PostgreSQL pass (scripts/with-postgres.sh)
#   libpango, fonts -> WeasyPrint renders the PDF report (also needed by `make run`)
# With --runtime only what the running app needs (the PDF report) is checked.
set -euo pipefail

RUNTIME_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
TEST_PACKAGES=(chromium postgresql)

missing=()
if ! { ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; } || ! compgen -G '/usr/share/fonts/truetype/*/*.ttf' >/dev/null; then
    missing+=("${RUNTIME_PACKAGES[@]}")
fi
if [[ "${1:-}" != "--runtime" ]]; then
    if [[ ! -x /usr/bin/chromium ]]; then
        missing+=(chromium)
    fi
    if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
        missing+=(postgresql)
    fi
fi

if ((${#missing[@]} == 0)); then
    echo "system packages: present"
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
"${sudo[@]}" apt-get install -y -q "${missing[@]}"

#!/usr/bin/env bash
# Run the whole test suite once, against the database DATABASE_URL names
# (SQLite under var/ when unset; the tests use an in-memory / test_ copy).
#
#   scripts/run-tests.sh LABEL [PYTEST ARGS...]
#
# Two pytest passes: everything but the browser tests in parallel (pytest-xdist,
# TEST_WORKERS processes, default 2), then the browser tests (-m browser) in one
# process. Both always run; the exit status is non-zero if either failed.
set -uo pipefail
cd "$(dirname "$0")/.."

label=${1:?usage: $0 LABEL [PYTEST ARGS...]}
shift
if [[ $label == sqlite ]]; then
    unset DATABASE_URL
fi
pytest=.venv/bin/pytest
workers=${TEST_WORKERS:-2}
rc=0

run_pass() {
    local name=$1
    shift
    local start=$SECONDS status
    echo "== [$label] $name: pytest $*"
    "$pytest" "$@"
    status=$?
    echo "== [$label] $name: exit $status in $((SECONDS - start))s"
    if ((status != 0)); then
        rc=1
    fi
}

run_pass "tests (not browser, -n $workers)" --verbosity=0 -n "$workers" -m "not browser" "$@"
run_pass "browser tests" --verbosity=0 -m browser "$@"
exit "$rc"

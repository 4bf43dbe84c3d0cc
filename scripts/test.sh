#!/usr/bin/env bash
# README command 2 (and what CI runs): install what the tests need, lint, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure_uv.sh
# What the tests need from Debian: chromium (the browser tests drive it; Playwright's own browser
# download is blocked), poppler-utils (the annex tests read the PDFs back with pdftotext and
# pdfinfo), pango and fonts (WeasyPrint writes the PDFs) and postgresql (the decision store is
# tested against a real server too). One apt transaction, run beside `uv sync`: on a fresh
# machine both wait on the network, and each separate install would fetch the package lists again.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
{ command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; } ||
    missing+=(poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
apt_pid=""
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
        ( apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            "${missing[@]}" >/dev/null ) &
        apt_pid=$!
    else
        # Without postgresql the store's PostgreSQL tests are skipped; the rest cannot run.
        echo "Installér Debians ${missing[*]} (sudo apt-get install ${missing[*]}) for at køre testene." >&2
        [ "${missing[*]}" = "postgresql" ] || exit 1
    fi
fi
uv_sync
if [ -n "$apt_pid" ]; then
    wait "$apt_pid"
fi
source scripts/postgres_for_tests.sh
uv_run run --frozen ruff check .
uv_run run --frozen ruff format --check .
# Three workers (pytest-xdist) on the two cores: the tests wait on browsers, servers and child
# runs much of the time, so two workers left the cores idle (benchmarks/README.md «The test
# suite»). --dist loadfile keeps each test module on one worker, in its order,
# so a module's dashboard servers are started once and its tests keep their order; each worker has
# its own sample round, browser, temporary folders, ports and PostgreSQL databases. Modules are
# handed out in the order tests/conftest.py puts them (the long ones first), not by how many
# tests each holds (--no-loadscope-reorder). The 15 slowest tests are listed last.
uv_run run --frozen pytest -n "${SCREENING_TEST_WORKERS:-3}" --dist loadfile --no-loadscope-reorder \
    --durations=15 "$@"

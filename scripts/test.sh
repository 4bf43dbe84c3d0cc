#!/usr/bin/env bash
# README command 2 (and what CI runs): install what the tests need, lint, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure_uv.sh
if [ ! -x /usr/bin/chromium ]; then
    # The browser tests drive Debian's chromium; Playwright's own browser download is blocked.
    if [ "$(id -u)" = "0" ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "Installér Debians chromium (sudo apt-get install chromium) for at køre browsertestene." >&2
        exit 1
    fi
fi
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
    # The annex tests read the PDFs back with Debian's poppler-utils (pdftotext, pdfinfo).
    # The PDF writer (WeasyPrint) itself needs pango, which chromium already pulls in.
    if [ "$(id -u)" = "0" ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation >/dev/null
    else
        echo "Installér Debians poppler-utils (sudo apt-get install poppler-utils) for at køre bilagstestene." >&2
        exit 1
    fi
fi
uv_run sync --frozen --quiet
source scripts/postgres_for_tests.sh
uv_run run --frozen ruff check .
uv_run run --frozen ruff format --check .
# Both cores (pytest-xdist). --dist loadfile keeps each test module on one worker, in its order,
# so a module's dashboard servers are started once and its tests keep their order; each worker has
# its own sample round, browser, temporary folders, ports and PostgreSQL databases. The 15
# slowest tests are listed last.
uv_run run --frozen pytest -n "${SCREENING_TEST_WORKERS:-2}" --dist loadfile --durations=15 "$@"

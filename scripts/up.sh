#!/usr/bin/env bash
# README command 1: install what is needed, build the gross list from the templates in
# data/templates into data/warehouse.duckdb, and start the dashboard and the Dagster UI.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure_uv.sh
uv_sync
exec python3 -m uv run --frozen screening up "$@"

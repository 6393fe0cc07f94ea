#!/usr/bin/env bash
# One command for the checks CI runs: set up (with chromium for the browser tests and PostgreSQL for the
# PostgreSQL store tests), lint (ruff), layering (import-linter), tests (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-browser.sh
bash scripts/setup-postgres.sh
.venv/bin/ruff check src tests benchmarks scripts fuzz
.venv/bin/lint-imports
exec .venv/bin/pytest "$@"

#!/usr/bin/env bash
# One command for the checks CI runs: set up, lint (ruff), layering (import-linter), tests (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/lint-imports
exec .venv/bin/pytest "$@"

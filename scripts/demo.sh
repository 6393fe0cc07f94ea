#!/usr/bin/env bash
# One command for a newcomer: set up, then ingest the bundled seed report into SQLite and show its claims.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/claimgraph demo "$@"

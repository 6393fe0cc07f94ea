#!/usr/bin/env bash
# Regenerate requirements.lock (pinned, with hashes) from pyproject.toml's pins. Run after changing deps.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev --extra distributed --strip-extras \
  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

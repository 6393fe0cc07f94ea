#!/usr/bin/env bash
# Set up (or refresh) .venv with the locked, hash-checked dependencies and claimgraph itself, and the web
# workbench's front-end libraries (cytoscape and swagger-ui, from package-lock.json with integrity hashes) in
# src/claimgraph/web/static/vendor. Needs python3 (3.11+) with venv and pip; npm (installed from Debian's
# packages when missing and run as root). Safe to run again: it only installs what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "claimgraph needs Python 3.11 or newer")'
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.claimgraph-lock
want=$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  # --no-deps: the lock lists every package, so pip installs exactly those and resolves nothing. Resolving
  # broke once a newer smart-open was published: the lock strips extras (weasel needs smart-open[http]),
  # and pip 23.2 then picked the newest release for the extra and refused it as unpinned. pip check
  # then confirms that what was installed satisfies every package's requirements.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
    -r requirements.lock
  .venv/bin/python -m pip check
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
fi

vendor=src/claimgraph/web/static/vendor
web_want=$(sha256sum package-lock.json | cut -c1-16)
if [ "$(cat "$vendor/.lock" 2>/dev/null)" != "$web_want" ]; then
  if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing nodejs and npm from Debian's packages" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  if command -v npm >/dev/null; then
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    mkdir -p "$vendor"
    cp node_modules/cytoscape/dist/cytoscape.min.js "$vendor/"
    cp node_modules/cytoscape/LICENSE "$vendor/cytoscape.LICENSE"
    cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css "$vendor/"
    cp node_modules/swagger-ui-dist/LICENSE "$vendor/swagger-ui.LICENSE"
    echo "$web_want" > "$vendor/.lock"
  else
    echo "setup: npm not found; the web workbench's network view will be unavailable (lists still work)" >&2
  fi
fi

#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (Playwright drives it headless), when it is missing and
# we are root. The tests find it at /usr/bin/chromium, or at $CLAIMGRAPH_CHROMIUM.
set -euo pipefail
if command -v chromium >/dev/null || [ -n "${CLAIMGRAPH_CHROMIUM:-}" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "setup: installing chromium from Debian's packages for the browser tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "setup: chromium not found and not root: browser tests will be skipped (CI fails them)" >&2
fi

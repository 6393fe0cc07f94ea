#!/usr/bin/env bash
# Install Debian's PostgreSQL server for the PostgreSQL store tests, when it is missing and we are root. The
# tests start a throwaway server of their own (as the postgres OS user, on a free loopback port) and stop it
# at the end; CLAIMGRAPH_TEST_PG (a postgresql:// URL) points them at an existing server instead.
set -euo pipefail
if [ -n "${CLAIMGRAPH_TEST_PG:-}" ] || command -v initdb >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "setup: installing postgresql from Debian's packages for the PostgreSQL store tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # the package starts a cluster of its own; the tests do not use it
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters -h | while read -r version cluster _; do pg_ctlcluster "$version" "$cluster" stop || true; done
  fi
else
  echo "setup: PostgreSQL not found and not root: PostgreSQL tests will be skipped (CI fails them)" >&2
fi

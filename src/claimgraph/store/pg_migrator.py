"""PostgreSQL schema migrations: numbered SQL files in ``migrations/postgresql/``, tracked in a version table.

File ``NNNN`` gives the schema of the SQLite migration of the same number (same tables, columns, indexes and
views), so both engines are at one version. Pending migrations are applied in one transaction under a
transaction-level advisory lock: two processes opening a new database at once do not both migrate it (the
second waits, then finds nothing left to do), and a failure leaves the database at the previous version.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from ..errors import StoreError
from .migrator import Migration, latest_version

__all__ = ["MIGRATE_LOCK", "VERSION_TABLE", "load_pg_migrations", "migrate_pg", "pg_schema_version"]

MIGRATE_LOCK = 0x434C4747_0001
"""The advisory lock key migrations hold ("CLGG", 1)."""

VERSION_TABLE = "claimgraph_schema"

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@cache
def load_pg_migrations() -> tuple[Migration, ...]:
    """Every bundled PostgreSQL migration, in version order: 1, 2, 3 … up to the SQLite schema's version."""
    folder = resources.files("claimgraph.store").joinpath("migrations", "postgresql")
    found = sorted((Migration(int(m.group(1)), entry.name, entry.read_text(encoding="utf-8"))
                    for entry in folder.iterdir() if (m := _NAME.match(entry.name))), key=lambda mig: mig.version)
    for expected, mig in enumerate(found, start=1):
        if mig.version != expected:
            raise StoreError(f"migration postgresql/{mig.name}: expected version {expected:04d}")
    if len(found) != latest_version():
        raise StoreError(f"the PostgreSQL migrations stop at version {len(found)}, the SQLite ones at "
                         f"{latest_version()}: every schema change needs both")
    return tuple(found)


def pg_schema_version(conn: Any) -> int:
    """The database's schema version (0 for a database claimgraph has not migrated)."""
    if conn.execute("SELECT to_regclass(?) IS NULL", (VERSION_TABLE,)).fetchone()[0]:
        return 0
    return int(conn.execute(f"SELECT COALESCE(MAX(version), 0) FROM {VERSION_TABLE}").fetchone()[0])


def _check_ours(conn: Any, where: str) -> int:
    version = pg_schema_version(conn)
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0]
        if tables:
            raise StoreError(f"{where}: a PostgreSQL database (schema {_schema(conn)}) that is not a claimgraph "
                             "database: it has tables but no claimgraph schema version")
    elif version > latest_version():
        raise StoreError(f"{where}: schema version {version} is newer than this claimgraph knows "
                         f"({latest_version()}); upgrade claimgraph")
    return version


def _schema(conn: Any) -> str:
    return str(conn.execute("SELECT current_schema()").fetchone()[0])


def migrate_pg(conn: Any, where: str = "database") -> list[int]:
    """Bring the schema up to date; return the versions applied (empty when already current).

    ``conn`` is a :class:`claimgraph.store.postgres.PgConnection` outside a transaction. Raises
    :class:`StoreError` for a database that is not ours or that a newer claimgraph has migrated.
    """
    if _check_ours(conn, where) == latest_version():
        return []
    applied: list[int] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATE_LOCK,))
        current = _check_ours(conn, where)  # another process may have migrated while we waited for the lock
        conn.execute(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version integer PRIMARY KEY, "
                     "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        for mig in load_pg_migrations():
            if mig.version <= current:
                continue
            conn.script(mig.sql)
            conn.execute(f"INSERT INTO {VERSION_TABLE} (version, name) VALUES (?, ?)", (mig.version, mig.name))
            applied.append(mig.version)
    return applied

"""Schema migrations: numbered SQL files applied in order, tracked with ``PRAGMA user_version``.

A migration is ``migrations/NNNN_name.sql``; file ``NNNN`` brings the schema to version ``NNNN``. Each runs
in one ``BEGIN IMMEDIATE`` transaction together with its ``PRAGMA user_version`` bump, so a failure leaves
the database at the previous version and two processes opening a new database do not both migrate it.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import StoreError

__all__ = ["APPLICATION_ID", "Migration", "latest_version", "load_migrations", "migrate", "schema_version"]

APPLICATION_ID = 0x434C4747
"""``PRAGMA application_id`` of a claimgraph database ("CLGG"), set by the first migration."""

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    """One numbered schema migration."""

    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The SQL split into complete statements (triggers with inner semicolons kept whole)."""
        out: list[str] = []
        buf = ""
        for line in self.sql.splitlines(keepends=True):
            buf += line
            if sqlite3.complete_statement(buf):
                stmt = buf.strip()
                if _strip_comments(stmt):
                    out.append(stmt)
                buf = ""
        if _strip_comments(buf).strip():
            raise StoreError(f"migration {self.name}: incomplete SQL statement at the end")
        return out


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines()).strip().rstrip(";").strip()


@cache
def load_migrations() -> tuple[Migration, ...]:
    """Every bundled migration, in version order; versions must run 1, 2, 3 … without gaps."""
    folder = resources.files("claimgraph.store").joinpath("migrations")
    found: list[Migration] = []
    for entry in folder.iterdir():
        m = _NAME.match(entry.name)
        if m:
            found.append(Migration(int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda mig: mig.version)
    for expected, mig in enumerate(found, start=1):
        if mig.version != expected:
            raise StoreError(f"migration {mig.name}: expected version {expected:04d} (no gaps or duplicates)")
    return tuple(found)


def latest_version() -> int:
    """The schema version this code knows."""
    migrations = load_migrations()
    return migrations[-1].version if migrations else 0


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's ``PRAGMA user_version``."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _check_ours(conn: sqlite3.Connection, where: str) -> None:
    version = schema_version(conn)
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise StoreError(f"{where}: an SQLite database that is not a claimgraph database")
        return
    if app_id != APPLICATION_ID:
        raise StoreError(f"{where}: an SQLite database that is not a claimgraph database")
    if version > latest_version():
        raise StoreError(f"{where}: schema version {version} is newer than this claimgraph knows "
                         f"({latest_version()}); upgrade claimgraph")


def migrate(conn: sqlite3.Connection, where: str = "database") -> list[int]:
    """Bring the schema up to date; return the versions applied (empty when already current).

    ``conn`` must be in autocommit mode (``isolation_level=None``). Raises :class:`StoreError` for a
    database that is not ours or that a newer claimgraph has migrated.
    """
    _check_ours(conn, where)
    applied: list[int] = []
    for mig in load_migrations():
        if mig.version <= schema_version(conn):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            _check_ours(conn, where)  # another process may have migrated while we waited for the lock
            if mig.version <= schema_version(conn):
                conn.execute("ROLLBACK")
                continue
            for stmt in mig.statements():
                conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {mig.version:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(mig.version)
    return applied

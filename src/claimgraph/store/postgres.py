"""The PostgreSQL engine: ``Store.open("postgresql://user:password@host:port/dbname")``.

:class:`PgConnection` runs the store's ``?``-parameterised SQL through psycopg (placeholders translated
outside string literals, ``%`` escaped), in autocommit mode outside write transactions. Every write
transaction first takes one advisory lock (:data:`WRITE_LOCK`), so writers from several processes are
serialised exactly as SQLite's write lock serialises them: entity linking, near-duplicate checks and the
ledger refresh each see every document stored before, never a half-written one, and concurrent ingests end
with the ledger a sequential ingest gives. Readers never wait. A transaction that still fails with a
serialization failure or a deadlock is retried. A writer waits for the lock at most the busy timeout
(``lock_timeout``, as SQLite's ``busy_timeout``: ``Store.open(busy_timeout=…)``, ``--busy-timeout``,
``CLAIMGRAPH_BUSY_TIMEOUT``, 30 s by default), tries again a few times after backing off, then fails with a
:class:`StoreError` saying another writer holds it, having written nothing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus

from ..errors import StoreError
from .engine import Conn, Engine, T, redact
from .migrator import latest_version
from .pg_migrator import migrate_pg, pg_schema_version

__all__ = ["CONNECT_TIMEOUT_S", "WRITE_LOCK", "PgConnection", "PgCursor", "PostgresEngine", "open_postgres",
           "placeholders"]

CONNECT_TIMEOUT_S = 10
WRITE_LOCK = 0x434C4747_0002
"""The advisory lock key every write transaction holds ("CLGG", 2)."""

_RETRIES = 5
_RETRYABLE = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)
_LOCK_RETRIES = 3  # as SQLite's: after waiting one timeout in vain, sleep 0.5 s, 1 s, 2 s and try again
_BACKOFF_S = 0.5

LOCKED = ("the database is locked by another writer: retry when it has finished, or wait longer with "
          "--busy-timeout SECONDS (CLAIMGRAPH_BUSY_TIMEOUT)")
"""What a write that could not have the write lock in time says."""


@lru_cache(maxsize=2048)
def placeholders(sql: str) -> str:
    """``sql`` with each ``?`` outside string literals and quoted names turned into psycopg's ``%s`` (and
    every ``%`` doubled, as psycopg reads it)."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if ch == "%":
            out.append("%%")
        elif quote:
            out.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        else:
            out.append("%s" if ch == "?" else ch)
    return "".join(out)


class PgCursor:
    """A statement's result, as ``sqlite3.Cursor`` gives it: no rows (not an error) for a statement without."""

    def __init__(self, cur: psycopg.Cursor[Any]) -> None:
        self._cur = cur
        self.rowcount = cur.rowcount

    def fetchone(self) -> Any:
        return self._cur.fetchone() if self._cur.description is not None else None

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall() if self._cur.description is not None else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgConnection:
    """A psycopg connection with the ``sqlite3.Connection`` methods the store uses (``?`` placeholders)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.raw = conn

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> PgCursor:
        return PgCursor(self.raw.execute(placeholders(sql), list(parameters)))

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> None:
        rows = [list(r) for r in parameters]
        if rows:
            with self.raw.cursor() as cur:
                cur.executemany(placeholders(sql), rows)

    def script(self, sql: str) -> None:
        """Run several statements without parameters (a migration file) in one round trip."""
        self.raw.execute(sql.encode("utf-8"))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A transaction: committed when the block ends, rolled back when it raises."""
        with self.raw.transaction():
            yield

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, pg_errors.LockNotAvailable):
        return LOCKED
    msg = str(exc).strip()
    first = next((line.strip() for line in msg.splitlines() if line.strip()), type(exc).__name__)
    first = first.removeprefix("connection failed: ")
    if "Connection refused" in first:
        where = re.search(r'server at "([^"]+)"(?:[^,]*), port (\d+)', first)
        at = f" at {where.group(1)}:{where.group(2)}" if where else ""
        return f"cannot connect: connection refused{at} (is the PostgreSQL server running?)"
    if "password authentication failed" in first:
        user = re.search(r'for user "([^"]*)"', first)
        return f"wrong password for user {user.group(1) if user else '?'} (password authentication failed)"
    if "no password supplied" in first:
        return "the server wants a password: give it in the URL (postgresql://user:password@host/db) or PGPASSWORD"
    if re.search(r'database "[^"]*" does not exist', first):
        return first.split("failed: ", 1)[-1] + " (create it first: createdb, or CREATE DATABASE)"
    if isinstance(exc, psycopg.ProgrammingError) and ("invalid" in first or "missing" in first):
        return f"not a valid PostgreSQL URL ({first})"
    return first


class PostgresEngine(Engine):
    """An open PostgreSQL database."""

    name = "postgresql"
    errors = (psycopg.Error,)
    conn: PgConnection

    def reason(self, exc: Exception) -> str:
        return _reason(exc)

    def __init__(self, conn: PgConnection, where: str, lock_timeout: float = 30.0) -> None:
        super().__init__(conn, where)
        self.lock_timeout = lock_timeout

    def write(self, work: Callable[[Conn], T]) -> T:
        waits = 0
        for attempt in range(_RETRIES + _LOCK_RETRIES):
            try:
                with self.conn.transaction():
                    self.conn.execute(f"SET LOCAL lock_timeout = {max(1, round(self.lock_timeout * 1000))}")
                    self.conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
                    self.conn.execute("SET LOCAL lock_timeout = 0")  # the work itself never waits on a lock
                    return work(self.conn)
            except pg_errors.LockNotAvailable:
                if waits == _LOCK_RETRIES:
                    raise
                time.sleep(_BACKOFF_S * 2 ** waits)
                waits += 1
            except _RETRYABLE:
                if attempt - waits >= _RETRIES - 1:
                    raise
                time.sleep(0.05 * 2 ** (attempt - waits))
        raise AssertionError("unreachable")

    def search(self, text: str, limit: int) -> list[Any]:
        rows = self.conn.execute(_SEARCH, (text, int(limit))).fetchall()
        # ts_headline marks each word; a phrase reads as one mark, as FTS5's snippet gives it
        return [(*r[:4], re.sub(r"\](\s+)\[", r"\1", r[4] or ""), float(r[5])) for r in rows]

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction


_DOC_TEXT = "coalesce(d.title, '') || ' ' || d.text"
_HEADLINE = "'StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=1, MaxFragments=1, FragmentDelimiter=…'"
_SEARCH = (
    "WITH q AS (SELECT phraseto_tsquery('claimgraph_text', ?) AS q) "
    "SELECT 'document' AS kind, d.id, d.name, NULL AS claim_id, "
    f"ts_headline('claimgraph_text', {_DOC_TEXT}, q.q, {_HEADLINE}), "
    f"-ts_rank(to_tsvector('claimgraph_text', {_DOC_TEXT}), q.q) AS score "
    f"FROM documents d, q WHERE to_tsvector('claimgraph_text', {_DOC_TEXT}) @@ q.q "
    "UNION ALL "
    "SELECT 'evidence' AS kind, d.id, d.name, e.claim_id, "
    f"ts_headline('claimgraph_text', e.text, q.q, {_HEADLINE}), "
    "-ts_rank(to_tsvector('claimgraph_text', e.text), q.q) AS score "
    "FROM evidence e JOIN documents d ON d.id = e.doc_id, q WHERE to_tsvector('claimgraph_text', e.text) @@ q.q "
    "ORDER BY score, kind, 2, 4 LIMIT ?")
"""The user's words become one phrase query (phraseto_tsquery: no operators); ts_rank is negated so that,
as with bm25, lower is better."""


def _check_url(url: str, where: str) -> None:
    """A :class:`StoreError` for a URL libpq would misread (a port that is not a number, bad options)."""
    try:
        _ = urlsplit(url).port  # raises ValueError for a port that is not a number
        conninfo_to_dict(url)
    except (ValueError, psycopg.ProgrammingError) as e:
        detail = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise StoreError(f"{where}: not a valid PostgreSQL URL ({detail}); expected "
                         "postgresql://user:password@host:port/dbname") from None


def open_postgres(url: str, read_only: bool = False, lock_timeout: float = 30.0) -> PostgresEngine:
    """Connect to the database at ``url`` and migrate it (or, ``read_only``, check it is current); a write
    waits ``lock_timeout`` seconds for another writer's lock before it backs off and tries again."""
    where = redact(url)
    _check_url(url, where)
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                              application_name="claimgraph")
    except psycopg.Error as e:
        raise StoreError(f"{where}: {_reason(e)}") from None
    conn = PgConnection(raw)
    try:
        conn.execute("SET client_min_messages = warning")  # not a NOTICE per empty search
        if read_only:
            conn.execute("SET default_transaction_read_only = on")
            version = pg_schema_version(conn)
            if version == 0:
                raise StoreError(f"{where}: not a claimgraph database yet (build one with `claimgraph ingest`)")
            if version != latest_version():
                raise StoreError(f"{where}: schema version {version}, this claimgraph reads {latest_version()}: "
                                 "open it once for writing (`claimgraph ingest` migrates it)")
        else:
            migrate_pg(conn, where)
    except psycopg.Error as e:
        conn.close()
        raise StoreError(f"{where}: {_reason(e)}") from None
    except BaseException:
        conn.close()
        raise
    return PostgresEngine(conn, where, lock_timeout)

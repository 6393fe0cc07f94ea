"""The embedded SQLite engine: one file, WAL mode, foreign keys on, FTS5 search.

A busy timeout lets concurrent readers and writers wait for each other; a write transaction is
``BEGIN IMMEDIATE``, so writers are serialised by SQLite's own write lock. A writer that cannot have the lock
within the busy timeout tries again a few times, backing off, before it gives up with a one-line
:class:`StoreError` ("the database is locked by another process …"); nothing of that write is done then.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .engine import BUSY_TIMEOUT_ENV, BUSY_TIMEOUT_S, Conn, Engine, T, busy_timeout
from .ledger import backfill_ledger
from .linker import backfill_blocks
from .migrator import latest_version, migrate, schema_version
from .records import fts_quote

__all__ = ["BUSY_TIMEOUT_ENV", "BUSY_TIMEOUT_S", "LOCK_RETRIES", "SqliteEngine", "busy_timeout", "open_sqlite"]

WAL_CHECKPOINT_PAGES = 10_000
"""A writer checkpoints the write-ahead log into the database every this many pages (about 40 MB), not
SQLite's default 1,000: one document writes tens of pages, and fewer, larger checkpoints make a bulk ingest
faster (measured: 17% on 1,000 reports) without changing what a crash can lose (a commit is in the log)."""

CACHE_KIB = 65_536
"""Page cache per connection, in KiB (SQLite's default is 2 MiB). It also bounds the memory SQLite sorts and
de-duplicates in before spilling to temporary files: an entity's thousands of claims put in publication order
(issue 8) took 3x longer with the default on a million claims."""

LOCK_RETRIES = 3
"""How many more times a write tries for the lock after waiting one busy timeout in vain; it sleeps
0.5 s, 1 s, 2 s in between. SQLite also answers "locked" without waiting at all in a few cases (a reader
recovering the log after a crash), which only a retry gets past."""

_BACKOFF_S = 0.5

LOCKED = ("the database is locked by another process: retry when it has finished, or wait longer with "
          f"--busy-timeout SECONDS ({BUSY_TIMEOUT_ENV})")
"""What a write that could not have the lock says."""


def _locked(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "database is locked" in str(exc)


def _reason(exc: BaseException) -> str:
    msg = str(exc)
    if "file is not a database" in msg:
        return "not an SQLite database"
    if "unable to open database file" in msg:
        return "cannot open or create the database here (missing folder, or no permission)"
    if "readonly database" in msg or "read-only" in msg:
        return "the database or its folder is read-only"
    if "database is locked" in msg or "database table is locked" in msg:
        return LOCKED
    return msg.splitlines()[0] if msg else type(exc).__name__


_SEARCH = (  # ?1 the FTS5 phrase, ?2 the limit
    # every match of both indexes, ranked (bm25 of each match is the part that grows with the matches) …
    "WITH hits AS ("
    "SELECT 'document' AS kind, rowid AS rid, bm25(documents_fts) AS score FROM documents_fts "
    "WHERE documents_fts MATCH ?1 "
    "UNION ALL SELECT 'evidence', rowid, bm25(evidence_fts) FROM evidence_fts WHERE evidence_fts MATCH ?1), "
    # … the limit-th best score: only matches as good as it can be in the answer …
    "cut AS (SELECT COALESCE((SELECT score FROM hits ORDER BY score LIMIT 1 OFFSET ?2 - 1), 1e308) AS score), "
    # … those get their document and claim ids, which break ties between equal scores …
    "ranked AS ("
    "SELECT 'document' AS kind, t.rid, d.id AS doc_id, d.name, NULL AS claim_id, t.score FROM hits t "
    "JOIN documents d ON d.seq = t.rid WHERE t.kind = 'document' AND t.score <= (SELECT score FROM cut) "
    "UNION ALL "
    "SELECT 'evidence', t.rid, d.id, d.name, e.claim_id, t.score FROM hits t JOIN evidence e ON e.id = t.rid "
    "JOIN documents d ON d.id = e.doc_id WHERE t.kind = 'evidence' AND t.score <= (SELECT score FROM cut) "
    "ORDER BY score, kind, doc_id, claim_id LIMIT ?2) "
    # … and only the answer's rows get a snippet (looked up by rowid: CROSS JOIN keeps them the outer loop)
    "SELECT r.kind, r.doc_id, r.name, r.claim_id, snippet(documents_fts, -1, '[', ']', '…', 16), r.score "
    "FROM ranked r CROSS JOIN documents_fts ON documents_fts.rowid = r.rid "
    "WHERE r.kind = 'document' AND documents_fts MATCH ?1 "
    "UNION ALL "
    "SELECT r.kind, r.doc_id, r.name, r.claim_id, snippet(evidence_fts, 0, '[', ']', '…', 16), r.score "
    "FROM ranked r CROSS JOIN evidence_fts ON evidence_fts.rowid = r.rid "
    "WHERE r.kind = 'evidence' AND evidence_fts MATCH ?1 "
    "ORDER BY 6, 1, 2, 4")
"""Full-text search, best matches first (bm25; then documents before evidence, by document and claim id). A
snippet costs more than ranking a match, and a common word matches thousands: making one for every match
cost 2-3x the ranking (a 100,000-claim database: "Iran" 20 -> 6 ms, "Hezbollah" 16 -> 7 ms)."""


class SqliteEngine(Engine):
    """An open SQLite database file (or ``:memory:``)."""

    name = "sqlite"
    errors = (sqlite3.Error,)
    conn: sqlite3.Connection
    index_evidence_sql = "INSERT INTO evidence_fts (rowid, text) SELECT id, text FROM evidence WHERE doc_id = ?"
    """One statement a document, not a trigger a row (migration 0011): half the cost of indexing evidence."""

    def reason(self, exc: Exception) -> str:
        return _reason(exc)

    def write(self, work: Callable[[Conn], T]) -> T:
        conn = self.conn
        for attempt in range(LOCK_RETRIES + 1):
            try:
                conn.execute("BEGIN IMMEDIATE")  # waits up to the busy timeout for the write lock
                break
            except sqlite3.OperationalError as e:
                if attempt == LOCK_RETRIES or not _locked(e):
                    raise
                time.sleep(_BACKOFF_S * 2 ** attempt)
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    def search(self, text: str, limit: int) -> list[Any]:
        query = fts_quote(text)  # one FTS5 phrase: the user's words are data, never query syntax
        return self.conn.execute(_SEARCH, (query, int(limit))).fetchall()

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction


def _open_read_only(where: str, timeout: float) -> sqlite3.Connection:
    if not Path(where).is_file():
        raise StoreError(f"{where}: no such database (build one with `claimgraph ingest` or `claimgraph demo`)")
    try:
        conn = sqlite3.connect(f"{Path(where).resolve().as_uri()}?mode=ro", uri=True, timeout=timeout,
                               isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        version = schema_version(conn)
    except sqlite3.Error as e:
        raise StoreError(f"{where}: {_reason(e)}") from None
    if version != latest_version():
        conn.close()
        raise StoreError(f"{where}: schema version {version}, this claimgraph reads {latest_version()}: "
                         "open it once for writing (`claimgraph ingest` migrates it)")
    return conn


def open_sqlite(where: str, read_only: bool = False, timeout: float | None = None) -> SqliteEngine:
    """Open (creating if needed) and migrate the SQLite database at ``where``; see :meth:`Store.open`.
    ``timeout``: the busy timeout in seconds (see :func:`busy_timeout`)."""
    if where != ":memory:" and Path(where).is_dir():
        raise StoreError(f"{where}: is a folder, not a database file")
    timeout = busy_timeout(timeout)
    if read_only:
        return SqliteEngine(_open_read_only(where, timeout), where)
    try:
        conn = sqlite3.connect(where, timeout=timeout, isolation_level=None)
    except sqlite3.Error as e:
        raise StoreError(f"{where}: {_reason(e)}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if where != ":memory:" and str(mode).lower() != "wal":
            raise StoreError(f"{where}: cannot switch the database to WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        migrate(conn, where)
        backfill_blocks(conn)  # databases older than the PostgreSQL support need these; new ones never do
        backfill_ledger(conn)
    except sqlite3.Error as e:
        conn.close()
        raise StoreError(f"{where}: {_reason(e)}") from None
    except BaseException:
        conn.close()
        raise
    return SqliteEngine(conn, where)

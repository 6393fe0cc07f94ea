"""The embedded SQLite store: documents, entities, claims and evidence, with full-text search.

One file, WAL mode, foreign keys on, a busy timeout for concurrent readers and writers. Every document is
written in one transaction together with its claims; ids are content hashes, so ingesting the same
document again changes nothing, and re-ingesting it after the extractor improved replaces its claims.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import StoreError
from ..model import Claim, Document, Mention, normalise_name
from .dedupe import find_original, index_document, signature
from .edges import edge_rows
from .ledger import backfill_ledger, refresh_ledger
from .linker import backfill_blocks, link_claims
from .migrator import latest_version, migrate, schema_version
from .paragraphs import claim_origins, index_paragraphs
from .records import (
    CLAIM_ORDER,
    DOCUMENT_COLUMNS,
    AddResult,
    SearchHit,
    claim_rows,
    document_from_row,
    document_row,
    entity_rows,
    fts_quote,
    mention_name_rows,
    merge_duplicates,
)

__all__ = ["BUSY_TIMEOUT_S", "CLAIM_ORDER", "Store"]

BUSY_TIMEOUT_S = 30.0
"""How long a write waits for another process's write lock before failing."""

_DOC_UPDATE = ("name", "title", "url", "outlet", "published", "published_source", "origin", "format")


def _reason(exc: sqlite3.Error) -> str:
    msg = str(exc)
    if "file is not a database" in msg:
        return "not an SQLite database"
    if "unable to open database file" in msg:
        return "cannot open or create the database here (missing folder, or no permission)"
    if "readonly database" in msg or "read-only" in msg:
        return "the database or its folder is read-only"
    if "database is locked" in msg:
        return "the database is locked by another process"
    return msg.splitlines()[0] if msg else type(exc).__name__


def _open_read_only(where: str) -> sqlite3.Connection:
    if not Path(where).is_file():
        raise StoreError(f"{where}: no such database (build one with `claimgraph ingest` or `claimgraph demo`)")
    try:
        conn = sqlite3.connect(f"{Path(where).resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                               isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA query_only = ON")
        version = schema_version(conn)
    except sqlite3.Error as e:
        raise StoreError(f"{where}: {_reason(e)}") from None
    if version != latest_version():
        conn.close()
        raise StoreError(f"{where}: schema version {version}, this claimgraph reads {latest_version()}: "
                         "open it once for writing (`claimgraph ingest` migrates it)")
    return conn


class Store:
    """A claimgraph database. Open with :meth:`open` (a context manager); close with :meth:`close`."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self.path = path

    # -- opening and closing ------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> Store:
        """Open (creating if needed) and migrate the database at ``path`` (``":memory:"`` works too).

        With ``read_only`` the file must exist and be at the current schema; nothing is ever written
        through the connection (the web workbench reads this way).

        Raises :class:`StoreError` with a one-line message for a file that is not an SQLite database, a
        location that cannot be written, or a database a newer claimgraph has migrated.
        """
        where = str(path)
        if where != ":memory:" and Path(where).is_dir():
            raise StoreError(f"{where}: is a folder, not a database file")
        if read_only:
            return cls(_open_read_only(where), where)
        try:
            conn = sqlite3.connect(where, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"{where}: {_reason(e)}") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if where != ":memory:" and str(mode).lower() != "wal":
                raise StoreError(f"{where}: cannot switch the database to WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn, where)
            backfill_blocks(conn)
            backfill_ledger(conn)
        except sqlite3.Error as e:
            conn.close()
            raise StoreError(f"{where}: {_reason(e)}") from None
        except BaseException:
            conn.close()
            raise
        return cls(conn, where)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @property
    def connection(self) -> sqlite3.Connection:
        """The SQLite connection, for the read-only SQL of :mod:`claimgraph.query`."""
        return self._conn

    def read(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        """Rows of a parameterised read-only query; for :mod:`claimgraph.query` (never user SQL)."""
        return self._read(sql, params)

    def _read(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: {_reason(e)}") from None

    # -- writing ------------------------------------------------------------------------------------
    def add(self, document: Document, claims: Sequence[Claim], mentions: Sequence[Mention] = (),
            extracted_by: str | None = None) -> AddResult:
        """Store a document and its claims in one transaction; replaces the claims it had before.

        ``mentions`` add the surface names the claims' entities were seen under ("Tehran" for Iran).
        ``extracted_by`` records what extracted the claims (see :meth:`extraction_marks`), when given.

        Claims sharing an id are merged (their evidence united). Adding exactly what is stored already
        writes nothing (``AddResult.changed`` is False).
        """
        doc_id = document.id
        for claim in claims:
            if claim.doc_id != doc_id:
                raise StoreError(f"{self.path}: claim {claim.id} belongs to document {claim.doc_id}, "
                                 f"not to {document.name} ({doc_id})")
        merged = merge_duplicates(claims)
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = self._add(document, doc_id, merged, mentions)
                if extracted_by is not None:
                    conn.execute("UPDATE documents SET extracted_by = ? WHERE id = ? AND extracted_by IS NOT ?",
                                 (extracted_by, doc_id, extracted_by))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot store {document.name}: {_reason(e)}") from None
        return result

    def _add(self, document: Document, doc_id: str, claims: list[Claim],
             mentions: Sequence[Mention] = ()) -> AddResult:
        conn = self._conn
        row = document_row(document)
        new = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None
        cols = ", ".join(DOCUMENT_COLUMNS)
        changed_doc = " OR ".join(f"{c} IS NOT excluded.{c}" for c in _DOC_UPDATE)
        conn.execute(
            f"INSERT INTO documents ({cols}) VALUES ({', '.join(':' + c for c in DOCUMENT_COLUMNS)}) "
            f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _DOC_UPDATE)} "
            f"WHERE {changed_doc}", row)
        doc_changed = conn.execute("SELECT changes()").fetchone()[0] > 0
        if new:  # a syndicated copy or repost points to its original
            sig = signature(document.text)
            original = find_original(conn, doc_id, sig)
            if original is not None:
                conn.execute("UPDATE documents SET copy_of = ? WHERE id = ?", (original, doc_id))
            else:  # paragraphs copied from earlier documents into this otherwise different one
                index_paragraphs(conn, doc_id, document.text)
            index_document(conn, doc_id, sig)
        claims, links = link_claims(conn, claims, doc_id)
        claims = merge_duplicates(claims)
        stored = dict(conn.execute("SELECT id, json FROM claims WHERE doc_id = ?", (doc_id,)).fetchall())
        rows = [claim_rows(c) for c in claims]
        if stored == {r.claim[0]: r.claim[-1] for r in rows}:
            return AddResult(doc_id, new, len(claims), changed=new or doc_changed)
        old_entities = {r[0] for r in conn.execute(
            "SELECT a.entity_id FROM claim_args a JOIN claims c ON c.id = a.claim_id "
            "WHERE c.doc_id = ? AND a.entity_id IS NOT NULL "
            "UNION SELECT s.entity_id FROM claim_sources s JOIN claims c ON c.id = s.claim_id "
            "WHERE c.doc_id = ? "
            "UNION SELECT source_entity_id FROM claims WHERE doc_id = ? AND source_entity_id IS NOT NULL",
            (doc_id, doc_id, doc_id))}
        old_keys = {r[0] for r in conn.execute("SELECT DISTINCT ledger_key FROM claims WHERE doc_id = ?", (doc_id,))}
        conn.execute("DELETE FROM claims WHERE doc_id = ?", (doc_id,))
        entities, names = entity_rows(claims)
        conn.executemany("INSERT INTO entities (id, name, kind, kb_id, block) VALUES (?, ?, ?, ?, ?) "
                         "ON CONFLICT (id) DO NOTHING", entities)
        conn.executemany("INSERT OR IGNORE INTO entity_names (entity_id, name, name_key) VALUES (?, ?, ?)",
                         names + mention_name_rows(mentions, {e[0] for e in entities})
                         + [(eid, name, normalise_name(name)) for eid, name, *_ in links])
        conn.executemany(
            "INSERT INTO claims (id, doc_id, type, status, source_entity_id, time_value, time_text, "
            "statement_time_value, confidence, first_start, ledger_key, json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [r.claim for r in rows])
        conn.executemany("INSERT INTO claim_args (claim_id, role, position, entity_id, value) "
                         "VALUES (?, ?, ?, ?, ?)", [a for r in rows for a in r.args])
        conn.executemany("INSERT INTO claim_sources (claim_id, position, entity_id) VALUES (?, ?, ?)",
                         [s for r in rows for s in r.sources])
        conn.executemany('INSERT INTO evidence (claim_id, doc_id, start, "end", text) VALUES (?, ?, ?, ?, ?)',
                         [e for r in rows for e in r.evidence])
        conn.executemany("INSERT OR IGNORE INTO claim_edges (claim_id, source, target, type, status, day, said_by) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", edge_rows(claims, row["published"]))
        conn.executemany("INSERT OR IGNORE INTO entity_links (entity_id, name, reason, score, doc_id) "
                         "VALUES (?, ?, ?, ?, ?)", links)
        self._drop_orphans(old_entities - {e[0] for e in entities})
        seq = conn.execute("SELECT seq FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        refresh_ledger(conn, old_keys | {r.claim[-2] for r in rows}, written_in=seq)
        return AddResult(doc_id, new, len(claims), changed=True)

    def _drop_orphans(self, candidates: set[str]) -> None:
        """Delete the entities among ``candidates`` that no claim refers to any more."""
        for eid in sorted(candidates):
            self._conn.execute(
                "DELETE FROM entities WHERE id = ? "
                "AND NOT EXISTS (SELECT 1 FROM claim_args WHERE entity_id = ?) "
                "AND NOT EXISTS (SELECT 1 FROM claim_sources WHERE entity_id = ?) "
                "AND NOT EXISTS (SELECT 1 FROM claims WHERE source_entity_id = ?)", (eid, eid, eid, eid))

    # -- reading ------------------------------------------------------------------------------------
    def extraction_marks(self, doc_ids: Iterable[str]) -> dict[str, tuple[str | None, int]]:
        """Of ``doc_ids``, those stored: id -> (the ``extracted_by`` recorded by :meth:`add`, or None; how
        many claims the document has). One query per 500 ids; for skipping what an ingest stored already."""
        ids = list(dict.fromkeys(doc_ids))
        found: dict[str, tuple[str | None, int]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            placeholders = ", ".join("?" * len(chunk))
            for doc_id, mark, count in self._read(
                    f"SELECT d.id, d.extracted_by, (SELECT count(*) FROM claims c WHERE c.doc_id = d.id) "
                    f"FROM documents d WHERE d.id IN ({placeholders})", chunk):
                found[doc_id] = (mark, int(count))
        return found

    def documents(self) -> list[Document]:
        """Every stored document, by publication date (undated last), then name."""
        rows = self._read(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents "
                          "ORDER BY published IS NULL, published, name, id")
        return [document_from_row(r) for r in rows]

    def get_document(self, doc_id: str) -> Document | None:
        """The document with this id (or, failing that, this name), or None."""
        cols = ", ".join(DOCUMENT_COLUMNS)
        rows = self._read(f"SELECT {cols} FROM documents WHERE id = ?", (doc_id,)) or \
            self._read(f"SELECT {cols} FROM documents WHERE name = ? ORDER BY id LIMIT 1", (doc_id,))
        return document_from_row(rows[0]) if rows else None

    def claims(self, doc_id: str | None = None, limit: int | None = None) -> list[Claim]:
        """Stored claims (of one document, by id), by publication date then evidence start."""
        where, params = ("WHERE c.doc_id = ?", [doc_id]) if doc_id is not None else ("", [])
        return self.select_claims(where, params, limit)

    def select_claims(self, where: str, params: Sequence[Any], limit: int | None = None,
                      with_: str = "", offset: int = 0) -> list[Claim]:
        """Claims matching a parameterised SQL condition over ``claims c JOIN documents d``.

        For :mod:`claimgraph.query`: ``where`` and ``with_`` (a leading ``WITH`` clause) are SQL written
        by the caller with ``?`` placeholders only; never put user input in them.
        """
        sql = f"{with_} SELECT c.json FROM claims c JOIN documents d ON d.id = c.doc_id {where} " \
              f"ORDER BY {CLAIM_ORDER}"
        args = list(params)
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            args += [-1 if limit is None else int(limit), int(offset)]
        return [Claim.model_validate_json(r[0]) for r in self._read(sql, args)]

    def originals(self) -> dict[str, str]:
        """Document id -> the id of the original it copies (itself for an original)."""
        return {r[0]: r[1] for r in self._read("SELECT id, COALESCE(copy_of, id) FROM documents")}

    def claim_origins(self, claims: Iterable[Claim]) -> dict[str, str]:
        """Claim id -> the original document, for those of ``claims`` stated wholly inside paragraphs copied
        from an earlier document (for :func:`claimgraph.query.build_ledger`'s ``origins``)."""
        try:
            return claim_origins(self._conn, claims)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: {_reason(e)}") from None

    def rebuild_ledger(self) -> int:
        """Recompute every stored ledger entry from the stored claims (one transaction); returns how many
        entries were written. Ingest keeps the ledger current; this is for repairs and benchmarks."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                keys = {r[0] for r in conn.execute("SELECT DISTINCT ledger_key FROM claims")}
                keys |= {r[0] for r in conn.execute("SELECT DISTINCT group_key FROM ledger_entries")}
                written = refresh_ledger(conn, keys, written_in=0, everything=True)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot rebuild the ledger: {_reason(e)}") from None
        return written

    def counts(self) -> dict[str, int]:
        """How many documents, claims, entities and evidence spans are stored."""
        out: dict[str, int] = {}
        for table in ("documents", "claims", "entities", "evidence"):
            out[table] = int(self._read(f"SELECT count(*) FROM {table}")[0][0])
        return out

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search of document titles/texts and evidence spans, best matches first.

        ``text`` is matched as one phrase (its words in order, case- and accent-insensitive); it is
        treated as data, never as FTS5 query syntax.
        """
        if not text.strip() or limit <= 0:
            return []
        query = fts_quote(text.replace("\x00", " "))  # FTS5 reads its query as a C string
        rows = self._read(
            "SELECT 'document' AS kind, d.id, d.name, NULL, "
            "snippet(documents_fts, -1, '[', ']', '…', 16), bm25(documents_fts) AS score "
            "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid WHERE documents_fts MATCH ? "
            "UNION ALL "
            "SELECT 'evidence' AS kind, d.id, d.name, e.claim_id, "
            "snippet(evidence_fts, 0, '[', ']', '…', 16), bm25(evidence_fts) AS score "
            "FROM evidence_fts JOIN evidence e ON e.id = evidence_fts.rowid "
            "JOIN documents d ON d.id = e.doc_id "
            "WHERE evidence_fts MATCH ? "
            "ORDER BY score, kind, 2, 4 LIMIT ?", (query, query, int(limit)))
        return [SearchHit(kind=r[0], doc_id=r[1], doc_name=r[2], claim_id=r[3], snippet=r[4], score=r[5])
                for r in rows]

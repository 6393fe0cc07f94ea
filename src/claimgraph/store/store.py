"""The store: documents, entities, claims and evidence, with full-text search, on SQLite or PostgreSQL.

``Store.open`` takes a file path (SQLite, the embedded default) or a ``postgresql://`` URL. Every document is
written in one transaction together with its claims; ids are content hashes, so ingesting the same
document again changes nothing, and re-ingesting it after the extractor improved replaces its claims.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..model import Claim, Document, Mention, claim_from_json, stored_claim
from ..model.signatures import TextSignatures
from .engine import NO_LIMIT, Engine, T, is_url
from .engine import busy_timeout as resolve_busy_timeout
from .ledger import refresh_ledger
from .paragraphs import claim_origins
from .records import (
    CLAIM_ORDER,
    DOCUMENT_COLUMNS,
    ENTITY_CLAIM_ORDER,
    AddResult,
    SearchHit,
    document_from_row,
    merge_duplicates,
)
from .writer import write_documents

if TYPE_CHECKING:
    from .check import Problem

__all__ = ["CLAIM_ORDER", "Store"]

_EC_KEYS = ", ".join(f"ec.{k.strip()}" for k in ENTITY_CLAIM_ORDER.split(","))


class Store:
    """A claimgraph database. Open with :meth:`open` (a context manager); close with :meth:`close`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.path = engine.where
        """Where the database is: the file, or the URL without its password."""

    # -- opening and closing ------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, read_only: bool = False, busy_timeout: float | None = None) -> Store:
        """Open (creating if needed) and migrate the database at ``path``: an SQLite file (``":memory:"``
        works too) or a ``postgresql://user:password@host:port/dbname`` URL.

        With ``read_only`` the database must exist and be at the current schema; nothing is ever written
        through the connection (the web workbench reads this way).

        Raises :class:`StoreError` with a one-line message for a file that is not an SQLite database, a
        location that cannot be written, a server that cannot be reached or refuses the login, or a database
        a newer claimgraph has migrated.

        ``busy_timeout``: how many seconds a write waits for another process's write lock before it
        backs off and tries again (default 30, or ``CLAIMGRAPH_BUSY_TIMEOUT``); after a few tries it fails
        with a :class:`StoreError` saying the database is locked, having written nothing of that document.
        """
        if is_url(path):
            from .postgres import open_postgres  # psycopg loads only for a PostgreSQL database
            return cls(open_postgres(str(path), read_only, resolve_busy_timeout(busy_timeout)))
        from .sqlite import open_sqlite
        return cls(open_sqlite(str(path), read_only, busy_timeout))

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._engine.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @property
    def engine(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.name

    @property
    def connection(self) -> Any:
        """The connection (``?`` placeholders on either engine), for tests and the SQL of :mod:`claimgraph.query`."""
        return self._engine.conn

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of a parameterised read-only query; for :mod:`claimgraph.query` (never user SQL). ``sql``
        is written for both engines, with ``?`` placeholders."""
        return self._guard(lambda: self._engine.conn.execute(sql, params).fetchall())

    def _guard(self, work: Callable[[], T], doing: str = "") -> T:
        try:
            return work()
        except self._engine.errors as e:
            raise StoreError(f"{self.path}: {doing}{self._engine.reason(e)}") from None

    # -- writing ------------------------------------------------------------------------------------
    def add(self, document: Document, claims: Sequence[Claim], mentions: Sequence[Mention] = (),
            extracted_by: str | None = None) -> AddResult:
        """Store a document and its claims in one transaction; replaces the claims it had before.

        ``mentions`` add the surface names the claims' entities were seen under ("Tehran" for Iran).
        ``extracted_by`` records what extracted the claims (see :meth:`extraction_marks`), when given.

        Claims sharing an id are merged (their evidence united). Adding exactly what is stored already
        writes nothing (``AddResult.changed`` is False). Writers are serialised, so several processes may
        add to one database at once.
        """
        return self.add_many([(document, claims, mentions, extracted_by)])[0]

    def add_many(self, items: Iterable[tuple[Document, Sequence[Claim], Sequence[Mention], str | None]],
                 signatures: Mapping[str, TextSignatures] | None = None) -> list[AddResult]:
        """Store several documents as :meth:`add` does, in one transaction: each item is a document, its
        claims, its mentions and its ``extracted_by`` (or None). The ledger groups they share are refreshed
        once, and one commit writes the pages they share, so a bulk ingest writes in batches this way.
        Either every document of the batch is stored or (on an error) none is. ``signatures`` (document id
        -> :class:`~claimgraph.model.signatures.TextSignatures`) spares computing the near-duplicate signatures
        of those documents here: a worker process computed them."""
        batch = [(document, list(claims), list(mentions), mark) for document, claims, mentions, mark in items]
        for document, claims, _, _ in batch:
            for claim in claims:
                if claim.doc_id != document.id:
                    raise StoreError(f"{self.path}: claim {claim.id} belongs to document {claim.doc_id}, "
                                     f"not to {document.name} ({document.id})")
        if not batch:
            return []

        def write(conn: Any) -> list[AddResult]:
            results = write_documents(conn, [(d, merge_duplicates(c), m) for d, c, m, _ in batch], signatures,
                                      index_evidence=self._engine.index_evidence_sql)
            for document, _, _, mark in batch:
                if mark is not None:
                    conn.execute("UPDATE documents SET extracted_by = ? WHERE id = ? "
                                 "AND extracted_by IS DISTINCT FROM ?", (mark, document.id, mark))
            return results

        names = batch[0][0].name if len(batch) == 1 else f"{batch[0][0].name} … {batch[-1][0].name}"
        return self._guard(lambda: self._engine.write(write), f"cannot store {names}: ")

    # -- reading ------------------------------------------------------------------------------------
    def extraction_marks(self, doc_ids: Iterable[str]) -> dict[str, tuple[str | None, int]]:
        """Of ``doc_ids``, those stored: id -> (the ``extracted_by`` recorded by :meth:`add`, or None; how
        many claims the document has). One query per 500 ids; for skipping what an ingest stored already."""
        ids = list(dict.fromkeys(doc_ids))
        found: dict[str, tuple[str | None, int]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            placeholders = ", ".join("?" * len(chunk))
            for doc_id, mark, count in self.read(
                    f"SELECT d.id, d.extracted_by, (SELECT count(*) FROM claims c WHERE c.doc_id = d.id) "
                    f"FROM documents d WHERE d.id IN ({placeholders})", chunk):
                found[doc_id] = (mark, int(count))
        return found

    def documents(self) -> list[Document]:
        """Every stored document, by publication date (undated last), then name."""
        rows = self.read(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents "
                         "ORDER BY published IS NULL, published, name, id")
        return [document_from_row(r) for r in rows]

    def get_document(self, doc_id: str) -> Document | None:
        """The document with this id (or, failing that, this name), or None."""
        cols = ", ".join(DOCUMENT_COLUMNS)
        rows = self.read(f"SELECT {cols} FROM documents WHERE id = ?", (doc_id,)) or \
            self.read(f"SELECT {cols} FROM documents WHERE name = ? ORDER BY id LIMIT 1", (doc_id,))
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
        args = list(params)
        if limit is None and not offset:
            sql = f"{with_} SELECT c.json FROM claims c JOIN documents d ON d.id = c.doc_id {where} " \
                  f"ORDER BY {CLAIM_ORDER}"
        else:  # a page: ordered and cut by ids and sort keys alone (covering indexes), then only its JSON read
            sql = f"{with_} SELECT c.json FROM (SELECT c.id AS page_id FROM claims c JOIN documents d " \
                  f"ON d.id = c.doc_id {where} ORDER BY {CLAIM_ORDER} LIMIT ? OFFSET ?) AS page " \
                  f"JOIN claims c ON c.id = page.page_id JOIN documents d ON d.id = c.doc_id ORDER BY {CLAIM_ORDER}"
            args += [NO_LIMIT if limit is None else int(limit), int(offset)]
        return [claim_from_json(r[0]) for r in self.read(sql, args)]

    def select_entity_claims(self, entity_ids: Sequence[str], where: str = "", params: Sequence[Any] = (),
                             limit: int | None = None, offset: int = 0) -> list[Claim]:
        """The claims naming any of ``entity_ids`` (in a role, the source chain or as source), in
        :data:`CLAIM_ORDER`, read from ``claims_by_entity`` (each entity's claims in that order, migration
        0010): a page of one entity's claims is one index range scan, however many claims it has. For several
        entities, each one's first ``offset + limit`` keys are read the same way and merged here.

        ``where`` (SQL written by :mod:`claimgraph.query`, ``?`` placeholders only, never user input) adds
        conditions over ``claims_by_entity ec JOIN claims c``, e.g. ``AND c.type = ?``.
        """
        ids = list(dict.fromkeys(entity_ids))
        if not ids:
            return []
        join = "JOIN claims c ON c.id = ec.claim_id " if where else ""
        keys_sql = (f"SELECT {_EC_KEYS} FROM claims_by_entity ec {join}WHERE ec.entity_id = ? {where}"
                    f"ORDER BY {_EC_KEYS} LIMIT ?")
        wanted = NO_LIMIT if limit is None else int(offset) + int(limit)
        runs = [[tuple(r) for r in self.read(keys_sql, [eid, *params, wanted])] for eid in ids]
        page: list[str] = []
        seen: set[str] = set()
        for key in heapq.merge(*runs):
            if key[-1] not in seen:
                seen.add(key[-1])
                page.append(key[-1])
        page = page[offset:None if limit is None else offset + limit]
        json_by_id: dict[str, str] = {}
        for i in range(0, len(page), 500):
            chunk = page[i:i + 500]
            json_by_id.update(self.read(f"SELECT id, json FROM claims WHERE id IN ({', '.join('?' * len(chunk))})",
                                        chunk))
        return [stored_claim(cid, json_by_id[cid]) for cid in page]

    def originals(self) -> dict[str, str]:
        """Document id -> the id of the original it copies (itself for an original)."""
        return {r[0]: r[1] for r in self.read("SELECT id, COALESCE(copy_of, id) FROM documents")}

    def claim_origins(self, claims: Iterable[Claim]) -> dict[str, str]:
        """Claim id -> the original document, for those of ``claims`` stated wholly inside paragraphs copied
        from an earlier document (for :func:`claimgraph.query.build_ledger`'s ``origins``)."""
        return self._guard(lambda: claim_origins(self._engine.conn, claims))

    def rebuild_ledger(self) -> int:
        """Recompute every stored ledger entry from the stored claims (one transaction); returns how many
        entries were written. Ingest keeps the ledger current; this is for repairs and benchmarks."""
        def rebuild(conn: Any) -> int:
            keys = {r[0] for r in conn.execute("SELECT DISTINCT ledger_key FROM claims")}
            keys |= {r[0] for r in conn.execute("SELECT DISTINCT group_key FROM ledger_entries")}
            return refresh_ledger(conn, keys, written_in=0, everything=True)
        return self._guard(lambda: self._engine.write(rebuild), "cannot rebuild the ledger: ")

    def check(self) -> list[Problem]:
        """What is wrong with the database (orphan rows, evidence off its text, a stale ledger, a damaged file
        or full-text index …; see :mod:`claimgraph.store.check`); empty when nothing is. Reads only."""
        from .check import check_database
        return self._guard(lambda: check_database(self._engine.conn, self.engine, self._engine.errors),
                           "cannot check: ")

    def counts(self) -> dict[str, int]:
        """How many documents, claims, entities and evidence spans are stored."""
        out: dict[str, int] = {}
        for table in ("documents", "claims", "entities", "evidence"):
            out[table] = int(self.read(f"SELECT count(*) FROM {table}")[0][0])
        return out

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search of document titles/texts and evidence spans, best matches first.

        ``text`` is matched as one phrase (its words in order, case- and accent-insensitive); it is
        treated as data, never as query syntax.
        """
        if not text.strip() or limit <= 0:
            return []
        rows = self._guard(lambda: self._engine.search(text.replace("\x00", " "), limit))  # C strings, both
        return [SearchHit(kind=r[0], doc_id=r[1], doc_name=r[2], claim_id=r[3], snippet=r[4], score=r[5])
                for r in rows]

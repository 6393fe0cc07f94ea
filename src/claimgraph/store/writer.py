"""The write path of documents: each one's row, near-duplicate checks, linked entities, claims and their rows,
each entity's claims in publication order (``claims_by_entity``), then the ledger entries of the groups they
touched, once per batch. Runs inside the caller's transaction, on either engine.

The SQL is written once for SQLite and PostgreSQL (``INSERT … ON CONFLICT``, ``IS DISTINCT FROM``, a
cursor's ``rowcount`` rather than ``changes()``). Every insert is idempotent, so writing what is stored
already writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..model import Claim, Document, Mention, normalise_name
from ..model.signatures import TextSignatures
from .dedupe import buckets, find_original, index_document, precedes, signature
from .edges import edge_rows
from .engine import Conn
from .ledger import refresh_ledger
from .linker import link_claims
from .paragraphs import index_paragraphs
from .records import (
    DOCUMENT_COLUMNS,
    AddResult,
    claim_rows,
    document_row,
    entity_claim_rows,
    entity_rows,
    mention_name_rows,
    merge_duplicates,
)

__all__ = ["write_documents"]

_DOC_UPDATE = ("name", "title", "url", "outlet", "published", "published_source", "origin", "format")

_UPSERT_DOCUMENT = (
    f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))}) "
    f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _DOC_UPDATE)} "
    f"WHERE {' OR '.join(f'documents.{c} IS DISTINCT FROM excluded.{c}' for c in _DOC_UPDATE)}")


def write_documents(conn: Conn, items: Sequence[tuple[Document, list[Claim], Sequence[Mention]]],
                    signatures: Mapping[str, TextSignatures] | None = None,
                    index_evidence: str | None = None) -> list[AddResult]:
    """Store each document and its (merged) claims, replacing the claims it had (see :meth:`Store.add`), one
    after the other, then refresh the ledger once for every group they touched (a group several of them share
    is recomputed once, not once each). ``signatures``: document id -> its near-duplicate signatures,
    computed elsewhere (a worker); those missing are computed here. ``index_evidence``: the engine's
    :attr:`~claimgraph.store.engine.Engine.index_evidence_sql`, run for each document whose evidence is written."""
    results: list[AddResult] = []
    keys: set[str] = set()
    last = 0
    signatures = signatures or {}
    for document, claims, mentions in items:
        result, touched, seq = _write(conn, document, claims, mentions, signatures.get(document.id),
                                     index_evidence)
        results.append(result)
        keys |= touched
        last = max(last, seq)
    refresh_ledger(conn, keys, written_in=last)
    return results


def _write(conn: Conn, document: Document, claims: list[Claim], mentions: Sequence[Mention],
           signed: TextSignatures | None, index_evidence: str | None) -> tuple[AddResult, set[str], int]:
    """One document's rows, all but the ledger: the result, the ledger groups to refresh, and the
    document's ``seq`` (0 when nothing changed)."""
    doc_id = document.id
    row = document_row(document)
    new = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None
    doc_changed = conn.execute(_UPSERT_DOCUMENT, [row[c] for c in DOCUMENT_COLUMNS]).rowcount > 0
    repointed: set[str] = set()  # ledger groups of the copies whose original this document becomes
    if new:  # a syndicated copy or repost points to its original
        if signed is not None and signed.doc_id != doc_id:
            signed = None  # another text's: never trusted
        sig = signature(document.text) if signed is None else np.frombuffer(signed.signature, np.uint64)
        bands = buckets(sig) if signed is None else signed.bands
        original = find_original(conn, doc_id, sig, bands)
        if original is not None and precedes(original, (doc_id, row["published"])):
            conn.execute("UPDATE documents SET copy_of = ? WHERE id = ?", (original[0], doc_id))
        else:
            if original is not None:  # stored first, published later: it becomes a copy of this one
                repointed = _become_original(conn, doc_id, original[0])
            index_paragraphs(conn, doc_id, document.text, signed)  # paragraphs copied into this otherwise new one
        index_document(conn, doc_id, sig, bands)
    claims, links = link_claims(conn, claims, doc_id)
    claims = merge_duplicates(claims)
    stored = {} if new else dict(conn.execute("SELECT id, json FROM claims WHERE doc_id = ?", (doc_id,)).fetchall())
    rows = [claim_rows(c) for c in claims]
    if stored == {r.claim[0]: r.claim[-1] for r in rows}:
        if doc_changed:  # same claims, a new date or name: their place in each entity's order moves
            conn.execute("UPDATE claims_by_entity SET undated = ?, published = ?, doc_name = ? WHERE doc_id = ?",
                         (1 if row["published"] is None else 0, row["published"] or "", row["name"], doc_id))
        seq = conn.execute("SELECT seq FROM documents WHERE id = ?", (doc_id,)).fetchone()[0] if repointed else 0
        return AddResult(doc_id, new, len(claims), changed=new or doc_changed), repointed, seq
    old_entities, old_keys = (set(), set()) if new else _replace_claims(conn, doc_id)
    entities, names = entity_rows(claims)
    conn.executemany("INSERT INTO entities (id, name, kind, kb_id, block) VALUES (?, ?, ?, ?, ?) "
                     "ON CONFLICT (id) DO NOTHING", entities)
    conn.executemany("INSERT INTO entity_names (entity_id, name, name_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
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
    if index_evidence is not None:  # every evidence row of the document is new: the old ones went with its claims
        conn.execute(index_evidence, (doc_id,))
    conn.executemany("INSERT INTO claims_by_entity (entity_id, undated, published, doc_name, doc_id, no_start, "
                     "first_start, claim_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entity_claim_rows(row, rows))
    conn.executemany("INSERT INTO claim_edges (claim_id, source, target, type, status, day, said_by) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", edge_rows(claims, row["published"]))
    conn.executemany("INSERT INTO entity_links (entity_id, name, reason, score, doc_id) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", links)
    _drop_orphans(conn, old_entities - {e[0] for e in entities})
    seq = conn.execute("SELECT seq FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    return AddResult(doc_id, new, len(claims), changed=True), old_keys | repointed | {r.claim[-2] for r in rows}, seq


def _replace_claims(conn: Conn, doc_id: str) -> tuple[set[str], set[str]]:
    """Delete the claims a stored document had; returns the entities they named and their ledger groups. (A
    new document has none: the foreign keys see to that.)"""
    old_entities = {r[0] for r in conn.execute(
        "SELECT a.entity_id FROM claim_args a JOIN claims c ON c.id = a.claim_id "
        "WHERE c.doc_id = ? AND a.entity_id IS NOT NULL "
        "UNION SELECT s.entity_id FROM claim_sources s JOIN claims c ON c.id = s.claim_id "
        "WHERE c.doc_id = ? "
        "UNION SELECT source_entity_id FROM claims WHERE doc_id = ? AND source_entity_id IS NOT NULL",
        (doc_id, doc_id, doc_id))}
    old_keys = {r[0] for r in conn.execute("SELECT DISTINCT ledger_key FROM claims WHERE doc_id = ?", (doc_id,))}
    conn.execute("DELETE FROM claims_by_entity WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM claims WHERE doc_id = ?", (doc_id,))
    return old_entities, old_keys


def _become_original(conn: Conn, doc_id: str, previous: str) -> set[str]:
    """Make ``doc_id`` the original of ``previous`` and of its copies, as if it had been stored first: the
    copies point to it, ``previous`` loses the paragraph index only originals have, paragraphs copied from
    ``previous`` count under ``doc_id``. Returns the ledger groups of the claims whose original changed."""
    copies = [r[0] for r in conn.execute("SELECT id FROM documents WHERE id = ? OR copy_of = ?", (previous, previous))]
    conn.execute("UPDATE documents SET copy_of = ? WHERE id = ? OR copy_of = ?", (doc_id, previous, previous))
    conn.execute("DELETE FROM paragraph_copies WHERE doc_id = ?", (previous,))
    conn.execute("DELETE FROM paragraph_bands WHERE doc_id = ?", (previous,))
    copied = [r[0] for r in conn.execute("SELECT DISTINCT doc_id FROM paragraph_copies WHERE copy_of = ?",
                                         (previous,))]
    conn.execute("UPDATE paragraph_copies SET copy_of = ? WHERE copy_of = ?", (doc_id, previous))
    keys: set[str] = set()
    for other in sorted(set(copies) | set(copied)):
        keys.update(r[0] for r in conn.execute("SELECT DISTINCT ledger_key FROM claims WHERE doc_id = ?", (other,))
                    if r[0])
    return keys


def _drop_orphans(conn: Conn, candidates: set[str]) -> None:
    """Delete the entities among ``candidates`` that no claim refers to any more."""
    for eid in sorted(candidates):
        conn.execute(
            "DELETE FROM entities WHERE id = ? "
            "AND NOT EXISTS (SELECT 1 FROM claim_args WHERE entity_id = ?) "
            "AND NOT EXISTS (SELECT 1 FROM claim_sources WHERE entity_id = ?) "
            "AND NOT EXISTS (SELECT 1 FROM claims WHERE source_entity_id = ?)", (eid, eid, eid, eid))

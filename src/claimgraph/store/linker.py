"""Link a document's entities to the ones the store already holds, inside the document's transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from ..model import Claim, EntityRef
from ..resolve import block_key, link, replace_entities
from .engine import Conn, select_in

__all__ = ["backfill_blocks", "link_claims"]

_CANDIDATES = 500  # at most this many stored entities per block are compared


def link_claims(conn: Conn, claims: Sequence[Claim],
                doc_id: str) -> tuple[list[Claim], list[tuple[Any, ...]]]:
    """The claims with each entity replaced by the stored entity it links to, and ``entity_links`` rows.

    The document's entities are looked up in one query, and each block's candidates once: nothing is
    written while a document is linked, so asking one by one would give the same answers."""
    first: dict[str, EntityRef] = {}
    for ref in (r for c in claims for r in c.entity_refs() if not r.kb_id):
        first.setdefault(ref.id, ref)
    refs = list(first.values())
    stored = {row[0] for row in select_in(conn, "SELECT id FROM entities WHERE id IN ({})", [r.id for r in refs])}
    blocks: dict[str, list[EntityRef]] = {}
    mapping: dict[str, EntityRef] = {}
    rows: list[tuple[Any, ...]] = []
    for ref in refs:
        if ref.id in stored:
            continue  # stored under this very name already
        block = block_key(ref)
        if block not in blocks:
            blocks[block] = [EntityRef(name=r[0], kind=r[1], kb_id=r[2]) for r in conn.execute(
                "SELECT name, kind, kb_id FROM entities WHERE block = ? LIMIT ?", (block, _CANDIDATES))]
        found = link(ref, blocks[block])
        if found is not None:
            mapping[ref.id] = found.target
            rows.append((found.target.id, ref.name, found.reason, round(found.score, 1), doc_id))
    return [replace_entities(c, mapping) for c in claims], rows


def backfill_blocks(conn: sqlite3.Connection) -> int:
    """Give entities stored before linking existed (schema 1) their block, so they can be linked to."""
    rows = conn.execute("SELECT id, name, kind, kb_id FROM entities WHERE block IS NULL").fetchall()
    if rows:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("UPDATE entities SET block = ? WHERE id = ?",
                         [(block_key(EntityRef(name=r[1], kind=r[2], kb_id=r[3])), r[0]) for r in rows])
        conn.execute("COMMIT")
    return len(rows)

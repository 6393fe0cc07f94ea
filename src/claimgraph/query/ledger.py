"""The claim ledger: one entry per event across documents, with its corroboration, the status each source
gives it, conflicting values side by side and rival entries (alternatives) linked.

The grouping itself is pure and lives in :mod:`claimgraph.model.ledger` (``build_ledger`` computes entries
from any claims). The store keeps the entries of every stored claim up to date at ingest; the functions
here read them back with indexed lookups (``ledger_entry``, ``stored_ledger``, ``entries_for_claim``), and
``ledger_as_of`` computes what was known on a date from the claims.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ..model import Claim, claim_from_json
from ..model.ledger import KEY_ROLES, LedgerEntry, build_ledger
from ..store import NO_LIMIT, Store, entry_from_json
from ..store.records import CLAIM_ORDER
from .claims import ClaimFilter, find_claims

__all__ = ["KEY_ROLES", "LedgerEntry", "build_ledger", "entries_for_claim", "ledger_as_of", "ledger_entry",
           "stored_ledger"]

_ORDER = "e.documents DESC, e.sources DESC, e.type, e.id"


def _hydrate(store: Store, rows: Sequence[Any]) -> list[LedgerEntry]:
    """Entries from ``(id, json)`` rows, in the rows' order, each with its claims in ledger order."""
    ids = [r[0] for r in rows]
    members: dict[str, list[Claim]] = defaultdict(list)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for entry_id, text in store.read(
                "SELECT m.entry_id, c.json FROM ledger_members m JOIN claims c ON c.id = m.claim_id "
                f"JOIN documents d ON d.id = c.doc_id WHERE m.entry_id IN ({', '.join('?' * len(chunk))}) "
                f"ORDER BY {CLAIM_ORDER}", chunk):
            members[entry_id].append(claim_from_json(text))
    return [entry_from_json(text, members[eid]) for eid, text in rows]


def ledger_entry(store: Store, entry_id: str) -> LedgerEntry | None:
    """The stored ledger entry with this id, or None."""
    return next(iter(_hydrate(store, store.read("SELECT id, json FROM ledger_entries WHERE id = ?",
                                                (entry_id,)))), None)


def stored_ledger(store: Store, *, type: str | None = None, entity_id: str | None = None,
                  contested_only: bool = False, limit: int | None = 100, offset: int = 0) -> list[LedgerEntry]:
    """Stored entries, most documents first (the order of ``build_ledger``): of one claim type, with one
    entity (its internal id) in any role or as a source of one of its claims, only the contested ones."""
    where: list[str] = []
    params: list[Any] = []
    if type is not None:
        where.append("e.type = ?")
        params.append(type)
    if contested_only:
        where.append("e.contested = 1")
    if entity_id is not None:
        where.append("e.id IN (SELECT m.entry_id FROM ledger_members m WHERE m.claim_id IN ("
                     "SELECT claim_id FROM claim_args WHERE entity_id = ? "
                     "UNION SELECT claim_id FROM claim_sources WHERE entity_id = ? "
                     "UNION SELECT id FROM claims WHERE source_entity_id = ?))")
        params.extend([entity_id] * 3)
    sql = f"SELECT e.id, e.json FROM ledger_entries e {'WHERE ' + ' AND '.join(where) if where else ''} " \
          f"ORDER BY {_ORDER} LIMIT ? OFFSET ?"
    params.extend([NO_LIMIT if limit is None else max(0, int(limit)), max(0, int(offset))])
    return _hydrate(store, store.read(sql, params))


def entries_for_claim(store: Store, claim_id: str) -> list[LedgerEntry]:
    """The stored entries a claim belongs to (one, or none for an unknown claim id)."""
    return _hydrate(store, store.read(
        "SELECT e.id, e.json FROM ledger_members m JOIN ledger_entries e ON e.id = m.entry_id "
        f"WHERE m.claim_id = ? ORDER BY {_ORDER}", (claim_id,)))


def ledger_as_of(store: Store, as_of: str, *, type: str | None = None,
                 entity: str | None = None) -> list[LedgerEntry]:
    """The ledger as known on ``as_of`` (ISO date), computed from the claims of the type / entity given
    (``entity`` as in :class:`ClaimFilter`), syndicated documents and paragraphs counted with their originals."""
    claims = find_claims(store, ClaimFilter(type=type, entity=entity, limit=None))
    return build_ledger(claims, store.originals(), as_of=as_of, origins=store.claim_origins(claims))

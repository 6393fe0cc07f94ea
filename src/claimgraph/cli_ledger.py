"""`claimgraph ledger` and `claimgraph contradictions`: the ledger's entries as a table or JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .errors import StoreError
from .ingest import parse_date
from .model.ledger import LedgerEntry, entry_order
from .query import ClaimFilter, find_entities, ledger_as_of, stored_ledger
from .store import Store, is_url

__all__ = ["arg_text", "show_ledger"]


def arg_text(value: Any) -> str:
    """A role's value as text: an entity's name (with where it comes from), a list joined, else the value."""
    if isinstance(value, list):
        return ", ".join(arg_text(v) for v in value)
    origin = getattr(value, "origin", None)
    return getattr(value, "name", str(value)) + (f" (from {origin})" if origin else "")


def show_ledger(db: str, claim_type: str | None, entity: str | None, as_of: str | None, as_json: bool,
                contested_only: bool, out: Console) -> None:
    """Print the stored ledger entries (or those computed ``as_of`` a date) the filters select, as a table or
    JSON Lines; only the contested ones with ``contested_only``."""
    if not is_url(db) and not Path(db).exists():
        raise StoreError(f"{db}: no such database (run `claimgraph ingest` first)")
    day = parse_date(as_of, source="--as-of").isoformat() if as_of else None
    flt = ClaimFilter(type=claim_type, entity=entity, limit=0)  # checks the type
    with Store.open(db) as store:
        if day is not None:  # what was known then: computed from the claims said by that date
            entries = ledger_as_of(store, day, type=flt.type, entity=flt.entity)
            entries = [e for e in entries if e.contested] if contested_only else entries
        else:
            entries = _stored_entries(store, flt, contested_only)
    if as_json:
        for e in entries:
            out.print(json.dumps(e.to_json(), ensure_ascii=False), soft_wrap=True, highlight=False)
        return
    table = Table(header_style="bold")
    for col in ("type", "event", "docs", "sources", "statuses", "conflicts", "alternatives"):
        table.add_column(col, overflow="fold")
    for e in entries:
        conflicts = "; ".join(f"{role}: " + " vs ".join(f"{v} ({', '.join(s)})" for v, s in vals.items())
                              for role, vals in e.conflicts.items())
        rivals = "; ".join(f"{a['role']}={a['value']} ({', '.join(a['sources'])})" for a in e.alternatives)
        table.add_row(e.type, "; ".join(f"{r}={arg_text(v)}" for r, v in e.args.items()), str(e.documents),
                      str(e.sources), ", ".join(f"{k} {n}" for k, n in e.statuses.items()), conflicts, rivals)
    out.print(table)
    out.print(f"{len(entries)} ledger entr{'y' if len(entries) == 1 else 'ies'}")


def _stored_entries(store: Store, flt: ClaimFilter, contested_only: bool) -> list[LedgerEntry]:
    """The stored entries of a type, with an entity (any entity whose name contains the text, or its kb id)."""
    if flt.entity is None:
        return stored_ledger(store, type=flt.type, contested_only=contested_only, limit=None)
    found = {e.id: e for entity in find_entities(store, flt.entity, limit=1000)
             for e in stored_ledger(store, type=flt.type, entity_id=entity.id, contested_only=contested_only,
                                    limit=None)}
    return sorted(found.values(), key=entry_order)

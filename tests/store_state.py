"""What the end-to-end ingest tests compare between databases: the stored rows a duplicate, a lost document
or an order-dependent store would show in, and how many documents a running ingest has stored so far."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from claimgraph.store import Store

__all__ = ["store_state", "stored_documents"]


def store_state(target: str, documents: str = "id, name, copy_of", siblings: bool = False) -> dict[str, list]:
    """Every row of the content tables (ingest timestamps and numbering, ``written_in`` and ``seq``, left out:
    they number the ingests, whose order may differ). ``documents`` are the document columns compared;
    ``siblings`` adds the ledger's rival-key index."""
    with Store.open(target) as store:
        state = {
            "documents": store.read(f"SELECT {documents} FROM documents ORDER BY id"),
            "claims": store.read("SELECT id, doc_id, ledger_key, json FROM claims ORDER BY id"),
            "entities": store.read("SELECT id, name, kind, kb_id, block FROM entities ORDER BY id"),
            "names": store.read("SELECT entity_id, name_key FROM entity_names ORDER BY entity_id, name_key"),
            "evidence": store.read('SELECT claim_id, start, "end" FROM evidence ORDER BY claim_id, start'),
            "edges": store.read("SELECT * FROM claim_edges ORDER BY claim_id, source, target"),
            "ledger": store.read("SELECT id, group_key, documents, sources, contested, json FROM ledger_entries "
                                 "ORDER BY id"),
            "members": store.read("SELECT entry_id, claim_id FROM ledger_members ORDER BY entry_id, claim_id"),
            "alternatives": store.read("SELECT * FROM ledger_alternatives ORDER BY entry_id, other_id"),
        }
        if siblings:
            state["siblings"] = store.read("SELECT sib_key, entry_id FROM ledger_siblings ORDER BY sib_key, entry_id")
    return state


def stored_documents(db: Path) -> int:
    """How many documents the SQLite file holds now (0 while it is not created or not migrated yet)."""
    try:
        conn = sqlite3.connect(db, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0

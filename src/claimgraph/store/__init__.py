"""The store stage: an embedded SQLite database of documents, entities, claims and evidence.

``Store.open(path)`` creates or migrates the database (numbered SQL files in ``migrations/``, tracked with
``PRAGMA user_version``); ``store.add(document, claims)`` writes one document and its claims atomically and
idempotently, and updates the stored ledger entries of its claims' groups; ``documents()``, ``get_document()``,
``claims()``, ``counts()`` and ``search()`` read back.
"""

from __future__ import annotations

from .ledger import entry_from_json
from .migrator import latest_version, migrate, schema_version
from .records import AddResult, SearchHit, fts_quote
from .sqlite import Store

__all__ = ["AddResult", "SearchHit", "Store", "entry_from_json", "fts_quote", "latest_version", "migrate",
           "schema_version"]

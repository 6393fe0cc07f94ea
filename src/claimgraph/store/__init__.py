"""The store stage: a database of documents, entities, claims and evidence: an embedded SQLite file (the
default) or a PostgreSQL server.

``Store.open(path_or_url)`` creates or migrates the database (numbered SQL files in ``migrations/``, tracked
with ``PRAGMA user_version``; for PostgreSQL ``migrations/postgresql/``, tracked in a version table);
``store.add(document, claims)`` writes one document and its claims atomically and idempotently, and updates
the stored ledger entries of its claims' groups; ``documents()``, ``get_document()``, ``claims()``,
``counts()`` and ``search()`` read back.
"""

from __future__ import annotations

from .engine import NO_LIMIT, is_url, redact
from .ledger import entry_from_json
from .migrator import latest_version, migrate, schema_version
from .records import AddResult, SearchHit, fts_quote
from .store import Store

__all__ = ["NO_LIMIT", "AddResult", "SearchHit", "Store", "entry_from_json", "fts_quote", "is_url",
           "latest_version", "migrate", "redact", "schema_version"]

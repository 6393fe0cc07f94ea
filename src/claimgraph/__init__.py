"""claimgraph: a sourced, queryable knowledge graph of claims from news reports.

    import claimgraph
    claims = claimgraph.extract("Iran handed 46 drones over to Russia.", published="2022-08-05")
    with claimgraph.open("claimgraph.db") as db:
        db.add_text("…", name="report-1", published="2022-08-05")
        db.claims(type="transfer", entity="Iran")

``extract`` and ``open`` load lazily, so importing claimgraph (for the model, say) does not load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ClaimgraphError, ExportError, ExtractionError, InputError, StoreError
from .model import Claim, Document, Entity, EntityRef, Evidence, TimeValue

if TYPE_CHECKING:
    from .api import Database, extract
    from .api import open_database as open

__version__ = "0.1.0"

__all__ = [
    "Claim", "ClaimgraphError", "Database", "Document", "Entity", "EntityRef", "Evidence", "ExportError",
    "ExtractionError", "InputError", "StoreError", "TimeValue", "__version__", "extract", "open",
]


def __getattr__(name: str) -> Any:
    if name in ("extract", "Database"):
        from . import api

        return getattr(api, name)
    if name == "open":
        from .api import open_database

        return open_database
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")

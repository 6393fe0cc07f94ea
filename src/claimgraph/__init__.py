"""claimgraph: a sourced, queryable knowledge graph of claims from news reports."""

from .errors import ClaimgraphError, ExportError, ExtractionError, InputError, StoreError
from .model import Claim, Document, Entity, EntityRef, Evidence, TimeValue

__version__ = "0.1.0"

__all__ = [
    "Claim", "ClaimgraphError", "Document", "Entity", "EntityRef", "Evidence", "ExportError",
    "ExtractionError", "InputError", "StoreError", "TimeValue", "__version__",
]

"""The typed data model of claimgraph. Imports nothing else of ours, nor spaCy or sqlite."""

from .claim import (
    CLAIM_TYPES,
    EDGE_ROLES,
    ENTITY_ROLES,
    LIST_ROLES,
    ROLES,
    STATUSES,
    ArgValue,
    Claim,
    ClaimType,
    Evidence,
    Precision,
    Status,
    TimeValue,
    claim_from_json,
    stored_claim,
)
from .document import DateSource, Document, document_id
from .entity import ENTITY_KINDS, Entity, EntityKind, EntityRef, Mention, entity_id
from .ids import content_id, normalise_name, stable_hash

__all__ = [
    "CLAIM_TYPES", "EDGE_ROLES", "ENTITY_KINDS", "ENTITY_ROLES", "LIST_ROLES", "ROLES", "STATUSES",
    "ArgValue", "Claim", "ClaimType", "DateSource", "Document", "Entity", "EntityKind", "EntityRef",
    "Evidence", "Mention", "Precision", "Status", "TimeValue",
    "claim_from_json", "content_id", "document_id", "entity_id", "normalise_name", "stable_hash", "stored_claim",
]

"""The query stage: find stored claims by type, status, entity and document (parameterised SQL only)."""

from __future__ import annotations

from .claims import MAX_LIMIT, ClaimFilter, find_claims
from .entities import EntityProfile, LinkRecord, PositionHeld, entity_profile, find_entities
from .ledger import (
    KEY_ROLES,
    LedgerEntry,
    build_ledger,
    entries_for_claim,
    ledger_as_of,
    ledger_entry,
    stored_ledger,
)

__all__ = ["KEY_ROLES", "MAX_LIMIT", "ClaimFilter", "EntityProfile", "LedgerEntry", "LinkRecord", "PositionHeld",
           "build_ledger", "entity_profile", "entries_for_claim", "find_claims", "find_entities", "ledger_as_of",
           "ledger_entry", "stored_ledger"]

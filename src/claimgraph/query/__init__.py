"""The query stage: find stored claims by type, status, entity and document (parameterised SQL only)."""

from __future__ import annotations

from .claims import MAX_LIMIT, ClaimFilter, find_claims
from .entities import EntityProfile, LinkRecord, PositionHeld, entity_profile, find_entities

__all__ = ["MAX_LIMIT", "ClaimFilter", "EntityProfile", "LinkRecord", "PositionHeld", "entity_profile",
           "find_claims", "find_entities"]

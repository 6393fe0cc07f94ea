"""The query stage: find stored claims by type, status, entity and document (parameterised SQL only)."""

from __future__ import annotations

from .claims import MAX_LIMIT, ClaimFilter, find_claims

__all__ = ["MAX_LIMIT", "ClaimFilter", "find_claims"]

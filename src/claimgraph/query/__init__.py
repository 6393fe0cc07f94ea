"""The query stage: find stored claims by type, status, entity and document (parameterised SQL only), entity
profiles, the ledger, the network and the read models the web workbench renders."""

from __future__ import annotations

from .claims import MAX_LIMIT, ClaimFilter, find_claims
from .entities import EntityProfile, LinkRecord, PositionHeld, entity_claims, entity_profile, find_entities
from .graph import EDGE_ROLES, MAX_EDGES, Edge, Network, NetworkFilter, Node, edge_claims, get_entity, network
from .ledger import (
    KEY_ROLES,
    LedgerEntry,
    build_ledger,
    entries_for_claim,
    ledger_as_of,
    ledger_entry,
    stored_ledger,
)
from .views import DocumentView, Segment, TimelineItem, context, document_view, summary, timeline

__all__ = [
    "EDGE_ROLES", "KEY_ROLES", "MAX_EDGES", "MAX_LIMIT", "ClaimFilter", "DocumentView", "Edge", "EntityProfile",
    "LedgerEntry", "LinkRecord", "Network", "NetworkFilter", "Node", "PositionHeld", "Segment", "TimelineItem",
    "build_ledger", "context", "document_view", "edge_claims", "entity_claims", "entity_profile",
    "entries_for_claim", "find_claims", "find_entities", "get_entity", "ledger_as_of", "ledger_entry", "network",
    "stored_ledger", "summary", "timeline",
]

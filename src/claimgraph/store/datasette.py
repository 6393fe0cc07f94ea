"""Datasette metadata for a claimgraph database: table titles and descriptions, label columns (so foreign
keys show names), facets and full-text search, with the internal index tables hidden.

    claimgraph datasette --db claimgraph.db -o metadata.json
    datasette claimgraph.db --metadata metadata.json
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["datasette_metadata"]

_HIDDEN = ("document_bands", "paragraph_bands", "ledger_siblings", "ledger_alternatives", "ledger_members")

_TABLES: dict[str, dict[str, Any]] = {
    "claims_readable": {
        "title": "Claims", "description": "One row per claim: type, status, roles, source chain, when it happened "
        "and when it was said, the document and the first evidence span.",
        "facets": ["type", "status", "document"], "sort_desc": "said"},
    "documents": {
        "title": "Documents", "description": "The stored news documents (full text searchable).",
        "label_column": "name", "fts_table": "documents_fts", "fts_pk": "seq", "sort_desc": "published",
        "facets": ["outlet"]},
    "claims": {
        "title": "Claims (stored form)", "description": "Claims as stored: `json` is the lossless record.",
        "label_column": "id", "facets": ["type", "status"]},
    "claim_args": {"title": "Claim roles", "description": "Each role of each claim: an entity or a value.",
                   "facets": ["role"]},
    "claim_sources": {"title": "Source chains", "description": "Position 0 is the outermost reporter."},
    "claim_edges": {"title": "Network edges", "description": "One row per claim and (from, to) entity pair.",
                    "facets": ["type", "status"]},
    "entities": {"title": "Entities", "description": "People, states, groups, weapons, places …; kb_id is a "
                 "Wikidata QID where known.", "label_column": "name", "facets": ["kind"]},
    "entity_claims": {"title": "Entity roles", "description": "Every entity and the claims it is in, by role.",
                      "facets": ["kind", "role", "type"]},
    "entity_names": {"title": "Entity names", "description": "Every name an entity was seen under."},
    "entity_links": {"title": "Entity links", "description": "Why a name was merged into an existing entity."},
    "evidence": {"title": "Evidence", "description": "Exact spans of document text behind each claim "
                 "(full text searchable).", "fts_table": "evidence_fts", "fts_pk": "id"},
    "ledger_entries": {"title": "Ledger", "description": "One entry per event across documents: independent "
                       "documents, sources, contested or not.", "facets": ["type", "contested"],
                       "sort_desc": "documents"},
    "paragraph_copies": {"title": "Copied paragraphs", "description": "Paragraphs found in an earlier document."},
}


def datasette_metadata(db: str | Path, title: str = "claimgraph") -> dict[str, Any]:
    """Datasette metadata (``--metadata``) for the database file ``db`` (Datasette names it by its stem)."""
    tables = {name: dict(spec) for name, spec in _TABLES.items()}
    tables.update({name: {"hidden": True} for name in _HIDDEN})
    return {
        "title": title,
        "description": "Sourced claims from news reports: every claim with its evidence, source chain and status.",
        "about": "claimgraph", "databases": {Path(db).stem: {"tables": tables}},
    }

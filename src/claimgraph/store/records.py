"""Row conversions between the model (Document, Claim, EntityRef) and the SQLite tables, and result types.

Kept apart from :mod:`claimgraph.store.sqlite` so that the SQL of the write path reads as one piece.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from ..model import Claim, Document, EntityRef, Mention, normalise_name
from ..model.ledger import ledger_key
from ..resolve import block_key

__all__ = [
    "CLAIM_ORDER", "DOCUMENT_COLUMNS", "ENTITY_CLAIM_ORDER", "AddResult", "SearchHit", "claim_rows",
    "document_from_row", "document_row", "entity_claim_rows", "entity_rows", "fts_quote", "merge_duplicates",
]

CLAIM_ORDER = ("d.published IS NULL, d.published, d.name, d.id, c.first_start IS NULL, c.first_start, "
               "c.id")
"""ORDER BY for claims joined as ``claims c JOIN documents d``: publication date, then evidence start."""

ENTITY_CLAIM_ORDER = "undated, published, doc_name, doc_id, no_start, first_start, claim_id"
"""The same order over ``claims_by_entity`` (migration 0010), whose primary key follows the entity id with it."""

DOCUMENT_COLUMNS = ("id", "name", "title", "url", "outlet", "published", "published_source", "origin",
                    "format", "text", "ingested_at")


@dataclass(frozen=True)
class AddResult:
    """What :meth:`Store.add` did: the document's id, whether it was new, and how many claims it now has."""

    document_id: str
    new: bool
    claims: int
    changed: bool = True
    """False when the document and its claims were already stored exactly so (nothing was written)."""


@dataclass(frozen=True)
class SearchHit:
    """One full-text match: in a document's title/text, or in the evidence span of a claim."""

    kind: Literal["document", "evidence"]
    doc_id: str
    doc_name: str
    claim_id: str | None
    snippet: str
    score: float
    """bm25 score; lower is a better match."""


def fts_quote(text: str) -> str:
    """``text`` as one FTS5 string (a phrase): user input is data, never query syntax."""
    return '"' + text.replace('"', '""') + '"'


def document_row(document: Document, ingested_at: str | None = None) -> dict[str, Any]:
    """The ``documents`` row of a document (``ingested_at`` defaults to now, UTC)."""
    now = ingested_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return {
        "id": document.id, "name": document.name, "title": document.title, "url": document.url,
        "outlet": document.outlet,
        "published": document.published.isoformat() if document.published else None,
        "published_source": document.published_source, "origin": document.origin, "format": document.format,
        "text": document.text, "ingested_at": now,
    }


def document_from_row(row: sqlite3.Row | Sequence[Any]) -> Document:
    """A Document read back from a row of :data:`DOCUMENT_COLUMNS` (``id`` and ``ingested_at`` dropped)."""
    values = dict(zip(DOCUMENT_COLUMNS, row, strict=True))
    values.pop("id")
    values.pop("ingested_at")
    return Document.model_validate(values)


def merge_duplicates(claims: Iterable[Claim]) -> list[Claim]:
    """Claims with one id merged into one (their evidence united), first occurrence's place kept."""
    by_id: dict[str, Claim] = {}
    for claim in claims:
        cid = claim.id
        by_id[cid] = by_id[cid].merged_with(claim) if cid in by_id else claim
    return list(by_id.values())


def entity_rows(claims: Iterable[Claim]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows for ``entities`` (id, name, kind, kb_id, block) and ``entity_names`` (entity_id, name, name_key)."""
    entities: dict[str, tuple[Any, ...]] = {}
    names: dict[tuple[str, str], tuple[Any, ...]] = {}
    for claim in claims:
        for ref in claim.entity_refs():
            eid = ref.id
            entities.setdefault(eid, (eid, ref.name, ref.kind, ref.kb_id, block_key(ref)))
            key = normalise_name(ref.name)
            names.setdefault((eid, key), (eid, ref.name, key))
    return list(entities.values()), list(names.values())


def mention_name_rows(mentions: Iterable[Mention], entity_ids: set[str]) -> list[tuple[Any, ...]]:
    """``entity_names`` rows for the surface forms the stored entities were mentioned under."""
    rows: dict[tuple[str, str], tuple[Any, ...]] = {}
    for mention in mentions:
        eid = mention.entity.id
        if eid in entity_ids:
            surface, key = _surface_name(mention.text)
            if surface:
                rows.setdefault((eid, key), (eid, surface, key))
    return list(rows.values())


_SURFACE_AFFIXES = re.compile(r"^(?:the|The)\s+|(?:'s|’s)$")
"""What a mention's text has around the name: a leading article, a possessive."""


@lru_cache(maxsize=1 << 16)
def _surface_name(text: str) -> tuple[str, str]:
    """A mention's text as a name ("the Pentagon's" -> "Pentagon"), and its :func:`normalise_name` key: the same
    few surface forms recur in document after document."""
    surface = _SURFACE_AFFIXES.sub("", text.strip())
    return surface, normalise_name(surface)


@dataclass
class ClaimRows:
    """Every row one claim is stored as."""

    claim: tuple[Any, ...]
    args: list[tuple[Any, ...]]
    sources: list[tuple[Any, ...]]
    evidence: list[tuple[Any, ...]]


def claim_rows(claim: Claim) -> ClaimRows:
    """The rows of one claim: ``claims`` (its JSON last), ``claim_args``, ``claim_sources`` and ``evidence``."""
    cid = claim.id
    first = min(claim.evidence, key=lambda e: (e.start, e.end)) if claim.evidence else None
    row = (
        cid, claim.doc_id, claim.type, claim.status, claim.source.id if claim.source else None,
        claim.time.value if claim.time else None, claim.time.text if claim.time else None,
        claim.statement_time.value if claim.statement_time else None, claim.confidence,
        first.start if first else None, ledger_key(claim),
        claim.stored_json(),
    )
    args: list[tuple[Any, ...]] = []
    for role, value in claim.args.items():
        if isinstance(value, EntityRef):
            args.append((cid, role, 0, value.id, None))
        elif isinstance(value, list):
            args.extend((cid, role, i, ref.id, None) for i, ref in enumerate(value))
        else:
            args.append((cid, role, 0, None, json.dumps(value, ensure_ascii=False)))
    sources = [(cid, i, ref.id) for i, ref in enumerate(claim.source_chain)]
    evidence = [(cid, claim.doc_id, e.start, e.end, e.text) for e in claim.evidence]
    return ClaimRows(row, args, sources, evidence)


def entity_claim_rows(doc_row: dict[str, Any], rows: Iterable[ClaimRows]) -> list[tuple[Any, ...]]:
    """``claims_by_entity`` rows (entity id, then the :data:`ENTITY_CLAIM_ORDER` columns) of one document's
    claims: one per entity a claim names in a role, in its source chain or as its source."""
    published = doc_row["published"]
    doc_key = (1 if published is None else 0, published or "", doc_row["name"], doc_row["id"])
    out: list[tuple[Any, ...]] = []
    for r in rows:
        cid, first_start, source = r.claim[0], r.claim[9], r.claim[4]
        entities = {a[3] for a in r.args if a[3] is not None} | {s[2] for s in r.sources}
        if source is not None:
            entities.add(source)
        start_key = (1, -1) if first_start is None else (0, first_start)
        out.extend((eid, *doc_key, *start_key, cid) for eid in sorted(entities))
    return out

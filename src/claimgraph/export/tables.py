"""Rows the table and graph exports share: entities, documents, roles, edges and evidence, flattened from claims.

Each export format (``csv``, ``graphml``, ``gexf``, ``neo4j``) builds its files from these helpers, so every
format has the same entities, the same edges and the same order:

- :func:`export_claims`: the claims in export order (:func:`claim_sort_key`), one per claim id;
- :func:`entity_rows`: every entity a claim names, in a role or in its source chain, with its aliases;
- :func:`document_rows`: the documents given, and a bare row for each claim's document that was not;
- :func:`role_fillers`, :func:`claim_edges`, :func:`source_chain`: a claim's entities by role, its graph
  edges (the ``EDGE_ROLES`` rule the store's ``claim_edges`` table uses) and who said it;
- :func:`claim_properties`: what a graph edge (and a Neo4j claim) says of its claim.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..model import EDGE_ROLES, ROLES, Claim, Entity, EntityRef, TimeValue
from ..store.edges import edge_rows
from .jsonl import claim_sort_key
from .kb_facts import kb_entry, refs_of
from .registry import ExportData

__all__ = [
    "ALL_ROLES", "DocumentRow", "EntityRow", "claim_edges", "claim_properties", "confidence", "document_rows",
    "entity_refs", "entity_rows", "export_claims", "joined", "role_fillers", "source_chain", "source_chain_text",
    "time_text", "time_value",
]

LIST_SEPARATOR = "; "
"""Joins the values of one cell: the names of a list role, an entity's aliases."""

CHAIN_SEPARATOR = " <- "
"""Joins a source chain, outermost reporter first: ``Iran International <- ISW <- Oleksiy Arestovych``."""

ALL_ROLES: tuple[str, ...] = tuple(dict.fromkeys(r for roles in ROLES.values() for r in roles))
"""Every role of every claim type, each once, in ``ROLES`` order (the columns of a flattened claim)."""


@dataclass(frozen=True)
class EntityRow:
    """One entity of an export: its id (``e-…``), name, kind, knowledge-base id and other names."""

    id: str
    name: str
    kind: str
    kb_id: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentRow:
    """One document of an export; only ``id`` and ``name`` are known for a claim's document not given."""

    id: str
    name: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None


def export_claims(data: ExportData) -> list[Claim]:
    """The claims in export order; two claims with one id (the same claim given twice) are merged into one."""
    merged: dict[str, Claim] = {}
    for claim in data.claims:
        seen = merged.get(claim.id)
        merged[claim.id] = seen.merged_with(claim) if seen is not None else claim
    return sorted(merged.values(), key=claim_sort_key)


def role_fillers(claim: Claim) -> Iterator[tuple[str, int, EntityRef]]:
    """(role, position in the role, entity) for each entity of the claim's roles, in ``ROLES`` order; the
    position counts the members of a list role (meeting participants) from 0 and is 0 for a single entity."""
    for role in ROLES[claim.type]:
        for position, ref in enumerate(refs_of(claim.args.get(role))):
            yield role, position, ref


def source_chain(claim: Claim) -> tuple[EntityRef, ...]:
    """Who said it, outermost reporter first and the original speaker last; a claim with a source and no chain
    has a chain of its source alone."""
    if claim.source_chain:
        return claim.source_chain
    return (claim.source,) if claim.source is not None else ()


def source_chain_text(claim: Claim) -> str:
    """The source chain as names joined with ``" <- "`` (empty when the outlet itself says it)."""
    return CHAIN_SEPARATOR.join(ref.name for ref in source_chain(claim))


def entity_refs(claim: Claim) -> Iterator[EntityRef]:
    """Every entity the claim names: its role fillers, then its source chain."""
    for _, _, ref in role_fillers(claim):
        yield ref
    yield from source_chain(claim)


def claim_edges(claim: Claim) -> list[tuple[EntityRef, EntityRef]]:
    """The claim's edges in the claim graph: (from, to) for every pair of its ``EDGE_ROLES`` roles, as the store's
    ``claim_edges`` table has them (no self-loops; an undirected role such as meeting participants gives one
    edge per pair, the smaller entity id first). A claim type without an edge (deny), or a claim missing one of
    the two roles, has none."""
    by_id = {ref.id: ref for _, _, ref in role_fillers(claim)}
    return [(by_id[row[1]], by_id[row[2]]) for row in edge_rows([claim], None)]


def entity_rows(claims: Iterable[Claim]) -> list[EntityRow]:
    """Every entity the claims name (role fillers and sources), once per id, sorted by name then id.

    The name is the first one met in export order; the aliases are the other names the claims give it, the
    aliases an :class:`~claimgraph.model.Entity` carries, and those of its entry in the bundled knowledge base
    (:func:`~claimgraph.export.kb_facts.kb_entry`: by QID, else by name and kind).
    """
    first: dict[str, EntityRef] = {}
    names: dict[str, dict[str, None]] = {}
    for claim in claims:
        for ref in entity_refs(claim):
            first.setdefault(ref.id, ref)
            seen = names.setdefault(ref.id, {})
            seen[ref.name] = None
            if isinstance(ref, Entity):
                seen.update(dict.fromkeys(ref.aliases))
    rows = []
    for entity_id, ref in first.items():
        aliases = dict(names[entity_id])
        entry = kb_entry(ref)
        if entry is not None:
            aliases.update(dict.fromkeys(entry.aliases))
        aliases.pop(ref.name, None)
        rows.append(EntityRow(entity_id, ref.name, ref.kind, ref.kb_id, tuple(aliases)))
    return sorted(rows, key=lambda r: (r.name.casefold(), r.name, r.id))


def document_rows(data: ExportData, claims: Iterable[Claim] | None = None) -> list[DocumentRow]:
    """The documents given with the data, and a bare row (id and name) for any claim's document that was not,
    sorted by name then id."""
    rows = {d.id: DocumentRow(d.id, d.name, d.title, d.url, d.outlet, d.published) for d in data.documents.values()}
    for claim in data.claims if claims is None else claims:
        rows.setdefault(claim.doc_id, DocumentRow(claim.doc_id, claim.doc))
    return sorted(rows.values(), key=lambda r: (r.name, r.id))


def time_text(value: TimeValue | None) -> str:
    """A time as the text gives it ("on Friday"), or ""."""
    return value.text if value is not None else ""


def time_value(value: TimeValue | None) -> str:
    """A time's ISO value ("2022-08-05", "2022-08" or "2022"), or ""."""
    return value.value or "" if value is not None else ""


def confidence(claim: Claim) -> float:
    """The claim's confidence, rounded as claims-v1 rounds it."""
    return round(float(claim.confidence), 3)


def claim_properties(claim: Claim) -> dict[str, Any]:
    """What the graph exports attach to each edge of a claim: ``claim_id``, ``claim_type``, ``status``,
    ``event_date`` (when it happened, where the text says), ``statement_date`` (when it was said), ``source``
    (the original speaker's name), ``source_chain``, ``evidence`` (the first span's text), ``evidence_count``,
    ``doc`` (the document's name), ``confidence`` and ``directed`` (false for meet and negotiate). No value is
    None: what is unknown is ""."""
    spans = sorted(claim.evidence, key=lambda e: (e.start, e.end))
    fr, to = EDGE_ROLES.get(claim.type, ("", ""))
    return {
        "claim_id": claim.id,
        "claim_type": claim.type,
        "status": claim.status,
        "event_date": time_value(claim.time),
        "statement_date": time_value(claim.statement_time),
        "source": claim.source.name if claim.source else "",
        "source_chain": source_chain_text(claim),
        "evidence": spans[0].text if spans else "",
        "evidence_count": len(spans),
        "doc": claim.doc,
        "confidence": confidence(claim),
        "directed": fr != to,
    }


def joined(values: Iterable[str]) -> str:
    """Values of one cell joined with ``"; "``."""
    return LIST_SEPARATOR.join(values)

"""The HTML pages: search, entity profile, claim, ledger, document, network, edge and timeline views.

Every page is server-rendered and complete without JavaScript; the network view draws its graph with the
locally served cytoscape library when it loads, over lists and links that are always there.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ..model import CLAIM_TYPES, STATUSES
from ..query import (
    EDGE_ROLES,
    NetworkFilter,
    context,
    document_view,
    edge_claims,
    entity_claims,
    entity_profile,
    entries_for_claim,
    find_entities,
    get_entity,
    ledger_entry,
    network,
    stored_ledger,
    summary,
    timeline,
)
from .api import MAX_PAGE, MAX_TEXT_PARAM, NO_NUL, Id, get_claim
from .app import StoreDep, templates

__all__ = ["router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Text = Annotated[str | None, Query(max_length=MAX_TEXT_PARAM, pattern=NO_NUL)]
Limit = Annotated[int, Query(ge=1)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def _page(request: Request, name: str, **values: Any) -> HTMLResponse:
    values.setdefault("title", name.removesuffix(".html"))
    return templates.TemplateResponse(request, name, values)


def _names(store: StoreDep, ids: set[str]) -> dict[str, Any]:
    out = {}
    for eid in sorted(ids):
        found = get_entity(store, eid)
        if found is not None:
            out[eid] = found
    return out


@router.get("/")
def home(request: Request, store: StoreDep, q: Text = None) -> HTMLResponse:
    """Search (full text over documents and evidence, and entity names) and what the database holds."""
    query = (q or "").strip()
    hits = store.search(query, limit=50) if query else []
    entities = find_entities(store, query, limit=50) if query else []
    documents = store.read("SELECT id, name, title, published FROM documents "
                           "ORDER BY published IS NULL, published DESC, name LIMIT 20") if not query else []
    return _page(request, "search.html", title=f"search: {query}" if query else "claimgraph", q=query, hits=hits,
                 entities=entities, counts=store.counts(), documents=documents)


@router.get("/entities/{entity_id}")
def entity(request: Request, store: StoreDep, entity_id: Id, role: Text = None, limit: Limit = 50,
           offset: Offset = 0) -> HTMLResponse:
    """An entity's profile: kind, KB id, aliases, positions, claims by role, neighbours, links."""
    found = get_entity(store, entity_id)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    limit = min(limit, MAX_PAGE)
    profile = entity_profile(store, found)
    near = network(store, NetworkFilter(entity=entity_id, limit=60))
    nodes = {n.id: n for n in near.nodes}
    claims = entity_claims(store, entity_id, role or None, limit, offset)
    return _page(request, "entity.html", title=found.name, entity=found, entity_id=entity_id, profile=profile,
                 edges=near.edges, nodes=nodes, claims=claims, role=role or "", limit=limit, offset=offset)


@router.get("/claims/{claim_id}")
def claim(request: Request, store: StoreDep, claim_id: Id) -> HTMLResponse:
    """One claim: the evidence highlighted in its source text, the source chain, times and ledger entries."""
    found = get_claim(store, claim_id)
    doc = store.get_document(found.doc_id)
    spans = [context(doc.text, ev.start, ev.end) for ev in found.evidence] if doc else []
    return _page(request, "claim.html", title=summary(found), claim=found, document=doc, spans=spans,
                 entries=entries_for_claim(store, claim_id))


@router.get("/ledger")
def ledger(request: Request, store: StoreDep, type: Text = None, contested: bool = False, limit: Limit = 50,
           offset: Offset = 0) -> HTMLResponse:
    """Ledger entries: one per event across documents, with corroboration and contest."""
    flt = NetworkFilter(type=type)
    limit = min(limit, MAX_PAGE)
    entries = stored_ledger(store, type=flt.type, contested_only=contested, limit=limit, offset=offset)
    return _page(request, "ledger.html", title="ledger", entries=entries, type=flt.type or "",
                 contested=contested, types=CLAIM_TYPES, limit=limit, offset=offset)


@router.get("/ledger/{entry_id}")
def ledger_one(request: Request, store: StoreDep, entry_id: Id) -> HTMLResponse:
    """One event: its claims, corroboration, status history, conflicts side by side and denials."""
    entry = ledger_entry(store, entry_id)
    if entry is None:
        raise HTTPException(404, f"no ledger entry {entry_id!r}")
    return _page(request, "entry.html", title=f"{summary(entry)} — ledger", entry=entry)


@router.get("/documents/{doc_id}")
def document(request: Request, store: StoreDep, doc_id: Id) -> HTMLResponse:
    """The document's text with every extracted claim highlighted and labelled."""
    view = document_view(store, doc_id)
    if view is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return _page(request, "document.html", title=view.document.title or view.document.name, view=view)


@router.get("/network")
def network_page(request: Request, store: StoreDep, type: Text = None, status: Text = None, since: Text = None,
                 until: Text = None, source: Text = None, entity: Text = None, limit: Limit = 150) -> HTMLResponse:
    """The network: filter by claim type, status, dates and source; click a node or an edge."""
    flt = NetworkFilter(type=type, status=status, since=since, until=until, source=source, entity=entity,
                        limit=limit)
    graph = network(store, flt)
    sources = store.read(  # counted down the source index first, then named: half the time of a join per claim
        "SELECT e.id, e.name FROM (SELECT source_entity_id AS sid, COUNT(*) AS n FROM claims "
        "WHERE source_entity_id IS NOT NULL GROUP BY source_entity_id) s JOIN entities e ON e.id = s.sid "
        "ORDER BY s.n DESC, e.name LIMIT 100")
    return _page(request, "network.html", title="network", graph=graph, flt=flt,
                 nodes={n.id: n for n in graph.nodes}, types=list(EDGE_ROLES), statuses=STATUSES, sources=sources,
                 vendor=request.app.state.vendor)


@router.get("/edges")
def edge(request: Request, store: StoreDep, source: Annotated[str, Query(max_length=MAX_TEXT_PARAM, pattern=NO_NUL)],
         target: Annotated[str, Query(max_length=MAX_TEXT_PARAM, pattern=NO_NUL)],
         type: Annotated[str, Query(max_length=40, pattern=NO_NUL)]) -> HTMLResponse:
    """The claims behind one edge of the network."""
    claims = edge_claims(store, source, target, type)  # checks the type first: 422 for an unknown one
    ends = _names(store, {source, target})
    if source not in ends or target not in ends:  # an unknown entity at either end (or both, the same one)
        raise HTTPException(404, "no such edge")
    return _page(request, "edge.html", title=f"{type}: {ends[source].name} → {ends[target].name}", claims=claims,
                 source=ends[source], target=ends[target], source_id=source, target_id=target, type=type)


@router.get("/timeline")
def timeline_page(request: Request, store: StoreDep, entity: Text = None, type: Text = None,
                  limit: Limit = 200) -> HTMLResponse:
    """Claims in time: when each event happened and when it was said."""
    flt = NetworkFilter(type=type)
    who = get_entity(store, entity) if entity else None
    if entity and who is None:
        raise HTTPException(404, f"no entity {entity!r}")
    items = timeline(store, entity or None, flt.type, min(limit, MAX_PAGE))
    return _page(request, "timeline.html", title="timeline" + (f": {who.name}" if who else ""), items=items,
                 who=who, entity=entity or "", type=flt.type or "", types=CLAIM_TYPES)

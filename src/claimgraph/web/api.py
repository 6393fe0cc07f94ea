"""The JSON API under ``/api``: the same queries the pages and the CLI use, described by OpenAPI at
``/openapi.json`` (browsable at ``/docs``). Claims are claims-v1 objects; page sizes are capped, not refused;
every text parameter, path ids included, has a maximum length (422 naming it beyond). Errors are
``{"detail": "one line"}``, as the OpenAPI description says.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from pydantic import AfterValidator, BaseModel

from ..model import CLAIM_TYPES, STATUSES, Claim
from ..query import (
    LedgerEntry,
    Network,
    NetworkFilter,
    TimelineItem,
    entity_claims,
    entity_profile,
    entries_for_claim,
    find_entities,
    get_entity,
    ledger_entry,
    network,
    stored_ledger,
    timeline,
)
from .app import StoreDep
from .security import MAX_URL

__all__ = ["ERRORS", "MAX_ID", "MAX_PAGE", "MAX_TEXT_PARAM", "NOT_FOUND", "NO_NUL", "Error", "Id", "get_claim",
           "router"]

MAX_PAGE = 500
"""The most items one API page returns; a larger ``limit`` is capped to it."""

MAX_TEXT_PARAM = 200
"""The most characters of a text query parameter (a search, a type, an entity id, a date)."""

MAX_ID = 500
"""The most characters of an id in a path (a document may be asked for by its name)."""

NO_NUL = r"^[^\x00]*$"
"""Every text parameter: no NUL characters (PostgreSQL cannot compare text with them; 422, not a 500)."""


class Error(BaseModel):
    """An error: one line saying what was wrong, naming the parameter when one was."""

    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    414: {"model": Error, "description": f"The path and query are over {MAX_URL} bytes."},
    422: {"model": Error, "description": "A parameter is malformed, out of range or too long (the message names it)."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Error, "description": "No such id."}}



async def _each_parameter_once(request: Request) -> None:  # async: no thread for a loop over names
    """422 for a query parameter given twice: every parameter is one value, and "the last one wins" would let
    a proxy or a log see one value while the query uses another."""
    for name in request.query_params:
        if len(request.query_params.getlist(name)) > 1:
            raise HTTPException(422, f"{name[:40]}: given more than once")


router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS, dependencies=[Depends(_each_parameter_once)])
Limit = Annotated[int, Query(ge=1, description=f"Page size (capped at {MAX_PAGE}).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Text = Annotated[str | None, Query(max_length=MAX_TEXT_PARAM, pattern=NO_NUL)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


# Checked, not declared as a pattern: a path cannot carry a NUL, so schemathesis could make no invalid path.
Id = Annotated[str, PathParam(min_length=1, max_length=MAX_ID), AfterValidator(_no_nul)]
# Documented as an enum and a pattern, checked by the query layer (NetworkFilter), whose messages are clearer
# than pydantic's: "unknown claim type 'x' (known: …)", "'soon' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)".
# An empty value means "any", as an omitted one does (what an HTML form sends for "any").
ClaimType = Annotated[str | None, Query(max_length=40, description="A claim type (empty: any).",
                                        json_schema_extra={"enum": ["", *CLAIM_TYPES]})]
Status = Annotated[str | None, Query(max_length=40, description="A claim status (empty: any).",
                                     json_schema_extra={"enum": ["", *STATUSES]})]
_YEAR = r"([1-9]\d{3}|0[1-9]\d{2}|00[1-9]\d|000[1-9])"
_MONTH_DAY = (r"((0[13578]|1[02])(-(0[1-9]|[12]\d|3[01]))?|(0[469]|11)(-(0[1-9]|[12]\d|30))?"
              r"|02(-(0[1-9]|1\d|2\d))?)")
Day = Annotated[str | None, Query(max_length=10, description="An ISO date: YYYY, YYYY-MM or YYYY-MM-DD (29 February "
                                                             "only in leap years; empty: any).",
                                  json_schema_extra={"pattern": f"^({_YEAR}(-{_MONTH_DAY})?)?$"})]


def _cap(limit: int) -> int:
    return min(limit, MAX_PAGE)


def get_claim(store: StoreDep, claim_id: str) -> Claim:
    """The stored claim with this id, or 404."""
    found = store.select_claims("WHERE c.id = ?", [claim_id], limit=1)
    if not found:
        raise HTTPException(404, f"no claim {claim_id!r}")
    return found[0]


def _entity_or_404(store: StoreDep, entity_id: str) -> Any:
    entity = get_entity(store, entity_id)
    if entity is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return entity


def _entry_json(entry: LedgerEntry, with_claims: bool = True) -> dict[str, Any]:
    out = entry.to_json()
    out["contested"] = entry.contested
    if not with_claims:
        out["claims"] = [c.id for c in entry.claims]
    return out


@router.get("/search")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT_PARAM, pattern=NO_NUL)],
           limit: Limit = 20) -> dict:
    """Full text over documents and evidence (the words as a phrase, never query syntax), and entity names."""
    hits = store.search(q, limit=_cap(limit))
    entities = find_entities(store, q, limit=_cap(limit))
    return {"query": q,
            "entities": [{"id": e.id, "name": e.name, "kind": e.kind, "kb_id": e.kb_id} for e in entities],
            "hits": [asdict(h) for h in hits]}


@router.get("/entities/{entity_id}", responses=NOT_FOUND)
def entity(store: StoreDep, entity_id: Id) -> dict:
    """An entity's profile: names, claims by role, positions over time, links, and its neighbours."""
    found = _entity_or_404(store, entity_id)
    profile = entity_profile(store, found)
    near = network(store, NetworkFilter(entity=entity_id, limit=100))
    return {"id": entity_id, **profile.model_dump(mode="json"), "neighbours": near.model_dump(mode="json")}


@router.get("/entities/{entity_id}/claims", responses=NOT_FOUND)
def claims_of_entity(store: StoreDep, entity_id: Id, role: Text = None, limit: Limit = 50,
                     offset: Offset = 0) -> list[dict]:
    """A page of the claims the entity is in (optionally in one role, or 'source')."""
    _entity_or_404(store, entity_id)
    return [c.to_v1() for c in entity_claims(store, entity_id, role, _cap(limit), offset)]


@router.get("/claims/{claim_id}", responses=NOT_FOUND)
def claim(store: StoreDep, claim_id: Id) -> dict:
    """One claim in claims-v1, with the ledger entries it belongs to."""
    found = get_claim(store, claim_id)
    return {**found.to_v1(), "ledger": [e.id for e in entries_for_claim(store, claim_id)]}


@router.get("/ledger")
def ledger(store: StoreDep, type: ClaimType = None, entity: Text = None, contested: bool = False,
           limit: Limit = 50, offset: Offset = 0) -> list[dict]:
    """Ledger entries (one per event across documents), most documents first; claims as ids."""
    entries = stored_ledger(store, type=NetworkFilter(type=type).type, entity_id=entity or None,
                            contested_only=contested, limit=_cap(limit), offset=offset)
    return [_entry_json(e, with_claims=False) for e in entries]


@router.get("/ledger/{entry_id}", responses=NOT_FOUND)
def ledger_one(store: StoreDep, entry_id: Id) -> dict:
    """One ledger entry with its claims-v1 claims, status history, conflicts and denials."""
    entry = ledger_entry(store, entry_id)
    if entry is None:
        raise HTTPException(404, f"no ledger entry {entry_id!r}")
    return _entry_json(entry)


@router.get("/documents/{doc_id}", responses=NOT_FOUND)
def document(store: StoreDep, doc_id: Id) -> dict:
    """A stored document (by id or name): its metadata, text and claims."""
    doc = store.get_document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return {"id": doc.id, **doc.model_dump(mode="json"), "claims": [c.to_v1() for c in store.claims(doc.id)]}


@router.get("/network")
def network_(store: StoreDep, type: ClaimType = None, status: Status = None, since: Day = None, until: Day = None,
             source: Text = None, entity: Text = None, limit: Limit = 200) -> Network:
    """Nodes and edges (one per from, to and claim type), filtered; the best attested edges first."""
    flt = NetworkFilter(type=type, status=status, since=since, until=until, source=source, entity=entity,
                        limit=limit)
    return network(store, flt)


@router.get("/timeline")
def timeline_(store: StoreDep, entity: Text = None, type: ClaimType = None, limit: Limit = 200) -> list[TimelineItem]:
    """Dated claims, oldest first: when each event happened and when it was said."""
    flt = NetworkFilter(type=type)  # validates the type with the same message as elsewhere
    return timeline(store, entity or None, flt.type, _cap(limit))

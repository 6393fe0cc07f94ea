"""The ``ftm`` exporter: FollowTheMoney entities as JSON Lines, for Aleph and the FtM/OpenSanctions tools.

Built with the ``followthemoney`` library itself (``model.make_entity``, ``proxy.add`` which cleans every
value for its property type, ``proxy.make_id``, ``proxy.to_dict``), one entity per line, sorted.

Mapping (FtM has no schema for a country, a weapon or a treaty):

* actors: ``person`` -> **Person**; ``state``, ``agency``, ``court``, ``armed_force`` -> **PublicBody** (a
  state acts in the news as its government, and only a LegalEntity may be an Event's ``involved`` or
  ``organizer``: a Territory may not); ``armed_group``, ``organization``, ``outlet``, ``group`` ->
  **Organization**. Each gets ``wikidataId`` (the QID), ``country`` (ISO 3166 alpha-2 from the bundled KB:
  a state's ``iso2``, or the ``state``/``country`` fact of an agency, force, court, group or outlet) and a
  ``topics`` tag where the kind implies one (gov.national, gov, gov.judicial, mil).
* places -> **Address** (``full`` = the name, ``country`` from the KB), linked from the Event by
  ``addressEntity``; the Event's ``location`` carries the name as text too.
* weapons and agreements -> no entity: their names stay on the Event (its name, ``description`` and
  ``keywords``); an Organization for a drone model would be false.
* documents -> **Article** (``title``, ``fileName`` = the document name, ``publisher`` = outlet,
  ``sourceUrl``, ``publishedAt``, ``bodyText``); a claim whose document was not given still gets a bare
  Article so that every reference resolves.
* ``position`` claims -> **Employment** (a person in a state, agency, court, force, organization or outlet;
  ``role`` = the position) or **Membership** (in an armed group or a loose group, or a non-person member).
  Every other claim -> **Event**: ``name`` = the one-line summary, ``summary`` = the evidence text,
  ``description`` = type, status, source chain, statement time and confidence; ``involved`` = every
  entity of its roles, ``organizer`` = the acting role of a directed type (supplier, attacker,
  authority, ...), ``date`` = when it happened (partial ISO dates kept: 2022, 2022-08).
* provenance on Events and Interests: ``proof`` -> the Article, ``publisher``, ``sourceUrl``,
  ``recordId`` = the claim id, ``notes`` = the evidence offsets. The original source of a claim (the
  speaker, when it is an entity) is linked to its Event by an **UnknownLink** with role ``source``.

Ids are ``make_id`` hashes of our content ids (entity, claim, document ids), so output is deterministic.
Country codes come from the bundled knowledge base only (entries added with ``--kb`` are not consulted).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from ..errors import ExportError
from ..model import EDGE_ROLES, Claim, Document, EntityRef
from ..query import summary
from .jsonl import claim_sort_key
from .kb_facts import iso2, refs_of

if TYPE_CHECKING:  # followthemoney is imported when an export is built: it takes 0.45 s, which every CLI
    from followthemoney.proxy import EntityProxy  # command would pay (the exporters are all registered)
from .registry import ExportData, register_exporter

__all__ = ["KIND_SCHEMA", "build_entities", "export_ftm"]

KIND_SCHEMA: dict[str, str] = {
    "person": "Person",
    "state": "PublicBody", "agency": "PublicBody", "court": "PublicBody", "armed_force": "PublicBody",
    "armed_group": "Organization", "organization": "Organization", "outlet": "Organization",
    "group": "Organization", "place": "Address",
}
"""Entity kind -> FtM schema; kinds not listed (weapon, agreement) become no entity."""
KIND_TOPICS: dict[str, str] = {"state": "gov.national", "agency": "gov", "court": "gov.judicial", "armed_force": "mil"}
MEMBERSHIP_KINDS = frozenset({"armed_group", "group"})
"""Organizations one is a member of rather than employed by."""
_ORDER = {"Article": 0, "Person": 1, "PublicBody": 2, "Organization": 3, "Address": 4, "Employment": 5,
          "Membership": 6, "Event": 7, "UnknownLink": 8}


def _iso2(ref: EntityRef) -> str | None:
    code = iso2(ref)
    return code.lower() if code else None


# -- claims: their entities ----------------------------------------------------------------------------------
def _role_refs(claim: Claim, roles: Iterable[str]) -> list[EntityRef]:
    return [r for role in roles for r in refs_of(claim.args.get(role))]


def _acting(claim: Claim) -> list[str]:
    """Every role of a claim but its location."""
    return [role for role in claim.args if role != "location"]


def _make(schema: str, *key: str) -> EntityProxy:
    from followthemoney import model

    proxy = model.make_entity(schema)
    proxy.make_id("claimgraph", *key)
    return proxy


def _actor(ref: EntityRef) -> EntityProxy:
    proxy = _make(KIND_SCHEMA[ref.kind], "entity", ref.id)
    proxy.add("name", ref.name)
    if ref.kind == "place":
        proxy.add("full", ref.name)
    if ref.kb_id:
        proxy.add("wikidataId", ref.kb_id)
    proxy.add("country", _iso2(ref))
    proxy.add("topics", KIND_TOPICS.get(ref.kind))
    return proxy


def _article(doc_id: str, name: str, document: Document | None) -> EntityProxy:
    proxy = _make("Article", "document", doc_id)
    proxy.add("fileName", name)
    proxy.add("name", (document.title if document else None) or name)
    if document is not None:
        proxy.add("title", document.title)
        proxy.add("publisher", document.outlet)
        proxy.add("sourceUrl", document.url)
        proxy.add("publishedAt", document.published.isoformat() if document.published else None)
        proxy.add("bodyText", document.text)
    return proxy


def _description(claim: Claim) -> str:
    chain = " > ".join(r.name for r in claim.source_chain) or "the outlet itself"
    parts = [f"claim type: {claim.type}", f"status: {claim.status}", f"source chain: {chain}"]
    if claim.statement_time:
        parts.append(f"stated: {claim.statement_time.value or claim.statement_time.text}")
    parts.append(f"confidence: {claim.confidence:.3f}")
    return "; ".join(parts)


def _provenance(proxy: EntityProxy, claim: Claim, article_id: str, document: Document | None) -> None:
    proxy.add("proof", article_id)
    proxy.add("recordId", claim.id)
    proxy.add("summary", " … ".join(e.text for e in claim.evidence))
    proxy.add("description", _description(claim))
    if document is not None:
        proxy.add("publisher", document.outlet)
        proxy.add("sourceUrl", document.url)
    if proxy.schema.get("notes") is not None:
        proxy.add("notes", "; ".join(f"evidence {e.doc}[{e.start}:{e.end}]" for e in claim.evidence))


def _interest(claim: Claim, actor_ids: dict[str, str]) -> EntityProxy | None:
    """A ``position`` claim as Employment or Membership, or None when it lacks a person or organization."""
    members = [r for r in _role_refs(claim, ["person"]) if r.id in actor_ids]
    orgs = [r for r in _role_refs(claim, ["organization"]) if r.id in actor_ids and r.kind != "place"]
    if len(members) != 1 or len(orgs) != 1:
        return None
    member, org = members[0], orgs[0]
    if member.kind == "person" and org.kind not in MEMBERSHIP_KINDS:
        proxy = _make("Employment", "claim", claim.id)
        proxy.add("employee", actor_ids[member.id])
        proxy.add("employer", actor_ids[org.id])
    else:
        proxy = _make("Membership", "claim", claim.id)
        proxy.add("member", actor_ids[member.id])
        proxy.add("organization", actor_ids[org.id])
    proxy.add("role", claim.args.get("position") if isinstance(claim.args.get("position"), str) else None)
    proxy.add("status", claim.status)
    if claim.time and claim.time.value:
        proxy.add("startDate", claim.time.value)
    return proxy


def _event(claim: Claim, actor_ids: dict[str, str]) -> EntityProxy:
    proxy = _make("Event", "claim", claim.id)
    proxy.add("name", summary(claim))
    everyone = _role_refs(claim, claim.args)
    actors = _role_refs(claim, _acting(claim))
    proxy.add("involved", sorted({actor_ids[r.id] for r in actors if r.kind != "place" and r.id in actor_ids}))
    first, second = EDGE_ROLES.get(claim.type, ("", ""))
    if first != second:
        proxy.add("organizer", sorted({actor_ids[r.id] for r in _role_refs(claim, [first]) if r.id in actor_ids}))
    for place in (r for r in everyone if r.kind == "place" or r in _role_refs(claim, ["location"])):
        proxy.add("location", place.name)
        proxy.add("addressEntity", actor_ids.get(place.id) if place.kind == "place" else None)
        proxy.add("country", _iso2(place))
    if claim.time and claim.time.value:
        proxy.add("date", claim.time.value)
    things = [r.name for r in everyone if r.kind not in KIND_SCHEMA]
    proxy.add("keywords", [claim.type, claim.status, *things])
    return proxy


def _source_link(claim: Claim, event_id: str, actor_ids: dict[str, str]) -> EntityProxy | None:
    if claim.source is None or claim.source.id not in actor_ids:
        return None
    proxy = _make("UnknownLink", "source", claim.id)
    proxy.add("subject", actor_ids[claim.source.id])
    proxy.add("object", event_id)
    proxy.add("role", "source")
    proxy.add("status", claim.status)
    return proxy


def _actors(claims: Iterable[Claim]) -> dict[str, EntityProxy]:
    """One entity per claimgraph entity id (roles and sources), other names of one id kept as aliases."""
    actors: dict[str, EntityProxy] = {}
    for claim in claims:
        refs = [*_role_refs(claim, claim.args), *([claim.source] if claim.source else []), *claim.source_chain]
        places = {r.id for r in _role_refs(claim, ["location"]) if r.kind != "place"}  # a state as a place
        for ref in refs:
            if ref.kind not in KIND_SCHEMA or (ref.id in places and ref not in _role_refs(claim, _acting(claim))):
                continue
            if ref.id in actors:
                if ref.name not in actors[ref.id].get("name"):
                    actors[ref.id].add("alias", ref.name)
            else:
                actors[ref.id] = _actor(ref)
    return actors


def build_entities(data: ExportData) -> list[EntityProxy]:
    """Every entity of the export, in output order (documents, actors, places, relations, events, links)."""
    claims = sorted(data.claims, key=claim_sort_key)
    actors = _actors(claims)
    actor_ids = {key: proxy.id for key, proxy in actors.items() if proxy.id}
    articles: dict[str, EntityProxy] = {}
    out: list[EntityProxy] = list(actors.values())
    for claim in claims:
        document = data.documents.get(claim.doc_id)
        if claim.doc_id not in articles:
            articles[claim.doc_id] = _article(claim.doc_id, claim.doc, document)
        article_id = articles[claim.doc_id].id or ""
        relation = _interest(claim, actor_ids) if claim.type == "position" else None
        if relation is None:
            relation = _event(claim, actor_ids)
            link = _source_link(claim, relation.id or "", actor_ids)
            if link is not None:
                _provenance(link, claim, article_id, document)
                out.append(link)
        _provenance(relation, claim, article_id, document)
        out.append(relation)
    out.extend(articles.values())
    return sorted(out, key=lambda p: (_ORDER[p.schema.name], p.id or ""))


def _lines(entities: Iterable[EntityProxy]) -> Iterator[str]:
    for proxy in entities:
        data = proxy.to_dict()
        data["properties"] = {k: sorted(v) for k, v in sorted(data["properties"].items())}
        yield json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def export_ftm(data: ExportData, out: TextIO) -> int:
    """Write the FtM entities of ``data`` as JSON Lines; return how many entities were written."""
    entities = build_entities(data)
    try:
        for line in _lines(entities):
            out.write(line)
        out.flush()
    except OSError as err:
        raise ExportError(f"cannot write the ftm export: {err.strerror or err}") from None
    return len(entities)


@register_exporter("ftm", description="FollowTheMoney entities (JSON Lines) for Aleph: actors, events, articles")
def write_ftm(data: ExportData, out: TextIO) -> int:
    """Registered form of :func:`export_ftm`."""
    return export_ftm(data, out)

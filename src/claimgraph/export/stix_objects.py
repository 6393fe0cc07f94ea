"""The STIX 2.1 mapping of claimgraph's data: deterministic ids and timestamps, and one STIX object per entity.

Pure functions that turn our model into plain STIX dictionaries; :mod:`claimgraph.export.stix` assembles
them into a bundle. Entities map by kind:

* states, agencies, courts, organizations, outlets, armed groups and forces -> ``identity``
  (``organization``; sectors ``government-national`` for states and armed forces, ``government`` for agencies
  and courts, ``communications`` for outlets), persons -> ``identity`` (``individual``), unnamed sets
  ("Israelis", "judicial authorities") -> ``identity`` (``class``);
* armed groups and armed forces that attack, kill, threaten or are designated in the exported claims ->
  ``threat-actor`` (``nation-state`` for armed forces, ``terrorist`` when designated a terrorist
  organisation, else ``unknown``); when such an actor is also an author (a claim's source), an ``identity``
  twin with the same UUID is added, since ``created_by_ref`` must point at an identity;
* places -> ``location`` (``country`` = ISO 3166-1 alpha-2 from the bundled knowledge base where known, else
  ``region: "unknown"`` and ``x_claimgraph_country_unknown``, since STIX requires region, country or
  coordinates);
* weapons and agreements -> the custom SDOs ``x-claimgraph-weapon`` and ``x-claimgraph-agreement``, each
  declared by an extension definition (``new-sdo``): STIX has no weapon or treaty object, and ``tool`` means
  software.

Every ``x_claimgraph_*`` property is declared by one ``toplevel-property-extension`` definition, so the
bundle stays valid STIX 2.1 without a validator's custom-content warnings. Wikidata QIDs go into
``external_references`` (``source_name: "wikidata"``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from ..model import Claim, EntityRef, TimeValue
from .kb_facts import iso2

__all__ = [
    "AGREEMENT_TYPE", "EPOCH", "HOSTILE_ROLES", "NAMESPACE", "PRODUCER_ID", "PROPERTY_EXTENSION_ID",
    "WEAPON_TYPE", "CountryOf", "entity_object", "entity_refs", "extension_objects", "identity_twin",
    "kb_country", "producer_identity", "property_extension", "stix_id", "stix_time", "stix_type",
    "threat_actor_types", "time_start", "wikidata_reference",
]

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/claimgraph/claimgraph#stix-2.1")
"""The UUIDv5 namespace of every claimgraph STIX id: ``type--uuid5(NAMESPACE, our content id)``."""
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""``created``/``modified`` of objects that belong to no document (entities, the producer, extensions)."""
WEAPON_TYPE = "x-claimgraph-weapon"
AGREEMENT_TYPE = "x-claimgraph-agreement"
HOSTILE_ROLES = frozenset({"attacker", "killer", "threatener", "designated"})
"""Roles that make an armed group or armed force a threat actor."""

CountryOf = Callable[[EntityRef], "str | None"]
"""Finds the ISO 3166-1 alpha-2 code of a place (``None`` where unknown)."""


def stix_id(stix_type: str, key: str) -> str:
    """A deterministic STIX id: ``stix_type--uuid5(NAMESPACE, key)``."""
    return f"{stix_type}--{uuid.uuid5(NAMESPACE, key)}"


PRODUCER_ID = stix_id("identity", "claimgraph")
PROPERTY_EXTENSION_ID = stix_id("extension-definition", "claimgraph:properties")
_SDO_EXTENSION_IDS = {t: stix_id("extension-definition", f"claimgraph:{t}") for t in (WEAPON_TYPE, AGREEMENT_TYPE)}
PROPERTY_EXTENSION = {PROPERTY_EXTENSION_ID: {"extension_type": "toplevel-property-extension"}}


def stix_time(value: dt.datetime | dt.date) -> str:
    """A STIX timestamp at millisecond precision in UTC (a date is its midnight)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def time_start(time: TimeValue | None) -> tuple[str, str] | None:
    """``(timestamp, precision)`` of a claim time: YYYY and YYYY-MM map to their first day; ``None`` when the
    value is missing or not an ISO date."""
    if time is None or not time.value:
        return None
    parts = time.value.split("-")
    precision = time.precision or {1: "year", 2: "month", 3: "day"}.get(len(parts))
    try:
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        day = dt.date(*numbers[:3])
    except (TypeError, ValueError):
        return None
    return stix_time(day), precision or "day"


def wikidata_reference(qid: str) -> dict[str, str]:
    """The external reference of a Wikidata item."""
    return {"source_name": "wikidata", "external_id": qid, "url": f"https://www.wikidata.org/wiki/{qid}"}


def entity_refs(value: Any) -> list[EntityRef]:
    """The entities a role value holds (one, a list, or none for a number or string)."""
    if isinstance(value, EntityRef):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, EntityRef)]
    return []


def threat_actor_types(claims: Iterable[Claim]) -> dict[str, list[str]]:
    """Entity id -> ``threat_actor_types`` for each armed group or force in a hostile role of the claims."""
    types: dict[str, set[str]] = {}
    for claim in claims:
        designation = str(claim.args.get("designation", "")).casefold()
        for role, value in claim.args.items():
            for ref in entity_refs(value) if role in HOSTILE_ROLES else []:
                if ref.kind == "armed_force":
                    types.setdefault(ref.id, set()).add("nation-state")
                elif ref.kind == "armed_group":
                    terrorist = role == "designated" and "terror" in designation
                    types.setdefault(ref.id, set()).add("terrorist" if terrorist else "unknown")
    return {k: sorted(v - {"unknown"} or v) for k, v in types.items()}


def stix_type(ref: EntityRef, threat_actors: dict[str, list[str]]) -> str:
    """The STIX type an entity maps to."""
    if ref.id in threat_actors:
        return "threat-actor"
    return {"place": "location", "weapon": WEAPON_TYPE, "agreement": AGREEMENT_TYPE}.get(ref.kind, "identity")


_IDENTITY = {
    "state": ("organization", ["government-national"]), "armed_force": ("organization", ["government-national"]),
    "agency": ("organization", ["government"]), "court": ("organization", ["government"]),
    "outlet": ("organization", ["communications"]), "organization": ("organization", []),
    "armed_group": ("organization", []), "person": ("individual", []), "group": ("class", []),
}


def _common(stix_type_: str, ref: EntityRef) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": stix_type_, "spec_version": "2.1", "id": stix_id(stix_type_, ref.id),
        "created": stix_time(EPOCH), "modified": stix_time(EPOCH), "name": ref.name,
    }
    if ref.kb_id:
        out["external_references"] = [wikidata_reference(ref.kb_id)]
    return out


def _claimgraph_props(ref: EntityRef) -> dict[str, Any]:
    props: dict[str, Any] = {"x_claimgraph_entity_id": ref.id, "x_claimgraph_kind": ref.kind}
    if ref.origin:
        props["x_claimgraph_origin"] = ref.origin
    return props


def identity_twin(ref: EntityRef) -> dict[str, Any]:
    """The ``identity`` of an entity (also the author twin of a threat actor: same UUID, other type)."""
    identity_class, sectors = _IDENTITY.get(ref.kind, ("unknown", []))
    out = _common("identity", ref) | {"identity_class": identity_class}
    if sectors:
        out["sectors"] = sectors
    return out | _claimgraph_props(ref) | {"extensions": PROPERTY_EXTENSION}


def entity_object(ref: EntityRef, threat_actors: dict[str, list[str]], country_of: CountryOf) -> dict[str, Any]:
    """The STIX object of one entity."""
    kind = stix_type(ref, threat_actors)
    if kind == "identity":
        return identity_twin(ref)
    out = _common(kind, ref)
    if kind == "threat-actor":
        out["threat_actor_types"] = threat_actors[ref.id]
    elif kind == "location":
        country = country_of(ref)
        out |= {"country": country} if country else {"region": "unknown", "x_claimgraph_country_unknown": True}
    else:  # a custom SDO declared by its own extension definition; its own properties need no prefix
        return out | _claimgraph_props(ref) | {"extensions": {_SDO_EXTENSION_IDS[kind]: {"extension_type": "new-sdo"}}}
    return out | _claimgraph_props(ref) | {"extensions": PROPERTY_EXTENSION}


def kb_country(ref: EntityRef) -> str | None:
    """The ISO 3166-1 alpha-2 code of a place from the bundled knowledge base (by QID, else by name)."""
    return iso2(ref)


def producer_identity() -> dict[str, Any]:
    """claimgraph itself, the author of the extension definitions."""
    return {
        "type": "identity", "spec_version": "2.1", "id": PRODUCER_ID, "created": stix_time(EPOCH),
        "modified": stix_time(EPOCH), "name": "claimgraph", "identity_class": "system",
        "description": "Extracts sourced claims from news text into a knowledge graph.",
    }


def _extension(key: str, name: str, description: str, types: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "type": "extension-definition", "spec_version": "2.1", "id": stix_id("extension-definition", key),
        "created_by_ref": PRODUCER_ID, "created": stix_time(EPOCH), "modified": stix_time(EPOCH), "name": name,
        "description": description, "schema": description, "version": "1.0.0", "extension_types": types, **extra,
    }


def property_extension(properties: Iterable[str]) -> dict[str, Any]:
    """The extension definition that declares the ``x_claimgraph_*`` top-level properties in use."""
    return _extension(
        "claimgraph:properties", "claimgraph claim properties",
        "Top-level properties x_claimgraph_* carry claimgraph's claim data (see claims-v1): the claim id, type, "
        "status, source and source chain, the roles that are not the relationship's ends, the times as the "
        "text gives them, the evidence spans and the extraction confidence (0..1).",
        ["toplevel-property-extension"], extension_properties=sorted(set(properties)))


def extension_objects(custom_types: Iterable[str]) -> list[dict[str, Any]]:
    """The extension definitions of the custom SDOs in use."""
    texts = {
        WEAPON_TYPE: ("claimgraph weapon", "A weapon or weapon class named in news text (no STIX object fits: "
                                           "tool means software). Properties: name, external_references "
                                           "(wikidata), x_claimgraph_entity_id, x_claimgraph_kind, "
                                           "x_claimgraph_origin (the state it is said to come from)."),
        AGREEMENT_TYPE: ("claimgraph agreement", "A treaty or agreement named in news text. Properties: name, "
                                                 "external_references (wikidata), x_claimgraph_entity_id, "
                                                 "x_claimgraph_kind."),
    }
    return [_extension(f"claimgraph:{t}", *texts[t], ["new-sdo"]) for t in sorted(set(custom_types))]

"""The ``stix`` exporter: one STIX 2.1 bundle (JSON) of the claims, built and checked with the ``stix2`` library.

Entities map as :mod:`claimgraph.export.stix_objects` describes. Each claim becomes:

* a ``relationship`` per pair of entities in its type's edge roles (``EDGE_ROLES``: supplier ``supplies``
  recipient, attacker ``attacks`` target, …; undirected types give one per unordered pair), or, when it has no
  such pair (a detention with only a detainee, a denial, a transfer without a supplier), one ``note`` whose
  ``object_refs`` are its entities: nothing is lost, and no claim is both. Every one carries
  ``x_claimgraph_claim_id``, type, status, source and source chain, the other roles (``x_claimgraph_<role>``
  for numbers and strings, ``x_claimgraph_<role>_refs`` for entities), the times, ``description`` (or a note's
  ``content``) = the evidence text, ``external_references`` to the document and to each evidence span
  (``claimgraph-evidence``, ``doc:start-end``), ``created_by_ref`` = the original source, else the outlet;
* ``start_time`` = the event time at its first instant (``x_claimgraph_time_precision``: year, month or day);
* ``confidence`` = the status scale below times (0.5 + extraction confidence / 2), rounded;
* an ``opinion`` for a denial: a ``denied`` claim gets ``strongly-disagree`` on its objects, by its source (else
  the outlet); a ``deny`` claim gets one by its denier on its note (``disagree`` if the denial is itself
  hedged, unconfirmed, reported or planned).

Each document gives a ``report`` (name = title or name, ``published`` = its publication date, ``object_refs``
= its claims' objects and their entities, references to its URL and outlet); a document that is missing or
has no date gets ``published`` = 1970-01-01 and ``x_claimgraph_published_unknown``. Ids are
``type--uuid5(NAMESPACE, our content id)``, timestamps come from the data: the same claims give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import ExportError
from ..model import EDGE_ROLES, Claim, Document, EntityRef
from .jsonl import claim_sort_key
from .registry import ExportData, register_exporter

if TYPE_CHECKING:  # stix2 is imported when a bundle is built, not by every CLI command
    import stix2
from .stix_objects import (
    EPOCH,
    PROPERTY_EXTENSION,
    CountryOf,
    entity_object,
    entity_refs,
    extension_objects,
    identity_twin,
    kb_country,
    producer_identity,
    property_extension,
    stix_id,
    stix_time,
    stix_type,
    threat_actor_types,
    time_start,
)

__all__ = ["RELATIONSHIP_TYPES", "STATUS_CONFIDENCE", "claim_pairs", "export_stix", "stix_bundle", "stix_confidence"]

STATUS_CONFIDENCE = {
    "confirmed": 90, "asserted": 75, "reported": 50, "planned": 40, "unconfirmed": 30, "hedged": 25, "denied": 10,
}
"""STIX confidence (0-100) of a claim by its status, before scaling by the extraction confidence."""
RELATIONSHIP_TYPES = {
    "transfer": "supplies", "support": "supports", "attack": "attacks", "kill": "kills", "meet": "meets-with",
    "negotiate": "negotiates-with", "threaten": "threatens", "accuse": "accuses", "detain": "detains",
    "sentence": "sentences", "release": "releases", "position": "holds-position-in", "designate": "designates",
    "withdraw": "withdraws-from", "sanction": "sanctions",
}
_SOFT_DENIAL = frozenset({"hedged", "unconfirmed", "reported", "planned"})


def stix_confidence(claim: Claim) -> int:
    """The STIX confidence of a claim: its status scale times (0.5 + extraction confidence / 2)."""
    return round(STATUS_CONFIDENCE[claim.status] * (0.5 + claim.confidence / 2))


def _unique(refs: Iterable[EntityRef]) -> list[EntityRef]:
    return sorted({r.id: r for r in refs}.values(), key=lambda r: r.id)


def claim_pairs(claim: Claim) -> list[tuple[EntityRef, EntityRef]]:
    """The (from, to) entity pairs of a claim's edge roles; every unordered pair for an undirected type."""
    if claim.type not in EDGE_ROLES:
        return []
    from_role, to_role = EDGE_ROLES[claim.type]
    if from_role == to_role:
        return list(combinations(_unique(entity_refs(claim.args.get(from_role))), 2))
    return [(a, b) for a in _unique(entity_refs(claim.args.get(from_role)))
            for b in _unique(entity_refs(claim.args.get(to_role))) if a.id != b.id]


def _entity_summary(ref: EntityRef) -> dict[str, Any]:
    return {"name": ref.name, "kind": ref.kind, "wikidata": ref.kb_id}


def _document_reference(claim: Claim, doc: Document | None) -> dict[str, Any]:
    ref: dict[str, Any] = {"source_name": "claimgraph-document", "external_id": claim.doc}
    if doc is not None:
        ref["description"] = f"{doc.title or doc.name}" + (f" ({doc.outlet})" if doc.outlet else "")
        if doc.url:
            ref |= {"url": doc.url, "hashes": {"SHA-256": hashlib.sha256(doc.text.encode("utf-8")).hexdigest()}}
    return ref


class _Builder:
    """Collects the objects of one bundle; every method is deterministic in its input."""

    def __init__(self, claims: Sequence[Claim], documents: dict[str, Document], country_of: CountryOf) -> None:
        self.documents = documents
        self.threat_actors = threat_actor_types(claims)
        self.country_of = country_of
        self.entities: dict[str, dict[str, Any]] = {}
        self.objects: list[dict[str, Any]] = []
        self.by_doc: dict[str, set[str]] = {}

    # -- entities ----------------------------------------------------------------------------------------
    def entity(self, ref: EntityRef) -> str:
        obj = entity_object(ref, self.threat_actors, self.country_of)
        self.entities.setdefault(obj["id"], obj)
        return obj["id"]

    def author(self, ref: EntityRef) -> str:
        """The identity of an author (an identity twin for a threat actor, a place or a weapon)."""
        self.entity(ref)
        if stix_type(ref, self.threat_actors) == "identity":
            return stix_id("identity", ref.id)
        twin = identity_twin(ref)
        self.entities.setdefault(twin["id"], twin)
        return twin["id"]

    def outlet(self, doc: Document | None) -> str | None:
        return self.author(EntityRef(name=doc.outlet, kind="outlet")) if doc and doc.outlet else None

    # -- claims ------------------------------------------------------------------------------------------
    def claim_properties(self, claim: Claim, skip_roles: Iterable[str], start_key: str) -> dict[str, Any]:
        """Properties shared by a claim's relationships or note (``start_key``: where the event time goes)."""
        doc = self.documents.get(claim.doc_id)
        created = stix_time(doc.published if doc and doc.published else EPOCH)
        props: dict[str, Any] = {
            "spec_version": "2.1", "created": created, "modified": created, "confidence": stix_confidence(claim),
            "external_references": [_document_reference(claim, doc)] + [
                {"source_name": "claimgraph-evidence", "external_id": f"{e.doc}:{e.start}-{e.end}",
                 "description": e.text} for e in claim.evidence],
        }
        author = self.author(claim.source) if claim.source else self.outlet(doc)
        if author:
            props["created_by_ref"] = author
        custom: dict[str, Any] = {
            "x_claimgraph_claim_id": claim.id, "x_claimgraph_claim_type": claim.type,
            "x_claimgraph_status": claim.status, "x_claimgraph_confidence": round(claim.confidence, 3),
            "x_claimgraph_document": claim.doc,
        }
        if claim.source:
            custom["x_claimgraph_source"] = _entity_summary(claim.source)
        if claim.source_chain:
            custom["x_claimgraph_source_chain"] = [_entity_summary(e) for e in claim.source_chain]
            for relay in claim.source_chain:
                self.entity(relay)
        for role, value in sorted(claim.args.items()):
            refs = entity_refs(value)
            if role in skip_roles:
                continue
            if refs:
                custom[f"x_claimgraph_{role}_refs"] = [self.entity(r) for r in refs]
            elif not isinstance(value, list):
                custom[f"x_claimgraph_{role}"] = value
        for name, time in (("time", claim.time), ("statement_time", claim.statement_time)):
            if time is not None:
                custom[f"x_claimgraph_{name}"] = {"text": time.text, "value": time.value,
                                                  "precision": time.precision}
        start = time_start(claim.time)
        if start:
            (props if start_key == "start_time" else custom)[start_key] = start[0]
            custom["x_claimgraph_time_precision"] = start[1]
        return props | custom | {"extensions": PROPERTY_EXTENSION}

    def add(self, claim: Claim, obj: dict[str, Any]) -> str:
        self.objects.append(obj)
        self.by_doc.setdefault(claim.doc_id, set()).add(obj["id"])
        return obj["id"]

    def relationships(self, claim: Claim, pairs: list[tuple[EntityRef, EntityRef]]) -> list[str]:
        skip = set(EDGE_ROLES[claim.type])
        props = self.claim_properties(claim, skip, "start_time")
        description = "\n".join(e.text for e in claim.evidence)
        ids = []
        for a, b in pairs:
            obj = {"type": "relationship", "id": stix_id("relationship", f"{claim.id}:{a.id}:{b.id}"),
                   "relationship_type": RELATIONSHIP_TYPES[claim.type], "source_ref": self.entity(a),
                   "target_ref": self.entity(b)} | props
            if description:
                obj["description"] = description
            ids.append(self.add(claim, obj))
        return ids

    def note(self, claim: Claim) -> str:
        refs = sorted({self.entity(r) for v in claim.args.values() for r in entity_refs(v)})
        summary = "; ".join(f"{role}: {', '.join(r.name for r in entity_refs(v)) or v}"
                            for role, v in sorted(claim.args.items()))
        obj = {"type": "note", "id": stix_id("note", claim.id), "abstract": f"{claim.type} ({claim.status}): {summary}",
               "content": "\n".join(e.text for e in claim.evidence) or summary,
               "object_refs": refs or [stix_id("report", claim.doc_id)]}
        obj |= self.claim_properties(claim, (), "x_claimgraph_start_time")
        if claim.source:
            obj["authors"] = [claim.source.name]
        return self.add(claim, obj)

    def opinion(self, claim: Claim, about: list[str]) -> None:
        doc = self.documents.get(claim.doc_id)
        if claim.status == "denied":
            denier, opinion = claim.source, "strongly-disagree"
        else:
            denier = next(iter(entity_refs(claim.args.get("denier"))), None)
            opinion = "disagree" if claim.status in _SOFT_DENIAL else "strongly-disagree"
        created = stix_time(doc.published if doc and doc.published else EPOCH)
        obj: dict[str, Any] = {
            "type": "opinion", "spec_version": "2.1", "id": stix_id("opinion", claim.id), "created": created,
            "modified": created, "opinion": opinion, "object_refs": about,
            "x_claimgraph_claim_id": claim.id, "extensions": PROPERTY_EXTENSION,
        }
        if claim.evidence:
            obj["explanation"] = "\n".join(e.text for e in claim.evidence)
        author = self.author(denier) if denier else self.outlet(doc)
        name = denier.name if denier else doc.outlet if doc and doc.outlet else None
        if name:
            obj["authors"] = [name]
        if author:
            obj["created_by_ref"] = author
        self.add(claim, obj)

    def claim(self, claim: Claim) -> None:
        pairs = claim_pairs(claim)
        ids = self.relationships(claim, pairs) if pairs else [self.note(claim)]
        if claim.status == "denied" or claim.type == "deny":
            self.opinion(claim, ids)

    # -- documents ---------------------------------------------------------------------------------------
    def report(self, doc_id: str, doc_name: str) -> dict[str, Any]:
        doc = self.documents.get(doc_id)
        refs = set(self.by_doc.get(doc_id, ()))
        for obj in self.objects:
            if obj["id"] in refs:
                refs.update(v for k, v in obj.items() if k.endswith("_ref") and k != "created_by_ref")
                refs.update(r for k, v in obj.items() if k.endswith("_refs") and isinstance(v, list) for r in v)
        report_id = stix_id("report", doc_id)
        refs.discard(report_id)
        published = doc.published if doc and doc.published else None
        obj: dict[str, Any] = {
            "type": "report", "spec_version": "2.1", "id": report_id,
            "created": stix_time(published or EPOCH), "modified": stix_time(published or EPOCH),
            "name": (doc.title or doc.name) if doc else doc_name, "published": stix_time(published or EPOCH),
            "report_types": ["threat-report"], "object_refs": sorted(refs),
            "x_claimgraph_document_id": doc_id, "extensions": PROPERTY_EXTENSION,
        }
        if published is None:
            obj["x_claimgraph_published_unknown"] = True
        refs_out = [{"source_name": "claimgraph-document", "external_id": doc.name if doc else doc_name}]
        if doc and doc.url:
            refs_out[0] |= {"url": doc.url,
                            "hashes": {"SHA-256": hashlib.sha256(doc.text.encode("utf-8")).hexdigest()}}
        if doc and doc.outlet:
            refs_out.append({"source_name": "outlet", "description": doc.outlet})
            obj["created_by_ref"] = self.outlet(doc)
        obj["external_references"] = refs_out
        return obj


_ORDER = {"identity": 0, "extension-definition": 1, "relationship": 3, "note": 4, "opinion": 5, "report": 6}


def _refers_to(obj: dict[str, Any], custom_types: set[str]) -> bool:
    """Whether an object refers to a custom SDO (the stix2 library then needs ``allow_custom``)."""
    refs = [v for k, v in obj.items() if k.endswith("_ref")]
    refs += [r for k, v in obj.items() if k.endswith("_refs") and isinstance(v, list) for r in v]
    return any(str(r).split("--")[0] in custom_types for r in refs)


def _canonical(obj: stix2.base._STIXBase | dict[str, Any]) -> dict[str, Any]:
    """An object as plain JSON, STIX properties in the library's order, then the custom ones sorted."""
    plain = json.loads(obj.serialize()) if not isinstance(obj, dict) else obj
    return {k: v for k, v in plain.items() if not k.startswith("x_")} | {k: plain[k] for k in sorted(plain)
                                                                         if k.startswith("x_")}


def stix_bundle(data: ExportData, country_of: CountryOf = kb_country) -> dict[str, Any]:
    """The STIX 2.1 bundle of the claims and their documents, as JSON data checked by the ``stix2`` library
    (``country_of`` finds a place's country)."""
    claims = list({c.id: c for c in sorted(data.claims, key=claim_sort_key)}.values())
    builder = _Builder(claims, dict(data.documents), country_of)
    for claim in claims:
        builder.claim(claim)
    docs = {c.doc_id: c.doc for c in claims} | {d_id: d.name for d_id, d in data.documents.items()}
    reports = [builder.report(doc_id, name) for doc_id, name in sorted(docs.items())]
    entities = list(builder.entities.values())
    custom_types = {o["type"] for o in entities if o["type"].startswith("x-")}
    properties = {k for o in [*entities, *builder.objects, *reports] if o["type"] not in custom_types
                  for k in o if k.startswith("x_claimgraph_")}
    meta = [producer_identity(), property_extension(properties), *extension_objects(custom_types)]
    objects = sorted(meta + entities, key=lambda o: (o["id"] != meta[0]["id"], _ORDER.get(o["type"], 2), o["id"]))
    objects += sorted(builder.objects + reports, key=lambda o: (_ORDER[o["type"]], o["id"]))
    key = ",".join(sorted(c.id for c in claims)) + "|" + ",".join(sorted(docs))
    import stix2

    parsed = [o if o["type"] in custom_types else stix2.parse(o, allow_custom=_refers_to(o, custom_types))
              for o in objects]
    bundle = stix2.Bundle(objects=parsed, id=stix_id("bundle", key), allow_custom=True)
    return {"type": "bundle", "id": bundle.id, "objects": [_canonical(o) for o in bundle.objects]}


def export_stix(data: ExportData, out: TextIO, country_of: CountryOf = kb_country) -> int:
    """Write the STIX 2.1 bundle to ``out``; return how many STIX objects it holds."""
    from stix2.exceptions import STIXError

    try:
        bundle = stix_bundle(data, country_of)
    except STIXError as e:
        raise ExportError(f"cannot build the STIX bundle: {e}") from None
    try:
        out.write(json.dumps(bundle, indent=2, ensure_ascii=False))
        out.write("\n")
        out.flush()
    except OSError as e:
        raise ExportError(f"cannot write the stix export: {e.strerror or e}") from None
    return len(bundle["objects"])


@register_exporter("stix", description="STIX 2.1 bundle (JSON): entities, claims as relationships, notes, "
                                       "opinions for denials, a report per document")
def write_stix(data: ExportData, out: TextIO) -> int:
    """Registered form of :func:`export_stix`."""
    return export_stix(data, out)

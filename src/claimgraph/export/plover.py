"""The ``plover`` exporter: claims as PLOVER event records (JSON Lines), for event-data tools.

PLOVER (Political Language Ontology for Verifiable Event Records) is the Open Event Data Alliance's
successor to CAMEO, used by POLECAT. Event categories, modes, contexts, actor objects, record fields, quad
categories and scores follow the PLOVER manual, draft 0.7b1 (openeventdata/PLOVER, ``PLOVER_MANUAL.tex``):
``event``, ``mode`` and ``context`` are lists, ``source`` and ``recipient`` lists of actor objects
(``code`` = ISO 3166 alpha-3 of the actor's state, ``sector``, ``actor_text``, ``identifier_id`` = the
Wikidata QID, ``identifier_text``), ``event_loc`` a geonames-style location object, ``text``/``text_info``
the evidence and its offsets, ``cite_info`` the document. The record's ``date`` is the event date, else the
statement date, else the publication date (``date_source`` says which): dates keep their precision (ISO
2022 or 2022-08 where the text gives no day; PLOVER asks for YYYY-MM-DD, which would invent a day) and are
null when nothing dates the claim. claimgraph's own provenance sits under ``claimgraph`` (claim id, type,
status, source chain, confidence, evidence offsets).

One record per claim, except ``position`` claims (an office held is no event): they are skipped, and the
count returned is of records written. A denied claim is kept with context ``negation`` (the manual: negated
events "can be excluded"), a planned one with ``future``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..errors import ExportError
from ..model import Claim, Document, EntityRef
from .jsonl import claim_sort_key
from .kb_facts import country_entry, kb_entry, refs_of
from .registry import ExportData, register_exporter

__all__ = ["EVENT_MODES", "PLOVER_TYPES", "QUAD", "SCORE", "export_plover", "plover_record"]

CODEBOOK = "PLOVER manual draft 0.7b1 (openeventdata/PLOVER)"

# PLOVER_MANUAL.tex 0.7b1, chapter "Event Categories": the 16 categories and the modes each defines.
EVENT_MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(), "SUPPORT": frozenset(), "CONCEDE": frozenset(), "COOPERATE": frozenset(),
    "ACCUSE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "AID": frozenset({"economic", "military", "humanitarian", "asylum"}),
    "RETREAT": frozenset({"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"}),
    "DEMAND": frozenset({"economic", "military", "humanitarian", "asylum"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike-gen", "strike-lim", "strike-hun", "boycott", "obstruct"}),
    "SANCTION": frozenset({"convict", "cancel", "expel", "withdraw", "sever"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police"}),
    "COERCE": frozenset({"confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport",
                         "withhold"}),
    "ASSAULT": frozenset({"abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
                          "firearms", "explosives", "suicide-attack", "heavy-weapons"}),
}
CONTEXTS = frozenset({
    "political", "military", "intelligence", "peacekeeping", "economic", "diplomatic", "resource", "culture",
    "disease", "enviro_disaster", "migration", "humanitarian", "legal", "human_rights", "rights_freedoms",
    "gender", "lgbt", "terrorism", "human_security", "religion_ethnicity", "government", "election",
    "legislative", "cbrn", "cyber", "political_institutions", "corruption", "crime", "crime_murder",
    "crime_theft", "crime_drugs", "crime_sexual", "future", "historical", "hypothetical", "negation",
})
"""The manual's general context table, plus ``negation`` from its text on negated events."""
# The manual's "Quad categories in PLOVER" table and its "Schrodt scores" (conflict/cooperation scale).
QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "DEMAND": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
SCORE: dict[str, float] = {
    "ASSAULT": -9.3, "COERCE": -7.2, "PROTEST": -6.6, "MOBILIZE": -5.3, "SANCTION": -5.2, "THREATEN": -5.1,
    "DEMAND": -5.0, "REJECT": -4.2, "ACCUSE": -2.0, "CONSULT": 2.1, "AGREE": 4.2, "SUPPORT": 4.6,
    "CONCEDE": 5.0, "COOPERATE": 6.8, "AID": 7.4, "RETREAT": 7.6,
}

# claimgraph type -> (category, mode or None, contexts, source role, recipient role). Choices the manual
# settles: a release of prisoners is RETREAT/release (not CONCEDE, which is verbal); a withdrawal from an
# agreement is SANCTION/withdraw (RETREAT/withdraw is pulling forces back); a court sentencing a person is
# COERCE/arrest (the manual: "when individuals are found guilty and are therefore detained, use COERCE").
# Choices it leaves open: a denial is REJECT (the manual allows CAMEO 016 "deny responsibility" as REJECT);
# a terrorist designation is SANCTION (it severs exchanges). A ``sale`` transfer is COOPERATE (mutual
# exchange), any other transfer AID/military. ``support`` claims ("Iran-backed", "proxy") are SUPPORT,
# though they may be material.
PLOVER_TYPES: dict[str, tuple[str, str | None, tuple[str, ...], str, str]] = {
    "transfer": ("AID", "military", ("military",), "supplier", "recipient"),
    "support": ("SUPPORT", None, (), "supporter", "supported"),
    "attack": ("ASSAULT", None, ("military",), "attacker", "target"),
    "kill": ("ASSAULT", None, (), "killer", "victim"),
    "meet": ("CONSULT", None, ("diplomatic",), "participants", ""),
    "negotiate": ("CONSULT", None, ("diplomatic",), "parties", ""),
    "threaten": ("THREATEN", None, (), "threatener", "target"),
    "accuse": ("ACCUSE", None, (), "accuser", "accused"),
    "detain": ("COERCE", "arrest", ("legal",), "authority", "detainee"),
    "sentence": ("COERCE", "arrest", ("legal",), "authority", "defendant"),
    "release": ("RETREAT", "release", ("legal",), "authority", "detainee"),
    "deny": ("REJECT", None, (), "denier", ""),
    "designate": ("SANCTION", None, ("terrorism",), "designator", "designated"),
    "withdraw": ("SANCTION", "withdraw", ("diplomatic",), "party", ""),
    "sanction": ("SANCTION", None, ("economic",), "sanctioner", "target"),
}
SKIPPED_TYPES = frozenset({"position"})
"""Claim types with no PLOVER event."""
STATUS_CONTEXT = {"denied": "negation", "planned": "future"}
SECTORS = {"state": "GOV", "agency": "GOV", "court": "JUD", "armed_force": "MIL", "outlet": "JRN"}
"""Entity kind -> PLOVER primary sector code, where the kind implies one."""
WEAPON_MODES = {
    "rifle": "firearms", "machine gun": "firearms", "bomb": "explosives",
}
"""KB weapon class -> ASSAULT mode; every other class of the KB (missiles, drones, artillery, aircraft,
tanks, guided bombs) is a crew-served "heavy-weapons" system."""
_NOT_WEAPONS = frozenset({"vehicle", "transport aircraft"})


def _actor(ref: EntityRef) -> dict[str, Any]:
    state = country_entry(ref)
    code = state.facts.get("iso3") if state else None
    actor: dict[str, Any] = {"code": code if isinstance(code, str) else None, "sector": SECTORS.get(ref.kind),
                             "actor_text": ref.name, "identifier_id": ref.kb_id, "identifier_text": ref.name,
                             "kind": ref.kind}
    return actor


def _actors(claim: Claim, role: str) -> list[dict[str, Any]]:
    if not role:
        return []
    return [_actor(r) for r in refs_of(claim.args.get(role)) if r.kind not in ("weapon", "place", "agreement")]


def _assault_mode(claim: Claim) -> str | None:
    if claim.type == "kill":
        return None
    for weapon in refs_of(claim.args.get("weapon")):
        entry = kb_entry(weapon)
        klass = entry.facts.get("class") if entry else None
        if isinstance(klass, str) and klass not in _NOT_WEAPONS:
            return WEAPON_MODES.get(klass, "heavy-weapons")
    return None


def _category(claim: Claim) -> tuple[str, str | None, list[str]]:
    event, mode, contexts, _, _ = PLOVER_TYPES[claim.type]
    context = list(contexts)
    if claim.type == "transfer" and claim.args.get("mode") == "sale":
        event, mode, context = "COOPERATE", None, ["military", "economic"]
    elif claim.type == "attack":
        mode = _assault_mode(claim)
    elif claim.type == "sentence" and not any(r.kind == "person" for r in refs_of(claim.args.get("defendant"))):
        event, mode = "SANCTION", "convict"
    elif claim.type == "negotiate" and claim.args.get("mediator"):
        mode = "third-party"
    if claim.status in STATUS_CONTEXT:
        context.append(STATUS_CONTEXT[claim.status])
    return event, mode, context


def _date(claim: Claim, document: Document | None) -> tuple[str | None, str | None]:
    if claim.time and claim.time.value:
        return claim.time.value, "event"
    if claim.statement_time and claim.statement_time.value:
        return claim.statement_time.value, "statement"
    if document is not None and document.published is not None:
        return document.published.isoformat(), "publication"
    return None, None


def _location(claim: Claim) -> dict[str, Any] | None:
    places = refs_of(claim.args.get("location"))
    if not places:
        return None
    place = places[0]
    state = country_entry(place)
    iso2, iso3 = (state.facts.get("iso2"), state.facts.get("iso3")) if state else (None, None)
    return {"name": place.name, "country code": iso2, "cc3": iso3, "identifier_id": place.kb_id}


def plover_record(claim: Claim, document: Document | None) -> dict[str, Any] | None:
    """The PLOVER record of one claim (None for a type with no PLOVER event)."""
    if claim.type in SKIPPED_TYPES:
        return None
    event, mode, context = _category(claim)
    _, _, _, source_role, recipient_role = PLOVER_TYPES[claim.type]
    date, date_source = _date(claim, document)
    first = claim.evidence[0] if claim.evidence else None
    return {
        "id": claim.id,
        "date": date,
        "date_source": date_source,
        "source": _actors(claim, source_role),
        "recipient": _actors(claim, recipient_role),
        "event": [event],
        "mode": [mode] if mode else None,
        "context": context or None,
        "quad_code": QUAD[event],
        "event_scale": SCORE[event],
        "event_loc": _location(claim),
        "event_text": [e.text for e in claim.evidence],
        "text": " … ".join(e.text for e in claim.evidence) or None,
        "text_info": {"start": first.start, "end": first.end} if first else None,
        "cite_info": {
            "citation": claim.doc, "url": document.url if document else None,
            "title": document.title if document else None, "publication": document.outlet if document else None,
            "coder": "claimgraph", "codebook": CODEBOOK,
        },
        "coder": "claimgraph",
        "claimgraph": {
            "claim_id": claim.id, "type": claim.type, "status": claim.status, "doc": claim.doc,
            "doc_id": claim.doc_id,
            "source": claim.source.to_v1() if claim.source else None,
            "source_chain": [r.to_v1() for r in claim.source_chain],
            "time": claim.time.value if claim.time else None,
            "statement_time": claim.statement_time.value if claim.statement_time else None,
            "confidence": round(claim.confidence, 3),
            "evidence": [{"start": e.start, "end": e.end} for e in claim.evidence],
            "args": claim.to_v1()["args"],
        },
    }


def export_plover(data: ExportData, out: TextIO) -> int:
    """Write one PLOVER record per claim (``position`` claims skipped); return how many were written."""
    count = 0
    try:
        for claim in sorted(data.claims, key=claim_sort_key):
            record = plover_record(claim, data.documents.get(claim.doc_id))
            if record is None:
                continue
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        out.flush()
    except OSError as err:
        raise ExportError(f"cannot write the plover export: {err.strerror or err}") from None
    return count


@register_exporter("plover", description="PLOVER event records (JSON Lines): event, mode, actors, evidence")
def write_plover(data: ExportData, out: TextIO) -> int:
    """Registered form of :func:`export_plover`."""
    return export_plover(data, out)

"""The ``stix`` exporter: a STIX 2.1 bundle, checked by the OASIS validator (stix2-validator) and parsed back with
the ``stix2`` library, for the seed report and for a hand-built sample."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import stix2
from stix2validator import ValidationOptions, validate_string

from claimgraph.errors import ExportError
from claimgraph.export import ExportData, get_exporter
from claimgraph.export.stix import claim_pairs
from claimgraph.model import Claim, Document, EntityRef, Evidence, TimeValue

EXPECTED_WARNINGS = {
    "103",  # uuid-check: ids are uuid5 of our content ids (deterministic), not random uuid4
    "202",  # relationship-types: our verbs ("supplies", "detains") are not among STIX's suggested ones
    "302",  # extref-hashes: a Wikidata URL has no hash to give
    "223",  # region: "unknown" for a place whose country is not known
}

TEXT = ("Iran handed 46 drones over to Russia and Belarus in July, the adviser said. Lapid refused to meet Raisi. "
        "Mora rejected a report. She was arrested. The Wolves fired rockets at Ashgrove in Nowhere Valley.")
OTHER = "Hezbollah threatened Israel."
IRAN = EntityRef(name="Iran", kind="state", kb_id="Q794")
RUSSIA = EntityRef(name="Russia", kind="state", kb_id="Q159")
BELARUS = EntityRef(name="Belarus", kind="state", kb_id="Q184")
ISW = EntityRef(name="Institute for the Study of War", kind="organization", kb_id="Q6039516")
ADVISER = EntityRef(name="Oleksiy Arestovych", kind="person")
LAPID = EntityRef(name="Yair Lapid", kind="person")
RAISI = EntityRef(name="Ebrahim Raisi", kind="person")
MORA = EntityRef(name="Enrique Mora", kind="person")
MOHAMMADI = EntityRef(name="Narges Mohammadi", kind="person")
WOLVES = EntityRef(name="The Wolves", kind="armed_group")
HEZBOLLAH = EntityRef(name="Hezbollah", kind="armed_group", kb_id="Q41053")


def ev(doc: Document, phrase: str) -> Evidence:
    start = doc.text.index(phrase)
    return Evidence(doc=doc.name, start=start, end=start + len(phrase), text=phrase)


def sample() -> tuple[list[Document], list[Claim]]:
    """A document with a URL, outlet and date; a second one that the export is not given."""
    doc = Document(text=TEXT, name="sample-ü", title="Drones for Russia", url="https://example.org/drones",
                   outlet="Example News", published=dt.date(2022, 8, 5))
    gone = Document(text=OTHER, name="missing-doc")

    def claim(d: Document, kind: str, args: dict[str, Any], phrase: str, **kw: Any) -> Claim:
        return Claim(doc=d.name, doc_id=d.id, type=kind, args=args, evidence=(ev(d, phrase),), **kw)

    claims = [
        claim(doc, "transfer", {"supplier": IRAN, "recipient": [RUSSIA, BELARUS], "quantity": 46,
                                "item": EntityRef(name="drones", kind="weapon", origin="Iran")},
              "Iran handed 46 drones over to Russia and Belarus", status="unconfirmed", source=ADVISER,
              source_chain=(ISW, ADVISER), time=TimeValue(text="in July", value="2022-07", precision="month"),
              confidence=0.8),
        claim(doc, "meet", {"participants": [LAPID, RAISI]}, "Lapid refused to meet Raisi", status="denied",
              time=TimeValue(text="2022", value="2022")),
        claim(doc, "deny", {"denier": MORA, "about": "report"}, "Mora rejected a report"),
        claim(doc, "detain", {"detainee": MOHAMMADI}, "She was arrested", status="reported"),
        claim(doc, "attack", {"attacker": WOLVES, "target": EntityRef(name="Ashgrove", kind="place"),
                              "location": EntityRef(name="Nowhere Valley", kind="place"),
                              "weapon": EntityRef(name="rockets", kind="weapon")},
              "The Wolves fired rockets at Ashgrove in Nowhere Valley", source=HEZBOLLAH),
        claim(gone, "threaten", {"threatener": HEZBOLLAH, "target": EntityRef(name="Israel", kind="state",
                                                                               kb_id="Q801")},
              "Hezbollah threatened Israel", status="hedged", confidence=0.6),
    ]
    return [doc], claims


def export(claims: list[Claim], documents: list[Document]) -> str:
    out = io.StringIO()
    count = get_exporter("stix")(ExportData.of(claims, documents), out)
    assert count == len(json.loads(out.getvalue())["objects"])
    return out.getvalue()


def validate(text: str) -> set[str]:
    """Validate with stix2-validator; return the codes of its warnings (which must be the expected ones)."""
    result = validate_string(text, ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    assert not result.errors
    codes = {m.group(1) for w in result.warnings or [] if (m := re.search(r"\{(\d+)\}", str(w)))}
    print(Counter(re.search(r"\{(\d+)\}", str(w)).group(1) for w in result.warnings or []))  # type: ignore[union-attr]
    assert codes <= EXPECTED_WARNINGS, codes - EXPECTED_WARNINGS
    return codes


def references(obj: Any) -> set[str]:
    out: set[str] = set()
    for key, value in obj.items():
        if key.endswith("_ref") and key != "id":
            out.add(value)
        elif key.endswith("_refs"):
            out.update(value)
    return out


def check_bundle(text: str, claims: list[Claim], documents: list[Document]) -> dict[str, Any]:
    """Parse the bundle back and check that every claim, denial and document is represented."""
    bundle = stix2.parse(text, allow_custom=True)
    objects = {o["id"]: o for o in bundle.objects}
    assert len(objects) == len(bundle.objects)  # no duplicate ids
    for obj in objects.values():
        assert references(obj) <= set(objects), obj["id"]
    by_claim: dict[str, list[Any]] = {}
    for obj in objects.values():
        if obj["type"] in ("relationship", "note"):
            by_claim.setdefault(obj["x_claimgraph_claim_id"], []).append(obj)
    for claim in claims:
        made = by_claim.pop(claim.id)
        if claim_pairs(claim):  # one relationship per pair of its edge roles, never a note as well
            assert [o["type"] for o in made] == ["relationship"] * len(claim_pairs(claim))
        else:
            assert [o["type"] for o in made] == ["note"]
        for obj in made:
            assert obj["x_claimgraph_status"] == claim.status and obj["x_claimgraph_claim_type"] == claim.type
            spans = {r["external_id"] for r in obj["external_references"] if r["source_name"] == "claimgraph-evidence"}
            assert spans == {f"{e.doc}:{e.start}-{e.end}" for e in claim.evidence}
        opinions = [o for o in objects.values() if o["type"] == "opinion" and o["x_claimgraph_claim_id"] == claim.id]
        if claim.status == "denied" or claim.type == "deny":
            assert len(opinions) == 1 and set(opinions[0]["object_refs"]) == {o["id"] for o in made}
        else:
            assert not opinions
    assert not by_claim  # nothing that is not one of the claims
    reports = {o["x_claimgraph_document_id"]: o for o in objects.values() if o["type"] == "report"}
    assert set(reports) == {c.doc_id for c in claims} | {d.id for d in documents}
    for claim in claims:
        assert {o["id"] for o in objects.values()
                if o.get("x_claimgraph_claim_id") == claim.id} <= set(reports[claim.doc_id]["object_refs"])
    return objects


def test_sample_bundle_is_valid_and_complete() -> None:
    documents, claims = sample()
    text = export(claims, documents)
    assert validate(text) >= {"103", "202", "223"}
    objects = check_bundle(text, claims, documents)
    assert "sample-ü" in text  # ensure_ascii=False
    by_claim = {o["x_claimgraph_claim_id"]: o for o in objects.values() if o["type"] in ("relationship", "note")}

    transfer = by_claim[claims[0].id]
    assert transfer["relationship_type"] == "supplies"
    assert transfer["start_time"] == dt.datetime(2022, 7, 1, tzinfo=dt.UTC)
    assert transfer["x_claimgraph_time_precision"] == "month"
    assert transfer["x_claimgraph_quantity"] == 46
    assert transfer["confidence"] == round(30 * 0.9)
    assert [s["name"] for s in transfer["x_claimgraph_source_chain"]] == [ISW.name, ADVISER.name]
    assert objects[transfer["created_by_ref"]]["name"] == ADVISER.name
    assert objects[transfer["x_claimgraph_item_refs"][0]]["type"] == "x-claimgraph-weapon"
    assert objects[transfer["x_claimgraph_item_refs"][0]]["x_claimgraph_origin"] == "Iran"
    assert transfer["description"] == "Iran handed 46 drones over to Russia and Belarus"
    document_ref = transfer["external_references"][0]
    assert document_ref["url"] == "https://example.org/drones" and "SHA-256" in document_ref["hashes"]
    iran = objects[transfer["source_ref"]]
    assert iran["type"] == "identity" and iran["identity_class"] == "organization"
    assert iran["sectors"] == ["government-national"]
    assert iran["external_references"][0]["external_id"] == "Q794"
    assert iran["external_references"][0]["url"] == "https://www.wikidata.org/wiki/Q794"

    meet = by_claim[claims[1].id]
    assert meet["relationship_type"] == "meets-with" and meet["x_claimgraph_time_precision"] == "year"
    assert meet["created_by_ref"] == next(o["id"] for o in objects.values() if o.get("name") == "Example News")
    denial = next(o for o in objects.values() if o["type"] == "opinion" and o["object_refs"] == [meet["id"]])
    assert denial["opinion"] == "strongly-disagree" and denial["explanation"] == "Lapid refused to meet Raisi"

    deny_note = by_claim[claims[2].id]
    assert deny_note["type"] == "note" and deny_note["x_claimgraph_about"] == "report"
    mora = next(o for o in objects.values() if o["type"] == "opinion" and o["object_refs"] == [deny_note["id"]])
    assert mora["authors"] == ["Enrique Mora"] and objects[mora["created_by_ref"]]["name"] == "Enrique Mora"

    detain = by_claim[claims[3].id]
    assert detain["type"] == "note" and [objects[r]["name"] for r in detain["object_refs"]] == [MOHAMMADI.name]

    attack = by_claim[claims[4].id]
    wolves, ashgrove = objects[attack["source_ref"]], objects[attack["target_ref"]]
    assert wolves["type"] == "threat-actor" and wolves["threat_actor_types"] == ["unknown"]
    assert ashgrove["type"] == "location" and ashgrove["region"] == "unknown"
    assert ashgrove["x_claimgraph_country_unknown"] is True
    hezbollah = objects[attack["created_by_ref"]]  # a threat actor as an author: its identity twin
    assert hezbollah["type"] == "identity" and hezbollah["name"] == "Hezbollah"
    assert hezbollah["id"].split("--")[1] == objects[by_claim[claims[5].id]["source_ref"]]["id"].split("--")[1]

    reports = {o["name"]: o for o in objects.values() if o["type"] == "report"}
    assert reports["Drones for Russia"]["published"] == dt.datetime(2022, 8, 5, tzinfo=dt.UTC)
    assert {"source_name": "outlet", "description": "Example News"} in reports["Drones for Russia"][
        "external_references"]
    missing = reports["missing-doc"]
    assert missing["x_claimgraph_published_unknown"] is True
    assert missing["published"] == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def test_seed_bundle_is_valid_and_complete(seed_extraction) -> None:
    claims, documents = list(seed_extraction.claims), [seed_extraction.document]
    text = export(claims, documents)
    validate(text)
    objects = check_bundle(text, claims, documents)
    types = Counter(o["type"] for o in objects.values())
    assert types["report"] == 1 and types["relationship"] > 30 and types["note"] >= 1 and types["opinion"] >= 1
    places = [o for o in objects.values() if o["type"] == "location"]
    assert {p["name"]: p.get("country") for p in places}["Gaza Strip"] == "PS"  # from the knowledge base


def test_same_claims_give_the_same_bytes(tmp_path: Path) -> None:
    documents, claims = sample()
    text = export(claims, documents)
    assert export(list(reversed(claims)), documents) == text
    script = tmp_path / "export.py"
    script.write_text("import sys\nsys.path.insert(0, sys.argv[1])\nfrom test_stix import export, sample\n"
                      "docs, claims = sample()\nsys.stdout.write(export(claims, docs))\n", encoding="utf-8")
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONIOENCODING="utf-8")
        run = subprocess.run([sys.executable, str(script), str(Path(__file__).parent)], env=env,
                             capture_output=True, text=True, encoding="utf-8", check=True)
        outputs.add(run.stdout)
    assert outputs == {text}


class FullDisk(io.StringIO):
    def write(self, s: str) -> int:
        raise OSError(28, "No space left on device")


def test_write_failure_is_an_export_error() -> None:
    documents, claims = sample()
    with pytest.raises(ExportError, match="cannot write the stix export: No space left on device"):
        get_exporter("stix")(ExportData.of(claims, documents), FullDisk())

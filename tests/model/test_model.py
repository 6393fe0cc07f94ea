"""The data model: content-hash ids, validation, and the claims-v1 export."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from claimgraph.model import (
    Claim,
    Document,
    EntityRef,
    Evidence,
    TimeValue,
    claim_from_json,
    document_id,
    entity_id,
)
from claimgraph.schema import validate_claim_v1

IRAN = EntityRef(name="Iran", kind="state", kb_id="Q794")
RUSSIA = EntityRef(name="Russia", kind="state", kb_id="Q159")
TEXT = "Iran handed 46 drones over to Russia."


def claim(**over) -> Claim:
    doc = Document(text=TEXT, name="d")
    base = dict(doc="d", doc_id=doc.id, type="transfer",
                args={"supplier": IRAN, "recipient": RUSSIA, "quantity": 46},
                evidence=(Evidence(doc="d", start=0, end=36, text=TEXT[:36]),),
                time=TimeValue(text="on Friday", value="2022-08-05", precision="day"))
    base.update(over)
    return Claim(**base)


def test_document_id_is_a_content_hash():
    assert Document(text=TEXT, name="a").id == Document(text=TEXT, name="b").id == document_id(TEXT)
    assert Document(text=TEXT + " ", name="a").id != document_id(TEXT)


def test_entity_id_prefers_the_kb_id_else_normalised_name():
    assert IRAN.id == entity_id("Islamic Republic of Iran", "state", "Q794")
    assert entity_id("Narges  Mohammadi", "person") == entity_id("narges mohammadi", "person")
    assert entity_id("Narges Mohammadi", "person") != entity_id("Narges Mohammadi", "organization")


def test_claim_id_is_stable_and_depends_on_content():
    assert claim().id == claim().id
    assert claim().id != claim(args={"supplier": RUSSIA, "recipient": IRAN}).id
    assert claim().id == claim(status="unconfirmed").id  # status is an attribute, not identity


def test_a_copy_with_other_content_gets_its_own_id():
    """The id is computed once per object; a copy whose update changes what it hashes must not keep it."""
    original = claim()
    first = original.id
    moved = original.model_copy(update={"args": {"supplier": RUSSIA, "recipient": IRAN}})
    assert moved.id == claim(args={"supplier": RUSSIA, "recipient": IRAN}).id != first
    assert original.model_copy(update={"status": "denied"}).id == first == original.id
    assert "id" not in original.model_dump() and '"id"' not in original.model_dump_json()
    assert original == Claim.model_validate_json(original.model_dump_json())  # the cached id is not a field


def test_a_copy_with_other_content_gets_its_own_ledger_key():
    """The group key is kept with the claim once computed, and forgotten by a copy, as the id is."""
    from claimgraph.model.ledger import ledger_key

    original = claim()
    key = ledger_key(original)
    moved = original.model_copy(update={"args": {"supplier": RUSSIA, "recipient": IRAN}})
    assert ledger_key(moved) == ledger_key(claim(args={"supplier": RUSSIA, "recipient": IRAN})) != key
    assert ledger_key(original) == key == ledger_key(claim()) and original == claim()
    assert "_ledger_key" not in original.model_dump_json()


def test_claims_read_from_json_are_parsed_once_and_equal():
    text = claim().model_dump_json()
    parsed = claim_from_json(text)
    assert parsed == claim() and parsed.id == claim().id
    assert claim_from_json(text) is parsed
    assert claim_from_json(claim(status="denied").model_dump_json()).status == "denied"


def test_roles_must_belong_to_the_type():
    with pytest.raises(ValidationError, match="not roles of a transfer claim"):
        claim(args={"attacker": IRAN})


def test_evidence_must_match_its_offsets():
    with pytest.raises(ValidationError):
        Evidence(doc="d", start=5, end=2, text="")
    with pytest.raises(ValidationError):
        Evidence(doc="d", start=0, end=4, text="too long")


def test_export_follows_the_contract():
    out = claim(source=RUSSIA, source_chain=(IRAN, RUSSIA)).to_v1()
    validate_claim_v1(out)
    assert out["args"]["supplier"] == {"name": "Iran", "id": "Q794", "kind": "state"}
    assert out["time"] == {"text": "on Friday", "value": "2022-08-05"}
    assert [e["name"] for e in out["source_chain"]] == ["Iran", "Russia"]


def test_statement_time_stands_in_for_a_missing_event_time():
    said = TimeValue(text="said Friday", value="2022-08-05", precision="day")
    out = claim(time=None, statement_time=said).to_v1()
    assert out["time"]["value"] == "2022-08-05" and out["statement_time"]["text"] == "said Friday"


def test_merging_keeps_one_id_and_both_spans():
    a = claim()
    b = claim(evidence=(Evidence(doc="d", start=22, end=36, text=TEXT[22:36]),))
    merged = a.merged_with(b)
    assert merged.id == a.id and len(merged.evidence) == 2


def test_a_stored_claim_keeps_the_id_it_was_stored_under():
    from claimgraph.model import stored_claim

    text = claim(status="hedged").model_dump_json()
    assert stored_claim(claim(status="hedged").id, text).id == claim(status="hedged").id
    assert stored_claim("c-0000000000000000", claim(status="planned").model_dump_json()).id == "c-0000000000000000"


def test_the_stored_json_is_made_once_kept_as_received_and_forgotten_by_a_copy():
    from claimgraph.model import stored_claim

    c = claim(status="reported")
    text = c.stored_json()
    assert text == c.model_dump_json(exclude={"given_id"}) and '"given_id"' not in text
    assert c.stored_json() is text  # made once
    given = claim(given_id="c-0123456789abcdef")
    assert '"given_id":"c-0123456789abcdef"' in given.stored_json()
    assert Claim.model_validate_json(given.stored_json()).id == "c-0123456789abcdef"
    received = stored_claim(c.id, text, current=True)  # a worker's: kept as sent
    assert received.stored_json() is text and received == c
    assert c.model_copy(update={"status": "denied"}).stored_json() == claim(status="denied").stored_json()
    old = c.model_dump_json()  # as an older version stored it: with "given_id": null
    assert '"given_id"' not in stored_claim("c-0000000000000001", old).stored_json()  # read back: made anew


def test_rival_keys_are_the_hashes_stored_databases_hold():
    """Stored in ``ledger_siblings``: a change of formula would leave older databases' keys unmatched."""
    from claimgraph.model import content_id
    from claimgraph.model.ledger import build_ledger, rival_keys, sibling_keys

    (entry,) = build_ledger([claim(args={"supplier": IRAN, "recipient": RUSSIA, "quantity": 46, "item": "drones"})])
    siblings = [content_id("s", {"type": "transfer", "vary": "supplier", "recipient": [RUSSIA.id]}),
                content_id("s", {"type": "transfer", "vary": "recipient", "supplier": [IRAN.id]})]
    assert sibling_keys(entry) == siblings
    assert rival_keys(entry) == [content_id("r", [key, "2022", role, value]) for key in siblings
                                 for role, value in (("item", "drones"), ("quantity", "46"))]


def test_an_entity_ref_keeps_its_id_and_a_renamed_copy_gets_its_own():
    ref = EntityRef(name="Ebrahim Raisi", kind="person")
    assert ref.id == entity_id("Ebrahim Raisi", "person") and "id" in ref.__dict__  # kept once computed
    renamed = ref.model_copy(update={"name": "Raisi"})
    assert renamed.id == entity_id("Raisi", "person") != ref.id
    assert ref == EntityRef(name="Ebrahim Raisi", kind="person") and "id" not in ref.model_dump()

"""The Python API (claimgraph.extract, claimgraph.open) and the spaCy component, used as a user would."""

from __future__ import annotations

import io
import json

import pytest
import spacy

import claimgraph
from claimgraph.nlp import DEFAULT_MODEL

TEXT = ("Iran handed 46 drones over to Russia on Friday, Ukrainian officials said. "
        "China has sold CH-4 drones to Iraq.")


def test_extract_returns_claims_grounded_in_the_text():
    claims = claimgraph.extract(TEXT, published="2022-08-05", outlet="Kyiv Independent")
    transfer = next(c for c in claims if c.args["supplier"].name == "Iran")  # type: ignore[union-attr]
    assert transfer.type == "transfer" and transfer.args["quantity"] == 46
    assert transfer.time and transfer.time.value == "2022-08-05"
    for claim in claims:
        for ev in claim.evidence:
            assert TEXT[ev.start:ev.end] == ev.text


def test_extract_refuses_empty_text():
    with pytest.raises(claimgraph.InputError, match="no text"):
        claimgraph.extract("  ")


def test_open_add_query_and_export(tmp_path):
    with claimgraph.open(tmp_path / "api.db") as db:
        first = db.add_text(TEXT, name="report-1", published="2022-08-05")
        again = db.add_text(TEXT, name="report-1", published="2022-08-05")
        assert first.new and not again.changed
        transfers = db.claims(type="transfer")
        assert {c.args["recipient"].name for c in transfers} >= {"Russia", "Iraq"}  # type: ignore[union-attr]
        assert [c.id for c in db.claims(entity="Q794")] == [c.id for c in db.claims(entity="iran")]
        assert db.profile("Iran").roles["supplier"] == 1  # type: ignore[union-attr]
        assert db.ledger(entity="Iran")[0].type == "transfer"
        assert db.ledger(as_of="2022-08-04") == []  # said on the 5th: not known the day before
        assert db.network(type="transfer").edges
        assert db.search("CH-4")
        out = io.StringIO()
        assert db.export("claims-jsonl", out) == len(db.claims())
        assert [json.loads(line)["doc"] for line in out.getvalue().splitlines()] == ["report-1"] * len(db.claims())


def test_the_spacy_component_sets_doc_claims():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("claimgraph")  # found through the spacy_factories entry point
    doc = nlp.make_doc(TEXT)
    doc._.published = "2022-08-05"
    doc = nlp(doc)
    types = sorted(c.type for c in doc._.claims)
    assert types == sorted(c.type for c in claimgraph.extract(TEXT, published="2022-08-05"))
    assert all(doc.text[e.start:e.end] == e.text for c in doc._.claims for e in c.evidence)
    assert any(ent.label_ == "WEAPON" or ent.text == "CH-4" for ent in doc.ents)
    assert nlp("")._.claims == []


def test_the_spacy_component_needs_a_parser():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="dependency parser"):
        nlp.add_pipe("claimgraph")

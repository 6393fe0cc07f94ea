"""claims-v1 import: export -> import into a new database -> export gives the same claims, byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from claimgraph.errors import InputError
from claimgraph.export import get_exporter
from claimgraph.ingest import read_claims_v1
from claimgraph.model import Document
from claimgraph.query import ClaimFilter, find_claims
from claimgraph.store import Store

REPORTS = [
    "Iran has delivered 46 Shahed-136 drones to Russia, Ukrainian officials said on Monday.",
    "Iran has not supplied any drones to Russia, Foreign Minister Hossein Amir-Abdollahian said on Wednesday.",
]


def _export(store: Store) -> str:
    out = io.StringIO()
    get_exporter("claims-jsonl")(find_claims(store, ClaimFilter(limit=None)), out)
    return out.getvalue()


def test_round_trip_gives_the_same_claims(processor, seed_extraction, tmp_path):
    with Store.open(tmp_path / "a.db") as store:
        store.add(seed_extraction.document, seed_extraction.claims, seed_extraction.mentions)
        for i, text in enumerate(REPORTS):
            ex = processor.process(Document(text=text, name=f"r{i}", published=dt.date(2022, 10, 17 + i)))
            store.add(ex.document, ex.claims, ex.mentions)
        first = _export(store)
    with Store.open(tmp_path / "b.db") as store:
        for document, claims in read_claims_v1(first.splitlines(), "first.jsonl"):
            assert all(document.text[e.start:e.end] == e.text for c in claims for e in c.evidence)
            store.add(document, claims)
        second = _export(store)
        assert store.search("Shahed")  # the evidence is searchable in the rebuilt text
        for document, claims in read_claims_v1(first.splitlines()):  # importing again changes nothing
            assert not store.add(document, claims).changed
    assert second == first
    assert len(first.splitlines()) > 50


@pytest.mark.parametrize(("line", "needle"), [
    ("{not json", "not JSON"),
    (json.dumps({"id": "c-0000000000000000", "doc": "d"}), "not a claims-v1 claim"),
])
def test_bad_lines_name_their_line_number(line, needle):
    good = json.dumps({"id": "c-0123456789abcdef", "doc": "d", "type": "support",
                       "args": {"supporter": {"name": "Iran", "id": "Q794", "kind": "state"}},
                       "status": "asserted", "source": None, "source_chain": [], "time": None,
                       "evidence": [{"doc": "d", "start": 0, "end": 4, "text": "Iran"}], "confidence": 0.5})
    assert len(list(read_claims_v1([good]))) == 1
    with pytest.raises(InputError, match=rf"x.jsonl:2: {needle}"):
        list(read_claims_v1([good, line], "x.jsonl"))

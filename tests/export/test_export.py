"""The exporter registry and the claims-jsonl exporter (claims-v1 JSON Lines, validated by the schema)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TextIO

import pytest

from claimgraph.errors import ExportError
from claimgraph.export import EXPORTERS, ExportData, get_exporter, register_exporter
from claimgraph.model import Claim, Document, EntityRef, Evidence, TimeValue
from claimgraph.query import ClaimFilter, find_claims
from claimgraph.schema import validate_claim_v1
from claimgraph.store import Store

TEXT = "Iran handed 46 drones over to Russia on Friday, the adviser said. Israel accused Iran."
IRAN = EntityRef(name="Iran", kind="state", kb_id="Q794")
RUSSIA = EntityRef(name="Russia", kind="state", kb_id="Q159")
ISRAEL = EntityRef(name="Israel", kind="state", kb_id="Q801")
ADVISER = EntityRef(name="Oleksiy Arestovych", kind="person")


def ev(doc: Document, phrase: str) -> Evidence:
    start = doc.text.index(phrase)
    return Evidence(doc=doc.name, start=start, end=start + len(phrase), text=phrase)


def sample() -> tuple[Document, list[Claim]]:
    doc = Document(text=TEXT, name="seed-ü")
    transfer = Claim(doc=doc.name, doc_id=doc.id, type="transfer",
                     args={"supplier": IRAN, "recipient": RUSSIA, "quantity": 46, "mode": "aid"},
                     status="unconfirmed", source=ADVISER, source_chain=(ADVISER,),
                     time=TimeValue(text="on Friday", value="2022-08-05", precision="day"),
                     statement_time=TimeValue(text="2022", value="2022", precision="year"),
                     evidence=(ev(doc, "Iran handed 46 drones over to Russia"),), confidence=0.8234)
    accuse = Claim(doc=doc.name, doc_id=doc.id, type="accuse", args={"accuser": ISRAEL, "accused": IRAN},
                   evidence=(ev(doc, "Israel accused Iran"),))
    return doc, [accuse, transfer]


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ExportError, match=r"unknown format 'xml' \(known: claims-jsonl"):
        get_exporter("xml")


def test_claims_jsonl_is_registered() -> None:
    assert "claims-jsonl" in EXPORTERS
    assert get_exporter("claims-jsonl") is EXPORTERS["claims-jsonl"]


def test_register_exporter_once_per_name() -> None:
    @register_exporter("test-count-only")
    def count_only(data: ExportData, out: TextIO) -> int:
        """Counts only."""
        return len(data.claims)

    try:
        assert get_exporter("test-count-only").write is count_only
        assert get_exporter("test-count-only").description == "Counts only."
        assert get_exporter("test-count-only")(sample()[1], io.StringIO()) == 2
        with pytest.raises(ExportError, match="already registered"):
            register_exporter("test-count-only")(lambda claims, out: 0)
    finally:
        EXPORTERS.pop("test-count-only")


def test_claims_jsonl_lines_are_sorted_v1_and_valid() -> None:
    _, claims = sample()
    out = io.StringIO()
    assert get_exporter("claims-jsonl")(claims, out) == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and out.getvalue().endswith("\n")
    objs = [json.loads(line) for line in lines]
    assert [o["type"] for o in objs] == ["transfer", "accuse"]  # by evidence start, not input order
    assert objs == [c.to_v1() for c in reversed(claims)]
    assert "seed-ü" in lines[0]  # ensure_ascii=False
    for obj in objs:
        validate_claim_v1(obj)
    again = io.StringIO()
    get_exporter("claims-jsonl")(list(reversed(claims)), again)
    assert again.getvalue() == out.getvalue()


def test_export_from_a_store_round_trips(tmp_path: Path) -> None:
    doc, claims = sample()
    with Store.open(tmp_path / "e.db") as store:
        store.add(doc, claims)
        found = find_claims(store, ClaimFilter(limit=None))
    direct, stored = io.StringIO(), io.StringIO()
    get_exporter("claims-jsonl")(claims, direct)
    get_exporter("claims-jsonl")(found, stored)
    assert stored.getvalue() == direct.getvalue()


class FullDisk(io.StringIO):
    def write(self, s: str) -> int:
        raise OSError(28, "No space left on device")


def test_write_failure_is_an_export_error() -> None:
    _, claims = sample()
    with pytest.raises(ExportError, match="No space left on device"):
        get_exporter("claims-jsonl")(claims, FullDisk())

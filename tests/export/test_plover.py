"""The ``plover`` exporter: PLOVER event records checked against the PLOVER manual's record fields (a JSON
Schema written from its "PLOVER JSON" table) and its categories and modes, for the seed report and a sample."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import jsonschema
import pytest
from test_ftm import sample  # the same hand-built claims as the ftm tests

from claimgraph.errors import ExportError
from claimgraph.export import ExportData, get_exporter
from claimgraph.export.plover import CONTEXTS, EVENT_MODES, PLOVER_TYPES, QUAD

ACTOR = {
    "type": "object",
    "required": ["code", "actor_text"],
    "properties": {
        "code": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"},
        "sector": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"},
        "actor_text": {"type": "string", "minLength": 1},
        "identifier_id": {"type": ["string", "null"], "pattern": "^Q[1-9][0-9]*$"},
        "identifier_text": {"type": "string"},
    },
}
RECORD = {  # the manual's "PLOVER JSON" table: id, date, source, event required; the rest optional
    "type": "object",
    "required": ["id", "date", "source", "event"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "date": {"type": ["string", "null"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
        "source": {"type": "array", "items": ACTOR},
        "recipient": {"type": "array", "items": ACTOR},
        "event": {"type": "array", "minItems": 1, "items": {"enum": sorted(EVENT_MODES)}},
        "mode": {"type": ["array", "null"], "items": {"type": "string"}},
        "context": {"type": ["array", "null"], "items": {"enum": sorted(CONTEXTS)}},
        "quad_code": {"enum": [1, 2, 3, 4]},
        "event_scale": {"type": "number", "minimum": -10, "maximum": 10},
        "event_loc": {"type": ["object", "null"], "required": ["name"]},
        "event_text": {"type": "array", "items": {"type": "string"}},
        "text": {"type": ["string", "null"]},
        "text_info": {"type": ["object", "null"], "required": ["start", "end"]},
        "cite_info": {"type": "object"},
        "coder": {"type": "string"},
    },
}


def export(data: ExportData) -> str:
    out = io.StringIO()
    count = get_exporter("plover")(data, out)
    assert count == len(out.getvalue().splitlines())
    return out.getvalue()


def check_records(text: str) -> list[dict[str, Any]]:
    """Every record fits the manual's fields, one category, modes of that category, ISO dates."""
    records = [json.loads(line) for line in text.splitlines()]
    for record in records:
        jsonschema.validate(record, RECORD)
        (event,) = record["event"]
        assert set(record["mode"] or ()) <= EVENT_MODES[event], record
        assert record["quad_code"] == QUAD[event]
        if record["date"]:
            dt.date.fromisoformat((record["date"] + "-01-01")[:10])  # a real date at its precision
    assert len({r["id"] for r in records}) == len(records)
    return records


def test_type_table_uses_manual_categories_and_modes() -> None:
    for event, mode, contexts, _, _ in PLOVER_TYPES.values():
        assert event in EVENT_MODES and (mode is None or mode in EVENT_MODES[event])
        assert set(contexts) <= CONTEXTS


def test_sample_records() -> None:
    docs, claims = sample()
    records = {r["id"]: r for r in check_records(export(ExportData.of(claims, docs)))}
    assert len(records) == len(claims) - 2  # the two position claims have no event
    transfer = records[claims[0].id]
    assert transfer["event"] == ["AID"] and transfer["mode"] == ["military"]
    assert [a["code"] for a in transfer["source"]] == ["IRN"] and transfer["source"][0]["sector"] == "GOV"
    assert [a["code"] for a in transfer["recipient"]] == ["RUS", "BLR"]  # a list role: one compound recipient
    assert transfer["date"] == "2022-07" and transfer["date_source"] == "event"
    assert transfer["claimgraph"]["args"]["quantity"] == 46
    assert [s["name"] for s in transfer["claimgraph"]["source_chain"]] == ["Institute for the Study of War",
                                                                           "Oleksiy Arestovych"]
    assert transfer["text"] == "Iran handed 46 drones over to Russia and Belarus"
    assert transfer["cite_info"]["url"] == "https://example.org/drones"
    deny = records[claims[1].id]
    assert deny["event"] == ["REJECT"] and "negation" in deny["context"] and deny["recipient"] == []
    assert deny["date"] == "2022-08-05" and deny["date_source"] == "publication"
    attack = records[claims[4].id]
    assert attack["event"] == ["ASSAULT"] and attack["event_loc"]["cc3"] == "PSE"
    threat = records[claims[5].id]  # its document was not given: no date, no citation details
    assert threat["event"] == ["THREATEN"] and threat["date"] is None and threat["cite_info"]["url"] is None
    assert threat["source"][0]["code"] == "LBN" and threat["recipient"][0]["code"] == "ISR"


def test_output_is_deterministic() -> None:
    docs, claims = sample()
    first = export(ExportData.of(claims, docs))
    assert export(ExportData.of(list(reversed(claims)), docs)) == first
    assert "sample-ü" in first


def test_seed_report_records(seed_extraction) -> None:
    claims = seed_extraction.claims
    text = export(ExportData.of(claims, [seed_extraction.document]))
    records = check_records(text)
    assert len(records) == sum(c.type != "position" for c in claims)
    assert all(r["date"] for r in records)  # the seed has a publication date
    golden = next(r for r in records if r["claimgraph"]["args"].get("quantity") == 46)
    assert golden["event"] == ["AID"] and golden["mode"] == ["military"]
    assert golden["source"][0]["code"] == "IRN" and golden["recipient"][0]["code"] == "RUS"
    assert golden["claimgraph"]["status"] == "unconfirmed"
    assert re.search(r"46 drones", golden["text"] or "")
    events = {r["claimgraph"]["type"]: r["event"][0] for r in records}
    assert events["detain"] == "COERCE" and events["release"] == "RETREAT" and events["meet"] == "CONSULT"
    sale = [r for r in records if r["claimgraph"]["args"].get("mode") == "sale"]
    assert sale and all(r["event"] == ["COOPERATE"] for r in sale)
    assert export(ExportData.of(claims, [seed_extraction.document])) == text


class FullDisk(io.StringIO):
    def write(self, s: str) -> int:
        raise OSError(28, "No space left on device")


def test_write_failure_is_an_export_error() -> None:
    docs, claims = sample()
    with pytest.raises(ExportError, match="plover export: No space left on device"):
        get_exporter("plover")(ExportData.of(claims, docs), FullDisk())

"""Reading claims-v1 JSON Lines back into claims: the import half of the export round trip.

A claims-v1 file carries claims, not documents. Each document is rebuilt as an *evidence-only* text: as long
as its furthest evidence span, blank (spaces) except at the spans, where the evidence text stands at its
exact offsets. So every evidence span is still the exact slice of the stored text, and search finds it.
Claims keep the ids they were exported with (``Claim.given_id``), so exporting the imported database gives
the same claims-v1 lines back. Every line is checked against the claims-v1 JSON Schema first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import InputError
from ..model import Claim, Document, EntityRef, Evidence, TimeValue
from ..schema import ClaimSchemaError, validate_claim_v1

__all__ = ["read_claims_v1"]


def _entity(obj: dict[str, Any]) -> EntityRef:
    return EntityRef(name=obj["name"], kind=obj["kind"], kb_id=obj.get("id"))


def _arg(value: Any) -> Any:
    if isinstance(value, dict):
        return _entity(value)
    if isinstance(value, list):
        return [_entity(v) for v in value]
    return value


def _time(obj: dict[str, Any] | None) -> TimeValue | None:
    if not obj:
        return None
    value = obj.get("value")
    precision = {4: "year", 7: "month", 10: "day"}.get(len(value)) if value else None
    return TimeValue(text=obj.get("text") or "", value=value, precision=precision)  # type: ignore[arg-type]


def _document(name: str, objs: list[dict[str, Any]]) -> Document:
    spans = [(e["start"], e["end"], e["text"]) for o in objs for e in o["evidence"]]
    chars = [" "] * max((end for _, end, _ in spans), default=0)
    for start, end, text in spans:
        chars[start:end] = list(text)
    text = "".join(chars)
    if not text.strip():
        text = text + " " if text else " "
    return Document(text=text, name=name, format="claims-v1", origin="claims-v1 import")


def _claim(obj: dict[str, Any], document: Document) -> Claim:
    statement = _time(obj.get("statement_time"))
    time = _time(obj.get("time"))
    if statement is not None and time == statement:
        time = None  # claims-v1 writes the statement time as `time` when the event time is unknown
    return Claim(
        doc=obj["doc"], doc_id=document.id, type=obj["type"], args={r: _arg(v) for r, v in obj["args"].items()},
        status=obj["status"], source=_entity(obj["source"]) if obj.get("source") else None,
        source_chain=tuple(_entity(s) for s in obj.get("source_chain", [])), time=time, statement_time=statement,
        evidence=tuple(Evidence(doc=e["doc"], start=e["start"], end=e["end"], text=e["text"])
                       for e in obj["evidence"]),
        confidence=obj.get("confidence", 0.5), given_id=obj["id"])


def read_claims_v1(lines: Iterable[str], source: str = "claims") -> Iterator[tuple[Document, list[Claim]]]:
    """(evidence-only document, its claims) for each document named in claims-v1 JSON Lines, in first-seen
    order. A line that is not JSON or not claims-v1 raises :class:`InputError` with its line number, as do
    two evidence spans of one document that disagree on the text at the same offsets."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            validate_claim_v1(obj)
        except json.JSONDecodeError as e:
            raise InputError(source, f"not JSON: {e.msg}", line=number) from None
        except ClaimSchemaError as e:
            raise InputError(source, f"not a claims-v1 claim: {e}", line=number) from None
        by_doc.setdefault(obj["doc"], []).append(obj)
    for name, objs in by_doc.items():
        document = _document(name, objs)
        for o in objs:
            for e in o["evidence"]:
                if document.text[e["start"]:e["end"]] != e["text"]:
                    raise InputError(source, f"document {name!r}: evidence spans overlap with different text "
                                             f"at {e['start']}-{e['end']}")
        yield document, [_claim(o, document) for o in objs]

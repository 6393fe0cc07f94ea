"""Read models for pages and the JSON API: a document with its claims laid over the text, evidence in its
context, a claim's one-line summary, and timelines of claims.

Pure functions over stored claims and documents; the web layer only renders what they return.
"""

from __future__ import annotations

from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field

from ..model import Claim, Document, EntityRef, claim_from_json
from ..store import Store
from .ledger import LedgerEntry

__all__ = ["DocumentView", "Segment", "TimelineItem", "context", "document_view", "summary", "timeline"]


class Segment(BaseModel):
    """A stretch of document text and the claims whose evidence covers it (numbers into the view's claims)."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str
    claims: list[int] = Field(default_factory=list)
    ends: list[int] = Field(default_factory=list, description="Claims whose evidence span ends here.")


class DocumentView(BaseModel):
    """A stored document with every extracted claim laid over its text."""

    model_config = ConfigDict(frozen=True)

    document: Document
    id: str
    claims: list[Claim]
    segments: list[Segment]


class TimelineItem(BaseModel):
    """A claim placed in time: when the event happened and when it was said."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    type: str
    status: str
    summary: str
    happened: str | None
    said: str | None
    doc: str


def _names(value: object) -> str:
    if isinstance(value, EntityRef):
        return value.name
    if isinstance(value, list):
        return ", ".join(v.name if isinstance(v, EntityRef) else str(v) for v in value)
    return str(value)


def summary(claim: Claim | LedgerEntry) -> str:
    """One line, 'Iran → Russia (transfer: drones; quantity 46)', from a claim's or a ledger entry's roles."""
    from .graph import EDGE_ROLES  # one table of directed roles for the network and the summaries

    first, second = EDGE_ROLES.get(claim.type, ("", ""))
    shown = {first, second}
    if first == second and first in claim.args:
        head = _names(claim.args[first])
    else:
        head = " → ".join(_names(claim.args[r]) for r in (first, second) if r in claim.args)
    others = [(role, v) for role, v in claim.args.items() if role not in shown]
    if not head and others:  # no directed pair (a denial, a lone detainee): the first role leads, unlabelled
        head, others = _names(others[0][1]), others[1:]
    rest = [f"{_names(v)}" if role in ("item", "penalty", "position", "designation", "about", "topic")
            else f"{role} {_names(v)}" for role, v in others]
    return f"{head} ({claim.type}{': ' + '; '.join(rest) if rest else ''})"


def document_view(store: Store, doc_id: str) -> DocumentView | None:
    """The document (by id or name) with its claims and the text cut at every evidence boundary."""
    document = store.get_document(doc_id)
    if document is None:
        return None
    claims = store.claims(document.id)
    spans = [(ev.start, ev.end, i) for i, c in enumerate(claims, 1) for ev in c.evidence]
    text = document.text
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments = []
    for a, b in pairwise(cuts):
        if a >= b:
            continue
        covering = sorted({i for s, e, i in spans if s <= a and b <= e})
        ends = sorted({i for _, e, i in spans if e == b})
        segments.append(Segment(start=a, end=b, text=text[a:b], claims=covering, ends=ends))
    return DocumentView(document=document, id=document.id, claims=claims, segments=segments)


def context(text: str, start: int, end: int, window: int = 300) -> tuple[str, str, str]:
    """(before, evidence, after): the evidence with up to ``window`` characters either side, cut at spaces."""
    a, b = max(0, start - window), min(len(text), end + window)
    before, after = text[a:start], text[end:b]
    if a > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1:]
    if b < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before, text[start:end], after


def timeline(store: Store, entity_id: str | None = None, claim_type: str | None = None,
             limit: int = 200) -> list[TimelineItem]:
    """Dated claims (event time, else statement time, else publication), oldest first."""
    where, params = [], []
    if entity_id is not None:
        where.append("c.id IN (SELECT claim_id FROM claim_args WHERE entity_id = ? "
                     "UNION SELECT claim_id FROM claim_sources WHERE entity_id = ?)")
        params += [entity_id, entity_id]
    if claim_type is not None:
        where.append("c.type = ?")
        params.append(claim_type)
    rows = store.read(
        "SELECT c.json, d.published FROM claims c JOIN documents d ON d.id = c.doc_id "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY COALESCE(c.time_value, c.statement_time_value, d.published) IS NULL, "
        "COALESCE(c.time_value, c.statement_time_value, d.published), c.id LIMIT ?", [*params, int(limit)])
    items = []
    for raw, published in rows:
        claim = claim_from_json(raw)
        said = claim.statement_time.value if claim.statement_time and claim.statement_time.value else published
        items.append(TimelineItem(claim_id=claim.id, type=claim.type, status=claim.status, summary=summary(claim),
                                  happened=claim.time.value if claim.time else None, said=said, doc=claim.doc))
    return items

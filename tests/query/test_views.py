"""Read models of the pages: one-line summaries, the document cut at evidence boundaries, evidence context."""

from __future__ import annotations

from claimgraph.model import Claim, Document, EntityRef, Evidence
from claimgraph.query import context, document_view, summary
from claimgraph.store import Store

IRAN = EntityRef(name="Iran", kind="state", kb_id="Q794")
RUSSIA = EntityRef(name="Russia", kind="state", kb_id="Q159")
DRONES = EntityRef(name="drones", kind="weapon")


def _claim(doc: Document, type_: str, args: dict, start: int, end: int) -> Claim:
    return Claim(doc=doc.name, doc_id=doc.id, type=type_, args=args,  # type: ignore[arg-type]
                 evidence=(Evidence(doc=doc.name, start=start, end=end, text=doc.text[start:end]),))


def test_summaries_lead_with_the_directed_pair_or_the_first_role():
    doc = Document(text="x" * 50, name="d")
    assert summary(_claim(doc, "transfer", {"supplier": IRAN, "recipient": RUSSIA, "item": [DRONES],
                                            "quantity": 46}, 0, 5)) == "Iran → Russia (transfer: drones; quantity 46)"
    assert summary(_claim(doc, "meet", {"participants": [IRAN, RUSSIA]}, 0, 5)) == "Iran, Russia (meet)"
    assert summary(_claim(doc, "deny", {"denier": IRAN, "about": "the report"}, 0, 5)) == "Iran (deny: the report)"


def test_document_view_cuts_overlapping_evidence_into_labelled_segments(target):
    doc = Document(text="Iran handed drones to Russia. Iran backs Hezbollah.", name="d")
    first = _claim(doc, "transfer", {"supplier": IRAN, "recipient": RUSSIA}, 0, 28)
    inner = _claim(doc, "transfer", {"supplier": IRAN, "item": [DRONES]}, 0, 18)
    with Store.open(target) as store:
        store.add(doc, [first, inner])
        view = document_view(store, "d")
    assert view is not None and "".join(s.text for s in view.segments) == doc.text
    assert all(doc.text[s.start:s.end] == s.text for s in view.segments)
    covered = [s for s in view.segments if s.claims]
    assert [len(s.claims) for s in covered] == [2, 1]  # "Iran handed drones" under both, the rest under one
    assert sum(len(s.ends) for s in view.segments) == 2


def test_context_cuts_at_spaces_and_marks_the_cut():
    text = "one two three four five six seven eight nine ten"
    before, mark, after = context(text, 14, 18, window=8)
    assert mark == "four" and before.startswith("…") and after.endswith("…")
    assert context(text, 0, 3)[0] == "" and context(text, 0, 3)[1] == "one"

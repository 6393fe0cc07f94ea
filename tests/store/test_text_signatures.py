"""Near-duplicate signatures computed elsewhere (a worker's :class:`TextSignatures`) are stored exactly as those
the store computes itself, on both engines; one computed for another text is not used."""

from __future__ import annotations

import datetime as dt

from claimgraph.model import Document
from claimgraph.model.signatures import TextSignatures
from claimgraph.resolve.signatures import BANDS, MIN_WORDS, buckets, paragraph_spans, signature, text_signatures
from claimgraph.store import Store

COPIED = ("The agency said the shells would let Moscow keep firing at its current pace through the winter, and that "
          "Pyongyang had asked for satellite technology in return.")
REPORT = "\n".join(["North Korea shipped artillery shells to Russia by rail in October 2023, South Korea's spy agency "
                    "told lawmakers in Seoul on Wednesday, citing the traffic it had watched at Rajin.", COPIED])
OTHER = "\n".join(["Short headline", "Iran sent a new batch of drones to Russia last week, two officials in Washington "
                   "said, adding that the shipment crossed the Caspian Sea by boat.", COPIED])
DOCS = [
    Document(text=REPORT, name="original", published=dt.date(2023, 3, 2)),
    Document(text=f"Reposted from Northline Wire.\n{REPORT}", name="repost", published=dt.date(2023, 3, 3)),
    Document(text=OTHER, name="other", published=dt.date(2023, 3, 4)),  # copies the original's second paragraph
]


def _state(target: str) -> dict[str, list]:
    with Store.open(target) as store:
        return {table: store.read(f"SELECT {columns} FROM {table} ORDER BY {columns}") for table, columns in (
            ("documents", "name, copy_of, signature"),
            ("document_bands", "band, bucket, doc_id"),
            ("paragraph_bands", 'band, bucket, doc_id, start, "end"'),
            ("paragraph_copies", 'doc_id, start, "end", copy_of, similarity'))}


def test_text_signatures_hold_the_signature_of_the_text_and_the_bands_of_it_and_its_long_paragraphs() -> None:
    printed = text_signatures(DOCS[2])
    assert printed.doc_id == DOCS[2].id
    assert printed.signature == signature(OTHER).tobytes()
    assert printed.bands == tuple(buckets(signature(OTHER))) and len(printed.bands) == BANDS
    spans = [(a, b) for a, b in paragraph_spans(OTHER) if len(OTHER[a:b].split()) >= MIN_WORDS]
    assert [(a, b) for a, b, _ in printed.paragraphs] == spans and len(spans) == 2  # not the headline
    assert all(bands == tuple(buckets(signature(OTHER[a:b]))) for a, b, bands in printed.paragraphs)
    assert printed.paragraphs[1][2] == tuple(buckets(signature(COPIED)))  # the copied paragraph's: as the original's


def test_signatures_from_a_worker_are_stored_as_the_store_computes_them(target: str, tmp_path) -> None:
    with Store.open(str(tmp_path / "reference.db")) as store:
        for document in DOCS:
            store.add(document, [])
    reference = _state(str(tmp_path / "reference.db"))
    assert [r[0] for r in reference["paragraph_copies"]] == [DOCS[2].id]  # the copied paragraph is found
    assert reference["documents"][2][:2] == ("repost", DOCS[0].id)
    with Store.open(target) as store:
        store.add_many([(d, [], [], None) for d in DOCS], {d.id: text_signatures(d) for d in DOCS})
    assert _state(target) == reference


def test_signatures_of_another_text_is_not_used(tmp_path) -> None:
    with Store.open(str(tmp_path / "reference.db")) as store:
        store.add_many([(d, [], [], None) for d in DOCS])
    wrong = text_signatures(DOCS[2])
    forged = {d.id: TextSignatures(doc_id=wrong.doc_id, signature=wrong.signature, bands=wrong.bands,
                                   paragraphs=wrong.paragraphs)
              for d in DOCS[:2]}
    with Store.open(str(tmp_path / "forged.db")) as store:
        store.add_many([(d, [], [], None) for d in DOCS], forged)
    assert _state(str(tmp_path / "forged.db")) == _state(str(tmp_path / "reference.db"))

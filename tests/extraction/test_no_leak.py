"""Extraction keeps nothing of a parsed document once its claims are out: a worker that extracts millions of
documents must not hold their ``Doc`` objects (a per-document cache once kept every one alive)."""

from __future__ import annotations

import datetime as dt
import gc

from spacy.tokens import Doc

from claimgraph.model import Document


def _live_docs() -> set[int]:
    gc.collect()
    return {id(o) for o in gc.get_objects() if isinstance(o, Doc)}


def test_no_parsed_document_outlives_its_extraction(processor):
    before = _live_docs()  # what other tests of this process may still hold
    texts = [f"Iran sent {n} drones to Russia in March, officials said on Monday. The news was not confirmed."
             for n in range(2, 12)]
    docs = [Document(text=t, name=f"d{i}", published=dt.date(2023, 5, 1)) for i, t in enumerate(texts)]
    claims = [c for e in processor.process_many(docs) for c in e.claims]
    assert claims and all(c.time is not None for c in claims if c.type == "transfer")
    assert _live_docs() - before == set()

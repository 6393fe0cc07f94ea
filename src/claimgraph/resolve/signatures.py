"""MinHash signatures of a document's text, for telling copies apart from reports in their own words.

A text's word 5-shingles (case and punctuation ignored) get a MinHash signature of ``NUM_PERM`` values
(:mod:`claimgraph.resolve.minhash`: datasketch's values). A paragraph is a line of the text (line breaks end
paragraphs, as they end sentences in the ``claimgraph_paragraphs`` spaCy component); those of at least
``MIN_WORDS`` words get a signature of their own. The store indexes them by their LSH bands (:func:`buckets`;
:mod:`claimgraph.store.dedupe`, :mod:`claimgraph.store.paragraphs`). Pure functions of the text: a worker
computes them next to the extraction (:func:`text_signatures`), and the store computes them itself for a
document that comes without.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from ..model import Document
from ..model.signatures import TextSignatures
from .minhash import minhash

__all__ = ["BANDS", "MIN_WORDS", "NUM_PERM", "ROWS", "buckets", "long_paragraphs", "paragraph_spans", "shingles",
           "signature", "text_signatures"]

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
"""A signature's LSH banding: 16 bands of 8 rows make pairs above about 0.7 similarity collide in some band."""
MIN_WORDS = 12
"""Shorter paragraphs (headlines, bylines, one-line quotes) are too common to call copies."""

_SHINGLE = 5
_WORD = re.compile(r"\w+")
_PARAGRAPH = re.compile(r"[^\n\s](?:[^\n]*[^\n\s])?")


def shingles(text: str) -> set[str]:
    """The word 5-shingles of a text, casefolded (a shorter text is one shingle)."""
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i:i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text's word 5-shingles (case and punctuation ignored)."""
    return minhash((s.encode("utf-8") for s in shingles(text) if s), NUM_PERM, seed=1)


def buckets(sig: np.ndarray) -> list[tuple[int, str]]:
    """The (band, bucket hash) pairs of a signature: the keys the store's LSH tables index it under."""
    return [(b, hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).hexdigest())
            for b in range(BANDS)]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line of ``text``, surrounding white space left out."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def long_paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans of :func:`paragraph_spans` with at least ``MIN_WORDS`` words."""
    return [(a, b) for a, b in paragraph_spans(text) if len(_WORD.findall(text, a, b)) >= MIN_WORDS]


def text_signatures(document: Document) -> TextSignatures:
    """The signature of a document's text and the LSH bands of it and of its long paragraphs."""
    text = document.text
    sig = signature(text)
    paragraphs = tuple((a, b, tuple(buckets(signature(text[a:b])))) for a, b in long_paragraphs(text))
    return TextSignatures(doc_id=document.id, signature=sig.tobytes(), bands=tuple(buckets(sig)), paragraphs=paragraphs)

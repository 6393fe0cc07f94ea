"""Near-duplicate paragraphs: a syndicated paragraph copied into an otherwise different article.

A paragraph is a line of the document text (line breaks end paragraphs, as they end sentences in the
``claimgraph_paragraphs`` spaCy component). Paragraphs of at least ``MIN_WORDS`` words get a MinHash
signature of their word 5-shingles, banded into ``paragraph_bands`` like whole documents in ``document_bands``.
A paragraph of a new document whose shingles have a Jaccard similarity of at least ``THRESHOLD`` with a
paragraph of an earlier stored document (checked exactly on the stored text) is recorded in
``paragraph_copies`` with the original document; a claim whose evidence lies wholly inside such a paragraph
counts under that original (:func:`claim_origins`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Claim
from .dedupe import THRESHOLD, buckets, signature
from .engine import Conn

__all__ = ["MIN_WORDS", "claim_origins", "index_paragraphs", "paragraph_spans"]

MIN_WORDS = 12
"""Shorter paragraphs (headlines, bylines, one-line quotes) are too common to call copies."""

_SHINGLE = 5


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line of ``text``, surrounding white space left out."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n\s](?:[^\n]*[^\n\s])?", text)]


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i:i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}


def _long_enough(text: str) -> bool:
    return len(re.findall(r"\w+", text)) >= MIN_WORDS


def index_paragraphs(conn: Conn, doc_id: str, text: str) -> int:
    """Record which paragraphs of a new document copy a paragraph of an earlier one, then index its own
    paragraphs; returns how many copies were found."""
    found = 0
    for start, end in paragraph_spans(text):
        para = text[start:end]
        if not _long_enough(para):
            continue
        sig = signature(para)
        bands = buckets(sig)
        copy = _find_copy(conn, doc_id, para, bands)
        if copy is not None:
            conn.execute('INSERT INTO paragraph_copies (doc_id, start, "end", copy_of, similarity) '
                         'VALUES (?, ?, ?, ?, ?) ON CONFLICT (doc_id, start) DO UPDATE SET "end" = excluded."end", '
                         "copy_of = excluded.copy_of, similarity = excluded.similarity",
                         (doc_id, start, end, copy[0], round(copy[1], 3)))
            found += 1
        conn.executemany('INSERT INTO paragraph_bands (band, bucket, doc_id, start, "end") '
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                         [(band, bucket, doc_id, start, end) for band, bucket in bands])
    return found


def _find_copy(conn: Conn, doc_id: str, para: str,
               bands: list[tuple[int, str]]) -> tuple[str, float] | None:
    """The original document of the earliest stored paragraph ``para`` copies, and the similarity."""
    candidates: set[tuple[str, int, int]] = set()
    for band, bucket in bands:
        candidates.update(conn.execute('SELECT doc_id, start, "end" FROM paragraph_bands '
                                       "WHERE band = ? AND bucket = ? AND doc_id != ?", (band, bucket, doc_id)))
    if not candidates:
        return None
    mine = _shingles(para)
    best: tuple[str, str, float] | None = None  # (ingested_at, original, similarity)
    for other, start, end in sorted(candidates):
        row = conn.execute(
            "SELECT substr(d.text, ? + 1, ?), d.ingested_at, d.seq, COALESCE(d.copy_of, d.id), "
            '(SELECT p.copy_of FROM paragraph_copies p WHERE p.doc_id = d.id AND p.start <= ? AND ? <= p."end") '
            "FROM documents d WHERE d.id = ?", (start, end - start, start, end, other)).fetchone()
        if row is None:
            continue
        theirs = _shingles(row[0])
        similarity = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
        if similarity >= THRESHOLD:
            key = f"{row[1]}#{row[2]:012d}"
            if best is None or key < best[0]:
                best = (key, row[4] or row[3], similarity)
    return (best[1], best[2]) if best else None


def claim_origins(conn: Conn, claims: Iterable[Claim]) -> dict[str, str]:
    """Claim id -> the original document, for claims whose evidence lies wholly inside copied paragraphs."""
    by_doc: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.evidence:
            by_doc.setdefault(claim.doc_id, []).append(claim)
    out: dict[str, str] = {}
    docs = sorted(by_doc)
    for i in range(0, len(docs), 500):
        chunk = docs[i:i + 500]
        copies: dict[str, list[tuple[int, int, str]]] = {}
        for doc_id, start, end, copy_of in conn.execute(
                f'SELECT doc_id, start, "end", copy_of FROM paragraph_copies WHERE doc_id IN '
                f'({", ".join("?" * len(chunk))}) ORDER BY doc_id, start', chunk):
            copies.setdefault(doc_id, []).append((start, end, copy_of))
        for doc_id, spans in copies.items():
            for claim in by_doc[doc_id]:
                inside = [next((o for a, b, o in spans if a <= ev.start and ev.end <= b), None)
                          for ev in claim.evidence]
                if all(inside):
                    out[claim.id] = str(inside[0])
    return out

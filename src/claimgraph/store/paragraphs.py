"""Near-duplicate paragraphs: a syndicated paragraph copied into an otherwise different article.

A paragraph is a line of the document text; those of at least ``MIN_WORDS`` words have a MinHash signature
of their word 5-shingles (:mod:`claimgraph.resolve.signatures`), banded into ``paragraph_bands`` like whole
documents in ``document_bands``.
A paragraph of a new document whose shingles have a Jaccard similarity of at least ``THRESHOLD`` with a
paragraph of an earlier stored document (checked exactly on the stored text) is recorded in
``paragraph_copies`` with the original document; a claim whose evidence lies wholly inside such a paragraph
counts under that original (:func:`claim_origins`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..model import Claim
from ..model.signatures import TextSignatures
from ..resolve.signatures import MIN_WORDS, buckets, long_paragraphs, paragraph_spans, shingles, signature
from .dedupe import THRESHOLD, band_condition
from .engine import Conn, select_in

__all__ = ["MIN_WORDS", "claim_origins", "index_paragraphs", "paragraph_bands", "paragraph_spans"]

_LOOKUP = 64
"""(band, bucket) pairs asked in one query: four paragraphs' worth."""


def paragraph_bands(text: str, signed: TextSignatures | None = None
                    ) -> list[tuple[int, int, Sequence[tuple[int, str]]]]:
    """(start, end, LSH bands of its signature) of each long paragraph of ``text``: from ``signed`` (computed
    elsewhere, a worker) when given, else computed here."""
    if signed is not None:
        return list(signed.paragraphs)
    return [(a, b, buckets(signature(text[a:b]))) for a, b in long_paragraphs(text)]


def index_paragraphs(conn: Conn, doc_id: str, text: str, signed: TextSignatures | None = None) -> int:
    """Record which paragraphs of a new document copy a paragraph of an earlier one, then index its own
    paragraphs; returns how many copies were found."""
    paragraphs = paragraph_bands(text, signed)
    if not paragraphs:
        return 0
    candidates = _candidates(conn, doc_id, paragraphs)
    found = 0
    for start, end, _ in paragraphs:
        copy = _best_copy(conn, text[start:end], candidates[start])
        if copy is not None:
            conn.execute('INSERT INTO paragraph_copies (doc_id, start, "end", copy_of, similarity) '
                         'VALUES (?, ?, ?, ?, ?) ON CONFLICT (doc_id, start) DO UPDATE SET "end" = excluded."end", '
                         "copy_of = excluded.copy_of, similarity = excluded.similarity",
                         (doc_id, start, end, copy[0], round(copy[1], 3)))
            found += 1
    conn.executemany('INSERT INTO paragraph_bands (band, bucket, doc_id, start, "end") '
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                     [(band, bucket, doc_id, start, end) for start, end, bands in paragraphs for band, bucket in bands])
    return found


def _candidates(conn: Conn, doc_id: str, paragraphs: Sequence[tuple[int, int, Sequence[tuple[int, str]]]]
                ) -> dict[int, set[tuple[str, int, int]]]:
    """Paragraph start -> the stored paragraphs of other documents sharing a band with it, in one query per
    ``_LOOKUP`` paragraphs."""
    wanted: dict[tuple[int, str], list[int]] = defaultdict(list)
    for start, _, bands in paragraphs:
        for pair in bands:
            wanted[pair].append(start)
    out: dict[int, set[tuple[str, int, int]]] = {start: set() for start, _, _ in paragraphs}
    pairs = sorted(wanted)
    for i in range(0, len(pairs), _LOOKUP):
        cond, params = band_condition(pairs[i:i + _LOOKUP], "p")
        for band, bucket, other, start, end in conn.execute(
                f'SELECT p.band, p.bucket, p.doc_id, p.start, p."end" FROM paragraph_bands p WHERE {cond} '
                "AND p.doc_id != ?", [*params, doc_id]).fetchall():
            for mine in wanted[(band, bucket)]:
                out[mine].add((other, start, end))
    return out


def _best_copy(conn: Conn, para: str, candidates: set[tuple[str, int, int]]) -> tuple[str, float] | None:
    """The original document of the earliest stored paragraph ``para`` copies, and the similarity."""
    if not candidates:
        return None
    mine = shingles(para)
    best: tuple[str, str, float] | None = None  # (ingested_at, original, similarity)
    for other, start, end in sorted(candidates):
        row = conn.execute(
            "SELECT substr(d.text, ? + 1, ?), d.ingested_at, d.seq, COALESCE(d.copy_of, d.id), "
            '(SELECT p.copy_of FROM paragraph_copies p WHERE p.doc_id = d.id AND p.start <= ? AND ? <= p."end") '
            "FROM documents d WHERE d.id = ?", (start, end - start, start, end, other)).fetchone()
        if row is None:
            continue
        theirs = shingles(row[0])
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
    copies: dict[str, list[tuple[int, int, str]]] = {}
    for doc_id, start, end, copy_of in select_in(conn, 'SELECT doc_id, start, "end", copy_of FROM paragraph_copies '
                                                       "WHERE doc_id IN ({}) ORDER BY doc_id, start", sorted(by_doc)):
        copies.setdefault(doc_id, []).append((start, end, copy_of))
    out: dict[str, str] = {}
    for doc_id, spans in copies.items():
        for claim in by_doc[doc_id]:
            inside = [next((o for a, b, o in spans if a <= ev.start and ev.end <= b), None) for ev in claim.evidence]
            if all(inside):
                out[claim.id] = str(inside[0])
    return out

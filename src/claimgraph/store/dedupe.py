"""Near-duplicate documents: MinHash signatures (:mod:`claimgraph.resolve.signatures`) banded into an LSH
index table.

Two documents whose word 5-shingles have an estimated Jaccard similarity of at least ``THRESHOLD`` are
copies: the one published later records ``copy_of`` = the original, the one published first (the smaller id
on the same day or undated), whichever order they are stored in (:func:`precedes`). Banding
(:func:`~claimgraph.resolve.signatures.buckets`: 16 bands of 8 rows) makes pairs above about 0.7 similarity
collide in some band; candidates are then checked on the full signature.
A syndicated copy with a new headline, byline or footer stays well above the threshold; two reports of one
event in their own words share few 5-word runs and stay well below it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..resolve.signatures import BANDS, buckets, signature
from .engine import Conn

__all__ = ["BANDS", "THRESHOLD", "band_condition", "buckets", "find_original", "index_document", "precedes",
           "signature"]

THRESHOLD = 0.7


def precedes(a: tuple[str, str | None], b: tuple[str, str | None]) -> bool:
    """Whether document ``a`` (id, ISO publication date or None) is the original of a pair with ``b``: the
    earlier published, dated before undated, then the smaller id. Arrival order plays no part."""
    return (a[1] is None, a[1] or "", a[0]) < (b[1] is None, b[1] or "", b[0])


def band_condition(bands: Sequence[tuple[int, str]], alias: str) -> tuple[str, list[object]]:
    """SQL matching any of ``bands`` (band, bucket) in the table ``alias``, and its parameters: one query for
    all of them, each an index lookup (SQLite's OR by index, PostgreSQL's bitmap OR)."""
    sql = " OR ".join(f"({alias}.band = ? AND {alias}.bucket = ?)" for _ in bands)
    return f"({sql})", [x for pair in bands for x in pair]


def find_original(conn: Conn, doc_id: str, sig: np.ndarray,
                  bands: Sequence[tuple[int, str]]) -> tuple[str, str | None] | None:
    """The original (id, publication date) of the stored documents this one nearly duplicates, if any: of
    their originals, the one that :func:`precedes` the others. ``bands``: :func:`buckets` of ``sig``."""
    cond, params = band_condition(bands, "b")
    best: tuple[str, str | None] | None = None
    for other, other_sig, copy_of in conn.execute(
            "SELECT DISTINCT d.id, d.signature, d.copy_of FROM document_bands b JOIN documents d ON d.id = b.doc_id "
            f"WHERE {cond} AND b.doc_id != ? ORDER BY d.id", [*params, doc_id]).fetchall():
        if other_sig is None:
            continue
        similarity = float(np.mean(np.frombuffer(other_sig, dtype=np.uint64) == sig))
        if similarity >= THRESHOLD:
            original = copy_of or other
            row = conn.execute("SELECT published FROM documents WHERE id = ?", (original,)).fetchone()
            candidate = (original, None if row is None or row[0] is None else str(row[0]))
            if best is None or precedes(candidate, best):
                best = candidate
    return best


def index_document(conn: Conn, doc_id: str, sig: np.ndarray, bands: Sequence[tuple[int, str]]) -> None:
    """Store a document's signature and its bands (:func:`buckets` of it)."""
    conn.execute("UPDATE documents SET signature = ? WHERE id = ?", (sig.tobytes(), doc_id))
    conn.executemany("INSERT INTO document_bands (band, bucket, doc_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                     [(band, bucket, doc_id) for band, bucket in bands])

"""The TextSignatures record: the MinHash signatures near-duplicate detection needs of one document's text.

Pure data (bytes and offsets). :func:`claimgraph.resolve.signatures.text_signatures` computes it; a worker
process sends it with its extraction so that the storing process, which indexes and looks up the
signatures, need not compute them itself.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TextSignatures"]


@dataclass(frozen=True, slots=True)
class TextSignatures:
    """The signature of a whole text and of each of its paragraphs long enough to count as copied."""

    doc_id: str
    """The document whose text was signed: the signatures are only used for that document."""
    signature: bytes
    """The text's MinHash signature (unsigned 64-bit values, native byte order)."""
    paragraphs: tuple[tuple[int, int, bytes], ...] = ()
    """(start, end, signature) of each long paragraph, in text order."""

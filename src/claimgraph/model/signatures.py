"""The TextSignatures record: the MinHash signatures near-duplicate detection needs of one document's text.

Pure data (bytes, offsets and band keys). :func:`claimgraph.resolve.signatures.text_signatures` computes it; a worker
process sends it with its extraction so that the storing process, which indexes and looks up the
signatures, need not compute them itself.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TextSignatures"]


@dataclass(frozen=True, slots=True)
class TextSignatures:
    """The signature of a whole text, and the LSH bands of it and of each paragraph long enough to count as
    copied: the store's index keys, so that the storing process hashes none of them."""

    doc_id: str
    """The document whose text was signed: the signatures are only used for that document."""
    signature: bytes
    """The text's MinHash signature (unsigned 64-bit values, native byte order)."""
    bands: tuple[tuple[int, str], ...]
    """The (band, bucket) pairs of ``signature`` (required: a document indexed without them could not be found)."""
    paragraphs: tuple[tuple[int, int, tuple[tuple[int, str], ...]], ...] = ()
    """(start, end, (band, bucket) pairs of its signature) of each long paragraph, in text order."""

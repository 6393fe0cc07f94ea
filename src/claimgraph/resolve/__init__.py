"""The resolve stage: one entity per actor within a document (surnames to full names), the pure rules that
link a new entity to one already stored under another spelling (used by the store), and the MinHash
signatures that tell a copied text or paragraph (:mod:`.signatures`).

``resolve_extraction`` works on an extraction, so it imports spaCy; it is imported when first asked for, so
that the store (which needs only the linking rules) starts without spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .linking import Link, block_key, link, phonetic_key, replace_entities

if TYPE_CHECKING:
    from .names import resolve_extraction

__all__ = ["Link", "block_key", "link", "phonetic_key", "replace_entities", "resolve_extraction"]


def __getattr__(name: str) -> Any:
    if name == "resolve_extraction":
        from .names import resolve_extraction

        return resolve_extraction
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

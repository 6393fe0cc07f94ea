"""The resolve stage: one entity per actor within a document (surnames to full names), and the pure
rules that link a new entity to one already stored under another spelling (used by the store)."""

from .linking import Link, block_key, link, phonetic_key, replace_entities
from .names import resolve_extraction

__all__ = ["Link", "block_key", "link", "phonetic_key", "replace_entities", "resolve_extraction"]

"""The curated knowledge base: canonical entities with Wikidata ids, aliases, demonyms and metonyms.

Bundled entries live in ``kb/data/*.json``; users add their own files (``--kb FILE``). Facts that are
claims (who sponsors whom) are not kept here: they come from text, with sources.
"""

from .base import KBError, KnowledgeBase, default_kb
from .entry import KBEntry, name_key
from .patterns import KIND_LABELS, entity_patterns

__all__ = ["KIND_LABELS", "KBEntry", "KBError", "KnowledgeBase", "default_kb", "entity_patterns", "name_key"]

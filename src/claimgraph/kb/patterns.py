"""spaCy EntityRuler patterns from the knowledge base: every alias, tokenised as spaCy's English does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import KnowledgeBase

__all__ = ["KIND_LABELS", "entity_patterns"]

KIND_LABELS = {
    "state": "STATE", "armed_group": "ARMED_GROUP", "armed_force": "ARMED_FORCE", "agency": "AGENCY",
    "organization": "ORG", "court": "COURT", "outlet": "OUTLET", "weapon": "WEAPON", "place": "PLACE",
    "agreement": "AGREEMENT", "person": "PERSON", "group": "NORP",
}


def _variants(alias: str) -> set[str]:
    """ "Shahed 129" also as "Shahed-129" and the reverse: designations are written both ways."""
    out = {alias}
    if any(ch.isdigit() for ch in alias):
        out |= {alias.replace(" ", "-"), alias.replace("-", " ")}
    return out


def entity_patterns(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """One pattern per alias variant. One-word names match case-sensitively ("ISA" is not "Isa"; "Army"
    is not "army"); longer names are phrase patterns (a string), for a ruler whose phrase matcher
    compares LOWER, so they match in any case and cost one PhraseMatcher pass."""
    import spacy  # only pattern building needs the tokenizer

    tokenizer = spacy.blank("en").tokenizer
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for entry in kb:
        label = KIND_LABELS[entry.kind]
        for alias in entry.names():
            for variant in _variants(alias):
                words = [t.text for t in tokenizer(variant)]
                key = (entry.id, " ".join(words).lower() if len(words) > 1 else " ".join(words))
                if not words or key in seen:
                    continue
                seen.add(key)
                pattern: Any = [{"ORTH": words[0]}] if len(words) == 1 else variant
                patterns.append({"label": label, "pattern": pattern, "id": entry.id})
    return patterns

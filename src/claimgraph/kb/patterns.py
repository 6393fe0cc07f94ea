"""spaCy entity-ruler patterns from the knowledge base: every name and alias, tokenised as spaCy's English
tokenizer does, labelled by kind, with the entry id as the pattern id.

One-word names match exactly (``{"ORTH": ...}``): "ISA" is not "Isa", "Patriot" is not "patriot".
Longer names match in any case. Two styles:

* ``"phrase"`` (default, what :class:`claimgraph.nlp.components.KBEntityTagger` consumes): a longer
  name is a phrase pattern (a string), for a ruler whose phrase matcher compares ``LOWER``; cheap.
* ``"tokens"``: every pattern is a list of token dicts, ``{"LOWER": ...}`` for longer names; works in
  any ``EntityRuler`` or ``SpanRuler``, whatever its ``phrase_matcher_attr``.

Names that entries marked ambiguous (dropped from the lookup index) get no pattern either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal

from .entry import name_key

if TYPE_CHECKING:
    from .base import KnowledgeBase

Tokenizer = Callable[[str], Iterable[Any]]
"""A spaCy tokenizer (``nlp.tokenizer``): text in, tokens with ``.text`` and ``.is_space`` out."""

__all__ = ["KIND_LABELS", "entity_patterns", "name_variants"]

KIND_LABELS: dict[str, str] = {
    "state": "STATE", "armed_group": "ARMED_GROUP", "armed_force": "ARMED_FORCE", "agency": "AGENCY",
    "organization": "ORG", "court": "COURT", "outlet": "OUTLET", "weapon": "WEAPON", "place": "PLACE",
    "agreement": "AGREEMENT", "person": "PERSON", "group": "NORP",
}


def name_variants(alias: str) -> list[str]:
    """The spellings a name is written in: "Shahed 129" also as "Shahed-129" (and the reverse, for
    designations with a number); "Kata'ib" also with a typographic apostrophe."""
    out = [alias]
    if any(ch.isdigit() for ch in alias):
        out += [alias.replace(" ", "-"), alias.replace("-", " ")]
    if "'" in alias:
        out.append(alias.replace("'", "\u2019"))
    if "\u2019" in alias:
        out.append(alias.replace("\u2019", "'"))
    return list(dict.fromkeys(out))


def entity_patterns(kb: KnowledgeBase, style: Literal["phrase", "tokens"] = "phrase",
                    tokenizer: Tokenizer | None = None) -> list[dict[str, Any]]:
    """One pattern per spelling of every name and alias: ``{"label", "pattern", "id"}``. ``tokenizer``: the
    tokenizer of the pipeline the patterns are for (then the ruler, tokenising a phrase pattern again, finds
    its words already known: half the cost of loading the patterns); by default a blank English one."""
    if style not in ("phrase", "tokens"):
        raise ValueError(f"unknown pattern style {style!r} (known: 'phrase', 'tokens')")
    if tokenizer is None:
        import spacy  # only pattern building needs the tokenizer

        tokenizer = spacy.blank("en").tokenizer
    dropped = set(kb.dropped)
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    for entry in kb:
        label = KIND_LABELS[entry.kind]
        for alias in entry.names():
            if name_key(alias) in dropped:
                continue
            for variant in name_variants(alias):
                words = [t.text for t in tokenizer(variant) if not t.is_space]
                if not words:
                    continue
                one = len(words) == 1
                key = (entry.id, *(words if one else [w.lower() for w in words]))
                if key in seen:
                    continue
                seen.add(key)
                pattern: Any
                if one:
                    pattern = [{"ORTH": words[0]}]
                elif style == "phrase":
                    pattern = variant  # the ruler tokenises it the same way
                else:
                    pattern = [{"LOWER": w.lower()} for w in words]
                patterns.append({"label": label, "pattern": pattern, "id": entry.id})
    return patterns

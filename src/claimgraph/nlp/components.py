"""spaCy components that prepare a news text: paragraph-aware sentences and domain entity patterns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

__all__ = ["WEAPON_DESIGNATION_PATTERNS", "KBEntityTagger", "paragraph_boundaries"]

# Weapon designations the statistical NER does not know: "CH-4", "MQ-9", "S-300", "Shahed-136",
# "Mohajer-6", "Shahed 129", "Kh-101", "Su-35". A capitalised name (or letter code) then a number.
# Not designations: diseases and forums written the same way ("Covid-19", "G-20"), and dates ("May 28").
_NOT_A_DESIGNATION = r"(?i)^(?!(?:covid|sars|mers|g|h\d?n)-)"
_DESIGNATION_CODE = _NOT_A_DESIGNATION + r"[A-Z][A-Za-z]{0,9}-\d{1,4}[A-Z]?$"
_NAME = r"^[A-Z][a-z]{2,}$"
_NUMBER = r"^\d{1,3}[A-Z]?$"
_NOT_NAMES = ["PERSON", "GPE", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"]
WEAPON_DESIGNATION_PATTERNS: list[dict] = [
    {"label": "WEAPON", "pattern": [{"TEXT": {"REGEX": _DESIGNATION_CODE}, "ENT_TYPE": {"NOT_IN": _NOT_NAMES}}]},
    {"label": "WEAPON", "pattern": [{"TEXT": {"REGEX": _NAME}, "ENT_TYPE": {"NOT_IN": _NOT_NAMES}},
                                    {"TEXT": {"REGEX": r"^-$"}, "OP": "?"},
                                    {"TEXT": {"REGEX": _NUMBER}},
                                    {"LOWER": {"IN": ["drone", "drones", "missile", "missiles", "uav", "uavs",
                                                      "rocket", "rockets"]}, "OP": "?"}]},
]


@Language.component("claimgraph_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, captions and paragraphs never run together.

    Runs before the parser, which keeps boundaries that are already set.
    """
    for token in doc[:-1]:
        if (token.is_space and "\n" in token.text) or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.factory("claimgraph_kb_entities")
def make_kb_entity_tagger(nlp: Language, name: str) -> KBEntityTagger:
    return KBEntityTagger(nlp, name)


class KBEntityTagger:
    """Tags knowledge-base names as entities (with the entry id as ``ent_id_``), overriding the NER.

    Like spaCy's EntityRuler with ``overwrite_ents``, but every name is a phrase pattern: one-word names
    are matched exactly ("ISA" is not "Isa"), longer names in any case. Two PhraseMatcher passes cost a
    fraction of what the token Matcher costs for hundreds of one-word patterns.
    """

    def __init__(self, nlp: Language, name: str = "claimgraph_kb_entities") -> None:
        self.nlp, self.name = nlp, name
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Patterns as ``KnowledgeBase.spacy_patterns()`` gives them: a string, or one ``{"ORTH": word}``."""
        exact: dict[str, list[Doc]] = {}
        caseless: dict[str, list[Doc]] = {}
        for p in patterns:
            key = f"{p['label']}|{p.get('id', '')}"
            pattern = p["pattern"]
            if isinstance(pattern, str):
                caseless.setdefault(key, []).append(self.nlp.make_doc(pattern))
            else:
                words = [tok["ORTH"] for tok in pattern]
                exact.setdefault(key, []).append(Doc(self.nlp.vocab, words=words))
        for key, docs in exact.items():
            self.exact.add(key, docs)
        for key, docs in caseless.items():
            self.caseless.add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        found = []
        for match_id, start, end in [*self.exact(doc), *self.caseless(doc)]:
            label, _, entry_id = strings[match_id].partition("|")
            found.append(Span(doc, start, end, label=label, span_id=entry_id))
        if not found:
            return doc
        new = filter_spans(found)  # longest first, no overlaps
        taken = {i for span in new for i in range(span.start, span.end)}
        kept = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
        doc.ents = sorted([*kept, *new], key=lambda s: s.start)
        return doc

"""spaCy components that prepare a news text: paragraph-aware sentences and domain entity patterns."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["WEAPON_DESIGNATION_PATTERNS", "paragraph_boundaries"]

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

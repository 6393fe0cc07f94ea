"""What the entity resolver reads of a named-entity span, read once: spaCy builds a Span's text and root anew
at every ask, and the patterns ask about the same spans many times."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span, Token

__all__ = ["SpanFacts"]


class SpanFacts(NamedTuple):
    """An entity span with what the resolver reads of it, each read once."""

    span: Span
    key: tuple[int, int, str, str]  # start, end, label, entity id: what identifies the span's reading
    text: str
    root: Token
    length: int

    @classmethod
    def of(cls, ent: Span) -> SpanFacts:
        return cls(ent, (ent.start, ent.end, ent.label_, ent.ent_id_), ent.text, ent.root, len(ent))

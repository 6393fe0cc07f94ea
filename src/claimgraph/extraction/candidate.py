"""The intermediate record every pattern produces: a typed event with role fillers, before attribution."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Token

from ..model import ArgValue, EntityRef

__all__ = ["Candidate", "TriggerWords"]


@dataclass
class Candidate:
    """A claim as a pattern found it: ``trigger`` is the word that states the event."""

    type: str
    trigger: Token
    args: dict[str, ArgValue]
    tokens: list[Token] = field(default_factory=list)
    pattern: str = ""

    def entities(self) -> list[EntityRef]:
        out: list[EntityRef] = []
        for value in self.args.values():
            if isinstance(value, EntityRef):
                out.append(value)
            elif isinstance(value, list):
                out.extend(value)
        return out

    def filled(self) -> int:
        """How many roles hold an entity."""
        return sum(1 for v in self.args.values() if isinstance(v, EntityRef) or (isinstance(v, list) and v))


class TriggerWords(NamedTuple):
    """The words a pattern could take as a trigger, by lowercased lemma or by lowercased form: a word with
    neither need not be shown to the pattern at all."""

    lemmas: frozenset[str]
    forms: frozenset[str] = frozenset()

    @classmethod
    def union(cls, *parts: TriggerWords) -> TriggerWords:
        return cls(frozenset().union(*(p.lemmas for p in parts)), frozenset().union(*(p.forms for p in parts)))

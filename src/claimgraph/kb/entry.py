"""A knowledge-base entry and the name normalisation every lookup shares."""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, ConfigDict, Field

from ..model import EntityKind

__all__ = ["KBEntry", "name_key"]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def name_key(surface: str) -> str:
    """The comparison key of a name: "the U.S." == "US"; "Shahed-129" == "shahed 129"; "Iran's" == "iran"."""
    s = unicodedata.normalize("NFKC", surface).translate(_QUOTES).casefold().strip()
    s = re.sub(r"'s$|'$", "", s)
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"(?<=\b\w)\.", "", s)  # U.S. -> us, U.A.E. -> uae
    s = re.sub(r"[\s\-_/]+", " ", s)
    return s.strip(" .,;:'\"()")


class KBEntry(BaseModel):
    """One real-world actor, place, weapon or agreement, with the names the news gives it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", description="Stable slug, unique in the KB.")
    name: str = Field(min_length=1, description="Canonical name.")
    kind: EntityKind
    qid: str | None = Field(default=None, pattern=r"^Q[1-9]\d*$", description="Wikidata QID where one exists.")
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = Field(default=(), description="Capitals and seats that stand for a state.")
    ambiguous: tuple[str, ...] = Field(default=(), description="Names this entry shares with another: dropped.")
    facts: dict[str, str | list[str]] = Field(default_factory=dict)

    def names(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.name, *self.aliases)

"""A knowledge-base entry and the name normalisation every lookup shares.

An entry in a JSON file is ``{"id", "name", "kind", "qid", "aliases", "demonyms", "metonyms",
"ambiguous", ...facts}``: any other key is a fact (``"iso2"``, ``"capital"``, ``"origin"``) and is kept in
:attr:`KBEntry.facts`; a nested ``"facts": {...}`` object is accepted too. A key that looks like a
misspelt field (``"alias"``, ``"demonym"``) is an error, not a fact.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..model import EntityKind

__all__ = ["FIELDS", "FactValue", "KBEntry", "name_key"]

FactValue = str | int | float | bool | list[str] | None
FIELDS = ("id", "name", "kind", "qid", "aliases", "demonyms", "metonyms", "ambiguous", "facts")


@lru_cache(maxsize=1024)
def _near_field(key: str) -> str | None:
    """The field a top-level key is a near-miss of ("alias" for "aliases"), if any. Entries share their fact
    keys ("iso2", "capital"), and checking each entry's anew cost a tenth of loading the bundled base."""
    close = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.75)
    return close[0] if close else None


_PUNCT = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2212": "-", "\u0131": "i",
})
_POSSESSIVE = re.compile(r"(?:'s|s')$|'$")
_INITIAL_DOT = re.compile(r"(?<=\b\w)\.")  # U.S. -> US, U.A.E. -> UAE
_SEPARATORS = re.compile(r"[\s\-_/]+")


@lru_cache(maxsize=65_536)  # pure, and every look-up of every document asks it of the same few names
def name_key(surface: str) -> str:
    """The comparison key of a name, the same for every spelling the news uses.

    Casefolded, accents and apostrophes removed, curly quotes straightened, a leading "the" and a
    trailing possessive dropped, hyphens and spaces equal: "the U.S." == "US"; "Shahed-129" ==
    "Shahed 129"; "Iran's" == "Iran"; "Kata'ib" == "Kataib"; "Türkiye" == "Turkiye".
    """
    s = unicodedata.normalize("NFKD", surface.translate(_PUNCT))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold().strip()
    s = s.strip(" .,;:\"()[]")
    s = _POSSESSIVE.sub("", s) if len(s) > 3 else s
    s = re.sub(r"^the\s+", "", s)
    s = _INITIAL_DOT.sub("", s).replace("'", "")
    s = _SEPARATORS.sub(" ", s)
    return s.strip(" .,;:\"()[]")


class KBEntry(BaseModel):
    """One real-world actor, place, weapon or agreement, with the names the news gives it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", description="Stable slug, unique in the KB.")
    name: str = Field(min_length=1, description="Canonical name.")
    kind: EntityKind
    qid: str | None = Field(default=None, pattern=r"^Q[1-9]\d*$", description="Wikidata QID, if known.")
    aliases: tuple[str, ...] = Field(default=(), description="Other names of the entity itself.")
    demonyms: tuple[str, ...] = Field(default=(), description='Adjectives and nouns of people: "Iranian".')
    metonyms: tuple[str, ...] = Field(default=(), description='Seats that stand for it: "Tehran", "Kremlin".')
    ambiguous: tuple[str, ...] = Field(default=(), description="Names shared with another entry.")
    facts: dict[str, FactValue] = Field(default_factory=dict, description="iso2, capital, origin, state, ...")

    @model_validator(mode="before")
    @classmethod
    def _collect_facts(cls, data: Any) -> Any:
        """Top-level keys that are not fields are facts; near-misses of a field name are errors."""
        if not isinstance(data, dict):
            return data
        extra = {k: v for k, v in data.items() if k not in FIELDS}
        if not extra:
            return data
        for key in extra:
            if (close := _near_field(str(key))) is not None:
                raise ValueError(f"unknown field '{key}' (did you mean '{close}'?)")
        nested = data.get("facts") or {}
        if not isinstance(nested, dict):
            return data  # the field validator reports it
        out = {k: v for k, v in data.items() if k in FIELDS}
        out["facts"] = {**extra, **nested}
        return out

    @field_validator("aliases", "demonyms", "metonyms", "ambiguous")
    @classmethod
    def _names_are_real(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not name_key(value):
                raise ValueError(f"empty name {value!r}")
        return values

    @field_validator("name")
    @classmethod
    def _name_is_real(cls, value: str) -> str:
        if not name_key(value):
            raise ValueError(f"empty name {value!r}")
        return value

    def names(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.name, *self.aliases)

    def fact(self, key: str, default: FactValue = None) -> FactValue:
        """One fact (``entry.fact("origin")``), or ``default``."""
        return self.facts.get(key, default)

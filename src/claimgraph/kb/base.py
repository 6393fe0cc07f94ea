"""The knowledge base: curated entries loaded from JSON files, indexed by every name they go by.

Three indexes, kept apart on purpose: names (canonical name and aliases: what a span *is*), demonyms
("Iranian": whose it is) and metonyms ("Tehran", "the Kremlin": who acts when a seat is said to act;
"in Tehran" is a place, so the city has its own entry under names).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from ..errors import ClaimgraphError
from .entry import KBEntry, name_key

if TYPE_CHECKING:
    from .patterns import Tokenizer

__all__ = ["BUNDLED_DIR", "REFERENCE_FACTS", "KBError", "KnowledgeBase", "default_kb"]

BUNDLED_DIR = "data/kb"
"""Where the bundled files live, relative to the ``claimgraph`` package."""

REFERENCE_FACTS = ("origin", "state", "parent", "country")
"""Facts whose value is the id of another entry (a weapon's ``origin``, an agency's ``state``)."""

_Index = Literal["name", "demonym", "metonym"]


class KBError(ClaimgraphError):
    """A knowledge-base file is malformed or contradicts itself; the one-line message names the file, the
    entry (index and id) and the field."""


def _bundled_files() -> list[tuple[str, str]]:
    root = resources.files("claimgraph").joinpath(BUNDLED_DIR)
    return sorted((f"claimgraph/{BUNDLED_DIR}/{p.name}", p.read_text("utf-8")) for p in root.iterdir()
                  if p.name.endswith(".json"))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _entries(where: str, text: str) -> list[KBEntry]:
    """The entries of one file, or a :class:`KBError` naming the file, the entry and the field."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise KBError(f"{where}: not JSON (line {err.lineno}, column {err.colno}: {err.msg})") from None
    if not isinstance(raw, list):
        raise KBError(f"{where}: expected a list of entries, got {type(raw).__name__}")
    out: list[KBEntry] = []
    for index, item in enumerate(raw):
        label = f"entry {index}"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            label += f" ({item['id']})"
        try:
            out.append(KBEntry.model_validate(item))
        except ValidationError as err:
            first = err.errors()[0]
            message = _one_line(first["msg"]).removeprefix("Value error, ")
            if first["loc"]:
                field = ".".join(str(x) for x in first["loc"])
                raise KBError(f"{where}: {label}: field '{field}': {message}") from None
            raise KBError(f"{where}: {label}: {message}") from None
    return out


class KnowledgeBase:
    """Entries by id, and indexes from normalised names, demonyms and metonyms to entry ids.

    A name that two entries claim is an error, unless one of them lists it under ``"ambiguous"``: then
    it names neither, and :attr:`dropped` records it (name key -> the ids that shared it).
    """

    def __init__(self, entries: Sequence[tuple[str, KBEntry]]) -> None:
        self._by_id: dict[str, KBEntry] = {}
        self._indexes: dict[_Index, dict[str, str]] = {"name": {}, "demonym": {}, "metonym": {}}
        self._dropped: dict[_Index, dict[str, tuple[str, ...]]] = {"name": {}, "demonym": {}, "metonym": {}}
        where: dict[str, str] = {}
        for source, entry in entries:
            if entry.id in self._by_id:
                raise KBError(f"{source}: entry '{entry.id}': field 'id': duplicate id "
                              f"(first in {where[entry.id]})")
            self._by_id[entry.id] = entry
            where[entry.id] = source
        for source, entry in entries:
            self._check_references(source, entry)
            for index, values in (("name", entry.names()), ("demonym", entry.demonyms),
                                  ("metonym", entry.metonyms)):
                for value in values:
                    self._index(index, value, entry, source)  # type: ignore[arg-type]

    def _check_references(self, source: str, entry: KBEntry) -> None:
        for key in REFERENCE_FACTS:
            value = entry.facts.get(key)
            for ref in value if isinstance(value, list) else [value]:
                if isinstance(ref, str) and ref not in self._by_id:
                    raise KBError(f"{source}: entry '{entry.id}': field '{key}': no entry has id '{ref}'")

    def _index(self, index: _Index, surface: str, entry: KBEntry, source: str) -> None:
        key = name_key(surface)
        names, dropped = self._indexes[index], self._dropped[index]
        if key in dropped:
            if entry.id not in dropped[key]:
                dropped[key] = (*dropped[key], entry.id)
            return
        other = names.get(key)
        if other is None or other == entry.id:
            names[key] = entry.id
            return
        shared = {name_key(a) for a in (*entry.ambiguous, *self._by_id[other].ambiguous)}
        if key in shared:
            del names[key]  # the explicit rule: a name two entries share names neither
            dropped[key] = (other, entry.id)
            return
        field = {"name": "aliases", "demonym": "demonyms", "metonym": "metonyms"}[index]
        raise KBError(f"{source}: entry '{entry.id}': field '{field}': {index} '{surface}' already names "
                      f"'{other}' (list it under \"ambiguous\" to drop it from both)")

    @classmethod
    def load(cls, extra_files: Sequence[Path] = (), *, bundled: bool = True) -> KnowledgeBase:
        """The bundled entries plus the user's files, in order (a user file may not reuse an id)."""
        files = _bundled_files() if bundled else []
        for path in extra_files:
            try:
                files.append((str(path), Path(path).read_text("utf-8")))
            except (OSError, UnicodeDecodeError) as err:
                reason = _one_line(str(err)) or err.__class__.__name__
                raise KBError(f"{path}: cannot be read ({reason})") from None
        entries: list[tuple[str, KBEntry]] = []
        for where, text in files:
            entries.extend((where, e) for e in _entries(where, text))
        return cls(entries)

    # -- lookups -------------------------------------------------------------------------------------
    def get(self, entry_id: str) -> KBEntry | None:
        """The entry with this id."""
        return self._by_id.get(entry_id)

    def _find(self, index: _Index, surface: str) -> KBEntry | None:
        entry_id = self._indexes[index].get(name_key(surface))
        return self._by_id[entry_id] if entry_id else None

    def lookup(self, surface: str) -> KBEntry | None:
        """The entry a name or alias stands for ("the U.S.", "Shahed-129", "Iran's"), in any case."""
        return self._find("name", surface)

    def by_demonym(self, word: str) -> KBEntry | None:
        """ "Iranian" -> Iran."""
        return self._find("demonym", word)

    def by_metonym(self, word: str) -> KBEntry | None:
        """ "Tehran" or "the Kremlin" acting as a government -> the state."""
        return self._find("metonym", word)

    def search(self, text: str) -> list[KBEntry]:
        """Entries one of whose names contains the text (normalised), sorted by kind and name."""
        key = name_key(text)
        hits = {eid for name, eid in self._indexes["name"].items() if key in name}
        return sorted((self._by_id[h] for h in hits), key=lambda e: (e.kind, e.name))

    def of_kind(self, kind: str) -> list[KBEntry]:
        """Every entry of one kind, in load order."""
        return [e for e in self._by_id.values() if e.kind == kind]

    @property
    def dropped(self) -> dict[str, tuple[str, ...]]:
        """Names (keys) dropped because entries marked them ambiguous -> the ids that shared them."""
        return dict(self._dropped["name"])

    def dropped_in(self, index: _Index) -> dict[str, tuple[str, ...]]:
        """Like :attr:`dropped`, for the ``"name"``, ``"demonym"`` or ``"metonym"`` index."""
        return dict(self._dropped[index])

    def __iter__(self) -> Iterator[KBEntry]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def spacy_patterns(self, style: Literal["phrase", "tokens"] = "phrase",
                       tokenizer: Tokenizer | None = None) -> list[dict[str, Any]]:
        """Entity-ruler patterns for every name and alias (not demonyms or metonyms), names split by
        ``tokenizer`` (the pipeline's; a blank English one by default); see ``patterns.py``."""
        from .patterns import entity_patterns
        return entity_patterns(self, style=style, tokenizer=tokenizer)


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The bundled knowledge base, loaded once."""
    return KnowledgeBase.load()

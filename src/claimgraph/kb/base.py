"""The knowledge base: curated entries loaded from JSON files, indexed by every name they go by."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ClaimgraphError
from .entry import KBEntry, name_key

__all__ = ["KBError", "KnowledgeBase", "default_kb"]


class KBError(ClaimgraphError):
    """A knowledge-base file is malformed or contradicts itself; the message names file, entry and field."""


def _bundled_files() -> list[tuple[str, str]]:
    root = resources.files("claimgraph.kb").joinpath("data")
    return sorted((f"claimgraph/kb/data/{p.name}", p.read_text("utf-8")) for p in root.iterdir()
                  if p.name.endswith(".json"))


def _entries(where: str, text: str) -> list[KBEntry]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise KBError(f"{where}: not JSON (line {err.lineno}: {err.msg})") from None
    if not isinstance(raw, list):
        raise KBError(f"{where}: expected a list of entries")
    out: list[KBEntry] = []
    for index, item in enumerate(raw):
        label = f"entry {index}" + (f" ({item.get('id')})" if isinstance(item, dict) and item.get("id") else "")
        try:
            out.append(KBEntry.model_validate(item))
        except ValidationError as err:
            first = err.errors()[0]
            field = ".".join(str(x) for x in first["loc"]) or "entry"
            raise KBError(f"{where}: {label}: field '{field}': {first['msg']}") from None
    return out


class KnowledgeBase:
    """Entries by id, and indexes from normalised names, demonyms and metonyms to entries."""

    def __init__(self, entries: Sequence[tuple[str, KBEntry]]) -> None:
        self._by_id: dict[str, KBEntry] = {}
        self._names: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        self._metonyms: dict[str, str] = {}
        self.dropped: dict[str, tuple[str, ...]] = {}
        where: dict[str, str] = {}
        for source, entry in entries:
            if entry.id in self._by_id:
                raise KBError(f"{source}: entry '{entry.id}': duplicate id (first in {where[entry.id]})")
            self._by_id[entry.id] = entry
            where[entry.id] = source
        for source, entry in entries:
            ambiguous = {name_key(a) for a in entry.ambiguous}
            for index, values in ((self._names, entry.names()), (self._demonyms, entry.demonyms),
                                  (self._metonyms, entry.metonyms)):
                for value in values:
                    self._index(index, name_key(value), entry, source, ambiguous)

    def _index(self, index: dict[str, str], key: str, entry: KBEntry, source: str, ambiguous: set[str]) -> None:
        if not key:
            return
        other = index.get(key)
        if other is None or other == entry.id:
            if key in self.dropped:
                return
            index[key] = entry.id
            return
        if key in ambiguous or key in {name_key(a) for a in self._by_id[other].ambiguous}:
            del index[key]  # the explicit rule: a name two entries share names neither
            self.dropped[key] = (other, entry.id)
            return
        raise KBError(f"{source}: entry '{entry.id}': name '{key}' already names '{other}' "
                      f"(list it under \"ambiguous\" to drop it from both)")

    @classmethod
    def load(cls, extra_files: Sequence[Path] = (), *, bundled: bool = True) -> KnowledgeBase:
        """The bundled entries plus the user's files (later files may not reuse ids)."""
        entries: list[tuple[str, KBEntry]] = []
        files = _bundled_files() if bundled else []
        for path in extra_files:
            try:
                files.append((str(path), Path(path).read_text("utf-8")))
            except (OSError, UnicodeDecodeError) as err:
                raise KBError(f"{path}: cannot be read ({err.__class__.__name__})") from None
        for where, text in files:
            entries.extend((where, e) for e in _entries(where, text))
        return cls(entries)

    # -- lookups -------------------------------------------------------------------------------------
    def get(self, entry_id: str) -> KBEntry | None:
        return self._by_id.get(entry_id)

    def lookup(self, surface: str) -> KBEntry | None:
        """The entry a name (or alias, in any case, with or without "the") stands for."""
        entry_id = self._names.get(name_key(surface))
        return self._by_id[entry_id] if entry_id else None

    def by_demonym(self, word: str) -> KBEntry | None:
        """ "Iranian" -> Iran."""
        entry_id = self._demonyms.get(name_key(word))
        return self._by_id[entry_id] if entry_id else None

    def by_metonym(self, word: str) -> KBEntry | None:
        """ "Tehran" acting as a government -> Iran."""
        entry_id = self._metonyms.get(name_key(word))
        return self._by_id[entry_id] if entry_id else None

    def search(self, text: str) -> list[KBEntry]:
        """Entries whose names contain the text (normalised)."""
        key = name_key(text)
        hits = {eid for name, eid in self._names.items() if key in name}
        return sorted((self._by_id[h] for h in hits), key=lambda e: (e.kind, e.name))

    def __iter__(self) -> Iterator[KBEntry]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def spacy_patterns(self) -> list[dict[str, Any]]:
        """EntityRuler patterns for every name (see ``patterns.py``)."""
        from .patterns import entity_patterns
        return entity_patterns(self)


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The bundled knowledge base, loaded once."""
    return KnowledgeBase.load()

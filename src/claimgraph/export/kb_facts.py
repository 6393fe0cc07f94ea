"""What the exporters ask the bundled knowledge base: an entity's KB entry, the state it is or belongs to,
and that state's ISO code; plus the entities of a role value. Shared by the STIX, FtM and PLOVER exports."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..kb import KBEntry, default_kb
from ..model import EntityRef

__all__ = ["country_entry", "iso2", "kb_entry", "refs_of"]


@lru_cache(maxsize=1)
def _by_qid() -> dict[str, KBEntry]:
    return {e.qid: e for e in default_kb() if e.qid}


def kb_entry(ref: EntityRef) -> KBEntry | None:
    """The bundled KB entry of an entity: by its QID, else by its name when the kinds agree."""
    entry = _by_qid().get(ref.kb_id) if ref.kb_id else None
    if entry is None:
        found = default_kb().lookup(ref.name)
        entry = found if found is not None and found.kind == ref.kind else None
    return entry


def country_entry(ref: EntityRef) -> KBEntry | None:
    """The state an entity is or belongs to (a state itself; the ``state``/``country`` fact of the rest)."""
    entry = kb_entry(ref)
    if entry is None or entry.kind == "state":
        return entry
    target = entry.facts.get("state") or entry.facts.get("country")
    state = default_kb().get(target) if isinstance(target, str) else None
    return state if state is not None and state.kind == "state" else None


def iso2(ref: EntityRef) -> str | None:
    """The ISO 3166-1 alpha-2 code (upper case) of the state an entity is or belongs to, if the KB knows it."""
    state = country_entry(ref)
    code = state.facts.get("iso2") if state else None
    return code.upper() if isinstance(code, str) and len(code) == 2 else None


def refs_of(value: Any) -> list[EntityRef]:
    """The entities of one role value (an entity, a list of them, or none for a number or a string)."""
    if isinstance(value, EntityRef):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, EntityRef)]
    return []

"""Entities (real-world actors, places, weapons) and their mentions in a document."""

from __future__ import annotations

from functools import cached_property, lru_cache
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from .ids import content_id, normalise_name

__all__ = ["ENTITY_KINDS", "Entity", "EntityKind", "EntityRef", "Mention", "entity_id"]

EntityKind = Literal[
    "state", "armed_group", "armed_force", "agency", "organization", "court", "outlet",
    "person", "group", "weapon", "place", "agreement",
]
ENTITY_KINDS: tuple[str, ...] = EntityKind.__args__  # type: ignore[attr-defined]


@lru_cache(maxsize=1 << 16)
def entity_id(name: str, kind: str, kb_id: str | None = None) -> str:
    """Internal id: from the knowledge-base id when there is one, else from kind and normalised name.
    Memoised: storing a document asks for the same few ids thousands of times (a pure function of strings)."""
    return content_id("e", kb_id or [kind, normalise_name(name)], 16)


class EntityRef(BaseModel):
    """An entity as a claim refers to it; exported as claims-v1 ``{"name", "id", "kind"}``."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: EntityKind
    kb_id: str | None = Field(default=None, description="Knowledge-base id (a Wikidata QID where known).")
    origin: str | None = Field(default=None, description="For a weapon class, the state the text says it comes "
                                                         "from (\"Iranian drones\"); not part of its identity.")

    @cached_property
    def id(self) -> str:
        """:func:`entity_id` of the name, kind and KB id, computed once per object: the store asks a claim's
        entities for their ids a couple of hundred times a document. :meth:`model_copy` forgets it."""
        return entity_id(self.name, self.kind, self.kb_id)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Self:
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("id", None)  # a new name or kind is another entity
        return copied

    def to_v1(self) -> dict[str, str | None]:
        return {"name": self.name, "id": self.kb_id, "kind": self.kind}


class Entity(EntityRef):
    """A canonical node of the graph, with the aliases it was seen under."""

    aliases: tuple[str, ...] = ()


class Mention(BaseModel):
    """A span of a document that names an entity."""

    model_config = ConfigDict(frozen=True)

    doc: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    entity: EntityRef

"""Entity profiles: one node of the graph with its names, positions over time, and claims by role."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..model import Claim, Entity, EntityRef, normalise_name
from ..store import Store

__all__ = ["EntityProfile", "LinkRecord", "PositionHeld", "entity_claims", "entity_profile", "find_entities"]


class PositionHeld(BaseModel):
    """A post the entity held, as a position claim states it."""

    model_config = ConfigDict(frozen=True)

    position: str
    organization: str | None
    time: str | None
    claim_id: str
    evidence: str


class LinkRecord(BaseModel):
    """Why a name a document used was stored as this entity (cross-document linking)."""

    model_config = ConfigDict(frozen=True)

    name: str
    reason: str
    score: float
    document: str


class EntityProfile(BaseModel):
    """What the store knows of one entity."""

    model_config = ConfigDict(frozen=True)

    entity: Entity
    roles: dict[str, int] = Field(description="Claims by the role the entity plays (and 'source').")
    positions: list[PositionHeld] = Field(default_factory=list)
    documents: int = 0
    first_seen: str | None = Field(default=None, description="Earliest publication date it appears on.")
    last_seen: str | None = None
    links: list[LinkRecord] = Field(default_factory=list, description="Names merged into it, and why.")


def find_entities(store: Store, text: str, limit: int = 50) -> list[Entity]:
    """Entities whose kb id equals the text, or one of whose names contains it (case-insensitive)."""
    key = f"%{normalise_name(text)}%"
    rows = store.read(
        "SELECT DISTINCT e.id, e.name, e.kind, e.kb_id FROM entities e "
        "LEFT JOIN entity_names n ON n.entity_id = e.id "
        "WHERE e.kb_id = ? OR n.name_key LIKE ? ESCAPE '\\' ORDER BY e.kind, e.name LIMIT ?",
        (text.strip(), key.replace("_", "\\_"), limit))
    return [_entity(store, row[0], row[1], row[2], row[3]) for row in rows]


def _entity(store: Store, entity_id: str, name: str, kind: str, kb_id: str | None) -> Entity:
    names = [r[0] for r in store.read("SELECT name FROM entity_names WHERE entity_id = ? ORDER BY name",
                                      (entity_id,))]
    return Entity(name=name, kind=kind, kb_id=kb_id, aliases=tuple(n for n in names if n != name))  # type: ignore[arg-type]


_ROLE_ROWS = ("SELECT claim_id, role FROM claim_args WHERE entity_id = ? "
              "UNION ALL SELECT claim_id, 'source' FROM claim_sources WHERE entity_id = ?")


def entity_profile(store: Store, entity: Entity) -> EntityProfile:
    """Names, claim counts by role, positions held and the dates the entity was seen on.

    Reads counts and the position claims only, so a profile stays quick for an entity in many claims: the
    dates it was seen on are the two ends of its ``claims_by_entity`` range.
    """
    entity_id = EntityRef(name=entity.name, kind=entity.kind, kb_id=entity.kb_id).id
    roles = {r[0]: r[1] for r in store.read(
        f"SELECT role, COUNT(*) FROM ({_ROLE_ROWS}) AS r GROUP BY role ORDER BY role", (entity_id, entity_id))}
    held = store.select_claims(
        "WHERE c.type = 'position' AND c.id IN "
        "(SELECT claim_id FROM claim_args WHERE entity_id = ? AND role = 'person')", (entity_id,))
    positions = [_position(c) for c in held]
    documents = store.read("SELECT COUNT(DISTINCT doc_id) FROM claims_by_entity WHERE entity_id = ?", (entity_id,))
    first = store.read("SELECT published FROM claims_by_entity WHERE entity_id = ? AND undated = 0 "
                       "ORDER BY published LIMIT 1", (entity_id,))
    last = store.read("SELECT published FROM claims_by_entity WHERE entity_id = ? AND undated = 0 "
                      "ORDER BY published DESC LIMIT 1", (entity_id,))
    links = [LinkRecord(name=r[0], reason=r[1], score=r[2], document=r[3]) for r in store.read(
        "SELECT l.name, l.reason, l.score, d.name FROM entity_links l JOIN documents d ON d.id = l.doc_id "
        "WHERE l.entity_id = ? ORDER BY d.published IS NOT NULL, d.published, l.name", (entity_id,))]
    return EntityProfile(entity=entity, roles=roles, positions=[p for p in positions if p],
                         documents=documents[0][0] or 0, first_seen=first[0][0] if first else None,
                         last_seen=last[0][0] if last else None, links=links)


def entity_claims(store: Store, entity_id: str, role: str | None = None, limit: int = 50,
                  offset: int = 0) -> list[Claim]:
    """A page of the claims an entity is in (in ``role``, or as 'source'), by publication date."""
    if role == "source":
        inner, params = "SELECT claim_id FROM claim_sources WHERE entity_id = ?", [entity_id]
    elif role is not None:
        inner, params = "SELECT claim_id FROM claim_args WHERE entity_id = ? AND role = ?", [entity_id, role]
    else:  # any role: the entity's claims in publication order, one index range scan for any page
        return store.select_entity_claims([entity_id], limit=limit, offset=offset)
    return store.select_claims(f"WHERE c.id IN ({inner})", params, limit=limit, offset=offset)


def _is(value: Any, entity_id: str) -> bool:
    return isinstance(value, EntityRef) and value.id == entity_id


def _position(claim: Claim) -> PositionHeld | None:
    org = claim.args.get("organization")
    time = claim.time or claim.statement_time
    return PositionHeld(position=str(claim.args.get("position", "")),
                        organization=org.name if isinstance(org, EntityRef) else None,
                        time=time.value if time else None, claim_id=claim.id,
                        evidence=claim.evidence[0].text if claim.evidence else "")

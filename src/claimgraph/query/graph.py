"""The claim graph as nodes and edges: who supplies, backs, attacks or meets whom, with filters.

An edge joins the entities in a claim type's two directed roles (``EDGE_ROLES``: supplier → recipient,
attacker → target, authority → detainee, …) or, for undirected roles (meeting participants, negotiating
parties), every pair. Edges aggregate claims: one edge per (from, to, type) with its claim count and statuses.
Everything is one parameterised SQL statement over the stored ``claim_edges`` table, so the network is the
same for the CLI, the JSON API and the web pages.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import InputError
from ..model import CLAIM_TYPES, EDGE_ROLES, STATUSES, Claim, Entity
from ..store import Store

__all__ = ["EDGE_ROLES", "MAX_EDGES", "Edge", "Network", "NetworkFilter", "Node", "edge_claims", "get_entity",
           "network"]


MAX_EDGES = 2000
"""The most edges one network query returns."""

_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class NetworkFilter(BaseModel):
    """Which claims the network shows; None means any. Dates are ISO (YYYY, YYYY-MM or YYYY-MM-DD) and
    compare at the precision of the claim's time, so a claim dated "2022" is inside 2022-06-01..2022-06-30."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str | None = None
    status: str | None = None
    since: str | None = Field(default=None, description="Earliest event (else statement, else publication) date.")
    until: str | None = Field(default=None, description="Latest date.")
    source: str | None = Field(default=None, description="Entity id of a source the claims are attributed to.")
    entity: str | None = Field(default=None, description="Entity id: only edges touching it (its neighbourhood).")
    limit: int = Field(default=200, description=f"At most this many edges, the best attested first (≤ {MAX_EDGES}).")

    @field_validator("type", "status", "since", "until", "source", "entity", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("type")
    @classmethod
    def _type(cls, value: str | None) -> str | None:
        if value is not None and value not in CLAIM_TYPES:
            raise InputError("type", f"unknown claim type {value!r} (known: {', '.join(CLAIM_TYPES)})")
        return value

    @field_validator("status")
    @classmethod
    def _status(cls, value: str | None) -> str | None:
        if value is not None and value not in STATUSES:
            raise InputError("status", f"unknown status {value!r} (known: {', '.join(STATUSES)})")
        return value

    @field_validator("since", "until")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not _DAY.match(value):
            raise InputError("date", f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        try:
            dt.date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
        except ValueError:
            raise InputError("date", f"{value!r} is not a real date") from None
        return value

    @field_validator("limit")
    @classmethod
    def _cap(cls, value: int) -> int:
        if value < 1:
            raise InputError("limit", f"must be 1 or more, not {value}")
        return min(value, MAX_EDGES)


class Node(BaseModel):
    """An entity in the network, with how many edges of the result touch it."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    kind: str
    kb_id: str | None = None
    degree: int = 0


class Edge(BaseModel):
    """All the claims of one type from one entity to another."""

    model_config = ConfigDict(frozen=True)

    source: str = Field(description="Entity id of the from role (the supplier, the attacker, …).")
    target: str
    type: str
    claims: int
    statuses: list[str]
    directed: bool = True


class Network(BaseModel):
    """Nodes and edges of the claim graph that a :class:`NetworkFilter` selects."""

    model_config = ConfigDict(frozen=True)

    nodes: list[Node]
    edges: list[Edge]
    truncated: bool = Field(default=False, description="More edges matched than the limit.")


def network(store: Store, flt: NetworkFilter | None = None) -> Network:
    """The edges ``flt`` selects, most claims first, and the entities they join (one indexed table)."""
    flt = flt or NetworkFilter()
    where: list[str] = []
    params: list[object] = []
    for column, value in (("type", flt.type), ("status", flt.status)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if flt.since is not None:
        where.append("day >= substr(?, 1, length(day))")
        params.append(flt.since)
    if flt.until is not None:
        where.append("substr(day, 1, length(?)) <= ?")
        params.extend([flt.until, flt.until])
    if flt.source is not None:
        where.append("(said_by = ? OR claim_id IN (SELECT claim_id FROM claim_sources WHERE entity_id = ?))")
        params.extend([flt.source, flt.source])
    clause = " AND ".join(where) or "1 = 1"
    if flt.entity is not None:  # two index ranges, not a scan
        table = ("(SELECT * FROM claim_edges WHERE source = ? UNION ALL "
                 "SELECT * FROM claim_edges WHERE target = ? AND source <> target) AS e")
        params = [flt.entity, flt.entity, *params]
    else:
        table = "claim_edges"
    rows = store.read(
        f"SELECT source, target, type, COUNT(*), group_concat(DISTINCT status) FROM {table} WHERE {clause} "
        "GROUP BY source, target, type ORDER BY COUNT(*) DESC, type, source, target LIMIT ?", [*params, flt.limit + 1])
    truncated = len(rows) > flt.limit
    edges = [Edge(source=r[0], target=r[1], type=r[2], claims=r[3], statuses=sorted(r[4].split(",")),
                  directed=EDGE_ROLES[r[2]][0] != EDGE_ROLES[r[2]][1]) for r in rows[: flt.limit]]
    degree: dict[str, int] = {}
    for e in edges:
        degree[e.source] = degree.get(e.source, 0) + 1
        degree[e.target] = degree.get(e.target, 0) + 1
    nodes = []
    ids = sorted(degree)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        marks = ",".join("?" * len(chunk))
        nodes += [Node(id=r[0], name=r[1], kind=r[2], kb_id=r[3], degree=degree[r[0]])
                  for r in store.read(f"SELECT id, name, kind, kb_id FROM entities WHERE id IN ({marks})", chunk)]
    nodes.sort(key=lambda n: (-n.degree, n.name))
    return Network(nodes=nodes, edges=edges, truncated=truncated)


def get_entity(store: Store, entity_id: str) -> Entity | None:
    """The stored entity with this id (``e-…``), with the names it was seen under, or None."""
    rows = store.read("SELECT name, kind, kb_id FROM entities WHERE id = ?", (entity_id,))
    if not rows:
        return None
    name, kind, kb_id = rows[0]
    names = [r[0] for r in store.read("SELECT name FROM entity_names WHERE entity_id = ? ORDER BY name",
                                      (entity_id,))]
    return Entity(name=name, kind=kind, kb_id=kb_id, aliases=tuple(n for n in names if n != name))


def edge_claims(store: Store, source: str, target: str, claim_type: str, limit: int = 200) -> list[Claim]:
    """The claims behind one edge: ``claim_type`` claims with ``source`` and ``target`` in its two roles."""
    if claim_type not in EDGE_ROLES:
        raise InputError("type", f"no edges for claim type {claim_type!r} (known: {', '.join(EDGE_ROLES)})")
    fr, to = EDGE_ROLES[claim_type]
    return store.select_claims(
        "WHERE c.type = ? AND c.id IN (SELECT a.claim_id FROM claim_args a JOIN claim_args b "
        "ON b.claim_id = a.claim_id AND b.role = ? AND b.entity_id = ? WHERE a.role = ? AND a.entity_id = ?)",
        [claim_type, to, target, fr, source], limit=limit)

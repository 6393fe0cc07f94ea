"""Finding stored claims: a typed filter and the parameterised SQL that applies it.

Used by the CLI (``claimgraph claims``, ``export``) and meant for a web UI as well. User input only ever
reaches the database as a bound parameter.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import InputError
from ..model import CLAIM_TYPES, STATUSES, Claim, normalise_name
from ..store import Store

__all__ = ["MAX_LIMIT", "ClaimFilter", "find_claims", "matching_entities"]

MAX_LIMIT = 100_000
"""The most claims one query returns when a limit is given (``limit=None`` means every claim)."""

MAX_ENTITIES = 10_000
"""The most entities an ``entity`` filter may match (each is a bound parameter of the query)."""


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


class ClaimFilter(BaseModel):
    """Which claims to find; every field narrows the result, None (or blank) means any.

    An unknown ``type`` or ``status``, or a negative ``limit``, raises :class:`claimgraph.InputError`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str | None = Field(default=None, description="Claim type, e.g. 'transfer'.")
    entity: str | None = Field(
        default=None,
        description="Entity in any role, as source, or in the source chain: a case-insensitive part of "
                    "its name, or its exact knowledge-base id (e.g. 'Q794').")
    status: str | None = Field(default=None, description="Status, e.g. 'unconfirmed'.")
    doc: str | None = Field(default=None, description="Document id or name.")
    limit: int | None = Field(default=1000, description=f"At most this many (capped at {MAX_LIMIT}); "
                                                       "None for every claim.")

    @field_validator("type", "entity", "status", "doc", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return _blank_to_none(value)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is not None:
            value = value.strip().lower()
            if value not in CLAIM_TYPES:
                raise InputError("type", f"unknown claim type {value!r} (known: {', '.join(CLAIM_TYPES)})")
        return value

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str | None) -> str | None:
        if value is not None:
            value = value.strip().lower()
            if value not in STATUSES:
                raise InputError("status", f"unknown status {value!r} (known: {', '.join(STATUSES)})")
        return value

    @field_validator("limit")
    @classmethod
    def _cap(cls, value: int | None) -> int | None:
        if value is None:
            return None
        if value < 0:
            raise InputError("limit", f"must be 0 or more, not {value}")
        return min(value, MAX_LIMIT)


def _like_escaped(text: str) -> str:
    """``text`` matched literally inside a ``LIKE … ESCAPE '\\'`` pattern (the same on SQLite and PostgreSQL)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_claims(store: Store, flt: ClaimFilter | None = None) -> list[Claim]:
    """The stored claims ``flt`` selects, by document publication date (undated last), then evidence start."""
    flt = flt or ClaimFilter()
    where: list[str] = []
    params: list[object] = []
    if flt.type is not None:
        where.append("c.type = ?")
        params.append(flt.type)
    if flt.status is not None:
        where.append("c.status = ?")
        params.append(flt.status)
    if flt.entity is None:
        if flt.doc is not None:
            where.append("(d.id = ? OR d.name = ?)")
            params.extend([flt.doc, flt.doc])
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return store.select_claims(clause, params, flt.limit)
    if flt.doc is not None:
        where.append("(ec.doc_id = ? OR ec.doc_name = ?)")
        params.extend([flt.doc, flt.doc])
    return store.select_entity_claims(matching_entities(store, flt.entity),
                                      "".join(f"AND {w} " for w in where), params, flt.limit)


def matching_entities(store: Store, text: str) -> list[str]:
    """Ids of the entities whose kb id is ``text`` or one of whose names contains it (case-insensitive)."""
    rows = store.read("SELECT id FROM entities WHERE kb_id = ? "
                      "UNION SELECT entity_id FROM entity_names WHERE name_key LIKE ? ESCAPE '\\' ORDER BY 1",
                      (text.strip(), f"%{_like_escaped(normalise_name(text))}%"))
    if len(rows) > MAX_ENTITIES:
        raise InputError("entity", f"{text!r} matches {len(rows):,} entities (at most {MAX_ENTITIES:,}): "
                                   "give more of the name, or its knowledge-base id")
    return [r[0] for r in rows]

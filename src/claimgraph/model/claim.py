"""Claims: typed events with roles, status, source chain, two timelines and grounded evidence."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property, lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .entity import EntityRef
from .ids import content_id

__all__ = [
    "CLAIM_TYPES", "EDGE_ROLES", "ENTITY_ROLES", "LIST_ROLES", "ROLES", "STATUSES", "ArgValue", "Claim", "ClaimType",
    "Evidence", "Precision", "Status", "TimeValue", "claim_from_json",
]

ClaimType = Literal[
    "transfer", "support", "attack", "kill", "meet", "negotiate", "threaten", "accuse", "detain",
    "sentence", "release", "deny", "position", "designate", "withdraw", "sanction",
]
CLAIM_TYPES: tuple[str, ...] = ClaimType.__args__  # type: ignore[attr-defined]

Status = Literal["asserted", "reported", "unconfirmed", "hedged", "denied", "planned", "confirmed"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]

# Roles of each claim type (claims-v1): entity roles, and the few that hold a number or a string.
ROLES: dict[str, tuple[str, ...]] = {
    "transfer": ("supplier", "recipient", "item", "quantity", "intermediary", "mode"),
    "support": ("supporter", "supported"),
    "attack": ("attacker", "target", "location", "weapon"),
    "kill": ("killer", "victim", "count", "location"),
    "meet": ("participants", "location"),
    "negotiate": ("parties", "mediator", "topic", "location"),
    "threaten": ("threatener", "target"),
    "accuse": ("accuser", "accused"),
    "detain": ("detainee", "authority", "location"),
    "sentence": ("defendant", "authority", "penalty"),
    "release": ("detainee", "authority", "location"),
    "deny": ("denier", "about"),
    "position": ("person", "organization", "position"),
    "designate": ("designator", "designated", "designation"),
    "withdraw": ("party", "agreement"),
    "sanction": ("sanctioner", "target", "measure"),
}
EDGE_ROLES: dict[str, tuple[str, str]] = {
    "transfer": ("supplier", "recipient"), "support": ("supporter", "supported"),
    "attack": ("attacker", "target"), "kill": ("killer", "victim"), "meet": ("participants", "participants"),
    "negotiate": ("parties", "parties"), "threaten": ("threatener", "target"), "accuse": ("accuser", "accused"),
    "detain": ("authority", "detainee"), "sentence": ("authority", "defendant"),
    "release": ("authority", "detainee"), "position": ("person", "organization"),
    "designate": ("designator", "designated"), "withdraw": ("party", "agreement"),
    "sanction": ("sanctioner", "target"),
}
"""Claim type -> (from role, to role) of its edge in the claim graph: supplier -> recipient, attacker -> target,
authority -> detainee, …. The same role twice means undirected: every pair of its entities is an edge."""
NUMBER_ROLES = frozenset({"quantity", "count"})
STRING_ROLES = frozenset({"mode", "penalty", "about", "position", "designation", "measure"})
LIST_ROLES = frozenset({"participants", "parties"})
ENTITY_ROLES = frozenset(r for roles in ROLES.values() for r in roles) - NUMBER_ROLES - STRING_ROLES

Precision = Literal["year", "month", "day"]
ArgValue = EntityRef | list[EntityRef] | int | float | str


class Evidence(BaseModel):
    """An exact character span of a document: ``text == document.text[start:end]``."""

    model_config = ConfigDict(frozen=True)

    doc: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.end < self.start:
            raise ValueError(f"evidence end {self.end} is before start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError("evidence text length does not match its offsets")
        return self


class TimeValue(BaseModel):
    """A time as the text gives it and as normalised: ISO ``value`` at the text's ``precision``."""

    model_config = ConfigDict(frozen=True)

    text: str
    value: str | None = None
    precision: Precision | None = None
    start: int | None = None
    end: int | None = None

    def to_v1(self) -> dict[str, str | None]:
        return {"text": self.text, "value": self.value}


def _arg_to_v1(value: ArgValue) -> Any:
    if isinstance(value, EntityRef):
        return value.to_v1()
    if isinstance(value, list):
        return [v.to_v1() for v in value]
    return value


def _arg_key(value: ArgValue) -> Any:
    if isinstance(value, EntityRef):
        return value.id
    if isinstance(value, list):
        return sorted(v.id for v in value)
    return value


LEDGER_KEY_MEMO = "_ledger_key"
"""Where :func:`claimgraph.model.ledger.ledger_key` keeps a claim's group key once computed."""

STORED_JSON_MEMO = "_stored_json"
"""Where :meth:`Claim.stored_json` keeps a claim's stored JSON once made (or once received as such)."""


class Claim(BaseModel):
    """One claim of one document. ``source_chain`` runs outermost reporter first, original speaker last."""

    model_config = ConfigDict(frozen=True)

    doc: str = Field(description="The document's name (its export handle).")
    doc_id: str = Field(description="The document's content-hash id.")
    type: ClaimType
    args: dict[str, ArgValue]
    status: Status = "asserted"
    source: EntityRef | None = None
    source_chain: tuple[EntityRef, ...] = ()
    time: TimeValue | None = Field(default=None, description="When the event happened.")
    statement_time: TimeValue | None = Field(default=None, description="When it was said.")
    evidence: tuple[Evidence, ...] = ()
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    given_id: str | None = Field(
        default=None, pattern=r"^c-[0-9a-f]{16}$",
        description="The id an imported claim was exported with (claims-v1 import keeps ids); None to derive it.")

    @model_validator(mode="after")
    def _roles_known(self) -> Claim:
        unknown = set(self.args) - set(ROLES[self.type])
        if unknown:
            raise ValueError(f"roles {sorted(unknown)} are not roles of a {self.type} claim")
        return self

    @cached_property
    def id(self) -> str:
        """Stable: the document, the type, the role fillers and the original source (or the id it was
        exported with, for an imported claim). Computed once per object (a content hash the store and the
        ledger ask for many times); :meth:`model_copy` forgets it, since an update may change what it hashes."""
        if self.given_id is not None:
            return self.given_id
        key = {
            "doc": self.doc_id,
            "type": self.type,
            "args": {r: _arg_key(v) for r, v in self.args.items()},
            "source": self.source.id if self.source else None,
        }
        return content_id("c", key, 16)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Claim:
        copied = super().model_copy(update=update, deep=deep)
        for memo in ("id", LEDGER_KEY_MEMO, STORED_JSON_MEMO):  # what the original computed and kept (see ``id``)
            copied.__dict__.pop(memo, None)
        return copied

    def stored_json(self) -> str:
        """The JSON the store keeps of this claim (``claims.json``; ``given_id`` only where there is one), made
        once per object: a worker sends it, and the store writes it and reads it back for the ledger."""
        memo = self.__dict__.get(STORED_JSON_MEMO)
        if memo is None:
            memo = self.__dict__[STORED_JSON_MEMO] = self.model_dump_json(
                exclude=None if self.given_id else {"given_id"})
        return memo

    def entity_refs(self) -> Iterator[EntityRef]:
        """Every entity the claim names: in its roles, as its source, in its source chain (repeats kept)."""
        for value in self.args.values():
            if isinstance(value, EntityRef):
                yield value
            elif isinstance(value, list):
                yield from value
        if self.source:
            yield self.source
        yield from self.source_chain

    def event_key(self) -> tuple[Any, ...]:
        """What makes two claims of one document the same claim (used to merge their evidence)."""
        return (self.type, tuple(sorted((r, repr(_arg_key(v))) for r, v in self.args.items())),
                self.source.id if self.source else None)

    def merged_with(self, *others: Claim) -> Claim:
        """The same claim stated again (once or many times): one id, every evidence span, the first non-empty
        times. Merging n statements at once takes one sort, not n (a claim repeated 10,000 times in a page)."""
        claims = (self, *others)
        evidence = tuple(sorted({e for c in claims for e in c.evidence}, key=lambda e: (e.start, e.end)))
        return self.model_copy(update={
            "evidence": evidence,
            "time": next((c.time for c in claims if c.time), None),
            "statement_time": next((c.statement_time for c in claims if c.statement_time), None),
            "confidence": max(c.confidence for c in claims),
        })

    def to_v1(self) -> dict[str, Any]:
        """The claims-v1 export of this claim (see contract/claims-v1.md)."""
        out: dict[str, Any] = {
            "id": self.id,
            "doc": self.doc,
            "type": self.type,
            "args": {r: _arg_to_v1(v) for r, v in self.args.items()},
            "status": self.status,
            "source": self.source.to_v1() if self.source else None,
            "source_chain": [e.to_v1() for e in self.source_chain],
            "time": (self.time or self.statement_time).to_v1() if (self.time or self.statement_time) else None,
            "evidence": [e.model_dump() for e in self.evidence],
            "confidence": round(self.confidence, 3),
        }
        if self.statement_time:
            out["statement_time"] = self.statement_time.to_v1()
        return out


@lru_cache(maxsize=1 << 13)
def claim_from_json(text: str) -> Claim:
    """The claim a stored JSON text holds, parsed once per text: the store's ledger refresh and the query
    layer read the same claims again and again, and a claim is immutable, so the parsed object (with its id
    computed once) is shared."""
    return Claim.model_validate_json(text)


def stored_claim(claim_id: str, text: str, *, current: bool = False, ledger_key: str | None = None) -> Claim:
    """:func:`claim_from_json` for a claim read back with its stored id, which is kept as the claim's ``id``
    rather than hashed again (the store's rows hold each claim under its ``id``). ``current``: ``text`` is
    this version's :meth:`Claim.stored_json` of it (as a worker sends it), kept as that rather than made
    again, and ``ledger_key`` (if given) is this version's :func:`~claimgraph.model.ledger.ledger_key` of it,
    kept likewise; a text read from a database may come from an older version and is not."""
    claim = claim_from_json(text)
    claim.__dict__.setdefault("id", claim_id)
    if current:
        claim.__dict__.setdefault(STORED_JSON_MEMO, text)
        if ledger_key is not None:
            claim.__dict__.setdefault(LEDGER_KEY_MEMO, ledger_key)
    return claim

"""The claim ledger (first step): one entry per event across documents, with its corroboration, the
status each source gives it, and conflicting values kept side by side.

Claims form one entry when they have the same type and the same entities in the type's key roles (who did
what to whom: supplier and recipient, attacker and target, …). Items, quantities, places and times are not
part of the key, so "46 drones" and "60 drones" for one delivery stay in one entry and show as a conflict.
A denied claim of the same event joins the entry it answers. Near-duplicate (syndicated) documents count
once: corroboration counts independent original documents and distinct original sources.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..model import ArgValue, Claim, EntityRef, content_id

__all__ = ["KEY_ROLES", "LedgerEntry", "build_ledger"]

KEY_ROLES: dict[str, tuple[str, ...]] = {
    "transfer": ("supplier", "recipient"), "support": ("supporter", "supported"),
    "attack": ("attacker", "target"), "kill": ("killer", "victim"), "meet": ("participants",),
    "negotiate": ("parties",), "threaten": ("threatener", "target"), "accuse": ("accuser", "accused"),
    "detain": ("detainee",), "sentence": ("defendant",), "release": ("detainee",), "deny": ("denier", "about"),
    "position": ("person", "organization"), "designate": ("designator", "designated"),
    "withdraw": ("party", "agreement"), "sanction": ("sanctioner", "target"),
}
_COMPARED = ("quantity", "count", "item", "mode", "penalty", "position", "designation", "location")


def _key_part(value: ArgValue | None) -> Any:
    if isinstance(value, EntityRef):
        return [value.id]
    if isinstance(value, list):
        return sorted(v.id for v in value)
    return value


def _text(value: ArgValue) -> str:
    if isinstance(value, EntityRef):
        return value.name
    if isinstance(value, list):
        return ", ".join(sorted(v.name for v in value))
    return str(value)


class LedgerEntry(BaseModel):
    """One event as every document that states it states it."""

    model_config = ConfigDict(frozen=True)

    id: str
    type: str
    args: dict[str, ArgValue] = Field(description="The key roles that identify the event.")
    claims: list[Claim]
    documents: int = Field(description="Independent documents (a syndicated copy counts with its original).")
    sources: int = Field(description="Distinct original sources (the outlet counts where it speaks itself).")
    statuses: dict[str, int]
    denied_by: list[str] = Field(default_factory=list)
    first_said: str | None = None
    last_said: str | None = None
    conflicts: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict, description="role -> value -> sources, for roles the claims disagree on.")
    history: list[dict[str, str | None]] = Field(
        default_factory=list, description="Each source's status, in the order it was said.")
    denials: list[dict[str, str | None]] = Field(
        default_factory=list, description="Deny claims that answer this event ('X rejected reports that …').")

    @property
    def contested(self) -> bool:
        """Sources disagree: conflicting values, or a denial beside other statuses."""
        return bool(self.conflicts) or bool(self.denials) or ("denied" in self.statuses and len(self.statuses) > 1)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready entry; its claims in claims-v1."""
        return {
            "id": self.id, "type": self.type,
            "args": {r: (v.to_v1() if isinstance(v, EntityRef) else [x.to_v1() for x in v]
                         if isinstance(v, list) else v) for r, v in self.args.items()},
            "documents": self.documents, "sources": self.sources, "statuses": self.statuses,
            "denied_by": self.denied_by, "first_said": self.first_said, "last_said": self.last_said,
            "conflicts": self.conflicts, "history": self.history, "denials": self.denials,
            "claims": [c.to_v1() for c in self.claims],
        }


def _source_label(claim: Claim) -> str:
    return claim.source.name if claim.source else f"{claim.doc} (outlet)"


def _said(claim: Claim) -> str | None:
    t = claim.statement_time or claim.time
    return t.value if t and t.value else None


def build_ledger(claims: Iterable[Claim], originals: dict[str, str] | None = None,
                 as_of: str | None = None) -> list[LedgerEntry]:
    """Group claims into ledger entries (pure: the same claims give the same entries and ids).

    ``originals`` maps a document id to the original it copies (``Store.originals()``), so a syndicated
    copy adds neither a document nor a source to the count. ``as_of`` (ISO date) leaves out what was said
    after it.
    """
    originals = originals or {}
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        said = _said(claim)
        if as_of is not None and said is not None and said[: len(as_of)] > as_of:
            continue  # --as-of: what was known then
        key = {"type": claim.type, **{r: _key_part(claim.args.get(r)) for r in KEY_ROLES[claim.type]}}
        groups[content_id("l", key)].append(claim)
    entries = []
    for entry_id, members in (pair for gid, group in groups.items() for pair in _split_by_time(gid, group)):
        first = members[0]
        args = {r: first.args[r] for r in KEY_ROLES[first.type] if r in first.args}
        conflicts: dict[str, dict[str, list[str]]] = {}
        for role in _COMPARED:
            values: dict[str, list[str]] = defaultdict(list)
            names: dict[str, frozenset[str]] = {}
            for c in members:
                if role in c.args:
                    text = _text(c.args[role])
                    values[text].append(_source_label(c))
                    names[text] = frozenset(text.split(", "))
            # "Shahed 136, drones" and "drones" agree (one is more specific); 46 and 60 do not
            if any(not (a <= b or b <= a) for a in names.values() for b in names.values()):
                conflicts[role] = {v: sorted(set(s)) for v, s in values.items()}
        said = sorted(filter(None, (_said(c) for c in members)))
        entries.append(LedgerEntry(
            id=entry_id, type=first.type, args=args, claims=members,
            documents=len({originals.get(c.doc_id, c.doc_id) for c in members}),
            sources=len({c.source.id if c.source else f"outlet:{originals.get(c.doc_id, c.doc_id)}"
                         for c in members}),
            statuses=dict(Counter(c.status for c in members)),
            denied_by=sorted({_source_label(c) for c in members if c.status == "denied"}),
            first_said=said[0] if said else None, last_said=said[-1] if said else None,
            conflicts=conflicts, history=_history(members)))
    return sorted(_attach_denials(entries), key=lambda e: (-e.documents, -e.sources, e.type, e.id))


def _attach_denials(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """A deny claim answers the events stated inside what it denies, in the same document."""
    denies = [c for e in entries if e.type == "deny" for c in e.claims]
    out = []
    for entry in entries:
        found = []
        for deny in denies:
            if entry.type == "deny":
                break
            spans = [(ev.start, ev.end) for ev in deny.evidence]
            inside = any(c.doc_id == deny.doc_id and any(a <= ev.start and ev.end <= b + 200 for ev in c.evidence
                                                         for a, b in spans) for c in entry.claims)
            if inside:
                found.append({"denier": _text(deny.args["denier"]) if "denier" in deny.args else None,
                              "about": str(deny.args.get("about", "")), "document": deny.doc,
                              "said": _said(deny)})
        out.append(entry.model_copy(update={"denials": found}) if found else entry)
    return out


def _compatible(a: str, b: str) -> bool:
    """Event times agree when one is a prefix of the other: 2022 and 2022-08, not 2022-08 and 2022-09."""
    return a.startswith(b) or b.startswith(a)


def _split_by_time(group_id: str, members: list[Claim]) -> list[tuple[str, list[Claim]]]:
    """Same actors, different events: a delivery in 2021 and one in 2023 are two entries. Claims whose
    event times agree stay together; claims with no event time join the largest group."""
    clusters: list[tuple[str, list[Claim]]] = []
    undated: list[Claim] = []
    for claim in sorted(members, key=lambda c: c.time.value if c.time and c.time.value else ""):
        value = claim.time.value if claim.time and claim.time.value else None
        if value is None:
            undated.append(claim)
            continue
        for i, (anchor, items) in enumerate(clusters):
            if _compatible(anchor, value):
                clusters[i] = (max(anchor, value, key=len), [*items, claim])
                break
        else:
            clusters.append((value, [claim]))
    if not clusters:
        return [(group_id, members)]
    largest = max(range(len(clusters)), key=lambda i: len(clusters[i][1]))
    out = []
    for i, (anchor, items) in enumerate(clusters):
        items = items + undated if i == largest else items
        entry_id = group_id if len(clusters) == 1 else content_id("l", [group_id, anchor])
        out.append((entry_id, sorted(items, key=lambda c: members.index(c))))
    return out


def _history(members: list[Claim]) -> list[dict[str, str | None]]:
    rows = [{"said": _said(c), "status": c.status, "source": _source_label(c), "document": c.doc} for c in members]
    return sorted(rows, key=lambda r: (r["said"] is None, r["said"] or "", r["source"] or ""))


# -- lookups for the web workbench (query time; to be replaced by stored entries) ---------------------------
def _all(store: Any) -> list[LedgerEntry]:
    from .claims import ClaimFilter, find_claims

    return build_ledger(find_claims(store, ClaimFilter(limit=None)), store.originals())


def ledger_entry(store: Any, entry_id: str) -> LedgerEntry | None:
    """The ledger entry with this id, or None."""
    return next((e for e in _all(store) if e.id == entry_id), None)


def stored_ledger(store: Any, *, type: str | None = None, entity_id: str | None = None,
                  contested_only: bool = False, limit: int | None = 100, offset: int = 0) -> list[LedgerEntry]:
    """Ledger entries, most documents first."""
    out = [e for e in _all(store) if (type is None or e.type == type) and (not contested_only or e.contested)
           and (entity_id is None or any(_key_part(v) and entity_id in _key_part(v) for v in e.args.values()))]
    return out[offset: None if limit is None else offset + limit]


def entries_for_claim(store: Any, claim_id: str) -> list[LedgerEntry]:
    """The entries a claim belongs to (one, or none for a claim not stored)."""
    return [e for e in _all(store) if any(c.id == claim_id for c in e.claims)]

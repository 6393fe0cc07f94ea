"""The claim ledger, pure part: one entry per event across documents, with its corroboration, the status each
source gives it, conflicting values kept side by side, and rival entries linked as alternatives.

Claims form one group when they have the same type and the same entities in the type's key roles (who did
what to whom: supplier and recipient, attacker and target, …); :func:`ledger_key` is that group's key. Items,
quantities, places and times are not part of the key, so "46 drones" and "60 drones" for one delivery stay in
one entry and show as a conflict. Within a group, incompatible event times are separate entries. A denied
claim of the same event joins the entry it answers. Two entries that differ in one key role only ("Iran
supplied 46 Shahed drones in September 2022" vs "Belarus supplied 46 Shahed drones in September 2022") stay
apart but name each other as ``alternatives`` when they are evidently one event: a shared item, quantity or
the like, nothing contradicting, and compatible event times on both.

Kept in the model (pydantic only) so that the store can maintain the ledger at ingest and the query layer
can compute it from claims; both use these very functions, so they agree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .claim import LEDGER_KEY_MEMO, ArgValue, Claim, Evidence
from .entity import EntityRef
from .ids import content_id

__all__ = ["KEY_ROLES", "LedgerEntry", "build_ledger", "entry_order", "is_alternative", "ledger_entries",
           "ledger_key", "link_alternatives", "relink", "rival_keys", "sibling_keys"]

KEY_ROLES: dict[str, tuple[str, ...]] = {
    "transfer": ("supplier", "recipient"), "support": ("supporter", "supported"),
    "attack": ("attacker", "target"), "kill": ("killer", "victim"), "meet": ("participants",),
    "negotiate": ("parties",), "threaten": ("threatener", "target"), "accuse": ("accuser", "accused"),
    "detain": ("detainee",), "sentence": ("defendant",), "release": ("detainee",), "deny": ("denier", "about"),
    "position": ("person", "organization"), "designate": ("designator", "designated"),
    "withdraw": ("party", "agreement"), "sanction": ("sanctioner", "target"),
}
_COMPARED = ("quantity", "count", "item", "mode", "penalty", "position", "designation", "location")
_DETAILS = (*_COMPARED, "weapon", "measure")
_SAME_EVENT = ("item", "quantity", "count", "weapon", "penalty", "designation", "position", "measure")
"""Roles whose shared value marks two rival entries as one event (a place or a mode alone does not)."""
_RIVAL_TYPES = frozenset(t for t, roles in KEY_ROLES.items() if len(roles) == 2 and t != "deny")


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


def ledger_key(claim: Claim) -> str:
    """The group key of a claim: its type and the entities in the type's key roles. Computed once per claim
    object and kept with it, as its id is (``Claim.model_copy`` forgets both): the store asks for the keys of
    a group's claims every time it refreshes the group."""
    memo = claim.__dict__.get(LEDGER_KEY_MEMO)
    if memo is None:
        key = {"type": claim.type, **{r: _key_part(claim.args.get(r)) for r in KEY_ROLES[claim.type]}}
        memo = claim.__dict__[LEDGER_KEY_MEMO] = content_id("l", key)
    return memo


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
    event_time: str | None = Field(default=None, description="The most specific event time the claims agree on.")
    details: dict[str, list[str]] = Field(
        default_factory=dict, description="role -> the values stated, for items, quantities, places, …")
    conflicts: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict, description="role -> value -> sources, for roles the claims disagree on.")
    history: list[dict[str, str | None]] = Field(
        default_factory=list, description="Each source's status, in the order it was said.")
    denials: list[dict[str, str | None]] = Field(
        default_factory=list, description="Deny claims that answer this event ('X rejected reports that …').")
    alternatives: list[dict[str, Any]] = Field(
        default_factory=list, description="Rival entries of the same event that name someone else in one key "
                                          "role: {entry, role, value, sources}.")

    @property
    def contested(self) -> bool:
        """Sources disagree: conflicting values, a rival entry, or a denial beside other statuses."""
        return (bool(self.conflicts) or bool(self.denials) or bool(self.alternatives)
                or ("denied" in self.statuses and len(self.statuses) > 1))

    @property
    def said_by(self) -> list[str]:
        """Every source that states it, sorted."""
        return sorted({h["source"] for h in self.history if h["source"]})

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready entry; its claims in claims-v1."""
        return {
            "id": self.id, "type": self.type,
            "args": {r: (v.to_v1() if isinstance(v, EntityRef) else [x.to_v1() for x in v]
                         if isinstance(v, list) else v) for r, v in self.args.items()},
            "documents": self.documents, "sources": self.sources, "statuses": self.statuses,
            "contested": self.contested, "denied_by": self.denied_by, "first_said": self.first_said,
            "last_said": self.last_said, "event_time": self.event_time, "conflicts": self.conflicts,
            "alternatives": self.alternatives, "history": self.history, "denials": self.denials,
            "claims": [c.to_v1() for c in self.claims],
        }


def entry_order(entry: LedgerEntry) -> tuple[int, int, str, str]:
    """The ledger's order: most documents first, then most sources, then type and id."""
    return (-entry.documents, -entry.sources, entry.type, entry.id)


def _source_label(claim: Claim) -> str:
    return claim.source.name if claim.source else f"{claim.doc} (outlet)"


def _said(claim: Claim) -> str | None:
    t = claim.statement_time or claim.time
    return t.value if t and t.value else None


def build_ledger(claims: Iterable[Claim], originals: Mapping[str, str] | None = None,
                 as_of: str | None = None, *, origins: Mapping[str, str] | None = None) -> list[LedgerEntry]:
    """Group claims into ledger entries (pure: the same claims give the same entries and ids).

    ``originals`` maps a document id to the original it copies (``Store.originals()``), so a syndicated
    copy adds neither a document nor a source to the count; ``origins`` maps a claim id to the original
    document of the copied paragraph it was stated in (``Store.claim_origins()``). ``as_of`` (ISO date)
    leaves out what was said after it.
    """
    kept = [c for c in claims if as_of is None or (s := _said(c)) is None or s[: len(as_of)] <= as_of]
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in kept:
        groups[ledger_key(claim)].append(claim)
    entries = ledger_entries(groups, [c for c in kept if c.type == "deny"], originals, origins)
    return sorted(link_alternatives(entries), key=entry_order)


def ledger_entries(groups: Mapping[str, Sequence[Claim]], denies: Sequence[Claim],
                   originals: Mapping[str, str] | None = None,
                   origins: Mapping[str, str] | None = None, *,
                   unchanged: Callable[[str, str | None, list[Claim]], bool] | None = None) -> list[LedgerEntry]:
    """The entries of whole groups (``ledger_key`` -> its claims, in ledger order), with the denials among
    ``denies`` attached; without alternatives (see :func:`link_alternatives`) and unsorted.

    ``unchanged(entry_id, event_time, claims)``, if given, is asked first for each entry: one it answers True
    for is left out (the store's entry built from the very same claims stands)."""
    originals, origins = originals or {}, origins or {}

    def origin(c: Claim) -> str:
        return origins.get(c.id) or originals.get(c.doc_id, c.doc_id)

    denies_by_doc: dict[str, list[Claim]] = defaultdict(list)
    for deny in denies:
        denies_by_doc[deny.doc_id].append(deny)
    entries = []
    for gid, group in groups.items():
        for entry_id, anchor, members in _split_by_time(gid, list(group)):
            if unchanged is not None and unchanged(entry_id, anchor, members):
                continue
            first = members[0]
            said = sorted(filter(None, (_said(c) for c in members)))
            entries.append(LedgerEntry.model_construct(  # from validated claims: nothing left to check
                id=entry_id, type=first.type, args={r: first.args[r] for r in KEY_ROLES[first.type]
                                                    if r in first.args}, claims=members,
                documents=len({origin(c) for c in members}),
                sources=len({c.source.id if c.source else f"outlet:{origin(c)}" for c in members}),
                statuses=dict(Counter(c.status for c in members)),
                denied_by=sorted({_source_label(c) for c in members if c.status == "denied"}),
                first_said=said[0] if said else None, last_said=said[-1] if said else None, event_time=anchor,
                details={r: sorted({_text(c.args[r]) for c in members if r in c.args})
                         for r in _DETAILS if any(r in c.args for c in members)},
                conflicts=_conflicts(members), history=_history(members),
                denials=_denials(members, denies_by_doc) if first.type != "deny" else [],
                alternatives=[]))  # given: a default factory costs model_construct an inspect.signature call
    return entries


def _conflicts(members: list[Claim]) -> dict[str, dict[str, list[str]]]:
    conflicts: dict[str, dict[str, list[str]]] = {}
    for role in _COMPARED:
        values: dict[str, list[str]] = defaultdict(list)
        for c in members:
            if role in c.args:
                values[_text(c.args[role])].append(_source_label(c))
        if len(values) > 1 and _disagree(list(values), list(values)):  # one value always agrees with itself
            conflicts[role] = {v: sorted(set(s)) for v, s in values.items()}
    return conflicts


def _disagree(a: list[str], b: list[str]) -> bool:
    """"Shahed 136, drones" and "drones" agree (one is more specific); 46 and 60 do not."""
    sets_a, sets_b = [_parts(v) for v in a], [_parts(v) for v in b]
    return any(not (x <= y or y <= x) for x in sets_a for y in sets_b)


@lru_cache(maxsize=4096)
def _parts(value: str) -> frozenset[str]:
    """The items of a detail's value ("Shahed 136, drones")."""
    return frozenset(value.split(", "))


def _overlap(a: list[str], b: list[str]) -> bool:
    """Some value of one agrees with some value of the other: an entry whose own sources say 46 or 60 can
    be the event a rival's 46 describes; 10 against 46 cannot."""
    sets_a, sets_b = [_parts(v) for v in a], [_parts(v) for v in b]
    return any(x <= y or y <= x for x in sets_a for y in sets_b)


def _denials(members: list[Claim], denies_by_doc: Mapping[str, list[Claim]]) -> list[dict[str, str | None]]:
    """The deny claims that answer these claims: stated around them, in the same document (``denies_by_doc``:
    the deny claims by document id, so that only the members' own documents are looked at)."""
    evidence_by_doc: dict[str, list[Evidence]] = defaultdict(list)
    for c in members:
        if c.doc_id in denies_by_doc:
            evidence_by_doc[c.doc_id].extend(c.evidence)
    found = []
    for doc_id, evidence in evidence_by_doc.items():
        for deny in denies_by_doc[doc_id]:
            spans = [(ev.start, ev.end) for ev in deny.evidence]
            if not any(a <= ev.start and ev.end <= b + 200 for ev in evidence for a, b in spans):
                continue
            found.append({"denier": _text(deny.args["denier"]) if "denier" in deny.args else None,
                          "about": str(deny.args.get("about", "")), "document": deny.doc, "said": _said(deny)})
    return sorted(found, key=lambda d: (d["said"] or "", d["document"] or "", d["denier"] or "", d["about"] or ""))


def _compatible(a: str, b: str) -> bool:
    """Event times agree when one is a prefix of the other: 2022 and 2022-08, not 2022-08 and 2022-09."""
    return a.startswith(b) or b.startswith(a)


def _split_by_time(group_id: str, members: list[Claim]) -> list[tuple[str, str | None, list[Claim]]]:
    """Same actors, different events: a delivery in 2021 and one in 2023 are two entries. Claims whose
    event times agree stay together; claims with no event time join the largest group. Gives each entry's
    id, its most specific event time and its claims (in the given order)."""
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
        return [(group_id, None, members)]
    position = {id(c): i for i, c in enumerate(members)}
    largest = max(range(len(clusters)), key=lambda i: len(clusters[i][1]))
    out = []
    for i, (anchor, items) in enumerate(clusters):
        items = items + undated if i == largest else items
        entry_id = group_id if len(clusters) == 1 else content_id("l", [group_id, anchor])
        out.append((entry_id, anchor, sorted(items, key=lambda c: position[id(c)])))
    return out


def _history(members: list[Claim]) -> list[dict[str, str | None]]:
    rows = [{"said": _said(c), "status": c.status, "source": _source_label(c), "document": c.doc} for c in members]
    return sorted(rows, key=lambda r: (r["said"] is None, r["said"] or "", r["source"] or ""))


# -- alternatives: rival entries of one event -----------------------------------------------------------
def sibling_keys(entry: LedgerEntry) -> list[str]:
    """Keys shared by entries that could be alternatives of this one: one per key role, naming the type
    and the other key roles' entities (empty for types that cannot have rivals)."""
    roles = KEY_ROLES[entry.type]
    if entry.type not in _RIVAL_TYPES or any(r not in entry.args for r in roles):
        return []
    return list(_sibling_keys(entry.type, tuple(_key_tuple(entry.args[r]) for r in roles)))


def _key_tuple(value: ArgValue) -> Any:
    """:func:`_key_part`, hashable: a list of ids as a tuple (turned back into a list for hashing)."""
    part = _key_part(value)
    return tuple(part) if isinstance(part, list) else part


@lru_cache(maxsize=1 << 14)
def _sibling_keys(type_: str, parts: tuple[Any, ...]) -> tuple[str, ...]:
    """:func:`sibling_keys` of the key roles' entity ids ``parts``: hashed once per actors, not once per entry
    each time a busy group is refreshed."""
    roles = KEY_ROLES[type_]
    return tuple(content_id("s", {"type": type_, "vary": role, **{
        r: list(p) if isinstance(p, tuple) else p for r, p in zip(roles, parts, strict=True) if r != role}})
        for role in roles)


def is_alternative(a: LedgerEntry, b: LedgerEntry) -> str | None:
    """The key role in which ``b`` names someone else for the event of ``a``, if it is a rival entry of it:
    same type, all key roles but that one the same, compatible event times on both, a shared item (or
    quantity, weapon, …) and, for every detail both state, some value they agree on. None otherwise."""
    if a.id == b.id or a.type != b.type or a.type not in _RIVAL_TYPES or not a.event_time or not b.event_time:
        return None
    if not _compatible(a.event_time, b.event_time):
        return None
    roles = KEY_ROLES[a.type]
    if any(r not in a.args or r not in b.args for r in roles):
        return None
    differ = [r for r in roles if _key_part(a.args[r]) != _key_part(b.args[r])]
    if len(differ) != 1:
        return None
    shared = False
    for role in set(a.details) & set(b.details):
        if not _overlap(a.details[role], b.details[role]):
            return None
        shared = shared or (role in _SAME_EVENT and bool(set(a.details[role]) & set(b.details[role])))
    return differ[0] if shared else None


def _reference(other: LedgerEntry, role: str) -> dict[str, Any]:
    return {"entry": other.id, "role": role, "value": _text(other.args[role]), "sources": other.said_by}


def _alt_order(ref: dict[str, Any]) -> tuple[str, str, str]:
    return (ref["role"], ref["value"], ref["entry"])


def rival_keys(entry: LedgerEntry) -> list[str]:
    """Index keys that any rival of ``entry`` shares with it: a sibling key, the event year and one shared
    item/quantity/… value (a rival needs all three)."""
    if not entry.event_time:
        return []
    return [_rival_key(key, entry.event_time[:4], role, value) for key in sibling_keys(entry)
            for role in _SAME_EVENT for value in entry.details.get(role, [])]


@lru_cache(maxsize=1 << 16)
def _rival_key(sibling: str, year: str, role: str, value: str) -> str:
    return content_id("r", [sibling, year, role, value])


def rival_index(entries: Iterable[LedgerEntry], keys: Callable[[LedgerEntry], list[str]] = rival_keys,
                ) -> dict[str, list[LedgerEntry]]:
    """The entries by :func:`rival_keys` (or ``keys``, a memo of it): every rival of an entry is among
    :func:`possible_rivals` of it."""
    index: dict[str, list[LedgerEntry]] = defaultdict(list)
    for entry in entries:
        for key in keys(entry):
            index[key].append(entry)
    return index


def possible_rivals(entry: LedgerEntry, index: dict[str, list[LedgerEntry]],
                    keys: Callable[[LedgerEntry], list[str]] = rival_keys) -> list[LedgerEntry]:
    """The entries of ``index`` that share a rival key with ``entry`` (a superset of its rivals there)."""
    return [other for key in keys(entry) for other in index.get(key, ())]


def link_alternatives(entries: Sequence[LedgerEntry]) -> list[LedgerEntry]:
    """The entries, each with its rival entries among ``entries`` as ``alternatives``."""
    index = rival_index(entries)
    return [relink(entry, {r["entry"] for r in entry.alternatives}, possible_rivals(entry, index))
            for entry in entries]


def relink(entry: LedgerEntry, replaced: set[str], candidates: Sequence[LedgerEntry]) -> LedgerEntry:
    """``entry`` with its alternatives among ``replaced`` (entry ids rewritten or gone) dropped and those among
    ``candidates`` (the rewritten entries) added: how the store updates an entry next to a changed group."""
    refs = {r["entry"]: r for r in entry.alternatives if r["entry"] not in replaced}
    seen: set[str] = set()
    for other in candidates:
        if other.id in seen:
            continue
        seen.add(other.id)
        role = is_alternative(entry, other)
        if role is not None:
            refs[other.id] = _reference(other, role)
    alternatives = sorted(refs.values(), key=_alt_order)
    return entry if alternatives == entry.alternatives else entry.model_copy(update={"alternatives": alternatives})

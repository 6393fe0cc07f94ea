"""Cross-document linking: is a new entity one the store already holds under another spelling?

Rules, in order (each link records its reason, so every merge can be explained):
1. ``kb``: the same knowledge-base id (this is identity: ids come from the KB id).
2. ``name``: the same kind and the same normalised name.
3. ``transliteration``: the same kind and names that differ only as transliterations do ("Ghaani" and
   "Qaani", "Soleimani" and "Suleimani"), compared with rapidfuzz on a phonetic key. Guard rails: kinds
   must agree; people need as many name parts, a matching surname *and* a matching first name, so two
   people who share a surname are never merged, and one-word person names are never linked across
   documents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ..model import ArgValue, Claim, EntityRef, normalise_name

__all__ = ["LINK_THRESHOLD", "Link", "block_key", "link", "phonetic_key", "replace_entities"]

LINK_THRESHOLD = 88.0
"""Minimum rapidfuzz ratio (0-100) between phonetic keys for a transliteration link."""

_FOLDS = [("gh", "q"), ("kh", "k"), ("dh", "z"), ("th", "t"), ("sh", "s"), ("ch", "c"), ("ph", "f"),
          ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "e"), ("ey", "e"), ("y", "i"), ("w", "v"), ("j", "i")]


@lru_cache(maxsize=65_536)  # pure, and asked for the same names again and again while linking
def phonetic_key(name: str) -> str:
    """A spelling-tolerant key: ASCII, lower case, common transliteration pairs folded, no doubled letters,
    vowels kept only at the start of a word ("Ghaani" and "Qaani" both give "qn")."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\b(?:al|el|ul|ad|as|ash|an|ar|at|az)[- ]", "", s)  # Arabic article: "al-Nakhalah"
    s = s.replace("-", "")  # "Amir-Abdollahian" is also written "Amirabdollahian"
    s = re.sub(r"[^a-z ]+", " ", s)
    s = re.sub(r"(?<=[aeiou])h\b", "", s)  # final -ah/-a: "Nakhalah", "Nakhala"
    for a, b in _FOLDS:
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)
    words = [w[0] + re.sub(r"[aeiou]", "", w[1:]) for w in s.split() if w]
    return " ".join(words)


def block_key(ref: EntityRef) -> str:
    """The bucket a ref is compared within: its kind and the phonetic key's first letter of the last word
    (people) or of the name (others), so linking looks at few candidates however big the store."""
    key = phonetic_key(ref.name)
    if not key:
        return f"{ref.kind}:"
    word = key.split()[-1] if ref.kind == "person" else key
    return f"{ref.kind}:{word[:1]}"


@dataclass(frozen=True)
class Link:
    """A decision: ``ref`` is stored as ``target`` for ``reason`` (score 0-100 for transliterations)."""

    ref: EntityRef
    target: EntityRef
    reason: str
    score: float = 100.0


def _person_match(a: str, b: str) -> float:
    pa, pb = phonetic_key(a).split(), phonetic_key(b).split()
    if len(pa) < 2 or len(pa) != len(pb):
        return 0.0
    last = fuzz.ratio(pa[-1], pb[-1])
    first = fuzz.ratio(pa[0], pb[0])
    return min(last, first) if pa[-1][:1] == pb[-1][:1] else 0.0


WORD_THRESHOLD = 75.0
"""Names of as many words link only if every word pair is at least this close (rapidfuzz ratio of their
phonetic keys): one word spelt another way is a transliteration ("Guard" / "Guards"), one word replaced by
another is another entity ("security forces of Iraq" / "of Iran")."""


def _name_match(a: str, b: str) -> float:
    ka, kb = phonetic_key(a), phonetic_key(b)
    wa, wb = ka.split(), kb.split()
    if len(wa) == len(wb) > 1 and min(fuzz.ratio(x, y) for x, y in zip(wa, wb, strict=True)) < WORD_THRESHOLD:
        return 0.0
    return fuzz.ratio(ka, kb)


def link(ref: EntityRef, candidates: Iterable[EntityRef]) -> Link | None:
    """The stored entity ``ref`` should merge into, if any (``None``: a new entity)."""
    if ref.kb_id:
        return None  # the KB id already is the identity
    key = normalise_name(ref.name)
    best: Link | None = None
    for cand in candidates:
        if cand.kind != ref.kind or cand.id == ref.id:
            continue
        if normalise_name(cand.name) == key:
            return Link(ref, cand, "name")
        score = (_person_match if ref.kind == "person" else _name_match)(ref.name, cand.name)
        if score >= LINK_THRESHOLD and (best is None or score > best.score):
            best = Link(ref, cand, "transliteration", score)
    return best


def replace_entities(claim: Claim, mapping: dict[str, EntityRef]) -> Claim:
    """The claim with every entity whose id is in ``mapping`` replaced (roles, source, chain); the claim itself
    when it names none of them. A copy would be the same claim, but without the id, ledger key and stored
    JSON the original computed once: a document with one linked entity had every claim hashed, serialised
    and parsed again."""
    if not mapping or not any(ref.id in mapping for ref in claim.entity_refs()):
        return claim

    def swap(ref: EntityRef) -> EntityRef:
        return mapping.get(ref.id, ref)

    def swap_arg(value: ArgValue) -> ArgValue:
        if isinstance(value, EntityRef):
            return swap(value)
        if isinstance(value, list):
            out: list[EntityRef] = []
            for v in value:
                if swap(v) not in out:
                    out.append(swap(v))
            return out
        return value

    return claim.model_copy(update={
        "args": {role: swap_arg(v) for role, v in claim.args.items()},
        "source": swap(claim.source) if claim.source else None,
        "source_chain": tuple(swap(e) for e in claim.source_chain),
    })

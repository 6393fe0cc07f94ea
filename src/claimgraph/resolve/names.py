"""Within-document name resolution: "Mohammadi" is the "Narges Mohammadi" introduced earlier."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..extraction import Extraction
from ..model import ArgValue, Claim, EntityRef, Mention

__all__ = ["person_aliases", "resolve_extraction"]

_PARTICLES = frozenset({"al", "el", "ad", "ag", "an", "ar", "as", "ash", "at", "az", "abu", "bin", "ibn"})


def person_aliases(names: Iterable[str]) -> dict[str, str]:
    """Map each short form (surname, or a name's trailing words) to the one full name that ends with it.

    A short form shared by two different full names ("Bagheri" of "Mohammad Bagheri" and of "Ali Bagheri
    Kani" is not a trailing form of the latter) maps to neither: two people are never merged by a guess.
    """
    full = sorted({n for n in names if len(n.split()) > 1})
    candidates: dict[str, set[str]] = {}
    for name in full:
        words = name.split()
        for k in range(1, len(words)):
            candidates.setdefault(" ".join(words[k:]).casefold(), set()).add(name)
        particle, _, rest = words[-1].partition("-")
        if rest and particle.casefold() in _PARTICLES:  # "al-Nakhalah" is also written "Nakhalah"
            candidates.setdefault(rest.casefold(), set()).add(name)
    return {short: next(iter(names_)) for short, names_ in candidates.items() if len(names_) == 1}


def _fix(ref: EntityRef, aliases: dict[str, str]) -> EntityRef:
    if ref.kind != "person" or ref.kb_id:
        return ref
    full = aliases.get(ref.name.casefold())
    return ref.model_copy(update={"name": full}) if full and full != ref.name else ref


def _fix_arg(value: ArgValue, aliases: dict[str, str]) -> ArgValue:
    """The value with its people's full names: the very same object where nothing changes."""
    if isinstance(value, EntityRef):
        return _fix(value, aliases)
    if isinstance(value, list):
        out: list[EntityRef] = []
        for v in value:
            fixed = _fix(v, aliases)
            if fixed not in out:
                out.append(fixed)
        return value if _same(out, value) else out
    return value


def _same(new: Sequence[object], old: Sequence[object]) -> bool:
    return len(new) == len(old) and all(a is b for a, b in zip(new, old, strict=True))


def _fix_claim(claim: Claim, aliases: dict[str, str]) -> Claim:
    """The claim with its people's full names; the claim itself where no name changes (no copy to build)."""
    args = {r: _fix_arg(v, aliases) for r, v in claim.args.items()}
    source = _fix(claim.source, aliases) if claim.source else None
    chain = tuple(_fix(e, aliases) for e in claim.source_chain)
    if source is claim.source and _same(chain, claim.source_chain) and _same(list(args.values()),
                                                                             list(claim.args.values())):
        return claim
    return claim.model_copy(update={"args": args, "source": source, "source_chain": chain})


def _fix_mention(mention: Mention, aliases: dict[str, str]) -> Mention:
    entity = _fix(mention.entity, aliases)
    if entity is mention.entity:
        return mention
    return Mention(doc=mention.doc, start=mention.start, end=mention.end, text=mention.text, entity=entity)


def resolve_extraction(extraction: Extraction) -> Extraction:
    """Canonical person names within the document, and claims that became identical merged into one."""
    names = [m.entity.name for m in extraction.mentions if m.entity.kind == "person"]
    aliases = person_aliases(names)
    merged: dict[tuple, Claim] = {}
    for claim in extraction.claims:
        fixed = _fix_claim(claim, aliases)
        key = fixed.event_key()
        if key in merged:
            merged[key] = merged[key].merged_with(fixed)
        else:
            merged[key] = fixed
    mentions = [_fix_mention(m, aliases) for m in extraction.mentions]
    return Extraction(document=extraction.document, claims=list(merged.values()), mentions=mentions)

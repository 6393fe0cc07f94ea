"""Rows of the ``claim_edges`` table: a claim's (from, to) entity pairs, as ``EDGE_ROLES`` defines them.

The same rule as migration 0006's backfill, applied by :meth:`Store.add` to the claims it writes.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import EDGE_ROLES, ArgValue, Claim, EntityRef

__all__ = ["edge_rows"]


def _ids(value: ArgValue | None) -> list[str]:
    if isinstance(value, EntityRef):
        return [value.id]
    if isinstance(value, list):
        return [v.id for v in value if isinstance(v, EntityRef)]
    return []


def edge_rows(claims: Iterable[Claim], published: str | None) -> list[tuple[str, str, str, str, str, str | None,
                                                                            str | None]]:
    """(claim id, from, to, type, status, day, said by) for every edge the claims state."""
    rows = []
    for claim in claims:
        if claim.type not in EDGE_ROLES:
            continue
        fr, to = EDGE_ROLES[claim.type]
        day = (claim.time.value if claim.time and claim.time.value else None) or \
            (claim.statement_time.value if claim.statement_time and claim.statement_time.value else None) or published
        said_by = claim.source.id if claim.source else None
        pairs = {(a, b) for a in _ids(claim.args.get(fr)) for b in _ids(claim.args.get(to))
                 if a != b and (fr != to or a < b)}
        rows += [(claim.id, a, b, claim.type, claim.status, day, said_by) for a, b in sorted(pairs)]
    return rows

"""The ``claims-jsonl`` exporter: claims-v1 JSON Lines, the project's public data contract.

One ``json.dumps(claim.to_v1(), ensure_ascii=False)`` per line, in a stable order (document, first evidence
span, type, id), so the same claims always export to the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..errors import ExportError
from ..model import Claim
from .registry import ExportData, register_exporter

__all__ = ["claim_sort_key", "export_claims_jsonl"]


def claim_sort_key(claim: Claim) -> tuple[str, int, int, str, str]:
    """Stable export order: document name, first evidence span, type, id (claims without evidence first)."""
    first = min(((e.start, e.end) for e in claim.evidence), default=(-1, -1))
    return (claim.doc, first[0], first[1], claim.type, claim.id)


def export_claims_jsonl(claims: Iterable[Claim], out: TextIO) -> int:
    """Write claims as claims-v1 JSON Lines to ``out``; return how many were written."""
    count = 0
    try:
        for claim in sorted(claims, key=claim_sort_key):
            out.write(json.dumps(claim.to_v1(), ensure_ascii=False))
            out.write("\n")
            count += 1
        out.flush()
    except OSError as e:
        raise ExportError(f"cannot write the claims-jsonl export: {e.strerror or e}") from None
    return count


@register_exporter("claims-jsonl", description="claims-v1 JSON Lines (the contract), one claim per line")
def write_claims_jsonl(data: ExportData, out: TextIO) -> int:
    """Registered form of :func:`export_claims_jsonl`."""
    return export_claims_jsonl(data.claims, out)

"""The ``ledger-jsonl`` exporter: one ledger entry per line, each holding its claims-v1 claims."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..errors import ExportError
from ..model import Claim
from ..query import build_ledger
from .registry import ExportData, register_exporter

__all__ = ["export_ledger_jsonl"]


def export_ledger_jsonl(claims: Iterable[Claim], out: TextIO) -> int:
    """Write the ledger of ``claims`` as JSON Lines; return how many entries were written."""
    entries = build_ledger(claims)
    try:
        for entry in entries:
            out.write(json.dumps(entry.to_json(), ensure_ascii=False) + "\n")
    except OSError as err:
        raise ExportError(f"cannot write the ledger: {err}") from None
    return len(entries)


@register_exporter("ledger-jsonl", description="the ledger: one event per line, holding its claims-v1 claims")
def write_ledger_jsonl(data: ExportData, out: TextIO) -> int:
    """Registered form of :func:`export_ledger_jsonl`."""
    return export_ledger_jsonl(data.claims, out)

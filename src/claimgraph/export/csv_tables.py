"""The ``csv`` exporter: four related tables in a folder, for spreadsheets, pandas, R or a SQL database.

- ``entities.csv``: ``id, name, kind, kb_id, aliases``, one row per entity a claim names (in a role or as a
  source), sorted by name;
- ``claims.csv``: one row per claim in export order: ``id, doc, doc_id, type, status, source_id, source_name,
  source_chain`` (names, outermost reporter first, joined with ``" <- "``), ``event_time_text,
  event_time_value`` (when it happened, where the text says), ``statement_time_text, statement_time_value``
  (when it was said), ``confidence, evidence_count``, then every role of every claim type, flattened: an
  entity role as ``<role>_id`` and ``<role>_name`` (the members of a list role joined with ``"; "``), a number
  or string role as ``<role>``. The columns are the same whatever the claims; a role a claim does not have
  is empty;
- ``evidence.csv``: ``claim_id, doc, doc_id, start, end, text``, each claim's spans in order
  (``text == document.text[start:end]``);
- ``documents.csv``: ``id, name, title, url, outlet, published``, the claims' documents (only id and name
  for a document whose metadata was not given).

RFC 4180 (the ``csv`` module's ``excel`` dialect: commas, ``"``-quoted where needed, CRLF), UTF-8 without a
byte-order mark, one header row each. Ids join the tables: ``claims.<role>_id`` and ``claims.source_id`` to
``entities.id``, ``evidence.claim_id`` to ``claims.id``, ``claims.doc_id`` to ``documents.id``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import ExportError
from ..model import ENTITY_ROLES, ArgValue, Claim, EntityRef
from .registry import ExportData, register_exporter
from .tables import (
    ALL_ROLES,
    confidence,
    document_rows,
    entity_rows,
    export_claims,
    joined,
    source_chain_text,
    time_text,
    time_value,
)

__all__ = ["CLAIM_COLUMNS", "DOCUMENT_COLUMNS", "ENTITY_COLUMNS", "EVIDENCE_COLUMNS", "write_csv_tables"]

ENTITY_COLUMNS = ("id", "name", "kind", "kb_id", "aliases")
ROLE_COLUMNS: tuple[str, ...] = tuple(
    c for role in ALL_ROLES for c in ((f"{role}_id", f"{role}_name") if role in ENTITY_ROLES else (role,)))
CLAIM_COLUMNS = ("id", "doc", "doc_id", "type", "status", "source_id", "source_name", "source_chain",
                 "event_time_text", "event_time_value", "statement_time_text", "statement_time_value",
                 "confidence", "evidence_count", *ROLE_COLUMNS)
EVIDENCE_COLUMNS = ("claim_id", "doc", "doc_id", "start", "end", "text")
DOCUMENT_COLUMNS = ("id", "name", "title", "url", "outlet", "published")


def _text(value: ArgValue) -> str:
    if isinstance(value, EntityRef):
        return value.name
    if isinstance(value, list):
        return joined(_text(v) for v in value)
    return str(value)


def _role_cells(claim: Claim) -> list[str]:
    cells: list[str] = []
    for role in ALL_ROLES:
        value = claim.args.get(role)
        if role not in ENTITY_ROLES:
            cells.append("" if value is None else _text(value))
        elif value is None:
            cells += ["", ""]
        else:
            items = value if isinstance(value, list) else [value]
            cells += [joined(v.id if isinstance(v, EntityRef) else "" for v in items), _text(value)]
    return cells


def claim_row(claim: Claim) -> list[str | int | float]:
    """One row of ``claims.csv``."""
    source = claim.source
    return [claim.id, claim.doc, claim.doc_id, claim.type, claim.status,
            source.id if source else "", source.name if source else "", source_chain_text(claim),
            time_text(claim.time), time_value(claim.time),
            time_text(claim.statement_time), time_value(claim.statement_time),
            confidence(claim), len(claim.evidence), *_role_cells(claim)]


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


@register_exporter("csv", directory=True,
                   description="CSV tables in a folder: entities, claims (roles flattened), evidence, documents")
def write_csv_tables(data: ExportData, folder: Path) -> int:
    """Write ``entities.csv``, ``claims.csv``, ``evidence.csv`` and ``documents.csv`` into ``folder``; return how
    many claims were written."""
    claims = export_claims(data)
    entities = entity_rows(claims)
    try:
        _write(folder / "entities.csv", ENTITY_COLUMNS,
               ([e.id, e.name, e.kind, e.kb_id or "", joined(e.aliases)] for e in entities))
        _write(folder / "claims.csv", CLAIM_COLUMNS, (claim_row(c) for c in claims))
        _write(folder / "evidence.csv", EVIDENCE_COLUMNS,
               ([c.id, e.doc, c.doc_id, e.start, e.end, e.text]
                for c in claims for e in sorted(c.evidence, key=lambda e: (e.start, e.end))))
        _write(folder / "documents.csv", DOCUMENT_COLUMNS,
               ([d.id, d.name, d.title or "", d.url or "", d.outlet or "",
                 d.published.isoformat() if d.published else ""] for d in document_rows(data, claims)))
    except OSError as err:
        raise ExportError(f"{folder}: cannot write the csv export: {err.strerror or err}") from None
    return len(claims)

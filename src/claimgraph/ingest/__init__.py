"""The ingest stage: news reports in (text, HTML, JSON Lines, RSS/Atom, WARC; files, folders, stdin), Documents out.

Every input format is a reader registered in :data:`READERS` with :func:`register_reader`; the built-in
readers (``text``, ``html``, ``jsonl``, ``feed``, ``warc``) register the same way when this package is
imported. Large inputs are streamed (JSON Lines line by line, WARC record by record). See
:func:`read_documents` for the reading policy (strict vs. warn-and-go-on, directories, date precedence).
"""

from __future__ import annotations

from . import feed, html, jsonl, text, warc  # noqa: F401  (importing a reader module registers it)
from .claims_v1 import read_claims_v1
from .dates import find_dates, infer_published, parse_date
from .limits import DEFAULT_LIMITS, Limits
from .registry import READERS, Draft, Reader, Source, reader_for, register_reader
from .sources import read_documents

__all__ = [
    "DEFAULT_LIMITS",
    "READERS",
    "Draft",
    "Limits",
    "Reader",
    "Source",
    "find_dates",
    "infer_published",
    "parse_date",
    "read_claims_v1",
    "read_documents",
    "reader_for",
    "register_reader",
]

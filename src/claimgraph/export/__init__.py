"""The export stage: claims written in registered formats (``claims-jsonl`` = claims-v1 JSON Lines,
``ledger-jsonl`` = one ledger entry per line).

New formats register with :func:`register_exporter` (a stream, or a folder of files with ``directory=True``);
the CLI lists :data:`EXPORTERS` and looks one up with :func:`get_exporter`, which raises
:class:`claimgraph.ExportError` for an unknown name.
"""

from __future__ import annotations

from . import ftm as _ftm  # noqa: F401  (registers ftm)
from . import jsonl as _jsonl  # noqa: F401  (registers claims-jsonl)
from . import ledger as _ledger  # noqa: F401  (registers ledger-jsonl)
from . import plover as _plover  # noqa: F401  (registers plover)
from . import stix as _stix  # noqa: F401  (registers stix)
from .jsonl import claim_sort_key, export_claims_jsonl
from .ledger import export_ledger_jsonl
from .registry import EXPORTERS, ExportData, Exporter, ExportFormat, get_exporter, register_exporter

__all__ = [
    "EXPORTERS", "ExportData", "ExportFormat", "Exporter", "claim_sort_key", "export_claims_jsonl",
    "export_ledger_jsonl", "get_exporter",
    "register_exporter",
]

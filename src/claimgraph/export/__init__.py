"""The export stage: claims written in registered formats (``claims-jsonl`` = claims-v1 JSON Lines,
``ledger-jsonl`` = one ledger entry per line, ``csv`` = four related tables, ``graphml`` and ``gexf`` = the
claim graph for Gephi and friends, ``neo4j`` = CSV files for neo4j-admin import with its scripts, ``stix`` =
a STIX 2.1 bundle, ``ftm`` = FollowTheMoney entities, ``plover`` = PLOVER event records).

New formats register with :func:`register_exporter` (a stream, or a folder of files with ``directory=True``);
the CLI lists :data:`EXPORTERS` and looks one up with :func:`get_exporter`, which raises
:class:`claimgraph.ExportError` for an unknown name.
"""

from __future__ import annotations

# The order of registration is the order the CLI lists the formats in: the contract first.
# isort: off
from . import jsonl as _jsonl  # noqa: F401  (registers claims-jsonl)
from . import ledger as _ledger  # noqa: F401  (registers ledger-jsonl)
from . import csv_tables as _csv_tables  # noqa: F401  (registers csv)
from . import graphml as _graphml  # noqa: F401  (registers graphml)
from . import gexf as _gexf  # noqa: F401  (registers gexf)
from . import neo4j as _neo4j  # noqa: F401  (registers neo4j)
from . import stix as _stix  # noqa: F401  (registers stix)
from . import ftm as _ftm  # noqa: F401  (registers ftm)
from . import plover as _plover  # noqa: F401  (registers plover)
# isort: on
from .csv_tables import write_csv_tables
from .gexf import write_gexf
from .graph import claim_graph
from .graphml import write_graphml
from .jsonl import claim_sort_key, export_claims_jsonl
from .ledger import export_ledger_jsonl
from .neo4j import write_neo4j
from .registry import EXPORTERS, ExportData, Exporter, ExportFormat, get_exporter, register_exporter

__all__ = [
    "EXPORTERS", "ExportData", "ExportFormat", "Exporter", "claim_graph", "claim_sort_key", "export_claims_jsonl",
    "export_ledger_jsonl", "get_exporter", "register_exporter", "write_csv_tables", "write_gexf", "write_graphml",
    "write_neo4j",
]

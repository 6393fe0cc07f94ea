"""The ``gexf`` exporter: the claim graph as GEXF 1.2, Gephi's own format.

Entities are nodes and claims are edges of a directed multigraph, with the attributes
:mod:`claimgraph.export.graph` lists (the claim type is ``claim_type`` and the edge's label, since GEXF keeps
an edge's ``type`` for directed/undirected); an entity of a claim with no edge (a denial, a claim missing a
role) is still a node. Written by ``networkx.write_gexf``; read back with ``networkx.read_gexf(path)``.
"""

from __future__ import annotations

from typing import TextIO

from .graph import write_graph_xml
from .registry import ExportData, register_exporter

__all__ = ["write_gexf"]


@register_exporter("gexf", description="GEXF (Gephi): entities as nodes, claims as edges with their provenance")
def write_gexf(data: ExportData, out: TextIO) -> int:
    """Write the claim graph of ``data`` to ``out`` as GEXF 1.2 (UTF-8 XML); return how many claims it holds."""
    import networkx as nx

    return write_graph_xml(data, out, lambda graph, f: nx.write_gexf(graph, f, encoding="utf-8"), "gexf")

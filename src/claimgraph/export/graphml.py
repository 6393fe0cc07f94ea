"""The ``graphml`` exporter: the claim graph as GraphML, for Gephi, yEd, Cytoscape, igraph or networkx.

Entities are nodes and claims are edges of a directed multigraph, with the attributes
:mod:`claimgraph.export.graph` lists; an entity of a claim with no edge (a denial, a claim missing a role) is
still a node. Written by ``networkx.write_graphml``; read back with ``networkx.read_graphml(path)``.
"""

from __future__ import annotations

from typing import TextIO

from .graph import write_graph_xml
from .registry import ExportData, register_exporter

__all__ = ["write_graphml"]


@register_exporter("graphml", description="GraphML: entities as nodes, claims as edges with their provenance")
def write_graphml(data: ExportData, out: TextIO) -> int:
    """Write the claim graph of ``data`` to ``out`` as GraphML (UTF-8 XML); return how many claims it holds."""
    import networkx as nx

    return write_graph_xml(data, out, lambda graph, f: nx.write_graphml(graph, f, encoding="utf-8"), "graphml")

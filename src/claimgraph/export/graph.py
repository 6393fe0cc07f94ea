"""The claim graph as a networkx ``MultiDiGraph``: what the ``graphml`` and ``gexf`` exporters write.

Nodes are entities, keyed by entity id (``e-…``), with the attributes ``label`` and ``name`` (its name),
``kind``, ``kb_id`` (a Wikidata QID, or "") and ``aliases`` (joined with ``"; "``). Every entity a claim names
is a node, in a role or in its source chain, including those of claims that have no edge: a denial, a claim
missing one of its two edge roles ("Iran handed over drones", no recipient), or the roles outside the edge
(the drones themselves, the place of an attack).

Edges are claims: one edge per claim from the entity in its ``EDGE_ROLES`` from-role to the one in its to-role
(supplier -> recipient, attacker -> target, authority -> detainee, …); a list role yields one edge per pair;
an undirected type (meet, negotiate) one edge per pair of its entities, the smaller id first, with
``directed`` false. The edge key (the GraphML edge id) is the claim id, with ``.1``, ``.2``, … when one claim
has several edges. Edge attributes:

``claim_id``, ``claim_type`` and ``label`` (the claim type: GEXF reserves an edge's ``type`` for
directed/undirected), ``status``, ``event_date`` (when it happened, where the text says), ``statement_date``
(when it was said), ``source`` (the original speaker's name), ``source_chain`` (names, outermost first,
joined with ``" <- "``), ``evidence`` (the first evidence span's text), ``evidence_count``, ``doc`` (the
document's name), ``confidence`` and ``directed``.

No value is None (GraphML and GEXF cannot write one): what is unknown is "". Characters XML 1.0 cannot carry
(control characters such as a form feed) are written as U+FFFD, so the file is always well-formed XML.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from ..errors import ExportError
from ..model import Claim
from .registry import ExportData
from .tables import claim_edges, claim_properties, entity_rows, export_claims, joined

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["claim_graph", "edge_attributes", "write_graph_xml", "xml_text"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with each character XML 1.0 does not allow replaced by U+FFFD (the length is kept)."""
    return _NOT_XML.sub("\ufffd", text)


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: xml_text(v) if isinstance(v, str) else v for k, v in attrs.items()}


def edge_attributes(claim: Claim) -> dict[str, Any]:
    """The attributes of each edge of ``claim``: :func:`~claimgraph.export.tables.claim_properties` and its type
    as the edge's ``label``, made XML-safe."""
    props = claim_properties(claim)
    return _clean({**props, "label": props["claim_type"]})


def claim_graph(data: ExportData | Iterable[Claim]) -> nx.MultiDiGraph:
    """The claim graph of ``data``: entities as nodes, claims as edges (see the module docstring)."""
    return _graph(export_claims(data if isinstance(data, ExportData) else ExportData.of(data)))


def _graph(claims: list[Claim]) -> nx.MultiDiGraph:
    import networkx as nx  # imported when used: the CLI starts without it

    graph = nx.MultiDiGraph()
    for e in entity_rows(claims):
        graph.add_node(e.id, **_clean({"label": e.name, "name": e.name, "kind": e.kind, "kb_id": e.kb_id or "",
                                       "aliases": joined(e.aliases)}))
    for claim in claims:
        pairs = claim_edges(claim)
        attrs = edge_attributes(claim)
        for n, (a, b) in enumerate(pairs, start=1):
            graph.add_edge(a.id, b.id, key=claim.id if len(pairs) == 1 else f"{claim.id}.{n}", **attrs)
    return graph


def write_graph_xml(data: ExportData, out: TextIO, write: Callable[[nx.MultiDiGraph, BinaryIO], None],
                    fmt: str) -> int:
    """Build the claim graph, serialise it with ``write`` (a networkx writer, which writes UTF-8 bytes) and write
    the text to ``out``; return how many claims the graph holds."""
    claims = export_claims(data)
    buffer = io.BytesIO()
    write(_graph(claims), buffer)
    try:
        out.write(buffer.getvalue().decode("utf-8"))
        out.flush()
    except OSError as err:
        raise ExportError(f"cannot write the {fmt} export: {err.strerror or err}") from None
    return len(claims)

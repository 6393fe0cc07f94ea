"""The ``graphml`` and ``gexf`` exports: well-formed XML that networkx reads back into the same claim graph."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from claimgraph.errors import ExportError
from claimgraph.export import EXPORTERS, ExportData, claim_graph, get_exporter
from claimgraph.export.tables import claim_edges, entity_rows, export_claims

READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}
EDGE_ATTRIBUTES = {"claim_id", "claim_type", "label", "status", "event_date", "statement_date", "source",
                   "source_chain", "evidence", "evidence_count", "doc", "confidence", "directed"}


def export(fmt: str, data: ExportData, tmp_path: Path) -> tuple[str, nx.MultiDiGraph]:
    out = io.StringIO()
    assert get_exporter(fmt)(data, out) == len(export_claims(data))
    text = out.getvalue()
    ET.fromstring(text.encode("utf-8"))  # well-formed XML
    path = tmp_path / f"graph.{fmt}"
    path.write_text(text, encoding="utf-8")
    return text, READERS[fmt](path)


def edges_by_claim(graph: nx.MultiDiGraph) -> dict[str, list[tuple[str, str, dict]]]:
    out: dict[str, list[tuple[str, str, dict]]] = {}
    for u, v, attrs in graph.edges(data=True):
        out.setdefault(attrs["claim_id"], []).append((u, v, attrs))
    return out


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_formats_are_registered_streams(fmt: str) -> None:
    assert not EXPORTERS[fmt].directory and "nodes" in EXPORTERS[fmt].description


def test_claim_graph_nodes_and_edges(sample) -> None:
    _, claims = sample
    graph = claim_graph(claims)
    assert graph.number_of_nodes() == len(entity_rows(claims)) == 9
    assert graph.number_of_edges() == 4  # the transfer, three meeting pairs; the denial and the half transfer none
    for _, attrs in graph.nodes(data=True):
        assert None not in attrs.values()
    for _, _, attrs in graph.edges(data=True):
        assert set(attrs) == EDGE_ATTRIBUTES and None not in attrs.values()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_sample_reads_back_with_its_attributes(fmt: str, sample, sample_data, tmp_path: Path) -> None:
    _, claims = sample
    text, graph = export(fmt, sample_data, tmp_path)
    expected = claim_graph(sample_data)
    assert graph.number_of_nodes() == expected.number_of_nodes() == 9
    assert graph.number_of_edges() == expected.number_of_edges() == 4
    assert set(graph.nodes) == set(expected.nodes)
    names = {n: a["name"] for n, a in graph.nodes(data=True)}
    iran = next(n for n, name in names.items() if name == "Iran")
    assert graph.nodes[iran]["kb_id"] == "Q794" and graph.nodes[iran]["kind"] == "state"
    assert graph.nodes[iran]["label"] == "Iran"
    assert graph.nodes[next(n for n, name in names.items() if name == "Oleksiy Arestovych")]["kb_id"] == ""
    by_claim = edges_by_claim(graph)
    transfer = next(c for c in claims if c.type == "transfer" and "recipient" in c.args)
    [(u, v, attrs)] = by_claim[transfer.id]
    assert (names[u], names[v]) == ("Iran", "Russia")
    assert attrs["claim_type"] == attrs["label"] == "transfer" and attrs["status"] == "unconfirmed"
    assert attrs["event_date"] == "2022-08-05" and attrs["statement_date"] == "2022"
    assert attrs["source"] == "Oleksiy Arestovych"
    assert attrs["source_chain"] == "Institute for the Study of War <- Oleksiy Arestovych"
    assert attrs["evidence"] == transfer.evidence[0].text and attrs["evidence_count"] == 1
    assert attrs["doc"] == transfer.doc and attrs["confidence"] == pytest.approx(0.7)
    assert attrs["directed"] is True
    meet = next(c for c in claims if c.type == "meet")
    pairs = by_claim[meet.id]
    assert len(pairs) == 3 and all(u < v and a["directed"] is False for u, v, a in pairs)
    assert all(a["evidence"].endswith("Sochi.\ufffd") for _, _, a in pairs)  # the form feed, made XML-safe
    deny = next(c for c in claims if c.type == "deny")
    assert deny.id not in by_claim and iran in graph  # no edge, but its entity is a node
    drones = next(n for n, name in names.items() if name == "drones")
    assert graph.degree(drones) == 0  # an item is a node, outside the supplier -> recipient edge
    assert "Erdoğan" in text


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_output_is_the_same_for_the_same_claims(fmt: str, sample) -> None:
    doc, claims = sample
    one, two = io.StringIO(), io.StringIO()
    get_exporter(fmt)(ExportData.of(claims, [doc]), one)
    get_exporter(fmt)(ExportData.of(list(reversed(claims)), [doc]), two)
    assert one.getvalue() == two.getvalue()


def test_graphml_edge_ids_are_unique(sample_data) -> None:
    out = io.StringIO()
    get_exporter("graphml")(sample_data, out)
    ids = [e.get("id") for e in ET.fromstring(out.getvalue().encode()).iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == len(set(ids)) == 4


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_seed_report_graph(fmt: str, seed_data, tmp_path: Path) -> None:
    _, graph = export(fmt, seed_data, tmp_path)
    claims = export_claims(seed_data)
    assert graph.number_of_nodes() == len(entity_rows(claims))
    assert graph.number_of_edges() == sum(len(claim_edges(c)) for c in claims) > 20
    iran = next(n for n, a in graph.nodes(data=True) if a["name"] == "Iran")
    assert graph.nodes[iran]["kb_id"] == "Q794"
    assert any(graph.nodes[v]["name"] == "Russia" and a["claim_type"] == "transfer"
               for _, v, a in graph.out_edges(iran, data=True))
    assert all(a["claim_type"] != "deny" for _, _, a in graph.edges(data=True))
    denier = next(c for c in claims if c.type == "deny").args["denier"]
    assert denier.id in graph  # an entity of an edgeless claim is still a node


class FullDisk(io.StringIO):
    def write(self, s: str) -> int:
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_write_failure_is_an_export_error(fmt: str, sample_data) -> None:
    with pytest.raises(ExportError, match=f"cannot write the {fmt} export: No space left on device"):
        get_exporter(fmt)(sample_data, FullDisk())

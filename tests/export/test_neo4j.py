"""The ``neo4j`` export: CSV headers in neo4j-admin's syntax, ids that resolve, and the two scripts naming every
file (import.sh run against a stand-in neo4j-admin that records its arguments)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from claimgraph.errors import ExportError
from claimgraph.export import EXPORTERS, ExportData, claim_graph, get_exporter
from claimgraph.export.tables import entity_rows, export_claims

TYPES = ("int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point", "date",
         "localtime", "time", "localdatetime", "datetime", "duration")
PROPERTY = re.compile(rf"^[A-Za-z_][A-Za-z0-9_]*(:({'|'.join(TYPES)})(\[\])?)?$")
ID = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)?:ID\(([A-Za-z]+)\)$")
REF = re.compile(r"^:(START_ID|END_ID)\(([A-Za-z]+)\)$")
NODE_FILES = ("entities.csv", "claims.csv", "documents.csv")
RELATIONSHIP_FILES = ("claim_edges.csv", "claim_roles.csv", "claim_documents.csv", "claim_sources.csv")


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def check_value(header: str, value: str) -> None:
    """A non-empty value parses as its header's type."""
    kind = header.partition(":")[2] or "string"
    if value == "":
        return
    if kind in ("int", "long"):
        int(value)
    elif kind in ("float", "double"):
        float(value)
    elif kind == "boolean":
        assert value in ("true", "false")
    elif kind == "date":
        dt.date.fromisoformat(value)


class Export:
    """The files of one neo4j export, parsed and checked against neo4j-admin's header rules."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.nodes: dict[str, dict[str, list[str]]] = {}  # id space -> id -> row
        self.headers: dict[str, list[str]] = {}
        self.rows: dict[str, list[dict[str, str]]] = {}
        for name in NODE_FILES:
            header, rows = read(folder / name)
            ids = [h for h in header if ":ID" in h]
            assert len(ids) == 1, f"{name}: one :ID column, not {ids}"
            match = ID.match(ids[0])
            assert match, f"{name}: {ids[0]}"
            space = match.group(2)
            assert header.count(":LABEL") == 1
            for h in header:
                assert h in (ids[0], ":LABEL") or PROPERTY.match(h), f"{name}: bad property header {h!r}"
            assert len(set(header)) == len(header)
            at = header.index(ids[0])
            nodes = self.nodes.setdefault(space, {})
            label_at = header.index(":LABEL")
            for row in rows:
                assert len(row) == len(header)
                assert row[at] and row[at] not in nodes, f"{name}: duplicate id {row[at]}"
                nodes[row[at]] = row
                assert space in row[label_at].split(";"), f"{name}: {row[label_at]} lacks the label {space}"
                for h, value in zip(header, row, strict=True):
                    check_value(h, value)
            self.headers[name] = header
            self.rows[name] = [dict(zip(header, r, strict=True)) for r in rows]
        for name in RELATIONSHIP_FILES:
            header, rows = read(folder / name)
            refs = [REF.match(h) for h in header if h.startswith((":START_ID", ":END_ID"))]
            assert [m.group(1) for m in refs if m] == ["START_ID", "END_ID"], f"{name}: {header}"
            assert header.count(":TYPE") == 1
            for h in header:
                assert h.startswith((":START_ID", ":END_ID", ":TYPE")) or PROPERTY.match(h), f"{name}: {h!r}"
            spaces = [m.group(2) for m in refs if m]
            for row in rows:
                assert len(row) == len(header)
                assert row[0] in self.nodes[spaces[0]], f"{name}: no {spaces[0]} node {row[0]}"
                assert row[1] in self.nodes[spaces[1]], f"{name}: no {spaces[1]} node {row[1]}"
                assert re.fullmatch(r"[A-Z_]+", row[2])
                for h, value in zip(header, row, strict=True):
                    check_value(h, value)
            self.headers[name] = header
            self.rows[name] = [dict(zip(header, r, strict=True)) for r in rows]


def export(data: ExportData, folder: Path) -> Export:
    assert get_exporter("neo4j")(data, folder) == len(export_claims(data))
    assert sorted(p.name for p in folder.iterdir()) == sorted((*NODE_FILES, *RELATIONSHIP_FILES, "import.sh",
                                                               "load.cypher"))
    return Export(folder)


def test_neo4j_is_a_registered_folder_format() -> None:
    assert EXPORTERS["neo4j"].directory


def test_headers_ids_and_labels(sample, sample_data, tmp_path: Path) -> None:
    _, claims = sample
    out = export(sample_data, tmp_path / "neo4j")
    assert out.headers["entities.csv"][:1] == ["entityId:ID(Entity)"]
    assert out.headers["claims.csv"][:1] == ["claimId:ID(Claim)"]
    assert out.headers["documents.csv"][:1] == ["documentId:ID(Document)"]
    assert "confidence:double" in out.headers["claims.csv"] and "published:date" in out.headers["documents.csv"]
    assert len(out.nodes["Entity"]) == len(entity_rows(claims)) == 9
    assert len(out.nodes["Claim"]) == len(claims) and len(out.nodes["Document"]) == 1
    entities = {r["name"]: r for r in out.rows["entities.csv"]}
    assert entities["Iran"][":LABEL"] == "Entity;State" and entities["Iran"]["kb_id"] == "Q794"
    assert "Islamic Republic of Iran" in entities["Iran"]["aliases:string[]"].split(";")
    assert entities["Institute for the Study of War"][":LABEL"] == "Entity;Organization"
    assert {r[":LABEL"] for r in out.rows["claims.csv"]} == {"Claim"}


def test_relationships(sample, sample_data, tmp_path: Path) -> None:
    _, claims = sample
    out = export(sample_data, tmp_path / "neo4j")
    names = {r["entityId:ID(Entity)"]: r["name"] for r in out.rows["entities.csv"]}
    edges = out.rows["claim_edges.csv"]
    assert len(edges) == claim_graph(claims).number_of_edges() == 4
    transfer = next(c for c in claims if c.type == "transfer" and "recipient" in c.args)
    [edge] = [e for e in edges if e["claimId"] == transfer.id]
    assert (names[edge[":START_ID(Entity)"]], names[edge[":END_ID(Entity)"]], edge[":TYPE"]) == \
        ("Iran", "Russia", "TRANSFER")
    assert edge["status"] == "unconfirmed" and edge["confidence:double"] == "0.7" and edge["directed:boolean"] == "true"
    assert {e[":TYPE"] for e in edges} == {"TRANSFER", "MEET"}
    assert all(e["directed:boolean"] == "false" for e in edges if e[":TYPE"] == "MEET")
    roles = [(r[":START_ID(Claim)"], r["role"], r["position:int"], names[r[":END_ID(Entity)"]])
             for r in out.rows["claim_roles.csv"]]
    meet = next(c for c in claims if c.type == "meet")
    assert [r[1:] for r in roles if r[0] == meet.id] == [
        ("participants", "0", "Yair Lapid"), ("participants", "1", "Vladimir Putin"),
        ("participants", "2", "Recep Tayyip Erdoğan"), ("location", "0", "Sochi")]
    assert {r[":TYPE"] for r in out.rows["claim_roles.csv"]} == {"ROLE"}
    assert len(out.rows["claim_documents.csv"]) == len(claims)
    said = [(r["position:int"], names[r[":END_ID(Entity)"]]) for r in out.rows["claim_sources.csv"]
            if r[":START_ID(Claim)"] == transfer.id]
    assert said == [("0", "Institute for the Study of War"), ("1", "Oleksiy Arestovych")]
    claim = next(r for r in out.rows["claims.csv"] if r["claimId:ID(Claim)"] == transfer.id)
    assert claim["quantity:double"] == "46" and claim["mode"] == "aid" and claim["event_date"] == "2022-08-05"
    assert claim["evidence"].startswith('Iran handed 46 "Shahed" drones,') and "\n" in claim["evidence"]


def test_import_script_names_every_file(sample_data, tmp_path: Path) -> None:
    folder = tmp_path / "my export"
    export(sample_data, folder)
    script = folder / "import.sh"
    assert os.access(script, os.X_OK)
    subprocess.run(["bash", "-n", str(script)], check=True)
    record = tmp_path / "args.json"
    stub = tmp_path / "neo4j-admin"
    stub.write_text(f"#!{sys.executable}\nimport json, os, sys\n"
                    f"json.dump({{'argv': sys.argv[1:], 'cwd': os.getcwd()}}, open({str(record)!r}, 'w'))\n")
    stub.chmod(0o755)
    env = {**os.environ, "NEO4J_ADMIN": str(stub)}
    subprocess.run(["bash", str(script), "claims", "--overwrite-destination=true"], check=True, env=env, cwd=tmp_path)
    seen = json.loads(record.read_text())
    argv = seen["argv"]
    assert argv[:4] == ["database", "import", "full", "claims"]
    assert "--multiline-fields=true" in argv and argv[-1] == "--overwrite-destination=true"
    nodes = [a.removeprefix("--nodes=") for a in argv if a.startswith("--nodes=")]
    relationships = [a.removeprefix("--relationships=") for a in argv if a.startswith("--relationships=")]
    assert sorted(nodes) == sorted(NODE_FILES) and sorted(relationships) == sorted(RELATIONSHIP_FILES)
    assert all((Path(seen["cwd"]) / f).is_file() for f in (*nodes, *relationships))
    subprocess.run(["bash", str(script)], check=True, env=env, cwd=tmp_path)
    assert json.loads(record.read_text())["argv"][3] == "neo4j"


def test_load_cypher_loads_every_file_and_column(sample_data, tmp_path: Path) -> None:
    out = export(sample_data, tmp_path / "neo4j")
    script = (out.folder / "load.cypher").read_text("utf-8")
    for name, header in out.headers.items():
        assert script.count(f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row") == 1, name
        for column in header:
            if column != ":LABEL" or name == "entities.csv":
                assert f"row.`{column}`" in script, f"{name}: {column}"
    for label in ("Entity", "Claim", "Document"):
        assert f"FOR (n:`{label}`) REQUIRE" in script
    assert script.count("MERGE (n:") == 3 and "SET n:`State`" in script
    for rel_type in ("TRANSFER", "MEET", "ROLE", "IN", "SAID_BY"):
        assert f"[:`{rel_type}`" in script or f"[r:`{rel_type}`" in script
    code = "\n".join(line for line in script.splitlines() if not line.startswith("//"))
    statements = [s for s in code.split(";\n") if s.strip()]
    assert len(statements) == 3 + len(NODE_FILES) + len(RELATIONSHIP_FILES)


def test_output_is_the_same_for_the_same_claims(sample, tmp_path: Path) -> None:
    doc, claims = sample
    export(ExportData.of(claims, [doc]), tmp_path / "a")
    export(ExportData.of(list(reversed(claims)), [doc]), tmp_path / "b")
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


@pytest.mark.parametrize("with_documents", [True, False])
def test_seed_report(seed_data, with_documents: bool, tmp_path: Path) -> None:
    data = seed_data if with_documents else ExportData.of(seed_data.claims)
    out = export(data, tmp_path / "seed")
    claims = export_claims(data)
    assert len(out.nodes["Claim"]) == len(claims) and len(out.nodes["Document"]) == 1
    assert len(out.rows["claim_edges.csv"]) == claim_graph(claims).number_of_edges()
    iran = next(r for r in out.rows["entities.csv"] if r["name"] == "Iran")
    assert iran["kb_id"] == "Q794" and iran[":LABEL"] == "Entity;State"
    russia = next(r for r in out.rows["entities.csv"] if r["name"] == "Russia")
    assert any(e[":START_ID(Entity)"] == iran["entityId:ID(Entity)"] and e[":TYPE"] == "TRANSFER"
               and e[":END_ID(Entity)"] == russia["entityId:ID(Entity)"] for e in out.rows["claim_edges.csv"])
    published = out.rows["documents.csv"][0]["published:date"]
    assert published == ("2022-08-05" if with_documents else "")


def test_an_unwritable_file_is_an_export_error(sample_data, tmp_path: Path) -> None:
    (tmp_path / "out" / "load.cypher").mkdir(parents=True)
    with pytest.raises(ExportError, match=r"cannot write the neo4j export"):
        get_exporter("neo4j")(sample_data, tmp_path / "out")

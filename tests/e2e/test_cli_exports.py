"""End to end: the table and graph exports through the real CLI, from a database holding the seed report."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "claimgraph.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


def test_table_and_graph_exports_from_a_database(seed_path: Path, tmp_path: Path):
    db = tmp_path / "x.db"
    ingested = run("ingest", str(seed_path), "--db", str(db), "--published", "2022-08-05", "--json", cwd=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    stored = json.loads(ingested.stdout)["claims"]
    for fmt in ("csv", "neo4j"):
        no_folder = run("export", "--format", fmt, "--db", str(db), cwd=tmp_path)
        assert no_folder.returncode != 0 and "give a folder with -o" in no_folder.stderr
        res = run("export", "--format", fmt, "-o", str(tmp_path / fmt), "--db", str(db), cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        assert f"{stored} record(s) written" in res.stderr
    with (tmp_path / "csv" / "claims.csv").open(encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == stored
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8", newline="") as f:
        [document] = list(csv.DictReader(f))
    assert document["name"] == seed_path.stem and document["published"] == "2022-08-05"
    assert (tmp_path / "neo4j" / "import.sh").is_file() and (tmp_path / "neo4j" / "load.cypher").is_file()
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"claims.{fmt}"
        res = run("export", "--format", fmt, "-o", str(out), "--db", str(db), cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        graph = read(out)
        iran = next(n for n, a in graph.nodes(data=True) if a["name"] == "Iran")
        assert graph.nodes[iran]["kb_id"] == "Q794"
        assert any(graph.nodes[v]["name"] == "Russia" and a["claim_type"] == "transfer"
                   for _, v, a in graph.out_edges(iran, data=True))

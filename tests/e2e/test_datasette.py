"""Datasette on a claimgraph database: the real `datasette` serves it with our metadata, and its JSON API gives
the claims, the facets and full-text search."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx

from claimgraph.store import Store
from servers import free_port, wait_until_up

CLI = [sys.executable, "-m", "claimgraph.cli"]


def test_datasette_reads_claims_with_facets_and_search(seed_extraction, tmp_path: Path):
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        store.add(seed_extraction.document, seed_extraction.claims, seed_extraction.mentions)
    meta = tmp_path / "metadata.json"
    res = subprocess.run([*CLI, "datasette", "--db", str(db), "-o", str(meta)], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    port = free_port()
    datasette = shutil.which("datasette", path=str(Path(sys.executable).parent)) or "datasette"
    proc = subprocess.Popen([datasette, "serve", str(db), "--metadata", str(meta), "--port", str(port),
                             "--host", "127.0.0.1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/news"
    try:
        wait_until_up(f"{base}.json", proc)
        rows = httpx.get(f"{base}/claims_readable.json", params={"_shape": "array", "_size": "max"}).json()
        assert len(rows) == len({c.id for c in seed_extraction.claims})
        transfer = next(r for r in rows if r["type"] == "transfer" and "Russia" in r["roles"])
        assert transfer["evidence"] and transfer["document"] == seed_extraction.document.name
        faceted = httpx.get(f"{base}/claims_readable.json").json()
        assert {"type", "status"} <= set(faceted["facet_results"])
        hits = httpx.get(f"{base}/evidence.json", params={"_search": "drones", "_shape": "array"}).json()
        assert hits and all("drones" in h["text"].lower() for h in hits)
        entities = httpx.get(f"{base}/claims.json", params={"_shape": "array", "_labels": "on"}).json()
        assert any(isinstance(r["source_entity_id"], dict) for r in entities)  # labelled foreign keys
        tables = {t["name"]: t for t in httpx.get(f"{base}.json").json()["tables"]}
        assert tables["document_bands"]["hidden"] and not tables["claims"]["hidden"]
    finally:
        proc.terminate()
        proc.wait(20)

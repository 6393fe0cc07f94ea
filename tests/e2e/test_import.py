"""`claimgraph import` as a user runs it: export a database, import the file elsewhere, export the same bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from claimgraph.store import Store

CLI = [sys.executable, "-m", "claimgraph.cli"]


def test_export_import_export_round_trip(seed_extraction, tmp_path: Path):
    with Store.open(tmp_path / "a.db") as store:
        store.add(seed_extraction.document, seed_extraction.claims, seed_extraction.mentions)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    steps = [["export", "--db", str(tmp_path / "a.db"), "-o", str(first)],
             ["import", str(first), "--db", str(tmp_path / "b.db")],
             ["export", "--db", str(tmp_path / "b.db"), "-o", str(second)]]
    for args in steps:
        res = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
    assert first.read_text("utf-8") == second.read_text("utf-8")
    bad = subprocess.run([*CLI, "import", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "c.db")],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "no such file" in bad.stderr

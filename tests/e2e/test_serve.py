"""`claimgraph serve` as a user runs it: a real process on loopback, answering pages and the API."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from claimgraph.store import Store
from servers import free_port, wait_until_up

CLI = [sys.executable, "-m", "claimgraph.cli"]


def test_serve_answers_on_loopback_and_stops(seed_extraction, tmp_path: Path):
    db = tmp_path / "serve.db"
    with Store.open(db) as store:
        store.add(seed_extraction.document, seed_extraction.claims, seed_extraction.mentions)
    port = free_port()
    proc = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port)], stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "NO_COLOR": "1"})
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", proc)
        assert "Iran" in httpx.get(f"http://127.0.0.1:{port}/?q=Iran").text
        assert httpx.get(f"http://127.0.0.1:{port}/api/network").json()["edges"]
    finally:
        proc.terminate()
        proc.wait(20)
    with Store.open(db) as store:  # served read-only: nothing changed
        assert store.counts()["claims"] == len({c.id for c in seed_extraction.claims})


def test_serve_without_a_database_is_one_line_and_exit_2(tmp_path: Path):
    res = subprocess.run([*CLI, "serve", "--db", str(tmp_path / "none.db")], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 2
    assert "no such database" in res.stderr and len(res.stderr.strip().splitlines()) == 1

"""Concurrency, end to end on one SQLite file: two `claimgraph ingest` processes writing at once (overlapping
inputs) end with what a sequential ingest in their commit order gives; a write lock held elsewhere past the
busy timeout makes an ingest retry, then stop with a one-line message and exit code 2, having written nothing;
and `claimgraph serve` answers every request (no 5xx, no "locked") while an ingest writes, seeing each
document once it is committed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from test_ingest_workers import write_corpus

import claimgraph
from claimgraph.errors import StoreError
from claimgraph.model import Document
from claimgraph.store import Store
from servers import free_port, wait_until_up
from store_state import store_state, stored_documents

CLI = [sys.executable, "-m", "claimgraph.cli"]
SRC = str(Path(claimgraph.__file__).resolve().parents[1])  # the subprocesses run this very claimgraph
PUBLISHED = "2024-03-08"
HOLD = ("import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('held', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n")


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONPATH": SRC, **extra}


def _ingest_args(db: Path, *paths: Path | str, extra: tuple[str, ...] = ()) -> list[str]:
    return [*CLI, "ingest", *map(str, paths), "--db", str(db), "--published", PUBLISHED, "--json", *extra]


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=_env(**env), timeout=600)


def _hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the database's write lock (an open BEGIN IMMEDIATE) for ``seconds``."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return sorted(write_corpus(tmp_path_factory.mktemp("conc") / "corpus", 240, seed=31).iterdir())


def test_two_ingests_on_one_file_equal_a_sequential_ingest_in_commit_order(corpus: list[Path], tmp_path: Path):
    first, second = corpus[:160], corpus[80:]  # 80 documents in both
    db = tmp_path / "both.db"
    Store.open(db).close()
    small = ("--batch-size", "8", "--commit-size", "8")  # commits every few hundred ms, not every 2 s: the two
    # interleave however their start-ups differ (with the defaults, one could store 80 before the other stored one)
    procs = [subprocess.Popen(_ingest_args(db, *paths, extra=small), cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=_env()) for paths in (first, second)]
    results = [p.communicate(timeout=600) for p in procs]
    for proc, (_, stderr) in zip(procs, results, strict=True):
        assert proc.returncode == 0, stderr
    totals = [json.loads(stdout) for stdout, _ in results]
    assert sum(t["new"] for t in totals) == len(corpus)  # each document stored once
    with Store.open(db) as store:
        assert store.check() == []
        order = [Path(r[0]) for r in store.read("SELECT origin FROM documents ORDER BY seq")]
    assert sorted(order) == corpus
    # the second's first document landed before the first ingest had written its own first 80: they interleaved
    assert order.index(second[0]) < max(order.index(p) for p in corpus[:80]), "the ingests did not overlap"

    # entity linking makes a store depend on the order documents land in: the same commits one at a time
    replay = tmp_path / "replay.db"
    assert _run(_ingest_args(replay, *order), tmp_path).returncode == 0
    assert store_state(str(db), siblings=True) == store_state(str(replay), siblings=True)


def test_a_lock_held_past_the_busy_timeout_is_retried_then_a_clear_error(corpus: list[Path], tmp_path: Path):
    db = tmp_path / "held.db"
    assert _run(_ingest_args(db, *corpus[:10]), tmp_path).returncode == 0
    before = store_state(str(db))
    holder = _hold_lock(db, 300)
    try:
        started = time.monotonic()
        res = _run(_ingest_args(db, *corpus[10:20], extra=("--busy-timeout", "0.5")), tmp_path)
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.stderr, res.stderr
    # the first transaction is named by its first and last document; the ten may be stored in more than one (the
    # last batch is cut into pieces, and the parent stores each while the worker parses the next)
    named = re.search(r"cannot store (dispatch-\d{4}) … (dispatch-\d{4}): the database is locked by another process",
                      lines[0])
    assert named, lines[0]
    assert named[1] == "dispatch-0010" and "dispatch-0010" < named[2] <= "dispatch-0019", lines[0]
    assert "retry when it has finished, or wait longer with --busy-timeout SECONDS" in lines[0]
    assert 5.5 <= took < 120  # 4 tries of 0.5 s and 3.5 s of backing off, then it gives up
    assert store_state(str(db)) == before  # nothing of the locked document, nothing else
    with Store.open(db) as store:
        assert store.check() == []
    assert _run(_ingest_args(db, *corpus[10:20]), tmp_path).returncode == 0  # once the lock is free
    assert stored_documents(db) == 20


def test_a_lock_released_while_retrying_lets_the_write_through(tmp_path: Path):
    db = tmp_path / "brief.db"
    document = Document(text="Iran sold drones to Russia, officials said.", name="brief")
    with Store.open(db, busy_timeout=0.2) as store:
        holder = _hold_lock(db, 1.5)  # longer than the busy timeout, shorter than the retries
        started = time.monotonic()
        result = store.add(document, [])
        assert 1.0 < time.monotonic() - started < 10 and result.new
        holder.wait(30)
        holder = _hold_lock(db, 300)
        try:
            with pytest.raises(StoreError, match="locked by another process"):
                store.add(Document(text="Another dispatch.", name="late"), [])
        finally:
            holder.kill()
            holder.wait()
        assert [d.name for d in store.documents()] == ["brief"]


def test_a_bad_busy_timeout_is_a_one_line_error(corpus: list[Path], tmp_path: Path):
    res = _run(_ingest_args(tmp_path / "x.db", corpus[0]), tmp_path, CLAIMGRAPH_BUSY_TIMEOUT="soon")
    assert res.returncode == 2 and res.stderr.strip() == \
        "error: CLAIMGRAPH_BUSY_TIMEOUT=soon: not a number of seconds", res.stderr


def _hammer(base: str, stop: threading.Event, failures: list[str], seen: list[int]) -> int:
    """Requests of every kind until ``stop``: pages, search, claims listed then fetched, ledger entries'
    claims fetched, documents found by search fetched. Returns how many were made."""
    made = 0
    with httpx.Client(base_url=base, timeout=30) as client:
        def get(url: str) -> httpx.Response:
            nonlocal made
            made += 1
            res = client.get(url)
            if res.status_code >= 500 or "locked" in res.text:
                failures.append(f"{url}: {res.status_code} {res.text[:200]}")
            return res

        while not stop.is_set() and made < 3000:  # bounded; a pause each round leaves the ingest a core
            time.sleep(0.1)
            get("/")
            get("/ledger")
            hits = get("/api/search?q=Dispatch&limit=500").json()["hits"]
            seen.append(len({h["doc_id"] for h in hits}))
            for doc_id in {h["doc_id"] for h in hits[-3:]}:
                if get(f"/api/documents/{doc_id}").status_code != 200:
                    failures.append(f"document {doc_id} found by search, then not there")
            for entry in get("/api/ledger?limit=5").json():
                for claim_id in entry["claims"][:2]:
                    if get(f"/api/claims/{claim_id}").status_code != 200:
                        failures.append(f"claim {claim_id} of ledger entry {entry['id']}, then not there")
            listed = get("/api/entities/Q794/claims?limit=5")
            for claim in listed.json() if listed.status_code == 200 else []:
                if get(f"/api/claims/{claim['id']}").status_code != 200:
                    failures.append(f"claim {claim['id']} listed, then not there")
    return made


def test_serve_answers_while_an_ingest_writes(corpus: list[Path], tmp_path: Path):
    db = tmp_path / "served.db"
    assert _run(_ingest_args(db, *corpus[:20]), tmp_path).returncode == 0
    port = free_port()
    server = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port)], stderr=subprocess.PIPE,
                              text=True, env=_env())
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", server)
        ingest = subprocess.Popen(_ingest_args(db, *corpus[20:]), cwd=tmp_path, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=_env())
        stop, failures, seen = threading.Event(), [], []
        with ThreadPoolExecutor(3) as pool:
            futures = [pool.submit(_hammer, base, stop, failures, seen) for _ in range(3)]
            _, err = ingest.communicate(timeout=600)
            stop.set()
            made = sum(f.result(timeout=120) for f in futures)
        assert ingest.returncode == 0, err
        print(f"\n{made} requests while {len(corpus) - 20} documents were ingested; the server saw "
              f"{min(seen)} to {max(seen)} documents")
        assert not failures, failures[:5]
        assert made > 50 and min(seen) >= 20 and max(seen) > min(seen)  # new documents appeared meanwhile
        found = httpx.get(f"{base}/api/search?q=Dispatch {len(corpus) - 1}").json()["hits"]
        assert [h["doc_name"] for h in found if h["kind"] == "document"] == [corpus[-1].stem]
    finally:
        server.terminate()
        server.wait(20)

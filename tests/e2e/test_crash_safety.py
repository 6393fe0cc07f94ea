"""Crash safety, end to end: `claimgraph ingest --workers 2` of 1,500 short dispatches is SIGKILLed (the whole
process group: parent and workers, as a power cut or `kill -9` of a job would) at seeded random moments, three
times, on SQLite and on PostgreSQL. After every kill the database passes `Store.check` (no half-written
document, no orphan row, the ledger equal to a recomputation, SQLite's pages, keys and full-text indexes
intact) and every document it holds has exactly the claims a clean ingest gives it; then a re-run finishes the
rest, skipping what was stored, and the database equals a clean uninterrupted ingest, each document once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from test_ingest_workers import write_corpus

import claimgraph
from claimgraph.store import Store
from store_state import store_state

CLI = [sys.executable, "-m", "claimgraph.cli"]
SRC = str(Path(claimgraph.__file__).resolve().parents[1])  # the subprocesses run this very claimgraph
DOCUMENTS = 1500
KILLS = 3
PUBLISHED = "2024-03-08"


def _env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONPATH": SRC}


def _args(corpus: Path, db: str) -> list[str]:
    return [*CLI, "ingest", str(corpus), "--db", db, "--published", PUBLISHED, "--workers", "2", "--batch-size",
            "8", "--json"]


def _ingest(corpus: Path, db: str, cwd: Path) -> dict:
    res = subprocess.run(_args(corpus, db), cwd=cwd, capture_output=True, text=True, env=_env(), timeout=600)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _stored(db: str) -> int:
    """Documents stored so far (0 while the database is not there or not migrated yet)."""
    try:
        with Store.open(db, read_only=True) as store:
            return store.counts()["documents"]
    except claimgraph.ClaimgraphError:
        return 0


def _claims_by_document(db: str) -> dict[str, tuple[str | None, list[str]]]:
    """Document id -> (its extraction mark, its claims' JSON, sorted)."""
    with Store.open(db, read_only=True) as store:
        marks = dict(store.read("SELECT id, extracted_by FROM documents"))
        claims: dict[str, list[str]] = defaultdict(list)
        for doc_id, text in store.read("SELECT doc_id, json FROM claims"):
            claims[doc_id].append(text)
    return {d: (mark, sorted(claims.get(d, []))) for d, mark in marks.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("crash") / "corpus", DOCUMENTS, seed=29)


@pytest.fixture(scope="module")
def reference(corpus: Path) -> tuple[str, dict, float]:
    """A clean, uninterrupted ingest of the corpus into SQLite: what every interrupted one must end as, and
    how many seconds it took (what the kills' moments are drawn against)."""
    db = corpus.parent / "reference.db"
    started = time.monotonic()
    totals = _ingest(corpus, str(db), corpus.parent)
    took = time.monotonic() - started
    print(f"\nclean ingest of {DOCUMENTS} documents: {took:.1f} s, {totals['claims']} claims")
    assert totals["new"] == DOCUMENTS and totals["claims"] > DOCUMENTS
    with Store.open(str(db)) as store:
        assert store.check() == []
    return str(db), _claims_by_document(str(db)), took


def _kill_group_when(proc: subprocess.Popen[str], ready: Callable[[], bool], delay: float) -> None:
    """Wait for ``ready`` (the first commit of this run), then ``delay`` seconds more, and SIGKILL the
    ingest's whole process group; return once every process of it is gone."""
    deadline = time.monotonic() + 300
    while not ready() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(delay)
    assert proc.poll() is None, "the ingest finished before it was killed: use a larger corpus"
    group = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    _, alive = psutil.wait_procs(group, timeout=30)
    assert not alive, f"still running after SIGKILL: {alive}"


def _kill_resume_and_compare(corpus: Path, db: str, reference: tuple[str, dict, float], seed: int) -> None:
    """Kill ingests of ``corpus`` into ``db`` :data:`KILLS` times, each at a seeded random moment after its first
    commit: within the first 5-30% of the time the documents left would take at the clean ingest's pace (which
    counts its start-up too, so it errs slow), so that every run is killed before it finishes on a fast machine
    as on a slow one; then check, resume and compare with the clean ingest."""
    ref_db, ref_claims, clean_seconds = reference
    rng = random.Random(seed)
    kept: list[int] = []
    started = time.monotonic()
    for _ in range(KILLS):
        before = _stored(db)
        proc = subprocess.Popen(_args(corpus, db), cwd=corpus.parent, env=_env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        left_seconds = clean_seconds * (DOCUMENTS - before) / DOCUMENTS
        _kill_group_when(proc, lambda before=before: _stored(db) > before,
                         max(0.2, rng.uniform(0.05, 0.3) * left_seconds))
        with Store.open(db) as store:  # opening recovers the log / the server rolled the transaction back
            problems = store.check()
        assert problems == [], f"after a SIGKILL with {_stored(db)} documents stored: {problems}"
        stored = _claims_by_document(db)
        assert len(stored) > before, "the run stored nothing before it was killed"
        for doc_id, (mark, claims) in stored.items():  # each stored document whole, as the clean ingest has it
            assert mark is not None and (mark, claims) == ref_claims[doc_id], doc_id
        kept.append(len(stored))
    resumed = _ingest(corpus, db, corpus.parent)
    print(f"\n{db.split('@')[-1]}: killed with {kept} of {DOCUMENTS} documents stored; all finished in "
          f"{time.monotonic() - started:.1f} s")
    assert resumed["skipped"] == kept[-1] and resumed["extracted"] == resumed["new"] == DOCUMENTS - kept[-1]
    with Store.open(db) as store:
        assert store.check() == []
        assert store.read("SELECT count(*), count(DISTINCT id), count(DISTINCT text) FROM documents")[0] \
            == (DOCUMENTS,) * 3
    assert _claims_by_document(db) == ref_claims
    assert store_state(db, siblings=True) == store_state(ref_db, siblings=True)


def test_sigkill_at_random_moments_on_sqlite_leaves_a_consistent_database(corpus: Path, reference,
                                                                          tmp_path: Path) -> None:
    _kill_resume_and_compare(corpus, str(tmp_path / "killed.db"), reference, seed=7)


def test_sigkill_at_random_moments_on_postgresql_leaves_a_consistent_database(corpus: Path, reference,
                                                                              pg_url: str) -> None:
    _kill_resume_and_compare(corpus, pg_url, reference, seed=8)

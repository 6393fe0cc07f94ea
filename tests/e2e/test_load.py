"""Load, bounded: a real `claimgraph serve` answers a fixed rate of mixed pages and API calls without one error
while a real `claimgraph ingest` writes into the same SQLite file (issue 9). Correctness under load, not speed:
the figures belong to benchmarks/load_test.py; here p99 need only be reported and under a generous bound."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from load_test import documents, free_port, sample_targets, start_ingest, start_server, stop, wait_for_writes
from loadgen import Target, percentile, run_load
from news_corpus import write_corpus
from synthetic import build

RATE, DURATION = 100, 5.0  # well within what a shared 2-core machine serves with an ingest beside it
P99_BOUND_S = 2.0


@pytest.fixture(scope="module")
def load_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("load") / "load.db"
    build(db, 1500, progress=False)  # 150 synthetic reports: entities, claims, ledger entries, edges
    return db


def test_mixed_requests_at_a_fixed_rate_while_an_ingest_writes(load_db: Path, tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus", 2000)  # far more than 5 s of ingest: it writes throughout
    targets = sample_targets(load_db, 10)
    port = free_port()
    server = start_server(load_db, port)
    ingest = start_ingest(corpus, load_db, batch_size=4)
    try:
        before = wait_for_writes(load_db, ingest, documents(load_db))
        result = run_load("127.0.0.1", port, targets, rate=RATE, duration=DURATION, timeout=P99_BOUND_S * 2)
        after = documents(load_db)
        writing = ingest.poll() is None
    finally:
        stop(ingest)
        stop(server)
    print(result.report())
    assert result.error_count == 0, result.report()
    assert result.sent == result.answered == RATE * DURATION
    assert set(result.latencies) == {t.kind for t in targets}  # every kind of request was answered
    assert result.achieved_rate > RATE * 0.8
    p99 = percentile(result.all_latencies(), 99)
    assert "p99 ms" in result.report() and 0 < p99 < P99_BOUND_S, result.report()
    assert after > before and writing, (before, after)  # the ingest stored documents during the whole run


def test_errors_are_counted_not_hidden(load_db: Path):
    port = free_port()
    server = start_server(load_db, port)
    try:
        result = run_load("127.0.0.1", port, [Target("ok", "/healthz"), Target("wrong", "/api/claims/none")],
                          rate=50, duration=1, timeout=5)
    finally:
        stop(server)
    assert result.errors["wrong"] == {"HTTP 404": 25} and not result.errors.get("ok")
    assert len(result.latencies["ok"]) == 25 and result.error_count == 25
    closed = run_load("127.0.0.1", free_port(), [Target("none", "/")], rate=20, duration=0.5, timeout=2)
    assert closed.error_count == 10 and closed.answered == 0  # nothing listening: connection errors


def test_only_loopback_is_loaded():
    with pytest.raises(ValueError, match="loopback"):
        run_load("192.0.2.1", 80, [Target("x", "/")], rate=1, duration=1)


def test_serve_with_two_workers_answers_and_stops(load_db: Path):
    port = free_port()
    server = start_server(load_db, port, workers=2)
    try:
        base = f"http://127.0.0.1:{port}"
        claim = sample_targets(load_db, 1)[0]
        assert httpx.get(base + claim.path).status_code == 200
        assert httpx.get(f"{base}/api/network").json()["edges"]
        result = run_load("127.0.0.1", port, sample_targets(load_db, 3), rate=50, duration=1, timeout=5)
        assert result.error_count == 0, result.report()
        assert httpx.get(base + "/", headers={"Host": "evil.example"}).status_code == 400  # still loopback-only
    finally:
        stop(server)
    assert server.poll() is not None

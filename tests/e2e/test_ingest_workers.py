"""End to end: `claimgraph ingest --workers N` (real subprocesses, real SQLite files) is deterministic, skips what
it stored already, resumes after a SIGKILL without duplicates, and warns about bad documents and goes on."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import claimgraph
from store_state import stored_documents

CLI = [sys.executable, "-m", "claimgraph.cli"]
STATES = ["Iran", "Russia", "Ukraine", "Turkey", "Israel", "Syria", "Iraq", "Belarus", "China", "Saudi Arabia"]
WEAPONS = ["Shahed-136 drones", "Bayraktar TB2 drones", "artillery shells", "Kornet missiles", "S-300 missiles"]
CITIES = ["Kyiv", "Tehran", "Baghdad", "Damascus", "Ankara", "Minsk"]
PEOPLE = ["Darya Melnyk", "Farid Tavakoli", "Omer Kaya", "Lina Haddad", "Pavel Sorokin", "Nour Salem"]
GROUPS = ["Amnesty International", "Human Rights Watch", "the Institute for the Study of War"]
TEMPLATES = [
    "{a} supplied {n} {w} to {b} last month, officials in {c} said.",
    "{p}, a spokesman for the army, said on Tuesday that {a} had attacked positions of {b} near {c}.",
    "{b} denied receiving {w} from {a}, according to {g}.",
    "{p} met {q} in {c} on Monday to discuss the ceasefire.",
    "A court in {c} sentenced {p} to {y} years in prison, {g} reported.",
    "Security forces of {a} detained {p} at the airport in {c}, {g} said.",
    "{a} will deliver {n} {w} to {b} next year, a diplomat in {c} told reporters.",
]


def _sentence(rng: random.Random) -> str:
    a, b = rng.sample(STATES, 2)
    p, q = rng.sample(PEOPLE, 2)
    return rng.choice(TEMPLATES).format(a=a, b=b, p=p, q=q, w=rng.choice(WEAPONS), c=rng.choice(CITIES),
                                        g=rng.choice(GROUPS), n=rng.randint(3, 400), y=rng.randint(2, 15))


def write_corpus(folder: Path, count: int, seed: int = 3) -> Path:
    """``count`` short dispatches as text files, each two or three sentences."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        body = " ".join(_sentence(rng) for _ in range(rng.randint(2, 3)))
        (folder / f"dispatch-{i:04d}.txt").write_text(f"{body} (Dispatch {i}.)\n", encoding="utf-8")
    return folder


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def ingest(corpus: Path, db: Path, *extra: str) -> dict:
    res = run("ingest", str(corpus), "--db", str(db), "--published", "2024-03-08", "--json", *extra, cwd=db.parent)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted; full-text index internals, the ingest timestamp and the ledger's
    ``written_in`` aside (it numbers the write transaction, one per --batch-size documents)."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'")]
        out = {}
        for table in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                    if r[1] not in ("ingested_at", "written_in")]
            rows = conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("small") / "corpus", 24)


@pytest.fixture(scope="module")
def one_worker_db(small_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("one") / "one.db"
    return db, ingest(small_corpus, db, "--workers", "1")


def test_two_workers_store_exactly_what_one_stores(small_corpus: Path, one_worker_db, tmp_path: Path):
    one_db, one = one_worker_db
    two_db = tmp_path / "two.db"
    two = ingest(small_corpus, two_db, "--workers", "2", "--batch-size", "3")
    assert one == {**two, "db": str(one_db)} and one["documents"] == one["extracted"] == one["new"] == 24
    assert one["claims"] > 24  # real extraction happened
    assert snapshot(one_db) == snapshot(two_db)
    ledgers = [run("ledger", "--db", str(db), "--json", cwd=tmp_path).stdout for db in (one_db, two_db)]
    assert ledgers[0] == ledgers[1] and ledgers[0].count("\n") > 5


def test_a_rerun_skips_everything_and_changes_nothing_unless_told(small_corpus: Path, tmp_path: Path):
    db = tmp_path / "again.db"
    first = ingest(small_corpus, db, "--workers", "2")
    before = snapshot(db)
    again = ingest(small_corpus, db, "--workers", "2")
    assert again["skipped"] == again["documents"] == 24 and again["extracted"] == again["new"] == 0
    assert again["claims"] == first["claims"]
    assert snapshot(db) == before
    forced = ingest(small_corpus, db, "--reprocess")
    assert forced["extracted"] == 24 and forced["new"] == 0 and snapshot(db) == before


def test_another_extractor_or_other_metadata_extracts_again(small_corpus: Path, tmp_path: Path):
    db = tmp_path / "changed.db"
    ingest(small_corpus, db)
    kb = tmp_path / "extra-kb.json"  # another knowledge base is another extractor
    kb.write_text(json.dumps([{"id": "example-brigade", "name": "Example Brigade", "kind": "armed_group"}]))
    with_kb = ingest(small_corpus, db, "--kb", str(kb))
    assert with_kb["skipped"] == 0 and with_kb["extracted"] == 24
    assert ingest(small_corpus, db, "--kb", str(kb))["skipped"] == 24
    res = run("ingest", str(small_corpus), "--db", str(db), "--published", "2024-05-01", "--kb", str(kb), "--json",
              cwd=tmp_path)  # another publication date dates the claims differently
    assert res.returncode == 0 and json.loads(res.stdout)["extracted"] == 24


def test_sigkill_then_rerun_resumes_without_duplicates(tmp_path: Path):
    corpus = write_corpus(tmp_path / "big", 300, seed=11)
    reference = tmp_path / "reference.db"
    whole = ingest(corpus, reference, "--workers", "1")
    assert whole["new"] == 300

    db = tmp_path / "killed.db"
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen([*CLI, "ingest", str(corpus), "--db", str(db), "--published", "2024-03-08",
                             "--workers", "2", "--batch-size", "4"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 300
    while stored_documents(db) < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    children = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)  # the parent only, as the OOM killer would: its workers must not linger
    proc.wait(timeout=30)
    _, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, f"workers outlived their parent: {alive}"
    kept = stored_documents(db)
    assert 40 <= kept < 300, f"{kept} documents stored when killed"

    resumed = ingest(corpus, db, "--workers", "2")
    assert resumed["skipped"] == kept and resumed["extracted"] == resumed["new"] == 300 - kept
    assert resumed["claims"] == whole["claims"]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*), count(DISTINCT id), count(DISTINCT text) FROM documents").fetchone() \
            == (300, 300, 300)
    finally:
        conn.close()
    assert snapshot(db) == snapshot(reference)


def test_bad_inputs_in_a_batch_warn_and_the_rest_is_stored(tmp_path: Path):
    corpus = write_corpus(tmp_path / "mixed", 6, seed=5)
    (corpus / "empty.txt").write_text("")
    (corpus / "image.txt").write_bytes(bytes(range(256)) * 8)
    # 1.1 million characters: within the size limit, but its parse takes a minute or more, far past --doc-timeout
    # (the dispatches take milliseconds). Under the default 60 s limit, a fast machine parsed it in time.
    (corpus / "huge.txt").write_text("Iran sold drones to Russia. " * 40_000, encoding="utf-8")
    db = tmp_path / "mixed.db"
    res = run("ingest", str(corpus), "--db", str(db), "--published", "2024-03-08", "--workers", "2",
              "--batch-size", "2", "--doc-timeout", "5", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    totals = json.loads(res.stdout)
    assert totals["extracted"] == 6 and totals["failed"] == 1 and totals["documents"] == 7
    for name in ("empty.txt", "image.txt", "huge.txt"):
        assert name in res.stderr
    assert "cannot extract" in res.stderr and "Traceback" not in res.stderr
    assert stored_documents(db) == 6


def test_python_api_add_files_with_workers(small_corpus: Path, one_worker_db, tmp_path: Path):
    one_db, _ = one_worker_db
    with claimgraph.open(tmp_path / "api.db") as db:
        results = db.add_files([small_corpus], published="2024-03-08", workers=2, batch_size=5)
        assert len(results) == 24 and all(r.new for r in results)
        again = db.add_files([small_corpus], published="2024-03-08")
        assert [r.document_id for r in again] == [r.document_id for r in results]
        assert not any(r.changed for r in again)
        assert [r.claims for r in again] == [r.claims for r in results]
    ours, theirs = snapshot(tmp_path / "api.db"), snapshot(one_db)
    assert {k: v for k, v in ours.items() if k != "documents"} == {k: v for k, v in theirs.items() if k != "documents"}


def _start(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "ingest", str(corpus), "--db", str(db), "--published", "2024-03-08", "--workers",
                             "2", "--batch-size", "4", "--commit-size", "64", "--json"],  # stored while it runs
                            cwd=db.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NO_COLOR": "1"},
                            start_new_session=True)  # its own process group, as a terminal's job is


def _wait_for(db: Path, proc: subprocess.Popen[str], count: int) -> None:
    deadline = time.monotonic() + 300
    while stored_documents(db) < count and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, "finished before it could be interrupted"


def test_a_dead_worker_and_ctrl_c_stop_cleanly_and_the_rerun_finishes(tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus", 200, seed=17)
    db = tmp_path / "stops.db"
    proc = _start(corpus, db)
    _wait_for(db, proc, 20)
    parent = psutil.Process(proc.pid)
    workers = [p for p in parent.children() if "resource_tracker" not in " ".join(p.cmdline())]
    assert len(workers) == 2
    assert all(w.cmdline() == parent.cmdline() for w in workers), "the workers were not forked from the CLI"
    workers[0].kill()
    _, err = proc.communicate(timeout=60)  # a clear message, not a hang
    assert proc.returncode == 2, err
    assert "worker process stopped unexpectedly" in err and "run the same command again to resume" in err
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("error: a worker process"), err
    first = stored_documents(db)

    proc = _start(corpus, db)
    _wait_for(db, proc, first + 20)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err, err
    second = stored_documents(db)
    assert second >= first + 20

    done = ingest(corpus, db, "--workers", "2")
    assert done["skipped"] == second and done["extracted"] == 200 - second and stored_documents(db) == 200

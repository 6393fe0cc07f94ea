"""End to end: `claimgraph ingest --dask ADDRESS` (the real CLI, in subprocesses) on a real `distributed.LocalCluster`
with two worker processes, into SQLite and PostgreSQL: the same database as `--workers 1`, resumable, the same
ledger whatever order the documents arrive in (reversed, or two clients at once on shuffled halves), and
one-line errors (no scheduler, a pipeline the workers cannot load, a worker that dies), Ctrl-C keeping what is
stored and leaving no tasks behind on the cluster."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import claimgraph
from claimgraph.store import Store
from pg import PgServer
from servers import free_port
from store_state import store_state, stored_documents

distributed = pytest.importorskip("distributed")

CLI = [sys.executable, "-m", "claimgraph.cli"]
SRC = str(Path(claimgraph.__file__).resolve().parents[1])  # the CLI and the cluster's workers run this claimgraph

TANKS = ("Belarus delivered 30 T-72 tanks to Russia in February 2023, Ukrainian military intelligence said on "
         "Thursday. The tanks were moved by rail from depots near Borisov to the Russian city of Smolensk over "
         "three nights, according to satellite images reviewed by analysts. Officials in Kyiv said the "
         "shipment would be used to replace losses suffered near Bakhmut during the winter fighting.")
REPORTS = [  # (id, outlet, published, text): several outlets, a repost, a denial, a conflicting figure
    ("tanks-original", "Northline Wire", "2023-03-02", TANKS),
    ("tanks-repost", "Daily Courier", "2023-03-03", f"Reposted from Northline Wire. {TANKS}"),
    ("tanks-denial", "Minsk Herald", "2023-03-04",
     "Belarus denied sending tanks to Russia, calling the reports fabricated, a foreign ministry spokesman "
     "said on Friday."),
    ("tanks-figure", "Atlantic Dispatch", "2023-03-05",
     "Belarus supplied 45 T-72 tanks to Russia in February 2023, a NATO official told reporters on Sunday."),
    ("drones-kyiv", "Northline Wire", "2022-11-01",
     "Iran supplied 200 Shahed-136 drones to Russia in October 2022, officials in Kyiv said on Tuesday."),
    ("drones-denial", "Gulf Review", "2022-11-02",
     "Iran has not supplied any drones to Russia, Foreign Minister Hossein Amir-Abdollahian said on Wednesday."),
    ("drones-figure", "Atlantic Dispatch", "2022-11-03",
     "Iran handed 160 drones over to Russia in October 2022, a US official told reporters."),
    ("odesa", "Black Sea Times", "2022-11-06",
     "Russian forces attacked Odesa with Iranian-made drones on Sunday, the regional governor said."),
    ("ch4", "Gulf Review", "2022-11-07",
     "China has sold CH-4 drones to Iraq, according to the Stockholm International Peace Research Institute."),
    ("court", "Minsk Herald", "2022-11-08",
     "A court in Tehran sentenced Farid Tavakoli to 8 years in prison, Amnesty International reported."),
    ("tb2", "Black Sea Times", "2022-11-09",
     "Turkey will deliver 12 Bayraktar TB2 drones to Ukraine next year, a diplomat in Ankara told reporters."),
    ("sanctions", "Northline Wire", "2022-11-10",
     "The United States imposed sanctions on Iranian drone makers on Thursday, the Treasury said."),
]


def env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONPATH": SRC}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, env=env(), timeout=300)


def write_jsonl(path: Path, picks: list[int]) -> Path:
    lines = [json.dumps({"id": REPORTS[i][0], "title": REPORTS[i][0], "outlet": REPORTS[i][1],
                         "published": REPORTS[i][2], "text": REPORTS[i][3]}) for i in picks]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(source: Path, db: str, *extra: str) -> tuple[dict, str]:
    res = run("ingest", str(source), "--db", db, "--json", *extra, cwd=source.parent)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout), res.stderr


def state(target: str, marks: bool = True) -> dict[str, list]:
    """The stored rows (see :func:`store_state`), with the outlets; the extraction marks too unless ``marks``:
    they digest each document's metadata, its origin, the file it was read from, included."""
    return store_state(target, documents="id, name, outlet, copy_of" + (", extracted_by" if marks else ""))


def ledger(db: str, cwd: Path) -> list[dict]:
    res = run("ledger", "--db", db, "--json", cwd=cwd)
    assert res.returncode == 0, res.stderr
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """Two worker processes of one thread each; they import the claimgraph under test (PYTHONPATH)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  env={"PYTHONPATH": SRC}) as local:
        yield local


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("dask") / "reports.jsonl", list(range(len(REPORTS))))


@pytest.fixture(scope="module")
def reference(corpus: Path) -> str:
    """The corpus ingested in order by one process into SQLite: what every other ingest must equal."""
    db = str(corpus.parent / "one.db")
    totals, _ = ingest(corpus, db, "--workers", "1")
    assert totals["new"] == len(REPORTS) and totals["claims"] >= len(REPORTS)
    return db


@pytest.fixture(scope="module")
def pg_reference(pg_server: PgServer, corpus: Path) -> Iterator[str]:
    """The corpus ingested in order by one process into PostgreSQL."""
    url = pg_server.create_database()
    ingest(corpus, url, "--workers", "1")
    yield url
    pg_server.drop_database(url)


def test_dask_ingest_into_sqlite_equals_one_process_and_resumes(cluster, corpus: Path, reference: str) -> None:
    db = str(corpus.parent / "dask.db")
    totals, err = ingest(corpus, db, "--dask", cluster.scheduler_address, "--batch-size", "2")
    assert f"on the Dask cluster at {cluster.scheduler_address}: 2 workers, 2 threads" in err, err
    one, _ = ingest(corpus, reference)  # a re-run of the reference: all skipped, its totals
    assert totals["extracted"] == totals["new"] == len(REPORTS) and totals["claims"] == one["claims"]
    assert state(db) == state(reference)
    assert ledger(db, corpus.parent) == ledger(reference, corpus.parent)

    again, _ = ingest(corpus, db, "--dask", cluster.scheduler_address)
    assert again["skipped"] == again["documents"] == len(REPORTS) and again["extracted"] == 0
    assert state(db) == state(reference)


def test_dask_ingest_into_postgresql_equals_one_process(cluster, corpus: Path, pg_reference: str,
                                                        pg_url: str) -> None:
    totals, _ = ingest(corpus, pg_url, "--dask", cluster.scheduler_address, "--batch-size", "3")
    assert totals["new"] == len(REPORTS)
    assert state(pg_url) == state(pg_reference)
    assert ledger(pg_url, corpus.parent) == ledger(pg_reference, corpus.parent)
    again, _ = ingest(corpus, pg_url, "--dask", cluster.scheduler_address)
    assert again["skipped"] == len(REPORTS) and again["extracted"] == 0


def _ledger_entries(db: str, cwd: Path) -> list[dict]:
    """What an entry says (type, args, documents, sources, statuses, conflicts, denials …), in a stable order."""
    return sorted(ledger(db, cwd), key=lambda entry: json.dumps(entry, sort_keys=True))


def _paragraphs(target: str) -> dict[str, list]:
    """The paragraph index, which only originals have, and the copied paragraphs."""
    with Store.open(target) as store:
        return {"bands": store.read('SELECT band, bucket, doc_id, start, "end" FROM paragraph_bands '
                                    "ORDER BY band, bucket, doc_id, start"),
                "copies": store.read('SELECT doc_id, start, "end", copy_of FROM paragraph_copies '
                                     "ORDER BY doc_id, start")}


def test_out_of_order_arrival_gives_the_same_ledger(cluster, corpus: Path, pg_reference: str,
                                                     pg_server: PgServer) -> None:
    order = list(range(len(REPORTS)))
    reversed_file = write_jsonl(corpus.parent / "reversed.jsonl", order[::-1])
    random.Random(7).shuffle(order)
    halves = [write_jsonl(corpus.parent / f"half{n}.jsonl", part)
              for n, part in enumerate((order[: len(order) // 2], order[len(order) // 2:]))]
    expected = state(pg_reference, marks=False)
    tanks = {doc[1]: doc for doc in expected["documents"]}
    assert expected["ledger"] and tanks["tanks-repost"][3] == tanks["tanks-original"][0], "the repost is a copy"

    backwards = pg_server.create_database()
    concurrent = pg_server.create_database()
    try:
        ingest(reversed_file, backwards, "--dask", cluster.scheduler_address, "--batch-size", "1")
        procs = [subprocess.Popen([*CLI, "ingest", str(half), "--db", concurrent, "--json", "--batch-size", "1",
                                   "--dask", cluster.scheduler_address], cwd=half.parent, env=env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for half in halves]
        results = [proc.communicate(timeout=300) for proc in procs]
        for proc, (_, stderr) in zip(procs, results, strict=True):
            assert proc.returncode == 0, stderr
        assert sum(json.loads(stdout)["new"] for stdout, _ in results) == len(REPORTS)
        for target in (backwards, concurrent):
            assert _ledger_entries(target, corpus.parent) == _ledger_entries(pg_reference, corpus.parent)
            got = state(target, marks=False)
            for table, rows in expected.items():  # the repost points to the original whichever came first
                assert got[table] == rows, table
            assert _paragraphs(target) == _paragraphs(pg_reference)
    finally:
        pg_server.drop_database(backwards)
        pg_server.drop_database(concurrent)


def test_python_api_add_files_on_the_cluster(cluster, corpus: Path, reference: str, tmp_path: Path) -> None:
    with claimgraph.open(tmp_path / "api.db") as db:
        results = db.add_files([corpus], dask=cluster.scheduler_address, batch_size=4)
        assert len(results) == len(REPORTS) and all(r.new for r in results)
    assert state(str(tmp_path / "api.db")) == state(reference)


def test_the_length_limit_applies_on_the_cluster(cluster) -> None:
    from claimgraph.batch import extract
    from claimgraph.extraction import Extraction
    from claimgraph.model import Document
    from claimgraph.parallel import Failure

    docs = [Document(text="Iran sold drones to Russia.", name="short"),
            Document(text="Iran sold drones to Russia. " * 10, name="long")]
    results = list(extract(docs, dask=cluster.scheduler_address, batch_size=2, max_chars=100))
    assert [r.document.name for r in results] == ["short", "long"]
    assert isinstance(results[0], Extraction) and results[0].claims
    assert isinstance(results[1], Failure) and "280 characters, more than the 100" in results[1].reason


def _one_line_error(res: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert res.returncode == code, res.stderr
    assert "Traceback" not in res.stderr, res.stderr
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("error: "), res.stderr
    return last


def test_an_unreachable_scheduler_or_dask_with_workers_is_one_line(corpus: Path, tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    res = run("ingest", str(corpus), "--db", str(tmp_path / "none.db"), "--dask", address, cwd=tmp_path)
    line = _one_line_error(res)
    assert f"--dask {address}: cannot reach the Dask scheduler (connection refused" in line
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    both = run("ingest", str(corpus), "--db", str(tmp_path / "none.db"), "--dask", address, "--workers", "2",
               cwd=tmp_path)
    assert "--dask and --workers 2: choose one" in _one_line_error(both)
    assert len(both.stderr.strip().splitlines()) == 1 and not (tmp_path / "none.db").exists()


def test_a_pipeline_the_workers_cannot_load_is_one_line(cluster, corpus: Path, tmp_path: Path) -> None:
    res = run("ingest", str(corpus), "--db", str(tmp_path / "model.db"), "--dask", cluster.scheduler_address,
              "--model", "en_no_such_pipeline", cwd=tmp_path)
    line = _one_line_error(res)
    assert "on the cluster failed: worker tcp://" in line, line
    assert "spaCy pipeline 'en_no_such_pipeline' is not installed" in line, line


def _news(folder: Path, count: int) -> Path:
    """``count`` short distinct dispatches (enough that an ingest can be stopped half-way)."""
    rng = random.Random(count)
    folder.mkdir(parents=True, exist_ok=True)
    states = ["Iran", "Russia", "Belarus", "Turkey", "China", "Iraq", "Syria", "Ukraine"]
    for i in range(count):
        a, b = rng.sample(states, 2)
        (folder / f"dispatch-{i:04d}.txt").write_text(
            f"{a} supplied {rng.randint(3, 400)} drones to {b} last month, officials said. "
            f"{b} denied receiving weapons from {a}. (Dispatch {i}.)\n", encoding="utf-8")
    return folder


def _start(corpus: Path, db: Path, address: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "ingest", str(corpus), "--db", str(db), "--published", "2024-03-08", "--json",
                             "--batch-size", "2", "--commit-size", "64", "--dask", address],  # stored as it runs
                            cwd=db.parent, env=env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for(db: Path, proc: subprocess.Popen[str], count: int) -> None:
    deadline = time.monotonic() + 120
    while stored_documents(db) < count and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "finished before it could be stopped"


def _our_tasks(address: str) -> list[str]:
    with distributed.Client(address, set_as_default=False, timeout="10s") as client:
        return [key for key in client.run_on_scheduler(lambda dask_scheduler: [str(k) for k in
                                                                                dask_scheduler.tasks])
                if key.startswith("claimgraph-extract-")]


def test_ctrl_c_keeps_what_is_stored_cancels_the_tasks_and_the_rerun_finishes(cluster, tmp_path: Path) -> None:
    corpus = _news(tmp_path / "news", 400)
    db = tmp_path / "stopped.db"
    proc = _start(corpus, db, cluster.scheduler_address)
    _wait_for(db, proc, 10)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err, err
    kept = stored_documents(db)
    assert 10 <= kept < 400
    deadline = time.monotonic() + 30
    while (left := _our_tasks(cluster.scheduler_address)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"tasks left on the cluster: {left[:3]}"

    done, _ = ingest(corpus, str(db), "--published", "2024-03-08", "--dask", cluster.scheduler_address)
    assert done["skipped"] == kept and done["extracted"] == 400 - kept and stored_documents(db) == 400


def test_a_worker_that_dies_is_one_line_and_keeps_what_is_stored(tmp_path: Path) -> None:
    corpus = _news(tmp_path / "news", 400)
    db = tmp_path / "died.db"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  env={"PYTHONPATH": SRC}, scheduler_kwargs={"allowed_failures": 0}) as local, \
            distributed.Client(local, set_as_default=False) as client:
        proc = _start(corpus, db, local.scheduler_address)
        _wait_for(db, proc, 10)
        for pid in client.run(os.getpid).values():  # the worker process itself: its nanny starts another
            os.kill(pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=120)  # a clear message, not a hang
    assert proc.returncode == 2, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: the Dask workers running ") and "died" in last, err
    assert "run the same command again to resume" in last and "Traceback" not in err, err
    assert stored_documents(db) >= 10


def test_without_distributed_installed_it_says_what_to_install(corpus: Path, tmp_path: Path) -> None:
    blocked = ("import sys; sys.modules['distributed'] = None; from claimgraph.cli import main; "  # as if absent
               "sys.argv = ['claimgraph', *sys.argv[1:]]; main()")
    res = subprocess.run([sys.executable, "-c", blocked, "ingest", str(corpus), "--db", str(tmp_path / "x.db"),
                          "--dask", "tcp://127.0.0.1:8786"], cwd=tmp_path, capture_output=True, text=True,
                         env=env(), timeout=300)
    line = _one_line_error(res)
    assert "pip install 'claimgraph[distributed]'" in line and len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_distributed_s_cancel_race_is_not_printed_other_errors_are() -> None:
    """distributed's sync() cancel callback fails with a NameError when Ctrl-C lands before its future exists;
    tornado would print that traceback under the one-line "interrupted" message."""
    import logging

    from claimgraph.cluster import _SYNC_CANCEL_RACE

    def record(source: str, filename: str) -> logging.LogRecord:
        scope: dict = {}
        exec(compile(source, filename, "exec"), scope)
        try:
            scope["cancel"]()
        except NameError:
            return logging.LogRecord("tornado.application", logging.ERROR, filename, 1, "Exception in callback",
                                     None, sys.exc_info())
        raise AssertionError("no NameError")

    assert not _SYNC_CANCEL_RACE.filter(record("def cancel():\n    future\n", "/site/distributed/utils.py"))
    assert _SYNC_CANCEL_RACE.filter(record("def cancel():\n    future\n", "/site/other/utils.py"))
    assert _SYNC_CANCEL_RACE.filter(record("def cancel():\n    missing\n", "/site/distributed/utils.py"))

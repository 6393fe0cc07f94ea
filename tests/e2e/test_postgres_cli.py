"""End to end on PostgreSQL: the real CLI (subprocesses) with ``--db postgresql://…``, its one-line errors,
and several ingest processes writing one database at once: no duplicates, and the same ledger as a
sequential ingest into SQLite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

import claimgraph
from servers import free_port
from store_state import store_state

CLI = [sys.executable, "-m", "claimgraph.cli"]
SRC = str(Path(claimgraph.__file__).resolve().parents[1])  # the subprocesses run this very claimgraph

REPORTS = [
    ("Iran has delivered 46 Shahed-136 drones to Russia, Ukrainian officials said on Monday.", "2022-10-17"),
    ("Iran handed 60 drones over to Russia, a US official told Reuters on Tuesday.", "2022-10-18"),
    ("Iran has not supplied any drones to Russia, Foreign Minister Hossein Amir-Abdollahian said on Wednesday.",
     "2022-10-19"),
    ("China has sold CH-4 drones to Iraq.", "2022-10-19"),
    ("Iran supplied 46 Shahed drones to Russia in September 2022, Ukrainian officials said.", "2022-10-20"),
    ("Belarus supplied 46 Shahed drones to Russia in September 2022, a US official said on Tuesday.", "2022-10-21"),
    ("Iran sold 10 ballistic missiles to Russia in March 2021.", "2022-10-19"),
    ("Belarus supplied tanks to Russia in March 2021, the ministry said.", "2022-10-19"),
    ("Tehran dismissed reports that it had shipped ballistic missiles to Russia, calling them lies.", "2022-10-20"),
    ("Russian forces attacked Kharkiv with Iranian-made drones on Sunday, the governor said.", "2022-10-23"),
    ("The United States imposed sanctions on Iranian drone makers on Tuesday.", "2022-10-25"),
    ("Israel accused Iran of supplying Hezbollah with drones, a spokesman said.", "2022-10-26"),
]


def env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONPATH": SRC}


def run(*args: str, cwd: Path, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, env={**env(), **(extra or {})},
                          timeout=300)


def write_jsonl(path: Path, picks: list[int]) -> Path:
    lines = [json.dumps({"id": f"report-{i}", "title": f"Report {i}", "text": REPORTS[i][0],
                         "published": REPORTS[i][1]}) for i in picks]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_ingest_claims_ledger_and_export_on_postgresql(pg_url: str, seed_path: Path, tmp_path: Path) -> None:
    first = run("ingest", str(seed_path), "--db", pg_url, "--published", "2022-08-05", "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = run("ingest", str(seed_path), "--published", "2022-08-05", "--json", cwd=tmp_path,
                extra={"CLAIMGRAPH_DB": pg_url})  # the environment variable works too
    one, two = json.loads(first.stdout), json.loads(again.stdout)
    assert one["new"] == 1 and two["new"] == 0 and one["claims"] == two["claims"] > 0
    assert ":***@" in one["db"] and urlsplit(pg_url).password not in first.stdout

    lite = tmp_path / "same.db"
    assert run("ingest", str(seed_path), "--db", str(lite), "--published", "2022-08-05", cwd=tmp_path).returncode == 0
    for command in (["claims", "--json", "--type", "transfer", "--entity", "Russia"], ["ledger", "--json"]):
        on_pg = run(*command, "--db", pg_url, cwd=tmp_path)
        on_sqlite = run(*command, "--db", str(lite), cwd=tmp_path)
        assert on_pg.returncode == 0, on_pg.stderr
        assert lines(on_pg.stdout) == lines(on_sqlite.stdout) and lines(on_pg.stdout), command

    out = tmp_path / "claims.jsonl"
    exported = run("export", "--format", "claims-jsonl", "-o", str(out), "--db", pg_url, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert len(lines(out.read_text("utf-8"))) == one["claims"]

    refused = run("datasette", "--db", pg_url, cwd=tmp_path)
    assert refused.returncode == 2 and "Datasette reads SQLite files only" in refused.stderr


def _with(url: str, *, port: int | None = None, password: str | None = None) -> str:
    split = urlsplit(url)
    netloc = f"{split.username}:{password or split.password}@{split.hostname}:{port or split.port}"
    return urlunsplit(split._replace(netloc=netloc))


@pytest.mark.parametrize(("make", "needle"), [
    (lambda url: "postgresql://user@localhost:notaport/db", "not a valid PostgreSQL URL"),
    (lambda url: _with(url, port=free_port()), "connection refused"),
    (lambda url: _with(url, password="not-the-password"), "wrong password for user"),
])
def test_connection_errors_are_one_line_and_exit_2(pg_server, pg_url: str, tmp_path: Path, make, needle) -> None:
    url = make(pg_url)
    res = run("claims", "--db", url, cwd=tmp_path)
    if needle.startswith("wrong") and res.returncode == 0:
        pytest.skip("this server does not check passwords")
    assert res.returncode == 2 and needle in res.stderr, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    assert "not-the-password" not in res.stderr


def _state(target: str) -> dict[str, list]:
    """The stored rows (see :func:`store_state`), the ledger's rival-key index included."""
    return store_state(target, siblings=True)


def test_concurrent_ingests_into_one_database_equal_a_sequential_one(pg_url: str, tmp_path: Path) -> None:
    everything = list(range(len(REPORTS)))
    batches = [everything[:8], everything[4:], everything[::-1]]  # overlapping, in different orders
    files = [write_jsonl(tmp_path / f"batch{n}.jsonl", picks) for n, picks in enumerate(batches)]
    procs = [subprocess.Popen([*CLI, "ingest", str(f), "--db", pg_url, "--json"], cwd=tmp_path, env=env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
    results = [p.communicate(timeout=600) for p in procs]
    for proc, (_, stderr) in zip(procs, results, strict=True):
        assert proc.returncode == 0, stderr
    assert sum(json.loads(stdout)["new"] for stdout, _ in results) == len(REPORTS)  # each stored once

    lite = tmp_path / "sequential.db"
    res = run("ingest", str(write_jsonl(tmp_path / "all.jsonl", everything)), "--db", str(lite), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    concurrent, sequential = _state(pg_url), _state(str(lite))
    assert len(concurrent["documents"]) == len(REPORTS) and concurrent["ledger"]
    for table, rows in sequential.items():
        assert concurrent[table] == rows, table

    again = run("ingest", str(files[2]), "--db", pg_url, "--json", cwd=tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout)["new"] == 0
    assert _state(pg_url) == concurrent

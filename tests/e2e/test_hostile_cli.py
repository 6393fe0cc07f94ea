"""End to end, hostile input: the real CLI in a subprocess stops a slow document (--doc-timeout), to extract or
to read, and goes on, refuses what is over a size limit with a one-line message, and the atheris fuzz harness
runs clean."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "claimgraph.cli"]
SLOW = "Iran sold 46 drones to Russia on Friday, officials said. " * 1500  # seconds to parse and extract
SLOW_PAGE = ("<html><body>" + "".join(f"<p>Paragraph {i}: Iran sold drones to Russia, officials said.</p>"
                                      for i in range(40_000)) + "</body></html>")  # 2.6 MB: seconds to read


def run(*args: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)


def totals(res: subprocess.CompletedProcess[str]) -> dict:
    return json.loads(res.stdout)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_slow_document_is_skipped_with_a_warning_and_the_ingest_goes_on(tmp_path: Path, workers: str):
    (tmp_path / "a-quick.txt").write_text("China sold drones to Iraq on Monday.")
    (tmp_path / "b-slow.txt").write_text(SLOW)
    (tmp_path / "c-quick.txt").write_text("Turkey sold drones to Ukraine on Tuesday.")
    res = run("ingest", str(tmp_path), "--db", str(tmp_path / "c.db"), "--doc-timeout", "0.5", "--workers", workers,
              "--batch-size", "1", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert totals(res) | {"db": None} == {"documents": 3, "skipped": 0, "extracted": 2, "new": 2, "failed": 1,
                                          "claims": totals(res)["claims"], "db": None}
    warnings = [line for line in res.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {tmp_path / 'b-slow.txt'}: b-slow: cannot extract (took longer than the time "
                        "limit of 0.5 s (raise it with --doc-timeout SECONDS, or 0 for no limit)), skipped"]
    again = run("ingest", str(tmp_path / "b-slow.txt"), "--db", str(tmp_path / "c.db"), "--doc-timeout", "0",
                "--json", cwd=tmp_path)  # no limit: it is extracted
    assert again.returncode == 0, again.stderr
    assert totals(again)["extracted"] == 1 and totals(again)["failed"] == 0


def test_a_page_slow_to_read_is_skipped_with_a_warning_and_the_ingest_goes_on(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-quick.txt").write_text("China sold drones to Iraq on Monday.")
    (folder / "b-slow.html").write_text(SLOW_PAGE)
    (folder / "c-quick.txt").write_text("Turkey sold drones to Ukraine on Tuesday.")
    res = run("ingest", str(folder), "--db", str(tmp_path / "c.db"), "--doc-timeout", "0.5", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert totals(res) | {"db": None} == {"documents": 2, "skipped": 0, "extracted": 2, "new": 2, "failed": 0,
                                          "claims": totals(res)["claims"], "db": None}
    warnings = [line for line in res.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {folder / 'b-slow.html'}: reading took longer than the 0.5 s limit (raise it "
                        "with --doc-timeout SECONDS, or 0 for no limit)"]


def test_size_limits_on_the_command_line(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_text("Iran sold drones to Russia. " * 100)
    res = run("ingest", str(big), "--db", str(tmp_path / "c.db"), "--max-doc-bytes", "1000", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip() == (f"error: {big}: document over the 1,000 bytes limit (raise it with --max-doc-bytes "
                                  "BYTES, or 0 for no limit)")
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps({"text": "x " * 1000}) + "\n" + json.dumps({"text": "Iran sold drones to Russia."})
                     + "\n")
    res = run("ingest", str(lines), "--db", str(tmp_path / "c.db"), "--max-doc-bytes", "1000", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert f"warning: {lines}:1: line over the 1,000 bytes limit (raise it with --max-doc-bytes" in res.stderr
    assert totals(res)["extracted"] == 1
    res = run("ingest", str(big), "--db", str(tmp_path / "c.db"), "--doc-timeout", "-1", cwd=tmp_path)
    assert res.returncode == 2 and "--doc-timeout" in res.stderr


def test_the_fuzz_harness_runs_clean(tmp_path: Path):
    """A bounded atheris run of fuzz/fuzz_ingest.py (readers and extraction), at most 25 s; a crash fails it.
    (Its first runs found html_to_text writing control characters back into lxml.)"""
    pytest.importorskip("atheris")
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "fuzz" / "corpus", corpus)
    res = subprocess.run([sys.executable, str(ROOT / "fuzz" / "fuzz_ingest.py"), "-atheris_runs=1500",
                          "-max_total_time=25", "-max_len=2048", f"-artifact_prefix={tmp_path}/", "-seed=1",
                          str(corpus)], cwd=tmp_path, capture_output=True, text=True, timeout=240)
    assert res.returncode == 0, res.stderr[-3000:]
    done = [line for line in res.stderr.splitlines() if line.startswith("Done ")]
    assert done and int(done[-1].split()[1]) >= 100, res.stderr[-2000:]  # "Done 1500 in 21 second(s)"
    assert not list(tmp_path.glob("crash-*"))

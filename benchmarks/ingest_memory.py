"""Benchmark: memory of `claimgraph ingest --workers N` over a long corpus, sampled over time, in one run.

    .venv/bin/python benchmarks/ingest_memory.py [--docs 10000] [--workers 2] [--interval 0.5]

Generates --docs news-like reports (``benchmarks/news_corpus.py``) as text files, runs the real CLI on the
folder as a subprocess into a fresh SQLite file, and samples, every --interval seconds, the resident set size
(psutil) of the whole process tree (the parent and its worker processes) and how many documents are stored.
Workers forked from the parent share its pages, which their RSS counts again: the sum of RSS is an upper
bound, and the sum of PSS (each shared page split between the processes that share it; Linux) is also shown.
It prints the series at every tenth of the corpus, the peak after the first 10% (1,000 of 10,000 documents)
against the peak over the whole run (flat memory: a ratio near 1), and the bar (issue 8): peak <= 1.5 GB.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from news_corpus import machine, write_corpus

BAR_BYTES = 1.5 * 1024**3
MB = 1024**2


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:  # not there yet, or being migrated
        return 0


def _tree_memory(root: psutil.Process) -> tuple[int, int, int]:
    """RSS of the parent, and the RSS and PSS (0 where the system has none) of the parent with all its
    descendants."""
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0, 0
    total = parent = pss = 0
    for proc in procs:
        try:
            info = proc.memory_full_info()
        except psutil.NoSuchProcess:
            continue
        except psutil.AccessDenied:
            info = proc.memory_info()
        total += info.rss
        pss += getattr(info, "pss", 0)
        parent = info.rss if proc.pid == root.pid else parent
    return parent, total, pss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--interval", type=float, default=0.5)
    args = ap.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "corpus", args.docs)
        db = Path(tmp) / "memory.db"
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "claimgraph.cli", "ingest", str(corpus), "--db", str(db),
                                 "--published", "2024-01-15", "--workers", str(args.workers),
                                 "--batch-size", str(args.batch_size)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "NO_COLOR": "1"})
        root = psutil.Process(proc.pid)
        samples: list[tuple[float, int, int, int, int]] = []  # seconds, stored, parent RSS, tree RSS, tree PSS
        while proc.poll() is None:
            parent, total, pss = _tree_memory(root)
            if total:
                samples.append((time.perf_counter() - started, _stored(db), parent, total, pss))
            time.sleep(args.interval)
        out, err = proc.communicate()
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            sys.exit(f"ingest failed:\n{err}")
        print(out.strip())
    print(f"{args.docs} documents, --workers {args.workers}, {elapsed:.0f} s ({args.docs / elapsed:.1f} docs/s), "
          f"{len(samples)} samples every {args.interval} s")
    print(f"{'stored':>8} {'seconds':>8} {'parent MB':>10} {'tree RSS MB':>12} {'tree PSS MB':>12} "
          f"{'peak RSS so far MB':>19}")
    peak = 0
    marks = [args.docs * k // 10 for k in range(1, 11)]
    for when, stored, parent, total, pss in samples:
        peak = max(peak, total)
        while marks and stored >= marks[0]:
            print(f"{stored:>8} {when:>8.1f} {parent / MB:>10.0f} {total / MB:>12.0f} {pss / MB:>12.0f} "
                  f"{peak / MB:>19.0f}")
            marks.pop(0)
    early = max((s[3] for s in samples if s[1] <= args.docs // 10), default=0)
    overall = max((s[3] for s in samples), default=0)
    print(f"peak RSS after {args.docs // 10} documents: {early / MB:.0f} MB; over all {args.docs}: "
          f"{overall / MB:.0f} MB; ratio {overall / max(early, 1):.2f} (flat: near 1.0); peak PSS "
          f"{max((s[4] for s in samples), default=0) / MB:.0f} MB")
    print(f"bar: peak <= 1.5 GB: {'met' if overall <= BAR_BYTES else 'NOT met'}")


if __name__ == "__main__":
    main()

"""Benchmark: `claimgraph ingest --workers 1` vs `--workers N` on the same corpus, into fresh databases, in one run.

    .venv/bin/python benchmarks/workers_scaling.py [--docs 2000] [--workers 2] [--repeat 1] [--n-process]

Generates --docs news-like reports (``benchmarks/news_corpus.py``) as text files, then runs the real CLI as a
subprocess with 1 and with N workers (alternately, --repeat times, best kept), each into a fresh SQLite file,
and prints the wall time, docs/s and the ratio. The bar (issue 8) is N=2 at >= 1.6x the docs/s of one worker
on 2 cores. Start-up (imports, loading spaCy in each process) is measured on a one-document corpus and shown
apart, with the ratio of the throughput after start-up. It also checks that both databases hold the same
claims. ``--n-process`` adds an in-process comparison, with the store: spaCy's own ``nlp.pipe(n_process=N)``,
which leaves extraction and resolution in the parent, against claimgraph's worker pool, which runs the whole
path but the store in the workers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from news_corpus import NewsCorpus, machine, write_corpus

from claimgraph.extraction import Extraction

PUBLISHED = "2024-01-15"


def _ingest(corpus: Path, db: Path, workers: int, batch_size: int) -> tuple[float, dict]:
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "claimgraph.cli", "ingest", str(corpus), "--db", str(db),
                          "--published", PUBLISHED, "--workers", str(workers), "--batch-size", str(batch_size),
                          "--json"], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    elapsed = time.perf_counter() - started
    if res.returncode != 0:
        sys.exit(f"ingest --workers {workers} failed:\n{res.stderr}")
    return elapsed, json.loads(res.stdout)


def _claims_digest(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT id, json FROM claims ORDER BY id").fetchall()
    finally:
        conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def _in_process(docs: int, workers: int, root: Path) -> None:
    """Docs/s of the whole path with the store, in this process: one process, spaCy's n_process (the parse in
    N processes; extraction, resolution and the store here), and claimgraph's pool (only the store here)."""
    from claimgraph.parallel import extract_ordered
    from claimgraph.process import Processor
    from claimgraph.resolve import resolve_extraction
    from claimgraph.store import Store

    documents = list(NewsCorpus().documents(docs, start=10_000_000))
    processor = Processor()

    def single() -> Iterator[Extraction]:
        return processor.process_many(documents, batch_size=16)

    def n_process() -> Iterator[Extraction]:
        pairs = ((d.text, d) for d in documents)
        for doc, document in processor.nlp.pipe(pairs, as_tuples=True, batch_size=16, n_process=workers):
            yield resolve_extraction(processor.extractor(doc, document))

    def pool() -> Iterator[Extraction]:
        return (e for e in extract_ordered(documents, workers=workers, batch_size=16) if isinstance(e, Extraction))

    for i, (label, fn) in enumerate((("one process", single), (f"spaCy n_process={workers}", n_process),
                                     (f"claimgraph --workers {workers}", pool))):
        started = time.perf_counter()
        try:
            with Store.open(root / f"in-process-{i}.db") as store:
                for extraction in fn():
                    store.add(extraction.document, extraction.claims, extraction.mentions)
        except Exception as exc:  # n_process needs a picklable pipeline: say so rather than stop
            print(f"  {label:<28} failed: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
            continue
        elapsed = time.perf_counter() - started
        print(f"  {label:<28} {elapsed:7.1f} s  {docs / elapsed:7.1f} docs/s  (start-up included)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--n-process", action="store_true", help="also compare spaCy's n_process (no store)")
    args = ap.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = write_corpus(root / "corpus", args.docs)
        one_doc = root / "one"
        one_doc.mkdir()
        (one_doc / "doc.txt").write_text(next(corpus.iterdir()).read_text("utf-8"), encoding="utf-8")
        best: dict[int, float] = {}
        startup: dict[int, float] = {}
        totals: dict[int, dict] = {}
        for _ in range(args.repeat):
            for workers in (1, args.workers):
                elapsed, totals[workers] = _ingest(corpus, root / f"w{workers}.db", workers, args.batch_size)
                best[workers] = min(best.get(workers, elapsed), elapsed)
        for workers in (1, args.workers):
            startup[workers] = _ingest(one_doc, root / f"s{workers}.db", workers, args.batch_size)[0]
        same = _claims_digest(root / "w1.db") == _claims_digest(root / f"w{args.workers}.db")
        first = totals[1]
        print(f"corpus: {args.docs} generated reports, {first['claims']} claims; batch size {args.batch_size}; "
              f"best of {args.repeat}")
        for workers in (1, args.workers):
            t = best[workers]
            steady = args.docs / max(t - startup[workers], 1e-9)
            print(f"--workers {workers:<3} {t:8.1f} s  {args.docs / t:7.1f} docs/s   start-up {startup[workers]:5.1f} s"
                  f"   after start-up {steady:7.1f} docs/s")
        ratio = best[1] / best[args.workers]
        steady_ratio = (best[1] - startup[1]) / max(best[args.workers] - startup[args.workers], 1e-9)
        print(f"speed-up --workers {args.workers} / --workers 1: {ratio:.2f}x (after start-up {steady_ratio:.2f}x); "
              f"bar >= 1.6x on 2 cores: {'met' if ratio >= 1.6 else 'NOT met'}")
        print(f"same claims in both databases: {'yes' if same else 'NO'}")
        if args.n_process:
            print(f"in-process, with the store, {min(args.docs, 400)} other reports:")
            _in_process(min(args.docs, 400), args.workers, root)


if __name__ == "__main__":
    main()

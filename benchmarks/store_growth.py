"""Benchmark: what the storing process costs a document as the store grows, in one run.

    .venv/bin/python benchmarks/store_growth.py [--docs 8000] [--commit 256] [--workers 2]

Extracts --docs generated news-like reports (``benchmarks/news_corpus.py``) with --workers processes first,
then stores them into a fresh SQLite file from this one process, --commit documents a transaction, as the
parent of ``claimgraph ingest`` does with its workers' results (``Store.add_many``). It prints, for each
thousand documents stored, the CPU time a document (user and system: the pages a commit writes are system
time) and the part of it the ledger refresh took, and the last thousand's cost against the first. With two
workers the storing process stays off the critical path while it costs less than half a worker's time a
document (about 10 ms here); past that the parent, not the parse, sets the pace.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

from news_corpus import NewsCorpus, machine

import claimgraph.store.writer as writer
from claimgraph.batch import STORING_GC_THRESHOLDS
from claimgraph.parallel import Failure, extract_ordered
from claimgraph.store import Store


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=8000)
    ap.add_argument("--commit", type=int, default=256, help="documents a transaction")
    ap.add_argument("--workers", type=int, default=2, help="processes extracting the corpus first")
    args = ap.parse_args()
    print(machine())
    started = time.perf_counter()
    extracted = [e for e in extract_ordered(NewsCorpus().documents(args.docs), workers=args.workers)
                 if not isinstance(e, Failure)]
    print(f"{len(extracted)} reports extracted in {time.perf_counter() - started:.0f} s; now stored "
          f"{args.commit} a transaction")
    gc.collect()  # the parent of an ingest holds a transaction's results, not the corpus: the cycle collector
    gc.freeze()  # leaves these out, and runs at the thresholds the ingest sets
    gc.set_threshold(*STORING_GC_THRESHOLDS)
    ledger = [0.0]
    refresh = writer.refresh_ledger

    def timed_refresh(*a: object, **k: object) -> int:
        t = _cpu()
        try:
            return refresh(*a, **k)  # type: ignore[arg-type]
        finally:
            ledger[0] += _cpu() - t

    writer.refresh_ledger = timed_refresh  # type: ignore[assignment]
    rows: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "growth.db") as store:
        mark, mark_ledger, done = _cpu(), 0.0, 0
        for i in range(0, len(extracted), args.commit):
            batch = extracted[i:i + args.commit]
            store.add_many([(e.document, e.claims, e.mentions, None) for e in batch],
                           {e.document.id: e.signatures for e in batch if e.signatures})
            done += len(batch)
            if done // 1000 > len(rows) or done == len(extracted):
                now = _cpu()
                stored = done - sum(r[0] for r in rows)
                rows.append((stored, (now - mark) / stored, (ledger[0] - mark_ledger) / stored))
                mark, mark_ledger = now, ledger[0]
        size = (Path(tmp) / "growth.db").stat().st_size
    print(f"{'stored':>8} {'CPU ms a doc':>13} {'ledger refresh':>15}")
    total = 0
    for stored, cost, in_ledger in rows:
        total += stored
        print(f"{total:>8} {cost * 1000:>13.2f} {in_ledger * 1000:>15.2f}")
    print(f"database {size / 1e6:.0f} MB; last thousand / first: {rows[-1][1] / rows[0][1]:.2f}x "
          f"(ledger refresh {rows[-1][2] / max(rows[0][2], 1e-9):.2f}x)")


if __name__ == "__main__":
    sys.exit(main())

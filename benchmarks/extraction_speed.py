"""Benchmark: the cost of claim extraction next to parsing, measured in one run.

    .venv/bin/python benchmarks/extraction_speed.py [--docs N] [--repeat R] [--corpus news|seed] [--ways W,W]

Runs the same documents five ways and prints throughput and ratios:
1. bare ``nlp.pipe`` of the spaCy model (no claimgraph component),
2. claimgraph's parsing pipeline (the model plus paragraph sentences and the knowledge-base ruler),
3. parsing pipeline + extraction + resolution,
4. the whole ingest path in this one process: 3 plus the store (``claimgraph.batch.ingest_documents`` into a
   fresh SQLite file: the skip lookup, a transaction per batch, entity linking, near-duplicates, the ledger),
5. the whole ingest path as ``claimgraph ingest`` runs it with one worker (``hand_over``): a worker process
   forked from this one parses and extracts while this one stores.
Each round runs the five in turn, every other round in reverse order (bare and the handed-over ingest stay
neighbours, and a steady drift in the machine's speed weighs on both alike), --repeat rounds, the best time of
each kept; each round's ratios are printed too, and the bar's ratio of the summed times over all rounds.
``--ways bare,handed`` runs only those (the bar's pair), so that more rounds fit in the same time.
Targets: extraction adds at most 25% to the parse time (issue 3: time ratio 3/1 <= 1.25), and the whole ingest
path runs at no less than 0.80 of bare parsing's throughput (issue 8: docs/s ratio 5/1 >= 0.80).
The documents are generated news-like reports (``benchmarks/news_corpus.py``, the default) or the bundled
seed report's paragraphs, cycled to --docs documents (``--corpus seed``).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import spacy
from news_corpus import NewsCorpus, machine

from claimgraph.batch import ingest_documents
from claimgraph.demo import demo_paths
from claimgraph.model import Document
from claimgraph.nlp import DEFAULT_MODEL
from claimgraph.process import Processor
from claimgraph.store import Store

_LABELS = {"bare": "bare nlp.pipe", "handed": "whole ingest, handed over", "full": "parse+extract+resolve",
           "parse": "claimgraph parse", "store": "whole ingest, 1 process"}


def _documents(n: int, corpus: str) -> list[Document]:
    if corpus == "news":
        return list(NewsCorpus().documents(n))
    paragraphs = [p for path in demo_paths() for p in path.read_text("utf-8").split("\n") if len(p) > 80]
    return [Document(text=paragraphs[i % len(paragraphs)] + f" ({i})", name=f"p{i}") for i in range(n)]


def _ingest(processor: Processor, docs: list[Document], hand_over: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        ingest_documents(store, docs, processor=processor, batch_size=64, hand_over=hand_over)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--corpus", choices=["news", "seed"], default="news")
    ap.add_argument("--ways", default="bare,handed,full,parse,store",
                    help="which of bare,handed,full,parse,store to run (bare and handed at least)")
    args = ap.parse_args()
    chosen = [w.strip() for w in args.ways.split(",") if w.strip()]
    if not {"bare", "handed"} <= set(chosen) or not set(chosen) <= set(_LABELS):
        ap.error(f"--ways: some of {','.join(_LABELS)}, bare and handed among them")
    docs = _documents(args.docs, args.corpus)
    texts = [d.text for d in docs]
    bare = spacy.load(DEFAULT_MODEL)
    processor = Processor()
    tokens = sum(len(d) for d in bare.pipe(texts))

    every = {
        "bare": lambda: list(bare.pipe(texts, batch_size=64)),
        "handed": lambda: _ingest(processor, docs, hand_over=True),
        "full": lambda: list(processor.process_many(docs, batch_size=64)),
        "parse": lambda: list(processor.nlp.pipe(texts, batch_size=64)),
        "store": lambda: _ingest(processor, docs),
    }
    ways = [w for w in _LABELS if w in chosen]  # bare, then handed next to it
    list(bare.pipe(texts[:64], batch_size=64))  # warm both pipelines up before the first timed round
    list(processor.process_many(docs[:64], batch_size=64))
    rounds: list[dict[str, float]] = []
    for i in range(args.repeat):  # rounds of every way rather than each way repeated: this machine's speed
        # drifts by 10-30% within minutes, and a way measured only early or only late would carry the drift
        order = ways if i % 2 == 0 else ways[::-1]
        rounds.append({way: _timed(every[way]) for way in order})
    best = {way: min(r[way] for r in rounds) for way in ways}
    summed = {way: sum(r[way] for r in rounds) for way in ways}
    claims = sum(len(e.claims) for e in processor.process_many(docs, batch_size=64))

    print(machine())
    print(f"corpus: {args.corpus}, documents: {len(docs)}, tokens: {tokens}, claims extracted: {claims}, "
          f"best of {args.repeat}")
    for way in ways:
        t = best[way]
        print(f"{_LABELS[way]:<26} {t:7.2f} s  {len(docs) / t:8.1f} docs/s  {tokens / t:9.0f} tokens/s")
    t_bare, t_handed = best["bare"], best["handed"]
    if "parse" in best:
        print(f"ratio parse/bare: {best['parse'] / t_bare:.3f}")
    if "full" in best:
        t_full = best["full"]
        print(f"ratio whole/bare: {t_full / t_bare:.3f}  (extraction adds {100 * (t_full / t_bare - 1):.1f}% "
              f"to bare parsing; target <= 25%)")
        if "parse" in best:
            print(f"ratio whole/parse: {t_full / best['parse']:.3f}")
    if "store" in best:
        print(f"throughput whole ingest in 1 process / bare: {t_bare / best['store']:.3f}")
    print(f"throughput whole ingest handed over (store overlapping the parse) / bare: {t_bare / t_handed:.3f}  "
          f"(bar >= 0.80: {'met' if t_bare / t_handed >= 0.80 else 'NOT met'}), best times")
    aggregate = summed["bare"] / summed["handed"]
    print(f"the same, summed times of all {args.repeat} rounds: {aggregate:.3f}  "
          f"(bar >= 0.80: {'met' if aggregate >= 0.80 else 'NOT met'})")
    for i, times in enumerate(rounds, 1):
        adds = f"; extraction adds {100 * (times['full'] / times['bare'] - 1):.1f}%" if "full" in times else ""
        print(f"round {i}: bare {len(docs) / times['bare']:.1f} docs/s; handed over / bare "
              f"{times['bare'] / times['handed']:.3f}{adds}")


if __name__ == "__main__":
    main()

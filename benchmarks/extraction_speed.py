"""Benchmark: the cost of claim extraction next to parsing, measured in one run.

    .venv/bin/python benchmarks/extraction_speed.py [--docs N] [--repeat R]

Parses the same documents three ways and prints throughput and ratios:
1. bare ``nlp.pipe`` of the spaCy model (no claimgraph component),
2. claimgraph's parsing pipeline (the model plus paragraph sentences and the knowledge-base ruler),
3. the whole path: parsing pipeline + extraction + resolution.
The target (issue 3) is that extraction adds at most 25% to the parse time: ratio 3/1 <= 1.25.
The documents are the bundled seed report's paragraphs, cycled to --docs documents.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import spacy

from claimgraph.demo import demo_paths
from claimgraph.model import Document
from claimgraph.nlp import DEFAULT_MODEL
from claimgraph.process import Processor


def _documents(n: int) -> list[Document]:
    paragraphs = [p for path in demo_paths() for p in path.read_text("utf-8").split("\n") if len(p) > 80]
    return [Document(text=paragraphs[i % len(paragraphs)] + f" ({i})", name=f"p{i}") for i in range(n)]


def _best(fn, repeat: int) -> float:
    return min(_timed(fn) for _ in range(repeat))


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = _documents(args.docs)
    texts = [d.text for d in docs]
    bare = spacy.load(DEFAULT_MODEL)
    processor = Processor()
    tokens = sum(len(d) for d in bare.pipe(texts))

    t_bare = _best(lambda: list(bare.pipe(texts, batch_size=64)), args.repeat)
    t_parse = _best(lambda: list(processor.nlp.pipe(texts, batch_size=64)), args.repeat)
    t_full = _best(lambda: list(processor.process_many(docs, batch_size=64)), args.repeat)
    claims = sum(len(e.claims) for e in processor.process_many(docs, batch_size=64))

    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
          f"python={platform.python_version()} spacy={spacy.__version__}")
    print(f"documents: {len(docs)}, tokens: {tokens}, claims extracted: {claims}")
    for label, t in (("bare nlp.pipe", t_bare), ("claimgraph parse", t_parse), ("parse+extract+resolve", t_full)):
        print(f"{label:<24} {t:7.2f} s  {len(docs) / t:8.1f} docs/s  {tokens / t:9.0f} tokens/s")
    print(f"ratio parse/bare: {t_parse / t_bare:.3f}")
    print(f"ratio whole/bare: {t_full / t_bare:.3f}  (extraction adds {100 * (t_full / t_bare - 1):.1f}% "
          f"to bare parsing; target <= 25%)")
    print(f"ratio whole/parse: {t_full / t_parse:.3f}")


if __name__ == "__main__":
    main()

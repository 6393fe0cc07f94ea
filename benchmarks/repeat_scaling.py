"""Benchmark: extraction time of a page that repeats one claim, at two sizes, measured in one run.

    .venv/bin/python benchmarks/repeat_scaling.py [--small 200] [--factor 8] [--repeat 3]

A page repeating one sentence once made extraction quadratic (each repeat re-sorted the merged evidence, each
sentence walked every entity of the document, each claim re-hashed the whole text). This parses the page at
--small and --small x --factor sentences, times the extraction alone (best of --repeat), and prints the ratio:
linear work gives about --factor. ``tests/extraction/test_hostile_extraction.py`` checks the same by counting
function calls, which no machine load can change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from news_corpus import machine

from claimgraph.model import Document
from claimgraph.process import Processor

SENTENCE = "Iran sold 46 drones to Russia on Friday, officials said. "


def _extraction_time(processor: Processor, count: int) -> float:
    text = SENTENCE * count
    document = Document(text=text, name="repeat", published=dt.date(2022, 8, 5))
    doc = processor.nlp(text)
    started = time.perf_counter()
    processor.extractor(doc, document)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=200)
    ap.add_argument("--factor", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    processor = Processor()
    large = args.small * args.factor
    t_small = min(_extraction_time(processor, args.small) for _ in range(args.repeat))
    t_large = min(_extraction_time(processor, large) for _ in range(args.repeat))
    print(machine())
    print(f"{args.small:>6} sentences: {t_small:8.3f} s")
    print(f"{large:>6} sentences: {t_large:8.3f} s")
    print(f"ratio {t_large / t_small:.1f}x for {args.factor}x the sentences (linear: about {args.factor}x)")


if __name__ == "__main__":
    main()

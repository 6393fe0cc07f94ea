"""Generated news-like reports for the ingest benchmarks: varied sentence templates over real knowledge-base names.

    .venv/bin/python benchmarks/news_corpus.py FOLDER [--docs N] [--seed S]   # writes N text files

Every report is a few paragraphs of sentences drawn from templates that the extractor reads as claims
(transfers, attacks, denials, meetings, sentences, detentions, plans, threats, support, positions), with
sources, hedges and dates, plus sentences that state no claim. Names are the knowledge base's states, armed
groups, weapons, organisations, places and outlets (drawn as ``benchmarks/synthetic.py`` draws them) and
invented people, so the parser, the knowledge-base tagger, the extractor and the store do real work.
Document ``i`` depends only on ``(seed, i)``: corpora of any size are generated lazily and identically.
:func:`machine` is the line every ingest benchmark prints first: what the figures were measured on.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import random
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

import spacy

from claimgraph.kb import default_kb
from claimgraph.model import Document

_FIRST = ["Ali", "Maryam", "Oleksiy", "Jake", "Hossein", "Sara", "Yusuf", "Nadia", "Ivan", "Leila", "Omar", "Anna"]
_LAST = ["Rahimi", "Kovalenko", "Haddad", "Sullivan", "Petrov", "Nasser", "Karimi", "Mensah", "Aziz", "Orlov"]
_CLAIMS = [
    "{s} supplied {n} {w} to {t} in {month}, {p}, a spokesman for the {o}, said on {day}.",
    "{g} fighters attacked {pl} on {day}, killing {k} people, local officials said.",
    "{s} denied that it had sent {w} to {g}.",
    "According to {out}, {p} met {q} in {pl} to discuss a prisoner exchange.",
    "A court in {pl} sentenced {p} to {y} years in prison on charges of espionage.",
    "Security forces detained {p} in {pl} last week, the {o} reported.",
    "{s} reportedly plans to buy {n} {w} from {t}.",
    "{p}, the foreign minister of {s}, said {t} would face consequences if it continued to arm {g}.",
    "{s} has not confirmed reports that it transferred {w} to {t}.",
    "Officials in {s} said {g} had threatened to strike {pl}.",
    "{g}, which is backed by {s}, claimed responsibility for the drone strike on {pl}.",
    "Analysts at the {o} said {s} may have supplied {w} to {g} in {month}.",
    "{t} received {n} {w} from {s} last month, {out} reported, citing two officials.",
    "{p} told {out} that {s} had handed {w} over to {g}.",
    "The {o} accused {s} of providing {w} to {g}.",
    "{s} will deliver {w} to {t} next year, {p} said.",
]
_FILLER = [
    "Fuel prices rose sharply in {pl} this week.",
    "The talks are expected to resume next month.",
    "Residents described long queues at checkpoints outside {pl}.",
    "The statement gave no further details.",
    "The {o} has called for restraint on all sides.",
    "Markets in {pl} reopened after a two-day closure.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def machine() -> str:
    """The machine a figure was measured on: architecture, CPU model, CPUs, load average, Python, spaCy."""
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    load = " load={:.2f},{:.2f},{:.2f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    return (f"machine: {platform.machine()} '{cpu}' cpus={os.cpu_count()}{load} "
            f"python={platform.python_version()} spacy={spacy.__version__}")


class NewsCorpus:
    """Deterministic generated reports: ``corpus.document(i)``, ``corpus.documents(n)``."""

    def __init__(self, seed: int = 7) -> None:
        self.seed = seed

    @cached_property
    def names(self) -> dict[str, list[str]]:
        kb = default_kb()
        rng = random.Random(self.seed)
        return {
            "state": [e.name for e in kb.of_kind("state")[:120]],
            "group": [e.name for e in kb.of_kind("armed_group")[:60]],
            "weapon": [e.name for e in kb.of_kind("weapon")[:80]],
            "org": [e.name for e in kb.of_kind("organization")[:60]],
            "place": [e.name for e in kb.of_kind("place")[:120]],
            "outlet": [e.name for e in kb.of_kind("outlet")[:40]],
            "person": sorted({f"{rng.choice(_FIRST)} {rng.choice(_LAST)}{rng.choice(['', 'i', 'ov', 'an'])}"
                              for _ in range(300)}),
        }

    def _fill(self, rng: random.Random, template: str, published: dt.date) -> str:
        names = self.names
        s, t = rng.sample(names["state"], 2)
        p, q = rng.sample(names["person"], 2)
        month = (published - dt.timedelta(days=rng.randint(20, 300))).strftime("%B")
        return template.format(s=s, t=t, p=p, q=q, g=rng.choice(names["group"]), w=rng.choice(names["weapon"]),
                               o=rng.choice(names["org"]), pl=rng.choice(names["place"]),
                               out=rng.choice(names["outlet"]), n=rng.randint(2, 400), k=rng.randint(2, 60),
                               y=rng.randint(2, 20), day=rng.choice(_DAYS), month=month)

    def document(self, i: int) -> Document:
        rng = random.Random(f"{self.seed}:{i}")
        published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
        paragraphs = []
        for _ in range(rng.randint(1, 3)):
            sentences = [self._fill(rng, rng.choice(_CLAIMS if rng.random() < 0.75 else _FILLER), published)
                         for _ in range(rng.randint(2, 4))]
            paragraphs.append(" ".join(sentences))
        text = "\n".join(paragraphs) + f"\n(Report {i}.)"
        return Document(text=text, name=f"report-{i:06d}", published=published, published_source="metadata",
                        outlet=rng.choice(self.names["outlet"]))

    def documents(self, n: int, start: int = 0) -> Iterator[Document]:
        for i in range(start, start + n):
            yield self.document(i)


def write_corpus(folder: Path, n: int, seed: int = 7) -> Path:
    """``n`` reports as text files ``report-NNNNNN.txt`` (give their date with ``--published``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc in NewsCorpus(seed).documents(n):
        (folder / f"{doc.name}.txt").write_text(doc.text + "\n", encoding="utf-8")
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(write_corpus(args.folder, args.docs, args.seed))


if __name__ == "__main__":
    main()

"""A synthetic claim database for benchmarks: real knowledge-base names, real text, exact evidence spans.

    .venv/bin/python benchmarks/synthetic.py OUT.db [--claims N]

Each document is a few short news-like sentences; every sentence is one claim (transfer, attack, support,
meet, detain or sentence) whose evidence is that sentence's exact slice of the document, with a source, a
status and event and statement dates. Claims are built directly (no parsing) and stored with
``Store.add``, so the database has everything a real one has: entities, names, evidence, full-text
indexes, near-duplicate signatures. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

from claimgraph.kb import default_kb
from claimgraph.model import Claim, Document, EntityRef, Evidence, TimeValue
from claimgraph.store import Store

CLAIMS_PER_DOC = 10
_STATUSES = ["asserted"] * 6 + ["reported"] * 3 + ["unconfirmed", "hedged", "denied", "confirmed", "planned"]
_OUTLETS = ["Reuters", "Associated Press", "Al Jazeera", "Iran International", "Kyiv Independent", "BBC News"]


def _refs(kind: str, limit: int) -> list[EntityRef]:
    return [EntityRef(name=e.name, kind=e.kind, kb_id=e.qid) for e in default_kb().of_kind(kind)[:limit]]


def _people(rng: random.Random, n: int) -> list[EntityRef]:
    first = ["Ali", "Maryam", "Oleksiy", "Jake", "Hossein", "Sara", "Yusuf", "Nadia", "Ivan", "Leila", "Omar"]
    last = ["Rahimi", "Kovalenko", "Haddad", "Sullivan", "Petrov", "Nasser", "Karimi", "Mensah", "Aziz", "Orlov"]
    names = sorted({f"{rng.choice(first)} {rng.choice(last)}{rng.choice(['', 'i', 'ov', 'an'])}" for _ in range(n)})
    return [EntityRef(name=x, kind="person") for x in names]


class _Corpus:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.states = _refs("state", 120)
        self.groups = _refs("armed_group", 60)
        self.weapons = _refs("weapon", 80)
        self.people = _people(self.rng, 300)

    def _sentence(self, i: int) -> tuple[str, str, dict]:
        rng = self.rng
        actors = self.states + self.groups
        kind = rng.choice(["transfer", "transfer", "attack", "support", "meet", "detain", "sentence"])
        a, b = rng.sample(actors, 2)
        if kind == "transfer":
            w, n = rng.choice(self.weapons), rng.randint(2, 300)
            return kind, f"{a.name} supplied {n} {w.name} to {b.name}", {
                "supplier": a, "recipient": b, "item": [w], "quantity": n}
        if kind == "attack":
            return kind, f"{a.name} struck positions of {b.name}", {"attacker": a, "target": b}
        if kind == "support":
            return kind, f"{a.name} backs {b.name}", {"supporter": a, "supported": b}
        if kind == "meet":
            p, q = rng.sample(self.people, 2)
            return kind, f"{p.name} met {q.name}", {"participants": sorted([p, q], key=lambda r: r.name)}
        p = rng.choice(self.people)
        if kind == "detain":
            return kind, f"{p.name} was detained by {a.name}", {"detainee": p, "authority": a}
        years = rng.randint(1, 20)
        return kind, f"{p.name} was sentenced to {years} years by {a.name}", {
            "defendant": p, "authority": a, "penalty": f"{years} years"}

    def document(self, i: int) -> tuple[Document, list[Claim]]:
        rng = self.rng
        published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3650))
        doc = Document(text="", name=f"synthetic-{i:06d}", title=f"Synthetic report {i}", published=published,
                       outlet=rng.choice(_OUTLETS))
        parts, spans = [], []
        offset = 0
        for j in range(CLAIMS_PER_DOC):
            kind, core, args = self._sentence(i * CLAIMS_PER_DOC + j)
            source = rng.choice(self.people + self.states[:20])
            happened = published - dt.timedelta(days=rng.randint(0, 400))
            sentence = f"{core} in {happened:%B %Y}, {source.name} said."
            spans.append((offset, offset + len(core), kind, args, source, happened))
            parts.append(sentence)
            offset += len(sentence) + 1
        text = " ".join(parts) + f" (Dispatch {i}.)"
        doc = doc.model_copy(update={"text": text})
        claims = [Claim(doc=doc.name, doc_id=doc.id, type=kind, args=args, status=rng.choice(_STATUSES),  # type: ignore[arg-type]
                        source=source, source_chain=(source,),
                        time=TimeValue(text=f"{happened:%B %Y}", value=f"{happened:%Y-%m}", precision="month"),
                        statement_time=TimeValue(text="", value=published.isoformat(), precision="day"),
                        evidence=(Evidence(doc=doc.name, start=s, end=e, text=text[s:e]),),
                        confidence=round(rng.uniform(0.5, 0.95), 2))
                  for s, e, kind, args, source, happened in spans]
        return doc, claims


def build(path: Path, claims: int = 100_000, seed: int = 7, progress: bool = True) -> dict[str, int]:
    """Create (or extend) the database at ``path`` to hold about ``claims`` synthetic claims."""
    corpus = _Corpus(seed)
    started = time.perf_counter()
    with Store.open(path) as store:
        docs = claims // CLAIMS_PER_DOC
        for i in range(docs):
            doc, found = corpus.document(i)
            store.add(doc, found)
            if progress and (i + 1) % 1000 == 0:
                print(f"  {i + 1}/{docs} documents ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        return store.counts()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(build(args.out, args.claims, args.seed))


if __name__ == "__main__":
    main()

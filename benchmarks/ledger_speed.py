"""Ledger speed: incremental ingest against a full recompute, and stored-entry lookups, on synthetic claims.

Builds a database of synthetic claims (made with the model directly, no spaCy: transfers, attacks and
meetings among a few hundred entities, skewed so that some groups are large), then prints

- the time to ingest one more document (``Store.add``, which updates its groups' stored entries) against a
  full recompute of ``build_ledger`` over every stored claim, and the ratio;
- p50/p95 of ``ledger_entry(store, id)`` and ``stored_ledger(store, entity_id=...)`` lookups.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/ledger_speed.py [--claims 50000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from claimgraph.model import Claim, Document, EntityRef, Evidence, TimeValue
from claimgraph.query import ClaimFilter, build_ledger, find_claims, ledger_entry, stored_ledger
from claimgraph.store import Store
from claimgraph.store.records import claim_rows, document_row, entity_rows

ITEMS = ["drones", "ballistic missiles", "tanks", "rifles", "artillery shells", "air defence systems",
         "fighter jets", "armoured vehicles", "cruise missiles", "helicopters"]


def _entities(n: int) -> list[EntityRef]:
    return [EntityRef(name=f"State {i:03d}", kind="state", kb_id=f"Q9{i:05d}") for i in range(n)]


def _document(rng: random.Random, i: int, entities: list[EntityRef], per_doc: int) -> tuple[Document, list[Claim]]:
    """One synthetic report: ``per_doc`` one-line sentences, one claim each, evidence pointing into the text."""
    weights = [1.0 / (k + 1) for k in range(len(entities))]  # a few actors appear in most reports
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
    lines: list[str] = []
    specs = []
    for _ in range(per_doc):
        a, b = rng.choices(entities, weights, k=2)
        if a == b:
            b = entities[(entities.index(a) + 1) % len(entities)]
        month = f"{rng.randrange(2019, 2024)}-{rng.randrange(1, 13):02d}"
        kind = rng.random()
        if kind < 0.7:
            qty, item = rng.choice([10, 20, 46, 60, 100]), rng.choice(ITEMS)
            sentence = f"{a.name} supplied {qty} {item} to {b.name} in {month}, officials said in report {i}."
            spec = ("transfer", {"supplier": a, "recipient": b, "quantity": qty,
                                 "item": EntityRef(name=item, kind="weapon")})
        elif kind < 0.9:
            sentence = f"{a.name} attacked {b.name} in {month}, according to report {i}."
            spec = ("attack", {"attacker": a, "target": b})
        else:
            sentence = f"{a.name} met {b.name} in {month}, report {i} says."
            spec = ("meet", {"participants": sorted([a, b], key=lambda e: e.name)})
        start = sum(len(x) + 1 for x in lines)
        lines.append(sentence)
        specs.append((spec, month, start, sentence))
    doc = Document(text="\n".join(lines) + "\n", name=f"synthetic-{i:06d}", published=day)
    claims = [Claim(doc=doc.name, doc_id=doc.id, type=t, args=args,  # type: ignore[arg-type]
                    source=rng.choice(entities) if rng.random() < 0.5 else None,
                    time=TimeValue(text=f"in {month}", value=month, precision="month"),
                    statement_time=TimeValue(text="", value=day.isoformat(), precision="day"),
                    evidence=(Evidence(doc=doc.name, start=s, end=s + len(text), text=text),))
              for (t, args), month, s, text in specs]
    return doc, claims


def _bulk_load(store: Store, docs: list[tuple[Document, list[Claim]]]) -> None:
    """Write documents and claims row by row in one transaction (no linking, no near-duplicate check)."""
    conn = store.connection
    conn.execute("BEGIN")
    for doc, claims in docs:
        row = document_row(doc)
        conn.execute(f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})", row)
        entities, names = entity_rows(claims)
        conn.executemany("INSERT OR IGNORE INTO entities (id, name, kind, kb_id, block) VALUES (?, ?, ?, ?, ?)",
                         entities)
        conn.executemany("INSERT OR IGNORE INTO entity_names (entity_id, name, name_key) VALUES (?, ?, ?)", names)
        rows = [claim_rows(c) for c in claims]
        conn.executemany("INSERT OR IGNORE INTO claims (id, doc_id, type, status, source_entity_id, time_value, "
                         "time_text, statement_time_value, confidence, first_start, ledger_key, json) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [r.claim for r in rows])
        conn.executemany("INSERT OR IGNORE INTO claim_args (claim_id, role, position, entity_id, value) "
                         "VALUES (?, ?, ?, ?, ?)", [a for r in rows for a in r.args])
        conn.executemany("INSERT OR IGNORE INTO claim_sources (claim_id, position, entity_id) VALUES (?, ?, ?)",
                         [s for r in rows for s in r.sources])
        conn.executemany('INSERT INTO evidence (claim_id, doc_id, start, "end", text) VALUES (?, ?, ?, ?, ?)',
                         [e for r in rows for e in r.evidence])
    conn.execute("COMMIT")


def _pct(values: list[float]) -> str:
    qs = statistics.quantiles(values, n=20)
    return f"p50 {statistics.median(values) * 1000:.2f} ms, p95 {qs[18] * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--entities", type=int, default=300)
    parser.add_argument("--lookups", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(5)
    entities = _entities(args.entities)
    per_doc = 10
    docs = [_document(rng, i, entities, per_doc) for i in range(args.claims // per_doc)]
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        t0 = time.perf_counter()
        _bulk_load(store, docs)
        t1 = time.perf_counter()
        entries = store.rebuild_ledger()
        t2 = time.perf_counter()
        print(f"{store.counts()['claims']} claims in {len(docs)} documents over {args.entities} entities; "
              f"bulk load {t1 - t0:.1f} s; stored ledger built in {t2 - t1:.1f} s ({entries} entries)")

        t3 = time.perf_counter()
        claims = find_claims(store, ClaimFilter(limit=None))
        full = build_ledger(claims, store.originals(), origins=store.claim_origins(claims))
        full_s = time.perf_counter() - t3
        print(f"full recompute (read every claim + build_ledger): {full_s:.2f} s, {len(full)} entries")

        warm, warm_claims = _document(rng, len(docs) + 99, entities, per_doc)
        store.add(warm, warm_claims)  # checkpoints the WAL the bulk load left
        add_times = []
        for k in range(10):
            doc, new_claims = _document(rng, len(docs) + k, entities, per_doc)
            t = time.perf_counter()
            store.add(doc, new_claims)
            add_times.append(time.perf_counter() - t)
        add_s = statistics.median(add_times)
        print(f"ingest one more document ({per_doc} claims) incrementally: median {add_s * 1000:.1f} ms of 10 "
              f"-> {full_s / add_s:.0f}x faster than a full recompute")

        ids = [r[0] for r in store.read("SELECT id FROM ledger_entries ORDER BY random() LIMIT ?", (args.lookups,))]
        times = []
        for entry_id in ids:
            t = time.perf_counter()
            assert ledger_entry(store, entry_id) is not None
            times.append(time.perf_counter() - t)
        print(f"ledger_entry: {_pct(times)} ({len(ids)} lookups)")
        times = []
        for _ in range(args.lookups // 4):
            entity = rng.choice(entities[:50])
            t = time.perf_counter()
            stored_ledger(store, entity_id=entity.id, limit=100)
            times.append(time.perf_counter() - t)
        print(f"stored_ledger(entity_id=..., limit=100): {_pct(times)} ({len(times)} lookups)")


if __name__ == "__main__":
    sys.exit(main())

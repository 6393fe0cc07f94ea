"""Benchmark: the entity-claims query at scale on SQLite and PostgreSQL (issue 8: p95 <= 50 ms at 1,000,000 claims).

    .venv/bin/python benchmarks/query_latency.py [--claims N] [--db FILE] [--pg URL] [--samples S]

Builds (once; reused later) an SQLite database of --claims synthetic claims, then copies it into PostgreSQL:
the server --pg names (its database is emptied and filled, unless an earlier run filled it), or without --pg
a throwaway server started the way the tests start one (tests/pg.py: as the ``postgres`` OS user when run as
root, on a free loopback port), stopped at the end. On each engine it times, one query at a time, for random
entities and for the busiest ones (most claims in any role or as source):

- ``find_claims(store, ClaimFilter(entity=<kb id, else name>, limit=100))`` — the entity-claims query;
- ``entity_profile(store, entity)`` — the profile the web workbench's entity page and API read;
- ``entity_claims(store, entity_id, limit=50)`` — the claims page under that profile;

and prints p50 / p95 / max in milliseconds, the machine, and each p95 against the 50 ms bar.

The bulk build (``Store.add`` costs 5-10 ms per document, hours for a million claims) generates documents and
claims as benchmarks/synthetic.py does (real knowledge-base names, exact evidence spans, ten claims per
document) and writes them with the store's own row builders (``records.document_row``, ``entity_rows``,
``claim_rows``, ``entity_claim_rows``, ``edges.edge_rows``) into the schema ``Store.open`` migrated, in transactions of
thousands of documents. Same tables, columns, indexes and full-text triggers as a real store. What it bypasses,
none of which the measured queries read: entity linking (``entity_links`` stays empty; every name is stored as
the entity it names), near-duplicate signatures and bands (``documents.signature``, ``document_bands``,
``paragraph_bands``), ``documents.extracted_by``, and the stored ledger (``ledger_entries`` and its tables
stay empty; ``claims.ledger_key`` is filled). PostgreSQL gets the same rows with ``COPY``, then ``ANALYZE``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import CLAIMS_PER_DOC, _Corpus

from claimgraph.query import ClaimFilter, entity_claims, entity_profile, find_claims, get_entity
from claimgraph.store import Store
from claimgraph.store.edges import edge_rows
from claimgraph.store.records import DOCUMENT_COLUMNS, claim_rows, document_row, entity_claim_rows, entity_rows

BAR_MS = 50.0
DOCS_PER_TRANSACTION = 2000
INGESTED_AT = "2026-01-01T00:00:00+00:00"

# Tables the bulk build fills, in an order foreign keys accept, with the columns copied to PostgreSQL.
TABLES: dict[str, tuple[str, ...]] = {
    "documents": ("seq", *DOCUMENT_COLUMNS),
    "entities": ("id", "name", "kind", "kb_id", "block"),
    "entity_names": ("entity_id", "name", "name_key"),
    "claims": ("id", "doc_id", "type", "status", "source_entity_id", "time_value", "time_text",
               "statement_time_value", "confidence", "first_start", "ledger_key", "json"),
    "claim_args": ("claim_id", "role", "position", "entity_id", "value"),
    "claim_sources": ("claim_id", "position", "entity_id"),
    "evidence": ("id", "claim_id", "doc_id", "start", "end", "text"),
    "claim_edges": ("claim_id", "source", "target", "type", "status", "day", "said_by"),
    "claims_by_entity": ("entity_id", "undated", "published", "doc_name", "doc_id", "no_start", "first_start",
                         "claim_id"),
}


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _insert(table: str, n: int, conflict: bool = False) -> str:
    cols = TABLES[table] if table not in ("documents", "evidence") else TABLES[table][1:]
    quoted = ", ".join(f'"{c}"' for c in cols)
    return (f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * n)})"
            + (" ON CONFLICT DO NOTHING" if conflict else ""))


def build_sqlite(path: Path, claims: int, seed: int = 7) -> None:
    """Create the SQLite database at ``path`` with about ``claims`` synthetic claims (bulk path, see above)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".building")
    partial.unlink(missing_ok=True)
    Store.open(partial).close()  # the real schema, every migration applied
    conn = sqlite3.connect(partial, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")  # a throwaway build: no rollback journal, no fsync
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")  # 1 GB of page cache: the random-key B-trees stay in memory
    corpus = _Corpus(seed)
    docs = claims // CLAIMS_PER_DOC
    started = time.perf_counter()
    seen_entities: set[str] = set()
    for first in range(0, docs, DOCS_PER_TRANSACTION):
        batch: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
        for i in range(first, min(docs, first + DOCS_PER_TRANSACTION)):
            doc, found = corpus.document(i)
            row = document_row(doc, INGESTED_AT)
            batch["documents"].append(tuple(row[c] for c in DOCUMENT_COLUMNS))
            entities, names = entity_rows(found)
            batch["entities"] += [e for e in entities if e[0] not in seen_entities]
            seen_entities.update(e[0] for e in entities)
            batch["entity_names"] += names
            rows = [claim_rows(c) for c in found]
            batch["claims_by_entity"] += entity_claim_rows(row, rows)
            for r in rows:
                batch["claims"].append(r.claim)
                batch["claim_args"] += r.args
                batch["claim_sources"] += r.sources
                batch["evidence"] += r.evidence
            batch["claim_edges"] += edge_rows(found, row["published"])
        conn.execute("BEGIN")
        for table, rows in batch.items():
            if rows:
                conn.executemany(_insert(table, len(rows[0]), conflict=table == "entity_names"), rows)
        conn.execute("COMMIT")
        done = min(docs, first + DOCS_PER_TRANSACTION)
        elapsed = time.perf_counter() - started
        _log(f"  sqlite: {done * CLAIMS_PER_DOC:,}/{docs * CLAIMS_PER_DOC:,} claims ({elapsed:.0f} s, "
             f"about {elapsed / done * (docs - done):.0f} s left)")
    conn.close()
    partial.rename(path)
    _log(f"  sqlite: built {path} in {time.perf_counter() - started:.0f} s")


def copy_to_postgres(db: Path, url: str) -> None:
    """Empty the PostgreSQL database at ``url``, migrate it, and copy every bulk-built table from ``db``; a
    database that already holds as many documents and claims (an earlier run's copy) is only migrated."""
    import psycopg

    with Store.open(url) as store, Store.open(db, read_only=True) as built:
        want = built.counts()
        have = store.counts()
    if all(have[t] == want[t] for t in ("documents", "claims", "evidence")):
        _log(f"  postgresql: {url.split('@')[-1]} already holds this database's {want['claims']:,} claims")
        return
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("DROP SCHEMA public CASCADE")
        admin.execute("CREATE SCHEMA public")
    Store.open(url).close()  # the real PostgreSQL schema
    src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        for table, cols in TABLES.items():
            quoted = ", ".join(f'"{c}"' for c in cols)
            n = 0
            with conn.cursor() as cur, cur.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in src.execute(f"SELECT {quoted} FROM {table}"):
                    copy.write_row(row)
                    n += 1
            conn.commit()
            _log(f"  postgresql: {table}: {n:,} rows ({time.perf_counter() - started:.0f} s)")
        for table, col in (("documents", "seq"), ("evidence", "id")):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{col}'), "
                         f"(SELECT COALESCE(max({col}), 1) FROM {table}))")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    src.close()
    _log(f"  postgresql: copied in {time.perf_counter() - started:.0f} s")


def _samples(db: Path, n: int, seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(entity id, the text find_claims is given: kb id, else name) for ``n`` random and the 10 busiest entities."""
    with Store.open(db, read_only=True) as store:
        everyone = store.read("SELECT id, COALESCE(kb_id, name) FROM entities ORDER BY id")
        busy = store.read(
            "SELECT e.id, COALESCE(e.kb_id, e.name) FROM entities e JOIN "
            "(SELECT entity_id, count(*) AS n FROM (SELECT entity_id FROM claim_args WHERE entity_id IS NOT NULL "
            "UNION ALL SELECT entity_id FROM claim_sources) AS r GROUP BY entity_id) AS k ON k.entity_id = e.id "
            "ORDER BY k.n DESC, e.id LIMIT 10")
    rng = random.Random(seed)
    return [tuple(r) for r in rng.choices(everyone, k=n)], [tuple(r) for r in busy]  # type: ignore[misc]


def _time(work: Callable[[], object], rounds: list[float]) -> None:
    start = time.perf_counter()
    work()
    rounds.append((time.perf_counter() - start) * 1000)


def measure(store: Store, random_entities: list[tuple[str, str]], busiest: list[tuple[str, str]],
            repeat_busy: int) -> dict[str, list[float]]:
    """Milliseconds per call of each measured query, by query and sample set."""
    out: dict[str, list[float]] = {}
    for label, sample in (("random", random_entities), ("busiest", busiest * repeat_busy)):
        for _eid, text in sample[:3]:  # warm the cache and the prepared statements
            find_claims(store, ClaimFilter(entity=text, limit=100))
        for eid, text in sample:
            entity = get_entity(store, eid)
            assert entity is not None, eid
            _time(lambda: find_claims(store, ClaimFilter(entity=text, limit=100)),  # noqa: B023
                  out.setdefault(f"find_claims(entity, limit=100), {label}", []))
            _time(lambda: entity_profile(store, entity),  # noqa: B023
                  out.setdefault(f"entity_profile, {label}", []))
            _time(lambda: entity_claims(store, eid, limit=50),  # noqa: B023
                  out.setdefault(f"entity_claims(limit=50), {label}", []))
    return out


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(engine: str, counts: dict[str, int], results: dict[str, list[float]]) -> float:
    """Print one engine's table; returns its worst p95."""
    print(f"\n{engine}: {counts['claims']:,} claims, {counts['documents']:,} documents, "
          f"{counts['entities']:,} entities")
    print(f"{'query, entities':<44}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  p95 <= {BAR_MS:.0f} ms")
    worst = 0.0
    for name, times in results.items():
        p95 = _p95(times)
        worst = max(worst, p95)
        print(f"{name:<44}{len(times):>5}{statistics.median(times):>9.1f}{p95:>9.1f}{max(times):>9.1f}  "
              f"{'yes' if p95 <= BAR_MS else 'NO'}")
    print(f"worst p95 {worst:.1f} ms: {'within' if worst <= BAR_MS else 'OVER'} the {BAR_MS:.0f} ms bar")
    return worst


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} cores, load {load:.1f}, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="the SQLite database (default benchmarks/.cache/query-N.db)")
    parser.add_argument("--pg", help="a PostgreSQL URL whose database is emptied and filled (default: a "
                                     "throwaway server); 'none' skips PostgreSQL")
    parser.add_argument("--samples", type=int, default=200, help="random entities per query")
    parser.add_argument("--repeat-busy", type=int, default=5, help="rounds over the 10 busiest entities")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    db = args.db or Path(__file__).parent / ".cache" / f"query-{args.claims}.db"
    if not db.exists():
        _log(f"building {db} with {args.claims:,} synthetic claims (once; reused later) …")
        build_sqlite(db, args.claims)
    Store.open(db).close()  # migrates a database built by an older claimgraph (new indexes)
    random_entities, busiest = _samples(db, args.samples, args.seed)
    print(f"claimgraph entity-claims query latency — {_machine()}; one query at a time; "
          f"{len(random_entities)} random entities, the 10 busiest x {args.repeat_busy}")
    worst: dict[str, float] = {}
    with Store.open(db, read_only=True) as store:
        worst["sqlite"] = report("sqlite", store.counts(), measure(store, random_entities, busiest, args.repeat_busy))
    if args.pg != "none":
        server = None
        url = args.pg
        if url is None:
            sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
            from pg import start_server

            _log("starting a throwaway PostgreSQL server …")
            server = start_server()
            url = server.create_database("cg_bench")
        try:
            copy_to_postgres(db, url)
            with Store.open(url, read_only=True) as store:
                worst["postgresql"] = report("postgresql", store.counts(),
                                             measure(store, random_entities, busiest, args.repeat_busy))
        finally:
            if server is not None:
                server.stop()
    print("\n" + "; ".join(f"{e}: worst p95 {w:.1f} ms ({'within' if w <= BAR_MS else 'OVER'} {BAR_MS:.0f} ms)"
                           for e, w in worst.items()))


if __name__ == "__main__":
    main()

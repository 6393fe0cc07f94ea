"""Benchmark: the web workbench under a fixed rate of mixed requests while an ingest writes (issue 9, "Load").

    .venv/bin/python benchmarks/load_test.py [--rate 1000] [--duration 30] [--workers 1] [--docs 3000]
                                             [--base benchmarks/.cache/web-100k.db] [--claims 100000]
                                             [--kinds 'api claim,claim'] [--timeout 10] [--connections 256]

Copies the synthetic database of benchmarks/web_pages.py (built once with benchmarks/synthetic.py if it is
missing) into a temporary folder, starts a real ``claimgraph serve`` on a free 127.0.0.1 port and a real
``claimgraph ingest`` of --docs generated reports (benchmarks/news_corpus.py) into the same file, waits for
the ingest's first stored batch, then sends --rate requests a second for --duration seconds (open loop,
benchmarks/loadgen.py) over a mix of pages and API calls with ids drawn from the database. Prints the
machine, the mix, latency percentiles per kind of request, errors, the achieved rate, and the documents
stored before and after the run. Exits 1 if any request failed. Everything stops by itself.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from loadgen import Target, run_load

CLI = [sys.executable, "-m", "claimgraph.cli"]
WORDS = ["drones", "Iran", "sentenced", "missiles", "Russia", "detained", "struck positions"]
OK = frozenset({200})
MAYBE_GONE = frozenset({200, 404})  # a ledger entry can be recomputed under a new id by the running ingest
GONE = frozenset({404})

__all__ = ["documents", "prepare", "sample_targets", "start_ingest", "start_server", "stop"]


def prepare(base: Path, work: Path, claims: int) -> Path:
    """A migrated copy of the synthetic database ``base`` (built first if missing) in ``work``."""
    if not base.exists():
        from synthetic import build

        base.parent.mkdir(parents=True, exist_ok=True)
        print(f"building {base} with {claims} synthetic claims (once; reused later) …", file=sys.stderr)
        build(base, claims)
    db = work / "load.db"
    src = sqlite3.connect(f"{base.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with sqlite3.connect(db) as dst:
            src.backup(dst)  # consistent even if the base has a WAL
    finally:
        src.close()
    from claimgraph.store import Store

    Store.open(db).close()  # migrate the copy to this claimgraph's schema
    return db


def documents(db: Path) -> int:
    """How many documents the database holds now."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def sample_targets(db: Path, n: int, seed: int = 11) -> list[Target]:
    """A mix of every kind of read the workbench serves, ``n`` ids of each kind drawn from ``db``."""
    rng = random.Random(seed)
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        def ids(sql: str) -> list[str]:
            return [r[0] for r in conn.execute(sql, (n,))]

        entities = ids("SELECT entity_id FROM claim_args WHERE entity_id IS NOT NULL GROUP BY entity_id "
                       "ORDER BY random() LIMIT ?")
        claims = ids("SELECT id FROM claims ORDER BY random() LIMIT ?")
        docs = ids("SELECT id FROM documents ORDER BY random() LIMIT ?")
        entries = ids("SELECT id FROM ledger_entries ORDER BY random() LIMIT ?")
    finally:
        conn.close()
    if not (entities and claims and docs and entries):
        raise SystemExit(f"{db}: needs entities, claims, documents and ledger entries to sample")
    e, c, d, le = (lambda: rng.choice(entities)), (lambda: rng.choice(claims)), (lambda: rng.choice(docs)), \
        (lambda: rng.choice(entries))
    kinds: dict[str, tuple[int, object]] = {  # kind: (weight, a function giving (path, expected statuses))
        "search": (3, lambda: (f"/?q={rng.choice(WORDS).replace(' ', '+')}", OK)),
        "api search": (3, lambda: (f"/api/search?q={rng.choice(WORDS).replace(' ', '+')}&limit=20", OK)),
        "entity": (3, lambda: (f"/entities/{e()}", OK)),
        "api entity": (2, lambda: (f"/api/entities/{e()}", OK)),
        "entity claims": (2, lambda: (f"/entities/{e()}?offset={rng.randint(0, 200)}", OK)),
        "api entity claims": (3, lambda: (f"/api/entities/{e()}/claims?limit=50&offset={rng.randint(0, 200)}", OK)),
        "claim": (4, lambda: (f"/claims/{c()}", OK)),
        "api claim": (5, lambda: (f"/api/claims/{c()}", OK)),
        "document": (2, lambda: (f"/documents/{d()}", OK)),
        "api document": (2, lambda: (f"/api/documents/{d()}", OK)),
        "ledger": (2, lambda: (f"/ledger?offset={rng.randint(0, 500)}", OK)),
        "api ledger": (2, lambda: (f"/api/ledger?entity={e()}&limit=20", OK)),
        "ledger entry": (2, lambda: (f"/ledger/{le()}", MAYBE_GONE)),
        "api ledger entry": (2, lambda: (f"/api/ledger/{le()}", MAYBE_GONE)),
        "network": (1, lambda: (rng.choice(["/network", f"/network?entity={e()}",
                                            f"/network?type=transfer&since={rng.randint(2015, 2023)}"]), OK)),
        "api network": (2, lambda: (rng.choice([f"/api/network?entity={e()}", "/api/network?type=support&limit=50"]),
                                    OK)),
        "timeline": (1, lambda: (f"/timeline?entity={e()}", OK)),
        "api timeline": (2, lambda: (f"/api/timeline?entity={e()}&limit=50", OK)),
        "not found": (1, lambda: (f"/api/claims/no-such-claim-{rng.randint(0, 10**9)}", GONE)),
    }
    targets = []
    for kind, (weight, make) in kinds.items():
        for _ in range(weight * n):
            path, expect = make()  # type: ignore[operator]
            targets.append(Target(kind, path, expect))
    return targets


def _wait_up(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"claimgraph serve did not come up on 127.0.0.1:{port} (exit {proc.poll()})")
        time.sleep(0.2)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    """``claimgraph serve`` on 127.0.0.1:``port`` over ``db``, answering once this returns."""
    extra = ["--workers", str(workers)] if workers > 1 else []
    proc = subprocess.Popen([*CLI, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port), *extra],
                            env={**os.environ, "NO_COLOR": "1"}, stdout=subprocess.DEVNULL)
    _wait_up(port, proc)
    return proc


def start_ingest(corpus: Path, db: Path, batch_size: int = 8) -> subprocess.Popen[bytes]:
    """``claimgraph ingest`` of the folder ``corpus`` into ``db``, in the background (its messages go to
    ``ingest.log`` beside ``db``)."""
    with (db.parent / "ingest.log").open("wb") as log:
        return subprocess.Popen([*CLI, "ingest", str(corpus), "--db", str(db), "--published", "2024-03-08",
                                 "--batch-size", str(batch_size)], env={**os.environ, "NO_COLOR": "1"},
                                stdout=subprocess.DEVNULL, stderr=log)


def wait_for_writes(db: Path, ingest: subprocess.Popen[bytes], before: int, timeout: float = 180) -> int:
    """Wait until the ingest has stored something (its models load first); the count then."""
    deadline = time.monotonic() + timeout
    while (now := documents(db)) <= before:
        if ingest.poll() is not None or time.monotonic() > deadline:
            log = db.parent / "ingest.log"
            raise SystemExit(f"the ingest stored nothing (exit {ingest.poll()}): "
                             f"{log.read_text()[-2000:] if log.exists() else ''}")
        time.sleep(0.2)
    return now


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Interrupt a server or ingest (Ctrl-C: an ingest commits what it has), kill it after 20 s."""
    if proc.poll() is None:
        proc.send_signal(2)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, default=1000)
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--workers", type=int, default=1, help="claimgraph serve --workers")
    ap.add_argument("--docs", type=int, default=3000, help="reports the concurrent ingest writes")
    ap.add_argument("--base", type=Path, default=Path("benchmarks/.cache/web-100k.db"))
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--timeout", type=float, default=10, help="seconds from its due time an answer may take")
    ap.add_argument("--connections", type=int, default=256, help="most client connections")
    ap.add_argument("--kinds", help="only these kinds of request, comma-separated (e.g. 'api claim,claim')")
    args = ap.parse_args()
    from news_corpus import machine, write_corpus

    with tempfile.TemporaryDirectory(prefix="claimgraph-load-") as tmp:
        work = Path(tmp)
        db = prepare(args.base, work, args.claims)
        corpus = write_corpus(work / "corpus", args.docs)
        targets = sample_targets(db, 40)
        if args.kinds:
            wanted = {k.strip() for k in args.kinds.split(",")}
            unknown = wanted - {t.kind for t in targets}
            if unknown:
                raise SystemExit(f"unknown kinds {sorted(unknown)}: known are {sorted({t.kind for t in targets})}")
            targets = [t for t in targets if t.kind in wanted]
        kinds = sorted({t.kind for t in targets})
        server = start_server(db, free_port(), args.workers)
        port = int(server.args[server.args.index("--port") + 1])
        ingest = start_ingest(corpus, db)
        try:
            before = wait_for_writes(db, ingest, documents(db))
            load_before = os.getloadavg()
            result = run_load("127.0.0.1", port, targets, rate=args.rate, duration=args.duration,
                              timeout=args.timeout, max_connections=args.connections)
            after = documents(db)
            still = ingest.poll() is None
        finally:
            stop(ingest)
            stop(server)
        print(machine())
        print(f"load average before the run {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}; "
              f"claimgraph serve --workers {args.workers}; {len(targets)} targets over {len(kinds)} kinds")
        print(result.report())
        print(f"ingest: {before} documents when the load started, {after} when it ended "
              f"(+{after - before}); {'still running' if still else 'finished'} at the end")
    raise SystemExit(1 if result.error_count else 0)


if __name__ == "__main__":
    main()

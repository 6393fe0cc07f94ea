"""Benchmark: web workbench page and API latency on a large database (issue 6: p95 < 200 ms at 100k claims).

    .venv/bin/python benchmarks/web_pages.py [--db FILE] [--claims N] [--requests R]

Builds (or reuses) a synthetic database of --claims claims (benchmarks/synthetic.py), then requests every
kind of page R times over a real HTTP server on loopback (uvicorn in a thread, httpx client, one request
at a time), with ids drawn at random from the database (busy entities included), and prints p50, p95 and
max per page in milliseconds, and whether each p95 is under the bar.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import build

from claimgraph.store import Store
from claimgraph.web import create_app

BAR_MS = 200.0


def _serve(db: Path) -> tuple[str, uvicorn.Server]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def _samples(db: Path, base: str, rng: random.Random, n: int) -> dict[str, list[str]]:
    with Store.open(db, read_only=True) as store:
        busy = [r[0] for r in store.read(
            "SELECT entity_id FROM claim_args WHERE entity_id IS NOT NULL GROUP BY entity_id "
            "ORDER BY COUNT(*) DESC LIMIT 10")]
        entities = busy + [r[0] for r in store.read("SELECT id FROM entities ORDER BY random() LIMIT ?", (n,))]
        claims = [r[0] for r in store.read("SELECT id FROM claims ORDER BY random() LIMIT ?", (n,))]
        docs = [r[0] for r in store.read("SELECT id FROM documents ORDER BY random() LIMIT ?", (n,))]
        edges = store.read("SELECT a.entity_id, b.entity_id FROM claims c "
                           "JOIN claim_args a ON a.claim_id = c.id AND a.role = 'supplier' "
                           "JOIN claim_args b ON b.claim_id = c.id AND b.role = 'recipient' "
                           "WHERE c.type = 'transfer' ORDER BY random() LIMIT ?", (n,))
        words = ["drones", "Iran", "sentenced", "missiles", "Russia", "detained", "struck positions"]
    ledger_ids = []
    with httpx.Client(timeout=60) as client:  # entry ids come from the API itself
        for eid in entities[:20]:
            ledger_ids += [e["id"] for e in client.get(f"{base}/api/ledger", params={"entity": eid, "limit": 5}).json()]
    pages = {
        "search": [f"/?q={rng.choice(words)}" for _ in range(n)],
        "entity (busy)": [f"/entities/{rng.choice(busy)}" for _ in range(n)],
        "entity": [f"/entities/{rng.choice(entities)}" for _ in range(n)],
        "claim": [f"/claims/{c}" for c in claims],
        "document": [f"/documents/{d}" for d in docs],
        "ledger list": [f"/ledger?offset={rng.randint(0, 500)}" for _ in range(n)],
        "ledger entry": [f"/ledger/{rng.choice(ledger_ids)}" for _ in range(n)] if ledger_ids else [],
        "network": ["/network"] * n,
        "network filtered": [f"/network?type=transfer&since={rng.randint(2015, 2023)}&status=asserted"
                             for _ in range(n)],
        "network of entity": [f"/network?entity={rng.choice(entities)}" for _ in range(n)],
        "edge claims": [f"/edges?source={a}&target={b}&type=transfer" for a, b in edges],
        "timeline of entity": [f"/timeline?entity={rng.choice(entities)}" for _ in range(n)],
        "api: claim": [f"/api/claims/{c}" for c in claims],
        "api: network": ["/api/network?type=support&limit=500" for _ in range(n)],
    }
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("benchmarks/.cache/web-100k.db"))
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        print(f"building {args.db} with {args.claims} synthetic claims (once; reused later) …", file=sys.stderr)
        build(args.db, args.claims)
    with Store.open(args.db, read_only=True) as store:
        counts = store.counts()
    base, server = _serve(args.db)
    rng = random.Random(11)
    pages = _samples(args.db, base, rng, args.requests)
    print(f"claimgraph web pages — {counts['claims']} claims, {counts['documents']} documents, "
          f"{counts['entities']} entities; {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"{args.requests} requests per page, one at a time, over loopback HTTP")
    print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  under {BAR_MS:.0f} ms at p95")
    worst = 0.0
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, urls in pages.items():
            if not urls:
                print(f"{name:<22} (no samples)")
                continue
            client.get(urls[0])  # warm
            times = []
            for url in urls:
                start = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {r.status_code}: {r.text[:200]}")
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            worst = max(worst, p95)
            print(f"{name:<22}{statistics.median(times):>9.1f}{p95:>9.1f}{times[-1]:>9.1f}  "
                  f"{'yes' if p95 < BAR_MS else 'NO'}")
    server.should_exit = True
    print(f"worst p95 {worst:.1f} ms: {'within' if worst < BAR_MS else 'OVER'} the {BAR_MS:.0f} ms bar "
          f"(ratio {worst / BAR_MS:.2f})")


if __name__ == "__main__":
    main()

"""The workbench's pool of read-only SQLite connections: reused across requests, yet every request sees
what was committed before it, a failed request's connection is not reused, and PostgreSQL is never pooled."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from claimgraph.store import Store
from claimgraph.web import create_app
from claimgraph.web.app import POOL_SIZE, ReadPool


def test_pooled_connections_see_later_commits(tmp_path: Path, seed_extraction):
    db = tmp_path / "pool.db"
    Store.open(db).close()  # an empty database
    first = seed_extraction.claims[0].id
    app = create_app(db)
    with TestClient(app) as client:
        for _ in range(3):
            assert client.get(f"/api/claims/{first}").status_code == 404
        pool: ReadPool = app.state.pool
        assert pool.idle.qsize() == 1  # one connection, opened once, reused: requests here run one at a time
        pooled = pool.idle.queue[0]
        with Store.open(db) as store:  # another process's ingest, as it were
            store.add(seed_extraction.document, seed_extraction.claims, seed_extraction.mentions)
        assert client.get(f"/api/claims/{first}").status_code == 200  # the same connection sees the commit
        assert client.get(f"/claims/{first}").status_code == 200
        assert pool.idle.queue == [pooled]
    assert pool.idle.qsize() == 0  # closed when the app shut down


def test_the_pool_is_bounded_and_drops_what_it_must(web_db: Path):
    pool = ReadPool(str(web_db), size=2)
    stores = [pool.open() for _ in range(3)]
    assert [pool.keep(s) for s in stores] == [True, True, False]  # full: the caller closes the third
    stores[2].close()
    again = pool.take_idle()
    assert again is stores[1]  # the most recently used first
    assert not pool.keep(again, reuse=False)  # a failed request's connection is closed, not kept
    again.close()
    pool.close()
    assert pool.take_idle() is None
    assert POOL_SIZE >= 1


def test_postgresql_is_never_pooled():
    pool = ReadPool("postgresql://claimgraph@127.0.0.1:1/none")  # nothing is connected to here
    assert not pool.pooled and pool.take_idle() is None

"""The claim_edges table: what Store.add writes equals what migration 0006's backfill derives from claims
(on SQLite and PostgreSQL, each with its own migration)."""

from __future__ import annotations

from importlib import resources

from claimgraph.model import EDGE_ROLES
from claimgraph.store import Store


def _backfill_sql(engine: str) -> str:
    folder = resources.files("claimgraph.store").joinpath(*(["migrations"] if engine == "sqlite" else
                                                           ["migrations", "postgresql"]))
    text = next(f for f in folder.iterdir() if f.name.endswith("_claim_edges.sql")).read_text("utf-8")
    return text[text.index("WITH pairs"):]


def test_add_and_backfill_agree_on_the_seed(seed_extraction, target):
    with Store.open(target) as store:
        store.add(seed_extraction.document, seed_extraction.claims, seed_extraction.mentions)
        written = store.read("SELECT * FROM claim_edges ORDER BY claim_id, source, target")
        assert len(written) >= 30
        assert {r[3] for r in written} <= set(EDGE_ROLES)
        store.connection.execute("DELETE FROM claim_edges")
        if store.engine == "sqlite":
            store.connection.executescript(_backfill_sql("sqlite"))
        else:
            store.connection.script(_backfill_sql("postgresql"))
        assert store.read("SELECT * FROM claim_edges ORDER BY claim_id, source, target") == written


def test_edges_go_with_their_claims(seed_extraction, target):
    with Store.open(target) as store:
        store.add(seed_extraction.document, seed_extraction.claims, seed_extraction.mentions)
        store.add(seed_extraction.document, seed_extraction.claims[:5], seed_extraction.mentions)  # re-extracted
        kept = {r[0] for r in store.read("SELECT id FROM claims")}
        assert {r[0] for r in store.read("SELECT claim_id FROM claim_edges")} <= kept

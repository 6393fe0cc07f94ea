"""The store on a real SQLite file and a real PostgreSQL database (the ``target`` tests run on both): migrations,
pragmas, idempotent writes, read-back, search."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import psycopg
import pytest

from claimgraph.errors import StoreError
from claimgraph.model import Claim, Document, EntityRef, Evidence, TimeValue
from claimgraph.store import Store, fts_quote, latest_version
from claimgraph.store.migrator import load_migrations

TEXT = ("Iran handed 46 drones over to Russia, the think tank quoted the adviser as saying on Friday. "
        "Israel accused the Islamic Republic of providing its proxies with drones.")
IRAN = EntityRef(name="Iran", kind="state", kb_id="Q794")
RUSSIA = EntityRef(name="Russia", kind="state", kb_id="Q159")
ISRAEL = EntityRef(name="Israel", kind="state", kb_id="Q801")
ISW = EntityRef(name="Institute for the Study of War", kind="organization", kb_id="Q6039516")
ADVISER = EntityRef(name="Oleksiy Arestovych", kind="person")
SHAHED = EntityRef(name="Shahed 129", kind="weapon", kb_id="Q7461637")


def span(doc: Document, phrase: str) -> Evidence:
    start = doc.text.index(phrase)
    return Evidence(doc=doc.name, start=start, end=start + len(phrase), text=phrase)


def make_doc(text: str = TEXT, name: str = "seed-1",
             published: dt.date | None = dt.date(2022, 8, 5)) -> Document:
    return Document(text=text, name=name, title="Drones for Russia", url="https://example.org/a",
                    outlet="Example", published=published, published_source="cli", origin=f"{name}.txt")


def make_claims(doc: Document) -> list[Claim]:
    transfer = Claim(
        doc=doc.name, doc_id=doc.id, type="transfer",
        args={"supplier": IRAN, "recipient": RUSSIA, "item": [SHAHED], "quantity": 46},
        status="unconfirmed", source=ADVISER, source_chain=(ISW, ADVISER),
        time=TimeValue(text="on Friday", value="2022-08-05", precision="day"),
        evidence=(span(doc, "Iran handed 46 drones over to Russia"),), confidence=0.82)
    accuse = Claim(
        doc=doc.name, doc_id=doc.id, type="accuse", args={"accuser": ISRAEL, "accused": IRAN},
        status="asserted", evidence=(span(doc, "Israel accused the Islamic Republic"),), confidence=0.7)
    return [transfer, accuse]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "claims.db"


def test_open_creates_a_migrated_wal_database_with_foreign_keys(db: Path) -> None:
    with Store.open(db) as store:
        conn = store.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version() == len(load_migrations())
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"documents", "entities", "claims", "claim_args", "claim_sources", "evidence",
                "documents_fts", "evidence_fts"} <= tables
        assert store.counts() == {"documents": 0, "claims": 0, "entities": 0, "evidence": 0}
    assert db.exists()


def test_migrations_are_applied_once(db: Path) -> None:
    Store.open(db).close()
    with Store.open(db) as store:
        from claimgraph.store import migrate
        assert migrate(store.connection) == []
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == latest_version()


def test_migration_statements_split_triggers_whole() -> None:
    first = load_migrations()[0]
    statements = first.statements()
    triggers = [s for s in statements if s.upper().startswith("CREATE TRIGGER")]
    assert triggers and all(s.rstrip().upper().endswith("END;") for s in triggers)


def test_add_and_read_back_losslessly(target: str) -> None:
    doc = make_doc()
    claims = make_claims(doc)
    with Store.open(target) as store:
        result = store.add(doc, claims)
        assert (result.document_id, result.new, result.claims) == (doc.id, True, 2)
    with Store.open(target) as store:
        assert store.get_document(doc.id) == doc
        assert store.get_document(doc.name) == doc
        assert store.get_document("d-missing") is None
        assert store.documents() == [doc]
        assert sorted(store.claims(), key=lambda c: c.id) == sorted(claims, key=lambda c: c.id)
        assert store.claims()[0] == claims[0]  # ordered by evidence start
        assert [c.to_v1() for c in store.claims(doc.id)] == [c.to_v1() for c in claims]
        assert store.counts() == {"documents": 1, "claims": 2, "entities": 6, "evidence": 2}


def test_re_adding_the_same_document_is_a_no_op(target: str) -> None:
    doc = make_doc()
    with Store.open(target) as store:
        store.add(doc, make_claims(doc))
        before = store.counts()
        again = store.add(doc, make_claims(doc))
        assert (again.new, again.changed, again.claims) == (False, False, 2)
        assert store.counts() == before
        assert store.connection.execute("SELECT count(*) FROM claim_args").fetchone()[0] == 6


def test_re_adding_replaces_the_claims_atomically(target: str) -> None:
    doc = make_doc()
    old = make_claims(doc)
    better = old[0].model_copy(update={"status": "reported", "confidence": 0.9})
    with Store.open(target) as store:
        store.add(doc, old)
        result = store.add(doc, [better])
        assert (result.new, result.changed, result.claims) == (False, True, 1)
        assert store.claims() == [better]
        counts = store.counts()
        # Israel was only in the dropped claim: it is garbage-collected; Iran is still referenced.
        assert counts == {"documents": 1, "claims": 1, "entities": 5, "evidence": 1}
        hits = store.search("Israel accused")
        assert hits and all(h.kind == "document" for h in hits)
        if store.engine == "sqlite":  # PostgreSQL's GIN indexes need no keeping
            for fts in ("evidence_fts", "documents_fts"):  # rank 1: the index against its content table
                store.connection.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")


def test_duplicate_claims_are_merged_not_rejected(target: str) -> None:
    doc = make_doc()
    claim = make_claims(doc)[1]
    twice = claim.model_copy(update={"evidence": (span(doc, "accused the Islamic Republic"),)})
    with Store.open(target) as store:
        assert store.add(doc, [claim, twice]).claims == 1
        (stored,) = store.claims()
        assert len(stored.evidence) == 2 and stored.id == claim.id


def test_a_failed_add_leaves_nothing_behind(target: str) -> None:
    doc = make_doc()
    other = make_doc(text="Another report entirely.", name="other")
    foreign = make_claims(doc)[0].model_copy(update={"doc_id": other.id})
    with Store.open(target) as store:
        with pytest.raises(StoreError, match="belongs to document"):
            store.add(doc, [foreign])
        assert store.counts()["documents"] == 0
        assert not store.connection.in_transaction


def test_document_metadata_updates_and_undated_sort_last(target: str) -> None:
    dated, undated = make_doc(), make_doc(text="Undated text.", name="undated", published=None)
    with Store.open(target) as store:
        store.add(undated, [])
        store.add(dated, [])
        assert [d.name for d in store.documents()] == ["seed-1", "undated"]
        renamed = dated.model_copy(update={"title": "New title"})
        assert store.add(renamed, []).changed
        assert store.get_document(dated.id).title == "New title"
        assert store.counts()["documents"] == 2


@pytest.mark.parametrize("hostile", ['"', '""', "AND OR NOT", "*", "'; DROP TABLE claims; --", "NEAR(a b)",
                                     "title:drones", "^drones", "drones*", "(", "\x00", "  ", "-", "{a b}"])
def test_search_treats_input_as_data(target: str, hostile: str) -> None:
    doc = make_doc()
    with Store.open(target) as store:
        store.add(doc, make_claims(doc))
        hits = store.search(hostile, limit=10)
        assert isinstance(hits, list)
        assert store.counts()["claims"] == 2


def test_search_finds_documents_and_evidence(target: str) -> None:
    doc = make_doc()
    with Store.open(target) as store:
        store.add(doc, make_claims(doc))
        hits = store.search("handed 46 drones")
        assert {h.kind for h in hits} == {"document", "evidence"}
        evidence = next(h for h in hits if h.kind == "evidence")
        assert evidence.claim_id == make_claims(doc)[0].id and "[handed 46 drones]" in evidence.snippet
        assert store.search("DRONES")
        assert store.search('drones "over')  # the quote is data: the phrase "drones over" matches
        assert store.search("Drones for Russia")[0].kind == "document"  # the title is indexed
        assert len(store.search("drones", limit=1)) == 1
        assert store.search("drones", limit=0) == []


def test_search_keeps_the_best_matches_and_breaks_equal_scores_by_kind_document_and_claim(target: str) -> None:
    """Twelve copies of one report score alike: the first ``limit`` hits are those that sort first by (score, kind,
    document id, claim id), whatever the limit, with a snippet each (SQLite snippets only the hits it returns)."""
    docs = [make_doc(name=f"copy-{i:02d}", text=TEXT + f" Copy {i}.") for i in range(12)]
    with Store.open(target) as store:
        for doc in docs:
            store.add(doc, make_claims(doc))
        everything = store.search("drones", limit=100)
        assert len(everything) == 12 * 2  # each document and the evidence of its claim about drones
        assert len({h.score for h in everything}) < len(everything)  # ties to break
        key = [(h.score, h.kind, h.doc_id, h.claim_id or "") for h in everything]
        assert key == sorted(key)
        for limit in (1, 5, 12, 13, 23):
            hits = store.search("drones", limit=limit)
            assert [(h.kind, h.doc_id, h.claim_id) for h in hits] == \
                [(h.kind, h.doc_id, h.claim_id) for h in everything[:limit]]
            assert all("[drones]" in h.snippet.lower() for h in hits)


def test_a_schema_10_database_keeps_one_consistent_evidence_index_after_migration(db: Path) -> None:
    """Schema 11 drops the trigger that indexed evidence a row at a time, since the writer indexes each document's
    evidence itself: evidence indexed before the upgrade stays found, leaves the index with its claim, and
    evidence stored after is indexed once (with the trigger left, twice: the integrity check fails)."""
    old_doc, new_doc = make_doc(), make_doc(TEXT + " A second report.", name="seed-2")
    with Store.open(db) as store:
        store.add(old_doc, make_claims(old_doc))
    conn = sqlite3.connect(db)  # back to schema 10, whose trigger indexed each evidence row as it was inserted
    conn.execute("CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN "
                 "INSERT INTO evidence_fts (rowid, text) VALUES (new.id, new.text); END")
    conn.execute("ALTER TABLE ledger_entries DROP COLUMN inputs")  # schema 12's
    conn.execute("PRAGMA user_version = 10")
    conn.commit()
    conn.close()
    with Store.open(db) as store:
        triggers = {r[0] for r in store.connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert "evidence_fts_insert" not in triggers and {"evidence_fts_delete", "evidence_fts_update"} <= triggers
        store.add(old_doc, make_claims(old_doc)[:1])  # its second claim dropped, with that claim's evidence
        store.add(new_doc, make_claims(new_doc))
        assert {h.doc_id for h in store.search("drones") if h.kind == "evidence"} == {old_doc.id, new_doc.id}
        assert [h.doc_id for h in store.search("accused the Islamic Republic") if h.kind == "evidence"] == [new_doc.id]
        store.connection.execute("INSERT INTO evidence_fts (evidence_fts, rank) VALUES ('integrity-check', 1)")


def test_fts_quote() -> None:
    assert fts_quote('say "no"') == '"say ""no"""'


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not a database, just some text\n" * 100)
    with pytest.raises(StoreError, match="not an SQLite database") as info:
        Store.open(bogus)
    assert "\n" not in str(info.value)


def test_unwritable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open or create"):
        Store.open(blocker / "claims.db")
    with pytest.raises(StoreError, match="folder"):
        Store.open(tmp_path)


def test_newer_schema_is_a_store_error(db: Path) -> None:
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this claimgraph knows"):
        Store.open(db)


def test_foreign_sqlite_database_is_a_store_error(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="not a claimgraph database"):
        Store.open(db)


def test_foreign_keys_cascade_on_document_delete(target: str) -> None:
    doc = make_doc()
    with Store.open(target) as store:
        store.add(doc, make_claims(doc))
        store.connection.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
        assert store.counts()["claims"] == 0 and store.counts()["evidence"] == 0
        assert store.search("handed") == []
        with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
            store.connection.execute("INSERT INTO claims (id, doc_id, type, status, confidence, json) "
                                     "VALUES ('c', 'd-x', 't', 's', 0, '{}')")


def test_entities_shared_with_other_documents_survive_a_replace(target: str) -> None:
    first, second = make_doc(), make_doc(text=TEXT + " More.", name="seed-2")
    with Store.open(target) as store:
        store.add(first, make_claims(first))
        store.add(second, make_claims(second))
        store.add(second, [])
        assert store.counts() == {"documents": 2, "claims": 2, "entities": 6, "evidence": 2}
        assert store.claims(second.id) == []


def test_two_connections_share_one_file(target: str) -> None:
    doc = make_doc()
    with Store.open(target) as writer, Store.open(target) as reader:
        writer.add(doc, make_claims(doc))
        assert reader.counts()["claims"] == 2
        assert reader.claims() == writer.claims()


def test_in_memory_store() -> None:
    doc = make_doc()
    with Store.open(":memory:") as store:
        store.add(doc, make_claims(doc))
        assert store.counts()["claims"] == 2


def test_search_folds_case_and_accents(target: str) -> None:
    doc = make_doc(text="The Café Müller Group backs Iran, its spokesman said.", name="cafe")
    with Store.open(target) as store:
        store.add(doc, [])
        assert [h.doc_name for h in store.search("cafe MULLER group")] == ["cafe"]
        assert store.search("Müller backs") == [] and store.search("group backs")

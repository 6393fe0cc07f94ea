"""Writers on several connections adding overlapping documents to one PostgreSQL database at once (threads
here, each with its own connection; tests/e2e/test_postgres_cli.py does it with processes). Whatever order the
writes land in, each document, claim and entity is stored once, a syndicated copy is recognised as one (not
two originals stored side by side), and the stored ledger equals the ledger recomputed from every claim."""

from __future__ import annotations

import datetime as dt
import random
import threading

from claimgraph.model import Claim, Document, EntityRef, Evidence, TimeValue
from claimgraph.query import ClaimFilter, build_ledger, find_claims, stored_ledger
from claimgraph.store import Store

IRAN = EntityRef(name="Iran", kind="state", kb_id="Q794")
RUSSIA = EntityRef(name="Russia", kind="state", kb_id="Q159")
BELARUS = EntityRef(name="Belarus", kind="state", kb_id="Q184")
WORDS = ["officials", "ministry", "convoy", "border", "statement", "analysts", "satellite", "images", "airfield",
         "shipment", "cargo", "report", "spokesman", "briefing", "week", "evidence", "sources", "intelligence"]
PHRASE = "handed drones over to Russia"


def _document(i: int) -> tuple[Document, list[Claim]]:
    rng = random.Random(i)
    filler = " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(40))
    supplier = IRAN if i % 3 else BELARUS
    text = f"{filler}. {supplier.name} {PHRASE} in September 2022, a source said. {filler[::-1]}."
    doc = Document(text=text, name=f"doc-{i}", published=dt.date(2022, 10, 1 + i))
    start = text.index(f"{supplier.name} {PHRASE}")
    evidence = Evidence(doc=doc.name, start=start, end=start + len(supplier.name) + len(PHRASE) + 1,
                        text=f"{supplier.name} {PHRASE}")
    claim = Claim(doc=doc.name, doc_id=doc.id, type="transfer",
                  args={"supplier": supplier, "recipient": RUSSIA, "quantity": 40 + i % 4},
                  status="reported" if i % 2 else "unconfirmed",
                  time=TimeValue(text="in September 2022", value="2022-09", precision="month"),
                  evidence=(evidence,), confidence=0.8)
    return doc, [claim]


def _corpus() -> list[tuple[Document, list[Claim]]]:
    docs = [_document(i) for i in range(24)]
    original, claims = docs[0]
    copy = Document(text=original.text + "\nSyndicated by Example Wire.", name="copy-of-0",
                    published=dt.date(2022, 10, 20))
    docs.append((copy, [c.model_copy(update={"doc": copy.name, "doc_id": copy.id}) for c in claims]))
    return docs


def test_concurrent_writers_store_everything_once_and_keep_the_ledger_consistent(pg_url: str, tmp_path) -> None:
    corpus = _corpus()
    Store.open(pg_url).close()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def writer(seed: int) -> None:
        order = list(corpus)
        random.Random(seed).shuffle(order)
        try:
            with Store.open(pg_url) as store:
                barrier.wait()
                for doc, claims in order:
                    store.add(doc, claims)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []

    with Store.open(tmp_path / "sequential.db") as lite:
        for doc, claims in corpus:
            lite.add(doc, claims)
        expected = {table: lite.read(f"SELECT id FROM {table} ORDER BY id") for table in ("documents", "claims",
                                                                                          "entities")}
    with Store.open(pg_url) as store:
        for table, ids in expected.items():
            assert store.read(f"SELECT id FROM {table} ORDER BY id") == ids, table
        assert store.read("SELECT count(*) FROM evidence")[0][0] == len(corpus)
        copies = store.read("SELECT name, copy_of FROM documents WHERE copy_of IS NOT NULL")
        assert len(copies) == 1 and copies[0][0] in ("doc-0", "copy-of-0")
        claims = find_claims(store, ClaimFilter(limit=None))
        computed = build_ledger(claims, store.originals(), origins=store.claim_origins(claims))
        assert [e.to_json() for e in stored_ledger(store, limit=None)] == [e.to_json() for e in computed]
        members = store.read("SELECT claim_id, count(*) FROM ledger_members GROUP BY claim_id HAVING count(*) > 1")
        assert members == [] and store.read("SELECT count(*) FROM ledger_members")[0][0] == len(claims)

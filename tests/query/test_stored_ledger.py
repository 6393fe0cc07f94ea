"""The stored ledger on multi-document sets written for these tests: it equals the ledger computed from every
claim, ingest rewrites the entries of the new document's groups only, rival suppliers of one delivery are
linked as alternatives, and a syndicated paragraph inside another article is not corroboration."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from claimgraph.model import Document
from claimgraph.query import (
    ClaimFilter,
    build_ledger,
    entries_for_claim,
    find_claims,
    find_entities,
    ledger_entry,
    stored_ledger,
)
from claimgraph.store import Store

RIVALS = [
    ("Iran supplied 46 Shahed drones to Russia in September 2022, Ukrainian officials said.", "2022-10-17"),
    ("Belarus supplied 46 Shahed drones to Russia in September 2022, a US official said on Tuesday.", "2022-10-18"),
    ("Iran sold 10 ballistic missiles to Russia in March 2021.", "2022-10-19"),
    ("Belarus supplied tanks to Russia in March 2021, the ministry said.", "2022-10-19"),
    ("China has sold CH-4 drones to Iraq.", "2022-10-19"),
]
OTHERS = [
    ("Iran has delivered 46 Shahed-136 drones to Russia, Ukrainian officials said on Monday.", "2022-10-17"),
    ("Iran has not supplied any drones to Russia, Foreign Minister Hossein Amir-Abdollahian said on Wednesday.",
     "2022-10-19"),
    ("Tehran dismissed reports that it had shipped ballistic missiles to Russia, calling them lies.", "2022-10-20"),
]


def _ingest(processor, store: Store, texts: list[tuple[str, str]], prefix: str = "r") -> None:
    for i, (text, day) in enumerate(texts):
        ex = processor.process(Document(text=text, name=f"{prefix}{i}", published=dt.date.fromisoformat(day)))
        store.add(ex.document, ex.claims, ex.mentions)


def _computed(store: Store) -> list[dict]:
    claims = find_claims(store, ClaimFilter(limit=None))
    return [e.to_json() for e in build_ledger(claims, store.originals(), origins=store.claim_origins(claims))]


def _rows(store: Store, written_in: bool = True) -> list[tuple]:
    columns = ("id, group_key, type, documents, sources, contested, first_said, last_said, event_time, json, inputs"
               + (", written_in" if written_in else ""))
    return store.read(f"SELECT {columns} FROM ledger_entries ORDER BY id") + store.read(
        "SELECT * FROM ledger_members ORDER BY entry_id, claim_id")


def _supplier(entry) -> str:
    return entry.args["supplier"].name


def test_stored_entries_equal_the_ledger_of_every_claim(processor, target: str):
    with Store.open(target) as store:
        _ingest(processor, store, RIVALS + OTHERS)
        stored = stored_ledger(store, limit=None)
        assert [e.to_json() for e in stored] == _computed(store)
        assert len(stored) >= 6 and any(e.denials for e in stored)
        first = stored[0]
        assert ledger_entry(store, first.id) == first and ledger_entry(store, "l-nothing") is None
        claim = first.claims[-1]
        assert [e.id for e in entries_for_claim(store, claim.id)] == [first.id]
        assert entries_for_claim(store, "c-nothing") == []
        assert [e.id for e in stored_ledger(store, limit=2, offset=1)] == [e.id for e in stored[1:3]]
        iran = find_entities(store, "Belarus")[0]
        with_belarus = stored_ledger(store, entity_id=iran.id, limit=None)
        assert with_belarus and all(_supplier(e) == "Belarus" for e in with_belarus)
        assert {e.type for e in stored_ledger(store, type="deny", limit=None)} == {"deny"}
        assert all(e.contested for e in stored_ledger(store, contested_only=True, limit=None))


def test_rival_suppliers_of_one_delivery_are_alternatives(processor, target: str):
    with Store.open(target) as store:
        _ingest(processor, store, RIVALS)
        entries = stored_ledger(store, type="transfer", limit=None)
    by_supplier = {(_supplier(e), e.event_time): e for e in entries}
    iran, belarus = by_supplier[("Iran", "2022-09")], by_supplier[("Belarus", "2022-09")]
    assert iran.id != belarus.id  # kept apart, but linked
    assert iran.alternatives == [{"entry": belarus.id, "role": "supplier", "value": "Belarus",
                                  "sources": ["United States"]}]
    assert belarus.alternatives == [{"entry": iran.id, "role": "supplier", "value": "Iran", "sources": ["Ukraine"]}]
    assert iran.contested and belarus.contested and iran.to_json()["alternatives"] == iran.alternatives
    # other deliveries (other item, other time, other recipient) are not linked
    for key in [("Iran", "2021-03"), ("Belarus", "2021-03"), ("China", None)]:
        assert by_supplier[key].alternatives == [] and not by_supplier[key].contested


def test_ingest_rewrites_the_entries_of_its_groups_only_and_twice_changes_nothing(processor, target: str):
    with Store.open(target) as store:
        _ingest(processor, store, RIVALS)
        before = {r[0]: r[1] for r in store.read("SELECT id, written_in FROM ledger_entries")}
        _ingest(processor, store, [("Turkey sold Bayraktar TB2 drones to Ukraine in June 2022.", "2022-10-20")], "t")
        after = {r[0]: r[1] for r in store.read("SELECT id, written_in FROM ledger_entries")}
        assert {k: v for k, v in after.items() if k in before} == before and len(after) == len(before) + 1
        _ingest(processor, store, [("Iran supplied 46 drones to Russia in September 2022, the Pentagon said.",
                                    "2022-10-21")], "p")
        seq = store.read("SELECT max(seq) FROM documents")[0][0]
        changed = {r[0] for r in store.read("SELECT id FROM ledger_entries WHERE written_in = ?", (seq,))}
        entries = {(_supplier(e), e.event_time): e for e in stored_ledger(store, type="transfer", limit=None)}
        iran, belarus = entries[("Iran", "2022-09")], entries[("Belarus", "2022-09")]
        assert changed == {iran.id, belarus.id}  # its group, and the rival that lists its sources
        assert iran.documents == 2 and belarus.alternatives[0]["sources"] == ["US Department of Defense", "Ukraine"]
        assert [e.to_json() for e in stored_ledger(store, limit=None)] == _computed(store)
        rows = _rows(store)
        _ingest(processor, store, RIVALS)
        assert _rows(store) == rows


def test_a_database_without_stored_entries_gets_them_when_opened(processor, tmp_path: Path):
    db = tmp_path / "old.db"
    with Store.open(db) as store:
        _ingest(processor, store, RIVALS + OTHERS)
        rows = _rows(store, written_in=False)
        store.connection.execute("UPDATE claims SET ledger_key = NULL")
        store.connection.execute("DELETE FROM ledger_entries")  # as a database migrated to schema 5 has it
        assert store.read("SELECT count(*) FROM ledger_members")[0][0] == 0
    with Store.open(db) as store:
        assert _rows(store, written_in=False) == rows  # written_in 0: built when opened
        assert store.rebuild_ledger() > 0 and _rows(store, written_in=False) == rows


PARAGRAPH = ("Iran has delivered 46 Shahed-136 drones to Russia, Ukrainian officials said on Monday, adding that "
             "the drones were flown to a base in Crimea before the attacks began.")


def test_a_syndicated_paragraph_inside_another_article_is_not_corroboration(processor, target: str):
    original = ("Drones for Russia\n\n" + PARAGRAPH + "\n\nThe officials did not say how they knew, and the report "
                "could not be independently verified by the newspaper on Monday.")
    embedding = ("Markets fell sharply on Tuesday as investors worried about energy prices and the war in Europe, "
                 "traders in London said.\n\n" + PARAGRAPH + "\n\nThe central bank kept its interest rate unchanged "
                 "at its meeting on Wednesday, its governor said in a short statement to reporters.")
    other = "Iran handed 60 drones over to Russia, a US official told Reuters on Tuesday."
    with Store.open(target) as store:
        _ingest(processor, store, [(original, "2022-10-17"), (embedding, "2022-10-18"), (other, "2022-10-18")])
        originals = store.originals()
        assert len(set(originals.values())) == 3  # three different documents
        copies = store.read('SELECT doc_id, copy_of, similarity FROM paragraph_copies')
        ids = {d.name: Document(text=t, name=d.name).id for d, t in
               zip(store.documents(), [original, embedding, other], strict=True)}
        assert copies == [(ids["r1"], ids["r0"], 1.0)]
        delivery = next(e for e in stored_ledger(store, type="transfer", limit=None) if _supplier(e) == "Iran")
        assert len({c.doc_id for c in delivery.claims}) == 3
        assert delivery.documents == 2  # the original and the US official; the embedded paragraph counts once
        claims = find_claims(store, ClaimFilter(type="transfer", limit=None))
        assert build_ledger(claims, originals)[0].documents == 3  # without the paragraph origins
        assert [e.to_json() for e in stored_ledger(store, limit=None)] == _computed(store)


def test_a_transaction_with_thousands_of_event_times_is_stored(target: str):
    """The rival lookup's time condition grows with the distinct event times of a transaction; 1,200 of them
    once made SQLite refuse it (its expression depth limit is 1,000)."""
    from claimgraph.model import Claim, EntityRef, TimeValue

    iran, belarus, russia = (EntityRef(name=n, kind="state") for n in ("Iran", "Belarus", "Russia"))
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(1200)]
    docs = [Document(text=f"Deliveries by {s.name}.", name=s.name.lower()) for s in (iran, belarus)]

    def claims(document: Document, supplier: EntityRef) -> list[Claim]:
        return [Claim(doc=document.name, doc_id=document.id, type="transfer", time=TimeValue(
            text=day.isoformat(), value=day.isoformat(), precision="day"), args={
            "supplier": supplier, "recipient": russia, "item": "drones", "quantity": i + 1})
            for i, day in enumerate(days)]

    with Store.open(target) as store:
        store.add_many([(docs[0], claims(docs[0], iran), [], None), (docs[1], claims(docs[1], belarus), [], None)])
        stored = stored_ledger(store, limit=None)
        assert len(stored) == 2 * len(days)
        assert all(len(e.alternatives) == 1 for e in stored)  # each day's rival supplier of the same delivery
        assert [e.to_json() for e in stored] == _computed(store)


def test_an_entry_built_from_unchanged_claims_is_not_built_again(processor, target: str, monkeypatch):
    """A claim joining a group changes the entry of its event time; the group's other entries have the same
    inputs digest as stored and are left as they are (linked as neighbours), and the ledger still equals one
    computed from every claim. An entry with no digest (written before schema 12) is built again."""
    import claimgraph.store.ledger as stored

    built: list[str] = []

    def ledger_entries(*args, **kwargs):
        entries = real(*args, **kwargs)
        built.extend(e.id for e in entries)
        return entries

    real = stored.ledger_entries
    monkeypatch.setattr(stored, "ledger_entries", ledger_entries)
    with Store.open(target) as store:
        _ingest(processor, store, RIVALS)
        entries = {(_supplier(e), e.event_time): e for e in stored_ledger(store, type="transfer", limit=None)}
        missiles, drones = entries[("Iran", "2021-03")], entries[("Iran", "2022-09")]
        assert store.read("SELECT count(DISTINCT group_key) FROM ledger_entries WHERE id IN (?, ?)",
                          (missiles.id, drones.id)) == [(1,)]  # one group (Iran to Russia), two event times
        assert store.read("SELECT count(*) FROM ledger_entries WHERE inputs IS NULL") == [(0,)]
        built.clear()
        _ingest(processor, store, [("Iran supplied 46 drones to Russia in September 2022, the Pentagon said.",
                                    "2022-10-21")], "p")
        assert drones.id in built and missiles.id not in built
        assert [e.to_json() for e in stored_ledger(store, limit=None)] == _computed(store)
        store.connection.execute("UPDATE ledger_entries SET inputs = NULL WHERE id = ?", (missiles.id,))
        built.clear()
        _ingest(processor, store, [("Iran supplied 46 drones to Russia in September 2022, the Kremlin said.",
                                    "2022-10-22")], "k")
        assert {drones.id, missiles.id} <= set(built)
        assert store.read("SELECT count(*) FROM ledger_entries WHERE inputs IS NULL") == [(0,)]
        assert [e.to_json() for e in stored_ledger(store, limit=None)] == _computed(store)

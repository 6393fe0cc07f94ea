"""The ledger on a multi-document set written for this test: three outlets report one delivery with
different wording and figures, one source denies it, and an unrelated event stays apart."""

from __future__ import annotations

import datetime as dt

from claimgraph.model import Document
from claimgraph.query import ClaimFilter, build_ledger, find_claims
from claimgraph.store import Store

REPORTS = [
    ("Iran has delivered 46 Shahed-136 drones to Russia, Ukrainian officials said on Monday.", "2022-10-17"),
    ("Iran handed 60 drones over to Russia, a US official told Reuters on Tuesday.", "2022-10-18"),
    ("Iran has not supplied any drones to Russia, Foreign Minister Hossein Amir-Abdollahian said on Wednesday.",
     "2022-10-19"),
    ("China has sold CH-4 drones to Iraq.", "2022-10-19"),
]


def test_one_entry_per_event_with_conflict_and_denial(processor, target):
    with Store.open(target) as store:
        for i, (text, day) in enumerate(REPORTS):
            doc = Document(text=text, name=f"r{i}", published=dt.date.fromisoformat(day))
            ex = processor.process(doc)
            store.add(ex.document, ex.claims, ex.mentions)
        entries = build_ledger(find_claims(store, ClaimFilter(type="transfer", limit=None)))
    by_pair = {(e.args["supplier"].name, e.args["recipient"].name): e for e in entries}  # type: ignore[union-attr]
    delivery = by_pair[("Iran", "Russia")]
    assert delivery.documents == 3 and delivery.sources == 3
    assert delivery.statuses == {"asserted": 2, "denied": 1}
    assert delivery.denied_by == ["Hossein Amir-Abdollahian"]
    assert set(delivery.conflicts["quantity"]) == {"46", "60"}
    assert "item" not in delivery.conflicts  # "Shahed 136, drones" is a more specific "drones"
    assert delivery.first_said == "2022-10-17" and delivery.last_said == "2022-10-19"
    assert delivery.contested and not by_pair[("China", "Iraq")].contested
    assert [h["status"] for h in delivery.history] == ["asserted", "asserted", "denied"]
    assert by_pair[("China", "Iraq")].documents == 1
    then = build_ledger(delivery.claims, as_of="2022-10-17")  # what was known on the first day
    assert len(then) == 1 and then[0].documents == 1 and not then[0].contested


def test_ledger_ids_are_stable_and_the_same_input_gives_the_same_ledger(processor):
    ex = processor.process(Document(text=REPORTS[0][0], name="r0", published=dt.date(2022, 10, 17)))
    assert [e.id for e in build_ledger(ex.claims)] == [e.id for e in build_ledger(list(ex.claims))]


def test_a_syndicated_copy_does_not_count_as_corroboration(processor, target):
    original = ("Iran has delivered 46 Shahed-136 drones to Russia, Ukrainian officials said on Monday. The "
                "drones were flown to a base in Crimea, the officials said, adding that more were expected.")
    copy = "REPOST — " + original + " (Reporting by a wire service.)"
    other = "Iran handed 60 drones over to Russia, a US official told Reuters on Tuesday."
    with Store.open(target) as store:
        for i, text in enumerate([original, copy, other]):
            ex = processor.process(Document(text=text, name=f"d{i}", published=dt.date(2022, 10, 18)))
            store.add(ex.document, ex.claims, ex.mentions)
        originals = store.originals()
        assert len(set(originals.values())) == 2  # the repost points to the original
        entries = build_ledger(find_claims(store, ClaimFilter(type="transfer", limit=None)), originals)
    delivery = next(e for e in entries if e.args["supplier"].name == "Iran")  # type: ignore[union-attr]
    assert len(delivery.claims) >= 3 and delivery.documents == 2 and delivery.sources == 2


def test_a_deny_claim_is_linked_to_the_event_it_answers(processor):
    ex = processor.process(Document(text="Tehran dismissed reports that it had shipped ballistic missiles to "
                                         "Russia, calling them lies.", name="x", published=dt.date(2022, 10, 20)))
    entry = next(e for e in build_ledger(ex.claims) if e.type == "transfer")
    assert entry.denials and entry.denials[0]["denier"] == "Iran" and entry.contested


def test_ingesting_the_same_corpus_twice_changes_no_entry(processor, tmp_path):
    def ledger_after_ingest(times: int) -> list[dict]:
        with Store.open(tmp_path / f"twice{times}.db") as store:
            for _ in range(times):
                for i, (text, day) in enumerate(REPORTS):
                    ex = processor.process(Document(text=text, name=f"r{i}", published=dt.date.fromisoformat(day)))
                    store.add(ex.document, ex.claims, ex.mentions)
            return [e.to_json() for e in build_ledger(find_claims(store, ClaimFilter(limit=None)),
                                                      store.originals())]
    assert ledger_after_ingest(1) == ledger_after_ingest(2)


def test_same_actors_at_incompatible_times_are_two_events(processor):
    claims = []
    for i, text in enumerate(["Iran sold drones to Venezuela in March 2021.", "Iran sold drones to Venezuela in "
                              "January 2023.", "Iran sold drones to Venezuela in 2021, officials said."]):
        claims += processor.process(Document(text=text, name=f"v{i}", published=dt.date(2023, 2, 1))).claims
    entries = [e for e in build_ledger(claims) if e.type == "transfer"]
    assert sorted(len(e.claims) for e in entries) == [1, 2]  # 2021 and March 2021 agree; January 2023 does not

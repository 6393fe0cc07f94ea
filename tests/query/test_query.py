"""The query layer on a real database file: filters by type, status, entity (name or KB id) and document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from claimgraph.errors import InputError
from claimgraph.model import Claim, Document, EntityRef, Evidence
from claimgraph.query import MAX_LIMIT, ClaimFilter, find_claims
from claimgraph.store import Store

IRAN = EntityRef(name="Iran", kind="state", kb_id="Q794")
RUSSIA = EntityRef(name="Russia", kind="state", kb_id="Q159")
HEZBOLLAH = EntityRef(name="Hezbollah", kind="armed_group", kb_id="Q41053")
ISW = EntityRef(name="Institute for the Study of War", kind="organization", kb_id="Q6039516")
ADVISER = EntityRef(name="Oleksiy Arestovych", kind="person")
CAFE = EntityRef(name="Café Müller Group", kind="organization")

EARLY = "Iran sold drones to Russia. Iran backs Hezbollah."
LATE = "Hezbollah attacked. Café Müller Group backs Iran, the adviser said."


def ev(doc: Document, phrase: str) -> tuple[Evidence, ...]:
    start = doc.text.index(phrase)
    return (Evidence(doc=doc.name, start=start, end=start + len(phrase), text=phrase),)


def claim(doc: Document, type_: str, args: dict, phrase: str, **kw: object) -> Claim:
    return Claim(doc=doc.name, doc_id=doc.id, type=type_, args=args, evidence=ev(doc, phrase), **kw)


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    early = Document(text=EARLY, name="early", published=dt.date(2022, 1, 1))
    late = Document(text=LATE, name="late", published=dt.date(2023, 1, 1))
    undated = Document(text="Russia sold drones to Iran.", name="undated")
    with Store.open(target) as s:
        s.add(late, [
            claim(late, "support", {"supporter": CAFE, "supported": IRAN}, "Café Müller Group backs Iran",
                  status="reported", source=ADVISER, source_chain=(ISW, ADVISER)),
            claim(late, "attack", {"attacker": HEZBOLLAH}, "Hezbollah attacked", status="asserted"),
        ])
        s.add(undated, [claim(undated, "transfer", {"supplier": RUSSIA, "recipient": IRAN, "item": []},
                              "Russia sold drones to Iran", status="hedged")])
        s.add(early, [
            claim(early, "support", {"supporter": IRAN, "supported": HEZBOLLAH}, "Iran backs Hezbollah"),
            claim(early, "transfer", {"supplier": IRAN, "recipient": RUSSIA, "quantity": 3},
                  "Iran sold drones to Russia", status="unconfirmed"),
        ])
        yield s


def summary(claims: list[Claim]) -> list[tuple[str, str]]:
    return [(c.doc, c.type) for c in claims]


def found(store: Store, **kw: object) -> list[tuple[str, str]]:
    return summary(find_claims(store, ClaimFilter(**kw)))


def test_no_filter_orders_by_publication_then_evidence_start(store: Store) -> None:
    assert found(store) == [
        ("early", "transfer"), ("early", "support"), ("late", "attack"), ("late", "support"),
        ("undated", "transfer")]
    assert find_claims(store) == find_claims(store, ClaimFilter(limit=None))


def test_filter_by_type_and_status(store: Store) -> None:
    assert found(store, type="transfer") == [("early", "transfer"),
                                                                        ("undated", "transfer")]
    assert found(store, status="hedged") == [("undated", "transfer")]
    assert find_claims(store, ClaimFilter(type="transfer", status="asserted")) == []
    assert found(store, type=" Support ", status="REPORTED") == [("late", "support")]


def test_filter_by_entity_name_substring_any_case(store: Store) -> None:
    assert found(store, entity="hezbol") == [("early", "support"), ("late", "attack")]
    assert found(store, entity="RUSS") == [("early", "transfer"),
                                                                      ("undated", "transfer")]
    assert found(store, entity="café müller") == [("late", "support")]
    assert found(store, entity="CAFÉ MÜLLER") == [("late", "support")]
    assert find_claims(store, ClaimFilter(entity="Atlantis")) == []


def test_filter_by_entity_kb_id_exactly(store: Store) -> None:
    assert found(store, entity="Q41053") == [("early", "support"), ("late", "attack")]
    assert find_claims(store, ClaimFilter(entity="Q4105")) == []  # ids match exactly, not by part


def test_filter_by_entity_matches_the_source_and_source_chain(store: Store) -> None:
    assert found(store, entity="arestovych") == [("late", "support")]
    assert found(store, entity="Q6039516") == [("late", "support")]


def test_filter_by_document_id_or_name_and_combined(store: Store) -> None:
    early_id = store.get_document("early").id
    assert found(store, doc="early") == [("early", "transfer"), ("early", "support")]
    assert find_claims(store, ClaimFilter(doc=early_id)) == find_claims(store, ClaimFilter(doc="early"))
    assert found(store, doc="early", entity="Q794", type="support") == [
        ("early", "support")]


def test_limit(store: Store) -> None:
    assert len(find_claims(store, ClaimFilter(limit=2))) == 2
    assert find_claims(store, ClaimFilter(limit=0)) == []
    assert ClaimFilter(limit=10**9).limit == MAX_LIMIT
    assert ClaimFilter().limit == 1000


@pytest.mark.parametrize("hostile", ["%", "_", "' OR 1=1 --", '"', "\\", "Q794' --"])
def test_hostile_filter_values_are_data(store: Store, hostile: str) -> None:
    assert find_claims(store, ClaimFilter(entity=hostile, doc=hostile)) == []
    assert store.counts()["claims"] == 5


def test_blank_values_mean_any(store: Store) -> None:
    assert len(find_claims(store, ClaimFilter(type="", entity="  ", status=None, doc=""))) == 5


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"type": "teleport"}, "unknown claim type 'teleport'"),
    ({"status": "rumoured"}, "unknown status 'rumoured'"),
    ({"limit": -1}, "must be 0 or more"),
])
def test_invalid_filters_are_input_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ClaimFilter(**kwargs)

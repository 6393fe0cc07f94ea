"""``claims_by_entity`` (migration 0010), the store's per-entity claim order, stays equal to what the claims say
(through adds, re-extractions and metadata changes, on both engines), and the queries reading it page an
entity's claims in the same order as sorting all of them would."""

from __future__ import annotations

import datetime as dt
from importlib import resources

from claimgraph.model import Document
from claimgraph.query import ClaimFilter, entity_claims, entity_profile, find_claims, get_entity
from claimgraph.store import Store
from claimgraph.store.records import CLAIM_ORDER

REPORTS = [
    ("Iran supplied 40 Shahed-136 drones to Russia last month, Ukrainian officials said.", "2022-10-17"),
    ("Russia attacked Kyiv with Iranian drones on Monday, the mayor said.", "2022-10-18"),
    ("Iran denied sending drones to Russia, the foreign ministry said on Tuesday.", None),
    ("Belarus received artillery shells from Russia, according to the Institute for the Study of War.",
     "2022-10-17"),
    ("A court in Tehran sentenced Narges Mohammadi to ten years in prison, Amnesty International said.",
     "2022-10-20"),
]

_REBUILD = resources.files("claimgraph.store").joinpath("migrations", "0010_claims_by_entity.sql").read_text()
_SELECT = _REBUILD[_REBUILD.index("SELECT DISTINCT"):].rstrip().rstrip(";")  # the backfill's own rows


def _stored(store: Store) -> list[tuple[object, ...]]:
    return sorted(tuple(r) for r in store.read("SELECT entity_id, undated, published, doc_name, doc_id, no_start, "
                                               "first_start, claim_id FROM claims_by_entity"))


def _derived(store: Store) -> list[tuple[object, ...]]:
    return sorted(tuple(r) for r in store.read(_SELECT))


def _add(store: Store, processor, text: str, day: str | None, name: str) -> None:
    doc = Document(text=text, name=name, published=dt.date.fromisoformat(day) if day else None)
    ex = processor.process(doc)
    store.add(ex.document, ex.claims, ex.mentions)


def _sorted_the_old_way(store: Store, entity_id: str) -> list[str]:
    """Every claim naming the entity, ordered by sorting them all (the query claims_by_entity replaces)."""
    rows = store.read(
        f"SELECT c.id FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.id IN ("
        f"SELECT claim_id FROM claim_args WHERE entity_id = ? UNION SELECT claim_id FROM claim_sources "
        f"WHERE entity_id = ? UNION SELECT id FROM claims WHERE source_entity_id = ?) ORDER BY {CLAIM_ORDER}",
        (entity_id, entity_id, entity_id))
    return [r[0] for r in rows]


def test_kept_equal_to_the_claims_through_adds_and_changes(processor, target):
    with Store.open(target) as store:
        for i, (text, day) in enumerate(REPORTS):
            _add(store, processor, text, day, f"r{i}")
        assert _stored(store) and _stored(store) == _derived(store)
        undated = [r for r in _stored(store) if r[1] == 1]
        assert undated and all(r[2] == "" for r in undated)
        # the same text with a new date and name: the claims are the same, their place in the order moves
        _add(store, processor, REPORTS[2][0], "2022-10-01", "r2-dated")
        assert _stored(store) == _derived(store)
        assert not [r for r in _stored(store) if r[1] == 1]
        # a re-extraction that drops claims (here: all of them) drops their rows
        doc = store.get_document("r0")
        assert doc is not None
        store.add(doc, [])
        assert _stored(store) == _derived(store)
        assert all(r[4] != doc.id for r in _stored(store))


def test_pages_in_the_order_a_full_sort_gives(processor, target):
    with Store.open(target) as store:
        for i, (text, day) in enumerate(REPORTS * 3):  # each report three times, under other dates
            day = day and f"2022-{10 + i % 3}-{10 + i}"
            _add(store, processor, f"{text} (Report {i}.)", day, f"r{i}")
        iran = next(e for e in store.read("SELECT id FROM entities WHERE name = 'Iran'"))[0]
        expected = _sorted_the_old_way(store, iran)
        assert len(expected) >= 6
        assert [c.id for c in entity_claims(store, iran, limit=None)] == expected
        pages = [c.id for off in range(0, len(expected), 4) for c in entity_claims(store, iran, limit=4, offset=off)]
        assert pages == expected
        # a name matching several entities: each one's run, merged and de-duplicated
        russia = next(e for e in store.read("SELECT id FROM entities WHERE name = 'Russia'"))[0]
        both = sorted(set(expected) | set(_sorted_the_old_way(store, russia)))
        merged = store.read(
            f"SELECT c.id FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.id IN "
            f"({', '.join('?' * len(both))}) ORDER BY {CLAIM_ORDER}", both)
        found = store.select_entity_claims([iran, russia], limit=7, offset=2)
        assert [c.id for c in found] == [r[0] for r in merged][2:9]
        # the filters combine with it
        transfers = find_claims(store, ClaimFilter(entity="Iran", type="transfer", limit=None))
        assert transfers and all(c.type == "transfer" for c in transfers)
        assert [c.id for c in transfers] == [cid for cid in expected
                                            if store.read("SELECT type FROM claims WHERE id = ?", (cid,))[0][0]
                                            == "transfer"]
        one_doc = find_claims(store, ClaimFilter(entity="Iran", doc="r5"))
        assert one_doc and {c.doc for c in one_doc} == {"r5"}
        # the profile's dates are the two ends of the range
        entity = get_entity(store, iran)
        assert entity is not None
        profile = entity_profile(store, entity)
        dates = [r[0] for r in store.read(
            "SELECT d.published FROM documents d JOIN claims c ON c.doc_id = d.id WHERE c.id IN "
            f"({', '.join('?' * len(expected))}) AND d.published IS NOT NULL ORDER BY 1", expected)]
        assert (profile.first_seen, profile.last_seen) == (dates[0], dates[-1])

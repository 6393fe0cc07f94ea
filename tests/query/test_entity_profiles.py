"""Entity profiles over a real SQLite file: names seen, positions held, claims by role, dates."""

from __future__ import annotations

from claimgraph.query import entity_profile, find_entities
from claimgraph.store import Store


def test_profile_of_a_person_and_a_state(target, seed_extraction):
    with Store.open(target) as store:
        store.add(seed_extraction.document, seed_extraction.claims, seed_extraction.mentions)
        lapid = find_entities(store, "Lapid")
        assert [e.name for e in lapid] == ["Yair Lapid"]
        profile = entity_profile(store, lapid[0])
        assert profile.roles.get("source", 0) >= 1
        assert any(p.position == "Prime Minister" and p.organization == "Israel" for p in profile.positions)
        assert profile.first_seen == profile.last_seen == "2022-08-05" and profile.documents == 1

        iran = find_entities(store, "Q794")
        assert len(iran) == 1 and "Islamic Republic" in iran[0].aliases  # a surface name from a mention
        assert entity_profile(store, iran[0]).roles.get("supplier", 0) >= 1


def test_search_text_is_data_not_sql(target, seed_extraction):
    with Store.open(target) as store:
        store.add(seed_extraction.document, seed_extraction.claims, seed_extraction.mentions)
        for hostile in ("%", "_", "'; DROP TABLE entities; --", '"'):
            find_entities(store, hostile)
        assert store.counts()["entities"] > 0

"""Cross-document linking in a real SQLite store: transliterations merge, namesakes do not, and every
merge is recorded with its reason."""

from __future__ import annotations

from claimgraph.model import Claim, Document, EntityRef, Evidence
from claimgraph.query import entity_profile, find_entities
from claimgraph.resolve import link, phonetic_key, replace_entities
from claimgraph.store import Store


def person(name: str) -> EntityRef:
    return EntityRef(name=name, kind="person")


def position_claim(text: str, who: str) -> tuple[Document, Claim]:
    doc = Document(text=text, name=who.replace(" ", "-"))
    claim = Claim(doc=doc.name, doc_id=doc.id, type="position",
                  args={"person": person(who), "organization": EntityRef(name="Quds Force", kind="armed_force",
                                                                         kb_id="Q1330349"),
                        "position": "commander"},
                  evidence=(Evidence(doc=doc.name, start=0, end=len(text), text=text),))
    return doc, claim


def test_phonetic_key_folds_transliterations():
    assert phonetic_key("Esmail Ghaani") == phonetic_key("Esmail Qaani")
    assert phonetic_key("Ziyad al-Nakhalah") == phonetic_key("Ziad al-Nakhala")
    assert phonetic_key("Hossein Amir-Abdollahian") == phonetic_key("Hossein Amirabdollahian")


def test_guard_rails():
    assert link(person("Mojtaba Khamenei"), [person("Ali Khamenei")]) is None  # shared surname
    assert link(person("Ghaani"), [person("Qaani")]) is None  # one-word person names never link
    assert link(EntityRef(name="Hamas", kind="armed_group"), [EntityRef(name="Hamas", kind="organization")]) is None
    forces = EntityRef(name="security forces of Iran", kind="armed_force")
    assert link(EntityRef(name="security forces of Iraq", kind="armed_force"), [forces]) is None  # another word
    guards = EntityRef(name="Islamic Revolutionary Guard Corps", kind="armed_force")
    assert link(EntityRef(name="Islamic Revolutionary Guards Corps", kind="armed_force"), [guards]) is not None
    found = link(person("Esmail Qaani"), [person("Esmail Ghaani")])
    assert found is not None and found.reason == "transliteration"


def test_replace_entities_copies_only_the_claims_that_name_a_linked_entity():
    _, claim = position_claim("Quds Force chief Esmail Qaani", "Esmail Qaani")
    _, other = position_claim("Quds Force chief Ali Fadavi", "Ali Fadavi")
    sourced = other.model_copy(update={"source": person("Esmail Qaani"), "source_chain": (person("Esmail Qaani"),)})
    mapping = {person("Esmail Qaani").id: person("Esmail Ghaani")}
    other.stored_json()
    assert replace_entities(other, mapping) is other  # the same claim, with what it computed once kept
    assert replace_entities(claim, {}) is claim
    linked = replace_entities(claim, mapping)
    assert linked.args["person"] == person("Esmail Ghaani") and linked.id != claim.id
    resourced = replace_entities(sourced, mapping)
    assert resourced.source == person("Esmail Ghaani") and resourced.source_chain == (person("Esmail Ghaani"),)
    assert resourced.args == sourced.args


def test_second_spelling_is_stored_as_the_first_entity_and_explained(target):
    with Store.open(target) as store:
        store.add(*_one(position_claim("Quds Force commander Esmail Ghaani", "Esmail Ghaani")))
        store.add(*_one(position_claim("Quds Force chief Esmail Qaani", "Esmail Qaani")))
        store.add(*_one(position_claim("Commander Mojtaba Khamenei", "Mojtaba Khamenei")))
        found = find_entities(store, "Qaani")
        assert [e.name for e in found] == ["Esmail Ghaani"]
        profile = entity_profile(store, found[0])
        assert profile.documents == 2 and len(profile.positions) == 2
        assert [(x.name, x.reason) for x in profile.links] == [("Esmail Qaani", "transliteration")]
        assert [e.name for e in find_entities(store, "Khamenei")] == ["Mojtaba Khamenei"]


def test_reingesting_changes_nothing(target):
    with Store.open(target) as store:
        first = _one(position_claim("Quds Force commander Esmail Ghaani", "Esmail Ghaani"))
        second = _one(position_claim("Quds Force chief Esmail Qaani", "Esmail Qaani"))
        store.add(*first)
        store.add(*second)
        counts = store.counts()
        assert store.add(*second).changed is False
        assert store.counts() == counts


def _one(pair: tuple[Document, Claim]) -> tuple[Document, list[Claim]]:
    return pair[0], [pair[1]]


def test_entities_from_schema_1_get_a_block_on_open(tmp_path):
    path = tmp_path / "old.db"
    with Store.open(path) as store:
        store.add(*_one(position_claim("Quds Force commander Esmail Ghaani", "Esmail Ghaani")))
        store.connection.execute("UPDATE entities SET block = NULL")  # as a schema-1 database left them
    with Store.open(path) as store:
        assert store.read("SELECT COUNT(*) FROM entities WHERE block IS NULL")[0][0] == 0
        store.add(*_one(position_claim("Quds Force chief Esmail Qaani", "Esmail Qaani")))
        assert [e.name for e in find_entities(store, "Qaani")] == ["Esmail Ghaani"]

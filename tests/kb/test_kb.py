"""The knowledge base: bundled entries, lookups by every name, validation errors, user extensions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from claimgraph.kb import KBError, KnowledgeBase, default_kb


def test_bundled_kb_covers_every_sovereign_state():
    kb = default_kb()
    states = [e for e in kb if e.kind == "state"]
    assert len(states) >= 190
    assert {e.kind for e in kb} >= {"state", "armed_group", "armed_force", "agency", "organization", "weapon",
                                    "place", "court", "outlet", "agreement"}


@pytest.mark.parametrize("surface, name, qid", [
    ("the U.S.", "United States", "Q30"),
    ("Islamic Republic of Iran", "Iran", "Q794"),
    ("Shahed-129", "Shahed 129", "Q7461637"),
    ("Qods Force", "Quds Force", "Q1330349"),
    ("Hizbollah", "Hezbollah", "Q41053"),
    ("Israel’s", "Israel", "Q801"),
])
def test_lookup_by_variant(surface, name, qid):
    entry = default_kb().lookup(surface)
    assert entry is not None and entry.name == name and entry.qid == qid


def test_demonyms_and_metonyms_stand_for_states():
    kb = default_kb()
    assert kb.by_demonym("Iranian").name == "Iran"
    assert kb.by_metonym("Kremlin").name == "Russia"
    assert kb.lookup("Tehran").kind == "place"  # "in Tehran" is a place; the metonym index says Iran


def _write(tmp_path: Path, entries) -> Path:
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def test_malformed_entry_names_file_entry_and_field(tmp_path):
    path = _write(tmp_path, [{"id": "x-group", "name": "X", "kind": "militia"}])
    with pytest.raises(KBError) as err:
        KnowledgeBase.load([path])
    message = str(err.value)
    assert "extra.json" in message and "x-group" in message and "'kind'" in message
    assert "\n" not in message


def test_not_json_is_a_one_line_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(KBError, match=r"broken\.json: not JSON"):
        KnowledgeBase.load([path])


def test_duplicate_ids_and_clashing_aliases(tmp_path):
    with pytest.raises(KBError, match="duplicate id"):
        KnowledgeBase.load([_write(tmp_path, [{"id": "ir", "name": "Iran again", "kind": "state"}])])
    with pytest.raises(KBError, match="already names"):
        KnowledgeBase.load([_write(tmp_path, [{"id": "other", "name": "Other", "kind": "organization",
                                               "aliases": ["IAEA"]}])])


def test_ambiguous_alias_is_dropped_from_both(tmp_path):
    kb = KnowledgeBase.load([_write(tmp_path, [{"id": "other", "name": "Other", "kind": "organization",
                                                "aliases": ["IAEA"], "ambiguous": ["IAEA"]}])])
    assert kb.lookup("IAEA") is None
    assert kb.lookup("International Atomic Energy Agency").id == "iaea"


def test_user_file_extends_the_kb(tmp_path):
    kb = KnowledgeBase.load([_write(tmp_path, [{"id": "new-militia", "name": "Brigade of Example",
                                                "kind": "armed_group", "aliases": ["BoE"]}])])
    assert kb.lookup("BoE").name == "Brigade of Example"


def test_patterns_tag_text_with_an_entity_ruler():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(default_kb().spacy_patterns())
    doc = nlp("Iran handed 46 Shahed-129 drones over to Russia, the Revolutionary Guard said.")
    found = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert found["Iran"] == ("STATE", "ir") and found["Russia"] == ("STATE", "ru")
    assert found["Shahed-129"][0] == "WEAPON"
    assert found["Revolutionary Guard"] == ("ARMED_FORCE", "irgc")

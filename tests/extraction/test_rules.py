"""Rule tests on hand-built parses: each linguistic pattern, independent of the statistical parser."""

from __future__ import annotations

import datetime as dt

import pytest
from parses import parsed

from claimgraph.extraction import ClaimExtractor
from claimgraph.kb import default_kb
from claimgraph.model import Claim, Document, EntityRef


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor(default_kb())


def run(extractor: ClaimExtractor, rows, published=dt.date(2022, 8, 5)) -> list[Claim]:
    doc = parsed(rows)
    document = Document(text=doc.text, name="t", published=published)
    return extractor(doc, document).claims


def names(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v.name for v in values if isinstance(v, EntityRef)]


def only(claims: list[Claim], type_: str) -> Claim:
    found = [c for c in claims if c.type == type_]
    assert len(found) == 1, [c.to_v1() for c in claims]
    return found[0]


def test_active_sale_with_coordinated_recipients(extractor):
    # China has sold CH-4 drones to Saudi Arabia and Iraq .
    rows = [("China", 2, "nsubj", "PROPN", "NNP", "China", "GPE"),
            ("has", 2, "aux", "AUX", "VBZ", "have", ""),
            ("sold", 2, "ROOT", "VERB", "VBN", "sell", ""),
            ("CH-4", 4, "compound", "PROPN", "NNP", "CH-4", "WEAPON"),
            ("drones", 2, "dobj", "NOUN", "NNS", "drone", ""),
            ("to", 2, "dative", "ADP", "IN", "to", ""),
            ("Saudi", 7, "compound", "PROPN", "NNP", "Saudi", "GPE"),
            ("Arabia", 5, "pobj", "PROPN", "NNP", "Arabia", "GPE"),
            ("and", 7, "cc", "CCONJ", "CC", "and", ""),
            ("Iraq", 7, "conj", "PROPN", "NNP", "Iraq", "GPE"),
            (".", 2, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "transfer")
    assert names(claim.args["supplier"]) == ["China"]
    assert names(claim.args["recipient"]) == ["Saudi Arabia", "Iraq"]
    assert claim.args["mode"] == "sale"
    assert claim.status == "asserted" and claim.source is None
    assert claim.evidence[0].text.startswith("China has sold")


def test_passive_with_user_as_recipient(extractor):
    # Drones used by militias are supplied by China .
    rows = [("Drones", 5, "nsubjpass", "NOUN", "NNS", "drone", ""),
            ("used", 0, "acl", "VERB", "VBN", "use", ""),
            ("by", 1, "agent", "ADP", "IN", "by", ""),
            ("militias", 2, "pobj", "NOUN", "NNS", "militia", ""),
            ("are", 5, "auxpass", "AUX", "VBP", "be", ""),
            ("supplied", 5, "ROOT", "VERB", "VBN", "supply", ""),
            ("by", 5, "agent", "ADP", "IN", "by", ""),
            ("China", 6, "pobj", "PROPN", "NNP", "China", "GPE"),
            (".", 5, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "transfer")
    assert names(claim.args["supplier"]) == ["China"]
    assert names(claim.args["recipient"]) == ["militias"]
    assert names(claim.args["item"]) == ["Drones"]


def test_refusal_denies_the_meeting(extractor):
    # Iran has refused to meet Mora .
    rows = [("Iran", 2, "nsubj", "PROPN", "NNP", "Iran", "GPE"),
            ("has", 2, "aux", "AUX", "VBZ", "have", ""),
            ("refused", 2, "ROOT", "VERB", "VBN", "refuse", ""),
            ("to", 4, "aux", "PART", "TO", "to", ""),
            ("meet", 2, "xcomp", "VERB", "VB", "meet", ""),
            ("Mora", 4, "dobj", "PROPN", "NNP", "Mora", "PERSON"),
            (".", 2, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "meet")
    assert names(claim.args["participants"]) == ["Iran", "Mora"]
    assert claim.status == "denied"


def test_hedge_and_origin_make_a_hedged_purchase(extractor):
    # Moscow may buy Iranian drones .
    rows = [("Moscow", 2, "nsubj", "PROPN", "NNP", "Moscow", "GPE"),
            ("may", 2, "aux", "AUX", "MD", "may", ""),
            ("buy", 2, "ROOT", "VERB", "VB", "buy", ""),
            ("Iranian", 4, "amod", "ADJ", "JJ", "Iranian", "NORP"),
            ("drones", 2, "dobj", "NOUN", "NNS", "drone", ""),
            (".", 2, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "transfer")
    assert names(claim.args["recipient"]) == ["Russia"]  # the capital stands for the state
    assert names(claim.args["supplier"]) == ["Iran"]  # "Iranian drones": made in Iran
    assert claim.status == "hedged"


def test_nested_attribution_quoted_as_saying(extractor):
    # ISW quoted Arestovych as saying that Iran handed 46 drones over to Russia .
    rows = [("ISW", 1, "nsubj", "PROPN", "NNP", "ISW", "ORG"),
            ("quoted", 1, "ROOT", "VERB", "VBD", "quote", ""),
            ("Arestovych", 1, "dobj", "PROPN", "NNP", "Arestovych", "PERSON"),
            ("as", 1, "prep", "ADP", "IN", "as", ""),
            ("saying", 3, "pcomp", "VERB", "VBG", "say", ""),
            ("that", 7, "mark", "SCONJ", "IN", "that", ""),
            ("Iran", 7, "nsubj", "PROPN", "NNP", "Iran", "GPE"),
            ("handed", 4, "ccomp", "VERB", "VBD", "hand", ""),
            ("46", 9, "nummod", "NUM", "CD", "46", "CARDINAL"),
            ("drones", 7, "dobj", "NOUN", "NNS", "drone", ""),
            ("over", 7, "prt", "ADP", "RP", "over", ""),
            ("to", 7, "prep", "ADP", "IN", "to", ""),
            ("Russia", 11, "pobj", "PROPN", "NNP", "Russia", "GPE"),
            (".", 1, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "transfer")
    assert names(claim.args["supplier"]) == ["Iran"] and names(claim.args["recipient"]) == ["Russia"]
    assert claim.args["quantity"] == 46
    assert [e.name for e in claim.source_chain] == ["Institute for the Study of War", "Arestovych"]
    assert claim.source is not None and claim.source.name == "Arestovych"


def test_title_before_name_is_a_position(extractor):
    # Israeli Prime Minister Yair Lapid spoke .
    rows = [("Israeli", 2, "amod", "ADJ", "JJ", "Israeli", "NORP"),
            ("Prime", 2, "compound", "PROPN", "NNP", "Prime", ""),
            ("Minister", 4, "compound", "PROPN", "NNP", "Minister", ""),
            ("Yair", 4, "compound", "PROPN", "NNP", "Yair", "PERSON"),
            ("Lapid", 5, "nsubj", "PROPN", "NNP", "Lapid", "PERSON"),
            ("spoke", 5, "ROOT", "VERB", "VBD", "speak", ""),
            (".", 5, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "position")
    assert names(claim.args["person"]) == ["Yair Lapid"]
    assert names(claim.args["organization"]) == ["Israel"]
    assert claim.args["position"] == "Prime Minister"


def test_backed_compound_supports_a_named_group(extractor):
    # Iran - backed Hezbollah fired rockets at Israel .
    rows = [("Iran", 2, "npadvmod", "PROPN", "NNP", "Iran", "GPE"),
            ("-", 2, "punct", "PUNCT", "HYPH", "-", ""),
            ("backed", 3, "amod", "VERB", "VBN", "back", ""),
            ("Hezbollah", 4, "nsubj", "PROPN", "NNP", "Hezbollah", "ORG"),
            ("fired", 4, "ROOT", "VERB", "VBD", "fire", ""),
            ("rockets", 4, "dobj", "NOUN", "NNS", "rocket", ""),
            ("at", 4, "prep", "ADP", "IN", "at", ""),
            ("Israel", 6, "pobj", "PROPN", "NNP", "Israel", "GPE"),
            (".", 4, "punct", "PUNCT", ".", ".", "")]
    claims = run(extractor, rows)
    support = only(claims, "support")
    assert names(support.args["supporter"]) == ["Iran"] and names(support.args["supported"]) == ["Hezbollah"]
    attack = only(claims, "attack")
    assert names(attack.args["attacker"]) == ["Hezbollah"] and names(attack.args["target"]) == ["Israel"]
    assert names(attack.args["weapon"]) == ["rockets"]


def test_a_sentence_without_verbs_yields_nothing(extractor):
    rows = [("Iran", 1, "compound", "PROPN", "NNP", "Iran", "GPE"),
            ("drones", 1, "ROOT", "NOUN", "NNS", "drone", "")]
    assert run(extractor, rows) == []


def test_a_confirming_source_makes_a_confirmed_claim(extractor):
    # The ministry confirmed that Iran sold drones to Russia .
    rows = [("The", 1, "det", "DET", "DT", "the", ""),
            ("ministry", 2, "nsubj", "NOUN", "NN", "ministry", ""),
            ("confirmed", 2, "ROOT", "VERB", "VBD", "confirm", ""),
            ("that", 5, "mark", "SCONJ", "IN", "that", ""),
            ("Iran", 5, "nsubj", "PROPN", "NNP", "Iran", "GPE"),
            ("sold", 2, "ccomp", "VERB", "VBD", "sell", ""),
            ("drones", 5, "dobj", "NOUN", "NNS", "drone", ""),
            ("to", 5, "dative", "ADP", "IN", "to", ""),
            ("Russia", 7, "pobj", "PROPN", "NNP", "Russia", "GPE"),
            (".", 2, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "transfer")
    assert claim.status == "confirmed"


def test_the_same_claim_twice_is_one_claim_with_two_spans(seed_extraction):
    meets = [c for c in seed_extraction.claims if c.type == "meet"
             and any(e.name.endswith("Nakhalah") for e in c.args["participants"])]  # type: ignore[union-attr]
    assert len(meets) == 1 and len(meets[0].evidence) == 2


# Russia has received 40 Iranian - made drones , Ukraine 's defence intelligence said on Monday .
_RECEIVED_SAID = [("Russia", 2, "nsubj", "PROPN", "NNP", "Russia", "GPE"),
                  ("has", 2, "aux", "AUX", "VBZ", "have", ""),
                  ("received", 2, "ROOT", "VERB", "VBN", "receive", ""),
                  ("40", 7, "nummod", "NUM", "CD", "40", "CARDINAL"),
                  ("Iranian", 6, "npadvmod", "PROPN", "NNP", "Iranian", "NORP"),
                  ("-", 6, "punct", "PUNCT", "HYPH", "-", ""),
                  ("made", 7, "amod", "VERB", "VBN", "make", ""),
                  ("drones", 2, "dobj", "NOUN", "NNS", "drone", ""),
                  (",", 7, "punct", "PUNCT", ",", ",", ""),
                  ("Ukraine", 12, "poss", "PROPN", "NNP", "Ukraine", "GPE"),
                  ("'s", 9, "case", "PART", "POS", "'s", ""),
                  ("defence", 12, "compound", "NOUN", "NN", "defence", ""),
                  ("intelligence", 13, "nsubj", "NOUN", "NN", "intelligence", ""),
                  ("said", 2, "conj", "VERB", "VBD", "say", ""),
                  ("on", 13, "prep", "ADP", "IN", "on", ""),
                  ("Monday", 14, "pobj", "PROPN", "NNP", "Monday", "DATE"),
                  (".", 13, "punct", "PUNCT", ".", ".", "")]


def test_trailing_attribution_parsed_as_a_conjunct_names_the_reporting_state(extractor):
    claim = only(run(extractor, _RECEIVED_SAID), "transfer")
    assert claim.source is not None and claim.source.name == "Ukraine"
    assert claim.status == "reported"  # "intelligence" is a report, not a named speaker


def test_hyphenated_demonym_on_the_item_is_the_supplier(extractor):
    claim = only(run(extractor, _RECEIVED_SAID), "transfer")
    assert names(claim.args["supplier"]) == ["Iran"] and names(claim.args["recipient"]) == ["Russia"]
    assert names(claim.args["item"]) == ["drones"]


def test_no_claim_of_an_entity_on_itself(extractor):
    # the Saudi - led coalition said .   (one KB name: "Saudi-led coalition")
    rows = [("the", 4, "det", "DET", "DT", "the", ""),
            ("Saudi", 3, "npadvmod", "PROPN", "NNP", "Saudi", "ARMED_FORCE"),
            ("-", 3, "punct", "PUNCT", "HYPH", "-", "ARMED_FORCE"),
            ("led", 4, "amod", "VERB", "VBN", "lead", "ARMED_FORCE"),
            ("coalition", 5, "nsubj", "NOUN", "NN", "coalition", "ARMED_FORCE"),
            ("said", 5, "ROOT", "VERB", "VBD", "say", ""),
            (".", 5, "punct", "PUNCT", ".", ".", "")]
    assert [c for c in run(extractor, rows) if c.type == "support"] == []


def test_a_name_after_a_person_noun_is_a_person_whatever_the_tagger_says(extractor):
    # A court sentenced dual national Anoosheh Ashoori to 10 years .   (the tagger: WORK_OF_ART)
    rows = [("A", 1, "det", "DET", "DT", "a", ""),
            ("court", 2, "nsubj", "NOUN", "NN", "court", ""),
            ("sentenced", 2, "ROOT", "VERB", "VBD", "sentence", ""),
            ("dual", 4, "amod", "ADJ", "JJ", "dual", ""),
            ("national", 6, "compound", "ADJ", "JJ", "national", ""),
            ("Anoosheh", 6, "compound", "PROPN", "NNP", "Anoosheh", "WORK_OF_ART"),
            ("Ashoori", 2, "dobj", "PROPN", "NNP", "Ashoori", "WORK_OF_ART"),
            ("to", 2, "prep", "ADP", "IN", "to", ""),
            ("10", 9, "nummod", "NUM", "CD", "10", "DATE"),
            ("years", 7, "pobj", "NOUN", "NNS", "year", "DATE"),
            (".", 2, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "sentence")
    assert claim.args["defendant"] == EntityRef(name="Anoosheh Ashoori", kind="person")


def test_an_untagged_two_word_name_in_an_argument_slot_is_a_person(extractor):
    # Narges Mohammadi was arrested in Tehran .   (the tagger found no entity in the name)
    rows = [("Narges", 1, "compound", "PROPN", "NNP", "Narges", ""),
            ("Mohammadi", 3, "nsubjpass", "PROPN", "NNP", "Mohammadi", ""),
            ("was", 3, "auxpass", "AUX", "VBD", "be", ""),
            ("arrested", 3, "ROOT", "VERB", "VBN", "arrest", ""),
            ("in", 3, "prep", "ADP", "IN", "in", ""),
            ("Tehran", 4, "pobj", "PROPN", "NNP", "Tehran", "GPE"),
            (".", 3, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "detain")
    assert claim.args["detainee"] == EntityRef(name="Narges Mohammadi", kind="person")
    # a one-word or title-bearing name is not guessed: "President Mohammadi" needs the tagger
    rows[0] = ("President", 1, "compound", "PROPN", "NNP", "President", "")
    assert [c for c in run(extractor, rows) if c.type == "detain"] == []


def test_an_unnamed_target_struck_in_a_named_place_is_that_place(extractor):
    # Turkish jets struck a village in Syria .
    rows = [("Turkish", 1, "amod", "ADJ", "JJ", "turkish", "NORP"),
            ("jets", 2, "nsubj", "NOUN", "NNS", "jet", ""),
            ("struck", 2, "ROOT", "VERB", "VBD", "strike", ""),
            ("a", 4, "det", "DET", "DT", "a", ""),
            ("village", 2, "dobj", "NOUN", "NN", "village", ""),
            ("in", 2, "prep", "ADP", "IN", "in", ""),
            ("Syria", 5, "pobj", "PROPN", "NNP", "Syria", "GPE"),
            (".", 2, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "attack")
    assert names(claim.args["attacker"]) == ["Turkey"]
    assert names(claim.args["target"]) == ["Syria"] and names(claim.args["location"]) == ["Syria"]


def test_the_actor_on_an_attack_noun_subject_is_the_killer(extractor):
    # A US drone strike killed an al-Shabaab commander near Mogadishu .
    rows = [("A", 3, "det", "DET", "DT", "a", ""),
            ("US", 3, "compound", "PROPN", "NNP", "US", "GPE"),
            ("drone", 3, "compound", "NOUN", "NN", "drone", ""),
            ("strike", 4, "nsubj", "NOUN", "NN", "strike", ""),
            ("killed", 4, "ROOT", "VERB", "VBD", "kill", ""),
            ("an", 7, "det", "DET", "DT", "an", ""),
            ("al-Shabaab", 7, "compound", "PROPN", "NNP", "al-Shabaab", "ORG"),
            ("commander", 4, "dobj", "NOUN", "NN", "commander", ""),
            ("near", 4, "prep", "ADP", "IN", "near", ""),
            ("Mogadishu", 8, "pobj", "PROPN", "NNP", "Mogadishu", "GPE"),
            (".", 4, "punct", "PUNCT", ".", ".", "")]
    claim = only(run(extractor, rows), "kill")
    assert names(claim.args["killer"]) == ["United States"] and names(claim.args["victim"]) == ["al-Shabaab"]
    assert names(claim.args["location"]) == ["Mogadishu"]

"""Property tests: whatever the text, extraction does not crash, invents nothing, and grounds every claim."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.model import Document
from claimgraph.schema import validate_claim_v1

WORDS = ["Iran", "sold", "drones", "to", "Russia", "China", "has", "said", "that", "the", "militias", "were",
         "killed", "by", "Israel", "in", "Gaza", "on", "Friday", "may", "not", "refused", "meet", "\u201c", "\u201d",
         '"', ",", ".", "\n", "Hezbollah", "Iran-backed", "46", "reportedly", "President", "Ebrahim", "Raisi",
         "\u0627\u06cc\u0631\u0627\u0646", "\u200f", "\x00", "\t", "(", ")", "--", "he", "she", "them"]

texts = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.text(max_size=300),
)


def check(processor, text: str) -> None:
    document = Document(text=text, name="prop", published=dt.date(2022, 8, 5))
    extraction = processor.process(document)
    for claim in extraction.claims:
        exported = claim.to_v1()
        validate_claim_v1(exported)
        assert exported["evidence"]
        for ev in claim.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
            assert text[ev.start: ev.end] == ev.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_any_text_yields_valid_grounded_claims(processor, text):
    check(processor, text)


def test_hostile_shapes(processor):
    run_on = [
        "",
        "no verbs here just nouns and more nouns " * 10,
        ("Iran sold drones to Russia and " * 400) + "China.",  # one long run-on sentence
        "Name | Country | Drones\nShahed 129 | Iran | 46\nCH-4 | China | 12\n",  # a table turned into text
        "Ali, Hossein, Narges Mohammadi, Ebrahim Raisi, Yair Lapid, Jake Sullivan.",  # a list of names
        '"Iran sold drones to Russia, he said. And then “nothing',  # unbalanced quotes
        "Der Iran hat Drohnen an Russland verkauft, sagte er am Freitag.",  # not English
        # a description that is its own possessor's subject once recursed without end:
    "its proxy undoubtedly arrested news UAE nuclear it\u2019s UAVs said itself [Iran\u2019s] drones the China.",
    "\u0627\u06cc\u0631\u0627\u0646 \u067e\u0647\u067e\u0627\u062f \u0628\u0647 \u0631\u0648\u0633\u06cc\u0647"
        " \u0641\u0631\u0648\u062e\u062a.",
    ]
    for text in run_on:
        check(processor, text)
    assert processor.process(Document(text=run_on[1], name="nouns")).claims == []


def test_word_salad_from_news_vocabulary(processor, seed_document):
    """A fixed-seed fuzz: random word sequences drawn from a news report."""
    import random

    words = seed_document.text.split()
    rng = random.Random(7)
    for i in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 80)))
        if i % 5 == 0:
            text = text.replace(" ", rng.choice(["\n", " , ", "\u201c", "\u201d", '"']), rng.randint(0, 5))
        check(processor, text)

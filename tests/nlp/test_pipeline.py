"""The parsing pipeline: paragraph sentences and the domain entity ruler, on the real model."""

from __future__ import annotations


def test_line_breaks_end_sentences(processor):
    doc = processor.nlp("Drones Provided By China, US Reveals\nChief of Staff Mohammad Bagheri visited a base")
    assert next(s.text.strip() for s in doc.sents) == "Drones Provided By China, US Reveals"


def test_weapon_designations_and_kb_entities_are_tagged(processor):
    doc = processor.nlp("Russia received Shahed-136 drones and the S-300 from Iran, while Hezbollah fired rockets.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("S-300") == "WEAPON"
    assert any(t.startswith("Shahed") and lab == "WEAPON" for t, lab in labels.items())
    assert labels.get("Hezbollah") == "ARMED_GROUP"


def test_dates_and_diseases_are_not_weapons(processor):
    doc = processor.nlp("She was freed in September 2020 and tested positive for Covid-19 on May 28, 2022.")
    assert not [e for e in doc.ents if e.label_ == "WEAPON"]

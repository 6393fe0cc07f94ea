"""The bundled knowledge-base data: coverage, Wikidata ids, and the names the news uses."""

from __future__ import annotations

import pytest

from claimgraph.kb import KnowledgeBase, default_kb


# -- loading -------------------------------------------------------------------------------------------
def test_bundled_kb_loads_and_covers_every_kind():  # its load time is measured in benchmarks/ner_kb.py
    kb = KnowledgeBase.load()
    assert len(kb) > 1000
    assert {e.kind for e in kb} >= {
        "state",
        "armed_group",
        "armed_force",
        "agency",
        "organization",
        "weapon",
        "place",
        "court",
        "outlet",
        "agreement",
    }
    assert default_kb() is default_kb()


def test_bundled_kb_covers_every_sovereign_state():
    states = default_kb().of_kind("state")
    assert len(states) >= 190
    assert all(s.fact("iso2") and s.fact("iso3") and s.fact("capital") for s in states)
    names = {s.name for s in states}
    assert {
        "Iran",
        "Russia",
        "United States",
        "United Kingdom",
        "South Korea",
        "North Korea",
        "Syria",
        "Venezuela",
        "Vietnam",
        "Bolivia",
        "Tanzania",
        "Laos",
        "Moldova",
        "Palestine",
        "Kosovo",
        "Vatican City",
    } <= names
    assert not any(
        "," in n or "Republic of" in n
        for n in names - {"Republic of the Congo", "Democratic Republic of the Congo"}
    )


@pytest.mark.parametrize(
    "entry_id, qid",
    [
        ("ir", "Q794"),
        ("cn", "Q148"),
        ("us", "Q30"),
        ("ru", "Q159"),
        ("ua", "Q212"),
        ("il", "Q801"),
        ("sa", "Q851"),
        ("iq", "Q796"),
        ("ae", "Q878"),
        ("gb", "Q145"),
        ("sy", "Q858"),
        ("ye", "Q805"),
        ("lb", "Q822"),
        ("ve", "Q717"),
        ("tr", "Q43"),
        ("de", "Q183"),
        ("fr", "Q142"),
        ("eg", "Q79"),
        ("jo", "Q810"),
        ("qa", "Q846"),
        ("af", "Q889"),
        ("pk", "Q843"),
        ("in", "Q668"),
        ("kp", "Q423"),
        ("kr", "Q884"),
        ("jp", "Q17"),
        ("by", "Q184"),
        ("at", "Q40"),
        ("ps", "Q219060"),
        ("eu", "Q458"),
        ("un", "Q1065"),
        ("iaea", "Q826700"),
        ("nato", "Q7184"),
        ("isw", "Q6039516"),
        ("hezbollah", "Q41053"),
        ("pij", "Q477950"),
        ("houthis", "Q1574454"),
        ("hamas", "Q38799"),
        ("irgc", "Q271110"),
        ("quds-force", "Q1330349"),
        ("idf", "Q1059612"),
        ("shin-bet", "Q1139460"),
        ("shahed-129", "Q7461637"),
        ("ch-4", "Q1022446"),
        ("wing-loong-2", "Q24948478"),
        ("himars", "Q1061089"),
        ("gaza", "Q39760"),
        ("evin", "Q1376043"),
        ("kashan", "Q208107"),
        ("vienna-city", "Q1741"),
        ("tehran-city", "Q3616"),
        ("baghdad-city", "Q1530"),
        ("jcpoa", "Q20016466"),
    ],
)
def test_known_wikidata_ids(entry_id, qid):
    entry = default_kb().get(entry_id)
    assert entry is not None and entry.qid == qid


def test_qids_are_unique_and_references_resolve():
    kb = default_kb()
    qids = [e.qid for e in kb if e.qid]
    assert len(qids) == len(set(qids))
    for entry in kb:
        for key in ("origin", "state", "parent", "country"):
            if entry.fact(key) is not None:
                assert entry.fact(key) in kb, (entry.id, key)
    assert kb.get("shahed-136").fact("origin") == "ir"
    assert kb.get("shahed-136").facts["class"] == "loitering munition"


# -- lookups -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "surface, name, qid",
    [
        ("the U.S.", "United States", "Q30"),
        ("USA", "United States", "Q30"),
        ("America", "United States", "Q30"),
        ("Islamic Republic of Iran", "Iran", "Q794"),
        ("Iran, Islamic Republic of", None, None),
        ("Russian Federation", "Russia", "Q159"),
        ("Britain", "United Kingdom", "Q145"),
        ("UAE", "United Arab Emirates", "Q878"),
        ("PRC", "China", "Q148"),
        ("Shahed-129", "Shahed 129", "Q7461637"),
        ("shahed 129", "Shahed 129", "Q7461637"),
        ("Geran-2", "Shahed 136", None),
        ("Qods Force", "Quds Force", "Q1330349"),
        ("Qods (Quds) Force", "Quds Force", "Q1330349"),
        ("Hizbollah", "Hezbollah", "Q41053"),
        ("Ansar Allah", "Houthis", "Q1574454"),
        ("Israel\u2019s", "Israel", "Q801"),
        ("Kata\u2019ib Hezbollah", "Kata'ib Hezbollah", None),
        ("Kataib Hezbollah", "Kata'ib Hezbollah", None),
        ("T\u00fcrkiye", "Turkey", "Q43"),
        ("Turkiye", "Turkey", "Q43"),
        ("the Revolutionary Guards", "Islamic Revolutionary Guard Corps", "Q271110"),
        ("ISW", "Institute for the Study of War", "Q6039516"),
        ("M142 HIMARS", "HIMARS", "Q1061089"),
        ("Iran nuclear deal", "Joint Comprehensive Plan of Action", "Q20016466"),
    ],
)
def test_lookup_by_variant(surface, name, qid):
    entry = default_kb().lookup(surface)
    if name is None:
        assert entry is None
    else:
        assert entry is not None and entry.name == name and entry.qid == qid


def test_tehran_is_a_place_by_name_and_iran_by_metonym():
    kb = default_kb()
    assert kb.lookup("Tehran").kind == "place"  # "in Tehran" is a place
    assert kb.by_metonym("Tehran").name == "Iran"  # "Tehran denied" is the government


@pytest.mark.parametrize(
    "word, name",
    [
        ("Iranian", "Iran"),
        ("Russian", "Russia"),
        ("Chinese", "China"),
        ("American", "United States"),
        ("Israeli", "Israel"),
        ("Saudi", "Saudi Arabia"),
        ("Emirati", "United Arab Emirates"),
        ("Ukrainian", "Ukraine"),
        ("Iraqi", "Iraq"),
        ("Syrian", "Syria"),
        ("Yemeni", "Yemen"),
        ("Lebanese", "Lebanon"),
        ("Venezuelan", "Venezuela"),
        ("British", "United Kingdom"),
        ("Palestinian", "Palestine"),
        ("North Korean", "North Korea"),
        ("Belarusian", "Belarus"),
        ("Kosovar", "Kosovo"),
    ],
)
def test_demonyms(word, name):
    assert default_kb().by_demonym(word).name == name


@pytest.mark.parametrize(
    "word, name",
    [
        ("Tehran", "Iran"),
        ("Beijing", "China"),
        ("Washington", "United States"),
        ("Moscow", "Russia"),
        ("Kremlin", "Russia"),
        ("the Kremlin", "Russia"),
        ("White House", "United States"),
        ("Jerusalem", "Israel"),
        ("Riyadh", "Saudi Arabia"),
        ("Kyiv", "Ukraine"),
        ("Kiev", "Ukraine"),
        ("Damascus", "Syria"),
        ("Baghdad", "Iraq"),
        ("Downing Street", "United Kingdom"),
        ("Brussels", "European Union"),
    ],
)
def test_metonyms(word, name):
    assert default_kb().by_metonym(word).name == name


def test_every_state_has_a_demonym_or_is_listed_without_one():
    kb = default_kb()
    without = {s.name for s in kb.of_kind("state") if not s.demonyms}
    assert without <= {"Dominican Republic", "Republic of the Congo", "Vatican City"}


def test_bundled_ambiguous_acronyms_name_nobody():
    kb = default_kb()
    for acronym in ("RSF", "ADF", "SNA", "IAF", "CAR"):
        assert kb.lookup(acronym) is None, acronym
    assert kb.lookup("Rapid Support Forces").id == "rsf"
    assert kb.lookup("Reporters Without Borders").id == "rsf-press"

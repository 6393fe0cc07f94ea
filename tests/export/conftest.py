"""Export data for the table and graph export tests: a small document built to stress CSV and XML (commas,
quotes, a line break, a form feed, non-ASCII) with one claim of each shape, and the seed report's claims."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.export import ExportData
from claimgraph.model import Claim, Document, EntityRef, Evidence, TimeValue

TEXT = ('Iran handed 46 "Shahed" drones, over to Russia on Friday, the adviser said.\n'
        "Lapid met Putin and Erdoğan in Sochi.\x0c Iran denied the report. Iran handed over drones.")

IRAN = EntityRef(name="Iran", kind="state", kb_id="Q794")
RUSSIA = EntityRef(name="Russia", kind="state", kb_id="Q159")
DRONES = EntityRef(name="drones", kind="weapon", origin="Iran")
ISW = EntityRef(name="Institute for the Study of War", kind="organization", kb_id="Q6039516")
ADVISER = EntityRef(name="Oleksiy Arestovych", kind="person")
LAPID = EntityRef(name="Yair Lapid", kind="person")
PUTIN = EntityRef(name="Vladimir Putin", kind="person")
ERDOGAN = EntityRef(name="Recep Tayyip Erdoğan", kind="person")
SOCHI = EntityRef(name="Sochi", kind="place")


def evidence(doc: Document, phrase: str) -> Evidence:
    start = doc.text.index(phrase)
    return Evidence(doc=doc.name, start=start, end=start + len(phrase), text=phrase)


def make_sample() -> tuple[Document, list[Claim]]:
    doc = Document(text=TEXT, name="stress-ü, \"quoted\"", title='A "title", with commas', url="https://example.org/a?b=1,2",
                   outlet="Iran International", published=dt.date(2022, 8, 5))
    transfer = Claim(doc=doc.name, doc_id=doc.id, type="transfer",
                     args={"supplier": IRAN, "recipient": RUSSIA, "item": DRONES, "quantity": 46, "mode": "aid"},
                     status="unconfirmed", source=ADVISER, source_chain=(ISW, ADVISER),
                     time=TimeValue(text="on Friday", value="2022-08-05", precision="day"),
                     statement_time=TimeValue(text="2022", value="2022", precision="year"),
                     evidence=(evidence(doc, 'Iran handed 46 "Shahed" drones, over to Russia on Friday, the adviser '
                                             'said.\nLapid'),), confidence=0.7)
    meet = Claim(doc=doc.name, doc_id=doc.id, type="meet", args={"participants": [LAPID, PUTIN, ERDOGAN],
                                                                  "location": SOCHI},
                 evidence=(evidence(doc, "Lapid met Putin and Erdoğan in Sochi.\x0c"),), confidence=0.8)
    deny = Claim(doc=doc.name, doc_id=doc.id, type="deny", args={"denier": IRAN, "about": "report"},
                 status="denied", evidence=(evidence(doc, "Iran denied the report"),))
    no_recipient = Claim(doc=doc.name, doc_id=doc.id, type="transfer", args={"supplier": IRAN, "item": DRONES},
                         evidence=(evidence(doc, "Iran handed over drones"),))
    return doc, [no_recipient, deny, meet, transfer]


@pytest.fixture()
def sample() -> tuple[Document, list[Claim]]:
    return make_sample()


@pytest.fixture()
def sample_data(sample) -> ExportData:
    doc, claims = sample
    return ExportData.of(claims, [doc])


@pytest.fixture(scope="session")
def seed_data(seed_document, seed_extraction) -> ExportData:
    return ExportData.of(seed_extraction.claims, [seed_document])

"""A workbench database built once: the seed report plus short reports of one delivery from three outlets
(one a denial), an unrelated sale, and two reports naming different suppliers for one delivery, so pages show
corroboration, conflicts, denials and competing accounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.model import Document
from claimgraph.store import Store

REPORTS = [
    ("Iran has delivered 46 Shahed-136 drones to Russia, Ukrainian officials said on Monday.", "2022-10-17"),
    ("Iran handed 60 drones over to Russia, a US official told Reuters on Tuesday.", "2022-10-18"),
    ("Iran has not supplied any drones to Russia, Foreign Minister Hossein Amir-Abdollahian said on Wednesday.",
     "2022-10-19"),
    ("China has sold CH-4 drones to Iraq.", "2022-10-19"),
    ("Iran supplied 46 Shahed drones to Russia in September 2022, Ukrainian officials said.", "2022-10-20"),
    ("Belarus supplied 46 Shahed drones to Russia in September 2022, a US official said on Tuesday.", "2022-10-21"),
]


def _build(target: str | Path, processor, seed_extraction) -> None:
    with Store.open(target) as store:
        store.add(seed_extraction.document, seed_extraction.claims, seed_extraction.mentions)
        for i, (text, day) in enumerate(REPORTS):
            ex = processor.process(Document(text=text, name=f"report-{i}", title=f"Report {i}",
                                            published=dt.date.fromisoformat(day)))
            store.add(ex.document, ex.claims, ex.mentions)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, processor, seed_extraction) -> Path:
    path = tmp_path_factory.mktemp("web") / "workbench.db"
    _build(path, processor, seed_extraction)
    return path


@pytest.fixture(scope="session")
def pg_web_db(pg_server, processor, seed_extraction) -> Iterator[str]:
    """The same workbench database on PostgreSQL."""
    url = pg_server.create_database("cg_web")
    _build(url, processor, seed_extraction)
    yield url
    pg_server.drop_database(url)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def client(request, web_db):
    """The workbench over the SQLite database, then over the PostgreSQL one (the API and pages tests run on both)."""
    from fastapi.testclient import TestClient

    from claimgraph.web import create_app
    return TestClient(create_app(web_db if request.param == "sqlite" else request.getfixturevalue("pg_web_db")))


@pytest.fixture(scope="session")
def iran_id(web_db) -> str:
    with Store.open(web_db, read_only=True) as store:
        return store.read("SELECT id FROM entities WHERE kb_id = 'Q794'")[0][0]

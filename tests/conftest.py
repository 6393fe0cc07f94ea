"""Shared fixtures: the parsing pipeline (loaded once), the seed document, and the PostgreSQL server the
store tests also run on."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.demo import demo_paths
from claimgraph.model import Document
from pg import PgServer, Unavailable, start_server

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_NAME = "seed-iran-international-2022-08-05"


@pytest.fixture(scope="session")
def processor():
    from claimgraph.process import Processor
    return Processor()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return next(p for p in demo_paths() if p.stem == SEED_NAME)


@pytest.fixture(scope="session")
def seed_document(seed_path: Path) -> Document:
    return Document(text=seed_path.read_text(encoding="utf-8"), name=SEED_NAME, published=dt.date(2022, 8, 5),
                    published_source="cli", origin=str(seed_path))


@pytest.fixture(scope="session")
def seed_extraction(processor, seed_document):
    return processor.process(seed_document)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server: ``CLAIMGRAPH_TEST_PG`` (a postgresql:// URL allowed to create databases), else a
    throwaway one. Where none can be had the PostgreSQL tests skip, except under CI (CI=true): they fail."""
    url = os.environ.get("CLAIMGRAPH_TEST_PG")
    if url:
        yield PgServer(url)
        return
    try:
        server = start_server()
    except (Unavailable, RuntimeError) as e:  # not installed, or it would not start
        if os.environ.get("CI"):
            pytest.fail(str(e))
        pytest.skip(str(e))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: an SQLite file, then a PostgreSQL database (the same test on both)."""
    if request.param == "sqlite":
        return str(tmp_path / "claims.db")
    return str(request.getfixturevalue("pg_url"))

"""Shared fixtures: the parsing pipeline (loaded once) and the seed document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimgraph.demo import demo_paths
from claimgraph.model import Document

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

"""Write transactions of a batch ingest: how many documents each commits (decoupled from the batches sent to
workers), the time bound that commits a slow ingest's documents early, and a clear error for a bad size."""

from __future__ import annotations

from pathlib import Path

import pytest

import claimgraph.batch as batch
from claimgraph.batch import COMMIT_DOCS, ingest_documents
from claimgraph.errors import ExtractionError
from claimgraph.model import Document
from claimgraph.store import Store


def _reports(n: int) -> list[Document]:
    states = ["Iran", "Russia", "Belarus", "China", "Iraq", "Syria"]
    return [Document(text=f"{states[i % 6]} supplied {i + 3} drones to {states[(i + 1) % 6]} last month, "
                          f"officials said. (Report {i}.)", name=f"r{i}") for i in range(n)]


def _commits(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of documents of each ``add_many`` call (one transaction each) the store gets from now on."""
    sizes: list[int] = []
    add_many = store.add_many

    def counted(items, signatures=None):  # the real write, counted
        items = list(items)
        sizes.append(len(items))
        return add_many(items, signatures)

    monkeypatch.setattr(store, "add_many", counted)
    return sizes


def test_transactions_hold_commit_size_documents_whatever_the_batch_size(tmp_path: Path, processor, monkeypatch):
    with Store.open(tmp_path / "a.db") as store:
        sizes = _commits(store, monkeypatch)
        totals = ingest_documents(store, _reports(23), processor=processor, batch_size=4, commit_size=10)
        assert sizes == [10, 10, 3] and totals.extracted == 23
        assert store.read("SELECT count(*) FROM documents")[0][0] == 23


def test_the_default_commits_at_least_a_batch(tmp_path: Path, processor, monkeypatch):
    assert COMMIT_DOCS == 256
    monkeypatch.setattr(batch, "COMMIT_DOCS", 12)  # as many documents as 256, without extracting 256
    monkeypatch.setattr(batch, "COMMIT_SECONDS", 3600.0)
    with Store.open(tmp_path / "a.db") as store:
        sizes = _commits(store, monkeypatch)
        ingest_documents(store, _reports(17), processor=processor, batch_size=4)
        ingest_documents(store, _reports(40), processor=processor, batch_size=16)
        assert sizes == [12, 5, 16, 7]  # then 16: a batch is never split over two transactions


def test_storing_raises_the_cycle_collector_thresholds_and_restores_them(tmp_path: Path, processor):
    import gc

    seen: list[tuple[int, int, int]] = []
    before = gc.get_threshold()
    with Store.open(tmp_path / "a.db") as store:
        ingest_documents(store, _reports(3), processor=processor, on_result=lambda *_: seen.append(gc.get_threshold()))
    assert seen == [batch.STORING_GC_THRESHOLDS] * 3 and gc.get_threshold() == before


def test_a_slow_ingest_commits_after_the_time_bound(tmp_path: Path, processor, monkeypatch):
    monkeypatch.setattr(batch, "COMMIT_SECONDS", 0.0)  # every document is "late"
    with Store.open(tmp_path / "a.db") as store:
        sizes = _commits(store, monkeypatch)
        ingest_documents(store, _reports(5), processor=processor, batch_size=4, commit_size=100)
        assert sizes == [1, 1, 1, 1, 1]


def test_a_commit_size_below_one_is_refused(tmp_path: Path, processor):
    with Store.open(tmp_path / "a.db") as store, pytest.raises(ExtractionError, match="--commit-size 0"):
        ingest_documents(store, _reports(2), processor=processor, commit_size=0)


def test_once_the_input_is_read_what_workers_still_parse_is_committed_a_batch_at_a_time(tmp_path: Path, processor,
                                                                                        monkeypatch):
    """The batches in flight when the input ends are stored one by one as they come, while the worker parses
    the next, instead of in one transaction after the last (one core idle meanwhile). Extracting here, there is
    nothing to overlap: one transaction."""
    import claimgraph.parallel as parallel
    from claimgraph.parallel import IN_FLIGHT, WorkerPool

    monkeypatch.setattr(batch, "COMMIT_SECONDS", 3600.0)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)  # earlier tests may leave idle threads behind
    with Store.open(tmp_path / "a.db") as store:
        sizes = _commits(store, monkeypatch)
        ingest_documents(store, _reports(23), processor=processor, batch_size=4, commit_size=100)
        assert sizes == [23]
    with Store.open(tmp_path / "b.db") as store, WorkerPool(1, processor=processor) as pool:
        sizes = _commits(store, monkeypatch)
        ingest_documents(store, _reports(23), processor=processor, batch_size=4, commit_size=100, pool=pool)
        # six batches, the last of 3: it is read (the input ends) as the worker's results for batch 6 - IN_FLIGHT
        # come; the batches taken before those are one transaction, then each batch is one
        assert sizes == [4 * (5 - IN_FLIGHT), *[4] * IN_FLIGHT, 3], sizes
        assert store.read("SELECT count(*) FROM documents")[0][0] == 23

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
        # six batches, the last of 3: the pool reads one batch ahead, so the input's end is read as the worker's
        # results for batch 5 - IN_FLIGHT come; the batches taken before those are one transaction, then each
        # batch is one
        assert sizes == [4 * (4 - IN_FLIGHT), *[4] * (IN_FLIGHT + 1), 3], sizes
        assert store.read("SELECT count(*) FROM documents")[0][0] == 23


class _HeldPool:
    """A worker pool whose results are held back until the one who waits on them says so: each batch is
    extracted here, as a worker would (its results encoded as a worker sends them), but its future is done only
    when ``release`` is called. Lets a test see what the storing side does while it waits on a worker."""

    def __init__(self, processor, workers: int = 2) -> None:
        from concurrent.futures import Future

        self.processor, self.workers, self.forked = processor, workers, False
        self.ready: Future[bool] = Future()
        self.ready.set_result(True)
        self.held: list[tuple[Future, list]] = []
        self.sizes: list[int] = []

    def submit(self, documents, batch_size, doc_timeout):
        from concurrent.futures import Future

        from claimgraph.parallel import _encode_all, _extract_batch

        future: Future = Future()
        self.held.append((future, _encode_all(documents, _extract_batch(self.processor, documents, batch_size))))
        self.sizes.append(len(documents))
        return future

    def release(self) -> None:
        future, result = next((f, r) for f, r in self.held if not f.done())
        future.set_result(result)


def test_once_the_input_is_read_what_came_is_stored_whenever_the_next_result_is_not_ready(tmp_path: Path, processor,
                                                                                          monkeypatch):
    """The pieces the end of the input is cut into are each stored while the workers make the next: waiting on
    a worker, the storing process commits what it has (once the input is all read), so at the end it has only
    the last piece to store alone."""
    monkeypatch.setattr(batch, "COMMIT_SECONDS", 3600.0)
    pool = _HeldPool(processor)
    waits: list[int] = []
    with Store.open(tmp_path / "a.db") as store:
        sizes = _commits(store, monkeypatch)

        def release_next() -> None:  # the storing side waits on a worker: let the worker finish
            waits.append(sum(sizes))
            pool.release()

        from claimgraph import parallel

        extract_ordered = parallel.extract_ordered
        monkeypatch.setattr(batch, "extract_ordered",
                            lambda *a, idle=None, **k: extract_ordered(*a, idle=_both(idle, release_next), **k))
        totals = ingest_documents(store, _reports(60), processor=processor, batch_size=8, commit_size=100,
                                  pool=pool)  # type: ignore[arg-type]
        assert totals.extracted == 60 and store.read("SELECT count(*) FROM documents")[0][0] == 60
    assert pool.sizes == [8] * 6 + [4, 4, 4]  # whole batches, then what is left when the end is read, cut up
    # Waits before the input's end has been read commit nothing; from then on each wait commits what has come
    # (each figure is what is stored once the wait's commit is done).
    # The last pieces are stored one by one, where counting to a batch would have kept two of them for later.
    assert waits == [0, 0, 0, 24, 32, 40, 48, 52, 56], waits
    assert sizes == [16, 8, 8, 8, 8, 4, 4, 4], sizes


def _both(first, then):
    def run() -> None:
        if first is not None:
            first()
        then()
    return run

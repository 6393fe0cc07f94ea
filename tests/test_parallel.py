"""The parallel-ingest pieces in one process: worker counts, the extractor fingerprint and extraction marks, and
ordered extraction that turns a document the pipeline rejects into a Failure and goes on."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest

from claimgraph.batch import extraction_mark
from claimgraph.errors import ExtractionError
from claimgraph.extraction import Extraction
from claimgraph.model import Document, claim_from_json
from claimgraph.parallel import Failure, extract_ordered, resolve_workers
from claimgraph.process import extractor_fingerprint
from claimgraph.resolve.signatures import text_signatures


def test_worker_counts():
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert resolve_workers("auto") == resolve_workers(0) == resolve_workers("0") == cpus
    assert resolve_workers("3") == resolve_workers(3) == 3
    for bad in ("many", "-1", -2):
        with pytest.raises(ExtractionError, match="--workers"):
            resolve_workers(bad)


def test_fingerprint_names_what_extracts(tmp_path: Path):
    base = extractor_fingerprint()
    assert base == extractor_fingerprint() and base.startswith("claimgraph ")
    kb = tmp_path / "mine.json"
    kb.write_text('[{"id": "x", "name": "Example Brigade", "kind": "armed_group"}]')
    with_kb = extractor_fingerprint(kb_files=[kb])
    assert with_kb != base and extractor_fingerprint("another_model") != base
    kb.write_text('[{"id": "x", "name": "Example Battalion", "kind": "armed_group"}]')
    assert extractor_fingerprint(kb_files=[kb]) != with_kb


def test_the_mark_covers_the_metadata_extraction_depends_on():
    doc = Document(text="Iran sold drones to Russia.", name="a", published=dt.date(2024, 1, 2))
    same = Document(text="Iran sold drones to Russia.", name="a", published=dt.date(2024, 1, 2))
    assert extraction_mark("fp", doc) == extraction_mark("fp", same)
    assert extraction_mark("fp", doc) != extraction_mark("fp2", doc)
    assert extraction_mark("fp", doc) != extraction_mark("fp", doc.model_copy(update={"published": None}))
    assert extraction_mark("fp", doc) != extraction_mark("fp", doc.model_copy(update={"name": "b"}))


def test_ordered_results_with_a_failure_in_the_batch(processor):
    docs = [Document(text="China has sold CH-4 drones to Iraq.", name="one"),
            Document(text="Iran sold drones to Russia. " * 190_000, name="too-long"),  # over 5 MiB
            Document(text="Turkey delivered Bayraktar TB2 drones to Ukraine.", name="three")]
    results = list(extract_ordered(iter(docs), processor=processor, batch_size=3))
    assert [r.document.name for r in results] == ["one", "too-long", "three"]
    assert isinstance(results[0], Extraction) and isinstance(results[2], Extraction)
    assert isinstance(results[1], Failure)
    assert results[1].reason == ("InputError: too-long: 5,320,000 characters, more than the 5,242,880 one document "
                                 "may have (raise it with --max-doc-bytes, or split the document)")
    assert results[0].claims and results[2].claims
    with pytest.raises(ExtractionError, match="batch-size"):
        list(extract_ordered(docs, processor=processor, batch_size=0))


def test_a_result_crosses_to_the_parent_as_ids_ledger_keys_and_stored_json(processor):
    """What a worker sends: each claim's id, ledger key and stored JSON, which the parent keeps rather than
    hashing and serialising again; the claims read back equal the worker's."""
    from claimgraph.model.claim import LEDGER_KEY_MEMO
    from claimgraph.model.ledger import ledger_key
    from claimgraph.parallel import _decode, _encode

    doc = Document(text="China has sold CH-4 drones to Iraq, officials said.", name="one")
    claims = list(processor.extractor(processor.nlp(doc.text), doc).claims)
    assert claims
    sent = _encode(doc, (claims, []))
    assert sent[0] == tuple((c.id, ledger_key(c), c.stored_json()) for c in claims)
    claim_from_json.cache_clear()  # as in the parent, which parses each text anew
    back, mentions, signed = _decode(sent)
    assert back == claims and mentions == [] and signed == text_signatures(doc)
    assert [c.id for c in back] == [c.id for c in claims]
    assert all(b.stored_json() is text for b, (_, _, text) in zip(back, sent[0], strict=True))
    assert [b.__dict__[LEDGER_KEY_MEMO] for b in back] == [key for _, key, _ in sent[0]]  # kept, not hashed


def _reports(n: int) -> list[Document]:
    states = ["Iran", "Russia", "Belarus", "China", "Iraq", "Syria"]
    return [Document(text=f"{states[i % 6]} supplied {i + 3} drones to {states[(i + 1) % 6]} last month, "
                          f"officials said. (Report {i}.)", name=f"r{i}") for i in range(n)]


@pytest.mark.parametrize("forked", [True, False], ids=["forked", "spawned"])
def test_a_run_is_handed_over_to_a_worker_with_the_same_results(processor, monkeypatch, forked):
    """A forked worker takes every document; a spawned one those after HAND_OVER_AFTER (this process goes on
    meanwhile until the worker is ready). The results, in order, are those of extracting everything here."""
    import psutil

    import claimgraph.parallel as parallel

    docs = _reports(40)
    expected = [(e.document.id, e.claims, e.mentions) for e in extract_ordered(docs, processor=processor)]
    here: list[int] = []  # documents extracted in this process (the worker has its own copy of the module)
    extract_here = parallel._extract_batch
    monkeypatch.setattr(parallel, "_extract_batch", lambda *a: here.append(len(a[1])) or extract_here(*a))
    monkeypatch.setattr(parallel, "HAND_OVER_AFTER", 4)
    monkeypatch.setattr(parallel, "can_fork", lambda: forked)  # earlier tests may leave idle threads behind
    results = extract_ordered(docs, processor=processor, batch_size=4, hand_over=True)
    got = [next(results) for _ in range(5)]  # the fifth is the first after the hand-over: the worker starts
    workers = [c for c in psutil.Process().children() if "resource_tracker" not in " ".join(c.cmdline())]
    assert len(workers) == 1, "no worker process was started"
    assert (workers[0].cmdline() == psutil.Process().cmdline()) == forked
    rss = 0
    for _ in range(240):  # let it load the pipeline: its memory grows past a bare interpreter's, then settles
        time.sleep(0.5)
        rss, before = workers[0].memory_info().rss, rss
        if rss > 150_000_000 and abs(rss - before) < 1_000_000:
            break
    got += list(results)
    assert [(e.document.id, e.claims, e.mentions) for e in got] == expected
    if forked:
        assert here == [], "a forked worker is ready at once: nothing is extracted here"
    else:
        assert 4 <= sum(here) < 40, "the worker extracted nothing"
    assert not workers[0].is_running() or workers[0].status() == psutil.STATUS_ZOMBIE  # stopped at the end


def test_a_short_run_with_hand_over_never_spawns_a_worker(processor, monkeypatch):
    import psutil

    import claimgraph.parallel as parallel

    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    before = {c.pid for c in psutil.Process().children()}
    results = list(extract_ordered(_reports(6), processor=processor, hand_over=True))
    assert len(results) == 6 and {c.pid for c in psutil.Process().children()} <= before


def test_a_forked_pool_starts_ready_and_stops_when_closed(processor, monkeypatch):
    import psutil

    import claimgraph.parallel as parallel
    from claimgraph.parallel import WorkerPool

    assert parallel.can_fork() == (threading.active_count() == 1)  # on Linux: unless another thread runs
    monkeypatch.setattr(parallel, "can_fork", lambda: True)  # earlier tests may leave idle threads behind
    with WorkerPool(2, processor=processor) as pool:
        assert pool.forked and pool.ready.result(timeout=10)
        import gc  # what a forked worker inherits stays out of its collections, which run at the usual thresholds

        assert pool._executor.submit(gc.get_freeze_count).result() > 0 and gc.get_freeze_count() == 0
        assert pool._executor.submit(gc.get_threshold).result() == parallel._GC_THRESHOLDS
        from test_allocator import BLOCK, refaulted_pages  # a worker keeps what a batch frees for the next

        assert pool._executor.submit(refaulted_pages).result() < BLOCK // 4096 // 20
        workers = [c for c in psutil.Process().children() if c.cmdline() == psutil.Process().cmdline()]
        assert len(workers) == 2
        results = list(extract_ordered(_reports(9), pool=pool, batch_size=2))
        assert [r.document.name for r in results] == [f"r{i}" for i in range(9)]
        assert all(isinstance(r, Extraction) and r.claims for r in results)
        assert [r.signatures for r in results] == [text_signatures(r.document) for r in results]  # for the store
    assert all(not w.is_running() or w.status() == psutil.STATUS_ZOMBIE for w in workers)
    with pytest.raises(ExtractionError, match="--workers 0"):
        WorkerPool(0)


def test_closing_the_pool_ends_the_wait_for_a_result_a_stopped_worker_left_half_written(processor, monkeypatch):
    """A worker stopped (Ctrl-C, a kill) while it wrote a result leaves half a message in the result pipe: the
    executor's thread waited for the rest forever, and the interpreter for that thread at exit (the command
    printed that it was interrupted and never ended). Closing the pool makes that thread end."""
    import struct

    import claimgraph.parallel as parallel
    from claimgraph.parallel import WorkerPool

    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    pool = WorkerPool(1, processor=processor)
    assert pool.ready.result(timeout=10)
    thread = pool._executor._executor_manager_thread
    results = pool._executor._result_queue
    os.write(results._writer.fileno(), struct.pack("!i", 1000) + b"half")  # 1,000 bytes announced, 4 sent
    time.sleep(0.2)  # the thread has read the header and waits for the rest
    pool.close()
    thread.join(timeout=10)
    ended = not thread.is_alive()
    if not ended:  # let it go, or this test process could not exit
        results._writer.close()
        thread.join(timeout=10)
    assert ended

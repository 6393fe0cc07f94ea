"""Extraction in worker processes: documents parsed, extracted and resolved in parallel, results in input order.

:func:`extract_ordered` takes documents as they are read and yields one :class:`Extraction` (or a
:class:`Failure`) per document, in input order, so whoever stores the results writes the same database
whatever the number of workers.

* **Workers.** With ``workers=1`` everything runs in this process; with ``hand_over``, one worker process
  parses while this one only stores (the store and the parse overlap on two cores): a forked worker from the
  start, a spawned one for a run still going after :data:`HAND_OVER_AFTER` documents (a short run never
  pays for starting it). With more, a :class:`WorkerPool` of processes each runs the whole extraction path on batches of
  documents; spaCy's own ``n_process`` would parallelise only the parse and leave extraction and resolution
  in the parent. Where the platform forks and no other thread runs here (:func:`can_fork`), workers are
  forked from a process that has loaded the pipeline, and start at once; otherwise they are spawned
  (nothing of the parent is inherited) and each loads the pipeline, which takes seconds. ``claimgraph
  ingest`` starts its pool before its progress display starts a thread. A worker keeps the memory a batch
  frees for the next one (:mod:`claimgraph.allocator`).
* **Streaming with backpressure.** At most :data:`IN_FLIGHT` ``* workers`` batches are in flight: the next batch
  is read only once the oldest one's results have been taken, so memory stays flat for a corpus of any size.
  The input is read one batch ahead; once its end has been read, what is left goes out at once, cut into
  smaller and smaller pieces (:class:`claimgraph.scheduling.Batches`), so that the workers finish together.
* **Failures.** A document the pipeline cannot process (too long, say) becomes a :class:`Failure`
  and the rest goes on. A worker that dies (killed, out of memory) raises :class:`ExtractionError` naming the
  batch; so does a pipeline that cannot be loaded. Workers ignore SIGINT: Ctrl-C reaches the parent, which
  stops the pool; a worker whose parent has gone exits by itself.
* **Time limit.** With ``doc_timeout``, a document whose parse and extraction take longer than that many
  seconds becomes a :class:`Failure` too. The limit is a ``SIGALRM`` timer in the main thread of the process
  that does the work (this one, or each worker), so it interrupts Python code, and a long C call (one parser
  step) only when it returns (:mod:`claimgraph.deadline`). A batch parsed together with ``nlp.pipe`` gets
  the limit times its size; one that overruns it, or fails, is done again a document at a time, each under
  the limit, to find the slow or bad document.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .allocator import keep_freed_memory
from .deadline import time_limit
from .errors import ClaimgraphError, DocumentTimeout, ExtractionError
from .extraction import Extraction
from .ingest.limits import DEFAULT_MAX_DOC_BYTES
from .model import Claim, Document, Mention, stored_claim
from .model.ledger import ledger_key
from .model.signatures import TextSignatures
from .nlp import DEFAULT_MODEL
from .process import Processor
from .resolve.signatures import text_signatures
from .scheduling import Batches, batches

__all__ = ["BATCH_SIZE", "HAND_OVER_AFTER", "Failure", "WorkerPool", "can_fork", "extract_ordered",
           "resolve_workers"]

_Found = tuple[list[Claim], list[Mention]]
_Sent = tuple[tuple[tuple[str, str, str], ...], bytes, TextSignatures]
"""A result on its way from a worker: each claim's id, ledger key and stored JSON, the mentions' JSON, and the
document's near-duplicate signatures (computed in the worker, so that the storing parent need not)."""
_MENTIONS: TypeAdapter[list[Mention]] = TypeAdapter(list[Mention])
_PARENT_POLL_S = 1.0
_GC_THRESHOLDS = gc.get_threshold()
"""The cycle collector's thresholds as this process started: a forked worker goes back to them (the storing
parent raises its own, see :data:`claimgraph.batch.STORING_GC_THRESHOLDS`; a worker's spaCy docs make cycles)."""
_FORK_READY_S = 10.0

BATCH_SIZE = 64
"""Documents per batch sent to a worker by default (``--batch-size``): ``nlp.pipe`` runs about 7% faster on
batches of 64 than of 16."""

IN_FLIGHT = 2
"""Batches a worker in flight: the one it parses and one queued, which is taken while this process stores (a
sampling of busy cores every 0.1 s over 2,000 reports with two workers found both busy throughout between
start-up and the last batches, with 2 as with 3)."""

HAND_OVER_AFTER = 64
"""With ``workers=1`` and ``hand_over``, where the worker cannot be forked: documents extracted here before the
rest goes to a spawned worker process.
Starting a worker (a fresh interpreter loading the pipeline) takes seconds; this process goes on extracting
until it is ready."""


@dataclass(frozen=True)
class Failure:
    """A document the extraction path could not process, and why (one line)."""

    document: Document
    reason: str


def resolve_workers(workers: int | str) -> int:
    """The number of worker processes for ``workers``: a positive number, or ``0``/``"auto"`` for one per CPU
    this process may use."""
    if isinstance(workers, str):
        text = workers.strip().lower()
        if text != "auto" and not text.isdigit():
            raise ExtractionError(f"--workers {workers}: a number of processes, or auto")
        workers = 0 if text == "auto" else int(text)
    if workers < 0:
        raise ExtractionError(f"--workers {workers}: a number of processes, or auto")
    if workers == 0:
        affinity = getattr(os, "sched_getaffinity", None)
        return max(1, len(affinity(0)) if affinity else os.cpu_count() or 1)
    return workers


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _extract_batch(processor: Processor, documents: Sequence[Document], batch_size: int,
                   doc_timeout: float | None = None) -> list[_Found | str]:
    """Each document's claims and mentions, or (for one that fails or takes too long) the reason as a string."""
    try:
        with time_limit(doc_timeout * len(documents) if doc_timeout else None):
            return [(e.claims, e.mentions) for e in processor.process_many(documents, batch_size=batch_size)]
    except Exception:  # one bad or slow document spoils nlp.pipe's batch: redo it one by one to find it
        found: list[_Found | str] = []
        for document in documents:
            try:
                extraction = processor.process(document, timeout=doc_timeout)
                found.append((extraction.claims, extraction.mentions))
            except DocumentTimeout as exc:
                found.append(str(exc))
            except Exception as exc:
                found.append(_one_line(exc))
        return found


# -- in the worker processes ----------------------------------------------------------------------------
_worker: Processor | None = None
_worker_error: str | None = None


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(_PARENT_POLL_S)
        if os.getppid() != parent:  # the parent died (SIGKILL leaves no one to stop us)
            os._exit(1)


def _init_worker(model: str, kb_files: tuple[str, ...], parent: int, max_chars: int = DEFAULT_MAX_DOC_BYTES) -> None:
    global _worker, _worker_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    keep_freed_memory()  # batch after batch, the same memory (claimgraph.allocator)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="claimgraph-parent-watch").start()
    try:
        _worker = Processor(model, kb_files, max_chars)
    except ClaimgraphError as exc:
        _worker_error = str(exc)
    except Exception as exc:
        _worker_error = f"cannot load spaCy pipeline {model}: {_one_line(exc)}"


def _adopt(processor: Processor, parent: int) -> None:
    """A forked worker: it has this process's loaded pipeline already, and the objects it inherited frozen
    (``gc.freeze`` before the fork): its cycle collector never walks them, so it neither spends time on the
    parent's heap nor writes to (and so copies) the pages it shares with the parent."""
    global _worker
    gc.set_threshold(*_GC_THRESHOLDS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    keep_freed_memory()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="claimgraph-parent-watch").start()
    _worker = processor


def _loaded() -> bool:
    return _worker is not None


def _work(documents: list[Document], batch_size: int, doc_timeout: float | None) -> list[_Sent | str]:
    if _worker is None:
        raise ExtractionError(_worker_error or "worker not initialised")
    return _encode_all(documents, _extract_batch(_worker, documents, batch_size, doc_timeout))  # in its main thread


def _encode_all(documents: Sequence[Document], found: list[_Found | str]) -> list[_Sent | str]:
    """A batch's results as a worker sends them: each extraction as JSON with its document's signatures
    (:func:`_encode`), a failure as is."""
    return [r if isinstance(r, str) else _encode(d, r) for d, r in zip(documents, found, strict=True)]


def _encode(document: Document, found: _Found) -> _Sent:
    """A result as JSON for the trip to the parent: unpickling pydantic models costs the parent (which also
    stores) about 0.8 ms a document, parsing their JSON a tenth of that, and the claims' JSON is what the
    store reads back (:func:`~claimgraph.model.claim_from_json` then parses it once). Each claim goes as its
    id and its stored JSON (:meth:`~claimgraph.model.Claim.stored_json`), which the parent then neither hashes
    nor serialises again, with its ledger key, which the parent need not hash either: the storing parent is the
    one process that cannot be multiplied, so what needs no store is done here. The MinHash signatures the store
    needs (about 1 ms a document) are computed here too."""
    claims, mentions = found
    return (tuple((c.id, ledger_key(c), c.stored_json()) for c in claims), _MENTIONS.dump_json(mentions),
            text_signatures(document))


def _decode(sent: _Found | _Sent) -> tuple[list[Claim], list[Mention], TextSignatures | None]:
    if len(sent) == 3:
        claims, mentions, signed = sent  # type: ignore[misc]
        return ([stored_claim(cid, text, current=True, ledger_key=key) for cid, key, text in claims],
                _MENTIONS.validate_json(mentions), signed)
    claims, mentions = sent  # type: ignore[misc]
    return claims, mentions, None


# -- in the parent --------------------------------------------------------------------------------------
def can_fork() -> bool:
    """Whether worker processes can be forked from this one now: on Linux (macOS has ``fork`` too, but its
    system libraries are not safe to use in a forked child, which is why Python spawns there), with no other
    thread running here (a thread holding a lock as the process forks would leave it held forever in the
    child)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _flush_std_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # closed, or a broken pipe: nothing to inherit
            pass


class WorkerPool:
    """Worker processes that extract batches of documents, started now.

    With ``processor`` (the pipeline loaded here) and :func:`can_fork`, they are forked from this process:
    each starts at once with the loaded pipeline, its memory shared with this one until written. Otherwise
    they are spawned (nothing of this process is inherited) and each loads a :class:`Processor` for
    ``model``, ``kb_files`` and ``max_chars``, which takes seconds: :attr:`ready` is done once one has.
    Use as a context manager, or :meth:`close` it: that stops the workers at once.
    """

    def __init__(self, workers: int = 1, *, model: str = DEFAULT_MODEL, kb_files: Sequence[str | Path] = (),
                 max_chars: int = DEFAULT_MAX_DOC_BYTES, processor: Processor | None = None) -> None:
        if workers < 1:
            raise ExtractionError(f"--workers {workers}: at least 1 worker process")
        self.workers = workers
        self.forked = processor is not None and can_fork()
        init: Callable[..., None]
        args: tuple[Any, ...]
        if self.forked:
            _flush_std_streams()  # else the children inherit what is buffered, and write it again as they exit
            context, init, args = "fork", _adopt, (processor, os.getpid())
        else:
            context, init = "spawn", _init_worker
            args = (model, tuple(str(k) for k in kb_files), os.getpid(), max_chars)
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(context),
                                             initializer=init, initargs=args)
        if self.forked:  # the first task forks them: the objects they inherit are left out of their collections
            gc.freeze()
        try:
            self.ready: Future[bool] = self._executor.submit(_loaded)
            """Done once a worker has the pipeline (True), or could not load it (False)."""
        finally:
            if self.forked:
                gc.unfreeze()

    def submit(self, batch: list[Document], batch_size: int, doc_timeout: float | None
               ) -> Future[list[_Sent | str]]:
        return self._executor.submit(_work, batch, batch_size, doc_timeout)

    def close(self) -> None:
        """Stop the workers now, whatever they are doing (idempotent)."""
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        results = getattr(self._executor, "_result_queue", None)
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
        if results is not None and not any(p.is_alive() for p in processes):
            # A worker stopped while it wrote a result leaves half a message in the result pipe. The executor's
            # thread then waits for the rest forever, since this process holds the pipe's write end too, and the
            # interpreter waits for that thread at exit: Ctrl-C printed its message and the command never ended.
            # With every worker gone, closing this end makes the wait end (end of file), and the thread stops.
            results._writer.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _results(batch: Sequence[Document], found: Sequence[_Found | _Sent | str]) -> Iterator[Extraction | Failure]:
    for document, result in zip(batch, found, strict=True):
        if isinstance(result, str):
            yield Failure(document, result)
        else:
            claims, mentions, signed = _decode(result)
            yield Extraction(document=document, claims=claims, mentions=mentions, signatures=signed)


def _names(batch: Sequence[Document]) -> str:
    return batch[0].name if len(batch) == 1 else f"{batch[0].name} … {batch[-1].name} ({len(batch)} documents)"


def _died(batch: Sequence[Document]) -> str:
    where = f" while extracting {_names(batch)}" if batch else ""
    return f"a worker process stopped unexpectedly (killed, or out of memory?){where}; the documents stored " \
           "before it are kept"


def _ready(future: Future[bool]) -> bool:
    try:
        return future.result()
    except BrokenProcessPool:
        return False


def _result(batch: Sequence[Document], future: Future[list[_Sent | str]]) -> list[_Sent | str]:
    try:
        return future.result()
    except BrokenProcessPool:
        raise ExtractionError(_died(batch)) from None
    except ClaimgraphError:
        raise
    except Exception as exc:
        raise ExtractionError(f"extracting {_names(batch)} failed: {_one_line(exc)}") from None


def extract_ordered(documents: Iterable[Document], *, model: str = DEFAULT_MODEL,
                    kb_files: Sequence[str | Path] = (), workers: int = 1, batch_size: int = BATCH_SIZE,
                    processor: Processor | None = None, hand_over: bool = False, doc_timeout: float | None = None,
                    max_chars: int = DEFAULT_MAX_DOC_BYTES, pool: WorkerPool | None = None,
                    idle: Callable[[], None] | None = None) -> Iterator[Extraction | Failure]:
    """One result per document, in input order: its extraction, or a :class:`Failure`.

    ``documents`` is read lazily, ``batch_size`` at a time. With ``workers=1`` the extraction runs here, with
    ``processor`` if given (else one loaded for ``model`` and ``kb_files``); with ``hand_over`` as well, in
    one worker process forked from it where :func:`can_fork`, else the documents after the first
    :data:`HAND_OVER_AFTER` go to a spawned one (``processor`` must then be what ``Processor(model, kb_files,
    max_chars)`` loads). With more workers, in that many worker processes,
    forked from ``processor`` where :func:`can_fork`. With ``pool`` (started by the caller, who closes it),
    in its workers, whatever ``workers`` says; with ``processor`` as well, documents are extracted here
    until a spawned pool is ready.
    ``doc_timeout`` (seconds; None or 0: none) limits each document's parse and extraction, and ``max_chars``
    its length, for a processor loaded here or in a worker. ``idle`` is called, where worker processes do the
    extraction, whenever the next result is not ready yet: what the consumer would do with the results it has,
    it may do while it waits. Raises :class:`ExtractionError` when a worker dies or the pipeline cannot be loaded.
    """
    if batch_size < 1:
        raise ExtractionError(f"--batch-size {batch_size}: at least 1")
    if doc_timeout is not None and doc_timeout < 0:
        raise ExtractionError(f"--doc-timeout {doc_timeout:g}: seconds, or 0 for no limit")
    if pool is not None:
        yield from _extract_in_pool(documents, pool, batch_size, doc_timeout, local=processor, idle=idle)
        return
    if workers > 1:
        with WorkerPool(workers, model=model, kb_files=kb_files, max_chars=max_chars, processor=processor) as own:
            yield from _extract_in_pool(documents, own, batch_size, doc_timeout, idle=idle)
        return
    local = processor or Processor(model, kb_files, max_chars)
    if hand_over and can_fork():  # a forked worker costs milliseconds: even a short run goes to one
        with WorkerPool(1, processor=local) as own:
            yield from _extract_in_pool(documents, own, batch_size, doc_timeout, local=local, idle=idle)
        return
    it = iter(documents)
    for batch in batches(islice(it, HAND_OVER_AFTER) if hand_over else it, batch_size):
        yield from _results(batch, _extract_batch(local, batch, batch_size, doc_timeout))
    if hand_over and (following := next(it, None)) is not None:
        with WorkerPool(1, model=model, kb_files=kb_files, max_chars=max_chars, processor=local) as own:
            yield from _extract_in_pool(chain([following], it), own, batch_size, doc_timeout, local=local,
                                        idle=idle)


def _extract_in_pool(documents: Iterable[Document], pool: WorkerPool, batch_size: int, doc_timeout: float | None,
                     local: Processor | None = None, idle: Callable[[], None] | None = None
                     ) -> Iterator[Extraction | Failure]:
    """The pool's results in input order. With ``local``, batches are extracted here until a spawned pool is
    ready (and all of them, should no worker load the pipeline), so nothing waits on its start-up; a forked
    pool is waited for (it is ready in milliseconds). The caller closes the pool, which stops the workers
    should this stop early (an error, Ctrl-C, a consumer that stopped)."""
    pending: deque[tuple[list[Document], Future[list[_Sent | str]]]] = deque()
    cut = Batches(documents, batch_size, share=2 * pool.workers)
    finished = False
    ready = pool.ready
    if pool.forked:
        wait([ready], timeout=_FORK_READY_S)
    try:
        if local is not None and not (ready.done() and _ready(ready)):
            while not ready.done() and (batch := next(cut, None)) is not None:
                yield from _results(batch, _extract_batch(local, batch, batch_size, doc_timeout))
            if not ready.done() or not _ready(ready):  # the input ended first, or no worker could load it
                for batch in cut:
                    yield from _results(batch, _extract_batch(local, batch, batch_size, doc_timeout))
                return
        def fill() -> None:  # keep IN_FLIGHT batches a worker in flight; once the end is read, send the rest
            nonlocal finished
            while not finished and (len(pending) < IN_FLIGHT * pool.workers or cut.ending):
                batch = next(cut, None)
                if batch is None:
                    finished = True
                else:
                    pending.append((batch, pool.submit(batch, batch_size, doc_timeout)))

        fill()
        while pending:
            if idle is not None and not pending[0][1].done():
                idle()
            found = _result(*pending[0])
            done = pending.popleft()[0]
            fill()  # before handing the results on: the consumer may store for a while (a commit)
            yield from _results(done, found)
    except BrokenProcessPool:  # from submit, once the pool knows
        raise ExtractionError(_died(pending[0][0] if pending else [])) from None



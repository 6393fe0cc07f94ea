"""A resumable batch ingest: documents as they are read -> skip what is stored -> extract (N workers) -> store.

:func:`ingest_documents` is what ``claimgraph ingest`` and ``Database.add_files`` run.

* **In input order.** Extraction may run in worker processes (:mod:`claimgraph.parallel`) or on a Dask
  cluster (:mod:`claimgraph.cluster`), but documents are written in the order they were read, one
  transaction per :data:`COMMIT_DOCS` documents (or ``batch_size``, if larger, or ``commit_size``), and at
  least every :data:`COMMIT_SECONDS` seconds (:meth:`Store.add_many`: the ledger groups a transaction's
  documents share are refreshed once, so fewer, larger transactions recompute a shared group less often):
  the database is the same whatever the number of workers. Where the extraction runs elsewhere (workers, a
  cluster), what is left once the input has been read to its end arrives from batches in flight, and is
  committed ``batch_size`` documents at a time, and (worker processes) whenever the next result is not ready
  yet: the last documents are stored while the workers parse the rest, not all after them.
* **Resumable.** Every stored document carries an :func:`extraction_mark`: the extractor's fingerprint and a
  digest of the document's metadata. Before parsing, each batch of documents is looked up in one query; a
  document stored with the mark it would get now is skipped, so re-running an interrupted command parses
  only the rest, and a document extracted by another version (or with other metadata) is extracted again.
  ``reprocess=True`` extracts everything.
* **Streaming.** Nothing holds the corpus; only the batches in flight and their ids are in memory.
"""

from __future__ import annotations

import gc
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .cluster import DaskCluster, extract_on_dask
from .errors import ExtractionError, InputError
from .extraction import Extraction
from .ingest.limits import DEFAULT_MAX_DOC_BYTES
from .model import Document, stable_hash
from .nlp import DEFAULT_MODEL
from .parallel import BATCH_SIZE, Failure, WorkerPool, extract_ordered
from .process import Processor, extractor_fingerprint
from .store import AddResult, Store

__all__ = ["COMMIT_DOCS", "COMMIT_SECONDS", "IngestTotals", "extract", "extraction_mark", "ingest_documents"]

COMMIT_DOCS = 256
"""Documents written per transaction by default: the ledger groups they share are refreshed once each, and a
commit writes out every page the transaction changed. The near-duplicate indexes take random keys, so a
transaction touches pages all over them whatever its size: at 7,000 stored reports, 64 documents a
transaction cost the store 12.4 ms a document, 256 cost 8.6 (``COMMIT_SECONDS`` still commits a slow ingest
sooner)."""
STORING_GC_THRESHOLDS = (10_000, 50, 1_000)
"""The cycle collector's thresholds while this process stores (CPython's are 700, 10, 10). Storing keeps a
large heap of parsed claims and ledger entries (the caches that spare parsing them again) and makes hardly
any reference cycles, yet the default thresholds walked that whole heap every few hundred documents: 13%
of the storing time over 8,000 reports. Worker processes keep the defaults (:mod:`claimgraph.parallel`)."""

COMMIT_SECONDS = 2.0
"""A transaction is committed once this long has passed since the last, however few documents it has, so
readers (and the progress display) see a slow ingest's documents soon."""


@dataclass
class IngestTotals:
    """What an ingest did so far: documents read, skipped (stored already by the same extractor), extracted
    (of them new), failed, and the claims the documents read have in the store."""

    read: int = 0
    skipped: int = 0
    extracted: int = 0
    new: int = 0
    failed: int = 0
    claims: int = 0

    @property
    def stored(self) -> int:
        """Documents done: skipped or extracted and written."""
        return self.skipped + self.extracted

    def as_dict(self) -> dict[str, int]:
        return {"documents": self.read, "skipped": self.skipped, "extracted": self.extracted, "new": self.new,
                "failed": self.failed, "claims": self.claims}


@contextmanager
def _storing_gc() -> Iterator[None]:
    """:data:`STORING_GC_THRESHOLDS` in the block, the caller's thresholds again afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(*STORING_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def extraction_mark(fingerprint: str, document: Document) -> str:
    """What a document's stored claims came from: the extractor, and the metadata they were extracted with
    (name, date, outlet …; the text is the document's id already)."""
    metadata = document.model_dump(mode="json", exclude={"text", "id"})
    return f"{fingerprint} {stable_hash(metadata, 12)}"


class _Skipper:
    """Decides, a batch at a time, which documents need extracting; tracks those sent and not yet written.

    A document is skipped when the store has it with the same mark. One whose id was sent for extraction
    since the last lookup is never skipped: the lookup could not see what that one will write.
    """

    def __init__(self, store: Store, fingerprint: str, reprocess: bool, totals: IngestTotals,
                 on_skip: Callable[[Document, int], None] | None) -> None:
        self.store, self.fingerprint, self.reprocess, self.totals = store, fingerprint, reprocess, totals
        self.on_skip = on_skip
        self.unwritten: Counter[str] = Counter()
        self.sent: deque[tuple[str, str]] = deque()  # (id, mark) of each document sent, in order
        self.drained = False
        """Whether the input has been read to its end (what is left to extract is in flight)."""

    def to_extract(self, documents: Iterable[Document], lookup_size: int) -> Iterator[Document]:
        it = iter(documents)
        while batch := list(islice(it, lookup_size)):
            self.totals.read += len(batch)
            stored = {} if self.reprocess else self.store.extraction_marks(d.id for d in batch)
            recent = set(self.unwritten)
            for document in batch:
                mark = extraction_mark(self.fingerprint, document)
                known = stored.get(document.id)
                if known is not None and known[0] == mark and document.id not in recent:
                    self.totals.skipped += 1
                    self.totals.claims += known[1]
                    if self.on_skip:
                        self.on_skip(document, known[1])
                    continue
                recent.add(document.id)
                self.unwritten[document.id] += 1
                self.sent.append((document.id, mark))
                yield document
        self.drained = True

    def written(self, document: Document) -> str:
        """The mark to store with a document, which is no longer in flight (results come in input order)."""
        doc_id, mark = self.sent.popleft()
        assert doc_id == document.id, "results out of order"
        self.unwritten[doc_id] -= 1
        if self.unwritten[doc_id] <= 0:
            del self.unwritten[doc_id]
        return mark


def extract(documents: Iterable[Document], *, model: str = DEFAULT_MODEL, kb_files: Sequence[str | Path] = (),
            workers: int = 1, batch_size: int = BATCH_SIZE, processor: Processor | None = None,
            dask: DaskCluster | str | None = None, hand_over: bool = False, doc_timeout: float | None = None,
            max_chars: int = DEFAULT_MAX_DOC_BYTES, pool: WorkerPool | None = None,
            idle: Callable[[], None] | None = None) -> Iterator[Extraction | Failure]:
    """One result per document, in input order: :func:`claimgraph.parallel.extract_ordered` here or in
    ``workers`` processes, or, with ``dask`` (a :class:`DaskCluster` or a scheduler address),
    :func:`claimgraph.cluster.extract_on_dask` on that cluster (``max_chars`` applies there too).
    ``doc_timeout`` does not apply on a Dask
    cluster: its workers run tasks in threads, which a signal cannot interrupt. ``pool``: worker processes
    started by the caller (:class:`claimgraph.parallel.WorkerPool`), used instead of ``workers``. ``idle``: called
    while worker processes have the next result still to make (not on a Dask cluster)."""
    if dask is None:
        return extract_ordered(documents, model=model, kb_files=kb_files, workers=workers, batch_size=batch_size,
                               processor=processor, hand_over=hand_over, doc_timeout=doc_timeout,
                               max_chars=max_chars, pool=pool, idle=idle)
    if workers > 1 or pool is not None:
        raise ExtractionError(f"--dask and --workers {workers}: choose one (the cluster's workers do the work)")
    return extract_on_dask(documents, dask, model=model, kb_files=kb_files, batch_size=batch_size,
                           max_chars=max_chars)


def ingest_documents(store: Store, documents: Iterable[Document], *, model: str = DEFAULT_MODEL,
                     kb_files: Sequence[str | Path] = (), workers: int = 1, batch_size: int = BATCH_SIZE,
                     reprocess: bool = False, processor: Processor | None = None,
                     dask: DaskCluster | str | None = None,
                     totals: IngestTotals | None = None, hand_over: bool = False, doc_timeout: float | None = None,
                     max_chars: int = DEFAULT_MAX_DOC_BYTES, commit_size: int | None = None,
                     pool: WorkerPool | None = None,
                     on_result: Callable[[Document, AddResult | None, Extraction | None], None] | None = None,
                     on_warning: Callable[[InputError], None] | None = None) -> IngestTotals:
    """Extract and store ``documents`` (an iterator is read lazily), skipping those stored already by this
    extractor unless ``reprocess``. Returns the totals; pass ``totals`` to watch them grow (they stay right
    when this is interrupted).

    ``on_result`` is called for every document read, in input order: with its :class:`AddResult` and its
    extraction when it was extracted and written, with an AddResult and no extraction when it was skipped,
    and with neither when it failed; a failure is also passed to ``on_warning`` (else it raises
    :class:`InputError`). ``processor`` is reused when ``workers`` is 1. ``dask`` (a scheduler address or a
    connected :class:`DaskCluster`) extracts on that Dask cluster instead; the database is the same.
    ``hand_over`` (with one worker): a long run goes on in a worker process while this one stores, see
    :func:`claimgraph.parallel.extract_ordered`; ``pool`` (worker processes the caller started and closes)
    does the extraction instead of ``workers``. ``doc_timeout`` (seconds) makes a document whose parse and
    extraction take longer a failure, and ``max_chars`` one longer than that. ``commit_size``: documents
    per write transaction (default :data:`COMMIT_DOCS`, or ``batch_size`` if larger); a transaction is also
    committed after :data:`COMMIT_SECONDS`, and before a failure is reported.
    """
    if commit_size is not None and commit_size < 1:
        raise ExtractionError(f"--commit-size {commit_size}: at least 1")
    per_commit = commit_size or max(batch_size, COMMIT_DOCS)
    totals = totals if totals is not None else IngestTotals()
    fingerprint = extractor_fingerprint(model, kb_files)

    def skipped(document: Document, claims: int) -> None:
        if on_result:
            on_result(document, AddResult(document.id, new=False, claims=claims, changed=False), None)

    skipper = _Skipper(store, fingerprint, reprocess, totals, skipped)
    wanted = skipper.to_extract(documents, batch_size)
    pending: list[tuple[Extraction, str]] = []  # extracted, not yet written: one transaction per commit
    elsewhere = workers > 1 or hand_over or dask is not None or pool is not None  # parsed while this one stores
    tail = False  # the input is all read, and what came before is stored
    last_commit = time.monotonic()

    def flush() -> None:
        nonlocal last_commit
        last_commit = time.monotonic()
        if not pending:
            return
        results = store.add_many([(ex.document, ex.claims, ex.mentions, mark) for ex, mark in pending],
                                {ex.document.id: ex.signatures for ex, _ in pending if ex.signatures})
        for (ex, _), result in zip(pending, results, strict=True):
            totals.extracted += 1
            totals.new += int(result.new)
            totals.claims += result.claims
            if on_result:
                on_result(ex.document, result, ex)
        pending.clear()

    def waiting() -> None:  # worker processes still make the next result: once the input is all read, what this
        nonlocal tail  # one has is stored now rather than after the last worker is done
        if skipper.drained:
            tail = True
            flush()

    with _storing_gc():
        for outcome in extract(wanted, model=model, kb_files=kb_files, workers=workers, batch_size=batch_size,
                               processor=processor, dask=dask, hand_over=hand_over, doc_timeout=doc_timeout,
                               max_chars=max_chars, pool=pool, idle=waiting):
            mark = skipper.written(outcome.document)
            if isinstance(outcome, Failure):
                flush()  # what came before it is stored before it is reported (or raised)
                totals.failed += 1
                problem = InputError(outcome.document.origin or outcome.document.name,
                                     f"{outcome.document.name}: cannot extract ({outcome.reason}), skipped")
                if on_warning is None:
                    raise problem
                on_warning(problem)
                if on_result:
                    on_result(outcome.document, None, None)
                continue
            if elsewhere and skipper.drained and not tail:
                # The input is all read and the rest is in flight: store what came before now, then each batch
                # as it comes (this outcome begins one) while the workers parse the next.
                tail = True
                flush()
            pending.append((outcome, mark))
            if (len(pending) >= per_commit or time.monotonic() - last_commit >= COMMIT_SECONDS
                    or (tail and len(pending) >= batch_size)):
                flush()
        flush()
    return totals

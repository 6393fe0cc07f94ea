"""`claimgraph ingest` on the terminal: :func:`claimgraph.batch.ingest_documents` with a live progress display.

The readers stream, so the total is unknown: the display shows counts (read, skipped, extracted, new,
failed, claims) and documents per second, with a pulsing bar. Where stderr is not a terminal (a log file),
a plain progress line is printed once a minute instead.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from .batch import IngestTotals, ingest_documents
from .cluster import DaskCluster
from .errors import ClaimgraphError, ExtractionError, InputError
from .ingest import Limits, parse_date, read_documents
from .ingest.limits import DEFAULT_MAX_DOC_BYTES, DEFAULT_MAX_FEED_BYTES
from .parallel import WorkerPool, can_fork, resolve_workers
from .store import Store

__all__ = ["ingest_paths", "progress_line"]

_LOG_EVERY_S = 60.0
_THREAD_SETTLE_S = 1.0


class _RateColumn(ProgressColumn):
    """Documents per second (rich's own speed columns are for bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} docs/s" if speed else "… docs/s", style="progress.data.speed")


def progress_line(totals: IngestTotals) -> str:
    """The counts so far, as one line."""
    failed = f", {totals.failed:,} failed" if totals.failed else ""
    return (f"{totals.read:,} read, {totals.skipped:,} skipped (already stored), {totals.extracted:,} extracted "
            f"({totals.new:,} new){failed}, {totals.claims:,} claims")


@contextmanager
def _display(console: Console, totals: IngestTotals) -> Iterator[Callable[[], None]]:
    """A callback that refreshes the display from ``totals``."""
    if not console.is_terminal:
        started = last = time.monotonic()

        def log() -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= _LOG_EVERY_S:
                last = now
                console.print(f"ingest: {progress_line(totals)}, {totals.stored / (now - started):,.1f} docs/s",
                              highlight=False, soft_wrap=True)

        yield log
        return
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), _RateColumn(),
                        TimeElapsedColumn(), console=console, transient=True)
    with progress:
        task = progress.add_task("starting", total=None)

        def update() -> None:
            progress.update(task, completed=totals.stored + totals.failed, description=progress_line(totals))

        yield update


def _forked_pool(workers: int, processor: Any) -> WorkerPool | None:
    """Worker processes forked from this one, which has ``processor`` loaded, before any display thread
    starts; None where they cannot be forked (they are then spawned when the extraction needs them).

    The loading spinner's thread has been told to stop; it is given a moment to end, as forking while
    another thread runs is unsafe."""
    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(timeout=_THREAD_SETTLE_S)
    return WorkerPool(workers, processor=processor) if can_fork() else None


def _connect(address: str, console: Console) -> DaskCluster:
    with console.status(f"connecting to the Dask scheduler at {address}…"):
        return DaskCluster(address)


def ingest_paths(paths: list[str], db: str, *, published: str | None, outlet: str | None, model: str,
                 kb_files: list[Path], workers: int | str, batch_size: int, reprocess: bool, console: Console,
                 on_warning: Callable[[InputError], None], load_processor: Callable[[int], Any],
                 dask: str | None = None, busy_timeout: float | None = None, doc_timeout: float | None = None,
                 max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES,
                 max_feed_bytes: int = DEFAULT_MAX_FEED_BYTES, commit_size: int | None = None) -> dict[str, int]:
    """Read, extract and store ``paths`` into the database ``db``, showing progress on ``console``; the totals.

    ``dask`` (a scheduler address) extracts on that Dask cluster instead of here or in ``workers`` processes.
    ``busy_timeout`` is how long a write waits for another writer's lock, in seconds (see :meth:`Store.open`).
    ``doc_timeout`` (seconds) limits the reading of each page, WARC record or feed entry (and the parse of a
    feed file), and each document's parse and extraction: past it, the document is skipped with a warning.
    ``max_doc_bytes`` and ``max_feed_bytes`` are the readers' :class:`~claimgraph.ingest.Limits` (and
    ``max_doc_bytes`` the longest document parsed, in characters). ``commit_size``: documents per write
    transaction (see :func:`~claimgraph.batch.ingest_documents`). ``load_processor(max_chars)`` loads
    the pipeline for ``--workers 1``.
    A bad sole input fails before spaCy loads (or the cluster is contacted). Ctrl-C stops with a message and
    exit code 130, keeping what is stored (and cancelling the cluster's tasks); any other failure raises
    :class:`ClaimgraphError` saying what was done and how to resume.
    """
    date = parse_date(published) if published else None
    count = resolve_workers(workers)
    if dask is not None and count > 1:
        raise ExtractionError(f"--dask and --workers {workers}: choose one (the cluster's workers do the work)")
    limits = Limits(max_doc_bytes=max_doc_bytes, max_feed_bytes=max_feed_bytes)
    docs = read_documents(paths, published=date, outlet=outlet, on_warning=on_warning, limits=limits,
                          doc_timeout=doc_timeout)
    totals = IngestTotals()
    first = next(docs, None)  # a bad sole input raises here
    if first is None:
        return totals.as_dict()
    try:
        with ExitStack() as stack:
            cluster = stack.enter_context(_connect(dask, console)) if dask is not None else None
            store = stack.enter_context(Store.open(db, busy_timeout=busy_timeout))
            loads = cluster is None and (count == 1 or can_fork())  # the workers are forked from this process
            processor = load_processor(max_doc_bytes) if loads else None
            pool = _forked_pool(count, processor) if processor is not None else None
            if pool is not None:
                stack.enter_context(pool)
            if cluster is not None:
                threads = cluster.nthreads()
                workers, count_threads = len(threads), sum(threads.values())
                console.print(f"on the Dask cluster at {dask}: {workers} worker{'s' * (workers != 1)}, "
                              f"{count_threads} thread{'s' * (count_threads != 1)}, batches of {batch_size}",
                              highlight=False, soft_wrap=True)
            elif count > 1:
                console.print(f"{count} worker processes, batches of {batch_size}", highlight=False)
            with _display(console, totals) as refresh:
                ingest_documents(store, itertools.chain([first], docs), model=model, kb_files=kb_files,
                                 workers=count, batch_size=batch_size, reprocess=reprocess, processor=processor,
                                 dask=cluster, totals=totals, hand_over=count == 1 and cluster is None,
                                 on_result=lambda *_: refresh(), pool=pool,
                                 on_warning=on_warning, doc_timeout=doc_timeout, max_chars=max_doc_bytes,
                                 commit_size=commit_size)
    except KeyboardInterrupt:
        console.print(f"[yellow]interrupted:[/] {progress_line(totals)}; what is stored is kept: run the same "
                      "command again to resume", highlight=False, soft_wrap=True)
        raise typer.Exit(code=130) from None
    except InputError:
        raise
    except ClaimgraphError as e:
        if not totals.stored:
            raise
        raise ClaimgraphError(f"{e} ({progress_line(totals)}; run the same command again to resume)") from None
    return totals.as_dict()

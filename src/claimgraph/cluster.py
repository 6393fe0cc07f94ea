"""Extraction on a Dask distributed cluster: ``claimgraph ingest --dask tcp://SCHEDULER:8786``.

The same work as :mod:`claimgraph.parallel`'s process pool, sent to the workers of a running Dask cluster
instead: batches of documents go out as tasks, each worker thread loads one
:class:`~claimgraph.process.Processor` (the first time it is asked, then keeps it for later tasks and later
ingests) and runs the whole extraction path, and the results come back here, where the caller writes them to
the store (PostgreSQL, for a cluster whose clients run on several machines).

* **Streaming, in input order.** At most ``2 ×`` the cluster's worker threads batches are in flight, earlier
  batches first (task priorities), so a corpus of any size streams through with flat memory on this side;
  results are yielded in input order, as the process pool yields them.
* **The same extractor everywhere.** ``--kb`` files are read here and sent with the tasks (a worker need not
  have them), and each worker reports its :func:`~claimgraph.process.extractor_fingerprint`: a worker with
  another claimgraph, spaCy or model than this machine stops the run, since its claims would be stored under
  this machine's extraction mark.
* **Failures are one line, never a hang.** An unreachable scheduler (a quick TCP probe first, then the Dask
  handshake, both bounded by ``timeout``), ``distributed`` not installed, a cluster without workers, a worker
  that cannot load the pipeline, a task whose workers died (``KilledWorker``: the scheduler retries a task
  on another worker up to ``distributed.scheduler.allowed-failures`` times first) and a lost scheduler each
  raise :class:`ExtractionError`. Ctrl-C (or a consumer that stops early) cancels this run's tasks on the
  cluster; what the caller stored is kept.

Every worker needs claimgraph and the spaCy model installed (``pip install 'claimgraph[distributed]'``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import socket
import tempfile
import threading
import time
import traceback
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import ClaimgraphError, ExtractionError, InputError
from .extraction import Extraction
from .ingest.limits import DEFAULT_MAX_DOC_BYTES
from .model import Document
from .nlp import DEFAULT_MODEL
from .parallel import BATCH_SIZE, Failure, _encode_all, _extract_batch, _names, _one_line, _results, _Sent
from .process import Processor, extractor_fingerprint
from .scheduling import batches

__all__ = ["CONNECT_TIMEOUT_S", "DaskCluster", "extract_on_dask"]

CONNECT_TIMEOUT_S = 10.0
"""How long to wait for the scheduler to answer, and for it to have a worker, before giving up."""
NO_WORKERS_S = 120.0
"""How long a run waits, mid-way, for a cluster that has lost all its workers to get one again."""
_CHECK_EVERY_S = 2.0
_KbFiles = tuple[tuple[str, bytes], ...]  # (file name, contents) of each --kb file

# -- in the worker processes ----------------------------------------------------------------------------
_local = threading.local()  # each worker thread its own pipelines: spaCy is not meant to be shared by threads
_kb_lock = threading.Lock()


def _kb_paths(kb: _KbFiles) -> tuple[str, ...]:
    """The knowledge-base files sent with a task, written once per worker machine (fingerprints read only
    the contents, so these paths extract and fingerprint as the client's own do)."""
    paths = []
    with _kb_lock:
        for number, (name, data) in enumerate(kb):
            folder = Path(tempfile.gettempdir()) / f"claimgraph-kb-{hashlib.sha256(data).hexdigest()[:16]}"
            path = folder / f"{number}-{Path(name).name}"
            if not path.is_file() or path.read_bytes() != data:
                folder.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(path.suffix + f".{uuid.uuid4().hex}.part")
                partial.write_bytes(data)
                partial.replace(path)
            paths.append(str(path))
    return tuple(paths)


def _here() -> str:
    try:
        from distributed import get_worker
        return f"worker {get_worker().address}"
    except (ImportError, ValueError):
        return "a worker"


def _worker_processor(model: str, kb: _KbFiles, max_chars: int) -> tuple[Processor, str]:
    processors: dict[tuple[str, _KbFiles, int], tuple[Processor, str]] = _local.__dict__.setdefault(
        "processors", {})
    key = (model, kb, max_chars)
    if key not in processors:
        paths = _kb_paths(kb)
        try:
            processor = Processor(model, paths, max_chars)
        except ClaimgraphError as exc:
            raise ExtractionError(f"{_here()}: {exc}") from None
        except Exception as exc:
            raise ExtractionError(f"{_here()}: cannot load spaCy pipeline {model}: {_one_line(exc)}") from None
        processors[key] = (processor, extractor_fingerprint(model, paths))
    return processors[key]


def extract_batch_on_worker(documents: list[Document], model: str, kb: _KbFiles, batch_size: int,
                            max_chars: int = DEFAULT_MAX_DOC_BYTES) -> tuple[str, list[_Sent | str]]:
    """The task a worker runs: the worker's extractor fingerprint, and each document's claims and mentions
    (or, for one that fails or is longer than ``max_chars``, why)."""
    processor, fingerprint = _worker_processor(model, kb, max_chars)
    return fingerprint, _encode_all(documents, _extract_batch(processor, documents, batch_size))


# -- on the client ----------------------------------------------------------------------------------------
def _read_kb(kb_files: Sequence[str | Path]) -> _KbFiles:
    files = []
    for kb_file in kb_files:
        try:
            files.append((Path(kb_file).name, Path(kb_file).read_bytes()))
        except OSError as exc:
            raise InputError(str(kb_file), f"cannot read the knowledge-base file ({exc.strerror or exc})") from None
    return tuple(files)


def _probe(address: str, timeout: float) -> None:
    """Fail fast where nothing listens at a TCP address (Dask's own connect retries until its timeout), and
    within ``timeout`` where something that is not a Dask scheduler does (the client's handshake would wait
    for ever)."""
    from distributed.comm.addressing import get_address_host_port, parse_address
    from distributed.comm.registry import get_backend
    try:
        scheme, _ = parse_address(address)
        get_backend(scheme)
        if scheme not in ("tcp", "tls"):
            return
        host, port = get_address_host_port(address)
    except (ValueError, TypeError):
        raise ExtractionError(f"--dask {address}: not a Dask scheduler address (tcp://HOST:PORT)") from None
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except ConnectionRefusedError:
        raise ExtractionError(f"--dask {address}: cannot reach the Dask scheduler (connection refused: is "
                              "`dask scheduler` running there?)") from None
    except socket.gaierror:
        raise ExtractionError(f"--dask {address}: cannot reach the Dask scheduler (unknown host {host})") from None
    except TimeoutError:
        raise ExtractionError(f"--dask {address}: cannot reach the Dask scheduler (no answer within "
                              f"{timeout:g} s)") from None
    except OSError as exc:
        raise ExtractionError(f"--dask {address}: cannot reach the Dask scheduler ({exc.strerror or exc})") \
            from None
    try:
        asyncio.run(asyncio.wait_for(_handshake(address, timeout), timeout))
    except TimeoutError:
        raise ExtractionError(f"--dask {address}: no Dask scheduler answers there (no reply to the handshake "
                              f"within {timeout:g} s)") from None
    except Exception as exc:
        raise ExtractionError(f"--dask {address}: no Dask scheduler answers there ({_one_line(exc)})") from None


async def _handshake(address: str, timeout: float) -> None:
    from distributed.comm import connect

    comm = await connect(address, timeout=timeout)
    await comm.close()


class _SyncCancelRace(logging.Filter):
    """Drops what ``distributed``'s ``sync()`` logs when Ctrl-C lands before its future exists: its cancel
    callback then fails with a ``NameError`` on ``future`` and tornado prints the traceback. The interrupt
    itself is handled (the run's tasks are cancelled, what is stored is kept), so the traceback is only noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not isinstance(exc, NameError) or "'future'" not in str(exc) or exc.__traceback__ is None:
            return True
        last = traceback.extract_tb(exc.__traceback__)[-1]
        return not (last.name == "cancel" and last.filename.replace("\\", "/").endswith("distributed/utils.py"))


_SYNC_CANCEL_RACE = _SyncCancelRace()


class DaskCluster:
    """A connection to the scheduler at ``address``, which has at least one worker: use as a context manager
    (or :meth:`close` it). Raises :class:`ExtractionError` when ``distributed`` is not installed, nothing
    answers within ``timeout`` seconds, or no worker joins in that time."""

    def __init__(self, address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ExtractionError("--dask needs Dask's distributed scheduler, which is not installed: "
                                  "pip install 'claimgraph[distributed]'") from None
        self.address = address
        logging.getLogger("tornado.application").addFilter(_SYNC_CANCEL_RACE)  # once: a filter is kept once
        _probe(address, timeout)
        try:
            self.client: Any = Client(address, timeout=f"{timeout}s", set_as_default=False)
        except Exception as exc:
            raise ExtractionError(f"--dask {address}: cannot reach the Dask scheduler ({_one_line(exc)})") \
                from None
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            self.close()
            raise ExtractionError(f"--dask {address}: the scheduler has no workers (start some: dask worker "
                                  f"{address})") from None

    def nthreads(self) -> dict[str, int]:
        """Each worker's address and its number of threads, as the scheduler knows them now."""
        return {str(worker): int(n) for worker, n in self.client.nthreads().items()}

    @property
    def workers(self) -> int:
        return len(self.nthreads())

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a broken connection: nothing more to do
            self.client.close(timeout=CONNECT_TIMEOUT_S)

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- a run --------------------------------------------------------------------------------------------
    def extract(self, documents: Iterable[Document], *, model: str = DEFAULT_MODEL,
                kb_files: Sequence[str | Path] = (), batch_size: int = BATCH_SIZE,
                max_chars: int = DEFAULT_MAX_DOC_BYTES) -> Iterator[Extraction | Failure]:
        """One result per document, in input order, extracted on the cluster; a document longer than
        ``max_chars`` is a :class:`Failure`, as it is here."""
        from distributed import CancelledError, KilledWorker

        kb, expected = _read_kb(kb_files), extractor_fingerprint(model, kb_files)
        run = uuid.uuid4().hex[:12]
        pending: deque[tuple[list[Document], Any]] = deque()
        numbered = enumerate(batches(documents, batch_size))
        finished = False
        in_flight = 2 * max(1, sum(self.nthreads().values()))
        try:
            while True:
                while not finished and len(pending) < in_flight:
                    item = next(numbered, None)
                    if item is None:
                        finished = True
                        break
                    number, batch = item
                    pending.append((batch, self.client.submit(
                        extract_batch_on_worker, batch, model, kb, batch_size, max_chars,
                        key=f"claimgraph-extract-{run}-{number}", pure=False, priority=-number)))
                if not pending:
                    break
                batch, future = pending[0]
                try:
                    fingerprint, found = self._wait(batch, future)
                except KilledWorker:
                    raise ExtractionError(f"the Dask workers running {_names(batch)} died (killed, or out of "
                                          "memory?); the documents stored before it are kept") from None
                except CancelledError:
                    raise ExtractionError(f"lost the connection to the Dask scheduler {self.address} while "
                                          f"extracting {_names(batch)}") from None
                except ClaimgraphError as exc:
                    raise ExtractionError(f"extracting {_names(batch)} on the cluster failed: {exc}") from None
                except Exception as exc:
                    raise ExtractionError(f"extracting {_names(batch)} on the cluster failed: "
                                          f"{_one_line(exc)}") from None
                if fingerprint != expected:
                    raise ExtractionError(f"a Dask worker extracts with another claimgraph, spaCy or model than "
                                          f"this machine ({fingerprint} there, {expected} here): install the "
                                          "same versions on every worker")
                pending.popleft()
                yield from _results(batch, found)
                in_flight = self._in_flight(in_flight)
        finally:  # an error, Ctrl-C, or a consumer that stopped early: the cluster drops this run's tasks
            if pending:
                with contextlib.suppress(Exception):  # the scheduler is gone: nothing to cancel
                    self.client.cancel([future for _, future in pending])

    def _in_flight(self, current: int) -> int:
        try:
            return 2 * max(1, sum(self.nthreads().values()))
        except Exception:
            return current

    def _wait(self, batch: Sequence[Document], future: Any) -> tuple[str, list[_Sent | str]]:
        """The task's result; checks every few seconds that the scheduler is there and has a worker."""
        alone_since: float | None = None
        while True:
            try:
                return future.result(timeout=_CHECK_EVERY_S)
            except TimeoutError:
                if future.done():  # the task itself raised TimeoutError
                    return future.result()
            try:
                workers = self.workers
            except Exception:
                workers = -1
            if workers < 0 or self.client.status not in ("running", "connecting", "newly-created"):
                raise ExtractionError(f"lost the connection to the Dask scheduler {self.address} while "
                                      f"extracting {_names(batch)}")
            if workers:
                alone_since = None
                continue
            alone_since = alone_since or time.monotonic()
            if time.monotonic() - alone_since > NO_WORKERS_S:
                raise ExtractionError(f"the Dask cluster {self.address} has had no workers for "
                                      f"{NO_WORKERS_S:g} s while {_names(batch)} waited to be extracted")


def extract_on_dask(documents: Iterable[Document], dask: DaskCluster | str, *, model: str = DEFAULT_MODEL,
                    kb_files: Sequence[str | Path] = (), batch_size: int = BATCH_SIZE,
                    timeout: float = CONNECT_TIMEOUT_S,
                    max_chars: int = DEFAULT_MAX_DOC_BYTES) -> Iterator[Extraction | Failure]:
    """One result per document, in input order, extracted on ``dask``: a connected :class:`DaskCluster`, or a
    scheduler address to connect to (and disconnect from at the end). Raises :class:`ExtractionError`."""
    if batch_size < 1:
        raise ExtractionError(f"--batch-size {batch_size}: at least 1")
    if isinstance(dask, DaskCluster):
        yield from dask.extract(documents, model=model, kb_files=kb_files, batch_size=batch_size,
                                max_chars=max_chars)
        return
    with DaskCluster(dask, timeout=timeout) as cluster:
        yield from cluster.extract(documents, model=model, kb_files=kb_files, batch_size=batch_size,
                                   max_chars=max_chars)

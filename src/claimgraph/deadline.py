"""A time limit on a stretch of work in this process's main thread: ``with time_limit(60): ...``.

It is a real-time timer (``signal.setitimer``) whose ``SIGALRM`` raises :class:`~claimgraph.errors.DocumentTimeout`
in the main thread, wherever Python code is running there. The previous handler and any timer already set
are restored afterwards (an outer limit keeps running, less the time spent). Two limitations, both of
signals: time inside one C call (one spaCy parser step, one regular expression) is interrupted only when that
call returns, and outside the main thread (or where there is no ``setitimer``) there is no limit at all: the
work runs as without one. Until the block ends the timer fires again every tenth of a second, so a library
that swallows the first exception gets another. A signal that arrives while the cycle collector runs its
callbacks (``gc.callbacks``: Hypothesis has one) is let pass, since an exception there can only be printed
and dropped; the next one stops the work.

:data:`DEFAULT_DOC_TIMEOUT_S` is the limit of ``--doc-timeout``: on one document's reading (its HTML to text, a
feed's parse) and, apart, on its parse and extraction.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .errors import DocumentTimeout

__all__ = ["DEFAULT_DOC_TIMEOUT_S", "can_limit", "time_limit"]

DEFAULT_DOC_TIMEOUT_S = 60.0
"""Seconds one document may take to read, and to parse and extract (``--doc-timeout``; 0: no limit)."""
_AGAIN_S = 0.1


def can_limit() -> bool:
    """Whether :func:`time_limit` can interrupt here: in the main thread of a platform with ``setitimer``."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _move(callback: object, index: int) -> None:
    """Put ``callback`` at ``index`` of ``gc.callbacks``. The collector walks that list by index while it calls
    them, so this is only done where each of the others is still called once: by the first callback, moving
    one after it, and by the last, moving one before it."""
    if callback in gc.callbacks and gc.callbacks.index(callback) != index:
        gc.callbacks.remove(callback)
        gc.callbacks.insert(index, callback)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in the block once it has run ``seconds`` (None or 0: no limit)."""
    if not seconds or seconds <= 0 or not can_limit():
        yield
        return
    armed = True
    collecting = False

    def expired(signum: int, frame: FrameType | None) -> None:
        if armed and not collecting and (frame is None or frame.f_code not in ours):
            raise DocumentTimeout(seconds)

    def collection_starts(phase: str, info: dict[str, int]) -> None:
        nonlocal collecting
        if phase == "start":
            collecting = True
            _move(collection_ends, len(gc.callbacks) - 1)  # after any callback added since

    def collection_ends(phase: str, info: dict[str, int]) -> None:
        nonlocal collecting
        if phase == "stop":
            collecting = False
            _move(collection_starts, 0)  # before any callback inserted since

    ours = (collection_starts.__code__, collection_ends.__code__)
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expired)
    gc.callbacks.insert(0, collection_starts)
    gc.callbacks.append(collection_ends)
    outer, every = signal.setitimer(signal.ITIMER_REAL, seconds, _AGAIN_S)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        for callback in (collection_starts, collection_ends):
            with contextlib.suppress(ValueError):  # a callback that took the list over may have dropped ours
                gc.callbacks.remove(callback)
        if outer:  # an enclosing limit: let it go on with what it has left
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3), every)

"""How documents are cut into batches for worker processes: whole batches while the input lasts, then smaller
and smaller ones, so that the workers finish together.

A pool's workers take the next batch as each becomes free, so a run ends when the worker that took the last
batch is done with it; cut into whole batches, that left one worker parsing up to a whole batch alone (about a
second with 64 reports) while the other core waited. :class:`Batches` reads one batch ahead, so it sees the
input's end one batch early; what is left then (one to two batches) goes out in pieces of a :attr:`share` of
what is still left, never fewer than :data:`SMALLEST_TAIL_BATCH` documents (guided self-scheduling). The worker
that finishes first takes the next piece, and the last pieces are a few documents each.

:func:`batches` cuts whole batches without reading ahead, where nothing waits on the end (one process, or a
cluster whose scheduler balances its own tasks).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from .model import Document

__all__ = ["SMALLEST_TAIL_BATCH", "Batches", "batches"]

SMALLEST_TAIL_BATCH = 4
"""Documents in the smallest batch at the input's end: a piece with fewer would cost more to send, and parse in
a smaller ``nlp.pipe`` batch, than it evens out."""


def batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """``documents`` in lists of ``size`` (the last one shorter), read as they are needed."""
    it = iter(documents)
    while batch := list(islice(it, size)):
        yield batch


class Batches(Iterator[list[Document]]):
    """``documents`` in lists of ``size``, read one list ahead; once the input's end has been read, what is left
    in lists of about a ``share`` of it each (at least :data:`SMALLEST_TAIL_BATCH`, at most ``size``).

    ``share`` is twice the number of workers that take the lists: each takes about two of the first pieces, and
    the pieces shrink as what is left does (only the very last may be smaller than :data:`SMALLEST_TAIL_BATCH`).
    :attr:`ending` says whether the end has been read, so that every piece left can be handed out at once: they
    are all in memory already. Reading ahead, a batch is handed out once the next has been read too (or the
    input has ended): a slow stream's first batch waits for twice ``size`` documents.
    """

    def __init__(self, documents: Iterable[Document], size: int, share: int) -> None:
        if size < 1 or share < 1:
            raise ValueError(f"batches of {size} documents shared {share} ways: both must be at least 1")
        self.size, self.share = size, share
        self.ending = False
        """Whether the input's end has been read: what is left is cut up already."""
        self._it = iter(documents)
        self._held: list[Document] | None = None  # the whole batch read ahead
        self._left: deque[Document] = deque()  # once ending: the documents not handed out yet

    def __next__(self) -> list[Document]:
        if not self.ending:
            current = self._held if self._held is not None else self._read()
            self._held = self._read() if len(current) == self.size else []
            if len(self._held) == self.size:
                return current
            self._left.extend(current)
            self._left.extend(self._held)
            self._held = None
            self.ending = True
        if not self._left:
            raise StopIteration
        piece = min(self.size, len(self._left), max(SMALLEST_TAIL_BATCH, -(-len(self._left) // self.share)))
        return [self._left.popleft() for _ in range(piece)]

    def _read(self) -> list[Document]:
        return list(islice(self._it, self.size))

"""Byte streams of inputs: the head read for sniffing, and the whole input read again in chunks, never at once.

An input (a file, a gzipped file, stdin) is read in two steps. :func:`read_head` takes its first bytes, enough
to check it (empty, binary) and to choose its reader by sniffing; the reader then reads the whole input from
its first byte through the stream :class:`~claimgraph.ingest.registry.Source` opens. A file is opened again
for that; stdin, which cannot be read twice, continues after the head (:func:`chained`). Errors while
streaming (a truncated gzip file, a read error) become :class:`InputError` naming the input.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError

__all__ = ["HEAD_SIZE", "MAX_HEAD", "Once", "chained", "open_file", "read_head"]

HEAD_SIZE = 64 * 1024
"""The head is at least this long (or the whole input, if shorter)."""
MAX_HEAD = 4 * 1024 * 1024
"""The head grows to the end of the first non-blank line (a JSON Lines record is sniffed whole), up to this."""
_BLANK = b" \t\n\r\x0b\x0c"
_BOM = b"\xef\xbb\xbf"


def read_head(stream: BinaryIO) -> tuple[bytes, bool]:
    """The first bytes of ``stream`` and whether they are all of it.

    At least :data:`HEAD_SIZE` bytes; more while they are blank (so that a blank head means an empty
    input), and more until the first non-blank line ends, up to :data:`MAX_HEAD`.
    """
    head = bytearray()
    start = -1  # where the first non-blank byte is, once seen
    while True:
        chunk = stream.read(HEAD_SIZE)
        if not chunk:
            return bytes(head), True
        seen = len(head)
        head += chunk
        if start < 0:
            body = head[len(_BOM):] if head.startswith(_BOM) else head
            stripped = body.lstrip(_BLANK)
            if stripped:
                start = len(head) - len(stripped)
        if start >= 0 and len(head) >= HEAD_SIZE and (
                head.find(b"\n", max(start, seen)) >= 0 or len(head) >= MAX_HEAD):
            return bytes(head), False


class _Chained(io.RawIOBase):
    """A raw stream: ``head``, then what ``rest`` has left; read errors become :class:`InputError`."""

    def __init__(self, head: bytes, rest: BinaryIO, label: str, what: str, own: bool) -> None:
        super().__init__()
        self._head, self._at, self._rest = memoryview(head), 0, rest
        self._label, self._what, self._own = label, what, own

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        if self._at < len(self._head):
            n = min(size, len(self._head) - self._at)
            buffer[:n] = self._head[self._at:self._at + n]
            self._at += n
            return n
        try:
            data = self._rest.read(size)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(self._label, f"{self._what} ({_reason(e)})") from None
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed and self._own:
            self._rest.close()
        super().close()


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def chained(head: bytes, rest: BinaryIO, label: str, what: str = "cannot read input", *,
            own: bool = True) -> BinaryIO:
    """A buffered binary stream of ``head``, then the rest of ``rest`` (stdin after its head).

    Closing it closes ``rest`` when ``own`` is true (not stdin).
    """
    return io.BufferedReader(_Chained(head, rest, label, what, own))  # type: ignore[return-value]


def open_file(path: Path, label: str, *, compressed: bool = False) -> BinaryIO:
    """``path`` opened for reading in binary, gunzipped as it is read if ``compressed``.

    :class:`InputError` if it cannot be opened: ``file not found``, ``cannot read file (...)``.
    """
    try:
        if not compressed:
            return path.open("rb")
        unzipped = gzip.open(path, "rb")  # noqa: SIM115 (closed with the stream returned)
    except FileNotFoundError:
        raise InputError(label, "file not found") from None
    except OSError as e:
        raise InputError(label, f"cannot read file ({e.strerror or e})") from None
    return chained(b"", unzipped, label, "corrupt or truncated gzip data")  # type: ignore[arg-type]


class Once:
    """An opener that works once (stdin): a second call is an :class:`InputError`."""

    def __init__(self, opener: Callable[[], BinaryIO], label: str) -> None:
        self._opener: Callable[[], BinaryIO] | None = opener
        self._label = label

    def __call__(self) -> BinaryIO:
        if self._opener is None:
            raise InputError(self._label, "already read (standard input can be read only once)")
        opener, self._opener = self._opener, None
        return opener()

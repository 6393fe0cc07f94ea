"""The reader registry: every input format registers itself here, by name, with one decorator.

A reader turns one input into zero or more :class:`Draft` documents; the ingest stage
(:mod:`claimgraph.ingest.sources`) then applies ``--published``/``--outlet`` and the date precedence and
builds the :class:`~claimgraph.model.Document`. Record-level problems (a bad JSON Lines line, a feed entry
without text) go to ``report``, which raises or warns as the caller of ``read_documents`` decided::

    @register_reader("my-format", suffixes=(".myf",), sniff=lambda data: data.startswith(b"MYF"))
    def read_my_format(source: Source, report: Report) -> Iterator[Draft]: ...

A :class:`Source` holds the input's first bytes (``head``, for sniffing) and opens the whole input as a
stream: readers of inputs that can be large (JSON Lines, WARC) read it in pieces through
:meth:`Source.open`, so memory stays flat whatever its size; readers of one page, feed or text take all of
it at once as :attr:`Source.data`. The Source also carries the limits of one read: sizes
(:attr:`Source.limits`) and the time a reader may take to turn what it read into text (:attr:`Source.doc_timeout`,
applied with :func:`within`, never to the read itself).

How a reader is chosen for an input (:func:`reader_for`):

1. a reader that claims the file's suffix in ``suffixes`` (the longest that fits: ``.warc.gz``);
2. otherwise the first reader (by ``priority``) whose ``sniff`` recognises the content;
3. otherwise nothing, if a reader reads the suffix only when sniffing confirms it (``.xml`` that is no feed);
4. otherwise the ``fallback`` reader (plain text).

Content that is not text (``binary_reason``) goes only to a reader registered with ``binary=True`` (WARC).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePath
from typing import BinaryIO, ParamSpec, TypeVar

from ..deadline import DEFAULT_DOC_TIMEOUT_S, time_limit
from ..errors import DocumentTimeout, InputError
from .limits import DEFAULT_LIMITS, Limits, too_large, too_slow

__all__ = ["READERS", "Draft", "ReadFunc", "Reader", "Report", "Source", "known_suffixes", "reader_for",
           "register_reader", "suffix_of", "within"]

BOM = b"\xef\xbb\xbf"
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    """One input: its first bytes, how to read all of it (as a stream or at once), and how to name it.

    ``Source(data, origin, name, label)`` is an input held in memory: its head is all of it.
    """

    head: bytes
    """The first bytes, to sniff and check: all of the input if ``opener`` is None, else at least 64 KiB."""
    origin: str
    """Where it was read from, as given: a path or ``-``."""
    name: str
    """The default document name: the file stem, or ``stdin``."""
    label: str
    """How messages name it: the path, or ``stdin``."""
    opener: Callable[[], BinaryIO] | None = field(default=None, compare=False, repr=False)
    """Opens the whole input from its first byte; None when ``head`` is all of it."""
    limits: Limits = field(default=DEFAULT_LIMITS, compare=False)
    """The size limits the readers apply to it (:mod:`claimgraph.ingest.limits`)."""
    doc_timeout: float | None = field(default=DEFAULT_DOC_TIMEOUT_S, compare=False)
    """Seconds the readers may take to turn one page, record or entry into text, or to parse one feed file
    (None: no limit); see :func:`within`."""

    def open(self) -> BinaryIO:
        """The whole input as a binary stream, from its first byte: read it in pieces, close it when done.

        Stdin can be opened once (and not after :attr:`data` read it); a second call is an :class:`InputError`.
        """
        if self.opener is None:
            return io.BytesIO(self.head)
        if "data" in self.__dict__:
            return io.BytesIO(self.data)
        return self.opener()

    @cached_property
    def data(self) -> bytes:
        """All of the input at once: for the readers of one page, one feed or one text, not of archives."""
        if self.opener is None:
            return self.head
        with self.opener() as stream:
            return stream.read()

    def read_all(self, limit: int, what: str, option: str) -> bytes:
        """All of the input at once, if it is no more than ``limit`` bytes (0: no limit); else an
        :class:`InputError` naming ``what`` and ``option``. A stream is read only to one byte past the limit."""
        if self.opener is None or "data" in self.__dict__ or not limit:
            data = self.data
        else:
            with self.opener() as stream:
                data = stream.read(limit + 1)
            if len(data) <= limit:
                self.__dict__["data"] = data  # what ``data`` would read: it is all of it
        if limit and len(data) > limit:
            raise too_large(self.label, what, limit, option)
        return data

    def text(self) -> str:
        """The content decoded as UTF-8 (a leading BOM dropped), at most ``--max-doc-bytes`` of it;
        :class:`InputError` if it is not UTF-8 or is larger."""
        data = self.read_all(self.limits.max_doc_bytes, "document", "--max-doc-bytes")
        return decode_utf8(data, self.label)


def within(seconds: float | None, label: str, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``work(*args, **kwargs)``, stopped after ``seconds`` (None or 0: no limit) as an :class:`InputError`
    naming ``label`` (:func:`~claimgraph.ingest.limits.too_slow`). Only the work is timed: give it what was
    read already; never time a ``yield`` or the read of a stream (stdin may be slow to come)."""
    try:
        with time_limit(seconds):
            return work(*args, **kwargs)
    except DocumentTimeout as late:
        raise too_slow(label, None, late.seconds) from None


def decode_utf8(data: bytes, label: str, line: int | None = None) -> str:
    """``data`` as UTF-8 without its BOM, exactly; the error names the first bad byte and its offset."""
    skip = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[skip + e.start]
        reason = f"not valid UTF-8 (byte 0x{bad:02x} at offset {skip + e.start})"
        raise InputError(label, reason, line) from None


@dataclass(frozen=True)
class Draft:
    """One document as a reader found it: its text and whatever metadata the input carries."""

    text: str
    name: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    """The publication date stated by the input's metadata (not inferred from the text)."""


Report = Callable[[InputError], None]
"""Receives a record-level problem; raises it (strict reading) or passes it on as a warning."""

ReadFunc = Callable[[Source, Report], Iterator[Draft]]
"""Reads one input; raises :class:`InputError` when the input as a whole is unusable.

What it yields is used before it reads on: a reader of a large input reads :meth:`Source.open` piece by
piece and yields each document as soon as it has it.
"""


@dataclass(frozen=True)
class Reader:
    """A registered input format."""

    name: str
    read: ReadFunc
    suffixes: tuple[str, ...] = ()
    sniff: Callable[[bytes], bool] | None = None
    confirm: tuple[str, ...] = ()
    fallback: bool = False
    priority: int = 100
    binary: bool = False


READERS: dict[str, Reader] = {}
"""Registered readers by format name, in registration order."""


def register_reader(name: str, *, suffixes: tuple[str, ...] = (),
                    sniff: Callable[[bytes], bool] | None = None, confirm: tuple[str, ...] = (),
                    fallback: bool = False, priority: int = 100,
                    binary: bool = False) -> Callable[[ReadFunc], ReadFunc]:
    """Decorator: register ``func`` as the reader of format ``name``.

    ``suffixes`` (lower case, with the dot; several dots allowed: ``.warc.gz``) are files this reader always
    reads; ``sniff`` recognises its content from the first bytes (the head: it should look only at the
    start); ``confirm`` are suffixes it reads only when ``sniff`` agrees; ``fallback`` marks the reader of
    any other text; ``priority`` orders sniffing (lower first); ``binary`` marks a reader of content that
    is not text (compressed archives), which the text checks must not refuse.
    """

    def decorate(func: ReadFunc) -> ReadFunc:
        if name in READERS and READERS[name].read is not func:
            raise ValueError(f"input format {name!r} is already registered")
        READERS[name] = Reader(name, func, tuple(s.lower() for s in suffixes), sniff,
                               tuple(s.lower() for s in confirm), fallback, priority, binary)
        return func

    return decorate


def known_suffixes() -> set[str]:
    """Every suffix some reader reads or may read (a directory walk skips files with other suffixes)."""
    return {s for r in READERS.values() for s in (*r.suffixes, *r.confirm)}


def suffix_of(filename: str) -> str:
    """The suffix that chooses the reader of a file: the longest known one it ends with, else its last.

    ``CC-NEWS-1.warc.gz`` -> ``.warc.gz``; ``a.tar.gz`` -> ``.gz``; ``report.TXT`` -> ``.TXT``.
    """
    lower = filename.lower()
    fits = [s for s in known_suffixes() if lower.endswith(s) and len(lower) > len(s)]
    if fits:
        return filename[-len(max(fits, key=len)):]
    return PurePath(filename).suffix


def reader_for(suffix: str, data: bytes, *, binary: bool = False) -> Reader | None:
    """The reader of an input with this suffix and content, or ``None`` if no reader fits.

    ``binary``: the content is not text, so only a reader registered with ``binary=True`` may read it.
    """
    suffix = suffix.lower()
    readers = [r for r in READERS.values() if r.binary or not binary]
    for reader in readers:
        if suffix and suffix in reader.suffixes:
            return reader
    for reader in sorted(readers, key=lambda r: r.priority):
        if reader.sniff is not None and reader.sniff(data):
            return reader
    if binary or any(suffix in r.confirm for r in READERS.values()):
        return None
    return next((r for r in READERS.values() if r.fallback), None)

"""Where documents come from: paths, directories and stdin, checked, read and turned into Documents.

This module owns the policy of :func:`read_documents`:

* **Strict or lenient.** With ``on_warning=None`` every problem raises :class:`InputError`. With a callback,
  problems of one input (a file, a JSON Lines line, a feed entry) are passed to it and reading goes on;
  still raised are a problem that stops the only input given, and several inputs yielding no document.
* **Streaming.** Only the head of an input is read to check it and choose its reader; the reader then
  streams it (JSON Lines line by line, WARC record by record) or, for one page, feed or text, reads it
  whole. A ``.gz`` file whose inner suffix a reader claims (``batch.jsonl.gz``) is gunzipped as it is read.
* **Directories** are walked recursively in sorted order, skipping hidden files and folders. Files of an
  unsupported type, suffix-less files that are not recognisably HTML, a feed, JSON Lines or WARC, and
  binary files are skipped (reported to ``on_warning`` if given, never an error); a directory yielding no
  document is an error.
* **Dates.** ``published`` (source ``cli``) beats the input's metadata (``metadata``), which beats the
  latest full date stated in the text (``text``). ``outlet`` beats the input's own outlet.
* **No network.** URLs are refused with a message saying to download the page or feed first.
* **Limits.** ``limits`` (:class:`~claimgraph.ingest.limits.Limits`) bound what one document, line or feed may
  make a reader hold, and ``doc_timeout`` how long turning one page, WARC record or feed entry into text, or
  parsing one feed file, may take (in the main thread); past them is an :class:`InputError` naming the input
  and the option that raises it.
* **Text no store refuses.** A NUL character and a lone surrogate (JSON's ``"\\ud800"``), which PostgreSQL
  and UTF-8 cannot store, become U+FFFD in every field of a document: one character for one, so offsets hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..deadline import DEFAULT_DOC_TIMEOUT_S
from ..errors import InputError
from ..model import DateSource, Document
from .dates import infer_published
from .limits import DEFAULT_LIMITS, Limits, check_doc_timeout
from .registry import BOM, Draft, Source, known_suffixes, reader_for, suffix_of
from .streams import Once, chained, open_file, read_head

__all__ = ["STDIN", "binary_reason", "read_documents", "storable"]

STDIN = "-"
"""The path that means standard input."""

_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|feed:)", re.IGNORECASE)
_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ",
          b"7z\xbc\xaf", b"SQLite format 3", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"OggS", b"ID3", b"RIFF")
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
_SNIFF_SIZE = 8192
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""NUL (PostgreSQL refuses it in text) and surrogates (a str holds them only unpaired: not UTF-8)."""


def storable(value: str) -> str:
    """``value`` with each NUL and lone surrogate replaced by U+FFFD (same length: offsets stay valid)."""
    return _UNSTORABLE.sub("\ufffd", value) if _UNSTORABLE.search(value) else value


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text (a NUL byte, a binary file signature, mostly control bytes), or None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "not valid UTF-8 (UTF-16 text: save it as UTF-8)"
    head = data[:_SNIFF_SIZE]
    if b"\x00" in head or head.startswith(_MAGIC):
        return "binary file, not text"
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return "binary file, not text" if controls * 10 > len(head) else None


@dataclass(frozen=True)
class _Reading:
    """The options of one :func:`read_documents` call."""

    published: dt.date | None
    outlet: str | None
    on_warning: Callable[[InputError], None] | None
    limits: Limits = DEFAULT_LIMITS
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT_S

    def problem(self, error: InputError) -> None:
        """Something could not be read: raise it (strict) or warn and go on."""
        if self.on_warning is None:
            raise error
        self.on_warning(error)

    def notice(self, error: InputError) -> None:
        """Something was skipped on purpose: tell the callback, if any."""
        if self.on_warning is not None:
            self.on_warning(error)

    def _date(self, draft: Draft) -> tuple[dt.date | None, DateSource | None]:
        """The publication date and where it came from: the call's argument, the metadata, or the text."""
        if self.published is not None:
            return self.published, "cli"
        if draft.published is not None:
            return draft.published, "metadata"
        inferred = infer_published(draft.text)
        return inferred, "text" if inferred is not None else None

    def finish(self, draft: Draft, fmt: str, origin: str) -> Document:
        """The Document of a draft, with the date precedence and the outlet override applied."""
        text = storable(draft.text)
        published, date_source = self._date(dataclasses.replace(draft, text=text))
        outlet = self.outlet or draft.outlet
        return Document(text=text, name=storable(draft.name), title=_storable(draft.title),
                        url=_storable(draft.url), outlet=_storable(outlet), published=published,
                        published_source=date_source, origin=origin, format=fmt)


def _storable(value: str | None) -> str | None:
    return storable(value) if value is not None else None


def _read_source(source: Source, suffix: str, reading: _Reading, *, in_dir: bool) -> Iterator[Document]:
    """The documents of one input, read by the reader its suffix or content (its head) calls for."""
    head = source.head
    if not head.removeprefix(BOM).strip():
        raise InputError(source.label, "empty input" if source.origin == STDIN else "empty file")
    why = binary_reason(head)
    reader = reader_for(suffix, head, binary=why is not None)
    if reader is not None:
        why = None
    if in_dir and (why or reader is None or (reader.fallback and suffix not in reader.suffixes)):
        reading.notice(InputError(source.label, f"{why or 'not a supported document type'}, skipped"))
        return
    if why:
        raise InputError(source.label, why)
    if reader is None:
        raise InputError(source.label, f"a {suffix} file in no format claimgraph reads "
                                       f"(is it an RSS or Atom feed?)")
    for draft in reader.read(source, reading.problem):
        yield reading.finish(draft, reader.name, source.origin)


def _suffix(path: Path) -> tuple[str, bool]:
    """The suffix that chooses the reader, and whether the file is gzipped: ``a.jsonl.gz`` -> ``.jsonl``."""
    suffix = suffix_of(path.name)
    if suffix.lower() == ".gz" and (inner := suffix_of(path.name[:-3])).lower() in known_suffixes():
        return inner, True
    return suffix, False


def _read_file(path: Path, label: str, reading: _Reading, *, in_dir: bool) -> Iterator[Document]:
    suffix, compressed = _suffix(path)
    with open_file(path, label, compressed=compressed) as stream:
        try:
            head, whole = read_head(stream)
        except OSError as e:
            raise InputError(label, f"cannot read file ({e.strerror or e})") from None
    name = path.name[:-len(suffix) - 3 * compressed] if suffix else path.name
    opener = None if whole else (lambda: open_file(path, label, compressed=compressed))
    source = Source(head, label, name, label, opener, reading.limits, reading.doc_timeout)
    yield from _read_source(source, suffix, reading, in_dir=in_dir)


def _walk(root: Path) -> Iterator[Path]:
    """The non-hidden files under ``root``, recursively, in sorted order (symlinked folders not followed)."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder, name)


def _read_dir(root: Path, label: str, reading: _Reading) -> Iterator[Document]:
    suffixes = known_suffixes()
    found = 0
    for path in _walk(root):
        shown = str(path)
        suffix = _suffix(path)[0].lower()
        if suffix and suffix not in suffixes:
            reading.notice(InputError(shown, f"unsupported file type {suffix}, skipped"))
            continue
        if not path.is_file():
            continue
        try:
            for document in _read_file(path, shown, reading, in_dir=True):
                found += 1
                yield document
        except InputError as problem:
            reading.problem(problem)
    if not found:
        raise InputError(label, "no documents found")


def _read_stdin(reading: _Reading) -> Iterator[Document]:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("stdin", "no standard input to read")
    head, whole = read_head(stream)
    opener = None if whole else Once(lambda: chained(head, stream, "stdin", own=False), "stdin")
    source = Source(head, STDIN, "stdin", "stdin", opener, reading.limits, reading.doc_timeout)
    yield from _read_source(source, "", reading, in_dir=False)


def _read_input(item: str, reading: _Reading) -> Iterator[Document]:
    """The documents of one input as given: ``-``, a URL (refused), a directory or a file."""
    if item == STDIN:
        yield from _read_stdin(reading)
    elif _URL.match(item):
        raise InputError(item, "network access is disabled: download the page or feed and pass the file")
    elif (path := Path(item)).is_dir():
        yield from _read_dir(path, item, reading)
    elif not path.exists():
        raise InputError(item, "file not found")
    elif not path.is_file():
        raise InputError(item, "not a regular file")
    else:
        yield from _read_file(path, item, reading, in_dir=False)


def read_documents(paths: Iterable[str | Path], *, published: dt.date | None = None,
                   outlet: str | None = None,
                   on_warning: Callable[[InputError], None] | None = None,
                   limits: Limits | None = None,
                   doc_timeout: float | None = DEFAULT_DOC_TIMEOUT_S) -> Iterator[Document]:
    """The documents of files, directories (walked recursively) and ``-`` (stdin), lazily, in order.

    ``published`` is the publication date of every document (overrides metadata and the text); ``outlet``
    the outlet of every document. Problems raise :class:`InputError` when ``on_warning`` is None; otherwise
    a problem with one input, file, line or entry is passed to ``on_warning`` and reading goes on, and an
    error is raised only if a sole input, or all the inputs together, yield no document. ``limits`` are
    the size limits (default :data:`~claimgraph.ingest.limits.DEFAULT_LIMITS`); ``doc_timeout`` the seconds
    a reader may take to turn one page, WARC record or feed entry into text, or to parse one feed file (None
    or 0: no limit; a limit only in the main thread).
    """
    items = [str(paths)] if isinstance(paths, str | Path) else [str(p) for p in paths]
    reading = _Reading(published, outlet, on_warning, limits or DEFAULT_LIMITS, check_doc_timeout(doc_timeout))
    found = 0
    for item in items:
        try:
            for document in _read_input(item, reading):
                found += 1
                yield document
        except InputError as problem:
            if len(items) == 1:
                raise
            reading.problem(problem)
    if not found and len(items) > 1:
        where = ", ".join(items) if len(items) <= 3 else f"{items[0]} and {len(items) - 1} more inputs"
        raise InputError(where, "no documents found")

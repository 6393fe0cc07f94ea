"""The WARC reader: each news page archived in a WARC file (Common Crawl News, a crawler's output) is a document.

The archive is streamed record by record with warcio, gzipped (``.warc.gz``) or not, from a file or stdin;
no more than one record is held at a time. Read are ``response`` records of a 2xx HTTP status whose
Content-Type is HTML (or plain text), and ``resource`` and ``conversion`` records of such a type (the text
records of a WET file). The other records are skipped without a message, as they are the parts of a crawl
that are no article: requests, metadata, warcinfo, revisits (a page seen before), other statuses (404,
redirects) and other types (images, PDFs, scripts); a file with no page at all says what it skipped.

A page's text and metadata come from the HTML reader's extraction (:func:`~claimgraph.ingest.html.page_draft`).
Its bytes are decoded by the charset of the HTTP header, else of the page's ``<meta>``, else as UTF-8 (else
windows-1252); a byte that does not decode becomes U+FFFD. The document's ``url`` is the record's
``WARC-Target-URI`` and its name the slug of that URL (the last path segment), made unique within the
archive by the record number. Its publication date is the one the page's own metadata states, if any:
the ``WARC-Date`` is when the page was crawled, not when it was published, and is not used as its date.
A page larger than ``--max-doc-bytes`` is reported and skipped without being read into memory, and one whose
text takes longer than ``--doc-timeout`` to find (decoding and extraction, not the read) is reported and skipped:
the records after it are still read.

A truncated or corrupt archive is reported (one line naming the file and the record) and the records read
before it are kept.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from ..errors import InputError
from .feed import url_slug
from .html import looks_like_html, page_draft
from .limits import too_large
from .registry import BOM, Draft, Report, Source, register_reader, within
from .sources import binary_reason
from .text import first_line_title

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

__all__ = ["looks_like_warc", "read_warc"]

_HTML = frozenset({"text/html", "application/xhtml+xml"})
_TEXT = frozenset({"text/plain"})
_READ = frozenset({"response", "resource", "conversion"})
_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_WINDOWS_1252 = frozenset({"ascii", "latin-1", "iso8859-1"})  # what browsers read these labels as


def looks_like_warc(data: bytes) -> bool:
    """Whether the content starts with a WARC record (``WARC/1.0``), gzipped or not."""
    if data.startswith(b"\x1f\x8b"):
        try:
            data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], 16)
        except zlib.error:
            return False
    return data.startswith(b"WARC/")


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    """``text/html; charset=ISO-8859-1`` -> (``text/html``, ``ISO-8859-1``)."""
    if not content_type:
        return "", None
    kind, *params = content_type.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return kind.strip().lower(), charset


def _codec(label: str | bytes | None) -> str | None:
    """The Python codec of a charset label, or None if it names none."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.decode("ascii") if isinstance(label, bytes) else label).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "cp1252" if name in _WINDOWS_1252 else name


def decode_page(body: bytes, charset: str | None) -> str:
    """A page's bytes as text: by its BOM, the HTTP charset, its ``<meta>`` charset, or UTF-8; never fails."""
    if body.startswith(BOM):
        return body[len(BOM):].decode("utf-8", "replace")
    meta = _CHARSET.search(body[:4096])
    codec = _codec(charset) or _codec(meta.group(1) if meta else None)
    if codec is not None:
        return body.decode(codec, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", "replace")


def _problem(label: str, number: int, reason: str) -> InputError:
    return InputError(label, f"WARC record {number}: {reason}")


def _why(error: Exception) -> str:
    """What a warcio error says, in one short line."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if lines and lines[0].startswith("ERROR: non-chunked gzip"):
        return "the file is gzipped whole, not record by record (run `warcio recompress` on it)"
    from warcio.exceptions import ArchiveLoadFailed

    if isinstance(error, ArchiveLoadFailed) and lines:
        detail = lines[0] if len(lines[0]) <= 80 else lines[0][:77] + "..."
        return f"truncated or corrupt ({detail})"
    return "truncated or corrupt"


class _Archive:
    """The records of a WARC stream, each checked once read: a record cut short is an :class:`InputError`."""

    def __init__(self, stream: BinaryIO, label: str) -> None:
        from warcio.archiveiterator import ArchiveIterator  # here, not at import: warcio takes 0.07 s

        self._iterator = ArchiveIterator(stream)
        self._label = label
        self.number = 0
        """The number of the current record, from 1."""

    def __iter__(self) -> Iterator[ArcWarcRecord]:
        records = iter(self._iterator)
        while True:
            self.number += 1
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as e:  # warcio raises many kinds of error on a corrupt file
                raise _problem(self._label, self.number, _why(e)) from None
            if record.rec_headers.get_header("Content-Length") is None:  # a header block cut short
                raise _problem(self._label, self.number, "truncated or corrupt (no Content-Length)")
            yield record
            self.finish(record)
        self.number -= 1
        end = self._iterator.fh.tell()
        if self._iterator.offset < end:
            where = f"truncated or corrupt (at byte {self._iterator.offset})"
            raise _problem(self._label, self.number + 1, where)

    def finish(self, record: ArcWarcRecord) -> None:
        """Read the rest of the record; :class:`InputError` if the file ends inside it."""
        try:
            self._iterator.get_record_offset()  # reads the record to its end
        except Exception as e:  # as above
            raise _problem(self._label, self.number, _why(e)) from None
        from warcio.limitreader import LimitReader

        stream = record.raw_stream
        unzip = self._iterator.reader.decompressor  # of this record's gzip member, if gzipped
        if (isinstance(stream, LimitReader) and stream.limit > 0) or (unzip is not None and not unzip.eof):
            raise _problem(self._label, self.number, "truncated (the file ends inside it)")


def _page_kind(record: ArcWarcRecord) -> tuple[str | None, str | None, str]:
    """What a record holds (``html``, ``text``, ``sniff`` if untyped, or None), its charset, why it is skipped."""
    if record.rec_type not in _READ:
        return None, None, record.rec_type or "untyped"
    headers = record.http_headers
    if record.rec_type == "response" and headers is not None:
        status = headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None, None, "not 2xx"
        kind, charset = _media_type(headers.get_header("Content-Type"))
    else:
        kind, charset = _media_type(record.rec_headers.get_header("Content-Type"))
    if kind in _HTML:
        return "html", charset, ""
    if not kind and record.rec_type == "response":
        return "sniff", charset, ""
    if kind in _TEXT:
        return "text", charset, ""
    return None, None, "not HTML"


def _draft(kind: str, body: bytes, charset: str | None, name: str, label: str) -> Draft:
    text = decode_page(body, charset)
    if kind == "text":
        if not text.strip():
            raise InputError(label, "no text")
        return Draft(text=text, name=name, title=first_line_title(text))
    return page_draft(_XML_DECLARATION.sub("", text, count=1), name, label)


@register_reader("warc", suffixes=(".warc", ".warc.gz", ".warc.wet", ".warc.wet.gz"), sniff=looks_like_warc,
                 priority=5, binary=True)
def read_warc(source: Source, report: Report) -> Iterator[Draft]:
    """One document per HTML or plain-text page of the archive, streamed record by record."""
    found = 0
    skipped: Counter[str] = Counter()
    names: set[str] = set()
    limit = source.limits.max_doc_bytes  # a larger page (decompressed) is reported, and not read into memory
    with source.open() as stream:
        archive = _Archive(stream, source.label)
        try:
            for record in archive:
                kind, charset, why = _page_kind(record)
                if kind is None:
                    skipped[why] += 1
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or None
                what = uri or "no URI"
                try:
                    body = record.content_stream().read(limit + 1 if limit else -1)
                except Exception as e:  # a transfer or content encoding that does not decode
                    body, failure = b"", _why(e).replace("truncated or corrupt", "content cannot be decoded")
                else:
                    failure = ""
                archive.finish(record)
                if failure:
                    report(_problem(source.label, archive.number, f"{what}: {failure}"))
                    continue
                if kind == "sniff":
                    kind = "html" if looks_like_html(body) else None
                if kind is None or not body.strip():
                    skipped["not HTML" if kind is None else "empty"] += 1
                    continue
                if not (_codec(charset) or "").startswith(("utf-16", "utf-32")) and binary_reason(body):
                    skipped["not text"] += 1  # mislabelled, or an encoding warcio could not undo
                    continue
                if limit and len(body) > limit:
                    over = too_large(source.label, f"WARC record {archive.number}: {what}: page", limit,
                                     "--max-doc-bytes")
                    report(over)
                    continue
                name = url_slug(uri) or f"{source.name}-{archive.number}"
                if name in names:
                    name = f"{name}-{archive.number}"
                try:
                    draft = within(source.doc_timeout, source.label, _draft, kind, body, charset, name, source.label)
                except InputError as problem:
                    report(_problem(source.label, archive.number, f"{what}: {problem.reason}"))
                    continue
                names.add(name)
                found += 1
                yield dataclasses.replace(draft, url=uri or draft.url)
        except InputError as problem:
            if not found:
                raise
            report(problem)
            return
    if not found:
        counts = ", ".join(f"{why}: {n}" for why, n in sorted(skipped.items()))
        raise InputError(source.label, f"no HTML or text page in the WARC ({archive.number} records; "
                                       f"skipped {counts or 'none'})")

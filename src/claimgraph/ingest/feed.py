"""The feed reader: each entry of an RSS or Atom feed (parsed by feedparser) becomes a document.

An entry's text is its content (or else its summary) with the markup stripped; its link is the URL and
names it (by the link's last path segment); its published (or else updated) date is metadata; the feed's
title is the outlet. Entries without text, with more text than ``--max-doc-bytes``, or whose markup takes
longer than ``--doc-timeout`` to strip, are reported and skipped. The feed is parsed whole, so a feed file is
refused past ``--max-feed-bytes``, and past ``--doc-timeout`` to parse.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ..deadline import time_limit
from ..errors import DocumentTimeout, InputError
from .limits import too_large, too_slow
from .markup import html_to_text, sniff_markup
from .registry import Draft, Report, Source, register_reader, within

if TYPE_CHECKING:
    import feedparser

__all__ = ["looks_like_feed", "read_feed", "url_slug"]


def looks_like_feed(data: bytes) -> bool:
    """Whether the first element is ``<rss``, ``<feed`` (Atom) or ``<rdf:RDF`` (RSS 1.0)."""
    return sniff_markup(data, (b"rss", b"feed", b"rdf:RDF"))


def _as_text(value: str, kind: str | None) -> str:
    if kind == "text/plain" or ("<" not in value and "&" not in value):
        return value.strip()
    return html_to_text(value)


def _field_text(mapping: Mapping[str, Any], key: str) -> str | None:
    """A text field of a feed or entry (``title``), its markup stripped if its declared type is HTML."""
    detail = mapping.get(f"{key}_detail") or {}
    return _as_text(mapping.get(key) or "", detail.get("type") or "text/plain") or None


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The longest of the entry's contents, else its summary, as plain text."""
    texts = [_as_text(c.get("value") or "", c.get("type")) for c in entry.get("content") or ()]
    best = max(texts, key=len, default="")
    if best:
        return best
    detail = entry.get("summary_detail") or {}
    return _as_text(entry.get("summary") or "", detail.get("type"))


def _date(value: time.struct_time | None) -> dt.date | None:
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday) if value else None
    except (ValueError, AttributeError):
        return None


def _web_link(entry: Mapping[str, Any]) -> str | None:
    """The entry's link if it is a web address (feedparser may offer an Atom ``urn:`` id as the link)."""
    link = entry.get("link") or ""
    return link if urlparse(link).scheme in ("http", "https") else None


def url_slug(link: str | None) -> str | None:
    """The last path segment of a URL without its extension: ``.../iran-drones.html`` -> ``iran-drones``."""
    if not link:
        return None
    segment = urlparse(link).path.rstrip("/").rsplit("/", 1)[-1]
    return segment.rsplit(".", 1)[0] if "." in segment else segment or None


def _parse(data: bytes) -> tuple[feedparser.FeedParserDict, str | None]:
    """The parsed feed and its title (the outlet), as plain text."""
    import feedparser  # here, not at import: 0.05 s that reading anything else need not pay

    parsed = feedparser.parse(io.BytesIO(data))
    return parsed, _field_text(parsed.feed, "title")


@register_reader("feed", suffixes=(".rss", ".atom"), confirm=(".xml",), sniff=looks_like_feed, priority=10)
def read_feed(source: Source, report: Report) -> Iterator[Draft]:
    """One document per entry with text; the feed's parse, and each entry's text, within ``--doc-timeout``."""
    data = source.read_all(source.limits.max_feed_bytes, "feed", "--max-feed-bytes")
    seconds = source.doc_timeout
    parsed, outlet = within(seconds, source.label, _parse, data)
    if not parsed.entries:
        if parsed.get("bozo"):
            problem = str(parsed.get("bozo_exception") or "malformed").splitlines()[0]
            raise InputError(source.label, f"not a valid RSS or Atom feed ({problem})")
        raise InputError(source.label, "feed has no entries")
    found = 0
    for number, entry in enumerate(parsed.entries, 1):
        title: str | None = ""  # not found yet (a title found empty is None)
        try:
            with time_limit(seconds):
                title = _field_text(entry, "title")
                text = _entry_text(entry)
        except DocumentTimeout as late:
            what = f"feed entry {number}" + (f" ({title or 'untitled'})" if title != "" else "")
            report(too_slow(source.label, what, late.seconds))
            continue
        if not text:
            what = f"feed entry {number} ({title or 'untitled'})"
            report(InputError(source.label, f"{what} has no text"))
            continue
        limit = source.limits.max_doc_bytes
        if limit and len(text) > limit // 4 and len(text.encode("utf-8", "surrogatepass")) > limit:
            report(too_large(source.label, f"feed entry {number} ({title or 'untitled'})", limit,
                             "--max-doc-bytes"))
            continue
        link = _web_link(entry)
        found += 1
        yield Draft(text=text, name=url_slug(link) or f"{source.name}-{number}", title=title,
                    url=link, outlet=outlet,
                    published=_date(entry.get("published_parsed") or entry.get("updated_parsed")))
    if not found:
        raise InputError(source.label, "no feed entry has text")

"""The HTML reader: a saved web page becomes one document, its main text found by trafilatura.

The title, publication date, canonical URL and site name come from the page's metadata
(``trafilatura.extract_metadata``, without htmldate's guessing from the text: inferring a date from the text
is ours to do, and marked as such). If trafilatura finds no main text, the page's visible text is used.
Finding them takes at most ``--doc-timeout`` (the page's ``Source.doc_timeout``); a slower page is an
:class:`~claimgraph.errors.InputError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..errors import InputError
from .markup import flat_text, html_to_text, parses_whole, sniff_markup
from .registry import Draft, Report, Source, register_reader, within

__all__ = ["looks_like_html", "page_draft", "read_html"]


def looks_like_html(data: bytes) -> bool:
    """Whether the content starts like an HTML page (``<!DOCTYPE html``, ``<html``, ``<head``, ``<body``)."""
    return sniff_markup(data, (b"html", b"head", b"body"))


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def page_draft(page: str | bytes, name: str, label: str) -> Draft:
    """The draft of one HTML page (bytes, or text already decoded): main text and metadata.

    The main text is trafilatura's, or failing that the visible text; :class:`InputError` (``label``) if
    the page has no text. Also used for the pages of a WARC archive. A page that lxml cannot parse whole
    (nested more than 255 elements deep: libxml2 drops the rest of the page) gets its visible text from a
    scan that builds no tree (:func:`~claimgraph.ingest.markup.flat_text`), not the part before the depth.
    """
    import trafilatura  # here, not at import: 0.1 s that reading text or JSON Lines need not pay
    from trafilatura.utils import load_html

    text = None if parses_whole(page) else flat_text(page)
    if text is None:
        text = trafilatura.extract(page, include_comments=False)
        if not text or not text.strip():
            text = html_to_text(page)
    if not text.strip():
        raise InputError(label, "no text found in HTML")
    tree = load_html(page)
    meta = trafilatura.extract_metadata(tree, extensive=False) if tree is not None else None
    if meta is None:
        return Draft(text=text, name=name)
    return Draft(text=text, name=name, title=meta.title or None, url=meta.url or None,
                 outlet=meta.sitename or None, published=_iso_date(meta.date))


@register_reader("html", suffixes=(".html", ".htm", ".xhtml"), sniff=looks_like_html, priority=20)
def read_html(source: Source, report: Report) -> Iterator[Draft]:
    """One document: the page's main text (or, failing that, its visible text) and its metadata, found within
    ``--doc-timeout``."""
    page = source.read_all(source.limits.max_doc_bytes, "page", "--max-doc-bytes")
    yield within(source.doc_timeout, source.label, page_draft, page, source.name, source.label)

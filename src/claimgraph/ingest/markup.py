"""HTML to plain text with lxml: the visible text of a page or fragment, one block per line.

Used where trafilatura does not apply or finds no main text: the fallback of the HTML reader and the
content of feed entries. libxml2 stops building the tree of a page nested more than 255 elements deep, and
silently drops the rest of the page (not only what is deeper); such a page's text comes from
:func:`flat_text`, a scan in linear time that builds no tree, so nesting does not matter to it.
"""

from __future__ import annotations

import html
import re
from functools import cache

import lxml.html
from lxml import etree

__all__ = ["flat_text", "html_to_text", "parses_whole", "sniff_markup"]

_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
})
_INVISIBLE = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg")
_SPACES = re.compile(r"[^\S\n]+")
# What may come before the first element of a markup document: a BOM, space, <?xml ...?> and other
# processing instructions, comments.
_PROLOGUE = rb"^(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->)*"


def sniff_markup(data: bytes, tags: tuple[bytes, ...], size: int = 4096) -> bool:
    """Whether the first markup element (or ``<!DOCTYPE ...``) of ``data`` starts with one of ``tags``."""
    names = b"|".join(re.escape(t) for t in tags)
    first = rb"(?:<!doctype\s+(?:" + names + rb")[\s>]|(?:<!doctype\s[^>]*>\s*)?<(?:" + names + rb")[\s>/])"
    return re.match(_PROLOGUE + first, data[:size], re.IGNORECASE | re.DOTALL) is not None


def _parse(markup: str | bytes) -> tuple[lxml.html.HtmlElement | None, bool]:
    """lxml's tree of the markup (None if it has none), and whether libxml2 built all of it: False when it
    stopped at a resource limit (nesting deeper than 255 elements, a text node over 10 MB)."""
    parser = lxml.html.HTMLParser()
    try:
        try:
            root = lxml.html.fromstring(markup, parser=parser)
        except ValueError:  # a str with an XML encoding declaration
            root = lxml.html.fromstring(markup.encode("utf-8") if isinstance(markup, str) else markup,
                                        parser=parser)
    except etree.ParserError:  # no element at all
        return None, True
    whole = not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return root, whole


def parses_whole(markup: str | bytes) -> bool:
    """Whether lxml (and so trafilatura) reads the whole page: not nested past libxml2's depth limit."""
    return not markup or not markup.strip() or _parse(markup)[1]


def _lines(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(markup: str | bytes) -> str:
    """The visible text of an HTML page or fragment: blocks on their own lines, runs of spaces collapsed."""
    if not markup or not markup.strip():
        return ""
    root, whole = _parse(markup)
    if not whole:
        return flat_text(markup)
    if root is None:
        return ""
    if root.tag in _INVISIBLE:
        return ""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_INVISIBLE, with_tail=False)
    parts: list[str] = []  # read, never written back: lxml refuses to set text holding control characters
    for event, element in etree.iterwalk(root, events=("start", "end")):
        block = isinstance(element.tag, str) and element.tag.lower() in _BLOCKS
        if event == "start":
            if block and element.tag.lower() != "br":
                parts.append("\n")
            parts.append(element.text or "")
        else:
            if block:
                parts.append("\n")
            if element is not root:
                parts.append(element.tail or "")
    return _lines("".join(parts))


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>")


@cache
def _end_of(name: str) -> re.Pattern[str]:
    """Where an invisible element's content ends: its end tag (the head's also at ``<body``)."""
    body = r"|<body[\s>/]" if name == "head" else ""
    return re.compile(rf"</{re.escape(name)}\s*>{body}", re.IGNORECASE)


def _decoded(markup: str | bytes) -> str:
    if isinstance(markup, str):
        return markup
    try:
        return markup.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return markup.decode("cp1252", "replace")


def flat_text(markup: str | bytes) -> str:
    """The visible text of markup, found without a tree, in time linear in its length whatever its nesting:
    tags dropped (block elements end a line), comments, declarations and invisible elements (scripts, styles,
    the head) skipped, character references decoded, runs of spaces collapsed. Bytes are read as UTF-8, else
    as windows-1252.

    Each search either moves past what it found or ends the scan, so no byte is looked at more than twice.
    """
    text = _decoded(markup)
    out: list[str] = []
    pos, size = 0, len(text)
    while pos < size:
        lt = text.find("<", pos)
        if lt < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:lt])
        if text.startswith(("<!", "<?"), lt):  # a comment, doctype, CDATA or processing instruction
            closer = "-->" if text.startswith("<!--", lt) else ">"
            end = text.find(closer, lt + 2)
            pos = size if end < 0 else end + len(closer)  # unclosed: it runs to the end
            continue
        tag = _TAG.match(text, lt)
        if tag is None:  # a "<" that opens no tag is text
            out.append("<")
            pos = lt + 1
            continue
        name, pos = tag.group(2).lower(), tag.end()
        if tag.group(1) == "" and name in _INVISIBLE and not tag.group(0).endswith("/>"):
            end = _end_of(name).search(text, pos)
            pos = size if end is None else (end.start() if end.group(0)[1] != "/" else end.end())
        elif name in _BLOCKS:
            out.append("\n")
    return _lines(html.unescape("".join(out)))

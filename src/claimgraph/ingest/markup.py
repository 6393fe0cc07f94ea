"""HTML to plain text with lxml: the visible text of a page or fragment, one block per line.

Used where trafilatura does not apply or finds no main text: the fallback of the HTML reader and the
content of feed entries.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

__all__ = ["html_to_text", "sniff_markup"]

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


def html_to_text(markup: str | bytes) -> str:
    """The visible text of an HTML page or fragment: blocks on their own lines, runs of spaces collapsed."""
    if not markup or not markup.strip():
        return ""
    try:
        root = lxml.html.fromstring(markup)
    except ValueError:  # a str with an XML encoding declaration
        root = lxml.html.fromstring(markup.encode("utf-8") if isinstance(markup, str) else markup)
    except etree.ParserError:
        return ""
    if root.tag in _INVISIBLE:
        return ""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_INVISIBLE, with_tail=False)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(root.itertext()).split("\n"))
    return "\n".join(line for line in lines if line)

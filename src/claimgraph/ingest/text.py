"""The plain-text reader: the whole file, exactly as decoded, is the document (the fallback for any text).

The text is kept byte-exact apart from a leading UTF-8 BOM, because every evidence offset points into it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .registry import Draft, Report, Source, register_reader

__all__ = ["first_line_title", "read_text"]

MAX_TITLE = 200
"""A first line this long or longer is a paragraph, not a title."""

_HEADING = re.compile(r"^#{1,6}\s+")


def first_line_title(text: str) -> str | None:
    """The first non-empty line (a Markdown heading's ``#`` dropped) if it is short enough to be a title."""
    for line in text.splitlines():
        line = _HEADING.sub("", line.strip()).strip()
        if line:
            return line if len(line) < MAX_TITLE else None
    return None


@register_reader("text", suffixes=(".txt", ".text", ".md", ".markdown"), fallback=True)
def read_text(source: Source, report: Report) -> Iterator[Draft]:
    """One document: the decoded file; named by the file stem, titled by its first line."""
    text = source.text()
    yield Draft(text=text, name=source.name, title=first_line_title(text))

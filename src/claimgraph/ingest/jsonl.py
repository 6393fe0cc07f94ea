"""The JSON Lines reader: one document per line, ``{"id", "title", "text", "published", "url", "outlet"}``.

Only ``text`` is required. A malformed line (not UTF-8, not JSON, not an object, no text, a bad field) is
reported with its line number and the other lines are still read; a file with no valid line is an error.
The input is streamed: one line at a time is held, and each document is yielded as soon as its line is read,
so a file (or stdin, or a ``.jsonl.gz``) of millions of lines takes no more memory than its longest line.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from .dates import parse_date
from .registry import BOM, Draft, Report, Source, decode_utf8, register_reader

__all__ = ["looks_like_jsonl", "read_jsonl"]

_OPTIONAL_STRINGS = ("title", "url", "outlet")


def looks_like_jsonl(data: bytes) -> bool:
    """Whether the first line is a JSON object with a ``text`` field."""
    first = data.removeprefix(BOM).lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and "text" in record


def _record(raw: bytes, lineno: int, source: Source) -> Draft:
    """The draft of one line; :class:`InputError` naming the line if it is malformed."""

    def bad(reason: str) -> InputError:
        return InputError(source.label, reason, lineno)

    line = decode_utf8(raw, source.label, lineno)  # offsets in its message count from the line's start
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as e:
        raise bad(f"not valid JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(record, dict):
        raise bad(f"not a JSON object but {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad('missing or empty "text"')
    for key in _OPTIONAL_STRINGS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise bad(f'"{key}" must be a string')
    ident = record.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, str | int) or not str(ident)):
        raise bad('"id" must be a non-empty string or an integer')
    published: dt.date | None = None
    if record.get("published") is not None:
        if not isinstance(record["published"], str):
            raise bad('"published" must be a date string such as "2022-08-05"')
        try:
            published = parse_date(record["published"], source=source.label)
        except InputError as e:
            raise bad(f'bad "published": {e.reason}') from None
    return Draft(text=text, name=str(ident) if ident is not None else f"{source.name}-{lineno}",
                 title=record.get("title") or None, url=record.get("url") or None,
                 outlet=record.get("outlet") or None, published=published)


@register_reader("jsonl", suffixes=(".jsonl", ".ndjson"), sniff=looks_like_jsonl, priority=30)
def read_jsonl(source: Source, report: Report) -> Iterator[Draft]:
    """One document per valid line, line by line; each malformed line goes to ``report`` with its number."""
    good = bad = 0
    with source.open() as stream:
        lines = enumerate(stream, 1)
        while True:
            try:
                lineno, line = next(lines)
            except StopIteration:
                break
            except InputError as problem:  # the stream broke off (a truncated .jsonl.gz): keep what was read
                if not good:
                    raise
                report(problem)
                return
            raw = line.removesuffix(b"\n")
            if not raw.removeprefix(BOM).strip():
                continue
            try:
                draft = _record(raw, lineno, source)
            except InputError as problem:
                bad += 1
                report(problem)
                continue
            good += 1
            yield draft
    if not good:
        raise InputError(source.label, f"no valid JSON Lines record ({bad} malformed line{'s' * (bad != 1)})")

"""The JSON Lines reader: one document per line, ``{"id", "title", "text", "published", "url", "outlet"}``.

Only ``text`` is required. A malformed line (not UTF-8, not JSON, not an object, no text, a bad field) is
reported with its line number and the other lines are still read; a file with no valid line is an error.
The input is streamed: one line at a time is held, and each document is yielded as soon as its line is read,
so a file (or stdin, or a ``.jsonl.gz``) of millions of lines takes no more memory than its longest line,
and no line is held past ``--max-doc-bytes``: a longer one is read past in pieces and reported.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from .dates import parse_date
from .limits import too_large
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
    except (ValueError, RecursionError):
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
    except RecursionError:  # [[[[… deeper than the interpreter's recursion limit
        raise bad("not valid JSON here (nested too deeply)") from None
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


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Each line's number and bytes (without the newline), or None for a line over ``limit`` bytes (0: no
    limit), which is read past a piece at a time and never held whole."""
    lineno = 0
    while line := stream.readline(limit + 1 if limit else -1):
        lineno += 1
        if line.endswith(b"\n") or len(line) <= limit or not limit:
            yield lineno, line.removesuffix(b"\n")
            continue
        while line and not line.endswith(b"\n"):  # the rest of the long line
            line = stream.readline(1 << 20)
        yield lineno, None


@register_reader("jsonl", suffixes=(".jsonl", ".ndjson"), sniff=looks_like_jsonl, priority=30)
def read_jsonl(source: Source, report: Report) -> Iterator[Draft]:
    """One document per valid line, line by line; each malformed line goes to ``report`` with its number."""
    good = bad = 0
    limit = source.limits.max_doc_bytes
    with source.open() as stream:
        lines = _lines(stream, limit)
        while True:
            try:
                lineno, raw = next(lines)
            except StopIteration:
                break
            except InputError as problem:  # the stream broke off (a truncated .jsonl.gz): keep what was read
                if not good:
                    raise
                report(problem)
                return
            if raw is None:
                bad += 1
                report(too_large(source.label, "line", limit, "--max-doc-bytes", lineno))
                continue
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

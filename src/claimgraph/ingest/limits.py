"""Limits on what one input may cost claimgraph: the size of a document, a line, a feed, and the time to read it.

Every reader checks the sizes before it holds the data (a stream is read to the limit and no further), and a
document past one is an :class:`~claimgraph.errors.InputError` that names the input (and line or record), the
limit and the option that raises it; in a batch it is a warning and the rest goes on. ``0`` means no limit.

* ``max_doc_bytes`` (``--max-doc-bytes``, 5 MiB): one document's bytes, as read: a text or HTML file, a JSON
  Lines line, a WARC page. The parse of a document is also refused past this many characters (UTF-8 never
  has fewer bytes than characters), so a document the reader let through is never over spaCy's limit.
* ``max_feed_bytes`` (``--max-feed-bytes``, 64 MiB): an RSS or Atom file, which is parsed whole.
* ``doc_timeout`` (``--doc-timeout``, 60 s; an argument of ``read_documents``, held by each
  :class:`~claimgraph.ingest.registry.Source`): how long turning one HTML page, WARC record or feed entry into
  text may take, and parsing one feed file (parsed whole). Past it is the same kind of error
  (:func:`too_slow`). It is a :func:`~claimgraph.deadline.time_limit`, so it holds in the main thread only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import InputError

__all__ = ["DEFAULT_LIMITS", "DEFAULT_MAX_DOC_BYTES", "DEFAULT_MAX_FEED_BYTES", "Limits", "check_doc_timeout",
           "too_large", "too_slow"]

DEFAULT_MAX_DOC_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_FEED_BYTES = 64 * 1024 * 1024


def _size(n: int) -> str:
    """``5242880`` -> ``5 MiB``; ``1500`` -> ``1,500 bytes``."""
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return f"{n >> 20} MiB"
    if n >= 1 << 10 and n % (1 << 10) == 0:
        return f"{n >> 10} KiB"
    return f"{n:,} bytes"


@dataclass(frozen=True)
class Limits:
    """The size limits of one read (see the module docstring); 0 is no limit."""

    max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES
    max_feed_bytes: int = DEFAULT_MAX_FEED_BYTES

    def __post_init__(self) -> None:
        for name in ("max_doc_bytes", "max_feed_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InputError(f"--{name.replace('_', '-')}", f"{value!r} is not a size in bytes (0: no limit)")


DEFAULT_LIMITS = Limits()


def too_large(label: str, what: str, limit: int, option: str, line: int | None = None) -> InputError:
    """The error of an input past a limit: ``file.jsonl:3: line over the 5 MiB limit (--max-doc-bytes …)``."""
    return InputError(label, f"{what} over the {_size(limit)} limit (raise it with {option} BYTES, or 0 for "
                             "no limit)", line)


def too_slow(label: str, what: str | None, seconds: float) -> InputError:
    """The error of an input whose reading ran past the time limit: ``page.html: reading took longer than the
    60 s limit (raise it with --doc-timeout SECONDS, or 0 for no limit)``; ``what`` (a record, an entry) is
    named after the input."""
    where = f"{what}: " if what else ""
    return InputError(label, f"{where}reading took longer than the {seconds:g} s limit (raise it with --doc-timeout "
                             "SECONDS, or 0 for no limit)")


def check_doc_timeout(seconds: float | None) -> float | None:
    """``seconds`` as a time limit, None for none (None, 0 or infinity); an :class:`InputError` naming the option
    if it is no number of seconds."""
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, int | float)
                                or not seconds >= 0):  # NaN too
        raise InputError("--doc-timeout", f"{seconds!r} is not a time in seconds (0: no limit)")
    return seconds if seconds and math.isfinite(seconds) else None

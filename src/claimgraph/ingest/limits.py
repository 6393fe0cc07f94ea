"""Limits on what one input may make claimgraph hold in memory: the size of a document, a line, a feed.

Every reader checks them before it holds the data (a stream is read to the limit and no further), and a
document past one is an :class:`~claimgraph.errors.InputError` that names the input (and line or record), the
limit and the option that raises it; in a batch it is a warning and the rest goes on. ``0`` means no limit.

* ``max_doc_bytes`` (``--max-doc-bytes``, 5 MiB): one document's bytes, as read: a text or HTML file, a JSON
  Lines line, a WARC page. The parse of a document is also refused past this many characters (UTF-8 never
  has fewer bytes than characters), so a document the reader let through is never over spaCy's limit.
* ``max_feed_bytes`` (``--max-feed-bytes``, 64 MiB): an RSS or Atom file, which is parsed whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

__all__ = ["DEFAULT_LIMITS", "DEFAULT_MAX_DOC_BYTES", "DEFAULT_MAX_FEED_BYTES", "Limits", "too_large"]

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

"""Content-hash identifiers: the same content always gets the same id, so re-runs upsert."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = ["content_id", "normalise_name", "stable_hash"]


def stable_hash(value: Any, length: int = 16) -> str:
    """A short, stable hex digest of any JSON-serialisable value (key order does not matter)."""
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:length]


def content_id(prefix: str, value: Any, length: int = 16) -> str:
    """An id such as ``d-1a2b…`` built from a prefix and the hash of ``value``."""
    return f"{prefix}-{stable_hash(value, length)}"


@lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """A comparison key for names: NFKC, casefolded, curly quotes straightened, spaces collapsed. Memoised: the
    store keys the same few names, and the surface forms they are mentioned under, thousands of times."""
    s = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(s.casefold().split())

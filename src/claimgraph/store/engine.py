"""What the store's SQL runs on: one connection type for both engines, and the few things that differ.

The write path (:mod:`.writer`, :mod:`.ledger`, :mod:`.dedupe`, :mod:`.paragraphs`, :mod:`.linker`) and the
query layer write SQL both SQLite (3.40) and PostgreSQL (15) accept, with ``?`` placeholders; a
:class:`Conn` runs it (``sqlite3.Connection`` as it is, :class:`claimgraph.store.postgres.PgConnection`
translating the placeholders). An :class:`Engine` adds what cannot be written once: how a write transaction
is begun, retried and locked, how errors read, and full-text search.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

from ..errors import StoreError

__all__ = ["BUSY_TIMEOUT_ENV", "BUSY_TIMEOUT_S", "IN_CHUNK", "NO_LIMIT", "Conn", "Cursor", "Engine", "busy_timeout",
           "is_url", "redact", "select_in"]

T = TypeVar("T")

NO_LIMIT = 2**63 - 1
"""A ``LIMIT`` both engines read as "no limit" (SQLite's -1 is an error in PostgreSQL, ``ALL`` in SQLite)."""


BUSY_TIMEOUT_S = 30.0
"""How long a write waits for another process's write lock before it backs off and tries again, unless
``Store.open(busy_timeout=…)`` or :data:`BUSY_TIMEOUT_ENV` says otherwise."""

BUSY_TIMEOUT_ENV = "CLAIMGRAPH_BUSY_TIMEOUT"
"""The environment variable that sets the busy timeout, in seconds (``claimgraph ingest --busy-timeout``)."""


def busy_timeout(seconds: float | None = None) -> float:
    """The busy timeout to use: ``seconds`` if given, else :data:`BUSY_TIMEOUT_ENV`, else :data:`BUSY_TIMEOUT_S`."""
    if seconds is None:
        text = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
        if not text:
            return BUSY_TIMEOUT_S
        try:
            seconds = float(text)
        except ValueError:
            raise StoreError(f"{BUSY_TIMEOUT_ENV}={text}: not a number of seconds") from None
    if not 0 <= seconds <= 86_400:
        raise StoreError(f"busy timeout {seconds:g} s: give 0 to 86400 seconds")
    return float(seconds)


def is_url(target: str | Path) -> bool:
    """Whether ``target`` names a PostgreSQL database (``postgresql://…``) rather than an SQLite file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)
        user = netloc[0].split(":", 1)[0]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))
    except ValueError:
        return re.sub(r"//([^:/@]*):[^@]*@", r"//\1:***@", url)


IN_CHUNK = 500
"""Values bound in one ``IN (…)`` list by :func:`select_in`: far below SQLite's limit of 32,766 parameters and
PostgreSQL's of 65,535, with the rest of a statement's parameters."""


def select_in(conn: Conn, sql: str, values: Sequence[Any], after: Sequence[Any] = ()) -> list[Any]:
    """The rows of ``sql`` whose ``{}`` is filled with placeholders for ``values``, asked :data:`IN_CHUNK`
    values at a time (``sql`` must give each row once per value it matches, so the chunks add up); ``after``:
    the parameters of placeholders that follow the ``{}``, given with every chunk."""
    rows: list[Any] = []
    for i in range(0, len(values), IN_CHUNK):
        chunk = list(values[i:i + IN_CHUNK])
        rows.extend(conn.execute(sql.format(", ".join("?" * len(chunk))), [*chunk, *after]).fetchall())
    return rows


class Cursor(Protocol):
    """The result of :meth:`Conn.execute`: rows as tuples."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Conn(Protocol):
    """A connection that runs ``?``-parameterised SQL (the ``sqlite3.Connection`` interface, in part)."""

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Any: ...


class Engine(ABC):
    """One open database: its connection, and the operations whose SQL differs between engines."""

    name: str
    """``sqlite`` or ``postgresql``."""

    errors: tuple[type[Exception], ...]
    """The driver's exceptions, turned into :class:`claimgraph.errors.StoreError` by the store."""

    index_evidence_sql: str | None = None
    """SQL that indexes one document's evidence rows for search (its one parameter: the document id), run by
    the writer right after it inserts them; None where the database's own index keeps itself current."""

    def __init__(self, conn: Any, where: str) -> None:
        self.conn = conn
        self.where = where

    @abstractmethod
    def reason(self, exc: Exception) -> str:
        """One line saying what went wrong, for a :class:`StoreError`."""

    @abstractmethod
    def write(self, work: Callable[[Conn], T]) -> T:
        """Run ``work`` in one write transaction (serialised with every other writer), committing on success."""

    @abstractmethod
    def search(self, text: str, limit: int) -> list[Any]:
        """Rows ``(kind, doc id, doc name, claim id, snippet, score)`` of a phrase search, best first."""

    @property
    @abstractmethod
    def in_transaction(self) -> bool:
        """Whether a transaction is open on the connection."""

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

"""The one exception hierarchy of claimgraph: every error a user can cause says what and where."""

from __future__ import annotations

__all__ = ["ClaimgraphError", "DocumentTimeout", "ExportError", "ExtractionError", "InputError", "StoreError"]


class ClaimgraphError(Exception):
    """Base of every error claimgraph raises on purpose. ``str(err)`` is a one-line message."""


class InputError(ClaimgraphError):
    """An input cannot be read: missing, empty, binary, undecodable, malformed, or unreachable."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source, self.reason, self.line = source, reason, line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class StoreError(ClaimgraphError):
    """The database cannot be opened, migrated or written."""


class ExtractionError(ClaimgraphError):
    """The NLP pipeline cannot be loaded or run."""


class DocumentTimeout(ExtractionError):
    """One document's reading, or its parse and extraction, took longer than the time limit (``--doc-timeout``)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"took longer than the time limit of {seconds:g} s (raise it with --doc-timeout "
                         "SECONDS, or 0 for no limit)")


class ExportError(ClaimgraphError):
    """An export format is unknown or an export cannot be written."""

"""The exporter registry: every export format registers itself here, by name, with one decorator.

An exporter gets an :class:`ExportData` (the claims, and the documents they come from) and writes either one
text stream or, for a ``directory`` format (several CSV files, say), files into a folder; it returns how
many records it wrote::

    @register_exporter("my-format", description="One line per claim")
    def write_my_format(data: ExportData, out: TextIO) -> int: ...

    @register_exporter("my-tables", directory=True, description="Several CSV files")
    def write_my_tables(data: ExportData, folder: Path) -> int: ...

A registered format is called like its function, and also accepts plain claims for the data:
``get_exporter("claims-jsonl")(claims, sys.stdout)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..errors import ExportError
from ..model import Claim, Document

__all__ = ["EXPORTERS", "ExportData", "ExportFormat", "Exporter", "get_exporter", "register_exporter"]


@dataclass(frozen=True)
class ExportData:
    """What an exporter writes: claims, and the documents they come from, by document id (for titles, dates,
    outlets and URLs; an exporter must cope with a claim whose document is not given)."""

    claims: Sequence[Claim]
    documents: Mapping[str, Document] = field(default_factory=dict)

    @classmethod
    def of(cls, claims: Iterable[Claim], documents: Iterable[Document] = ()) -> ExportData:
        """ExportData from any iterables."""
        return cls(list(claims), {d.id: d for d in documents})


Exporter = Callable[[ExportData, Any], int]
"""Writes ExportData to a text stream (or, for a directory format, into a folder Path); returns a count."""


@dataclass(frozen=True)
class ExportFormat:
    """A registered export format."""

    name: str
    write: Exporter
    directory: bool = False
    description: str = ""

    def __call__(self, data: ExportData | Iterable[Claim], out: TextIO | Path) -> int:
        if not isinstance(data, ExportData):
            data = ExportData.of(data)
        if self.directory:
            folder = Path(out)  # type: ignore[arg-type]
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise ExportError(f"{folder}: cannot create the export folder: {e.strerror or e}") from None
            return self.write(data, folder)
        return self.write(data, out)


EXPORTERS: dict[str, ExportFormat] = {}
"""Registered export formats by name, in registration order."""


def register_exporter(name: str, *, directory: bool = False, description: str = "") -> Callable[[Exporter], Exporter]:
    """Decorator: register ``func`` as the writer of format ``name`` (a name can be registered once)."""

    def decorate(func: Exporter) -> Exporter:
        if name in EXPORTERS and EXPORTERS[name].write is not func:
            raise ExportError(f"export format {name!r} is already registered")
        EXPORTERS[name] = ExportFormat(name, func, directory, description or (func.__doc__ or "").split("\n")[0])
        return func

    return decorate


def get_exporter(name: str) -> ExportFormat:
    """The export format ``name``; :class:`ExportError` naming the known formats if there is none."""
    try:
        return EXPORTERS[name]
    except KeyError:
        raise ExportError(f"unknown format {name!r} (known: {', '.join(EXPORTERS)})") from None

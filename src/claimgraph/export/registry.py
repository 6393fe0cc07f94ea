"""The exporter registry: every export format registers itself here, by name, with one decorator.

An exporter writes claims to a text stream and returns how many it wrote::

    @register_exporter("my-format")
    def export_my_format(claims: Iterable[Claim], out: TextIO) -> int: ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from ..errors import ExportError
from ..model import Claim

__all__ = ["EXPORTERS", "Exporter", "get_exporter", "register_exporter"]

Exporter = Callable[[Iterable[Claim], TextIO], int]
"""Writes claims to a text stream; returns the number of claims written."""

EXPORTERS: dict[str, Exporter] = {}
"""Registered exporters by format name, in registration order."""


def register_exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Decorator: register ``func`` as the exporter of format ``name`` (a name can be registered once)."""

    def decorate(func: Exporter) -> Exporter:
        if name in EXPORTERS and EXPORTERS[name] is not func:
            raise ExportError(f"export format {name!r} is already registered")
        EXPORTERS[name] = func
        return func

    return decorate


def get_exporter(name: str) -> Exporter:
    """The exporter of format ``name``; :class:`ExportError` naming the known formats if there is none."""
    try:
        return EXPORTERS[name]
    except KeyError:
        raise ExportError(f"unknown format {name!r} (known: {', '.join(EXPORTERS)})") from None

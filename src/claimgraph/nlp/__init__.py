"""The NLP stage: a spaCy pipeline that segments, parses and tags news text for claim extraction."""

from .pipeline import DEFAULT_MODEL, load_pipeline

__all__ = ["DEFAULT_MODEL", "load_pipeline"]

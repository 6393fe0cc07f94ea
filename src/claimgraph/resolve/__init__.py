"""The resolve stage: one entity per actor within a document (surnames to full names), then re-merge claims
that became the same claim."""

from .names import resolve_extraction

__all__ = ["resolve_extraction"]

"""The Document record: one news report as ingested, with its provenance and publication date."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cached_property
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, computed_field

from .ids import content_id

__all__ = ["DateSource", "Document", "document_id"]

DateSource = Literal["cli", "metadata", "text"]
"""Where a publication date came from: ``--published``, the input's metadata, or inferred from the text."""


def document_id(text: str) -> str:
    """The stable id of a document: a hash of its text (NFC), so the same content is stored once."""
    return content_id("d", unicodedata.normalize("NFC", text), 20)


class Document(BaseModel):
    """A news report. ``text`` is stored exactly; every evidence offset points into it."""

    model_config = ConfigDict(frozen=True)

    text: str
    name: str = Field(description="Human handle: file stem, JSON Lines id, or URL slug; the export's `doc`.")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_source: DateSource | None = None
    origin: str | None = Field(default=None, description="Where it was read from: a path, '-' or a URL.")
    format: str = "text"

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def id(self) -> str:
        """:func:`document_id` of the text, hashed once per object: storing a document asks for its id about ten
        times, and each time hashed the whole text again. :meth:`model_copy` forgets it."""
        return document_id(self.text)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Self:
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("id", None)  # another text is another document
        return copied

"""The workbench's one write endpoint, ``POST /api/documents``: extract one document's claims and store them.

It is off unless the app was built writable (``claimgraph serve --writable``), and then it needs
``Authorization: Bearer <token>``: no token is 401, a wrong one 403 (compared in constant time), and a
read-only workbench answers 403 whatever the token. A writable app cannot be built without a token. The body
is capped at :data:`MAX_BODY` bytes (413 beyond) and the text at :data:`MAX_TEXT` characters.

The document goes through the same path as ``claimgraph ingest``: :func:`claimgraph.batch.ingest_documents`,
with one :class:`~claimgraph.process.Processor` (the spaCy pipeline) loaded on the first write and kept for
the app's life. Writes are serialised (one store writer, and spaCy is not shared between threads); reads
still open the store read-only for every request.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import re
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..batch import ingest_documents
from ..errors import ClaimgraphError, InputError
from ..model import Document
from ..store import AddResult, Store
from .api import ERRORS, Error

__all__ = ["MAX_BODY", "MAX_TEXT", "MIN_TOKEN", "NewDocument", "StoredDocument", "Writer", "load_token", "router"]

MAX_BODY = 2 * 1024 * 1024
"""The most bytes a request body may have (413 beyond)."""

MAX_TEXT = 200_000
"""The most characters of text one posted document may have: spaCy's parser needs about 1 GB of memory per
100,000 characters, so a longer text is a denial of service, not an article."""

MIN_TOKEN = 16
"""The fewest characters a write token may have."""

_bearer = HTTPBearer(auto_error=False, description="The token the server was started with (--token-file or "
                                                   "CLAIMGRAPH_TOKEN).")
router = APIRouter(prefix="/api", tags=["api"])


def load_token(token_file: Path | None, environ: dict[str, str] | None = None) -> str | None:
    """The write token: the contents of ``token_file`` (surrounding whitespace stripped), else the
    ``CLAIMGRAPH_TOKEN`` environment variable, else None. Raises :class:`InputError` when the file cannot be
    read or the token is shorter than :data:`MIN_TOKEN` characters or has whitespace inside."""
    source, token = "CLAIMGRAPH_TOKEN", (os.environ if environ is None else environ).get("CLAIMGRAPH_TOKEN")
    if token_file is not None:
        source = str(token_file)
        try:
            token = token_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(source, f"cannot read the token ({getattr(e, 'strerror', None) or e})") from None
    if token is None:
        return None
    token = token.strip()
    if len(token) < MIN_TOKEN or any(c.isspace() for c in token):
        raise InputError(source, f"the token must be at least {MIN_TOKEN} characters with no spaces inside "
                                 f"(for example: python -c 'import secrets; print(secrets.token_urlsafe())')")
    return token


_NO_NUL = {"pattern": r"^[^\x00]*$"}
_SOME_TEXT = {"pattern": r"^[^\x00]*[^\x00\s][^\x00]*$"}
"""JSON Schema for the fields: no NUL characters (PostgreSQL cannot store them); text and name not blank."""


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode (a lone surrogate)") from None
    return value


class NewDocument(BaseModel):
    """A document to extract and store: its text and name, and what is known of where it came from."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="The report's text, stored exactly.",
                      json_schema_extra=_SOME_TEXT)
    name: str = Field(min_length=1, max_length=200, description="A handle for it: a slug, a file stem, an id.",
                      json_schema_extra=_SOME_TEXT)
    title: str | None = Field(default=None, max_length=1000, json_schema_extra=_NO_NUL)
    url: str | None = Field(default=None, max_length=2000, json_schema_extra=_NO_NUL)
    outlet: str | None = Field(default=None, max_length=200, description="Who published it.",
                               json_schema_extra=_NO_NUL)
    published: dt.date | None = Field(default=None, description="Publication date; anchors 'on Friday'.")

    @field_validator("text", "name", "title", "url", "outlet")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return _clean(value)

    @field_validator("text", "name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not re.search(r"[^\x00\s]", value):
            raise ValueError("is blank")
        return value

    def document(self) -> Document:
        return Document(text=self.text, name=self.name, title=self.title, url=self.url, outlet=self.outlet,
                        published=self.published, published_source="metadata" if self.published else None,
                        origin="POST /api/documents")


class StoredDocument(BaseModel):
    """What storing a document did: its id, whether it was new, whether anything was written, its claims."""

    id: str
    name: str
    new: bool
    changed: bool = Field(description="False when this extractor had stored it already (nothing was written).")
    claims: int


class Writer:
    """Extracts and stores documents into one database: the pipeline loads on first use, writes one at a time."""

    def __init__(self, db: str, token: str) -> None:
        self.db, self.token = db, token
        self._lock = threading.Lock()
        self._processor: Any = None

    @property
    def processor(self) -> Any:
        """The spaCy pipeline and extractor: None until the first write loads them."""
        return self._processor

    def allows(self, presented: str) -> bool:
        """Whether ``presented`` is the token (constant time)."""
        return hmac.compare_digest(presented.encode("utf-8"), self.token.encode("utf-8"))

    def add(self, document: Document) -> AddResult:
        """Extract and store ``document`` (skipped when this extractor stored it already)."""
        results: list[AddResult] = []
        problems: list[InputError] = []
        with self._lock:
            if self._processor is None:
                from ..process import Processor  # spaCy loads on the first write, not at start-up
                self._processor = Processor()
            with Store.open(self.db) as store:
                ingest_documents(store, [document], processor=self._processor, on_warning=problems.append,
                                 on_result=lambda _d, result, _e: results.append(result) if result else None)
        if problems:
            raise problems[0]
        if not results:
            raise ClaimgraphError(f"{document.name}: nothing was stored")
        return results[0]


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Writer:
    """The app's writer, if it has one and the request carries its token: else 403 (read-only), 401 (no
    token) or 403 (a wrong one)."""
    writer: Writer | None = request.app.state.writer
    if writer is None:
        raise HTTPException(403, "this workbench is read-only (start it with `claimgraph serve --writable "
                                 "--token-file FILE` to add documents)")
    if credentials is None:
        raise HTTPException(401, "this needs the write token: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    if not writer.allows(credentials.credentials):
        raise HTTPException(403, "wrong token")
    return writer


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Error, "description": "The body is not JSON (or not UTF-8)."},
    401: {"model": Error, "description": "No token."},
    403: {"model": Error, "description": "A wrong token, or the workbench is read-only."},
    413: {"model": Error, "description": f"The body is over {MAX_BODY} bytes."},
    **ERRORS,
}


@router.post("/documents", status_code=201, responses={200: {"model": StoredDocument, "description":
                                                             "Stored already; nothing was written."}, **_ERRORS},
             max_body_size=MAX_BODY)
def add_document(body: NewDocument, response: Response,
                 writer: Annotated[Writer, Depends(require_token)]) -> StoredDocument:
    """Extract one document's claims and store them (only on a workbench started with ``--writable``, and
    with its token). 201 when the document is new or changed, 200 when it was stored so already."""
    document = body.document()
    result = writer.add(document)
    if not result.changed:
        response.status_code = 200
    return StoredDocument(id=result.document_id, name=document.name, new=result.new, changed=result.changed,
                          claims=result.claims)

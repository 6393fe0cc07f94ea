"""Runs the data path for documents: NLP (spaCy) -> extract -> resolve, batched with ``nlp.pipe``.

Two bounds apply to each document: its length (``max_chars``, by default the readers' ``--max-doc-bytes``,
which is also spaCy's ``nlp.max_length``), past which it is an :class:`~claimgraph.errors.InputError` before
anything is parsed; and, if asked, a time limit on its parse and extraction (:func:`~claimgraph.deadline.time_limit`).

Also says what extracts (:func:`extractor_fingerprint`), so a store can tell a document extracted by this very
code and data from one extracted by an older version, without loading spaCy.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .deadline import time_limit
from .errors import InputError
from .extraction import ClaimExtractor, Extraction
from .ingest.limits import DEFAULT_MAX_DOC_BYTES
from .kb import KnowledgeBase, default_kb
from .model import Document
from .nlp import DEFAULT_MODEL, load_pipeline
from .resolve import resolve_extraction

__all__ = ["Processor", "extractor_fingerprint"]

_SURROGATE = re.compile("[\ud800-\udfff]")
_PACKAGE = Path(__file__).resolve().parent
_EXTRACTION_PATH = ("process.py", "model", "kb", "nlp", "extraction", "resolve", "data")
"""What decides the claims of a text: this module and the packages and data it runs (not the store, which
has its own migrations, nor the readers, whose output is hashed into the document's id)."""


class Processor:
    """Parses documents and extracts their resolved claims. Load once, reuse for many documents."""

    def __init__(self, model: str = DEFAULT_MODEL, kb_files: Sequence[str | Path] = (),
                 max_chars: int = DEFAULT_MAX_DOC_BYTES) -> None:
        kb = KnowledgeBase.load([Path(f) for f in kb_files]) if kb_files else default_kb()
        self.nlp = load_pipeline(model, kb)
        self.extractor = ClaimExtractor(kb)
        self.max_chars = max_chars
        """The longest document this parses, in characters; 0: no limit."""
        self.nlp.max_length = max_chars or 2**62  # our check comes first, with a message saying what to do

    def check(self, document: Document) -> Document:
        """The document, if it can be parsed: :class:`InputError` naming it if it is longer than ``max_chars``
        or is not valid Unicode (a lone surrogate, which no UTF-8 file, database or hash can hold)."""
        if self.max_chars and len(document.text) > self.max_chars:
            raise InputError(document.name, f"{len(document.text):,} characters, more than the "
                                            f"{self.max_chars:,} one document may have (raise it with "
                                            "--max-doc-bytes, or split the document)")
        if (bad := _SURROGATE.search(document.text)) is not None:
            raise InputError(document.name, f"not valid Unicode (a lone surrogate U+{ord(bad.group()):04X} at "
                                            f"character {bad.start()})")
        return document

    def process(self, document: Document, timeout: float | None = None) -> Extraction:
        """The claims of one document; :class:`~claimgraph.errors.DocumentTimeout` if its parse and
        extraction take longer than ``timeout`` seconds (None or 0: no limit; see :mod:`claimgraph.deadline`)."""
        self.check(document)
        with time_limit(timeout):
            return resolve_extraction(self.extractor(self.nlp(document.text), document))

    def process_many(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Extraction]:
        """The claims of many documents, parsed in batches; results come in input order. A document over
        ``max_chars`` raises :class:`InputError` when its turn comes."""
        pairs = ((self.check(d).text, d) for d in documents)
        for doc, document in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield resolve_extraction(self.extractor(doc, document))


@functools.cache
def _code_digest() -> str:
    """A hash of every source and data file on the extraction path (a few hundred kB: milliseconds)."""
    digest = hashlib.sha256()
    for name in _EXTRACTION_PATH:
        root = _PACKAGE / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in (".py", ".json"))
        for path in files:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:  # run from a source tree: the code digest still tells
        return "unknown"


def _model_version(model: str) -> str:
    try:
        return importlib.metadata.version(model)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        meta = Path(model) / "meta.json"  # a pipeline given as a folder
        return hashlib.sha256(meta.read_bytes()).hexdigest()[:16] if meta.is_file() else "unknown"


def extractor_fingerprint(model: str = DEFAULT_MODEL, kb_files: Sequence[str | Path] = ()) -> str:
    """What would extract a document with this model and these knowledge-base files, as a short string:
    claimgraph's version, then a hash of its extraction code and data, spaCy's version, the model's name and
    version, and the extra knowledge-base files' contents. The same string means the same claims."""
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(f"\0spacy {_version('spacy')}\0{model} {_model_version(model)}".encode())
    for kb_file in kb_files:
        path = Path(kb_file)
        digest.update(b"\0" + (path.read_bytes() if path.is_file() else str(path).encode()))
    return f"claimgraph {_version('claimgraph')} {digest.hexdigest()[:16]}"

"""Runs the data path for documents: NLP (spaCy) -> extract -> resolve, batched with ``nlp.pipe``.

Also says what extracts (:func:`extractor_fingerprint`), so a store can tell a document extracted by this very
code and data from one extracted by an older version, without loading spaCy.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .extraction import ClaimExtractor, Extraction
from .kb import KnowledgeBase, default_kb
from .model import Document
from .nlp import DEFAULT_MODEL, load_pipeline
from .resolve import resolve_extraction

__all__ = ["Processor", "extractor_fingerprint"]

_PACKAGE = Path(__file__).resolve().parent
_EXTRACTION_PATH = ("process.py", "model", "kb", "nlp", "extraction", "resolve", "data")
"""What decides the claims of a text: this module and the packages and data it runs (not the store, which
has its own migrations, nor the readers, whose output is hashed into the document's id)."""


class Processor:
    """Parses documents and extracts their resolved claims. Load once, reuse for many documents."""

    def __init__(self, model: str = DEFAULT_MODEL, kb_files: Sequence[str | Path] = ()) -> None:
        kb = KnowledgeBase.load([Path(f) for f in kb_files]) if kb_files else default_kb()
        self.nlp = load_pipeline(model, kb)
        self.extractor = ClaimExtractor(kb)

    def process(self, document: Document) -> Extraction:
        """The claims of one document."""
        return resolve_extraction(self.extractor(self.nlp(document.text), document))

    def process_many(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Extraction]:
        """The claims of many documents, parsed in batches; results come in input order."""
        pairs = ((d.text, d) for d in documents)
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

"""Runs the data path for documents: NLP (spaCy) -> extract -> resolve, batched with ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .extraction import ClaimExtractor, Extraction
from .kb import KnowledgeBase, default_kb
from .model import Document
from .nlp import DEFAULT_MODEL, load_pipeline
from .resolve import resolve_extraction

__all__ = ["Processor"]


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

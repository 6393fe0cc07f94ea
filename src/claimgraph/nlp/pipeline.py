"""Load the spaCy pipeline claimgraph runs on: a trained English model plus our components."""

from __future__ import annotations

import spacy
from spacy.language import Language

from ..errors import ExtractionError
from ..kb import KnowledgeBase, default_kb
from . import DEFAULT_MODEL
from .attributes import use_indexed_attribute_ruler
from .components import WEAPON_DESIGNATION_PATTERNS

__all__ = ["DEFAULT_MODEL", "load_pipeline"]



def _add_domain_entities(nlp: Language, kb: KnowledgeBase) -> None:
    """Weapon designations, then knowledge-base names, override the statistical NER."""
    anchor = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name="claimgraph_designations", config={"overwrite_ents": True},
                         **anchor)
    ruler.add_patterns(WEAPON_DESIGNATION_PATTERNS)  # type: ignore[attr-defined]
    tagger = nlp.add_pipe("claimgraph_kb_entities", after="claimgraph_designations")
    tagger.add_patterns(kb.spacy_patterns(tokenizer=nlp.tokenizer))  # type: ignore[attr-defined]


def load_pipeline(model: str = DEFAULT_MODEL, kb: KnowledgeBase | None = None) -> Language:
    """The parsing pipeline: paragraph-aware sentences, tagger, parser, NER and the knowledge-base ruler (and
    the model's attribute rules matched by table lookup, :mod:`claimgraph.nlp.attributes`)."""
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ExtractionError(
            f"spaCy pipeline '{model}' is not installed (pip install it, or pass --model NAME)"
        ) from err
    if "parser" not in nlp.pipe_names:
        raise ExtractionError(f"spaCy pipeline '{model}' has no dependency parser; claimgraph needs one")
    use_indexed_attribute_ruler(nlp)
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    _add_domain_entities(nlp, kb if kb is not None else default_kb())
    return nlp

"""Benchmark: entity typing on the seed with and without the knowledge base, measured in one run.

    .venv/bin/python benchmarks/ner_kb.py [--gold ../shared/gold/seed.gold.json]

For every place in the seed where a gold entity's alias occurs, it asks: is there an entity there, and
does its label give the gold kind (state, armed_group, weapon, …)? The bare model's labels map to
kinds as well as they can: PERSON to person, GPE to state, ORG to organization, NORP to group, FAC and
LOC to place, PRODUCT to weapon. With the knowledge base, its labels give the kind exactly. It also
prints claims F1 with the bundled knowledge base and with an empty one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import re
from pathlib import Path

import spacy

from claimgraph.extraction import ClaimExtractor
from claimgraph.kb import KnowledgeBase
from claimgraph.model import Document
from claimgraph.nlp import DEFAULT_MODEL, load_pipeline
from claimgraph.resolve import resolve_extraction

BARE = {"PERSON": "person", "GPE": "state", "ORG": "organization", "NORP": "group", "FAC": "place",
        "LOC": "place", "PRODUCT": "weapon"}
KB_LABELS = {"STATE": "state", "ARMED_GROUP": "armed_group", "ARMED_FORCE": "armed_force", "AGENCY": "agency",
             "ORG": "organization", "COURT": "court", "OUTLET": "outlet", "WEAPON": "weapon", "PLACE": "place",
             "AGREEMENT": "agreement", "PERSON": "person", "GPE": "state", "NORP": "group", "FAC": "place",
             "LOC": "place"}


def typing_accuracy(doc, gold_entities: dict, labels: dict[str, str]) -> tuple[int, int, int]:
    """(mentions found with the right kind, mentions covered by any entity, gold mentions)."""
    right = covered = total = 0
    text = doc.text
    for entity in gold_entities.values():
        if entity["kind"] == "group":
            continue
        for alias in sorted(entity["aliases"], key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None:
                    continue
                total += 1
                ents = [e for e in doc.ents if e.start < span.end and span.start < e.end]
                if ents:
                    covered += 1
                    right += any(labels.get(e.label_) == entity["kind"] for e in ents)
            break  # longest alias only, so one mention counts once
    return right, covered, total


def f1_with(kb: KnowledgeBase, document: Document, gold_path: Path, scorer) -> float:
    nlp = load_pipeline(DEFAULT_MODEL, kb)
    claims = resolve_extraction(ClaimExtractor(kb)(nlp(document.text), document)).claims
    return scorer.score([c.to_v1() for c in claims], [scorer.Gold(gold_path)])["f1"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=Path("../shared/gold/seed.gold.json"))
    ap.add_argument("--scorer", type=Path, default=Path("../shared/eval/score.py"))
    args = ap.parse_args()
    gold = json.loads(args.gold.read_text("utf-8"))
    doc_path = args.gold.resolve().parent.parent / gold["doc"]
    text = doc_path.read_text("utf-8")
    bare = spacy.load(DEFAULT_MODEL)(text)
    full_kb = KnowledgeBase.load()
    with_kb = load_pipeline(DEFAULT_MODEL, full_kb)(text)
    for label, doc, labels in (("bare model", bare, BARE), ("model + KB", with_kb, KB_LABELS)):
        right, covered, total = typing_accuracy(doc, gold["entities"], labels)
        print(f"{label:<12} kind right {right}/{total} = {right / total:.3f}   covered by an entity "
              f"{covered}/{total} = {covered / total:.3f}")
    spec = importlib.util.spec_from_file_location("score", args.scorer)
    scorer = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(scorer)  # type: ignore[union-attr]
    document = Document(text=text, name=doc_path.stem, published=dt.date.fromisoformat(gold["published"]))
    empty = KnowledgeBase.load(bundled=False)
    print(f"claims F1 with the bundled KB {f1_with(full_kb, document, args.gold, scorer):.3f}, "
          f"with an empty KB {f1_with(empty, document, args.gold, scorer):.3f}")


if __name__ == "__main__":
    main()

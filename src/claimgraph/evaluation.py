"""Measure extraction against hand-made gold claims with the project's scorer (``eval/score.py``).

The scorer is the judge's own file, not a copy: it is loaded from its path, so the figures this prints are
the figures the project is judged by.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from .errors import InputError
from .model import Document
from .process import Processor

__all__ = ["evaluate", "load_scorer"]


def load_scorer(path: Path) -> ModuleType:
    """Import the scorer module from its file."""
    if not path.is_file():
        raise InputError(str(path), "scorer not found (pass --scorer PATH to eval/score.py)")
    spec = importlib.util.spec_from_file_location("claimgraph_gold_scorer", path)
    if spec is None or spec.loader is None:
        raise InputError(str(path), "cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold_document(gold_path: Path) -> Document:
    try:
        gold = json.loads(gold_path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise InputError(str(gold_path), f"not a readable gold file: {err}") from None
    doc_path = gold_path.resolve().parent.parent / gold["doc"]
    if not doc_path.is_file():
        raise InputError(str(gold_path), f"its document {gold['doc']} is not at {doc_path}")
    published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
    return Document(text=doc_path.read_text("utf-8"), name=doc_path.stem, published=published,
                    published_source="metadata" if published else None, origin=str(doc_path))


def evaluate(gold_paths: Sequence[Path], processor: Processor, scorer: ModuleType) -> dict[str, Any]:
    """Extract each gold file's document and score all predictions against all gold files."""
    documents = [_gold_document(p) for p in gold_paths]
    preds = [c.to_v1() for ex in processor.process_many(documents) for c in ex.claims]
    result: dict[str, Any] = scorer.score(preds, [scorer.Gold(p) for p in gold_paths])
    return result

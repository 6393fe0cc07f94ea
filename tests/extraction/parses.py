"""Build spaCy Docs from hand-written parses, so rule tests do not depend on a statistical model."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower_, like_num …)

# One token per row: (word, head index, dep, POS, tag, lemma, entity IOB label or "").
Row = tuple[str, int, str, str, str, str, str]


def parsed(rows: list[Row]) -> Doc:
    """A Doc with the given words, heads (absolute indices), labels and entities."""
    ents, open_label = [], None
    for row in rows:
        label = row[6]
        if not label:
            ents.append("O")
            open_label = None
        elif label == open_label:
            ents.append(f"I-{label}")
        else:
            ents.append(f"B-{label}")
            open_label = label
    # "Iran-backed" is three tokens with no space around the hyphen; every other token is followed by one.
    spaces = [True] * len(rows)
    for i, row in enumerate(rows):
        if row[0] == "-" and i > 0:
            spaces[i - 1] = spaces[i] = False
    spaces[-1] = False
    return Doc(VOCAB, words=[r[0] for r in rows], spaces=spaces, heads=[r[1] for r in rows],
               deps=[r[2] for r in rows], pos=[r[3] for r in rows], tags=[r[4] for r in rows],
               lemmas=[r[5] for r in rows], ents=ents)

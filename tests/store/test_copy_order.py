"""Near-duplicate documents point to the same original whatever order they are stored in: the one published
first (then the smaller id), on both engines, with the paragraph index only originals have."""

from __future__ import annotations

import datetime as dt
from itertools import permutations

import pytest

from claimgraph.model import Document
from claimgraph.store import Store

REPORT = ("Belarus delivered 30 T-72 tanks to Russia in February 2023, Ukrainian military intelligence said on "
          "Thursday, citing satellite images of rail depots near Borisov and Smolensk.\n"
          "Officials in Kyiv said the shipment would replace tanks lost near Bakhmut during the winter fighting, "
          "and that more trains were expected before the spring.")
DOCS = [
    Document(text=REPORT, name="original", published=dt.date(2023, 3, 2)),
    Document(text=f"Reposted from Northline Wire.\n{REPORT}", name="repost", published=dt.date(2023, 3, 3)),
    Document(text=f"{REPORT}\nCopyright Daily Courier.", name="second-repost", published=dt.date(2023, 3, 5)),
]


def _state(target: str) -> dict[str, list]:
    with Store.open(target) as store:
        return {"copies": store.read("SELECT name, (SELECT o.name FROM documents o WHERE o.id = d.copy_of) "
                                     "FROM documents d ORDER BY d.name"),
                "paragraphs": store.read("SELECT DISTINCT d.name FROM paragraph_bands b JOIN documents d "
                                         "ON d.id = b.doc_id ORDER BY d.name"),
                "copied": store.read("SELECT count(*) FROM paragraph_copies")}


@pytest.mark.parametrize("order", list(permutations(range(len(DOCS)))))
def test_the_original_does_not_depend_on_the_order_documents_arrive_in(target: str, order: tuple[int, ...]) -> None:
    with Store.open(target) as store:
        for number in order:
            store.add(DOCS[number], [])
    assert _state(target) == {"copies": [("original", None), ("repost", "original"), ("second-repost", "original")],
                              "paragraphs": [("original",)], "copied": [(0,)]}

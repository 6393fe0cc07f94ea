"""The bundled demo document(s): the reference report claimgraph was founded on.

seed-iran-international-2022-08-05.txt — a digest published by Iran International on 5 August 2022,
bundled unchanged as the demo and development text (see ../shared/corpus in the project workspace).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["DEMO_PUBLISHED", "demo_paths"]

DEMO_PUBLISHED = {"seed-iran-international-2022-08-05": "2022-08-05"}


def demo_paths() -> list[Path]:
    """Paths of the bundled demo documents (files inside the installed package)."""
    root = resources.files("claimgraph.demo")
    return sorted(Path(str(p)) for p in root.iterdir() if str(p).endswith(".txt"))

"""`claimgraph check`: is a database consistent? (:meth:`claimgraph.store.Store.check`)

Prints one line per problem and exits 1 when there is any, or says it is consistent and exits 0; a database
that cannot be opened is a one-line error and exit code 2, as everywhere in the CLI.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from .errors import StoreError
from .store import Store, is_url, redact

__all__ = ["check"]


def check(db: str, as_json: bool, out: Console) -> None:
    """Check the database ``db`` and print what is wrong on ``out``; exits 1 (``typer.Exit``) when anything is."""
    if not is_url(db) and not Path(db).is_file():
        raise StoreError(f"{db}: no such database")
    started = time.monotonic()
    with Store.open(db) as store:
        problems = store.check()
        counts = store.counts()
    took = time.monotonic() - started
    if as_json:
        out.print_json(json.dumps({"db": redact(db), "ok": not problems, "counts": counts, "seconds": round(took, 2),
                                    "problems": [{"check": p.check, "count": p.count, "message": p.message}
                                                 for p in problems]}))
    else:
        for problem in problems:
            out.print(f"[bold red]problem:[/] {escape(str(problem))}", highlight=False, soft_wrap=True)
        verdict = f"{len(problems)} problem(s) found" if problems else "consistent"
        out.print(f"{redact(db)}: {verdict} ({counts['documents']:,} documents, {counts['claims']:,} claims; "
                   f"checked in {took:.1f} s)", highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(code=1)

"""`claimgraph kb`: list, search and validate knowledge-base entries (bundled and the user's own files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .errors import ClaimgraphError
from .kb import KBEntry, KnowledgeBase
from .model import ENTITY_KINDS

__all__ = ["kb_app"]

kb_app = typer.Typer(no_args_is_help=True, help="List, search and validate knowledge-base entries.")
out = Console()
err = Console(stderr=True)

KbFiles = Annotated[list[Path] | None, typer.Option("--kb", help="Extra knowledge-base file (repeatable).")]
AsJson = Annotated[bool, typer.Option("--json", help="JSON Lines output.")]


def _load(files: list[Path] | None) -> KnowledgeBase:
    try:
        return KnowledgeBase.load(files or [])
    except ClaimgraphError as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None


def _show(entries: list[KBEntry], as_json: bool) -> None:
    if as_json:
        for e in entries:
            out.print(json.dumps(e.model_dump(), ensure_ascii=False), soft_wrap=True, highlight=False)
        return
    table = Table(header_style="bold")
    for col in ("id", "name", "kind", "qid", "aliases"):
        table.add_column(col, overflow="fold")
    for e in entries:
        table.add_row(e.id, e.name, e.kind, e.qid or "", ", ".join(e.aliases[:6]))
    out.print(table)
    out.print(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}")


@kb_app.command("list")
def list_(kind: Annotated[str | None, typer.Option(help=f"One of: {', '.join(ENTITY_KINDS)}.")] = None,
          kb: KbFiles = None, as_json: AsJson = False) -> None:
    """List entries, optionally of one kind."""
    if kind is not None and kind not in ENTITY_KINDS:
        err.print(f"[bold red]error:[/] unknown kind '{kind}' (known: {', '.join(ENTITY_KINDS)})")
        raise typer.Exit(code=2)
    entries = sorted((e for e in _load(kb) if kind is None or e.kind == kind), key=lambda e: (e.kind, e.name))
    _show(entries, as_json)


@kb_app.command()
def search(text: Annotated[str, typer.Argument(help="A name or part of one.")], kb: KbFiles = None,
           as_json: AsJson = False) -> None:
    """Entries one of whose names, demonyms or capitals contains the text."""
    base = _load(kb)
    found = base.search(text)
    for extra in (base.by_demonym(text), base.by_metonym(text)):
        if extra is not None and extra not in found:
            found.append(extra)
    _show(found, as_json)


@kb_app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="Knowledge-base JSON files.")]) -> None:
    """Check files load together with the bundled entries: valid fields, unique ids, no clashing names."""
    base = _load(files)
    out.print(f"ok: {len(base)} entries ({len(files)} file(s) on top of the bundled knowledge base)")

"""The command line: a thin layer over ingest -> process -> store -> query -> export.

Every error a user can cause prints one line naming the input and exits with code 2; never a traceback.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .cli_kb import kb_app
from .cli_ledger import arg_text
from .deadline import DEFAULT_DOC_TIMEOUT_S
from .errors import ClaimgraphError, InputError
from .export import EXPORTERS, ExportData, get_exporter
from .ingest import parse_date, read_documents
from .model import Claim
from .nlp import DEFAULT_MODEL
from .query import ClaimFilter, entity_profile, find_claims, find_entities
from .store import Store, is_url, redact

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="claimgraph: sourced claims (who did what to whom, who says so) from news reports.")
app.add_typer(kb_app, name="kb")
err = Console(stderr=True)
out = Console()

DbOpt = Annotated[str, typer.Option("--db", help="SQLite database file, or a PostgreSQL database: "
                                     "postgresql://user:password@host:port/dbname.", envvar="CLAIMGRAPH_DB")]
ModelOpt = Annotated[str, typer.Option("--model", help="Installed spaCy pipeline to parse with.")]
KbOpt = Annotated[list[Path] | None, typer.Option("--kb", help="Extra knowledge-base file (repeatable).")]
PublishedOpt = Annotated[str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
DEFAULT_DB = "claimgraph.db"


def _missing(db: str) -> bool:
    """An SQLite file that does not exist (a PostgreSQL database is checked when it is opened)."""
    return not is_url(db) and not Path(db).exists()


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


def _warn(problem: InputError) -> None:
    err.print(f"[yellow]warning:[/] {escape(str(problem))}", highlight=False, soft_wrap=True)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except ClaimgraphError as e:
        raise _fail(str(e)) from None
    except KeyboardInterrupt:
        raise _fail("interrupted; everything stored before this document is kept") from None


def _processor(model: str, kb: list[Path] | None, max_chars: int = 5 << 20) -> Any:
    from .process import Processor  # spaCy loads only for the commands that parse
    with err.status(f"loading spaCy pipeline {model}…"):
        return Processor(model, kb or (), max_chars)


def _ingest(paths: list[str], db: str, published: str | None, outlet: str | None, model: str,
            kb: list[Path] | None, *, workers: int | str = 1, batch_size: int = 64,
            reprocess: bool = False, dask: str | None = None, **options: Any) -> dict[str, int]:
    from .cli_ingest import ingest_paths
    return ingest_paths(paths, db, published=published, outlet=outlet, model=model, kb_files=kb or [],
                        workers=workers, batch_size=batch_size, reprocess=reprocess, console=err,
                        on_warning=_warn, load_processor=lambda chars: _processor(model, kb, chars), dask=dask,
                        **options)


@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
           db: DbOpt = DEFAULT_DB, published: PublishedOpt = None,
           outlet: Annotated[str | None, typer.Option(help="Outlet that published the documents.")] = None,
           model: ModelOpt = DEFAULT_MODEL, kb: KbOpt = None, as_json: JsonOpt = False,
           workers: Annotated[str, typer.Option(
               help="Worker processes that parse and extract (0 or auto: one per CPU).")] = "1",
           batch_size: Annotated[int, typer.Option(min=1, help="Documents per batch sent to a worker.")] = 64,
           commit_size: Annotated[int | None, typer.Option(
               min=1, help="Documents per write transaction (default 256, or --batch-size if larger); a "
               "transaction also commits every 2 s.")] = None,
           reprocess: Annotated[bool, typer.Option(
               help="Extract every document again, even those this extractor has stored already.")] = False,
           dask: Annotated[str | None, typer.Option(
               "--dask", metavar="ADDRESS",
               help="Parse and extract on this Dask cluster (tcp://SCHEDULER:8786) instead of here.")] = None,
           busy_timeout: Annotated[float | None, typer.Option(
               "--busy-timeout", min=0, max=86400, metavar="SECONDS",
               help="How long each write waits for another writer's lock before retrying "
                    "(default 30, or CLAIMGRAPH_BUSY_TIMEOUT).")] = None,
           doc_timeout: Annotated[float, typer.Option(
               min=0, metavar="SECONDS", help="Skip a document (a page, WARC record, feed entry; a feed file) whose "
               "reading, or whose parse and extraction, take longer (0: no limit; extraction on a Dask cluster has "
               "none).")] = DEFAULT_DOC_TIMEOUT_S,
           max_doc_bytes: Annotated[int, typer.Option(
               min=0, metavar="BYTES", help="Skip a document (a file, JSON Lines line, WARC page) larger than this "
               "(0: no limit).")] = 5 << 20,
           max_feed_bytes: Annotated[int, typer.Option(
               min=0, metavar="BYTES", help="Skip an RSS or Atom file larger than this (0: no limit).")] = 64 << 20,
           ) -> None:
    """Read documents, extract their claims and store them, in input order. Resumable: documents this
    extractor has stored already are skipped before parsing, so re-running an interrupted command does the rest."""
    with _errors():
        totals = _ingest(paths, db, published, outlet, model, kb, workers=workers, batch_size=batch_size,
                         reprocess=reprocess, dask=dask, busy_timeout=busy_timeout, doc_timeout=doc_timeout,
                         max_doc_bytes=max_doc_bytes, max_feed_bytes=max_feed_bytes, commit_size=commit_size)
    if as_json:
        out.print_json(json.dumps({**totals, "db": redact(db)}))
    else:
        failed = f", {totals['failed']} failed" if totals["failed"] else ""
        out.print(f"{totals['documents']} document(s) read: {totals['skipped']} skipped (already stored), "
                  f"{totals['extracted']} extracted ({totals['new']} new){failed}; "
                  f"{totals['claims']} claim(s) stored in {redact(db)}", soft_wrap=True, highlight=False)


def _open_output(path: Path | None) -> TextIO:
    return sys.stdout if path is None or str(path) == "-" else path.open("w", encoding="utf-8")


@app.command()
def extract(file: Annotated[str, typer.Argument(help="A document file, or - for stdin.")],
            published: PublishedOpt = None,
            outlet: Annotated[str | None, typer.Option(help="Outlet that published it.")] = None,
            fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(EXPORTERS)}.")] = "claims-jsonl",
            output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here, not stdout.")] = None,
            model: ModelOpt = DEFAULT_MODEL, kb: KbOpt = None) -> None:
    """Extract claims from one input without a database, and print them (claims-v1 JSON Lines)."""
    with _errors():
        exporter = get_exporter(fmt)
        date = parse_date(published) if published else None
        docs = list(read_documents([file], published=date, outlet=outlet, on_warning=_warn))
        processor = _processor(model, kb)
        claims: list[Claim] = []
        for extraction in processor.process_many(docs):
            claims.extend(extraction.claims)
        stream = _open_output(output)
        try:
            exporter(claims, stream)
        finally:
            if stream is not sys.stdout:
                stream.close()


def _claims_table(claims: list[Claim], evidence: bool = False) -> Table:
    table = Table(show_lines=evidence, header_style="bold")
    for col in ("type", "roles", "status", "source", "time"):
        table.add_column(col, overflow="fold")
    if evidence:
        table.add_column("evidence", overflow="fold", style="dim")
    for c in claims:
        roles = "; ".join(f"{r}={arg_text(v)}" for r, v in c.args.items())
        time = c.time or c.statement_time
        row = [c.type, roles, c.status, " ← ".join(e.name for e in c.source_chain) or "(outlet)",
               time.value if time and time.value else ""]
        if evidence:
            row.append(" … ".join(f"“{e.text}”" for e in c.evidence))
        table.add_row(*row)
    return table


@app.command()
def claims(db: DbOpt = DEFAULT_DB,
           claim_type: Annotated[str | None, typer.Option("--type", help="Claim type, e.g. transfer.")] = None,
           entity: Annotated[str | None, typer.Option(help="Entity name (substring) or KB id.")] = None,
           status: Annotated[str | None, typer.Option(help="Status, e.g. unconfirmed.")] = None,
           limit: Annotated[int, typer.Option(help="At most this many claims.")] = 200,
           evidence: Annotated[bool, typer.Option(help="Show the evidence text.")] = False,
           as_json: JsonOpt = False) -> None:
    """List stored claims as a readable table (or JSON Lines with --json)."""
    with _errors():
        if _missing(db):
            raise _fail(f"{db}: no such database (run `claimgraph ingest` first)")
        flt = ClaimFilter(type=claim_type, entity=entity, status=status, limit=limit)
        with Store.open(db) as store:
            found = find_claims(store, flt)
    if as_json:
        for c in found:
            out.print(json.dumps(c.to_v1(), ensure_ascii=False), soft_wrap=True, highlight=False)
        return
    out.print(_claims_table(found, evidence))
    out.print(f"{len(found)} claim(s)")


@app.command()
def datasette(db: DbOpt = DEFAULT_DB,
              output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here, not stdout.")] = None
              ) -> None:
    """Datasette metadata for a database (titles, label columns, facets, full-text search): run
    `datasette DB --metadata FILE`."""
    from .store.datasette import datasette_metadata
    with _errors():
        if is_url(db):
            raise _fail(f"{redact(db)}: Datasette reads SQLite files only; give --db a database file")
        if _missing(db):
            raise _fail(f"{db}: no such database (run `claimgraph ingest` first)")
        Store.open(db).close()  # migrated, so the views the metadata names exist
        text = json.dumps(datasette_metadata(db), indent=2)
        if output is None or str(output) == "-":
            print(text)
        else:
            output.write_text(text + "\n", encoding="utf-8")
            err.print(f"metadata written to {output}; now: datasette {db} --metadata {output}")


@app.command("import")
def import_(file: Annotated[str, typer.Argument(help="claims-v1 JSON Lines (a claims-jsonl export), or - for stdin.")],
            db: DbOpt = DEFAULT_DB) -> None:
    """Import claims-v1 JSON Lines: each document is stored as its evidence, and the claims keep their ids."""
    from .ingest import read_claims_v1
    with _errors():
        if file == "-":
            lines: Any = sys.stdin
        else:
            path = Path(file)
            if not path.is_file():
                raise _fail(f"{file}: no such file")
            lines = path.open(encoding="utf-8")
        docs = claims = 0
        with Store.open(db) as store:
            for document, found in read_claims_v1(lines, file):
                claims += store.add(document, found).claims
                docs += 1
    err.print(f"{claims} claim(s) of {docs} document(s) imported into {redact(db)}")


@app.command("export")
def export_(fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(EXPORTERS)}.")] = "claims-jsonl",
            output: Annotated[Path | None, typer.Option(
                "-o", "--output", help="Write here, not stdout (a folder for formats of several files).")] = None,
            db: DbOpt = DEFAULT_DB) -> None:
    """Export every stored claim (with its documents' metadata) in one of the registered formats."""
    with _errors():
        exporter = get_exporter(fmt)
        if exporter.directory and (output is None or str(output) == "-"):
            raise _fail(f"{fmt} writes several files: give a folder with -o")
        if _missing(db):
            raise _fail(f"{db}: no such database (run `claimgraph ingest` first)")
        with Store.open(db) as store:
            data = ExportData.of(find_claims(store, ClaimFilter(limit=None)), store.documents())
        if exporter.directory:
            count = exporter(data, output)  # type: ignore[arg-type]
        else:
            stream = _open_output(output)
            try:
                count = exporter(data, stream)
            finally:
                if stream is not sys.stdout:
                    stream.close()
    if output is not None and str(output) != "-":
        err.print(f"{count} record(s) written to {output}")


@app.command()
def demo(db: Annotated[Path, typer.Option("--db", help="Database to build.")] = Path("claimgraph-demo.db"),
         model: ModelOpt = DEFAULT_MODEL) -> None:
    """Ingest the bundled demo report and show the claims found in it, with their evidence."""
    from .demo import DEMO_PUBLISHED, demo_paths
    with _errors():
        for path in demo_paths():
            published = DEMO_PUBLISHED.get(path.stem)
            totals = _ingest([str(path)], str(db), published, None, model, None)
            out.rule(f"[bold]{path.stem}[/] — {totals['claims']} claims")
        with Store.open(db) as store:
            found = find_claims(store, ClaimFilter(limit=None))
    out.print(_claims_table(found, evidence=True))
    out.print(f"\n{len(found)} claim(s) stored in {db}. Next: `claimgraph claims --db {db} --type transfer`, "
              f"`claimgraph export --db {db} --format claims-jsonl`.")


@app.command()
def serve(db: DbOpt = DEFAULT_DB,
          host: Annotated[str, typer.Option(help="Address to listen on: loopback unless you say otherwise.")] =
          "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
          writable: Annotated[bool, typer.Option(
              help="Also accept POST /api/documents (extract and store one document) from requests that "
                   "bear the token.")] = False,
          token_file: Annotated[Path | None, typer.Option(
              "--token-file", help="File holding the bearer token --writable needs (else the "
                                   "CLAIMGRAPH_TOKEN environment variable).")] = None,
          workers: Annotated[int, typer.Option(
              min=1, max=64, help="Server processes answering on the port (uvicorn workers).")] = 1) -> None:
    """Serve the web workbench and JSON API over a database (read-only unless --writable) until interrupted."""
    import uvicorn

    from .web import create_app
    from .web.app import SERVE_ENV
    from .web.security import LOOPBACK_HOSTS
    from .web.write import load_token

    loopback = host in LOOPBACK_HOSTS
    with _errors():
        token = load_token(token_file) if writable else None
        if writable and token is None:
            raise _fail("--writable needs a token: --token-file FILE, or the CLAIMGRAPH_TOKEN environment "
                        "variable (for example: python -c 'import secrets; print(secrets.token_urlsafe())')")
        application = create_app(db, writable=writable, token=token, allowed_hosts=LOOPBACK_HOSTS if loopback
                                 else None)
    if not loopback:
        err.print(f"[yellow]warning:[/] listening on {escape(host)}: anyone who can reach it can read the database"
                  + (" (and, with the token, which plain HTTP sends in clear, write to it)" if writable else ""),
                  highlight=False)
    mode = "writable with the token" if writable else "read-only"
    err.print(f"claimgraph workbench on http://{escape(host)}:{port}/ ({mode} {escape(redact(db))}); Ctrl-C stops it",
              highlight=False)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning")
        return
    # Each worker process builds its own application from the same settings (checked above).
    os.environ[SERVE_ENV] = json.dumps({"db": str(db), "writable": writable,
                                        "token_file": str(token_file.resolve()) if token_file else None,
                                        "allowed_hosts": list(LOOPBACK_HOSTS) if loopback else None})
    uvicorn.run("claimgraph.web.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning")


@app.command()
def entities(name: Annotated[str, typer.Argument(help="A name, part of one, or a KB id such as Q794.")],
             db: DbOpt = DEFAULT_DB,
             explain: Annotated[bool, typer.Option(help="Say why each name was merged into the entity.")] = False,
             as_json: JsonOpt = False) -> None:
    """Entity profiles: names seen, positions held, claims by role, first and last seen."""
    with _errors():
        if _missing(db):
            raise _fail(f"{db}: no such database (run `claimgraph ingest` first)")
        with Store.open(db) as store:
            profiles = [entity_profile(store, e) for e in find_entities(store, name)]
    if as_json:
        for p in profiles:
            out.print(p.model_dump_json(), soft_wrap=True, highlight=False)
        return
    for p in profiles:
        e = p.entity
        out.rule(f"[bold]{e.name}[/] ({e.kind}{', ' + e.kb_id if e.kb_id else ''})")
        if e.aliases:
            out.print("also seen as: " + ", ".join(e.aliases), highlight=False)
        out.print("claims by role: " + ", ".join(f"{r} {n}" for r, n in sorted(p.roles.items())), highlight=False)
        for pos in p.positions:
            out.print(f"position: {pos.position} — {pos.organization or '?'}"
                      f"{' (' + pos.time + ')' if pos.time else ''}: “{pos.evidence}”", highlight=False)
        out.print(f"in {p.documents} document(s), first seen {p.first_seen or '?'}, last seen {p.last_seen or '?'}")
        if explain:
            _explain(p)
    if not profiles:
        out.print(f"no entity matches '{name}'")


def _explain(profile: Any) -> None:
    e = profile.entity
    if e.kb_id:
        out.print(f"why: knowledge-base entry {e.kb_id}; every name above is one of its aliases, demonyms or "
                  "capitals, or a surface form the text used for it", highlight=False)
    else:
        out.print("why: same kind and same normalised name in every document; within a document, a surname "
                  "stands for the one full name that ends with it", highlight=False)
    for link in profile.links:
        out.print(f"  merged '{link.name}' from {link.document}: {link.reason} (score {link.score:g})",
                  highlight=False)


@app.command("check")
def check_(db: DbOpt = DEFAULT_DB, as_json: JsonOpt = False) -> None:
    """Check a database: no claim without its document, no row without its claim, evidence that is its
    document's text, no unused entity, a ledger equal to a recomputation, and (SQLite) the file's pages,
    foreign keys and full-text indexes. Exit code 1 when something is wrong. Safe while an ingest writes."""
    from .cli_check import check
    with _errors():
        check(db, as_json, out)


@app.command()
def ledger(db: DbOpt = DEFAULT_DB,
           claim_type: Annotated[str | None, typer.Option("--type", help="Claim type, e.g. transfer.")] = None,
           entity: Annotated[str | None, typer.Option(help="Entity name (substring) or KB id.")] = None,
           as_of: Annotated[str | None, typer.Option("--as-of", help="Only what was said by this date.")] = None,
           as_json: JsonOpt = False) -> None:
    """One entry per event across documents: corroboration, each source's status, conflicting values."""
    from .cli_ledger import show_ledger
    with _errors():
        show_ledger(db, claim_type, entity, as_of, as_json, False, out)


@app.command()
def contradictions(db: DbOpt = DEFAULT_DB,
                   claim_type: Annotated[str | None, typer.Option("--type", help="Claim type.")] = None,
                   entity: Annotated[str | None, typer.Option(help="Entity name or KB id.")] = None,
                   as_of: Annotated[str | None, typer.Option("--as-of", help="Only what was said by then.")] = None,
                   as_json: JsonOpt = False) -> None:
    """Ledger entries whose sources disagree: conflicting values, or a denial beside other statuses."""
    from .cli_ledger import show_ledger
    with _errors():
        show_ledger(db, claim_type, entity, as_of, as_json, True, out)


@app.command("eval")
def eval_(gold: Annotated[list[Path], typer.Option("--gold", help="Gold claims file (repeatable).")],
          scorer: Annotated[Path, typer.Option(help="The project's scorer, eval/score.py.")] = Path(
              "../shared/eval/score.py"),
          model: ModelOpt = DEFAULT_MODEL, kb: KbOpt = None, as_json: JsonOpt = False) -> None:
    """Extract the gold files' documents and score them: per-type precision/recall, attribute accuracy."""
    from .evaluation import evaluate, load_scorer
    with _errors():
        module = load_scorer(scorer)
        result = evaluate(gold, _processor(model, kb), module)
    if as_json:
        out.print_json(json.dumps({k: v for k, v in result.items() if k not in ("missed", "spurious")}))
        return
    table = Table(header_style="bold")
    for col in ("type", "predicted", "precision", "gold", "recall"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for name, v in result["per_type"].items():
        p = f"{v['tp_pred'] / v['pred']:.2f}" if v["pred"] else "-"
        r = f"{v['tp_gold'] / v['gold']:.2f}" if v["gold"] else "-"
        table.add_row(str(name), str(v["pred"]), p, str(v["gold"]), r)
    out.print(table)
    attrs = ", ".join(f"{k} {v if v is not None else '-'}" for k, v in result["attributes"].items())
    out.print(f"on matched claims: {attrs}")
    out.print(f"claims F1 {result['f1']:.3f} (P {result['precision']:.3f} R {result['recall']:.3f}, "
              f"{result['predicted']} predicted, {result['gold_required']} gold)")


def _skip_final_collection() -> None:
    """Freeze what is left (:func:`gc.freeze`) once the command is done, so the interpreter's exit does not walk
    it for reference cycles. After a 2,000-report ingest the parent holds the spaCy pipeline its workers were
    forked from and its caches of parsed claims and ledger entries: its exit took 0.9 s of one core, 0.08 s
    frozen. The commands close what they open (databases, worker pools, files) themselves; an object left in a
    cycle is not finalised at exit, which Python does not promise anyway."""
    gc.freeze()


def main() -> None:
    """Console entry point."""
    atexit.register(_skip_final_collection)  # atexit runs it after the command, before the interpreter's exit
    app()


if __name__ == "__main__":
    main()

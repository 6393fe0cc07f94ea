"""The Python API: extract claims from text, and open a database to ingest into and query it.

    import claimgraph
    claims = claimgraph.extract("Iran handed 46 drones over to Russia.", published="2022-08-05")
    with claimgraph.open("claimgraph.db") as db:
        db.add_text("Iran handed 46 drones over to Russia.", name="note-1", published="2022-08-05")
        for claim in db.claims(type="transfer", entity="Iran"):
            print(claim.to_v1())

The same stages as the CLI (ingest -> process -> store -> query -> export), behind a small typed surface.
The spaCy pipeline loads once per process, on first use.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TextIO

from .errors import InputError
from .export import ExportData, get_exporter
from .ingest import parse_date, read_documents
from .model import Claim, Document, Entity
from .query import (
    ClaimFilter,
    EntityProfile,
    LedgerEntry,
    Network,
    NetworkFilter,
    entity_profile,
    find_claims,
    find_entities,
    ledger_as_of,
    network,
    stored_ledger,
)
from .store import AddResult, SearchHit, Store

__all__ = ["Database", "extract", "open_database"]


@functools.cache
def _processor(model: str | None, kb_files: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from .process import Processor

    return Processor(model, kb_files) if model else Processor(kb_files=kb_files)


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date(value)


def extract(text: str, published: str | dt.date | None = None, outlet: str | None = None, *,
            name: str = "text", model: str | None = None, kb: Sequence[str | Path] = ()) -> list[Claim]:
    """The claims in ``text``: each with evidence spans into ``text``, source chain, status and times.

    ``published`` (an ISO date, or a date) anchors relative times ("on Friday"); ``outlet`` is who published
    it. ``model`` picks an installed spaCy pipeline; ``kb`` adds knowledge-base files. Raises
    :class:`claimgraph.InputError` for empty text.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(name, "no text to extract from")
    document = Document(text=text, name=name, published=_date(published), outlet=outlet)
    return _processor(model, tuple(str(k) for k in kb)).process(document).claims


class Database:
    """A claimgraph database opened for ingesting and querying. Use as a context manager, or call close()."""

    def __init__(self, store: Store, model: str | None = None, kb: Sequence[str | Path] = ()) -> None:
        self.store = store
        self._model, self._kb = model, tuple(str(k) for k in kb)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (idempotent)."""
        self.store.close()

    # -- adding ---------------------------------------------------------------------------------------------
    def add_document(self, document: Document) -> AddResult:
        """Extract and store one document's claims (stored once, however often it is added)."""
        from .batch import extraction_mark
        from .nlp import DEFAULT_MODEL
        from .process import extractor_fingerprint

        extraction = _processor(self._model, self._kb).process(document)
        mark = extraction_mark(extractor_fingerprint(self._model or DEFAULT_MODEL, self._kb), document)
        return self.store.add(extraction.document, extraction.claims, extraction.mentions, extracted_by=mark)

    def add_text(self, text: str, name: str, published: str | dt.date | None = None,
                 outlet: str | None = None) -> AddResult:
        """Extract and store a text under ``name``."""
        if not text.strip():
            raise InputError(name, "no text to extract from")
        return self.add_document(Document(text=text, name=name, published=_date(published), outlet=outlet))

    def add_files(self, paths: Iterable[str | Path], published: str | dt.date | None = None, *,
                  workers: int | str = 1, batch_size: int = 64, reprocess: bool = False,
                  dask: str | None = None, doc_timeout: float | None = None) -> list[AddResult]:
        """Read files or folders (text, HTML, JSON Lines, RSS/Atom), extract and store them, in input order.

        A document this extractor has stored already is skipped before parsing (its result has
        ``changed=False``), unless ``reprocess``. ``workers`` > 1 (or ``"auto"``, one per CPU) extracts in that
        many processes; ``dask`` (a scheduler address, ``tcp://HOST:8786``) extracts on that Dask cluster. The
        database is the same either way. ``doc_timeout`` (seconds, from the main thread; None or 0: no limit)
        limits the reading of each page, WARC record or feed entry (and the parse of a feed file), and each
        document's parse and extraction (not on Dask): past it, as for any document that cannot be read or
        extracted, is an :class:`InputError` naming it, and the documents before it are stored.
        """
        from .batch import ingest_documents
        from .nlp import DEFAULT_MODEL
        from .parallel import resolve_workers

        count = resolve_workers(workers)
        docs = read_documents([str(p) for p in paths], published=_date(published), doc_timeout=doc_timeout)
        results: list[AddResult] = []
        ingest_documents(self.store, docs, model=self._model or DEFAULT_MODEL, kb_files=self._kb, workers=count,
                         batch_size=batch_size, reprocess=reprocess, dask=dask, doc_timeout=doc_timeout,
                         processor=_processor(self._model, self._kb) if count == 1 and dask is None else None,
                         on_result=lambda _doc, result, _extraction: results.append(result) if result else None)
        return results

    # -- querying -------------------------------------------------------------------------------------------
    def claims(self, type: str | None = None, entity: str | None = None, status: str | None = None,
               doc: str | None = None, limit: int | None = None) -> list[Claim]:
        """Stored claims, narrowed by type, entity (name part or KB id), status and document."""
        return find_claims(self.store, ClaimFilter(type=type, entity=entity, status=status, doc=doc, limit=limit))

    def entities(self, name: str, limit: int = 50) -> list[Entity]:
        """Entities whose KB id is ``name`` or one of whose names contains it."""
        return find_entities(self.store, name, limit)

    def profile(self, entity: Entity | str) -> EntityProfile | None:
        """An entity's profile (names, claims by role, positions, first/last seen); a name finds the first."""
        if isinstance(entity, str):
            found = find_entities(self.store, entity, 1)
            if not found:
                return None
            entity = found[0]
        return entity_profile(self.store, entity)

    def ledger(self, type: str | None = None, entity: str | None = None, as_of: str | None = None,
               contested_only: bool = False, limit: int | None = 100) -> list[LedgerEntry]:
        """Ledger entries (one per event across documents); ``as_of`` gives what was known on that date."""
        if as_of is not None:
            entries = ledger_as_of(self.store, parse_date(as_of).isoformat(), type=type, entity=entity)
            entries = [e for e in entries if e.contested or not contested_only]
            return entries[:limit] if limit is not None else entries
        entity_id = None
        if entity is not None:
            found = find_entities(self.store, entity, 1)
            if not found:
                return []
            entity_id = found[0].id
        return stored_ledger(self.store, type=type, entity_id=entity_id, contested_only=contested_only, limit=limit)

    def network(self, **filters: object) -> Network:
        """Nodes and edges of the claim graph (filters: type, status, since, until, source, entity, limit)."""
        return network(self.store, NetworkFilter(**filters))  # type: ignore[arg-type]

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over documents and evidence (the text is a phrase, never query syntax)."""
        return self.store.search(text, limit)

    def export(self, format: str, out: TextIO | str | Path) -> int:
        """Write every stored claim in a registered export format to a stream, a file, or (for formats of
        several files) a folder; returns how many records were written."""
        exporter = get_exporter(format)
        data = ExportData.of(self.claims(), self.store.documents())
        if exporter.directory or not isinstance(out, str | Path):
            return exporter(data, out)
        with Path(out).open("w", encoding="utf-8") as stream:
            return exporter(data, stream)


def open_database(path: str | Path = "claimgraph.db", *, model: str | None = None,
                  kb: Sequence[str | Path] = ()) -> Database:
    """Open (creating and migrating if needed) the database at ``path``: an SQLite file or a ``postgresql://`` URL."""
    return Database(Store.open(path), model, kb)

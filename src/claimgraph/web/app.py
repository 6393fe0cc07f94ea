"""The web workbench's application factory: FastAPI with the JSON API, the HTML pages and local assets.

The database (an SQLite file or a PostgreSQL URL) is read through a read-only connection per request. SQLite
connections are kept in a small pool (:class:`ReadPool`) and handed to the next request: opening one costs
about a millisecond (the schema is read again, the page cache starts empty), many times a simple query, and
a read-only connection in autocommit mode carries nothing from one request to the next but its cache (each
statement sees the latest commit). A PostgreSQL session is opened per request (a few milliseconds). Errors
get one shape each: an HTML page for browsers, JSON under ``/api`` — unknown ids 404, malformed parameters
422 with a message naming the parameter, an unexpected failure 500 without its traceback.

Built ``writable`` (with a token), ``POST /api/documents`` stores documents (:mod:`.write`); otherwise it
answers 403. Every response carries the security headers of :mod:`.security`, which wraps the whole app.
"""

from __future__ import annotations

import json
import os
import queue
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Scope

from ..errors import ClaimgraphError, InputError
from ..query import summary
from ..store import Store
from ..store.engine import is_url
from .security import Hardening

__all__ = ["HERE", "POOL_SIZE", "SERVE_ENV", "ReadPool", "StoreDep", "Workbench", "app_from_environment",
           "create_app", "templates"]

POOL_SIZE = 8
"""The most idle read-only SQLite connections a workbench keeps (more may be open while requests run)."""

SERVE_ENV = "CLAIMGRAPH_SERVE"
"""The environment variable through which `claimgraph serve --workers N` tells each worker what to serve."""

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["summary"] = summary  # the one-line claim label, in pages and their macros


class ReadPool:
    """Read-only stores over one database, reused across requests (SQLite) or opened for each (PostgreSQL).

    :meth:`take_idle` gives an idle store (the most recently used, whose cache is warmest), else
    :meth:`open` opens one; :meth:`keep` keeps it for the next request, unless ``reuse`` is false (the
    request failed), the pool holds ``size`` idle ones already, or the database is PostgreSQL.
    """

    def __init__(self, db: str, size: int = POOL_SIZE) -> None:
        self.db = db
        self.pooled = not is_url(db) and size > 0
        self.idle: queue.LifoQueue[Store] = queue.LifoQueue(maxsize=max(size, 1))

    def take_idle(self) -> Store | None:
        """An idle store, or None."""
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            return None

    def open(self) -> Store:
        """A new read-only store (blocking: a file is opened, or a server connected to)."""
        return Store.open(self.db, read_only=True)

    def keep(self, store: Store, reuse: bool = True) -> bool:
        """Keep ``store`` for the next request if it may be reused and there is room; whether it was kept
        (if not, the caller closes it)."""
        if reuse and self.pooled:
            try:
                self.idle.put_nowait(store)
                return True
            except queue.Full:
                pass
        return False

    def close(self) -> None:
        """Close every idle store."""
        while True:
            try:
                self.idle.get_nowait().close()
            except queue.Empty:
                return


async def _store(request: Request) -> AsyncIterator[Store]:
    # async, so that a request with an idle pooled connection does not hop to a worker thread twice (taking
    # and giving back are queue operations); opening and closing, which may block, run in the thread pool.
    pool: ReadPool = request.app.state.pool
    store = pool.take_idle()
    if store is None:
        store = await run_in_threadpool(pool.open)
    reuse = False
    try:
        yield store
        reuse = True
    except StarletteHTTPException:  # a 404 or 422 found by a completed query: the connection is sound
        reuse = True
        raise
    finally:
        if pool.keep(store, reuse):
            pass
        elif pool.pooled:
            store.close()  # an SQLite file: immediate, and safe even while the request is being cancelled
        else:
            await run_in_threadpool(store.close)


StoreDep = Annotated[Store, Depends(_store)]
"""A read-only store for the request's duration."""


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    values = {"status": status, "message": message, "title": str(status)}
    return templates.TemplateResponse(request, "error.html", values, status_code=status, headers=headers)


def _scope_error(scope: Scope, status: int, message: str) -> Response:
    return _error(Request(scope), status, message)


class Workbench(FastAPI):
    """FastAPI with :class:`~.security.Hardening` outside everything, Starlette's error middleware included."""

    allowed_hosts: tuple[str, ...] | None = None

    def build_middleware_stack(self) -> ASGIApp:
        return Hardening(super().build_middleware_stack(), _scope_error, self.allowed_hosts)


def create_app(db: str | Path, *, writable: bool = False, token: str | None = None,
               allowed_hosts: tuple[str, ...] | None = None) -> FastAPI:
    """The workbench over the database at ``db``, which reads open read-only (it must exist and be migrated).

    ``writable`` also enables ``POST /api/documents`` for requests bearing ``token`` (required; the database is
    created or migrated now). ``allowed_hosts``: the only ``Host`` names answered (else any).
    """
    if writable and not token:
        raise ClaimgraphError("a writable workbench needs a token (--token-file FILE, or CLAIMGRAPH_TOKEN)")
    Store.open(db, read_only=not writable).close()  # fail now, with the store's one-line message
    from . import api, pages, write  # the routers import this module for the dependency and templates

    mode = ("Read-only, but for POST /api/documents with the bearer token." if writable else
            "Read-only (POST /api/documents answers 403 unless the server was started with --writable).")
    app = Workbench(title="claimgraph", version="1", docs_url=None, redoc_url=None, max_body_size=write.MAX_BODY,
                    description="Sourced claims from news reports: entities, claims with evidence, the ledger of "
                                f"events across documents, the network and timelines. {mode}")
    app.allowed_hosts = allowed_hosts
    app.state.db = str(db)
    app.state.pool = ReadPool(str(db))
    app.router.on_shutdown.append(app.state.pool.close)
    app.state.writer = write.Writer(str(db), token) if writable and token else None
    app.state.vendor = (HERE / "static" / "vendor" / "cytoscape.min.js").is_file()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(write.router)
    app.include_router(pages.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message, exc.headers)  # e.g. WWW-Authenticate with a 401

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(request, 422, "; ".join(parts) or "invalid parameters")

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:  # logged by uvicorn, not shown
        return _error(request, 500, "internal error")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:  # swagger-ui-dist served locally, started by a static script
        return templates.TemplateResponse(request, "docs.html", {})

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> HTMLResponse:  # no thread for a constant
        return HTMLResponse("ok")

    return app


def app_from_environment() -> FastAPI:
    """The workbench that :data:`SERVE_ENV` describes (JSON: ``db``, ``writable``, ``token_file``,
    ``allowed_hosts``): the application factory each `claimgraph serve --workers N` process calls."""
    from .write import load_token

    config = json.loads(os.environ[SERVE_ENV])
    writable = bool(config.get("writable"))
    token = load_token(Path(config["token_file"]) if config.get("token_file") else None) if writable else None
    hosts = config.get("allowed_hosts")
    return create_app(config["db"], writable=writable, token=token, allowed_hosts=tuple(hosts) if hosts else None)

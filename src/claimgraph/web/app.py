"""The web workbench's application factory: FastAPI with the JSON API, the HTML pages and local assets.

The database (an SQLite file or a PostgreSQL URL) is opened read-only for every request (SQLite connections
are cheap, a PostgreSQL session costs a few milliseconds, and a request never sees another's state). Errors
get one shape each: an HTML page for browsers, JSON under ``/api`` — unknown ids 404, malformed parameters
422 with a message naming the parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError
from ..query import summary
from ..store import Store

__all__ = ["HERE", "StoreDep", "create_app", "templates"]

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["summary"] = summary  # the one-line claim label, in pages and their macros


def _store(request: Request) -> Iterator[Store]:
    store = Store.open(request.app.state.db, read_only=True)
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(_store)]
"""A read-only store for the request's duration."""


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    values = {"status": status, "message": message, "title": str(status)}
    return templates.TemplateResponse(request, "error.html", values, status_code=status)


def create_app(db: str | Path) -> FastAPI:
    """The workbench over the database at ``db`` (opened read-only; it must exist and be migrated)."""
    Store.open(db, read_only=True).close()  # fail now, with the store's one-line message, not per request
    from . import api, pages  # the routers import this module for the dependency and templates

    app = FastAPI(title="claimgraph", version="1", docs_url=None, redoc_url=None,
                  description="Sourced claims from news reports: entities, claims with evidence, the ledger of "
                              "events across documents, the network and timelines. Read-only.")
    app.state.db = str(db)
    app.state.vendor = (HERE / "static" / "vendor" / "cytoscape.min.js").is_file()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message)

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

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:  # Swagger UI from the locally installed swagger-ui-dist, never a CDN
        return get_swagger_ui_html(openapi_url="/openapi.json", title="claimgraph API",
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> HTMLResponse:
        return HTMLResponse("ok")

    return app

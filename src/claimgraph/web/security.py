"""HTTP hardening for the workbench: security headers on every response, a bound on the request line, and
(on loopback) a check of the ``Host`` header.

:class:`Hardening` is pure ASGI and wraps the *whole* application, outside Starlette's error middleware, so
pages, the API, static files, 404s, 413s and even a 500 all carry the same headers:

* ``Content-Security-Policy``: scripts, styles, images, fonts and fetches from this origin only, no inline
  script or style, no plugins, forms post only here, ``frame-ancestors 'none'``. The API explorer at
  ``/docs`` also allows ``data:`` images (swagger-ui's stylesheet draws its icons so); nothing else differs.
* ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``, ``Referrer-Policy: no-referrer``,
  ``Cross-Origin-Opener-Policy: same-origin`` and ``Cross-Origin-Resource-Policy: same-origin``.

A request whose path and query together are longer than :data:`MAX_URL` bytes gets 414 before any route
runs. With ``allowed_hosts`` (what ``claimgraph serve`` passes when it listens on loopback), a request for
any other host name gets 400: a web page cannot reach the workbench by rebinding its own domain name to
127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "DOCS_CSP", "LOOPBACK_HOSTS", "MAX_URL", "SECURITY_HEADERS", "Hardening"]

MAX_URL = 8192
"""The most bytes of path plus query string a request may have (414 beyond)."""

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
"""Host names a workbench listening on loopback answers to."""


def _policy(img: str) -> str:
    return "; ".join([
        "default-src 'none'", "script-src 'self'", "style-src 'self'", f"img-src {img}", "font-src 'self'",
        "connect-src 'self'", "manifest-src 'self'", "object-src 'none'", "base-uri 'none'",
        "form-action 'self'", "frame-ancestors 'none'",
    ])


CSP = _policy("'self'")
"""The Content-Security-Policy of every response but the API explorer's."""

DOCS_CSP = _policy("'self' data:")
"""The API explorer's (``/docs``): the same, with ``data:`` images for swagger-ui's icons."""

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
"""Sent with every response, beside the Content-Security-Policy."""

ErrorResponse = Callable[[Scope, int, str], Response]
"""Builds the error response for a request scope, a status and a message (a page, or JSON under /api)."""


class Hardening:
    """Pure ASGI middleware: the security headers on every HTTP response, 414 for an over-long request
    line, and 400 for a ``Host`` outside ``allowed_hosts`` (when given)."""

    def __init__(self, app: ASGIApp, error: ErrorResponse, allowed_hosts: Iterable[str] | None = None) -> None:
        self.app, self.error = app, error
        self.allowed_hosts = None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CSP if scope["path"] == "/docs" else CSP

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_hardened)
            return
        await self.app(scope, receive, send_hardened)

    def _refusal(self, scope: Scope) -> Response | None:
        length = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if length > MAX_URL:
            return self.error(scope, 414, f"the request's path and query are {length} bytes; at most {MAX_URL}")
        if self.allowed_hosts is not None and _host(Headers(scope=scope).get("host", "")) not in self.allowed_hosts:
            return self.error(scope, 400, f"this workbench answers only to {', '.join(sorted(self.allowed_hosts))}")
        return None


def _host(header: str) -> str | None:
    """The host name of a ``Host`` header, lower case, without port or IPv6 brackets; None if malformed."""
    if any(c in header for c in "@/\\?# "):
        return None
    try:
        return urlsplit(f"//{header}").hostname
    except ValueError:
        return None

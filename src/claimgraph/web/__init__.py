"""The web workbench: a read-only FastAPI app with HTML pages and a JSON API over one claimgraph database.

``create_app(db)`` builds it; ``claimgraph serve`` runs it with uvicorn. Pages and API use the query layer
(:mod:`claimgraph.query`), the same one the CLI uses.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]

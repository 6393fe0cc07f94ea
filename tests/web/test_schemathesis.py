"""Schemathesis against the workbench's own OpenAPI description: every operation, positive and negative
examples, over the real ASGI app and a real database (the seed and six short reports), on SQLite and on
PostgreSQL (which refuses NUL characters that SQLite stores).

Every check schemathesis has runs: no 5xx, status codes, content types, headers and bodies as documented, and
invalid input rejected / valid input accepted. The schema therefore says what the app does: enums for claim
types and statuses, a pattern for dates, maximum lengths everywhere, 404/413/414/422 documented. The number
of examples per operation is bounded and derandomised, so a run is repeatable and short.

Schemathesis' pytest plugin (``from_fixture``) does not run on pytest 9, so the test drives the documented
strategy API (``APIOperation.as_strategy``) with Hypothesis directly.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from claimgraph.web import create_app

TOKEN = "schemathesis-token-0123456789"
CONFIG = """
[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 414, 415, 422, 428, 429]
"""
EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 25}


def _fuzz(schema, headers: dict[str, str] | None = None, examples: dict[GenerationMode, int] = EXAMPLES,
          only: str | None = None) -> tuple[list[str], Counter[int]]:
    """Run every operation (or the one labelled ``only``); the failures, one text each, and how many responses
    of each status came back."""
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        if only is not None and operation.label != only:
            continue
        for mode, count in examples.items():
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=count, deadline=None, database=None, derandomize=True, print_blob=False,
                      suppress_health_check=list(HealthCheck))
            def run(case) -> None:
                statuses[case.call_and_validate(headers=headers).status_code] += 1

            try:
                run()
            except Exception as e:  # a FailureGroup: every distinct failure, with a curl line to reproduce it
                failures.append(f"{operation.label} ({mode.value}):\n{e}")
    return failures, statuses


def _schema(app) -> schemathesis.schemas.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=SchemathesisConfig.from_str(CONFIG))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_read_only_api_has_no_server_errors_and_answers_as_described(request, web_db, backend):
    db = web_db if backend == "sqlite" else request.getfixturevalue("pg_web_db")  # PostgreSQL refuses what SQLite takes
    schema = _schema(create_app(db))
    labels = {r.ok().label for r in schema.get_all_operations()}
    assert "GET /api/network" in labels and "POST /api/documents" in labels and len(labels) == 10
    failures, statuses = _fuzz(schema)
    assert not failures, "\n\n".join(failures)
    assert sum(statuses.values()) >= 10 * 2 * 10  # every operation ran, both kinds of example
    assert {200, 403, 404, 422} <= set(statuses), statuses  # answers, read-only refusals, unknown ids, bad input


@pytest.fixture(scope="module")
def writable_db(web_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "writable.db"
    shutil.copy(web_db, path)  # documents posted here must not reach the shared database
    return path


def test_the_write_endpoint_has_no_server_errors_with_the_token(writable_db):
    schema = _schema(create_app(writable_db, writable=True, token=TOKEN))
    failures, statuses = _fuzz(schema, headers={"Authorization": f"Bearer {TOKEN}"},
                               examples={GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 15},
                               only="POST /api/documents")
    assert not failures, "\n\n".join(failures)
    assert {201, 422} <= set(statuses), statuses  # documents were extracted and stored; bad bodies refused

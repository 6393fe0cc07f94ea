"""The published JSON Schema (draft 2020-12) of one claims-v1 line, and a validator for it.

``claims-v1.schema.json`` is written from the contract (``contract/claims-v1.md``): required keys, the 16
claim types with their roles, the 7 statuses, the 12 entity kinds, ISO time values, at least one evidence
span, confidence in [0, 1], and no keys beyond the contract's (``statement_time`` is optional).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import ClaimgraphError

if TYPE_CHECKING:  # jsonschema is imported when first used: with its format checkers it takes ~1 s to import,
    from jsonschema import Draft202012Validator  # which every CLI command and worker process would pay

__all__ = ["CLAIMS_SCHEMA_FILE", "ClaimSchemaError", "claims_validator", "load_claims_schema",
           "validate_claim_v1"]

CLAIMS_SCHEMA_FILE = "claims-v1.schema.json"


class ClaimSchemaError(ClaimgraphError):
    """A claims-v1 object does not match the schema; ``path`` is the JSON path of the first error."""

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


@cache
def _schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(CLAIMS_SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema)
    return schema


def load_claims_schema() -> dict[str, Any]:
    """The claims-v1 JSON Schema as a dict (a fresh copy: changing it changes nothing here)."""
    return copy.deepcopy(_schema())


@cache
def claims_validator() -> Draft202012Validator:
    """A reusable validator of claims-v1 objects."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema())


def _one_line(message: str, limit: int = 200) -> str:
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def validate_claim_v1(obj: Any) -> None:
    """Check one claims-v1 object; raise :class:`ClaimSchemaError` naming where the first problem is."""
    errors = list(claims_validator().iter_errors(obj))
    if not errors:
        return
    from jsonschema.exceptions import best_match

    error = best_match(errors)
    raise ClaimSchemaError(error.json_path, _one_line(error.message))

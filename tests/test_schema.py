"""The published claims-v1 JSON Schema: faithful to the contract, and what the model exports matches it."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from claimgraph.errors import ClaimgraphError
from claimgraph.model import CLAIM_TYPES, ENTITY_KINDS, STATUSES, Claim, Document, EntityRef, Evidence
from claimgraph.schema import ClaimSchemaError, load_claims_schema, validate_claim_v1

GOOD: dict[str, Any] = {
    "id": "c-5f2a0b1c2d3e4f50",
    "doc": "seed-iran-international-2022-08-05",
    "type": "transfer",
    "args": {
        "supplier": {"name": "Iran", "id": "Q794", "kind": "state"},
        "recipient": {"name": "Russia", "id": "Q159", "kind": "state"},
        "item": [{"name": "Shahed 129", "id": "Q7461637", "kind": "weapon"}],
        "quantity": 46,
        "mode": "aid",
    },
    "status": "unconfirmed",
    "source": {"name": "Oleksiy Arestovych", "id": None, "kind": "person"},
    "source_chain": [
        {"name": "Institute for the Study of War", "id": "Q6039516", "kind": "organization"},
        {"name": "Oleksiy Arestovych", "id": None, "kind": "person"},
    ],
    "time": {"text": "on Friday", "value": "2022-08-05"},
    "evidence": [{"doc": "seed-iran-international-2022-08-05", "start": 1893, "end": 1929,
                  "text": "Iran handed 46 drones over to Russia"}],
    "confidence": 0.82,
}


def changed(path: list[str | int], value: Any = None, delete: bool = False) -> dict[str, Any]:
    obj = copy.deepcopy(GOOD)
    target = obj
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return obj


def test_schema_is_valid_draft_2020_12_with_the_contract_enums() -> None:
    schema = load_claims_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["type"]["enum"] == list(CLAIM_TYPES) and len(CLAIM_TYPES) == 16
    assert schema["properties"]["status"]["enum"] == list(STATUSES) and len(STATUSES) == 7
    assert schema["$defs"]["Entity"]["properties"]["kind"]["enum"] == list(ENTITY_KINDS)
    assert len(ENTITY_KINDS) == 12
    load_claims_schema()["title"] = "changed"
    assert load_claims_schema()["title"] != "changed"


@pytest.mark.parametrize("obj", [
    GOOD,
    changed(["time"], None),
    changed(["source"], None),
    changed(["time", "value"], None),
    changed(["time", "value"], "2022"),
    changed(["time", "value"], "2022-08"),
    changed(["statement_time"], {"text": "on Friday", "value": "2022-08-05"}),
    changed(["confidence"], 1),
    changed(["args"], {}),
])
def test_valid_claims(obj: dict[str, Any]) -> None:
    validate_claim_v1(obj)


@pytest.mark.parametrize(("obj", "path"), [
    (changed(["status"], "rumoured"), "$.status"),
    (changed(["type"], "teleport"), "$.type"),
    (changed(["evidence"], delete=True), "$"),
    (changed(["evidence"], []), "$.evidence"),
    (changed(["time", "value"], "Friday"), "$.time.value"),
    (changed(["time", "value"], "2022-8-5"), "$.time.value"),
    (changed(["time", "value"], "2022-08-05T10:00"), "$.time.value"),
    (changed(["time"], {"text": "Friday"}), "$.time"),
    (changed(["confidence"], 1.5), "$.confidence"),
    (changed(["source", "kind"], "alien"), "$.source"),
    (changed(["source_chain", 0, "extra"], 1), "$.source_chain[0]"),
    (changed(["args", "supplier", "kind"], "planet"), "$.args.supplier"),
    (changed(["args", "attacker"], {"name": "Iran", "id": "Q794", "kind": "state"}), "$.args"),
    (changed(["args", "quantity"], True), "$.args.quantity"),
    (changed(["evidence", 0, "start"], -1), "$.evidence[0].start"),
    (changed(["extra"], 1), "$"),
    (changed(["statement_time"], {"text": "x", "value": "yesterday"}), "$.statement_time.value"),
])
def test_invalid_claims_name_the_path(obj: dict[str, Any], path: str) -> None:
    with pytest.raises(ClaimSchemaError) as info:
        validate_claim_v1(obj)
    assert isinstance(info.value, ClaimgraphError)
    assert info.value.path.startswith(path)
    assert str(info.value).startswith(info.value.path + ": ") and "\n" not in str(info.value)


def test_every_type_and_its_roles_export_valid_lines() -> None:
    from claimgraph.model.claim import NUMBER_ROLES, ROLES, STRING_ROLES

    text = "Something happened."
    doc = Document(text=text, name="d")
    entity = EntityRef(name="Iran", kind="state", kb_id="Q794")
    for claim_type, roles in ROLES.items():
        args: dict[str, Any] = {}
        for role in roles:
            args[role] = 3 if role in NUMBER_ROLES else "x" if role in STRING_ROLES else [entity]
        claim = Claim(doc="d", doc_id=doc.id, type=claim_type, args=args,
                      evidence=(Evidence(doc="d", start=0, end=9, text=text[:9]),))
        validate_claim_v1(claim.to_v1())

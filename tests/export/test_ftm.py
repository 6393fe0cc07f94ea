"""The ``ftm`` exporter: FollowTheMoney entities, re-read and re-cleaned by the ``followthemoney`` library (its
model, its schema validation and its own ``ftm validate`` command), for the seed report and a hand-built sample."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from followthemoney import model, registry
from followthemoney.cli.cli import cli as ftm_cli

from claimgraph.errors import ExportError
from claimgraph.export import ExportData, get_exporter
from claimgraph.model import Claim, Document, EntityRef, Evidence, TimeValue

TEXT = ("Iran handed 46 drones over to Russia and Belarus in July, the adviser said. Mora denied a report. "
        "Raisi is the President of Iran. Israeli jets struck Gaza City. Mohammadi is a member of the Wolves.")
OTHER = "Hezbollah threatened Israel."
IRAN = EntityRef(name="Iran", kind="state", kb_id="Q794")
RUSSIA = EntityRef(name="Russia", kind="state", kb_id="Q159")
BELARUS = EntityRef(name="Belarus", kind="state", kb_id="Q184")
ISRAEL = EntityRef(name="Israel", kind="state", kb_id="Q801")
ISW = EntityRef(name="Institute for the Study of War", kind="organization")
ADVISER = EntityRef(name="Oleksiy Arestovych", kind="person")
MORA = EntityRef(name="Enrique Mora", kind="person")
RAISI = EntityRef(name="Ebrahim Raisi", kind="person")
MOHAMMADI = EntityRef(name="Narges Mohammadi", kind="person")
WOLVES = EntityRef(name="The Wolves", kind="armed_group")
HEZBOLLAH = EntityRef(name="Hezbollah", kind="armed_group", kb_id="Q41053")
DRONES = EntityRef(name="Shahed-136", kind="weapon")
GAZA = EntityRef(name="Gaza City", kind="place")


def ev(doc: Document, phrase: str) -> Evidence:
    start = doc.text.index(phrase)
    return Evidence(doc=doc.name, start=start, end=start + len(phrase), text=phrase)


def sample() -> tuple[list[Document], list[Claim]]:
    """Claims of a document with a URL, outlet and date, and one of a document the export is not given: a
    number role, a list role, a source chain, a denied claim, positions and a located attack."""
    doc = Document(text=TEXT, name="sample-ü", title="Drones for Russia", url="https://example.org/drones",
                   outlet="Example News", published=dt.date(2022, 8, 5))
    gone = Document(text=OTHER, name="missing-doc")

    def claim(d: Document, kind: str, args: dict[str, Any], phrase: str, **kw: Any) -> Claim:
        return Claim(doc=d.name, doc_id=d.id, type=kind, args=args, evidence=(ev(d, phrase),), **kw)  # type: ignore[arg-type]

    claims = [
        claim(doc, "transfer", {"supplier": IRAN, "recipient": [RUSSIA, BELARUS], "item": DRONES, "quantity": 46},
              "Iran handed 46 drones over to Russia and Belarus", status="unconfirmed", source=ADVISER,
              source_chain=(ISW, ADVISER), time=TimeValue(text="in July", value="2022-07", precision="month"),
              statement_time=TimeValue(text="2022-08-05", value="2022-08-05", precision="day"), confidence=0.8),
        claim(doc, "deny", {"denier": MORA, "about": "report"}, "Mora denied a report", status="denied"),
        claim(doc, "position", {"person": RAISI, "organization": IRAN, "position": "President"},
              "Raisi is the President of Iran", time=TimeValue(text="2021", value="2021", precision="year")),
        claim(doc, "position", {"person": MOHAMMADI, "organization": WOLVES, "position": "member"},
              "Mohammadi is a member of the Wolves"),
        claim(doc, "attack", {"attacker": ISRAEL, "location": GAZA}, "Israeli jets struck Gaza City"),
        claim(gone, "threaten", {"threatener": HEZBOLLAH, "target": ISRAEL}, "Hezbollah threatened Israel"),
    ]
    return [doc], claims


def export(data: ExportData) -> str:
    out = io.StringIO()
    count = get_exporter("ftm")(data, out)
    assert count == len(out.getvalue().splitlines())
    return out.getvalue()


def check_entities(text: str) -> dict[str, dict[str, Any]]:
    """Every line an FtM entity the library accepts as it stands: a known, concrete schema; only its
    properties, each value unchanged when the library cleans it again (so valid for its type); the schema's
    validation passes; every required property of the schema and its parents present; every entity
    reference resolves to an entity of the property's range. Returns the entities by id."""
    entities = {}
    for line in text.splitlines():
        data = json.loads(line)
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        assert set(data["properties"]) <= set(schema.properties), data
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value again, dropping invalid ones
        assert proxy.properties == data["properties"], data
        schema.validate(data)  # raises InvalidData
        required = {name for s in schema.schemata for name in s.required}
        assert required <= set(data["properties"]), (data["schema"], required - set(data["properties"]))
        assert data["id"] not in entities
        entities[data["id"]] = data
    for data in entities.values():
        proxy = model.get_proxy(data)
        for prop, value in proxy.itervalues():
            if prop.type == registry.entity:
                assert value in entities, (data["schema"], prop.name, value)
                assert model[entities[value]["schema"]].is_a(prop.range), (prop.name, entities[value]["schema"])
    return entities


def test_ftm_validate_command_keeps_every_entity(tmp_path: Path) -> None:
    """The library's own ``ftm validate`` re-parses and re-cleans the export: nothing may change."""
    docs, claims = sample()
    text = export(ExportData.of(claims, docs))
    (tmp_path / "in.jsonl").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(ftm_cli, ["validate", "-i", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    again = [json.loads(line) for line in (tmp_path / "out").read_text(encoding="utf-8").splitlines()]
    assert {e["id"]: e["properties"] for e in again} == {e["id"]: e["properties"] for e in map(json.loads,
                                                                                               text.splitlines())}


def test_sample_maps_our_data() -> None:
    docs, claims = sample()
    entities = check_entities(export(ExportData.of(claims, docs)))
    by_name = {e["properties"]["name"][0]: e for e in entities.values() if "name" in e["properties"]}
    schemas = sorted(e["schema"] for e in entities.values())
    assert schemas.count("Event") == 4 and schemas.count("Article") == 2
    assert by_name["Iran"]["schema"] == "PublicBody" and by_name["Iran"]["properties"]["country"] == ["ir"]
    assert by_name["Iran"]["properties"]["wikidataId"] == ["Q794"]
    assert by_name["Hezbollah"]["schema"] == "Organization" and by_name["Hezbollah"]["properties"]["country"] == ["lb"]
    assert by_name["Oleksiy Arestovych"]["schema"] == "Person"
    assert "Shahed-136" not in by_name  # a weapon is no entity: its name stays on the event
    article = by_name["Drones for Russia"]
    assert article["schema"] == "Article" and article["properties"]["publishedAt"] == ["2022-08-05"]
    assert article["properties"]["sourceUrl"] == ["https://example.org/drones"]
    assert article["properties"]["publisher"] == ["Example News"]
    missing = by_name["missing-doc"]
    assert missing["schema"] == "Article" and missing["properties"]["fileName"] == ["missing-doc"]

    transfer = next(e for e in entities.values() if e["properties"].get("recordId") == [claims[0].id])
    props = transfer["properties"]
    assert props["date"] == ["2022-07"] and props["organizer"] == [by_name["Iran"]["id"]]
    assert set(props["involved"]) == {by_name[n]["id"] for n in ("Iran", "Russia", "Belarus")}
    assert props["proof"] == [article["id"]] and "Shahed-136" in props["keywords"]
    assert props["summary"] == ["Iran handed 46 drones over to Russia and Belarus"]
    assert "quantity 46" in props["name"][0] and "unconfirmed" in props["description"][0]
    assert "Institute for the Study of War > Oleksiy Arestovych" in props["description"][0]
    link = next(e for e in entities.values() if e["schema"] == "UnknownLink")
    assert link["properties"]["subject"] == [by_name["Oleksiy Arestovych"]["id"]]
    assert link["properties"]["object"] == [transfer["id"]]

    deny = next(e for e in entities.values() if e["properties"].get("recordId") == [claims[1].id])
    assert "status: denied" in deny["properties"]["description"][0] and "organizer" not in deny["properties"]
    employment = next(e for e in entities.values() if e["schema"] == "Employment")
    assert employment["properties"]["role"] == ["President"] and employment["properties"]["startDate"] == ["2021"]
    assert employment["properties"]["employer"] == [by_name["Iran"]["id"]]
    membership = next(e for e in entities.values() if e["schema"] == "Membership")
    assert membership["properties"]["organization"] == [by_name["The Wolves"]["id"]]
    attack = next(e for e in entities.values() if e["properties"].get("recordId") == [claims[4].id])
    assert attack["properties"]["location"] == ["Gaza City"] and attack["properties"]["country"] == ["ps"]
    assert entities[attack["properties"]["addressEntity"][0]]["schema"] == "Address"
    threat = next(e for e in entities.values() if e["properties"].get("recordId") == [claims[5].id])
    assert threat["properties"]["proof"] == [missing["id"]] and "publisher" not in threat["properties"]


def test_output_is_deterministic() -> None:
    docs, claims = sample()
    first = export(ExportData.of(claims, docs))
    assert export(ExportData.of(list(reversed(claims)), docs)) == first
    assert "sample-ü" in first  # ensure_ascii=False


def test_seed_report_entities_are_valid(seed_extraction) -> None:
    data = ExportData.of(seed_extraction.claims, [seed_extraction.document])
    text = export(data)
    entities = check_entities(text)
    schemas = [e["schema"] for e in entities.values()]
    positions = sum(c.type == "position" for c in seed_extraction.claims)
    relations = schemas.count("Employment") + schemas.count("Membership")
    assert 0 < relations <= positions
    assert schemas.count("Event") == len(seed_extraction.claims) - relations
    assert schemas.count("Article") == 1
    iran_russia = [e for e in entities.values() if e["schema"] == "Event"
                   and e["properties"]["name"][0].startswith("Iran → Russia (transfer")]
    assert iran_russia and all(e["properties"]["organizer"] for e in iran_russia)
    assert export(data) == text


class FullDisk(io.StringIO):
    def write(self, s: str) -> int:
        raise OSError(28, "No space left on device")


def test_write_failure_is_an_export_error() -> None:
    docs, claims = sample()
    with pytest.raises(ExportError, match="ftm export: No space left on device"):
        get_exporter("ftm")(ExportData.of(claims, docs), FullDisk())

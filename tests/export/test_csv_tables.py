"""The ``csv`` export: four related RFC 4180 tables, read back with the csv module."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from claimgraph.errors import ExportError
from claimgraph.export import EXPORTERS, ExportData, get_exporter
from claimgraph.export.csv_tables import CLAIM_COLUMNS, DOCUMENT_COLUMNS, ENTITY_COLUMNS, EVIDENCE_COLUMNS
from claimgraph.export.tables import entity_rows, export_claims

FILES = {"entities.csv": ENTITY_COLUMNS, "claims.csv": CLAIM_COLUMNS, "evidence.csv": EVIDENCE_COLUMNS,
         "documents.csv": DOCUMENT_COLUMNS}


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == FILES[name]
        return list(reader)


def export(data: ExportData, folder: Path) -> dict[str, list[dict[str, str]]]:
    assert get_exporter("csv")(data, folder) == len(export_claims(data))
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    return {name: read(folder, name) for name in FILES}


def test_csv_is_a_registered_folder_format() -> None:
    assert EXPORTERS["csv"].directory
    assert "entities" in EXPORTERS["csv"].description


def test_tables_read_back_with_counts_and_evidence_slices(sample, sample_data, tmp_path: Path) -> None:
    doc, claims = sample
    tables = export(sample_data, tmp_path / "out")
    assert len(tables["claims.csv"]) == len(claims)
    assert len(tables["entities.csv"]) == len(entity_rows(claims)) == 9
    assert len(tables["evidence.csv"]) == sum(len(c.evidence) for c in claims)
    assert len(tables["documents.csv"]) == 1
    for row in tables["evidence.csv"]:
        assert doc.text[int(row["start"]): int(row["end"])] == row["text"]
        assert row["doc"] == doc.name and row["doc_id"] == doc.id
    assert {r["claim_id"] for r in tables["evidence.csv"]} == {c.id for c in claims}
    assert any("\n" in r["text"] for r in tables["evidence.csv"])  # a quoted line break survives
    document = tables["documents.csv"][0]
    assert document == {"id": doc.id, "name": 'stress-ü, "quoted"', "title": 'A "title", with commas',
                        "url": "https://example.org/a?b=1,2", "outlet": "Iran International",
                        "published": "2022-08-05"}


def test_claim_rows_flatten_roles_sources_and_times(sample_data, tmp_path: Path) -> None:
    tables = export(sample_data, tmp_path / "out")
    entities = {r["id"]: r for r in tables["entities.csv"]}
    by_type = {}
    for row in tables["claims.csv"]:
        by_type.setdefault(row["type"], []).append(row)
    transfer = next(r for r in by_type["transfer"] if r["recipient_id"])
    assert transfer["supplier_name"] == "Iran" and entities[transfer["supplier_id"]]["kb_id"] == "Q794"
    assert transfer["recipient_name"] == "Russia" and transfer["item_name"] == "drones"
    assert transfer["quantity"] == "46" and transfer["mode"] == "aid"
    assert transfer["status"] == "unconfirmed" and transfer["confidence"] == "0.7"
    assert transfer["source_name"] == "Oleksiy Arestovych" and transfer["source_id"] in entities
    assert transfer["source_chain"] == "Institute for the Study of War <- Oleksiy Arestovych"
    assert (transfer["event_time_text"], transfer["event_time_value"]) == ("on Friday", "2022-08-05")
    assert (transfer["statement_time_text"], transfer["statement_time_value"]) == ("2022", "2022")
    assert transfer["evidence_count"] == "1" and transfer["attacker_id"] == "" and transfer["count"] == ""
    (meet,) = by_type["meet"]
    assert meet["participants_name"] == "Yair Lapid; Vladimir Putin; Recep Tayyip Erdoğan"
    ids = meet["participants_id"].split("; ")
    assert [entities[i]["name"] for i in ids] == meet["participants_name"].split("; ")
    assert meet["location_name"] == "Sochi" and meet["source_chain"] == "" and meet["event_time_value"] == ""
    (deny,) = by_type["deny"]
    assert deny["denier_name"] == "Iran" and deny["about"] == "report" and deny["status"] == "denied"
    for row in tables["claims.csv"]:  # every entity id a claim names is in entities.csv
        for column in CLAIM_COLUMNS:
            if column.endswith("_id") and column != "doc_id" and row[column]:
                assert all(i in entities for i in row[column].split("; ")), column


def test_entities_carry_knowledge_base_aliases(sample_data, tmp_path: Path) -> None:
    entities = {r["name"]: r for r in export(sample_data, tmp_path / "out")["entities.csv"]}
    assert entities["Iran"]["kind"] == "state" and entities["Iran"]["kb_id"] == "Q794"
    assert "Islamic Republic of Iran" in entities["Iran"]["aliases"].split("; ")
    assert entities["Oleksiy Arestovych"] == {**entities["Oleksiy Arestovych"], "kb_id": "", "aliases": ""}
    names = [r["name"] for r in export(sample_data, tmp_path / "again")["entities.csv"]]
    assert names == sorted(names, key=str.casefold)


def test_files_are_utf8_rfc4180_and_deterministic(sample, tmp_path: Path) -> None:
    doc, claims = sample
    export(ExportData.of(claims, [doc]), tmp_path / "a")
    export(ExportData.of(list(reversed(claims)), [doc]), tmp_path / "b")
    for name in FILES:
        raw = (tmp_path / "a" / name).read_bytes()
        assert raw == (tmp_path / "b" / name).read_bytes(), name
        assert not raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
        raw.decode("utf-8")
    assert "Erdoğan".encode() in (tmp_path / "a" / "entities.csv").read_bytes()
    assert b'"A ""title"", with commas"' in (tmp_path / "a" / "documents.csv").read_bytes()


def test_a_claims_document_without_metadata_gets_a_bare_row(sample, tmp_path: Path) -> None:
    doc, claims = sample
    documents = export(ExportData.of(claims), tmp_path / "out")["documents.csv"]
    assert documents == [{"id": doc.id, "name": doc.name, "title": "", "url": "", "outlet": "", "published": ""}]


def test_the_same_claim_twice_is_one_row(sample, tmp_path: Path) -> None:
    doc, claims = sample
    tables = export(ExportData.of([*claims, claims[0]], [doc]), tmp_path / "out")
    assert len(tables["claims.csv"]) == len(claims)


def test_seed_report_tables(seed_document, seed_data, tmp_path: Path) -> None:
    tables = export(seed_data, tmp_path / "seed")
    assert len(tables["claims.csv"]) == len({c.id for c in seed_data.claims}) >= 20
    assert len(tables["evidence.csv"]) == sum(len(c.evidence) for c in export_claims(seed_data))
    for row in tables["evidence.csv"]:
        assert seed_document.text[int(row["start"]): int(row["end"])] == row["text"]
    iran = next(r for r in tables["entities.csv"] if r["name"] == "Iran")
    assert iran["kb_id"] == "Q794"
    assert any(r["type"] == "transfer" and r["supplier_id"] == iran["id"] and r["recipient_name"] == "Russia"
               and r["quantity"] == "46" and r["source_chain"].endswith("Oleksiy Arestovych")
               for r in tables["claims.csv"])


def test_an_unwritable_file_is_an_export_error(sample_data, tmp_path: Path) -> None:
    (tmp_path / "out" / "claims.csv").mkdir(parents=True)  # a folder where a file should go
    with pytest.raises(ExportError, match=r"cannot write the csv export"):
        get_exporter("csv")(sample_data, tmp_path / "out")

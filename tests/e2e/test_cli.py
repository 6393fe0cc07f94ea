"""End to end: the real CLI (a subprocess, the installed entry point) on the seed, with a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimgraph.schema import validate_claim_v1

CLI = [sys.executable, "-m", "claimgraph.cli"]


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([*CLI, *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=env,
                          timeout=300)


def claims_of(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_extract_prints_real_sourced_claims(seed_path: Path, tmp_path: Path):
    res = run("extract", str(seed_path), "--published", "2022-08-05", "--format", "claims-jsonl", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    claims = claims_of(res.stdout)
    assert len(claims) >= 20
    text = seed_path.read_text("utf-8")
    for claim in claims:
        validate_claim_v1(claim)
        for ev in claim["evidence"]:
            assert text[ev["start"]: ev["end"]] == ev["text"]
    transfers = [c for c in claims if c["type"] == "transfer"]
    assert any(c["args"].get("quantity") == 46 and c["status"] == "unconfirmed"
               and [e["name"] for e in c["source_chain"]][-1].endswith("Arestovych") for c in transfers)
    assert {c["type"] for c in claims} >= {"transfer", "support", "position", "meet", "kill", "detain"}


def test_ingest_twice_stores_once_then_claims_and_export(seed_path: Path, tmp_path: Path):
    db = tmp_path / "g.db"
    first = run("ingest", str(seed_path), "--db", str(db), "--published", "2022-08-05", "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = run("ingest", str(seed_path), "--db", str(db), "--published", "2022-08-05", "--json", cwd=tmp_path)
    one, two = json.loads(first.stdout), json.loads(again.stdout)
    assert one["new"] == 1 and two["new"] == 0 and one["claims"] == two["claims"] > 0

    table = run("claims", "--db", str(db), "--type", "transfer", "--entity", "Russia", cwd=tmp_path)
    assert table.returncode == 0 and "transfer" in table.stdout and "Russia" in table.stdout

    out = tmp_path / "claims.jsonl"
    exported = run("export", "--format", "claims-jsonl", "-o", str(out), "--db", str(db), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    lines = claims_of(out.read_text("utf-8"))
    assert len(lines) == one["claims"]
    for line in lines:
        validate_claim_v1(line)


def test_demo_runs_on_the_bundled_report(tmp_path: Path):
    res = run("demo", "--db", str(tmp_path / "demo.db"), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "claim(s) stored" in res.stdout and "Arestovych" in res.stdout


@pytest.mark.parametrize("args, needle", [
    (["extract", "missing.txt"], "missing.txt"),
    (["extract", "empty.txt"], "empty.txt"),
    (["extract", "binary.bin"], "binary.bin"),
    (["extract", "latin1.txt"], "latin1.txt"),
    (["extract", "https://example.com/feed.xml"], "network"),
    (["extract", "ok.txt", "--format", "nope"], "nope"),
    (["extract", "ok.txt", "--published", "not a date"], "not a date"),
    (["ingest", "emptydir"], "emptydir"),
    (["claims", "--db", "nothing-here.db"], "nothing-here.db"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], needle: str):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 in Tehran".encode("latin-1"))
    (tmp_path / "ok.txt").write_text("Iran sold drones to Russia.")
    (tmp_path / "emptydir").mkdir()
    res = run(*args, cwd=tmp_path)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert needle in res.stderr
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_jsonl_batch_reports_bad_line_and_keeps_the_rest(tmp_path: Path):
    feed = tmp_path / "batch.jsonl"
    feed.write_text(
        json.dumps({"id": "a", "text": "China has sold CH-4 drones to Saudi Arabia.", "published": "2022-08-05"})
        + "\n{not json\n"
        + json.dumps({"id": "b", "text": "Iran handed 46 drones over to Russia.", "published": "2022-08-05"})
        + "\n", encoding="utf-8")
    db = tmp_path / "b.db"
    res = run("ingest", str(feed), "--db", str(db), "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert ":2" in res.stderr  # the malformed line is named by its number
    assert json.loads(res.stdout)["documents"] == 2


def test_kb_commands_search_list_and_validate(tmp_path: Path):
    found = run("kb", "search", "Qods", "--json", cwd=tmp_path)
    assert found.returncode == 0 and json.loads(found.stdout.splitlines()[0])["qid"] == "Q1330349"
    demonym = run("kb", "search", "Iranian", "--json", cwd=tmp_path)
    assert any(json.loads(line)["id"] == "ir" for line in demonym.stdout.splitlines())
    weapons = run("kb", "list", "--kind", "weapon", "--json", cwd=tmp_path)
    assert all(json.loads(line)["kind"] == "weapon" for line in weapons.stdout.splitlines())
    good = tmp_path / "mine.json"
    good.write_text(json.dumps([{"id": "my-militia", "name": "Example Brigade", "kind": "armed_group"}]))
    assert run("kb", "validate", str(good), cwd=tmp_path).returncode == 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"id": "x", "name": "X", "kind": "militia"}]))
    res = run("kb", "validate", str(bad), cwd=tmp_path)
    assert res.returncode == 2 and "bad.json" in res.stderr and "'kind'" in res.stderr


def test_user_kb_file_changes_extraction(tmp_path: Path):
    kb = tmp_path / "mine.json"
    kb.write_text(json.dumps([{"id": "example-brigade", "name": "Example Brigade", "kind": "armed_group",
                               "aliases": ["the Brigade of Example"]}]))
    doc = tmp_path / "doc.txt"
    doc.write_text("Iran has supplied drones to the Brigade of Example, officials said.")
    res = run("extract", str(doc), "--published", "2024-01-02", "--kb", str(kb), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    claims = claims_of(res.stdout)
    assert any(c["type"] == "transfer" and c["args"]["recipient"]["name"] == "Example Brigade" for c in claims)


def test_entities_profile_from_the_cli(seed_path: Path, tmp_path: Path):
    db = tmp_path / "e.db"
    assert run("ingest", str(seed_path), "--db", str(db), "--published", "2022-08-05", cwd=tmp_path).returncode == 0
    res = run("entities", "Mohammadi", "--db", str(db), "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    profile = json.loads(res.stdout.splitlines()[0])
    assert profile["entity"]["name"] == "Narges Mohammadi" and profile["roles"]["detainee"] >= 1


def test_ledger_command_and_ledger_export(seed_path: Path, tmp_path: Path):
    db = tmp_path / "l.db"
    assert run("ingest", str(seed_path), "--db", str(db), "--published", "2022-08-05", cwd=tmp_path).returncode == 0
    res = run("ledger", "--db", str(db), "--type", "meet", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    entries = [json.loads(line) for line in res.stdout.splitlines()]
    assert entries and all(e["type"] == "meet" for e in entries)
    out = tmp_path / "ledger.jsonl"
    exported = run("export", "--format", "ledger-jsonl", "-o", str(out), "--db", str(db), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    for line in out.read_text("utf-8").splitlines():
        entry = json.loads(line)
        for claim in entry["claims"]:
            validate_claim_v1(claim)


def test_contradictions_and_bad_as_of(seed_path: Path, tmp_path: Path):
    db = tmp_path / "c.db"
    assert run("ingest", str(seed_path), "--db", str(db), "--published", "2022-08-05", cwd=tmp_path).returncode == 0
    assert run("contradictions", "--db", str(db), "--json", cwd=tmp_path).returncode == 0
    bad = run("ledger", "--db", str(db), "--as-of", "someday", cwd=tmp_path)
    assert bad.returncode == 2 and "--as-of" in bad.stderr


def test_contradictions_show_rival_suppliers_of_one_delivery(tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("Iran supplied 46 Shahed drones to Russia in September 2022, Ukrainian officials "
                                  "said.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Belarus supplied 46 Shahed drones to Russia in September 2022, a US official "
                                  "said.\n", encoding="utf-8")
    (folder / "c.txt").write_text("China has sold CH-4 drones to Iraq.\n", encoding="utf-8")
    db = tmp_path / "r.db"
    assert run("ingest", str(folder), "--db", str(db), "--published", "2022-10-18", cwd=tmp_path).returncode == 0
    res = run("contradictions", "--db", str(db), "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    entries = [json.loads(line) for line in res.stdout.splitlines()]
    assert sorted(e["args"]["supplier"]["name"] for e in entries) == ["Belarus", "Iran"]
    assert all(e["contested"] and e["alternatives"][0]["role"] == "supplier" for e in entries)
    table = run("contradictions", "--db", str(db), "--type", "transfer", cwd=tmp_path)
    assert table.returncode == 0 and "supplier=Belarus" in table.stdout and "2 ledger entries" in table.stdout
    as_of = run("contradictions", "--db", str(db), "--as-of", "2022-10-18", "--json", cwd=tmp_path)
    assert [json.loads(line) for line in as_of.stdout.splitlines()] == entries


def test_the_command_leaves_what_it_holds_frozen_for_the_interpreters_exit(tmp_path: Path):
    """The interpreter's exit walks every object left for reference cycles (0.9 s of one core after a
    2,000-report ingest, the spaCy pipeline and the caches included); the CLI freezes them once the command is
    done. An exit hook registered before the CLI's runs after it, and sees them frozen; without the CLI's
    hook nothing is frozen at that point."""
    probe = ("import atexit, gc, sys; from claimgraph.cli import main; "
             "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count(), file=sys.stderr)); "
             "sys.argv = ['claimgraph', 'kb', 'search', 'Hezbollah']; {}")
    for run, frozen in (("main()", True), ("from claimgraph.cli import app; app()", False)):
        res = subprocess.run([sys.executable, "-c", probe.format(run)], capture_output=True, text=True, timeout=120,
                             cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        assert "Hezbollah" in res.stdout
        count = int(res.stderr.rsplit("frozen at exit:", 1)[1].split()[0])
        assert (count > 10_000) is frozen, (run, count)

"""Store.check and `claimgraph check`: a clean database has no problems, and each kind of damage a crash or a
buggy writer could leave (a claim without its document, evidence off its text, an unused entity, a stale
ledger, a full-text index out of step) is found and named, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import claimgraph
from claimgraph.store import Store

CLI = [sys.executable, "-m", "claimgraph.cli"]
SRC = str(Path(claimgraph.__file__).resolve().parents[1])


def _store(target: str, seed_extraction) -> str:
    with Store.open(target) as store:
        ex = seed_extraction
        store.add(ex.document, ex.claims, ex.mentions)
    return target


def _unchecked(store: Store) -> None:
    """Let the next statements break foreign keys, as a crash between two statements could."""
    if store.engine == "sqlite":
        store.connection.execute("PRAGMA foreign_keys = OFF")
    else:
        store.connection.execute("SET session_replication_role = replica")


def _drop_document(store: Store) -> None:
    _unchecked(store)
    store.connection.execute("DELETE FROM documents")


def _bend_evidence(store: Store) -> None:
    store.connection.execute("UPDATE evidence SET text = 'x' || text WHERE id = (SELECT min(id) FROM evidence)")


def _shift_evidence(store: Store) -> None:
    store.connection.execute('UPDATE evidence SET start = start + 100000, "end" = "end" + 100000 '
                             "WHERE id = (SELECT max(id) FROM evidence)")


def _unused_entity(store: Store) -> None:
    store.connection.execute("INSERT INTO entities (id, name, kind, kb_id, block) "
                             "VALUES ('e-nobody', 'Nobody', 'person', NULL, 'person:N')")


def _stale_entry(store: Store) -> None:
    store.connection.execute("UPDATE ledger_entries SET documents = documents + 1 "
                             "WHERE id = (SELECT min(id) FROM ledger_entries)")


def _lost_member(store: Store) -> None:
    store.connection.execute("DELETE FROM ledger_members WHERE claim_id = (SELECT min(claim_id) FROM ledger_members)")


def _orphan_role(store: Store) -> None:
    _unchecked(store)
    store.connection.execute("DELETE FROM claims WHERE id = (SELECT min(id) FROM claims)")


def _misplaced_claim(store: Store) -> None:
    store.connection.execute("UPDATE claims_by_entity SET published = '1999-01-01' "
                             "WHERE claim_id = (SELECT min(claim_id) FROM claims_by_entity)")


DAMAGE: list[tuple[Callable[[Store], None], set[str]]] = [
    (_drop_document, {"orphan-claim", "orphan-evidence"}),
    (_bend_evidence, {"evidence-offsets", "claim-evidence"}),
    (_shift_evidence, {"evidence-offsets", "claim-evidence"}),
    (_unused_entity, {"unused-entity"}),
    (_stale_entry, {"ledger-entries"}),
    (_lost_member, {"ledger-members"}),
    (_orphan_role, {"orphan-role", "orphan-evidence", "orphan-member"}),
    (_misplaced_claim, {"claims-by-entity"}),
]


def test_a_freshly_stored_database_is_consistent(target: str, seed_extraction) -> None:
    with Store.open(_store(target, seed_extraction)) as store:
        assert store.counts()["claims"] > 10
        assert store.check() == []


@pytest.mark.parametrize(("damage", "found"), DAMAGE, ids=[d.__name__.strip("_") for d, _ in DAMAGE])
def test_each_kind_of_damage_is_found(target: str, seed_extraction, damage, found: set[str]) -> None:
    with Store.open(_store(target, seed_extraction)) as store:
        damage(store)
        problems = store.check()
    checks = {p.check for p in problems}
    assert found <= checks, problems
    assert all(p.count > 0 and "\n" not in str(p) for p in problems)


def test_sqlite_foreign_keys_and_the_full_text_index_are_checked(tmp_path: Path, seed_extraction) -> None:
    db = _store(str(tmp_path / "fts.db"), seed_extraction)
    with Store.open(db) as store:
        store.connection.execute("DROP TRIGGER documents_fts_update")  # an update the index does not see
        store.connection.execute("UPDATE documents SET title = 'A title the index never saw'")
        assert {p.check for p in store.check()} == {"fts-index"}
        store.connection.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")  # the repair
        assert store.check() == []
        _drop_document(store)
        assert {"sqlite-foreign-keys", "orphan-claim"} <= {p.check for p in store.check()}
    with Store.open(db, read_only=True) as store:  # read-only: everything but the FTS5 check, which writes
        assert "sqlite-foreign-keys" in {p.check for p in store.check()}


def _check(db: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONPATH": SRC}
    return subprocess.run([*CLI, "check", "--db", db], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=120)


def test_the_check_command_exits_0_1_or_2(tmp_path: Path, seed_extraction) -> None:
    db = _store(str(tmp_path / "cli.db"), seed_extraction)
    clean = _check(db, tmp_path)
    assert clean.returncode == 0 and "consistent (1 documents" in clean.stdout, clean.stdout + clean.stderr
    with Store.open(db) as store:
        _unused_entity(store)
    damaged = _check(db, tmp_path)
    assert damaged.returncode == 1, damaged.stdout + damaged.stderr
    assert "problem: unused-entity: 1 entities that no claim refers to: e-nobody" in damaged.stdout
    assert "1 problem(s) found" in damaged.stdout
    missing = _check(str(tmp_path / "none.db"), tmp_path)
    assert missing.returncode == 2 and "no such database" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1 and not (tmp_path / "none.db").exists()

"""A consistency check of a stored database: what ``claimgraph check`` and :meth:`Store.check` report.

Every document is written with its claims in one transaction (a batch of documents in a bulk ingest), so a
crash, a kill or two writers at once must never leave half of one behind. :func:`check_database` verifies
that on either engine, read-only:

* **references**: no claim without its document; no role, source, evidence span, graph edge or ledger member
  without its claim; no role, source or edge naming an entity that is not stored; no evidence span filed
  under another document than its claim's;
* **evidence**: every span lies inside its document's text and is exactly that text
  (``text == document[start:end]``), and a claim's spans are those its stored JSON lists;
* **claims**: each stored JSON is the claim of its row (same id, same document, same ledger group);
* **entities**: none that no claim refers to (they go when their last claim goes);
* **claims_by_entity**: each entity's claims in publication order equal what the claims and documents say;
* **ledger**: the stored entries, their members, rival-key index and alternatives equal a recomputation from
  the stored claims (what :meth:`Store.rebuild_ledger` would write);
* **SQLite only**: ``PRAGMA integrity_check`` is ok, ``PRAGMA foreign_key_check`` finds nothing, and the
  full-text indexes match the tables they index (FTS5 ``integrity-check``; this one needs a connection that
  may write, and is left out on a read-only one). PostgreSQL checks its own pages and foreign keys.

Each problem is one line naming what is wrong and a few of the rows concerned. The ledger recomputation
reads every claim into memory (about a kilobyte each).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..model import Claim
from ..model.ledger import LedgerEntry, ledger_entries, ledger_key, link_alternatives, rival_keys
from .engine import Conn
from .ledger import entry_json
from .paragraphs import claim_origins
from .records import CLAIM_ORDER

__all__ = ["Problem", "check_database"]

_EXAMPLES = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a database: which check found it, how many rows, and a one-line message."""

    check: str
    count: int
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


def _examples(values: list[Any]) -> str:
    shown = ", ".join(str(v) for v in values[:_EXAMPLES])
    return shown + (f" and {len(values) - _EXAMPLES:,} more" if len(values) > _EXAMPLES else "")


_ORPHANS: list[tuple[str, str, str]] = [
    # (check, what is wrong, SQL giving one identifying value per bad row)
    ("orphan-claim", "claims without their document",
     "SELECT c.id FROM claims c WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = c.doc_id)"),
    ("orphan-role", "claim_args rows without their claim",
     "SELECT a.claim_id FROM claim_args a WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = a.claim_id)"),
    ("orphan-source", "claim_sources rows without their claim",
     "SELECT s.claim_id FROM claim_sources s WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = s.claim_id)"),
    ("orphan-evidence", "evidence spans without their claim or document",
     "SELECT e.id FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = e.claim_id) "
     "OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = e.doc_id)"),
    ("orphan-edge", "claim_edges rows without their claim",
     "SELECT g.claim_id FROM claim_edges g WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = g.claim_id)"),
    ("orphan-member", "ledger_members rows without their claim or entry",
     "SELECT m.claim_id FROM ledger_members m WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = m.claim_id) "
     "OR NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.id = m.entry_id)"),
    ("evidence-document", "evidence spans filed under another document than their claim's",
     "SELECT e.id FROM evidence e JOIN claims c ON c.id = e.claim_id WHERE e.doc_id <> c.doc_id"),
    ("missing-entity", "roles, sources or edges naming an entity that is not stored",
     "SELECT a.entity_id FROM claim_args a WHERE a.entity_id IS NOT NULL "
     "AND NOT EXISTS (SELECT 1 FROM entities x WHERE x.id = a.entity_id) "
     "UNION SELECT s.entity_id FROM claim_sources s "
     "WHERE NOT EXISTS (SELECT 1 FROM entities x WHERE x.id = s.entity_id) "
     "UNION SELECT c.source_entity_id FROM claims c WHERE c.source_entity_id IS NOT NULL "
     "AND NOT EXISTS (SELECT 1 FROM entities x WHERE x.id = c.source_entity_id) "
     "UNION SELECT g.source FROM claim_edges g WHERE NOT EXISTS (SELECT 1 FROM entities x WHERE x.id = g.source) "
     "UNION SELECT g.target FROM claim_edges g WHERE NOT EXISTS (SELECT 1 FROM entities x WHERE x.id = g.target)"),
    ("unused-entity", "entities that no claim refers to",
     "SELECT x.id FROM entities x WHERE NOT EXISTS (SELECT 1 FROM claim_args a WHERE a.entity_id = x.id) "
     "AND NOT EXISTS (SELECT 1 FROM claim_sources s WHERE s.entity_id = x.id) "
     "AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.source_entity_id = x.id)"),
    ("orphan-name", "entity names or links without their entity or document",
     "SELECT n.entity_id FROM entity_names n WHERE NOT EXISTS (SELECT 1 FROM entities x WHERE x.id = n.entity_id) "
     "UNION SELECT k.entity_id FROM entity_links k "
     "WHERE NOT EXISTS (SELECT 1 FROM entities x WHERE x.id = k.entity_id) "
     "OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = k.doc_id)"),
    ("orphan-copy", "documents, bands or copied paragraphs pointing to a document that is not stored",
     "SELECT d.id FROM documents d WHERE d.copy_of IS NOT NULL "
     "AND NOT EXISTS (SELECT 1 FROM documents o WHERE o.id = d.copy_of) "
     "UNION SELECT b.doc_id FROM document_bands b WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = b.doc_id) "
     "UNION SELECT p.doc_id FROM paragraph_copies p WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = p.doc_id) "
     "OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = p.copy_of)"),
    ("evidence-offsets", "evidence spans outside their document's text, or not equal to it",
     'SELECT e.id FROM evidence e JOIN documents d ON d.id = e.doc_id WHERE e.start < 0 OR e."end" < e.start '
     'OR e."end" > length(d.text) OR substr(d.text, e.start + 1, e."end" - e.start) <> e.text'),
]


def _references(conn: Conn) -> list[Problem]:
    problems = []
    for check, what, sql in _ORPHANS:
        bad = [r[0] for r in conn.execute(sql).fetchall()]
        if bad:
            problems.append(Problem(check, len(bad), f"{len(bad):,} {what}: {_examples(sorted(bad, key=str))}"))
    return problems


def _stored_claims(conn: Conn) -> tuple[dict[str, list[Claim]], list[Problem]]:
    """The stored claims by ledger group (in ledger order), and what is wrong with their rows."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for cid, start, end, text in conn.execute('SELECT claim_id, start, "end", text FROM evidence'):
        spans[cid].append((int(start), int(end), text))
    groups: dict[str, list[Claim]] = defaultdict(list)
    wrong_row: list[str] = []
    wrong_key: list[str] = []
    wrong_spans: list[str] = []
    for cid, doc_id, key, text in conn.execute(
            f"SELECT c.id, c.doc_id, c.ledger_key, c.json FROM claims c JOIN documents d ON d.id = c.doc_id "
            f"ORDER BY {CLAIM_ORDER}"):
        claim = Claim.model_validate_json(text)
        if claim.id != cid or claim.doc_id != doc_id:
            wrong_row.append(cid)
        if key != ledger_key(claim):
            wrong_key.append(cid)
        if sorted((e.start, e.end, e.text) for e in claim.evidence) != sorted(spans.get(cid, [])):
            wrong_spans.append(cid)
        groups[key or ledger_key(claim)].append(claim)
    problems = [Problem(check, len(bad), f"{len(bad):,} {what}: {_examples(sorted(bad))}") for check, what, bad in (
        ("claim-json", "claims whose stored JSON is another claim's or another document's", wrong_row),
        ("claim-ledger-key", "claims whose ledger_key is not their claim's group", wrong_key),
        ("claim-evidence", "claims whose evidence rows differ from their JSON's evidence", wrong_spans)) if bad]
    return groups, problems


def _recomputed(conn: Conn, groups: dict[str, list[Claim]]) -> list[LedgerEntry]:
    """The ledger entries the stored claims give, as a rebuild computes them."""
    claims = [c for group in groups.values() for c in group]
    denies = [c for c in claims if c.type == "deny"]
    originals = {r[0]: r[1] for r in conn.execute("SELECT id, COALESCE(copy_of, id) FROM documents")}
    return link_alternatives(ledger_entries(groups, denies, originals, claim_origins(conn, claims)))


def _compare(check: str, what: str, stored: set[Any], expected: set[Any]) -> list[Problem]:
    extra, missing = stored - expected, expected - stored
    if not extra and not missing:
        return []
    ids = sorted({str(r[0]) for r in extra | missing})
    return [Problem(check, len(extra) + len(missing),
                    f"{what} differ from a recomputation ({len(extra):,} stored rows not expected, "
                    f"{len(missing):,} expected rows missing): {_examples(ids)}")]


def _ledger(conn: Conn, groups: dict[str, list[Claim]]) -> list[Problem]:
    entries = _recomputed(conn, groups)
    expected_entries = {(e.id, ledger_key(e.claims[0]), e.type, e.documents, e.sources, int(e.contested),
                         e.first_said, e.last_said, e.event_time, entry_json(e)) for e in entries}
    stored_entries = {tuple(int(v) if i in (3, 4, 5) else v for i, v in enumerate(r)) for r in conn.execute(
        "SELECT id, group_key, type, documents, sources, contested, first_said, last_said, event_time, json "
        "FROM ledger_entries")}
    return [
        *_compare("ledger-entries", "ledger entries", stored_entries, expected_entries),
        *_compare("ledger-members", "ledger members",
                  {tuple(r) for r in conn.execute("SELECT entry_id, claim_id FROM ledger_members")},
                  {(e.id, c.id) for e in entries for c in e.claims}),
        *_compare("ledger-siblings", "ledger rival keys",
                  {tuple(r) for r in conn.execute("SELECT entry_id, sib_key FROM ledger_siblings")},
                  {(e.id, k) for e in entries for k in rival_keys(e)}),
        *_compare("ledger-alternatives", "ledger alternatives",
                  {tuple(r) for r in conn.execute("SELECT entry_id, other_id FROM ledger_alternatives")},
                  {(e.id, a["entry"]) for e in entries for a in e.alternatives}),
    ]


_NULL_VALUE = re.compile(r"^NULL value in (\w+)\.(\w+)$")


_CLAIMS_BY_ENTITY = (
    "SELECT DISTINCT r.entity_id, CASE WHEN d.published IS NULL THEN 1 ELSE 0 END, COALESCE(d.published, ''), "
    "d.name, d.id, CASE WHEN c.first_start IS NULL THEN 1 ELSE 0 END, COALESCE(c.first_start, -1), c.id "
    "FROM (SELECT claim_id, entity_id FROM claim_args WHERE entity_id IS NOT NULL "
    "UNION SELECT claim_id, entity_id FROM claim_sources "
    "UNION SELECT id, source_entity_id FROM claims WHERE source_entity_id IS NOT NULL) AS r "
    "JOIN claims c ON c.id = r.claim_id JOIN documents d ON d.id = c.doc_id")


def _claims_by_entity(conn: Conn) -> list[Problem]:
    """Each entity's claims in publication order (migration 0010) against what the claims and documents say."""
    stored = {tuple(r) for r in conn.execute(
        "SELECT entity_id, undated, published, doc_name, doc_id, no_start, first_start, claim_id "
        "FROM claims_by_entity")}
    expected = {tuple(r) for r in conn.execute(_CLAIMS_BY_ENTITY)}
    return _compare("claims-by-entity", "the per-entity claim order (claims_by_entity)", stored, expected)


def _false_null(conn: Any, message: str) -> bool:
    """Whether ``message`` is SQLite 3.40.0-3.41.0's false "NULL value in T.C" (a WITHOUT ROWID table whose
    primary key columns are not declared first; fixed in 3.41.1): the column holds no NULL after all.
    ``typeof``, not ``IS NULL``, which SQLite answers from the NOT NULL constraint without reading."""
    found = _NULL_VALUE.match(message)
    if found is None or message == "ok":
        return False
    table, column = found.groups()
    return conn.execute(f'SELECT count(*) FROM "{table}" WHERE typeof("{column}") = \'null\'').fetchone()[0] == 0


def _sqlite_pages(conn: Any) -> list[Problem]:
    problems = []
    integrity = [m for (m,) in conn.execute("PRAGMA integrity_check").fetchall() if not _false_null(conn, m)]
    integrity = integrity or ["ok"]
    if integrity != ["ok"]:
        problems.append(Problem("sqlite-integrity", len(integrity), f"PRAGMA integrity_check: {_examples(integrity)}"))
    keys = conn.execute("PRAGMA foreign_key_check").fetchall()
    if keys:
        where = sorted({f"{r[0]} row {r[1]} -> {r[2]}" for r in keys})
        problems.append(Problem("sqlite-foreign-keys", len(keys),
                                f"{len(keys):,} rows whose foreign key points nowhere: {_examples(where)}"))
    return problems


def _sqlite_fts(conn: Any, errors: tuple[type[Exception], ...]) -> list[Problem]:
    if conn.execute("PRAGMA query_only").fetchone()[0]:
        return []  # the FTS5 check is an INSERT: not on a read-only connection
    problems = []
    for fts, table in (("documents_fts", "documents"), ("evidence_fts", "evidence")):
        try:  # rank 1: also compare the index with its external content table
            conn.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
        except errors as e:
            problems.append(Problem("fts-index", 1, f"the full-text index {fts} does not match {table} ({e})"))
    return problems


def check_database(conn: Conn, engine: str, errors: tuple[type[Exception], ...] = ()) -> list[Problem]:
    """What is wrong with the database on ``conn`` (``engine``: ``sqlite`` or ``postgresql``; the connection in
    autocommit mode, no transaction open); empty when nothing is. ``errors`` are the driver's exceptions (an
    FTS5 mismatch raises one). Reads only, in one read transaction (a snapshot: a writer may go on meanwhile)."""
    sqlite = engine == "sqlite"
    conn.execute("BEGIN" if sqlite else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    try:
        if sqlite:  # the first read fixes the snapshot every later read of the transaction sees
            conn.execute("SELECT count(*) FROM documents").fetchone()
        problems = _sqlite_pages(conn) if sqlite else []
        problems += _references(conn)
        groups, claim_problems = _stored_claims(conn)
        problems += [*claim_problems, *_ledger(conn, groups), *_claims_by_entity(conn)]
    finally:
        conn.execute("ROLLBACK")
    return [*problems, *(_sqlite_fts(conn, errors) if sqlite else [])]

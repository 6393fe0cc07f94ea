"""The stored ledger: entries kept up to date at ingest, group by group.

Every claim row carries its ``ledger_key`` (:func:`claimgraph.model.ledger.ledger_key`). When a document is
stored, :func:`refresh_ledger` recomputes the entries of the groups its claims (old and new) belong to, from
every stored claim of those groups, with the same pure functions :func:`claimgraph.model.ledger.build_ledger`
uses; the entries next to them (possible rivals: same type, one key role different, a shared rival key and
a compatible event time, or naming a rewritten entry as a rival) only get their ``alternatives`` updated.
Other entries are not read or written. An entry row is rewritten only when its content changed;
``written_in`` records the ingest (``documents.seq``) that last wrote it.

A group's entries are one per event time, and a claim that joins the group changes one or two of them. Each
entry row keeps a digest of what it was built from (``inputs``, migration 0012: its event time, its claims as
stored with their original documents, and the deny claims of those documents); an entry whose digest comes out
the same is not built again, and is linked to the rewritten ones as any stored neighbour is. At 6,000-8,000
generated reports that was a third of the refresh.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..model import Claim, claim_from_json, stored_claim
from ..model.ledger import (
    LedgerEntry,
    ledger_entries,
    ledger_key,
    link_alternatives,
    possible_rivals,
    relink,
    rival_index,
    rival_keys,
)
from .engine import Conn, select_in
from .paragraphs import claim_origins
from .records import CLAIM_ORDER

__all__ = ["backfill_ledger", "entry_from_json", "refresh_ledger"]

_NEIGHBOURS_KEPT = 8192
"""Neighbour entries kept parsed between refreshes (a few MB): more than one batch's refresh reads."""


def entry_json(entry: LedgerEntry) -> str:
    """The stored JSON of an entry: everything but its claims (those are ``ledger_members``)."""
    return entry.model_dump_json(exclude={"claims"})


def entry_from_json(text: str, claims: list[Claim]) -> LedgerEntry:
    """An entry read back from its stored JSON and its claims."""
    return LedgerEntry.model_validate({**json.loads(text), "claims": claims})


def _row(entry: LedgerEntry, inputs: str, written_in: int) -> tuple[Any, ...]:
    return (entry.id, ledger_key(entry.claims[0]), entry.type, entry.documents, entry.sources, int(entry.contested),
            entry.first_said, entry.last_said, entry.event_time, entry_json(entry), inputs, written_in)


def _inputs_digest(anchor: str | None, members: list[Claim], texts: dict[str, str], deny_texts: dict[str, list[str]],
                   origins: dict[str, str], originals: dict[str, str]) -> str:
    """A digest of everything an entry is built from (:func:`claimgraph.model.ledger.ledger_entries`): its event
    time, its claims in order, each as stored and with the original document it counts under, and the deny
    claims of their documents. The same digest, the same entry."""
    digest = hashlib.blake2b(repr(anchor).encode(), digest_size=16)
    for c in members:
        digest.update(f"\0{origins.get(c.id) or originals.get(c.doc_id, c.doc_id)}\0{texts[c.id]}".encode())
    for doc in dict.fromkeys(c.doc_id for c in members):
        for text in deny_texts.get(doc, ()):
            digest.update(f"\1{text}".encode())
    return digest.hexdigest()


def _time_condition(times: set[str]) -> tuple[str, list[str]]:
    """SQL (over ``e.event_time``) for an event time compatible with one of ``times`` (one is a prefix of the
    other), and its parameters: one ``IN`` list per length of time, so that a batch with thousands of event
    times stays far below SQLite's expression depth limit of 1,000."""
    prefixes = sorted({t[:n] for t in times for n in (4, 7, 10, len(t))})
    by_length: dict[int, list[str]] = defaultdict(list)
    for t in sorted(times):
        by_length[len(t)].append(t)
    sql = f"e.event_time IN ({', '.join('?' * len(prefixes))})" + "".join(
        f" OR substr(e.event_time, 1, {length:d}) IN ({', '.join('?' * len(group))})"
        for length, group in sorted(by_length.items()))
    return f"({sql})", [*prefixes, *(t for _, group in sorted(by_length.items()) for t in group)]


def _neighbours(conn: Conn, sibs: set[str], times: set[str],
                replaced: set[str]) -> dict[str, tuple[LedgerEntry, list[str]]]:
    """Stored entries that may be rivals of the rewritten ones (a shared rival key and a compatible event
    time) or that named one of the ``replaced`` entries as a rival; without their claims, each with its
    rival keys."""
    rows: list[Any] = []
    if times:
        cond, params = _time_condition(times)
        rows += select_in(conn, "SELECT e.id, e.json FROM ledger_siblings s JOIN ledger_entries e "
                                f"ON e.id = s.entry_id WHERE s.sib_key IN ({{}}) AND {cond}", sorted(sibs), params)
    rows += select_in(conn, "SELECT e.id, e.json FROM ledger_alternatives a JOIN ledger_entries e "
                            "ON e.id = a.entry_id WHERE a.other_id IN ({})", sorted(replaced))
    return {eid: _stored_entry(text) for eid, text in rows if eid not in replaced}


@lru_cache(maxsize=_NEIGHBOURS_KEPT)
def _stored_entry(text: str) -> tuple[LedgerEntry, list[str]]:
    """A neighbour read back from its stored JSON, with its rival keys: parsed once per text, since the entries
    next to a busy group are read again at every refresh of it and an entry row is immutable until rewritten
    (then its text differs)."""
    entry = entry_from_json(text, [])
    return entry, rival_keys(entry)


def refresh_ledger(conn: Conn, keys: Iterable[str | None], written_in: int,
                   everything: bool = False) -> int:
    """Recompute the stored entries of the groups ``keys`` (inside the caller's transaction) and update the
    alternatives of the entries next to them; returns how many entries were recomputed or relinked.
    ``everything``: ``keys`` are all the groups there are (a rebuild), so there is nothing next to them."""
    keys = sorted({k for k in keys if k})
    if not keys:
        return 0
    stored = dict(select_in(conn, "SELECT id, inputs FROM ledger_entries WHERE group_key IN ({})", keys))
    old_ids = set(stored)
    groups: dict[str, list[Claim]] = defaultdict(list)
    texts: dict[str, str] = {}  # claim id -> its stored JSON, for the entries' inputs digests
    for key, cid, text in select_in(conn, "SELECT c.ledger_key, c.id, c.json FROM claims c JOIN documents d "
                                          f"ON d.id = c.doc_id WHERE c.ledger_key IN ({{}}) ORDER BY {CLAIM_ORDER}",
                                    keys):
        groups[key].append(stored_claim(cid, text))
        texts[cid] = text
    claims = [c for group in groups.values() for c in group]
    docs = sorted({c.doc_id for c in claims})
    denies: list[Claim] = []
    deny_texts: dict[str, list[str]] = defaultdict(list)  # document id -> the stored JSON of its deny claims
    for cid, text in select_in(conn, "SELECT id, json FROM claims WHERE doc_id IN ({}) AND type || '' = 'deny'",
                               docs):  # by doc_id's index: SQLite would otherwise walk every deny claim of the
        denies.append(stored_claim(cid, text))  # database through the (type, status) index
        deny_texts[denies[-1].doc_id].append(text)
    originals = dict(select_in(conn, "SELECT id, COALESCE(copy_of, id) FROM documents WHERE id IN ({})", docs))
    origins = claim_origins(conn, claims)
    digests: dict[str, str] = {}  # entry id -> the inputs digest of the entry built now
    kept: set[str] = set()  # stored entries built from the very inputs they would be built from now

    def unchanged(entry_id: str, anchor: str | None, members: list[Claim]) -> bool:
        digest = digests[entry_id] = _inputs_digest(anchor, members, texts, deny_texts, origins, originals)
        if not everything and stored.get(entry_id) == digest:
            kept.add(entry_id)
            return True
        return False

    entries = ledger_entries(groups, denies, originals, origins, unchanged=unchanged)
    new_ids = {e.id for e in entries}
    replaced = (old_ids - kept) | new_ids  # kept entries stand: the rewritten ones find them as neighbours
    keys_of: dict[str, list[str]] = {}  # rival keys by entry id: they do not change when alternatives do

    def keys(entry: LedgerEntry) -> list[str]:
        found = keys_of.get(entry.id)
        if found is None:
            found = keys_of[entry.id] = rival_keys(entry)
        return found

    sibs = {k for e in entries for k in keys(e)}
    found = {} if everything else _neighbours(conn, sibs, {e.event_time for e in entries if e.event_time}, replaced)
    neighbours = {eid: entry for eid, (entry, _) in found.items()}
    keys_of.update({eid: rivals for eid, (_, rivals) in found.items()})
    if neighbours:  # each entry against the entries and neighbours it shares a rival key with, not all of them
        near = rival_index([*entries, *neighbours.values()], keys)
        entries = [relink(e, set(), possible_rivals(e, near, keys)) for e in entries]
    else:
        entries = link_alternatives(entries)

    select_in(conn, "DELETE FROM ledger_entries WHERE id IN ({})", sorted(old_ids - new_ids - kept))
    conn.executemany(  # written_in moves only with the entry's content, not with its inputs alone
        "INSERT INTO ledger_entries (id, group_key, type, documents, sources, contested, first_said, last_said, "
        "event_time, json, inputs, written_in) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
        "SET group_key = excluded.group_key, type = excluded.type, documents = excluded.documents, "
        "sources = excluded.sources, contested = excluded.contested, first_said = excluded.first_said, "
        "last_said = excluded.last_said, event_time = excluded.event_time, inputs = excluded.inputs, "
        "written_in = CASE WHEN ledger_entries.json IS DISTINCT FROM excluded.json THEN excluded.written_in "
        "ELSE ledger_entries.written_in END, json = excluded.json "
        "WHERE ledger_entries.json IS DISTINCT FROM excluded.json OR ledger_entries.inputs IS DISTINCT FROM "
        "excluded.inputs", [_row(e, digests[e.id], written_in) for e in entries])
    _sync(conn, "ledger_members", "claim_id", new_ids, {(e.id, c.id) for e in entries for c in e.claims})
    _sync(conn, "ledger_siblings", "sib_key", new_ids, {(e.id, k) for e in entries for k in keys(e)})
    rewritten = rival_index(entries, keys)
    relinked = [u for n in neighbours.values()
                if (u := relink(n, replaced, possible_rivals(n, rewritten, keys))) is not n]
    conn.executemany("UPDATE ledger_entries SET json = ?, contested = ?, written_in = ? WHERE id = ?",
                     [(entry_json(u), int(u.contested), written_in, u.id) for u in relinked])
    _write_alternatives(conn, [*entries, *relinked])
    return len(entries) + len(relinked)


def _write_alternatives(conn: Conn, entries: list[LedgerEntry]) -> None:
    _sync(conn, "ledger_alternatives", "other_id", {e.id for e in entries},
          {(e.id, a["entry"]) for e in entries for a in e.alternatives})


def _sync(conn: Conn, table: str, column: str, entry_ids: set[str], wanted: set[tuple[str, str]]) -> None:
    """Make the (entry_id, ``column``) rows of ``table`` for ``entry_ids`` exactly ``wanted``, writing only what
    differs: a busy group's entries keep most of their members and keys from one refresh to the next, and
    rewriting them all dirtied pages that every commit then wrote out again."""
    have = {(a, b) for a, b in select_in(conn, f"SELECT entry_id, {column} FROM {table} WHERE entry_id IN ({{}})",
                                         sorted(entry_ids))}
    conn.executemany(f"DELETE FROM {table} WHERE entry_id = ? AND {column} = ?", sorted(have - wanted))
    conn.executemany(f"INSERT INTO {table} (entry_id, {column}) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     sorted(wanted - have))


def backfill_ledger(conn: sqlite3.Connection) -> int:
    """Give claims stored before the ledger was stored (schema 4 and older) their ``ledger_key``, and build
    their entries; returns how many claims were keyed."""
    rows = conn.execute("SELECT id, json FROM claims WHERE ledger_key IS NULL").fetchall()
    if not rows:
        return 0
    keyed = [(ledger_key(claim_from_json(text)), cid) for cid, text in rows]
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany("UPDATE claims SET ledger_key = ? WHERE id = ?", keyed)
        everything = conn.execute("SELECT count(*) FROM claims").fetchone()[0] == len(rows)
        stored = {r[0] for r in conn.execute("SELECT group_key FROM ledger_entries")} if everything else set()
        refresh_ledger(conn, {k for k, _ in keyed} | stored, written_in=0, everything=everything)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return len(rows)

"""What only the PostgreSQL engine has: its migrations and version table, the advisory lock, placeholder
translation, and one-line errors for a bad URL, a refused connection, a wrong password."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from claimgraph.errors import StoreError
from claimgraph.store import Store, latest_version, redact
from claimgraph.store.migrator import load_migrations
from claimgraph.store.pg_migrator import VERSION_TABLE, load_pg_migrations, migrate_pg
from claimgraph.store.postgres import placeholders
from servers import free_port


def test_placeholders_are_translated_outside_literals_only() -> None:
    assert placeholders("SELECT ? FROM t WHERE a = ? AND b LIKE '%?%' ESCAPE '\\'") == \
        "SELECT %s FROM t WHERE a = %s AND b LIKE '%%?%%' ESCAPE '\\'"
    assert placeholders('SELECT "odd?name", \'it\'\'s?\', ?') == 'SELECT "odd?name", \'it\'\'s?\', %s'


def test_redact_hides_the_password() -> None:
    assert redact("postgresql://u:s3cret@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"


def test_every_sqlite_migration_has_a_postgresql_one() -> None:
    assert [m.version for m in load_pg_migrations()] == [m.version for m in load_migrations()]


def _tables(store: Store) -> set[str]:
    return {r[0] for r in store.read("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}


def test_open_migrates_once_and_records_each_version(pg_url: str) -> None:
    with Store.open(pg_url) as store:
        assert store.engine == "postgresql"
        versions = [r[0] for r in store.read(f"SELECT version FROM {VERSION_TABLE} ORDER BY version")]
        assert versions == list(range(1, latest_version() + 1))
        assert {"documents", "entities", "claims", "claim_args", "claim_sources", "evidence", "entity_links",
                "document_bands", "paragraph_bands", "paragraph_copies", "ledger_entries", "ledger_members",
                "ledger_siblings", "ledger_alternatives", "claim_edges"} <= _tables(store)
        views = {r[0] for r in store.read("SELECT viewname FROM pg_views WHERE schemaname = current_schema()")}
        assert views == {"claims_readable", "entity_claims"}
        assert migrate_pg(store.connection) == []


def test_the_same_columns_as_sqlite(pg_url: str, tmp_path) -> None:
    with Store.open(pg_url) as pg, Store.open(tmp_path / "x.db") as lite:
        for table in sorted(_tables(pg) - {VERSION_TABLE}):
            theirs = [r[1] for r in lite.read(f"PRAGMA table_info({table})")]
            ours = [r[0] for r in pg.read("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                          "AND table_schema = current_schema() ORDER BY ordinal_position", (table,))]
            assert ours == theirs, table


def test_processes_opening_a_new_database_at_once_migrate_it_once(pg_url: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_it() -> None:
        try:
            barrier.wait()
            Store.open(pg_url).close()
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store.open(pg_url) as store:
        assert store.read(f"SELECT count(*), count(DISTINCT version) FROM {VERSION_TABLE}")[0] == \
            (latest_version(), latest_version())


def test_read_only_needs_a_migrated_database_and_writes_nothing(pg_url: str) -> None:
    with pytest.raises(StoreError, match="not a claimgraph database yet"):
        Store.open(pg_url, read_only=True)
    Store.open(pg_url).close()
    with Store.open(pg_url, read_only=True) as store:
        assert store.counts()["documents"] == 0
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            store.connection.execute("DELETE FROM documents")


def test_a_foreign_database_is_a_store_error(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (x text)")
    with pytest.raises(StoreError, match="not a claimgraph database"):
        Store.open(pg_url)


def test_a_newer_schema_is_a_store_error(pg_url: str) -> None:
    Store.open(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"INSERT INTO {VERSION_TABLE} (version, name) VALUES (%s, 'future')", (latest_version() + 1,))
    with pytest.raises(StoreError, match="newer than this claimgraph knows"):
        Store.open(pg_url)


def _with(url: str, **parts: object) -> str:
    split = urlsplit(url)
    user = parts.get("user", split.username)
    password = parts.get("password", split.password)
    port = parts.get("port", split.port)
    login = f"{user}:{password}@" if password is not None else f"{user}@"
    return urlunsplit(split._replace(netloc=f"{login}{split.hostname}:{port}", path=str(parts.get("path", split.path))))


def _one_line(url: str, match: str) -> str:
    with pytest.raises(StoreError, match=match) as info:
        Store.open(url)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_refused_connection_is_one_line(pg_url: str) -> None:
    _one_line(_with(pg_url, port=free_port()), "connection refused at 127.0.0.1:")


def test_a_wrong_password_is_one_line_without_the_password(pg_url: str) -> None:
    wrong = _with(pg_url, password="not-the-password")
    try:
        psycopg.connect(wrong).close()
    except psycopg.OperationalError:
        pass
    else:
        pytest.skip("this server does not check passwords")
    message = _one_line(wrong, "wrong password for user")
    assert "not-the-password" not in message and ":***@" in message


def test_a_bad_url_and_a_missing_database_are_one_line(pg_url: str) -> None:
    _one_line("postgresql://user@localhost:notaport/db", "not a valid PostgreSQL URL")
    _one_line(_with(pg_url, path="/no_such_db"), 'database "no_such_db" does not exist')


def test_a_write_lock_held_past_the_busy_timeout_is_retried_then_a_clear_error(pg_url: str) -> None:
    """Another writer holding the write lock: a write waits the busy timeout, backs off and tries again (so a
    lock released meanwhile lets it through), then says the database is locked, having written nothing."""
    import time

    from claimgraph.model import Document
    from claimgraph.store.postgres import WRITE_LOCK

    with Store.open(pg_url, busy_timeout=0.3) as store, psycopg.connect(pg_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        release = threading.Timer(1.0, lambda: holder.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,)))
        release.start()
        started = time.monotonic()
        assert store.add(Document(text="Iran sold drones to Russia.", name="brief"), []).new
        assert 0.9 < time.monotonic() - started < 10
        release.join()
        holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        started = time.monotonic()
        with pytest.raises(StoreError, match="locked by another writer: retry when it has finished, or wait "
                                             "longer with --busy-timeout SECONDS"):
            store.add(Document(text="Another dispatch.", name="late"), [])
        assert 4.5 < time.monotonic() - started < 30  # 4 waits of 0.3 s and 3.5 s of backing off
        assert [d.name for d in store.documents()] == ["brief"]

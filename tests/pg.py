"""A throwaway PostgreSQL server for the tests, or the one ``CLAIMGRAPH_TEST_PG`` names.

The server runs as the ``postgres`` OS user when the tests run as root (PostgreSQL refuses to run as root),
in a temporary folder, on a free loopback port, with a password for TCP logins (so a wrong password can be
tested) and fsync off (the data is thrown away). Each test gets a database of its own.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from servers import free_port

__all__ = ["PgServer", "Unavailable", "start_server"]


class Unavailable(Exception):
    """No PostgreSQL server can be started here (not installed, or no user to run it as)."""


class PgServer:
    """A server to make test databases on: ``url`` logs in as a role allowed to create databases."""

    def __init__(self, url: str, data: Path | None = None, run_as: list[str] | None = None,
                 bin_dir: Path | None = None) -> None:
        self.url = url
        self._data = data
        self._run_as = run_as or []
        self._bin = bin_dir

    def url_for(self, dbname: str) -> str:
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{dbname}"))

    def create_database(self, prefix: str = "cg_test") -> str:
        """A new empty database; its URL."""
        name = f"{prefix}_{secrets.token_hex(6)}"
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def drop_database(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self._data is None or self._bin is None:
            return
        subprocess.run([*self._run_as, str(self._bin / "pg_ctl"), "-D", str(self._data), "-m", "fast", "-w",
                        "stop"], capture_output=True, check=False)
        shutil.rmtree(self._data.parent, ignore_errors=True)


def _bin_dir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise Unavailable("PostgreSQL is not installed (scripts/setup-postgres.sh installs it)")
    return Path(candidates[-1]).parent


def start_server() -> PgServer:
    """Start a new server; stop it with :meth:`PgServer.stop`."""
    bin_dir = _bin_dir()
    run_as: list[str] = []
    as_root = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="claimgraph-pg-", dir="/tmp" if as_root else None))  # postgres reaches it
    if as_root:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("no postgres OS user to run the server as (the package creates it)") from None
        os.chown(root, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    password = secrets.token_hex(12)
    pwfile = root / "pw"
    pwfile.write_text(password + "\n")
    if run_as:
        os.chown(pwfile, pwd.getpwnam("postgres").pw_uid, -1)
    data, port = root / "data", free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*run_as, *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            shutil.rmtree(root, ignore_errors=True)
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr or done.stdout}")

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth-local=trust",
        "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8")
    options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=50")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-t", "60", "-l", str(root / "log"), "-o", options, "start")
    return PgServer(f"postgresql://postgres:{password}@127.0.0.1:{port}/postgres", data, run_as, bin_dir)

"""POST /api/documents over a real SQLite file: off unless the app is writable, then only with the token;
bodies bounded; the document goes through the ingest path and is then served like any other. And
``claimgraph serve --writable`` as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.store import Store
from claimgraph.web import create_app
from claimgraph.web.write import MAX_BODY, MAX_TEXT, load_token
from servers import free_port, wait_until_up

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REPORT = {"text": "Iran handed 46 drones over to Russia, a Ukrainian official said on Friday.",
          "name": "posted-1", "title": "Drones", "outlet": "Example News", "published": "2022-08-05"}


def _counts(db: Path) -> dict[str, int]:
    with Store.open(db, read_only=True) as store:
        return store.counts()


@pytest.fixture
def db(web_db, tmp_path) -> Path:
    path = tmp_path / "writable.db"
    shutil.copy(web_db, path)
    return path


@pytest.fixture(scope="module")
def writable(web_db, tmp_path_factory):
    """One writable app (its pipeline loads once, on the first write) over a copy of the workbench database."""
    path = tmp_path_factory.mktemp("write") / "writable.db"
    shutil.copy(web_db, path)
    app = create_app(path, writable=True, token=TOKEN)
    return app, TestClient(app), path


def test_a_read_only_workbench_refuses_every_write_and_stays_unchanged(web_db):
    before = _counts(web_db)
    client = TestClient(create_app(web_db))
    for headers in ({}, AUTH, {"Authorization": "Bearer wrong"}):
        r = client.post("/api/documents", json=REPORT, headers=headers)
        assert r.status_code == 403 and "read-only" in r.json()["detail"], headers
    assert client.put("/api/documents", json=REPORT).status_code == 405
    assert _counts(web_db) == before


def test_without_the_token_401_with_a_wrong_one_403(writable):
    _app, client, path = writable
    before = _counts(path)
    r = client.post("/api/documents", json=REPORT)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and "token" in r.json()["detail"]
    for value in ("Basic " + TOKEN, TOKEN, "Bearer", "Bearer "):  # not a bearer token at all
        assert client.post("/api/documents", json=REPORT, headers={"Authorization": value}).status_code == 401
    for wrong in (b"wrong", TOKEN[:-1].encode(), TOKEN.encode() + b"x", TOKEN.upper().encode(),
                  "tést-token-0123456789abcdef".encode()):  # not ASCII: still compared, not a 500
        r = client.post("/api/documents", json=REPORT, headers={"Authorization": b"Bearer " + wrong})
        assert r.status_code == 403 and r.json()["detail"] == "wrong token", wrong
    assert _counts(path) == before


def test_with_the_token_a_document_is_extracted_stored_and_served(writable):
    app, client, _path = writable
    assert app.state.writer.processor is None  # nothing loaded spaCy yet
    r = client.post("/api/documents", json=REPORT, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["new"] and body["changed"] and body["claims"] >= 1 and body["name"] == "posted-1"
    loaded = app.state.writer.processor
    assert loaded is not None
    doc = client.get("/api/documents/posted-1").json()
    assert doc["id"] == body["id"] and doc["outlet"] == "Example News" and doc["published"] == "2022-08-05"
    transfer = next(c for c in doc["claims"] if c["type"] == "transfer")
    assert transfer["args"]["supplier"]["name"] == "Iran" and transfer["args"]["quantity"] == 46
    assert client.get(f"/claims/{transfer['id']}").status_code == 200  # the pages serve it too
    again = client.post("/api/documents", json=REPORT, headers=AUTH)
    assert again.status_code == 200 and again.json() == {**body, "new": False, "changed": False}
    assert app.state.writer.processor is loaded  # one pipeline for the app's life


@pytest.mark.parametrize(("change", "needle"), [
    ({"text": ""}, "text"), ({"text": " \n\t "}, "text: Value error, is blank"), ({"name": ""}, "name"),
    ({"name": "a\x00b"}, "name: Value error, contains a NUL character"), ({"text": "x" * (MAX_TEXT + 1)}, "text"),
    ({"published": "2022-13-01"}, "published"), ({"extra": 1}, "extra"), ({"title": "t" * 1001}, "title"),
])
def test_a_bad_body_is_422_naming_the_field(writable, change, needle):
    _app, client, path = writable
    before = _counts(path)
    r = client.post("/api/documents", json={**REPORT, **change}, headers=AUTH)
    assert r.status_code == 422 and needle in r.json()["detail"], r.text
    assert _counts(path) == before


def test_a_missing_field_or_non_json_body_is_refused(writable):
    _app, client, _path = writable
    assert client.post("/api/documents", json={"text": "x"}, headers=AUTH).status_code == 422
    r = client.post("/api/documents", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code in (400, 422)


def test_a_body_over_2_mb_is_413_with_or_without_a_length(writable):
    _app, client, path = writable
    before = _counts(path)
    big = b'{"name": "big", "text": "' + b"a" * MAX_BODY + b'"}'
    r = client.post("/api/documents", content=big, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413
    chunks = (big[i:i + 65536] for i in range(0, len(big), 65536))  # chunked: no Content-Length to trust
    r = client.post("/api/documents", content=chunks, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413
    assert client.post("/api/network", content=big).status_code == 413  # on any route, before routing
    assert _counts(path) == before


def test_a_writable_app_needs_a_token(db):
    with pytest.raises(ClaimgraphError, match="needs a token"):
        create_app(db, writable=True)
    with pytest.raises(ClaimgraphError, match="needs a token"):
        create_app(db, writable=True, token="")


def test_the_token_comes_from_the_file_else_the_environment(tmp_path):
    good = tmp_path / "token"
    good.write_text(f"  {TOKEN}\n", encoding="utf-8")
    assert load_token(good, {}) == TOKEN
    assert load_token(good, {"CLAIMGRAPH_TOKEN": "other-token-0123456789"}) == TOKEN
    assert load_token(None, {"CLAIMGRAPH_TOKEN": "other-token-0123456789"}) == "other-token-0123456789"
    assert load_token(None, {}) is None
    short = tmp_path / "short"
    short.write_text("abc", encoding="utf-8")
    for path, env in ((short, {}), (None, {"CLAIMGRAPH_TOKEN": "has a space inside!!"}), (tmp_path / "none", {})):
        with pytest.raises(InputError):
            load_token(path, env)


# -- claimgraph serve --writable, a real process ------------------------------------------------------------

CLI = [sys.executable, "-m", "claimgraph.cli"]


def _serve(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "serve", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})})


def test_serve_writable_without_a_token_is_one_line_and_exit_2(db, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CLAIMGRAPH_TOKEN"}
    res = subprocess.run([*CLI, "serve", "--db", str(db), "--writable"], capture_output=True, text=True,
                         timeout=60, env={**env, "NO_COLOR": "1"})
    assert res.returncode == 2 and "--writable needs a token" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    short = tmp_path / "short"
    short.write_text("abc", encoding="utf-8")
    res = _serve("--db", str(db), "--writable", "--token-file", str(short))
    assert res.returncode == 2 and "at least 16 characters" in res.stderr
    res = _serve("--db", str(db), "--writable", "--token-file", str(tmp_path / "missing"))
    assert res.returncode == 2 and "cannot read the token" in res.stderr


def test_serve_writable_with_a_token_file_stores_documents_for_the_token_only(db, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port), "--writable", "--token-file",
                             str(token_file)], stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})
    try:
        wait_until_up(f"{base}/healthz", proc)
        assert httpx.post(f"{base}/api/documents", json=REPORT).status_code == 401
        r = httpx.post(f"{base}/api/documents", json=REPORT, headers=AUTH, timeout=120)
        assert r.status_code == 201 and r.headers["x-frame-options"] == "DENY"
        assert httpx.get(f"{base}/api/documents/posted-1").json()["name"] == "posted-1"
        assert httpx.get(f"{base}/api/network", headers={"Host": "rebound.example"}).status_code == 400
    finally:
        proc.terminate()
        proc.wait(20)
    with Store.open(db, read_only=True) as store:
        assert store.get_document("posted-1") is not None


def test_serve_read_only_answers_403_to_writes(db):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port)], stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "NO_COLOR": "1", "CLAIMGRAPH_TOKEN": TOKEN})
    try:
        wait_until_up(f"{base}/healthz", proc)
        assert httpx.post(f"{base}/api/documents", json=REPORT, headers=AUTH).status_code == 403
    finally:
        proc.terminate()
        proc.wait(20)

"""The workbench's HTTP hardening over a real database: security headers on every kind of response, no inline
script or style in any page, bounded URLs and parameters, no path traversal (raw requests to a real uvicorn
server, so no client normalises the path first), and the Host check on loopback."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from claimgraph.web import create_app
from claimgraph.web.security import CSP, DOCS_CSP, LOOPBACK_HOSTS, MAX_URL, SECURITY_HEADERS
from servers import free_port


@pytest.fixture(scope="module")
def app(web_db):
    return create_app(web_db)


@pytest.fixture(scope="module")
def http(app) -> TestClient:
    return TestClient(app)


def _hardened(response, csp: str = CSP) -> None:
    assert response.headers["content-security-policy"] == csp, response.request.url
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, (response.request.url, name)


def test_the_policy_allows_only_this_origin_and_no_framing():
    directives = dict(d.split(" ", 1) for d in CSP.split("; "))
    assert directives["default-src"] == "'none'"
    for kind in ("script-src", "style-src", "img-src", "connect-src"):
        assert directives[kind] == "'self'", kind
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in CSP and "unsafe" not in DOCS_CSP and "nonce" not in CSP
    assert dict(d.split(" ", 1) for d in DOCS_CSP.split("; "))["img-src"] == "'self' data:"


@pytest.mark.parametrize(("method", "url", "status"), [
    ("GET", "/", 200), ("GET", "/?q=Iran", 200), ("GET", "/network", 200), ("GET", "/ledger", 200),
    ("GET", "/documents/report-0", 200), ("GET", "/api/network", 200), ("GET", "/api/search?q=drones", 200),
    ("GET", "/openapi.json", 200), ("GET", "/static/app.css", 200), ("GET", "/static/network.js", 200),
    ("GET", "/healthz", 200), ("GET", "/nope", 404), ("GET", "/api/claims/c-none", 404),
    ("GET", "/static/none.css", 404), ("GET", "/api/network?type=bogus", 422), ("GET", "/ledger?limit=x", 422),
    ("DELETE", "/api/network", 405), ("POST", "/api/documents", 403),
])
def test_every_kind_of_response_carries_the_security_headers(http, method, url, status):
    r = http.request(method, url)
    assert r.status_code == status
    _hardened(r)


def test_the_api_explorer_has_no_inline_script_and_its_own_image_policy(http):
    r = http.get("/docs")
    assert r.status_code == 200
    _hardened(r, DOCS_CSP)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", r.text, re.S)
    assert {attrs.strip() for attrs, _ in scripts} == {'src="/static/vendor/swagger-ui-bundle.js" defer',
                                                        'src="/static/swagger-init.js" defer'}
    assert all(not body.strip() for _, body in scripts)
    init = http.get("/static/swagger-init.js")
    assert init.status_code == 200 and "SwaggerUIBundle" in init.text and "/openapi.json" in r.text


def test_a_server_error_is_a_plain_500_with_the_headers_and_no_traceback(web_db, tmp_path):
    db = tmp_path / "vanishing.db"
    shutil.copy(web_db, db)
    app = create_app(db)
    db.unlink()  # the database goes away under a running server: every request now fails inside
    client = TestClient(app, raise_server_exceptions=False)
    for url in ("/api/network", "/network"):
        r = client.get(url)
        assert r.status_code == 500, url
        _hardened(r)
        assert "internal error" in r.text and "Traceback" not in r.text and str(db) not in r.text


def test_no_page_has_inline_script_style_or_event_handlers(http, iran_id):
    claim = http.get("/api/entities/" + iran_id + "/claims", params={"limit": 1}).json()[0]["id"]
    entry = http.get("/api/ledger", params={"limit": 1}).json()[0]["id"]
    edge = re.search(r'class="edge-link" href="(/edges\?[^"]+)"', http.get("/network").text).group(1)
    pages = ["/", "/?q=Iran", f"/entities/{iran_id}", f"/claims/{claim}", "/ledger", f"/ledger/{entry}",
             "/documents/seed-iran-international-2022-08-05", "/network", edge.replace("&amp;", "&"),
             f"/timeline?entity={iran_id}", "/nope", "/docs"]
    for url in pages:
        html = http.get(url).text
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
            assert "src=" in attrs or 'type="application/json"' in attrs, (url, attrs)  # data, never code
            assert "src=" not in attrs or not body.strip(), url
        assert not re.search(r"<style\b|\sstyle\s*=", html, re.I), url
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html, re.I), url
        assert not re.search(r"javascript:", html, re.I), url


def test_an_over_long_request_line_is_414(http):
    padding = "x" * (MAX_URL + 1)
    for url in (f"/api/search?q=a&pad={padding}", f"/?pad={padding}", f"/static/{padding}"):
        r = http.get(url)
        assert r.status_code == 414, url[:40]
        _hardened(r)
    assert "at most 8192" in http.get(f"/api/network?pad={padding}").json()["detail"]
    assert "<h1>414</h1>" in http.get(f"/?pad={padding}").text


LONG = "a" * 201


@pytest.mark.parametrize(("url", "name"), [
    (f"/api/search?q={LONG}", "q"), (f"/api/ledger?entity={LONG}", "entity"),
    (f"/api/network?source={LONG}", "source"), (f"/api/network?entity={LONG}", "entity"),
    (f"/api/network?type={LONG}", "type"), (f"/api/network?since={LONG}", "since"),
    (f"/api/timeline?entity={LONG}", "entity"), ("/api/entities/e-1/claims?role=" + LONG, "role"),
    ("/api/claims/" + "c" * 501, "claim_id"), ("/api/entities/" + "e" * 501, "entity_id"),
    ("/api/ledger/" + "l" * 501, "entry_id"), ("/api/documents/" + "d" * 501, "doc_id"),
    (f"/?q={LONG}", "q"), (f"/network?source={LONG}", "source"), (f"/timeline?entity={LONG}", "entity"),
    (f"/edges?source={LONG}&target=b&type=transfer", "source"), ("/claims/" + "c" * 501, "claim_id"),
    ("/documents/" + "d" * 501, "doc_id"), (f"/entities/e-1?role={LONG}", "role"),
])
def test_every_text_parameter_has_a_maximum_length(http, url, name):
    r = http.get(url)
    assert r.status_code == 422, url[:60]
    text = r.json()["detail"] if url.startswith("/api/") else r.text
    assert f"{name}: String should have at most" in text, text[:300]


def test_a_parameter_given_twice_is_refused(http):
    r = http.get("/api/network?type=transfer&type=attack")
    assert r.status_code == 422 and r.json()["detail"] == "type: given more than once"
    assert http.get("/api/network?type=transfer").status_code == 200


@pytest.mark.parametrize("url", [
    "/api/search?q=%00", "/api/search?q=a%00b", "/api/network?entity=%00", "/api/network?source=x%00",
    "/api/ledger?entity=%00", "/api/timeline?entity=%00", "/api/claims/%00", "/api/documents/a%00b",
    "/api/entities/%00/claims", "/api/entities/e-1/claims?role=%00", "/?q=%00", "/timeline?entity=%00",
    "/edges?source=%00&target=%00&type=transfer", "/entities/%00", "/documents/%00",
])
def test_a_nul_character_in_any_parameter_is_422_on_sqlite_and_postgresql(client, url):
    r = client.get(url)  # PostgreSQL cannot compare text with NUL: without the check this was a 500 there
    assert r.status_code == 422, url
    message = r.json()["detail"] if url.startswith("/api/") else r.text
    assert "String should match pattern" in message or "contains a NUL character" in message, message


def test_search_text_is_data_in_the_api_and_the_pages(http):
    for hostile in ["' OR 1=1 --", "\"; DROP TABLE documents; --", "drones) OR (1", "%", "*", "\\", "_"]:
        assert http.get("/api/search", params={"q": hostile}).status_code == 200, hostile
        assert http.get("/", params={"q": hostile}).status_code == 200, hostile
    assert http.get("/api/search", params={"q": "drones"}).json()["hits"]


# -- path traversal, as raw requests to a real server ---------------------------------------------------------

@pytest.fixture(scope="module")
def server(app) -> Iterator[tuple[str, int]]:
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield "127.0.0.1", port
    srv.should_exit = True
    thread.join(10)


def raw_get(where: tuple[str, int], target: str, host: str = "127.0.0.1") -> tuple[int, bytes]:
    """Send ``GET target`` byte for byte (no client normalises it); the status and the body."""
    with socket.create_connection(where, timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


TRAVERSALS = [
    "/static/../../../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%252e%252e%252f%252e%252e%252f%252e%252e%252fetc%252fpasswd", "/static/..%5c..%5c..%5c..%5cetc%5cpasswd",
    "/static/..\\..\\..\\..\\etc\\passwd", "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/..%00/app.css",
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/vendor/../../app.py", "/static/..%2fapp.py",
    "/static/%2e%2e%2f%2e%2e%2fweb%2fapp.py", "/static/.%2e/.%2e/web/app.py", "/static/../templates/base.html",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_static_files_never_come_from_outside_the_static_folder(server, target):
    status, body = raw_get(server, target)
    assert status in (400, 404), (target, status)
    assert b"root:" not in body and b"def create_app" not in body and b"{% block" not in body


def test_a_static_file_is_still_served(server):
    status, body = raw_get(server, "/static/app.css")
    assert status == 200 and b"{" in body
    assert raw_get(server, "/static/./app.css")[0] == 200  # a harmless dot segment inside the folder


@pytest.mark.parametrize("target", [
    "/api/documents/..%2f..%2f..%2fetc%2fpasswd", "/api/documents/../../etc/passwd", "/api/claims/a/b",
    "/api/documents/%2e%2e", "/documents/..%2F..%2Fetc%2Fpasswd", "/entities/..", "/api/entities/.%2e/claims",
    "/api/ledger/..%5c..%5cwindows", "/documents/%2e%2e%2fclaimgraph.db",
])
def test_ids_with_slashes_and_dots_are_404(server, target):
    status, body = raw_get(server, target)
    assert status == 404, (target, status)
    assert b"root:" not in body and b"SQLite format" not in body


# -- the Host check on loopback ------------------------------------------------------------------------------

def test_on_loopback_only_loopback_host_names_are_answered(web_db):
    app = create_app(web_db, allowed_hosts=LOOPBACK_HOSTS)
    for host in ("127.0.0.1", "127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000"):
        assert TestClient(app, base_url=f"http://{host}").get("/api/network").status_code == 200, host
    for host in ("evil.example", "127.0.0.1.evil.example", "evil.example:8000", "evil.example@127.0.0.1", "[zz"):
        r = TestClient(app).get("/api/network", headers={"Host": host})
        assert r.status_code == 400, host
        _hardened(r)
        assert "answers only to" in r.json()["detail"]
    assert TestClient(create_app(web_db)).get("/api/network", headers={"Host": "any.example"}).status_code == 200


"""The workbench in a real browser: Playwright drives Debian's chromium (headless) against a real server.

Every test fails on a script error and on any Content-Security-Policy violation (reported by the page's
``securitypolicyviolation`` events and by chromium's console), so the policy and the pages stay compatible.

Screenshots land in artifacts/screenshots/ for a person to look at. Where chromium is missing the tests
skip, except under CI (CI=true), where scripts/setup-browser.sh must have installed it and they fail.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers import free_port

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update"]


def _chromium() -> str:
    found = os.environ.get("CLAIMGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (scripts/setup-browser.sh installs it)")
        pytest.skip("chromium is not installed")
    return found


@pytest.fixture(scope="module")
def server(web_db) -> Iterator[str]:
    import uvicorn

    from claimgraph.web import create_app

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(web_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the workbench server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(server) -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)
        yield b
        b.close()


REPORT_CSP = """document.addEventListener("securitypolicyviolation", function (e) {
  window.reportCsp(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " on " + e.documentURI);
});"""
"""Runs in every page before its own scripts (Playwright's init scripts are not subject to the page's CSP)."""


def _csp_console(message) -> bool:
    return message.type == "error" and "Content Security Policy" in message.text


@pytest.fixture
def csp_violations() -> list[str]:
    return []


@pytest.fixture
def page(browser, server, csp_violations):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    context.expose_binding("reportCsp", lambda _source, text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: csp_violations.append(m.text) if _csp_console(m) else None)
    yield pg
    pg.wait_for_timeout(200)  # let a last violation report arrive
    context.close()
    assert not errors, errors
    assert not csp_violations, csp_violations


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_iran_follow_an_edge_to_a_claim_and_see_the_evidence(page):
    page.goto("/")
    page.fill("input[name=q]", "Iran")
    page.click("form.search button")
    page.click("ul.entities a.entity:text-is('Iran')")
    page.wait_for_url("**/entities/e-*")
    assert page.inner_text("h1") == "Iran"
    shot(page, "1-entity-iran")
    page.click("ul.neighbours a.edge-link:has-text('transfer')")
    page.wait_for_url("**/edges?*")
    shot(page, "2-edge")
    page.click("table.claims a.claim-link >> nth=0")
    page.wait_for_url("**/claims/c-*")
    mark = page.locator("mark.evidence-mark").first
    assert mark.is_visible() and len(mark.inner_text()) > 10
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    shot(page, "3-claim-evidence")


def test_network_draws_and_a_click_on_a_node_opens_its_profile(page):
    page.goto("/network?type=transfer")
    page.wait_for_selector("#graph[data-ready=true] canvas")
    shot(page, "4-network")
    node_id = page.evaluate("window.claimgraphNetwork.nodes().filter(n => n.data('label') === 'Russia')[0].id()")
    pos = page.evaluate(f"window.claimgraphNetwork.getElementById('{node_id}').renderedPosition()")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_url(f"**/entities/{node_id}")
    assert page.inner_text("h1") == "Russia"


def test_pages_work_when_the_network_script_fails(page):
    page.route("**/static/vendor/**", lambda route: route.abort())
    page.goto("/network")
    assert "could not be drawn" in page.inner_text("#graph")
    shot(page, "5-network-without-library")
    page.click("table.edges a.edge-link >> nth=0")
    page.wait_for_url("**/edges?*")
    assert page.locator("table.claims a.claim-link").count() >= 1


def test_document_view_highlights_and_labels_claims(page):
    page.goto("/documents/seed-iran-international-2022-08-05")
    assert page.locator("article.doc-text mark.hl").count() >= 20
    page.click("article.doc-text a.label >> nth=0")
    assert page.locator("aside.doc-claims li:target").count() == 1
    shot(page, "6-document")


def test_ledger_entry_shows_conflict_side_by_side(page):
    page.goto("/ledger?contested=true")
    page.click("table.ledger a.entry-link:has-text('Russia') >> nth=0")
    page.wait_for_url("**/ledger/l-*")
    assert page.locator("table.conflict").count() >= 1
    shot(page, "7-ledger-entry")
    page.goto("/timeline")
    shot(page, "8-timeline")


def test_every_asset_is_served_locally(page, server):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    for path in ("/network", "/docs", "/documents/report-0"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert requested and all(u.startswith(server) or u.startswith("data:") for u in requested), requested
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=10_000)  # the API explorer drew from local files
    shot(page, "9-api-docs")


def test_the_policy_blocks_an_injected_inline_script_and_the_report_says_so(browser, server):
    context = browser.new_context(base_url=server)
    found: list[str] = []
    context.expose_binding("reportCsp", lambda _source, text: found.append(text))
    context.add_init_script(REPORT_CSP)
    pg = context.new_page()
    pg.goto("/network")
    pg.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.pwned = 1";
                          document.body.appendChild(s);
                          const d = document.createElement("div"); d.setAttribute("style", "color: red");
                          document.body.appendChild(d); }""")
    pg.wait_for_timeout(300)
    assert pg.evaluate("window.pwned") is None  # the injected script never ran
    context.close()
    assert any(v.startswith("script-src") for v in found), found
    assert any(v.startswith("style-src") for v in found), found

"""End to end: the real CLI ingests a gzipped WARC crawl (written here with warcio) into a real SQLite file."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import claimgraph

CLI = [sys.executable, "-m", "claimgraph.cli"]

PAGES = {
    "https://example.com/2022/10/iran-drones-russia.html": (
        "Iran Sent Drones To Russia",
        "Iran supplied 46 Shahed drones to Russia in September 2022, Ukrainian officials said on Tuesday."),
    "https://example.org/world/ch4-iraq/": (
        "Chinese Drones For Iraq",
        "China has sold CH-4 drones to Iraq, the defence ministry in Baghdad said in a statement."),
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # the CLI runs the claimgraph this test imports, even when PYTHONPATH is relative (cwd is elsewhere)
    code = str(Path(claimgraph.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (code, os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONPATH": path}
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def write_crawl(path: Path) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
    for url, (title, text) in PAGES.items():
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                      http_headers=request))
        html = (f"<html><head><title>{title}</title>"
                '<meta property="article:published_time" content="2022-10-18"></head>'
                f"<body><article><h1>{title}</h1><p>{text}</p></article></body></html>")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=http))
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.com/photo.jpg", "response",
                                                  payload=io.BytesIO(b"\xff\xd8\xff\xe0 jpeg"), http_headers=image))
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_ingest_a_warc_gz_then_show_its_claims(tmp_path: Path) -> None:
    crawl = tmp_path / "CC-NEWS-20221018.warc.gz"
    write_crawl(crawl)
    db = tmp_path / "tmp.db"
    first = run("ingest", str(crawl), "--db", str(db), "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    totals = json.loads(first.stdout)
    assert (totals["documents"], totals["new"]) == (2, 2) and totals["claims"] >= 2
    assert "warning" not in first.stderr
    again = run("ingest", str(crawl), "--db", str(db), "--json", cwd=tmp_path)
    assert json.loads(again.stdout)["new"] == 0

    claims = run("claims", "--db", str(db), "--type", "transfer", "--json", cwd=tmp_path)
    assert claims.returncode == 0, claims.stderr
    suppliers = {json.loads(line)["args"]["supplier"]["name"] for line in claims.stdout.splitlines()}
    assert {"Iran", "China"} <= suppliers


def test_a_truncated_warc_is_one_warning_and_the_pages_before_it_are_stored(tmp_path: Path) -> None:
    crawl = tmp_path / "cut.warc.gz"
    data = write_crawl(crawl)
    crawl.write_bytes(data[:len(data) - 20])  # the photo record loses its end
    res = run("ingest", str(crawl), "--db", str(tmp_path / "cut.db"), "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["documents"] == 2
    warnings = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and "cut.warc.gz: WARC record 6: truncated" in warnings[0], res.stderr

"""The time limit on reading (``--doc-timeout``, ``read_documents(doc_timeout=…)``): an HTML page, a WARC record,
a feed entry or a feed file that takes longer to turn into text is a one-line InputError naming it, the limit
and the option; in a batch a warning, and the rest (the other records of the archive, the other entries of the
feed) is still read.

What makes one input slow here is the real extraction function the reader calls, wrapped to sleep (in small
steps, so the SIGALRM timer interrupts it) before it works on text holding :data:`MARKER`: what is tested is
that the reader puts the limit around that work, and how it reports it.
"""

from __future__ import annotations

import inspect
import io
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest
import trafilatura
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.deadline import DEFAULT_DOC_TIMEOUT_S
from claimgraph.errors import InputError
from claimgraph.ingest import feed, read_documents

MARKER = "SLOW-TO-READ"
SLOW_S = 0.6
"""How long the marked input takes to read: well over the limit below, short enough to read it without one."""
LIMIT = 0.05
LATE = "reading took longer than the 0.05 s limit (raise it with --doc-timeout SECONDS, or 0 for no limit)"


def slowed(real: Callable[..., Any]) -> Callable[..., Any]:
    """``real``, taking :data:`SLOW_S` longer on input that holds :data:`MARKER`."""

    def slow(markup: Any, *args: Any, **kwargs: Any) -> Any:
        data = markup if isinstance(markup, bytes) else markup.read() if hasattr(markup, "read") else markup
        if hasattr(markup, "seek"):
            markup.seek(0)
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
        if MARKER in text:
            until = time.monotonic() + SLOW_S
            while time.monotonic() < until:
                time.sleep(0.005)
        return real(markup, *args, **kwargs)

    return slow


@pytest.fixture
def slow_html(monkeypatch: pytest.MonkeyPatch) -> None:
    """The HTML readers' text extraction (trafilatura, for a page and a WARC record) slow on marked pages."""
    monkeypatch.setattr(trafilatura, "extract", slowed(trafilatura.extract))


def page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p><p>Officials declined to comment further when asked by reporters on Friday.</p>"
            "</article></body></html>")


QUICK_A = page("Drones For Russia", "Iran sold 46 drones to Russia on Friday, a senior official said.")
SLOW = page("A Slow Page", f"China sold drones to Iraq on Monday. {MARKER}")
QUICK_C = page("Drones For Ukraine", "Turkey sold drones to Ukraine on Tuesday, the ministry said.")


def read(paths: list[Path] | Path, doc_timeout: float | None = LIMIT) -> tuple[list[str], list[str]]:
    """The texts read leniently, and the warnings."""
    warnings: list[InputError] = []
    docs = list(read_documents(paths if isinstance(paths, list) else [paths], on_warning=warnings.append,
                               doc_timeout=doc_timeout))
    return [d.text for d in docs], [str(w) for w in warnings]


def no_timer_left() -> bool:
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_slow_page_is_a_one_line_error_naming_it_the_limit_and_the_option(tmp_path: Path, slow_html):
    path = tmp_path / "page.html"
    path.write_text(SLOW)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        list(read_documents([path], doc_timeout=LIMIT))
    assert time.monotonic() - started < SLOW_S
    assert str(caught.value) == f"{path}: {LATE}"
    assert no_timer_left()
    for none in (0, None):  # no limit
        texts, warnings = read(path, doc_timeout=none)
        assert warnings == [] and "China sold drones to Iraq on Monday." in texts[0]


def test_in_a_folder_a_slow_page_is_a_warning_and_the_others_are_read(tmp_path: Path, slow_html):
    for name, html in (("a.html", QUICK_A), ("b.html", SLOW), ("c.html", QUICK_C)):
        (tmp_path / name).write_text(html)
    texts, warnings = read(tmp_path)
    assert [t.splitlines()[1] for t in texts] == ["Iran sold 46 drones to Russia on Friday, a senior official said.",
                                                  "Turkey sold drones to Ukraine on Tuesday, the ministry said."]
    assert warnings == [f"{tmp_path / 'b.html'}: {LATE}"]


def warc(pages: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, html in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=http))
    return buffer.getvalue()


def test_a_slow_warc_record_is_reported_and_the_rest_of_the_archive_is_read(tmp_path: Path, slow_html):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc([("https://example.com/a", QUICK_A), ("https://example.com/slow", SLOW),
                           ("https://example.com/c", QUICK_C)]))
    warnings: list[InputError] = []
    docs = list(read_documents([path], on_warning=warnings.append, doc_timeout=LIMIT))
    assert [d.url for d in docs] == ["https://example.com/a", "https://example.com/c"]
    assert [str(w) for w in warnings] == [f"{path}: WARC record 2: https://example.com/slow: {LATE}"]
    with pytest.raises(InputError, match=r"WARC record 2: https://example.com/slow: reading took longer"):
        list(read_documents([path], doc_timeout=LIMIT))  # strict: the record is the error
    assert len(read(path, doc_timeout=None)[0]) == 3
    assert no_timer_left()


def rss(entries: list[tuple[str, str]]) -> str:
    items = "".join(f"<item><title>{title}</title><link>https://example.com/{i}</link>"
                    f"<description><![CDATA[{html}]]></description></item>" for i, (title, html) in enumerate(entries))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


def test_a_slow_feed_entry_is_reported_and_the_other_entries_are_read(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(feed, "html_to_text", slowed(feed.html_to_text))
    path = tmp_path / "wire.rss"
    path.write_text(rss([("First", "<p>Iran sold drones to Russia.</p>"), ("Second", f"<p>Slow. {MARKER}</p>"),
                         ("Third", "<p>Turkey sold drones to Ukraine.</p>")]))
    texts, warnings = read(path)
    assert texts == ["Iran sold drones to Russia.", "Turkey sold drones to Ukraine."]
    assert warnings == [f"{path}: feed entry 2 (Second): {LATE}"]
    assert len(read(path, doc_timeout=0)[0]) == 3
    assert no_timer_left()


def test_a_slow_feed_file_is_bounded_whole(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(feedparser, "parse", slowed(feedparser.parse))
    slow = tmp_path / "a-slow.rss"
    slow.write_text(rss([(MARKER, "<p>Iran sold drones to Russia.</p>")]))
    (tmp_path / "b-quick.rss").write_text(rss([("Quick", "<p>Turkey sold drones to Ukraine.</p>")]))
    with pytest.raises(InputError) as caught:
        list(read_documents([slow], doc_timeout=LIMIT))
    assert str(caught.value) == f"{slow}: {LATE}"
    assert read(tmp_path) == (["Turkey sold drones to Ukraine."], [f"{slow}: {LATE}"])
    assert no_timer_left()


def test_the_default_is_the_doc_timeout_default_and_a_bad_limit_is_refused(tmp_path: Path):
    assert inspect.signature(read_documents).parameters["doc_timeout"].default == DEFAULT_DOC_TIMEOUT_S == 60
    path = tmp_path / "page.html"
    path.write_text(QUICK_A)
    for bad in (-1, float("nan"), "5", True):
        with pytest.raises(InputError, match=r"^--doc-timeout: .* is not a time in seconds \(0: no limit\)$"):
            list(read_documents([path], doc_timeout=bad))  # type: ignore[arg-type]
    assert len(read(path, doc_timeout=float("inf"))[0]) == 1  # no limit

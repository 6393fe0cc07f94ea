"""The built-in readers (text, HTML, JSON Lines, RSS/Atom) and the reader registry, on real files."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.ingest import READERS, Draft, Source, read_documents, reader_for, register_reader
from claimgraph.model import Document

ARTICLE = (
    "<!DOCTYPE html><html><head><title>Drones | Example News</title>"
    '<meta property="og:title" content="Drones Used By Militias Provided By China">'
    '<meta property="og:site_name" content="Example News">'
    '<meta property="article:published_time" content="2022-08-05T10:00:00Z">'
    '<link rel="canonical" href="https://example.com/2022/08/drones"></head>'
    "<body><nav>Home | World | About us</nav><article><h1>Drones Used By Militias</h1>"
    "<p>A senior US official said on Thursday that the drones used by militias across the Middle East "
    "are supplied by China.</p><p>Barbara Leaf told members of the Senate Foreign Relations Committee that "
    "Beijing has been pushing sales of its military drones to Arab countries.</p></article>"
    "<script>var tracking = 1;</script><footer>Copyright 2022 Example News</footer></body></html>"
)

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example &amp; Partners News</title><link>https://example.com/</link>
<item><title>Drones from China</title><link>https://example.com/news/drones-from-china.html</link>
<description>&lt;p&gt;The US said the &lt;b&gt;drones&lt;/b&gt; come from China.&lt;/p&gt;</description>
<pubDate>Fri, 05 Aug 2022 10:00:00 GMT</pubDate></item>
<item><title>Rockets fired</title><link>https://example.com/news/rockets/</link>
<description>Islamic Jihad fired rockets at Israel.</description></item>
<item><title>Headline only</title><link>https://example.com/news/headline</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Example</title><id>urn:feed</id>
<updated>2022-08-04T12:00:00Z</updated>
<entry><title>First entry</title><id>urn:uuid:1</id><updated>2022-08-04T12:00:00Z</updated>
<content type="html">&lt;p&gt;Hello there.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</content></entry>
</feed>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def read_one(path: Path, **options: object) -> Document:
    documents = list(read_documents([path], **options))  # type: ignore[arg-type]
    assert len(documents) == 1
    return documents[0]


def collect(path: Path) -> tuple[list[Document], list[InputError]]:
    warnings: list[InputError] = []
    return list(read_documents([path], on_warning=warnings.append)), warnings


# --- text ---------------------------------------------------------------------------------------------


def test_text_is_kept_exactly(tmp_path: Path) -> None:
    content = "Drones From China\r\n\r\nThe US said\u00a0so  on August 5, 2022.\n\n  Trailing space  \n"
    doc = read_one(write(tmp_path / "report.txt", content))
    assert doc.text == content
    assert (doc.name, doc.title, doc.format, doc.origin) == ("report", "Drones From China", "text",
                                                             str(tmp_path / "report.txt"))
    assert doc.published == dt.date(2022, 8, 5) and doc.published_source == "text"


def test_text_utf8_bom_is_dropped_and_nothing_else(tmp_path: Path) -> None:
    content = "\n\nTitle line\nBody – with “quotes”.\n"
    doc = read_one(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + content.encode("utf-8")))
    assert doc.text == content
    assert doc.title == "Title line"


def test_text_title_is_the_first_short_line(tmp_path: Path) -> None:
    assert read_one(write(tmp_path / "a.md", "# A heading\n\nBody.\n")).title == "A heading"
    long_line = "word " * 60
    assert read_one(write(tmp_path / "b.txt", long_line + "\nBody.\n")).title is None


def test_unknown_suffix_and_no_suffix_are_read_as_text_when_given(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path / "notes.log", "Plain words.\n"))
    assert doc.format == "text" and doc.text == "Plain words.\n" and doc.name == "notes"
    assert read_one(write(tmp_path / "README", "Plain words.\n")).format == "text"


def test_seed_article_reads_as_its_bundled_text(seed_path: Path) -> None:
    doc = read_one(seed_path)
    assert doc.text == seed_path.read_text(encoding="utf-8")
    assert doc.name == "seed-iran-international-2022-08-05"
    assert doc.title == "Drones Used By Iran-Backed Militias Provided By China, US Reveals"
    assert (doc.published, doc.published_source) == (dt.date(2022, 8, 5), "text")


# --- html ---------------------------------------------------------------------------------------------


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path / "drones.html", ARTICLE))
    assert doc.format == "html" and doc.name == "drones"
    assert "supplied by China" in doc.text and "Beijing has been pushing" in doc.text
    assert "tracking" not in doc.text and "About us" not in doc.text
    assert doc.title == "Drones Used By Militias Provided By China"
    assert doc.url == "https://example.com/2022/08/drones"
    assert doc.outlet == "Example News"
    assert (doc.published, doc.published_source) == (dt.date(2022, 8, 5), "metadata")


def test_html_is_sniffed_without_its_suffix(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path / "saved-page", "\n  <!doctype html>\n" + ARTICLE.split(">", 1)[1]))
    assert doc.format == "html"
    assert "supplied by China" in doc.text


def test_html_falls_back_to_visible_text(tmp_path: Path) -> None:
    page = ("<html><head><title>Only a footer</title><style>p {color: red}</style></head>"
            '<body><div class="footer">Footer words only.</div><script>alert(1)</script></body></html>')
    doc = read_one(write(tmp_path / "footer.htm", page))
    assert doc.text == "Footer words only."
    assert doc.title == "Only a footer"


@pytest.mark.parametrize("page", [
    "<html><head><title>Nothing</title></head><body></body></html>",
    "<html><body><script>var x = 1;</script><!-- a comment --></body></html>",
])
def test_html_without_text_is_an_error(tmp_path: Path, page: str) -> None:
    with pytest.raises(InputError) as caught:
        list(read_documents([write(tmp_path / "empty.html", page)]))
    assert caught.value.reason == "no text found in HTML"


# --- jsonl --------------------------------------------------------------------------------------------


def test_jsonl_records(tmp_path: Path) -> None:
    lines = [
        {"id": "r1", "title": "One", "text": "First report.", "published": "2022-08-05",
         "url": "https://example.com/1", "outlet": "Outlet A"},
        {"text": "Second report, dated August 4, 2022."},
        {"id": 7, "text": "Third report.", "published": "August 3, 2022"},
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n\n")
    docs = list(read_documents([path]))
    assert [d.name for d in docs] == ["r1", "batch-2", "7"]
    assert all(d.format == "jsonl" and d.origin == str(path) for d in docs)
    first = docs[0]
    assert (first.title, first.text, first.url, first.outlet) == ("One", "First report.", "https://example.com/1",
                                                                  "Outlet A")
    assert (first.published, first.published_source) == (dt.date(2022, 8, 5), "metadata")
    assert (docs[1].published, docs[1].published_source) == (dt.date(2022, 8, 4), "text")
    assert docs[2].published == dt.date(2022, 8, 3)


def test_jsonl_malformed_lines_are_reported_with_their_number_and_the_rest_read(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "good-1", "text": "Fine."}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-text"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Bad date.", "published": "someday"}),
        json.dumps({"text": "Bad title.", "title": 3}),
        json.dumps({"id": "good-2", "text": "Also fine."}),
    ]
    docs, warnings = collect(write(tmp_path / "mixed.jsonl", "\n".join(lines)))
    assert [d.name for d in docs] == ["good-1", "good-2"]
    assert [w.line for w in warnings] == [2, 3, 4, 5, 6, 7]
    assert all(w.source == str(tmp_path / "mixed.jsonl") for w in warnings)
    assert str(warnings[0]).startswith(f"{tmp_path / 'mixed.jsonl'}:2: not valid JSON")
    assert "not a JSON object" in warnings[1].reason
    assert warnings[2].reason == warnings[3].reason == 'missing or empty "text"'
    assert warnings[4].reason.startswith('bad "published": cannot read date')
    assert warnings[5].reason == '"title" must be a string'


def test_jsonl_malformed_line_raises_when_strict(tmp_path: Path) -> None:
    path = write(tmp_path / "strict.jsonl", '{"text": "ok"}\n{oops\n')
    with pytest.raises(InputError) as caught:
        list(read_documents([path]))
    assert caught.value.line == 2 and "not valid JSON" in caught.value.reason


def test_jsonl_undecodable_line_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "bytes.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    docs, warnings = collect(path)
    assert [d.text for d in docs] == ["ok"]
    assert warnings[0].line == 2 and warnings[0].reason.startswith("not valid UTF-8 (byte 0xe9")


def test_jsonl_with_no_valid_record_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.jsonl", "{oops\n[1]\n")
    with pytest.raises(InputError) as caught:
        list(read_documents([path], on_warning=lambda _: None))
    assert caught.value.reason == "no valid JSON Lines record (2 malformed lines)"


def test_jsonl_is_sniffed_on_stdin_like_input(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path / "records", '{"id": "x", "text": "Sniffed."}\n'))
    assert (doc.format, doc.name) == ("jsonl", "x")


# --- feeds --------------------------------------------------------------------------------------------


def test_rss_entries_become_documents(tmp_path: Path) -> None:
    docs, warnings = collect(write(tmp_path / "news.xml", RSS))
    assert [d.name for d in docs] == ["drones-from-china", "rockets"]
    first, second = docs
    assert first.format == "feed"
    assert first.text == "The US said the drones come from China."
    assert (first.title, first.url, first.outlet) == ("Drones from China",
                                                      "https://example.com/news/drones-from-china.html",
                                                      "Example & Partners News")
    assert (first.published, first.published_source) == (dt.date(2022, 8, 5), "metadata")
    assert second.text == "Islamic Jihad fired rockets at Israel." and second.published is None
    assert [w.reason for w in warnings] == ["feed entry 3 (Headline only) has no text"]


def test_atom_feed_and_outlet_override(tmp_path: Path) -> None:
    docs = list(read_documents([write(tmp_path / "site.atom", ATOM)], outlet="My Outlet"))
    assert len(docs) == 1
    doc = docs[0]
    assert doc.text == "Hello there.\nSecond paragraph."
    assert (doc.name, doc.title, doc.url, doc.outlet) == ("site-1", "First entry", None, "My Outlet")
    assert doc.published == dt.date(2022, 8, 4)


def test_feed_is_sniffed_whatever_its_name(tmp_path: Path) -> None:
    docs = list(read_documents([write(tmp_path / "download.txt.part", RSS)], on_warning=lambda _: None))
    assert [d.format for d in docs] == ["feed", "feed"]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("broken.rss", "<rss version='2.0'><channel><title>x</title></chan", "not a valid RSS or Atom feed"),
    ("empty.atom", '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
     "feed has no entries"),
])
def test_feed_without_entries_is_an_error(tmp_path: Path, name: str, content: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        list(read_documents([write(tmp_path / name, content)]))
    assert caught.value.reason.startswith(reason)
    assert "\n" not in str(caught.value)


def test_xml_that_is_no_feed_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.xml file in no format claimgraph reads"):
        list(read_documents([write(tmp_path / "data.xml", "<?xml version='1.0'?><root>hi</root>")]))


# --- registry -----------------------------------------------------------------------------------------


def test_builtin_readers_are_registered() -> None:
    assert {"text", "html", "jsonl", "feed"} <= set(READERS)
    assert reader_for(".html", b"anything").name == "html"  # type: ignore[union-attr]
    assert reader_for(".ndjson", b"{}").name == "jsonl"  # type: ignore[union-attr]
    assert reader_for("", b"<rss version='2.0'>").name == "feed"  # type: ignore[union-attr]
    assert reader_for("", b"<?xml version='1.0'?>\n<!-- c -->\n<rdf:RDF>").name == "feed"  # type: ignore[union-attr]
    assert reader_for("", b"<!DOCTYPE html>\n<p>x").name == "html"  # type: ignore[union-attr]
    assert reader_for(".txt", b"<html>").name == "text"  # type: ignore[union-attr]
    assert reader_for("", b"Just words").name == "text"  # type: ignore[union-attr]
    assert reader_for(".xml", b"<root/>") is None


def test_a_new_reader_registers_with_the_decorator(tmp_path: Path) -> None:
    def sniff(data: bytes) -> bool:
        return data.startswith(b"SHOUT:")

    @register_reader("shout-test", suffixes=(".shout",), sniff=sniff)
    def read_shout(source: Source, report: object) -> Iterator[Draft]:
        yield Draft(text=source.text().upper(), name=source.name)

    try:
        assert READERS["shout-test"].read is read_shout
        doc = read_one(write(tmp_path / "x.shout", "hello"))
        assert (doc.text, doc.format) == ("HELLO", "shout-test")
        assert read_one(write(tmp_path / "y", "SHOUT: hi")).format == "shout-test"
        with pytest.raises(ValueError, match="already registered"):
            register_reader("shout-test")(lambda source, report: iter(()))
    finally:
        del READERS["shout-test"]


def test_the_readers_libraries_load_when_a_reader_first_needs_them(tmp_path: Path) -> None:
    """Importing the CLI loads neither spaCy nor the HTML, feed and WARC libraries (0.2 s that reading text or
    JSON Lines, and every command that reads nothing, need not pay); reading a page loads trafilatura."""
    import subprocess
    import sys

    page = tmp_path / "page.html"
    page.write_text(ARTICLE, encoding="utf-8")
    probe = ("import sys; import claimgraph.cli; from claimgraph.ingest import read_documents; "
             "heavy = ('spacy', 'trafilatura', 'feedparser', 'warcio'); "
             "print(*[m for m in heavy if m in sys.modules], sep=',', end=' '); "
             f"docs = list(read_documents([{str(page)!r}])); "
             "print(len(docs), *[m for m in heavy if m in sys.modules], sep=',')")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1,trafilatura"]

"""The WARC reader on archives written here with warcio: which records become documents, and how a broken file reads."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.errors import InputError
from claimgraph.ingest import read_documents, reader_for
from claimgraph.ingest.warc import decode_page, looks_like_warc
from claimgraph.model import Document

CRAWLED = "2024-03-01T12:00:00Z"
"""When the records were crawled: never the publication date of a page."""


def page(title: str, body: str, *, published: str | None = None, site: str = "Example News",
         head: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f"<!DOCTYPE html><html><head>{head}<title>{title} | {site}</title>"
            f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">{meta}'
            f"</head><body><nav>Home | World | Sport</nav><article><h1>{title}</h1><p>{body}</p>"
            "<p>Officials declined to comment further on the matter when asked by reporters on Friday.</p>"
            "</article><footer>Copyright Example News</footer></body></html>")


DRONES = page("Drones Supplied By China", "A senior US official said the drones used by militias across the "
              "Middle East are supplied by China, and that Beijing has been pushing sales to Arab countries.",
              published="2022-08-05T10:00:00Z")
CAFE = page("Café Talks In Genève", "The delegates met at a café in Genève on Tuesday to discuss the truce "
            "and the exchange of prisoners between the two sides.")
MOSCOW = page("Переговоры в Москве", "Делегации встретились в Москве во вторник, чтобы обсудить перемирие "
              "и обмен пленными между сторонами.",
              head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">')
WET_TEXT = "Rockets Fired At Israel\n\nIslamic Jihad fired rockets at Israel on Saturday, the army said.\n"


class Archive:
    """A WARC file being written, record by record."""

    def __init__(self, *, gz: bool = True) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=gz)

    def response(self, uri: str, body: bytes | str, *, status: str = "200 OK",
                 content_type: str | None = "text/html; charset=utf-8") -> Archive:
        headers = [("Content-Type", content_type)] if content_type else []
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        data = body.encode("utf-8") if isinstance(body, str) else body
        return self._write(self.writer.create_warc_record(uri, "response", payload=io.BytesIO(data),
                                                          http_headers=http, warc_headers_dict=_dated()))

    def request(self, uri: str) -> Archive:
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        return self._write(self.writer.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                                          http_headers=http, warc_headers_dict=_dated()))

    def record(self, uri: str, kind: str, body: str, content_type: str) -> Archive:
        return self._write(self.writer.create_warc_record(uri, kind, payload=io.BytesIO(body.encode("utf-8")),
                                                          warc_content_type=content_type,
                                                          warc_headers_dict=_dated()))

    def revisit(self, uri: str) -> Archive:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        return self._write(self.writer.create_revisit_record(uri, "sha1:AAAA", uri, CRAWLED, http_headers=http))

    def warcinfo(self) -> Archive:
        return self._write(self.writer.create_warcinfo_record("crawl.warc.gz", {"software": "tests"}))

    def _write(self, record: object) -> Archive:
        self.writer.write_record(record)
        return self

    def bytes(self) -> bytes:
        return self.buffer.getvalue()

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.bytes())
        return path


def _dated() -> dict[str, str]:
    return {"WARC-Date": CRAWLED}


def crawl(*, gz: bool = True) -> Archive:
    """A small news crawl: three pages, a text record, and what a crawl holds besides."""
    return (Archive(gz=gz).warcinfo()
            .request("https://example.com/2022/08/drones-china.html")
            .response("https://example.com/2022/08/drones-china.html", DRONES)
            .response("https://example.com/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png")
            .response("https://example.com/report.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
            .response("https://example.com/gone.html", page("Not Found", "This page does not exist any more "
                                                             "on our site, sorry."), status="404 Not Found")
            .response("https://example.com/old", b"", status="301 Moved Permanently", content_type=None)
            .revisit("https://example.com/2022/08/drones-china.html")
            .record("metadata://example.com/x", "metadata", "outlinks: 3\n", "application/warc-fields")
            .response("https://example.fr/monde/cafe-geneve/", CAFE.encode("iso-8859-1"),
                      content_type="text/html; charset=ISO-8859-1")
            .response("https://example.ru/news/moscow-talks.html", MOSCOW.encode("cp1251"), content_type="text/html")
            .record("https://example.org/rockets", "conversion", WET_TEXT, "text/plain"))


def collect(paths: Iterable[str | Path]) -> tuple[list[Document], list[InputError]]:
    warnings: list[InputError] = []
    return list(read_documents(paths, on_warning=warnings.append)), warnings


# --- what is read -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_pages_of_a_crawl_become_documents(tmp_path: Path, name: str, gz: bool) -> None:
    docs, warnings = collect([crawl(gz=gz).save(tmp_path / name)])
    assert warnings == []
    assert [d.name for d in docs] == ["drones-china", "cafe-geneve", "moscow-talks", "rockets"]
    assert all(d.format == "warc" and d.origin == str(tmp_path / name) for d in docs)
    drones, cafe, moscow, rockets = docs
    assert "supplied by China" in drones.text and "Home | World" not in drones.text
    assert (drones.title, drones.outlet) == ("Drones Supplied By China", "Example News")
    assert drones.url == "https://example.com/2022/08/drones-china.html"
    assert "café in Genève" in cafe.text and cafe.title == "Café Talks In Genève"  # charset of the HTTP header
    assert "встретились в Москве" in moscow.text  # charset of the page's <meta>
    assert rockets.text == WET_TEXT and rockets.title == "Rockets Fired At Israel"


def test_the_publication_date_is_the_pages_not_the_crawls(tmp_path: Path) -> None:
    docs = list(read_documents([crawl().save(tmp_path / "crawl.warc.gz")]))
    assert (docs[0].published, docs[0].published_source) == (dt.date(2022, 8, 5), "metadata")
    crawl_day = dt.date(2024, 3, 1)
    assert all(d.published != crawl_day for d in docs)
    assert docs[1].published is None  # no date in its metadata nor its text


def test_a_gzipped_warc_is_read_when_walking_a_directory(tmp_path: Path) -> None:
    crawl().save(tmp_path / "corpus" / "CC-NEWS-20240301-00001.warc.gz")
    (tmp_path / "corpus" / "notes.txt").write_text("A note.\n", encoding="utf-8")
    (tmp_path / "corpus" / "backup.tar.gz").write_bytes(gzip.compress(b"not an archive we read"))
    docs, warnings = collect([tmp_path / "corpus"])
    assert [d.format for d in docs] == ["warc"] * 4 + ["text"]
    assert [(Path(w.source).name, w.reason) for w in warnings] == [("backup.tar.gz",
                                                                   "unsupported file type .gz, skipped")]


def test_a_warc_is_sniffed_whatever_its_name_and_on_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for gz in (True, False):
        docs = list(read_documents([crawl(gz=gz).save(tmp_path / f"download-{gz}")]))
        assert [d.format for d in docs] == ["warc"] * 4

    class Stdin:
        buffer = io.BytesIO(crawl().bytes())

    monkeypatch.setattr(sys, "stdin", Stdin())
    assert [d.name for d in read_documents(["-"])] == ["drones-china", "cafe-geneve", "moscow-talks", "rockets"]


def test_resource_records_and_untyped_responses_are_read_when_html_and_binary_pages_skipped(tmp_path: Path) -> None:
    archive = (Archive().record("https://example.com/saved/drones.html", "resource", DRONES, "text/html")
               .response("https://example.com/untyped-page", DRONES, content_type=None)
               .response("https://example.com/untyped-bytes", b"\x00\x01\x02", content_type=None)
               .response("https://example.com/mislabelled", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="text/html"))
    docs, warnings = collect([archive.save(tmp_path / "a.warc.gz")])
    assert [d.name for d in docs] == ["drones", "untyped-page"]
    assert warnings == []


def test_names_are_unique_within_an_archive(tmp_path: Path) -> None:
    archive = (Archive().response("https://a.example/2022/index.html", DRONES)
               .response("https://b.example/world/index.html", CAFE)
               .response("https://c.example/", page("Home", "The front page of the site, with news of the day "
                                                            "and the weather for the weekend.")))
    docs = list(read_documents([archive.save(tmp_path / "sites.warc.gz")]))
    assert [d.name for d in docs] == ["index", "index-2", "sites-3"]
    assert [d.url for d in docs] == ["https://a.example/2022/index.html", "https://b.example/world/index.html",
                                     "https://c.example/"]


def test_bytes_that_do_not_decode_do_not_stop_the_reading(tmp_path: Path) -> None:
    bad = DRONES.encode("utf-8").replace(b"supplied by", b"supplied \xff\xfe by")
    archive = (Archive().response("https://example.com/declared", bad)
               .response("https://example.com/undeclared", bad, content_type="text/html")
               .response("https://example.com/bogus", bad, content_type="text/html; charset=no-such-charset"))
    docs = list(read_documents([archive.save(tmp_path / "bad.warc.gz")]))
    assert len(docs) == 3
    assert "supplied \ufffd\ufffd by China" in docs[0].text
    assert "supplied \u00ff\u00fe by China" in docs[1].text  # not UTF-8: windows-1252


def test_decode_page() -> None:
    assert decode_page("Genève".encode("cp1252"), "iso-8859-1") == "Genève"
    assert decode_page(b"\xef\xbb\xbfGen\xc3\xa8ve", "windows-1252") == "Genève"  # the BOM wins
    assert decode_page('<meta charset="koi8-r">\xf0\xd2\xc9'.encode("latin-1"), None).endswith("При")
    assert decode_page(b"caf\xe9", None) == "café"


# --- what is not read ---------------------------------------------------------------------------------------


def test_an_archive_without_pages_says_what_it_skipped(tmp_path: Path) -> None:
    archive = (Archive().warcinfo().request("https://example.com/")
               .response("https://example.com/logo.png", b"\x89PNG\r\n", content_type="image/png")
               .response("https://example.com/gone", DRONES, status="404 Not Found"))
    with pytest.raises(InputError) as caught:
        list(read_documents([archive.save(tmp_path / "empty.warc.gz")]))
    assert caught.value.reason == ("no HTML or text page in the WARC (4 records; skipped not 2xx: 1, "
                                   "not HTML: 1, request: 1, warcinfo: 1)")


def test_a_page_without_text_is_reported_by_record(tmp_path: Path) -> None:
    archive = (Archive().response("https://example.com/blank", "<html><body><script>x()</script></body></html>")
               .response("https://example.com/drones", DRONES))
    path = archive.save(tmp_path / "blank.warc.gz")
    docs, warnings = collect([path])
    assert [d.name for d in docs] == ["drones"]
    assert [str(w) for w in warnings] == [f"{path}: WARC record 1: https://example.com/blank: no text found in HTML"]


def test_a_plain_gzip_file_is_still_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "data.gz"
    path.write_bytes(gzip.compress(b"Just some words.\n"))
    with pytest.raises(InputError, match="binary file, not text"):
        list(read_documents([path]))
    assert not looks_like_warc(path.read_bytes())
    assert looks_like_warc(crawl().bytes()) and looks_like_warc(crawl(gz=False).bytes())
    assert reader_for(".warc.gz", b"").name == "warc"  # type: ignore[union-attr]
    assert reader_for(".txt", path.read_bytes(), binary=True) is None
    assert reader_for(".txt", crawl().bytes(), binary=True).name == "warc"  # type: ignore[union-attr]


# --- broken archives ----------------------------------------------------------------------------------------


def _cut_inside_last_record(gz: bool) -> tuple[bytes, int]:
    """An archive of three pages, cut in the middle of the third; and how many records it has."""
    archive = Archive(gz=gz).response("https://example.com/one", DRONES).response("https://example.com/two", CAFE)
    before = len(archive.bytes())
    data = archive.response("https://example.com/three", DRONES).bytes()
    return data[:before + (len(data) - before) // 2], 3


@pytest.mark.parametrize("gz", [True, False])
def test_a_truncated_archive_keeps_the_records_before_the_cut(tmp_path: Path, gz: bool) -> None:
    data, last = _cut_inside_last_record(gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data)
    docs, warnings = collect([path])
    assert [d.name for d in docs] == ["one", "two"]
    assert [str(w) for w in warnings] == [f"{path}: WARC record {last}: truncated (the file ends inside it)"]
    strict = read_documents([path])
    assert [next(strict).name, next(strict).name] == ["one", "two"]
    with pytest.raises(InputError, match=f"WARC record {last}: truncated"):
        next(strict)


@pytest.mark.parametrize("keep", [0.2, 0.6, 0.97])
def test_an_archive_cut_anywhere_is_an_error_naming_the_record(tmp_path: Path, keep: float) -> None:
    data = Archive().response("https://example.com/one", DRONES).bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:int(len(data) * keep)])
    with pytest.raises(InputError) as caught:
        list(read_documents([path], on_warning=lambda _: None))
    assert caught.value.source == str(path)
    assert caught.value.reason.startswith("WARC record 1: truncated")
    assert "\n" not in str(caught.value)


def test_garbage_after_the_records_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "tail.warc"
    path.write_bytes(Archive(gz=False).response("https://example.com/one", DRONES).bytes() + b"NOT A RECORD\r\n")
    docs, warnings = collect([path])
    assert [d.name for d in docs] == ["one"]
    assert len(warnings) == 1 and warnings[0].reason.startswith("WARC record 2: truncated or corrupt")


def test_an_archive_gzipped_whole_says_how_to_fix_it(tmp_path: Path) -> None:
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(crawl(gz=False).bytes()))
    with pytest.raises(InputError) as caught:
        collect([path])
    assert caught.value.reason == ("WARC record 2: the file is gzipped whole, not record by record "
                                   "(run `warcio recompress` on it)")

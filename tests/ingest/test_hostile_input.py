"""Hostile input to every reader: random bytes, invalid UTF-8, control and bidi characters, mixed scripts, huge
lines, deep nesting, huge feeds, broken WARC. No error but InputError, no text a store refuses, same result twice.

Each input is a real file in ``tmp_path`` read by :func:`read_documents`, strictly and leniently. The example
counts are small so the file runs in seconds; ``fuzz/fuzz_ingest.py`` explores further.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.errors import InputError
from claimgraph.ingest import Limits, read_documents
from claimgraph.ingest.markup import flat_text, html_to_text
from claimgraph.model import Document

SUFFIXES = ["", ".txt", ".md", ".html", ".xhtml", ".jsonl", ".ndjson", ".jsonl.gz", ".rss", ".atom", ".xml",
            ".warc", ".warc.gz"]
HOSTILE_CHARS = [
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\t", "\r", "\n", "\u2028", "\u2029", "\ufeff", "\ufffd",
    "\u202e", "\u202d", "\u202a", "\u202c", "\u2066", "\u2069", "\u200f", "\u200e", "\u200b", "\u200d",
    "\u0301", "\u0327", "\u0650", "\u064b", "\u0627\u06cc\u0631\u0627\u0646", "\u0645\u0633\u06a9\u0648",
    "\u041c\u043e\u0441\u043a\u0432\u0430", "\u4e2d\u56fd", "\u6771\u4eac", "\U0001f600", "\U0001f1ee\U0001f1f7",
    "\U0001f469\u200d\U0001f4bb", "\U00010348", "&amp;", "&#0;", "&#x202e;", "<", ">", "]]>", "<!--", "\"", "\\",
]
WORDS = ["Iran", "sold", "46", "drones", "to", "Russia", "on", "Friday", ",", ".", "said", "officials", "Tehran",
         "the", "Hezbollah", "attacked", "Israel", "in", "Gaza", "\u201c", "\u201d"]
NEWS = st.lists(st.sampled_from(WORDS + HOSTILE_CHARS), max_size=40).map(" ".join)
HOSTILE_TEXT = st.one_of(NEWS, st.text(max_size=200),
                         st.lists(st.sampled_from(HOSTILE_CHARS + WORDS), max_size=60).map("".join))
INVALID_UTF8 = [b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xe2\x82",
                b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b", b"\x00"]
HOSTILE_BYTES = st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(st.sampled_from(INVALID_UTF8), HOSTILE_TEXT.map(lambda t: t.encode("utf-8", "replace"))),
             max_size=12).map(b"".join),
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


def read(path: Path, limits: Limits | None = None) -> tuple[list[Document], list[str]]:
    """The documents and warnings of a lenient read; an InputError is the only error allowed."""
    warnings: list[str] = []
    try:
        docs = list(read_documents([str(path)], on_warning=lambda e: warnings.append(str(e)), limits=limits))
    except InputError as e:
        assert str(e).startswith(str(path)), str(e)  # the message names the input
        assert "\n" not in str(e)
        return [], [str(e)]
    return docs, warnings


def check_read(path: Path) -> list[Document]:
    """Read twice, leniently and strictly: only InputError, one-line messages, the same documents, storable text."""
    docs, warnings = read(path)
    again, warnings_again = read(path)
    assert [d.model_dump() for d in docs] == [d.model_dump() for d in again]  # deterministic
    assert warnings == warnings_again
    assert all("\n" not in w for w in warnings)
    for doc in docs:
        assert doc.text.strip()
        for value in (doc.text, doc.name, doc.title, doc.url, doc.outlet):
            if value is not None:
                assert "\x00" not in value
                value.encode("utf-8")  # no lone surrogate: a UTF-8 file, SQLite and PostgreSQL all take it
        assert doc.id  # hashable text
    try:
        strict = list(read_documents([str(path)]))
    except InputError:
        pass
    else:
        assert [d.model_dump() for d in strict] == [d.model_dump() for d in docs]
    return docs


def write(tmp_path: Path, suffix: str, data: bytes, name: str = "input") -> Path:
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(gzip.compress(data, mtime=0) if suffix.endswith(".gz") and not data.startswith(b"\x1f\x8b")
                     else data)
    return path


# -- random bytes and text under every suffix -----------------------------------------------------------
@SETTINGS
@given(data=HOSTILE_BYTES, suffix=st.sampled_from(SUFFIXES))
@example(data=b"\xef\xbb\xbf\x00\x00", suffix=".txt")
@example(data=b"\xff\xfeI\x00r\x00a\x00n\x00", suffix="")
@example(data=b"WARC/1.0\r\nContent-Length: 99999999\r\n\r\nabc", suffix=".warc")
@example(data=b"\x1f\x8b\x08\x00\x00\x00\x00\x00", suffix=".warc.gz")
@example(data=b'{"text": "' + b"[" * 5000, suffix=".jsonl")
def test_random_bytes_under_any_suffix(tmp_path_factory, data: bytes, suffix: str):
    check_read(write(tmp_path_factory.mktemp("bytes"), suffix, data))


def _jsonl(texts: list[str], ascii_only: bool) -> bytes:
    lines = [json.dumps({"id": i, "text": t, "title": t[:20]}, ensure_ascii=ascii_only) for i, t in enumerate(texts)]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@SETTINGS
@given(texts=st.lists(HOSTILE_TEXT, min_size=1, max_size=5), ascii_only=st.booleans())
@example(texts=["Iran \ud800 sold drones", "\x00Russia\x00"], ascii_only=True)  # JSON escapes no store takes
def test_json_lines_of_hostile_text(tmp_path_factory, texts: list[str], ascii_only: bool):
    docs = check_read(write(tmp_path_factory.mktemp("jsonl"), ".jsonl", _jsonl(texts, ascii_only)))
    assert len(docs) == sum(1 for t in texts if t.strip())


def _page(text: str, depth: int, tag: str) -> bytes:
    body = f"<{tag}>" * depth + text + f"</{tag}>" * depth
    return (f"<!DOCTYPE html><html><head><title>{text[:30]}</title></head><body>{body}"
            "<p>The end.</p></body></html>").encode("utf-8", "replace")


@SETTINGS
@given(text=HOSTILE_TEXT, depth=st.sampled_from([0, 1, 50, 254, 255, 256, 300, 3000]),
       tag=st.sampled_from(["div", "b", "span", "table", "p", "li"]), suffix=st.sampled_from([".html", ""]))
def test_html_of_hostile_text_at_any_depth(tmp_path_factory, text: str, depth: int, tag: str, suffix: str):
    check_read(write(tmp_path_factory.mktemp("html"), suffix, _page(text, depth, tag)))


def _feed(texts: list[str], atom: bool) -> bytes:
    esc = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    clean = ["".join(esc.get(c, c) for c in t) for t in texts]
    if atom:
        entries = "".join(f"<entry><title>{t[:20]}</title><content type=\"html\">{t}</content></entry>" for t in clean)
        return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{entries}</feed>' \
            .encode("utf-8", "replace")
    items = "".join(f"<item><title>{t[:20]}</title><description>{t}</description></item>" for t in clean)
    return f"<rss><channel><title>F</title>{items}</channel></rss>".encode("utf-8", "replace")


@SETTINGS
@given(texts=st.lists(HOSTILE_TEXT, min_size=1, max_size=6), atom=st.booleans())
def test_feeds_of_hostile_text(tmp_path_factory, texts: list[str], atom: bool):
    check_read(write(tmp_path_factory.mktemp("feed"), ".atom" if atom else ".rss", _feed(texts, atom)))


def _warc(bodies: list[bytes], gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for i, body in enumerate(bodies):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.com/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=http))
    return buffer.getvalue()


@SETTINGS
@given(texts=st.lists(HOSTILE_TEXT, min_size=1, max_size=4), gz=st.booleans(), cut=st.floats(0, 1),
       flip=st.integers(0, 2**16), depth=st.sampled_from([0, 300]))
def test_warc_of_hostile_pages_truncated_or_corrupted(tmp_path_factory, texts: list[str], gz: bool, cut: float,
                                                      flip: int, depth: int):
    data = bytearray(_warc([_page(t, depth, "div") for t in texts], gz))
    folder = tmp_path_factory.mktemp("warc")
    suffix = ".warc.gz" if gz else ".warc"
    check_read(write(folder, suffix, bytes(data), "whole"))
    check_read(write(folder, suffix, bytes(data[: int(len(data) * cut)]) or b"x", "cut"))
    data[flip % len(data)] ^= 0xFF
    check_read(write(folder, suffix, bytes(data), "flipped"))


# -- the shapes the issue names, one by one (regressions) ------------------------------------------------
def test_nested_html_keeps_all_its_text(tmp_path: Path):
    """libxml2 stops at 255 levels and dropped the rest of the page: the text before, inside and after."""
    page = ("<html><head><title>Deep</title></head><body><p>Iran sold 46 drones to Russia on Friday.</p>"
            + "<div>" * 10_000 + "Tehran denied it." + "</div>" * 10_000
            + "<p>Officials in Kyiv said more were coming.</p></body></html>")
    docs = check_read(write(tmp_path, ".html", page.encode()))
    assert len(docs) == 1
    for sentence in ("Iran sold 46 drones", "Tehran denied it.", "Officials in Kyiv said more were coming."):
        assert sentence in docs[0].text
    unclosed = "<html><body>" + "<div>" * 100_000 + "Iran sold drones to Russia."
    assert read(write(tmp_path, ".htm", unclosed.encode()))[0][0].text == "Iran sold drones to Russia."


def test_flat_text_matches_lxml_where_lxml_reads_the_page_whole():
    page = ("<html><head><title>T</title><style>p {}</style></head><body><script>var x = '<p>no</p>';</script>"
            "<p>One &amp; two</p><div>Three<br/>four</div><!-- hidden --><ul><li>five</li></ul></body></html>")
    assert flat_text(page) == html_to_text(page) == "One & two\nThree\nfour\nfive"


def test_flat_text_is_linear_on_unclosed_markup():
    for bad in ("<!" * 200_000, "<!--" * 100_000, "<a" * 200_000, "<" * 400_000, "<script>" * 50_000,
                "<div>" * 300 + "&amp;" * 100_000):
        started = time.perf_counter()
        flat_text(bad)
        assert time.perf_counter() - started < 5, bad[:10]


def test_feed_entry_of_deep_html_keeps_its_text(tmp_path: Path):
    html = "<div>" * 5_000 + "Iran sold drones to Russia." + "</div>" * 5_000
    feed = f"<rss><channel><title>F</title><item><description><![CDATA[{html}]]></description></item></channel></rss>"
    docs = check_read(write(tmp_path, ".rss", feed.encode()))
    assert [d.text for d in docs] == ["Iran sold drones to Russia."]


def test_one_megabyte_single_lines_are_read(tmp_path: Path):
    line = "Iran sold 46 drones to Russia on Friday, officials said. " * 18_400  # > 1 MiB, no newline
    assert len(line) > 1 << 20
    text = check_read(write(tmp_path, ".txt", line.encode()))
    assert [d.text for d in text] == [line]
    jsonl = check_read(write(tmp_path, ".jsonl", (json.dumps({"text": line}) + '\n{"text": "next"}\n').encode()))
    assert [d.text for d in jsonl] == [line, "next"]


def test_a_line_over_the_limit_is_a_warning_naming_file_and_line(tmp_path: Path):
    big = json.dumps({"text": "x" * (16 << 20)})  # 16 MiB, over the 5 MiB default
    path = write(tmp_path, ".jsonl", f'{{"text": "first"}}\n{big}\n{{"text": "third"}}\n'.encode())
    docs, warnings = read(path)
    assert [d.text for d in docs] == ["first", "third"]
    assert [d.name for d in docs] == ["input-1", "input-3"]  # line numbers stay right past the skipped line
    assert warnings == [f"{path}:2: line over the 5 MiB limit (raise it with --max-doc-bytes BYTES, or 0 for "
                        "no limit)"]
    assert [d.text for d in read(path, Limits(max_doc_bytes=0))[0]][1].startswith("xxx")


def test_small_limits_name_the_input_and_the_option(tmp_path: Path):
    limits = Limits(max_doc_bytes=1000, max_feed_bytes=2000)
    text = write(tmp_path, ".txt", b"Iran sold drones. " * 100)
    assert read(text, limits)[1] == [f"{text}: document over the 1,000 bytes limit (raise it with --max-doc-bytes "
                                     "BYTES, or 0 for no limit)"]
    page = write(tmp_path, ".html", _page("Iran sold drones. " * 100, 1, "p"))
    assert "page over the 1,000 bytes limit" in read(page, limits)[1][0]
    feed = write(tmp_path, ".rss", _feed(["Iran sold drones."] * 100, atom=False))
    assert "feed over the 2,000 bytes limit (raise it with --max-feed-bytes" in read(feed, limits)[1][0]
    long_entry = write(tmp_path, ".atom", _feed(["short one", "Iran sold drones. " * 80], atom=True))
    docs, warnings = read(long_entry, Limits(max_doc_bytes=1000))
    assert [d.text for d in docs] == ["short one"]
    assert warnings == [f"{long_entry}: feed entry 2 (Iran sold drones. Ir) over the 1,000 bytes limit (raise it "
                        "with --max-doc-bytes BYTES, or 0 for no limit)"]
    warc = write(tmp_path, ".warc.gz", _warc([_page("small page", 1, "p"), _page("big " * 400, 1, "p")], gz=True))
    docs, warnings = read(warc, limits)
    assert [d.text for d in docs] == ["small page\nThe end."]
    assert warnings == [f"{warc}: WARC record 2: https://example.com/1: page over the 1,000 bytes limit (raise it "
                        "with --max-doc-bytes BYTES, or 0 for no limit)"]
    with pytest.raises(InputError, match="--max-doc-bytes: -1 is not a size"):
        Limits(max_doc_bytes=-1)


def test_huge_feed_of_many_items(tmp_path: Path):
    texts = [f"Iran sold {i} drones to Russia." for i in range(5_000)]
    docs = check_read(write(tmp_path, ".rss", _feed(texts, atom=False)))
    assert [d.text for d in docs] == texts


def test_nul_and_lone_surrogates_become_replacement_characters(tmp_path: Path):
    """JSON may escape what no store takes ("\\u0000", "\\ud800"): PostgreSQL refused the NUL and stopped the
    ingest at that document; the lone surrogate crashed hashing it with a UnicodeEncodeError traceback."""
    path = write(tmp_path, ".jsonl", b'{"id": "a\\u0000b", "text": "Iran \\ud800 sold\\u0000drones", '
                                     b'"title": "\\udfff"}\n')
    [doc] = check_read(path)
    assert (doc.text, doc.name, doc.title) == ("Iran \ufffd sold\ufffddrones", "a\ufffdb", "\ufffd")
    late_nul = b"Iran sold drones to Russia. " * 400 + b"\x00 and more."  # after the 8 KiB the binary check sees
    [doc] = check_read(write(tmp_path, ".txt", late_nul))
    assert doc.text.endswith("\ufffd and more.")


def test_deeply_nested_json_is_a_malformed_line_not_a_crash(tmp_path: Path):
    """json.loads raised RecursionError (a traceback) on [[[[… past the recursion limit, even when sniffing."""
    path = write(tmp_path, ".jsonl", b'{"text": "ok"}\n' + b"[" * 100_000 + b"\n")
    docs, warnings = read(path)
    assert [d.text for d in docs] == ["ok"]
    assert warnings == [f"{path}:2: not valid JSON here (nested too deeply)"]
    for name, data in (("sniffed", b"[" * 100_000 + b"\n"), ("object", b'{"text": ' + b"[" * 100_000)):
        path = write(tmp_path, "", data, name)  # no JSON Lines sniffed: a sole suffix-less input is text
        assert [d.format for d in check_read(path)] == ["text"]


def test_bidi_controls_and_mixed_scripts_are_kept_exactly(tmp_path: Path):
    text = ("\u202eIran\u202c sold drones to Russia \u0627\u06cc\u0631\u0627\u0646 \u0631\u0648\u0633\u06cc\u0647 "
            "\u041c\u043e\u0441\u043a\u0432\u0430 \u4e2d\u56fd \U0001f600 Te\u0301hran \u2066x\u2069.")
    [doc] = check_read(write(tmp_path, ".txt", text.encode()))
    assert doc.text == text


def test_random_mixtures_of_formats_in_a_folder(tmp_path: Path):
    rng = random.Random(9)
    for i in range(40):
        size = rng.randint(0, 300)
        data = bytes(rng.getrandbits(8) for _ in range(size))
        write(tmp_path, rng.choice(SUFFIXES), data, f"f{i}")
    write(tmp_path, ".txt", b"Iran sold drones to Russia.", "good")
    docs, warnings = read(tmp_path)
    assert "Iran sold drones to Russia." in [d.text for d in docs]
    assert all("\n" not in w for w in warnings)


def test_control_characters_in_markup_are_text_not_a_crash(tmp_path: Path):
    """Found by the fuzzer: html_to_text wrote "\\n" + text back into lxml, which refuses a control character
    (ValueError) in a page trafilatura finds no main text in, or a feed entry."""
    assert html_to_text(b"<p>a\x02b</p><div>c<br>d</div>tail") == "a\x02b\nc\nd\ntail"
    [page] = check_read(write(tmp_path, ".html", b"<html><body><b>Iran\x02 sold drones</b></body></html>"))
    assert page.text.replace("\x02", "") == "Iran sold drones"
    feed = b"<rss><channel><title>F</title><item><description>&lt;p&gt;Iran\x02 sold&lt;/p&gt;</description></item>" \
           b"</channel></rss>"
    check_read(write(tmp_path, ".rss", feed))

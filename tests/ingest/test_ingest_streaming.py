"""Streaming: large inputs are read piece by piece, each document handed on before the rest is read."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.errors import InputError
from claimgraph.ingest import Source, read_documents
from claimgraph.ingest.streams import HEAD_SIZE, Once

GIVEN = dt.date(2022, 8, 5)
"""Passed as ``published`` where the test is about reading, so no date is looked for in the texts."""


class Lazy(io.RawIOBase):
    """A stream whose bytes are made only when read, counting how many were handed out."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self.chunks, self.pending, self.served = chunks, b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self.pending:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.pending = chunk
        n = min(len(buffer), len(self.pending))
        buffer[:n], self.pending = self.pending[:n], self.pending[n:]
        self.served += n
        return n


class LazyStdin:
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.raw = Lazy(chunks)
        self.buffer = io.BufferedReader(self.raw)


def jsonl_lines(count: int, size: int = 500) -> Iterator[bytes]:
    filler = "x" * size
    for n in range(1, count + 1):
        yield json.dumps({"text": f"Report {n}. {filler}"}).encode() + b"\n"


def warc_records(count: int) -> Iterator[bytes]:
    """A gzipped WARC of ``count`` news pages, each record written only when the reader asks for it."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    words = "The minister said the talks would resume on Monday in the capital. " * 60
    for n in range(1, count + 1):
        body = f"<html><head><title>Page {n}</title></head><body><article><p>{n}. {words}</p></article></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.com/news/page-{n}.html", "response",
                                                      payload=io.BytesIO(body.encode()), http_headers=http))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


# --- documents come before the rest is read ------------------------------------------------------------------


def test_jsonl_on_stdin_yields_its_first_documents_before_reading_on(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = LazyStdin(jsonl_lines(100_000))  # 50 MB if it were all read
    monkeypatch.setattr(sys, "stdin", stdin)
    documents = read_documents(["-"], published=GIVEN)
    first = [next(documents) for _ in range(10)]
    assert [d.name for d in first] == [f"stdin-{n}" for n in range(1, 11)]
    assert first[0].text.startswith("Report 1. xxx")
    assert stdin.raw.served < 4 * HEAD_SIZE
    documents.close()


def test_warc_on_stdin_yields_its_first_page_before_reading_on(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = LazyStdin(warc_records(20_000))
    monkeypatch.setattr(sys, "stdin", stdin)
    documents = read_documents(["-"], published=GIVEN)
    first, second = next(documents), next(documents)
    assert (first.name, first.format, second.name) == ("page-1", "warc", "page-2")
    assert stdin.raw.served < 4 * HEAD_SIZE
    documents.close()


def test_a_streamed_jsonl_reads_every_line_across_the_head(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = list(jsonl_lines(400))  # 200 KB: past the head, read again through the stream
    lines[249] = b"{broken\n"
    monkeypatch.setattr(sys, "stdin", LazyStdin(iter(lines)))
    warnings: list[InputError] = []
    docs = list(read_documents(["-"], published=GIVEN, on_warning=warnings.append))
    assert len(docs) == 399 and docs[-1].name == "stdin-400"
    assert [d.text for d in docs] == [json.loads(line)["text"] for i, line in enumerate(lines) if i != 249]
    assert [(w.source, w.line) for w in warnings] == [("stdin", 250)]


def test_reading_a_large_jsonl_file_takes_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    text = "The minister said on Monday that the talks would resume in the capital. " * 300
    with path.open("w", encoding="utf-8") as out:
        count = 0
        while out.tell() < 50_000_000:
            count += 1
            out.write(json.dumps({"id": f"r{count}", "text": f"{count}. {text}"}) + "\n")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        read = sum(1 for _ in read_documents([path], published=GIVEN))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert read == count
    assert peak < size / 50  # about 1 MB for a 50 MB file; it was the whole file and more


# --- heads ---------------------------------------------------------------------------------------------------


def test_a_first_line_longer_than_the_head_is_still_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    long_text = "word " * (3 * HEAD_SIZE // 5)
    data = json.dumps({"id": "long", "text": long_text}).encode() + b"\n" + b'{"id": "short", "text": "x"}\n'
    monkeypatch.setattr(sys, "stdin", LazyStdin(iter([data])))
    docs = list(read_documents(["-"], published=GIVEN))
    assert [(d.name, d.format) for d in docs] == [("long", "jsonl"), ("short", "jsonl")]
    assert docs[0].text == long_text


def test_blank_lines_longer_than_the_head(tmp_path: Path) -> None:
    padded = tmp_path / "padded.txt"
    padded.write_bytes(b"\n" * (2 * HEAD_SIZE) + b"Words at last.\n")
    [doc] = read_documents([padded])
    assert doc.text == "\n" * (2 * HEAD_SIZE) + "Words at last.\n"
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n" * HEAD_SIZE)
    with pytest.raises(InputError, match="empty file"):
        list(read_documents([blank]))


def test_a_large_text_file_is_read_whole(tmp_path: Path) -> None:
    content = "A long report. " * (HEAD_SIZE // 5) + "\nIt ends here.\n"
    path = tmp_path / "long.txt"
    path.write_text(content, encoding="utf-8")
    [doc] = read_documents([path])
    assert doc.text == content


# --- gzipped JSON Lines --------------------------------------------------------------------------------------


def test_gzipped_jsonl_is_read_as_it_is_unzipped(tmp_path: Path) -> None:
    lines = list(jsonl_lines(300))
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress(b"".join(lines)))
    docs = list(read_documents([path], published=GIVEN))
    assert len(docs) == 300 and {d.format for d in docs} == {"jsonl"}
    assert (docs[0].name, docs[-1].name) == ("batch-1", "batch-300")
    (tmp_path / "dir").mkdir()
    path.rename(tmp_path / "dir" / "batch.ndjson.gz")
    warnings: list[InputError] = []
    assert len(list(read_documents([tmp_path / "dir"], published=GIVEN, on_warning=warnings.append))) == 300
    assert warnings == []


def test_a_truncated_gzipped_jsonl_keeps_the_lines_before_the_cut(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(jsonl_lines(2000)))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[:len(data) // 2])
    warnings: list[InputError] = []
    docs = list(read_documents([path], published=GIVEN, on_warning=warnings.append))
    assert 0 < len(docs) < 2000
    assert [d.name for d in docs] == [f"cut-{n}" for n in range(1, len(docs) + 1)]
    assert len(warnings) == 1 and warnings[0].reason.startswith("corrupt or truncated gzip data (")


def test_a_jsonl_gz_that_is_not_gzip_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_bytes(b'{"text": "not zipped"}\n')
    with pytest.raises(InputError) as caught:
        list(read_documents([path]))
    assert caught.value.source == str(path)
    assert caught.value.reason.startswith("corrupt or truncated gzip data (")


# --- the Source API ------------------------------------------------------------------------------------------


def test_a_source_in_memory_and_one_that_can_be_opened_once() -> None:
    held = Source(b"all of it", "x", "x", "x")
    assert (held.data, held.open().read(), held.text()) == (b"all of it", b"all of it", "all of it")
    piped = Source(b"head", "-", "stdin", "stdin", Once(lambda: io.BytesIO(b"head and the rest"), "stdin"))
    with piped.open() as stream:
        assert stream.read() == b"head and the rest"
    with pytest.raises(InputError, match="standard input can be read only once"):
        piped.open()
    whole = Source(b"head", "-", "stdin", "stdin", Once(lambda: io.BytesIO(b"head and the rest"), "stdin"))
    assert whole.data == b"head and the rest" and whole.open().read() == b"head and the rest"

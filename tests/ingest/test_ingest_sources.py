"""read_documents: files, directories, stdin, URLs; bad inputs; strict vs. warn-and-go-on; date precedence."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.ingest import read_documents
from claimgraph.model import Document

HTML_DATED = ('<html><head><meta property="article:published_time" content="2022-08-03">'
              '<meta property="og:site_name" content="Page Outlet"><title>T</title></head>'
              "<body><article><p>Report text written on August 5, 2022 about events of the week. It goes on "
              "for a while so that it reads as an article.</p></article></body></html>")


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def collect(paths: list[str | Path], **options: object) -> tuple[list[Document], list[InputError]]:
    warnings: list[InputError] = []
    docs = list(read_documents(paths, on_warning=warnings.append, **options))  # type: ignore[arg-type]
    return docs, warnings


def strict_error(paths: list[str | Path]) -> InputError:
    with pytest.raises(InputError) as caught:
        list(read_documents(paths))
    return caught.value


class FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


# --- single bad inputs ----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    error = strict_error([missing])
    assert (error.source, error.reason) == (str(missing), "file not found")
    assert str(error) == f"{missing}: file not found"


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    assert strict_error([write(tmp_path / "empty.txt", content)]).reason == "empty file"


@pytest.mark.parametrize("content", [b"abc\x00def", b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n",
                                     b"\x01\x02\x03\x04ab"])
def test_binary_file(tmp_path: Path, content: bytes) -> None:
    assert strict_error([write(tmp_path / "file.txt", content)]).reason == "binary file, not text"


def test_invalid_utf8_names_byte_and_offset(tmp_path: Path) -> None:
    error = strict_error([write(tmp_path / "latin1.txt", "Café au lait\n".encode("latin-1"))])
    assert error.reason == "not valid UTF-8 (byte 0xe9 at offset 3)"
    error = strict_error([write(tmp_path / "bom.txt", b"\xef\xbb\xbfok \xff")])
    assert error.reason == "not valid UTF-8 (byte 0xff at offset 6)"


def test_utf16_is_called_out(tmp_path: Path) -> None:
    error = strict_error([write(tmp_path / "wide.txt", "hello".encode("utf-16"))])
    assert error.reason.startswith("not valid UTF-8 (UTF-16")


@pytest.mark.parametrize("url", ["https://example.com/news/story.html", "http://example.com/feed.rss",
                                 "feed://example.com/rss", "feed:https://example.com/rss"])
def test_urls_are_refused(url: str) -> None:
    error = strict_error([url])
    assert error.source == url
    assert error.reason == "network access is disabled: download the page or feed and pass the file"


def test_sole_bad_input_raises_even_with_a_warning_callback(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        collect([tmp_path / "missing.txt"])


# --- directories ----------------------------------------------------------------------------------------


def test_directory_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "Bravo.\n")
    write(root / "a.md", "Alpha.\n")
    write(root / "sub" / "c.txt", "Charlie.\n")
    write(root / "sub" / "deeper" / "d.jsonl", '{"id": "delta", "text": "Delta."}\n')
    write(root / "z.html", "<html><body><p>Zulu.</p></body></html>")
    write(root / ".hidden.txt", "Hidden.\n")
    write(root / ".git" / "e.txt", "Hidden too.\n")
    docs, warnings = collect([root])
    assert [d.name for d in docs] == ["a", "b", "z", "c", "delta"]
    assert docs[3].origin == str(root / "sub" / "c.txt")
    assert warnings == []


def test_directory_skips_unknown_and_binary_files_with_warnings(tmp_path: Path) -> None:
    root = tmp_path / "mixed"
    write(root / "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(root / "data.csv", "a,b\n1,2\n")
    write(root / "Makefile", "all:\n\techo hi\n")
    write(root / "scan.txt", b"%PDF-1.4 \x00\x01")
    write(root / "story.txt", "The story.\n")
    docs, warnings = collect([root])
    assert [d.name for d in docs] == ["story"]
    assert sorted(Path(w.source).name for w in warnings) == ["Makefile", "data.csv", "photo.png", "scan.txt"]
    assert all(w.reason.endswith("skipped") for w in warnings)
    assert any(w.reason == "unsupported file type .csv, skipped" for w in warnings)
    assert any(w.reason == "binary file, not text, skipped" for w in warnings)


def test_directory_skips_unknown_files_silently_when_strict(tmp_path: Path) -> None:
    write(tmp_path / "photo.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path / "story.txt", "The story.\n")
    assert [d.name for d in read_documents([tmp_path])] == ["story"]


def test_directory_problems_are_warned_and_the_rest_read(tmp_path: Path) -> None:
    write(tmp_path / "a-empty.txt", "")
    write(tmp_path / "b-latin1.txt", "Café".encode("latin-1"))
    write(tmp_path / "c.txt", "Good one.\n")
    docs, warnings = collect([tmp_path])
    assert [d.name for d in docs] == ["c"]
    assert [(Path(w.source).name, w.reason) for w in warnings] == [
        ("a-empty.txt", "empty file"), ("b-latin1.txt", "not valid UTF-8 (byte 0xe9 at offset 3)")]


def test_directory_problem_raises_when_strict(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "")
    write(tmp_path / "b.txt", "Good.\n")
    assert strict_error([tmp_path]).reason == "empty file"


@pytest.mark.parametrize("files", [{}, {"x.png": b"\x89PNG"}, {".hidden.txt": b"Hidden."}, {"e.txt": b""}])
def test_directory_without_documents(tmp_path: Path, files: dict[str, bytes]) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    for name, content in files.items():
        write(root / name, content)
    with pytest.raises(InputError) as caught:
        collect([root])
    assert (caught.value.source, caught.value.reason) == (str(root), "no documents found")


# --- batches --------------------------------------------------------------------------------------------


def test_batch_warns_about_bad_inputs_and_reads_the_rest(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Good.\n")
    empty = write(tmp_path / "empty.txt", "")
    docs, warnings = collect([tmp_path / "missing.txt", good, "https://example.com/x", empty])
    assert [d.name for d in docs] == ["good"]
    offline = "network access is disabled: download the page or feed and pass the file"
    assert [w.reason for w in warnings] == ["file not found", offline, "empty file"]


def test_batch_raises_when_strict(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Good.\n")
    assert strict_error([good, tmp_path / "missing.txt"]).reason == "file not found"


def test_batch_yielding_nothing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no documents found"):
        collect([tmp_path / "a.txt", tmp_path / "b.txt"])


def test_a_single_path_may_be_passed_bare(tmp_path: Path) -> None:
    path = write(tmp_path / "one.txt", "One.\n")
    assert [d.name for d in read_documents(str(path))] == ["one"]  # type: ignore[arg-type]
    assert [d.name for d in read_documents(path)] == ["one"]  # type: ignore[arg-type]


# --- stdin ----------------------------------------------------------------------------------------------


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"Piped report of August 5, 2022.\r\n"))
    [doc] = read_documents(["-"])
    assert (doc.name, doc.origin, doc.format) == ("stdin", "-", "text")
    assert doc.text == "Piped report of August 5, 2022.\r\n"


def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(HTML_DATED.encode()))
    [doc] = read_documents(["-"])
    assert doc.format == "html" and doc.name == "stdin"
    monkeypatch.setattr(sys, "stdin", FakeStdin(json.dumps({"text": "x"}).encode() + b"\n"))
    [doc] = read_documents(["-"])
    assert (doc.format, doc.name) == ("jsonl", "stdin-1")


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty input"), (b"\x00\x01binary", "binary file, not text"),
    (b"caf\xe9", "not valid UTF-8 (byte 0xe9 at offset 3)"),
])
def test_stdin_problems(monkeypatch: pytest.MonkeyPatch, data: bytes, reason: str) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    error = strict_error(["-"])
    assert (error.source, error.reason) == ("stdin", reason)


# --- dates, outlet, ids ---------------------------------------------------------------------------------


def test_published_argument_beats_metadata_and_text(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", HTML_DATED)
    text = write(tmp_path / "text.txt", "Written on August 5, 2022.\n")
    given = dt.date(2022, 8, 1)
    for doc in read_documents([page, text], published=given):
        assert (doc.published, doc.published_source) == (given, "cli")


def test_metadata_beats_the_text(tmp_path: Path) -> None:
    [doc] = read_documents([write(tmp_path / "page.html", HTML_DATED)])
    assert (doc.published, doc.published_source) == (dt.date(2022, 8, 3), "metadata")
    assert "August 5, 2022" in doc.text


def test_text_date_when_nothing_else_and_none_when_no_date(tmp_path: Path) -> None:
    [dated] = read_documents([write(tmp_path / "a.txt", "On May 28, 2022 and on August 5, 2022.\n")])
    assert (dated.published, dated.published_source) == (dt.date(2022, 8, 5), "text")
    [undated] = read_documents([write(tmp_path / "b.txt", "No date at all.\n")])
    assert (undated.published, undated.published_source) == (None, None)


def test_outlet_argument_overrides_metadata(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", HTML_DATED)
    [doc] = read_documents([page])
    assert doc.outlet == "Page Outlet"
    [doc] = read_documents([page], outlet="Given Outlet")
    assert doc.outlet == "Given Outlet"


def test_same_content_gives_the_same_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = "Same report, word for word.\n"
    a = write(tmp_path / "a.txt", content)
    b = write(tmp_path / "copy" / "b.md", content)
    first, second = read_documents([a, b])
    [again] = read_documents([a])
    monkeypatch.setattr(sys, "stdin", FakeStdin(content.encode()))
    [piped] = read_documents(["-"])
    assert first.id == second.id == again.id == piped.id
    assert first == again
    assert first.name != second.name
    [other] = read_documents([write(tmp_path / "c.txt", content + "More.\n")])
    assert other.id != first.id

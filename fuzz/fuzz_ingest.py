"""An atheris (libFuzzer) harness over ingestion and extraction: fuzzed bytes -> a file -> the readers -> spaCy ->
claims. It fails on any error that is not claimgraph's InputError, on a document holding text no store takes,
and on a claim whose evidence is not the document's text at its offsets.

Each input picks a format (its first byte) and is either raw bytes under that format's suffix, or fuzzed text
wrapped as a valid input of the format (a JSON Lines line, an HTML page nested some levels deep, a feed,
a WARC record) so that the fuzzer also reaches the code behind the parsers. Only claimgraph is instrumented.

    .venv/bin/python fuzz/fuzz_ingest.py -atheris_runs=2000              # a bounded run (as the test does)
    .venv/bin/python fuzz/fuzz_ingest.py fuzz/corpus -max_total_time=3600  # an hour, growing the corpus

libFuzzer's options apply (``-help=1``); a crash is written to ``crash-*`` (or ``-artifact_prefix=DIR/``) and
replayed with ``fuzz/fuzz_ingest.py crash-FILE``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import json
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["claimgraph"]):
    from claimgraph.errors import InputError
    from claimgraph.ingest import Limits, read_documents
    from claimgraph.model import Document
    from claimgraph.process import Processor

SUFFIXES = ("", ".txt", ".html", ".jsonl", ".jsonl.gz", ".rss", ".atom", ".xml", ".warc", ".warc.gz")
LIMITS = Limits(max_doc_bytes=256 * 1024, max_feed_bytes=1024 * 1024)
MAX_EXTRACT_CHARS = 4000
"""Only this much of a document is parsed (spaCy is the slow part: the readers are what is fuzzed most)."""

_processor: Processor | None = None
_folder = Path(tempfile.mkdtemp(prefix="claimgraph-fuzz-"))


def _wrap(kind: str, text: str, depth: int) -> bytes:
    """``text`` as a valid input of the format ``kind`` (by suffix)."""
    esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if kind.startswith(".jsonl"):
        return json.dumps({"id": text[:8], "text": text, "title": text[:20]}, ensure_ascii=depth % 2 == 0).encode(
            "utf-8", "surrogatepass")
    if kind in (".html", ""):
        return (f"<html><head><title>{esc[:30]}</title></head><body>{'<div>' * depth}{esc}{'</div>' * depth}"
                "<p>end</p></body></html>").encode("utf-8", "replace")
    if kind in (".rss", ".xml"):
        return (f"<rss><channel><title>F</title><item><title>{esc[:20]}</title><description>{esc}</description>"
                f"</item></channel></rss>").encode("utf-8", "replace")
    if kind == ".atom":
        return (f'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><content type="html">{esc}'
                "</content></entry></feed>").encode("utf-8", "replace")
    if kind.startswith(".warc"):
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=kind.endswith(".gz"))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = _wrap(".html", text, depth)
        writer.write_record(writer.create_warc_record("https://example.com/a", "response",
                                                      payload=io.BytesIO(body), http_headers=http))
        return buffer.getvalue()
    return text.encode("utf-8", "surrogatepass")


def _check(doc: Document) -> None:
    for value in (doc.text, doc.name, doc.title, doc.url, doc.outlet):
        if value is not None:
            assert "\x00" not in value, "a NUL reached a document"
            value.encode("utf-8")  # a lone surrogate raises here
    assert doc.text.strip(), "an empty document"


def _extract(doc: Document) -> None:
    global _processor
    if _processor is None:
        _processor = Processor()
    text = doc.text[:MAX_EXTRACT_CHARS]
    short = doc.model_copy(update={"text": text, "published": dt.date(2022, 8, 5)})
    extraction = _processor.process(short)
    for claim in extraction.claims:
        for ev in claim.evidence:
            assert 0 <= ev.start <= ev.end <= len(text), (ev.start, ev.end, len(text))
            assert text[ev.start:ev.end] == ev.text, "evidence is not the text at its offsets"


def fuzz_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    suffix = SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]
    wrapped = fdp.ConsumeBool()
    depth = fdp.ConsumeIntInRange(0, 400)
    if wrapped:
        payload = _wrap(suffix, fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()), depth)
    else:
        payload = fdp.ConsumeBytes(fdp.remaining_bytes())
    if suffix.endswith(".gz") and not payload.startswith(b"\x1f\x8b"):
        payload = gzip.compress(payload, mtime=0)
    path = _folder / f"input{suffix}"
    path.write_bytes(payload)
    warnings: list[InputError] = []
    try:
        docs = list(read_documents([str(path)], on_warning=warnings.append, limits=LIMITS))
    except InputError as e:
        assert "\n" not in str(e), "a message of more than one line"
        return
    for doc in docs:
        _check(doc)
    for doc in docs[:2]:
        with contextlib.suppress(InputError):  # the processor's own refusals (length, invalid Unicode) are fine
            _extract(doc)


def main() -> None:
    atheris.Setup(sys.argv, fuzz_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

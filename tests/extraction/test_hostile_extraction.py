"""Hostile text through the extraction: control, bidi and combining characters, mixed scripts, long documents.

Whatever the text: no error but claimgraph's own, every evidence span is the text at its offsets, and the
same text gives the same claims. Also the bounds: a document past the length limit is refused before it is
parsed, one that takes too long is stopped (:mod:`claimgraph.deadline`), and a long document costs time in
proportion to its length (extraction was quadratic in the number of sentences).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimgraph
from claimgraph.deadline import time_limit
from claimgraph.errors import DocumentTimeout, InputError
from claimgraph.extraction import Extraction
from claimgraph.model import Claim, Document
from claimgraph.parallel import Failure, extract_ordered
from claimgraph.schema import validate_claim_v1

HOSTILE = ["\x00", "\x01", "\x1b", "\x7f", "\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\u200b", "\ufeff",
           "\u0301", "\u0650", "\u2028", "\r", "\t", "\n\n", "\ufffd", "\U0001f600", "\U0001f1ee\U0001f1f7",
           "\u0627\u06cc\u0631\u0627\u0646", "\u0631\u0648\u0633\u06cc\u0647", "\u041c\u043e\u0441\u043a\u0432\u0430",
           "\u4e2d\u56fd", "\u6771\u4eac", "\u05d9\u05e9\u05e8\u05d0\u05dc"]
WORDS = ["Iran", "sold", "46", "drones", "to", "Russia", "on", "Friday", ",", ".", "said", "officials", "the",
         "Hezbollah", "attacked", "Israel", "in", "Gaza", "reportedly", "denied", "\u201c", "\u201d", "Raisi", "met"]
TEXTS = st.one_of(
    st.lists(st.sampled_from(WORDS + HOSTILE), max_size=50).map(" ".join),
    st.lists(st.sampled_from(WORDS + HOSTILE), max_size=50).map("".join),
    st.text(max_size=200).filter(lambda t: not any("\ud800" <= c <= "\udfff" for c in t)),
)


def grounded(extraction: Extraction, text: str) -> list[dict]:
    """The claims as claims-v1, each checked: valid, and every evidence span the text at its offsets."""
    out = []
    for claim in extraction.claims:
        exported = claim.to_v1()
        validate_claim_v1(exported)
        assert claim.evidence
        for ev in claim.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
            assert text[ev.start:ev.end] == ev.text
        out.append(exported)
    for mention in extraction.mentions:
        assert text[mention.start:mention.end] == mention.text
    return out


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_hostile_text_gives_grounded_deterministic_claims(processor, text: str):
    document = Document(text=text, name="hostile", published=dt.date(2022, 8, 5))
    first = grounded(processor.process(document), text)
    assert grounded(processor.process(document), text) == first
    assert [grounded(e, text) for e in processor.process_many([document, document])] == [first, first]


def test_the_shapes_the_issue_names(processor):
    for text in [
        "\u202eIran sold 46 drones to Russia on Friday\u202c, officials said.",
        "Iran\u200b sold\u200b drones\u200b to\u200b Russia.",
        "Te\u0301hra\u0301n sold drones to Mosco\u0301w. \u0627\u06cc\u0631\u0627\u0646 \u067e\u0647\u067e\u0627\u062f "
        "\u0628\u0647 \u0631\u0648\u0633\u06cc\u0647 \u0641\u0631\u0648\u062e\u062a. \u4f0a\u6717\u5411\u4fc4\u7f57"
        "\u65af\u51fa\u552e\u65e0\u4eba\u673a\u3002 Iran sold drones to Russia \U0001f600.",
        "Iran\x00sold drones\x01to Russia\x1b[31m on Friday.\x7f",
        "Iran sold drones to Russia.\r\nHezbollah attacked Israel.\rRaisi met Putin.\u2028Israel struck Gaza.",
        "\ufeffIran sold drones to Russia. " + "\u0301" * 500,
        "Iran" + " sold" * 3000 + " drones to Russia.",  # one absurd sentence
    ]:
        claims = grounded(processor.process(Document(text=text, name="shape", published=dt.date(2022, 8, 5))),
                          text)
        assert all(c["evidence"] for c in claims)


def test_a_repeated_claim_is_merged_in_linear_work(processor):
    """A page repeating one sentence made extraction quadratic: each repeat re-sorted the merged evidence, each
    sentence walked every entity of the document. 8x the sentences must make about 8x the function calls
    (Python's and C's, counted with a profile hook: the same on any machine, under any load; quadratic work
    would make some 64x). ``benchmarks/repeat_scaling.py`` times it."""
    sentence = "Iran sold 46 drones to Russia on Friday, officials said. "

    def extraction_calls(count: int) -> int:
        text = sentence * count
        document = Document(text=text, name="repeat", published=dt.date(2022, 8, 5))
        doc = processor.nlp(text)
        calls = 0

        def count_calls(frame: object, event: str, arg: object) -> None:
            nonlocal calls
            calls += event in ("call", "c_call")

        sys.setprofile(count_calls)
        try:
            extraction = processor.extractor(doc, document)
        finally:
            sys.setprofile(None)
        [claim] = [c for c in extraction.claims if c.type == "transfer"]
        assert len(claim.evidence) == count
        assert [e.start for e in claim.evidence] == [i * len(sentence) for i in range(count)]
        return calls

    small, large = extraction_calls(200), extraction_calls(1600)
    assert 7 * small < large < 12 * small, (small, large)  # linear: 8.1x


def test_merging_many_at_once_equals_merging_one_by_one(processor):
    text = "Iran sold drones to Russia on Friday. Iran sold drones to Russia. Iran sold drones to Russia in 2022."
    claims: list[Claim] = []
    for start in (0, 38, 66):
        sentence = text[start:].split(". ")[0]
        doc = Document(text=sentence, name="m", published=dt.date(2022, 8, 5))
        [claim] = processor.process(doc).claims
        claims.append(claim)
    one_by_one = claims[0]
    for claim in claims[1:]:
        one_by_one = one_by_one.merged_with(claim)
    assert claims[0].merged_with(*claims[1:]) == one_by_one
    assert claims[0].merged_with() == claims[0]


# -- the length limit ------------------------------------------------------------------------------------
def test_a_document_over_the_length_limit_is_refused_before_parsing(processor):
    """A document past spaCy's nlp.max_length raised spaCy's ValueError E088; now the limit is ours (5 MiB by
    default, ``--max-doc-bytes``) and says what to do."""
    assert processor.nlp.max_length == processor.max_chars == 5 << 20
    long = Document(text="x" * ((5 << 20) + 1), name="long")
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"^long: 5,242,881 characters, more than the 5,242,880 one document may "
                                         r"have \(raise it with --max-doc-bytes, or split the document\)$"):
        processor.process(long)
    with pytest.raises(InputError, match="more than the 5,242,880"):
        claimgraph.extract(long.text, name="long")
    assert time.perf_counter() - started < 5  # refused, not parsed
    results = list(extract_ordered([long, Document(text="Iran sold drones to Russia.", name="ok")],
                                   processor=processor))
    assert isinstance(results[0], Failure) and "more than the 5,242,880" in results[0].reason
    assert isinstance(results[1], Extraction) and results[1].claims


def test_lone_surrogates_are_an_input_error_not_a_traceback(processor):
    """A str from Python may hold a lone surrogate; hashing the document raised UnicodeEncodeError."""
    with pytest.raises(InputError, match=r"^api: not valid Unicode \(a lone surrogate U\+D800 at character 5\)$"):
        claimgraph.extract("Iran \ud800 sold drones to Russia.", name="api")


# -- the time limit --------------------------------------------------------------------------------------
SLOW = "Iran sold 46 drones to Russia on Friday, officials said. " * 1500  # seconds to parse, on any machine


def test_a_slow_document_is_stopped_and_the_rest_goes_on(processor):
    docs = [Document(text="China sold drones to Iraq.", name="before"), Document(text=SLOW, name="slow"),
            Document(text="Turkey sold drones to Ukraine.", name="after")]
    started = time.perf_counter()
    results = list(extract_ordered(docs, processor=processor, batch_size=3, doc_timeout=0.5))
    assert time.perf_counter() - started < 20
    assert [type(r) for r in results] == [Extraction, Failure, Extraction]
    assert results[1].reason == ("took longer than the time limit of 0.5 s (raise it with --doc-timeout SECONDS, "
                                 "or 0 for no limit)")
    assert results[0].claims and results[2].claims
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None, signal.default_int_handler)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with pytest.raises(DocumentTimeout):
        processor.process(docs[1], timeout=0.05)
    assert grounded(processor.process(docs[0], timeout=30), docs[0].text)


def test_database_add_files_with_a_time_limit(tmp_path: Path):
    (tmp_path / "a-slow.txt").write_text(SLOW)
    (tmp_path / "b-quick.txt").write_text("Iran sold drones to Russia on Friday.")
    with claimgraph.open(tmp_path / "claims.db") as db:
        with pytest.raises(InputError, match=r"a-slow: cannot extract \(took longer than the time limit of 0.05 s"):
            db.add_files([tmp_path / "a-slow.txt"], doc_timeout=0.05)
        [result] = db.add_files([tmp_path / "b-quick.txt"], doc_timeout=30)
        assert result.new and result.claims


def test_database_add_files_limits_reading_too(tmp_path: Path):
    page = tmp_path / "slow.html"  # 2.6 MB of paragraphs: seconds for trafilatura to read
    paragraphs = "".join(f"<p>Paragraph {i}: Iran sold drones to Russia.</p>" for i in range(40_000))
    page.write_text(f"<html><body>{paragraphs}</body></html>")
    late = r"slow.html: reading took longer than the 0.5 s limit \(raise it with --doc-timeout SECONDS, or 0 for no"
    with claimgraph.open(tmp_path / "claims.db") as db, pytest.raises(InputError, match=late):
        db.add_files([page], doc_timeout=0.5)


def test_time_limit_restores_what_was_there():
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.4)  # an outer timer: it must still fire, on time
        with pytest.raises(DocumentTimeout), time_limit(0.05):
            while True:
                pass
        with time_limit(5):
            pass
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.4
        time.sleep(0.5)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_time_limit_is_no_limit_outside_the_main_thread_or_at_zero():
    outcome: list[str] = []

    def work() -> None:
        with time_limit(0.01):
            time.sleep(0.05)
        outcome.append("done")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["done"]
    with time_limit(0), time_limit(None):
        time.sleep(0.02)


def test_a_swallowed_timeout_fires_again():
    with pytest.raises(DocumentTimeout), time_limit(0.05):
        with contextlib.suppress(Exception):  # a library that catches everything
            time.sleep(1)
        time.sleep(1)


@pytest.mark.parametrize("added", ["before", "inside"])
def test_a_timeout_that_arrives_in_a_collector_callback_waits_for_the_next_signal(added):
    """An exception raised inside a ``gc.callbacks`` function can only be printed and dropped (Hypothesis installs
    one): the limit lets that signal pass, nothing is left unraisable, and the next signal stops the work. So
    for a callback added before the limit began and one added inside it."""
    import gc

    unraisable: list[object] = []
    slow_phases: list[str] = []

    def slow_callback(phase: str, info: dict[str, int]) -> None:
        slow_phases.append(phase)
        until = time.monotonic() + 0.15
        while time.monotonic() < until:  # Python code running when the signal comes
            pass

    hook, sys.unraisablehook = sys.unraisablehook, unraisable.append
    if added == "before":
        gc.callbacks.append(slow_callback)
    started = time.monotonic()
    try:
        with pytest.raises(DocumentTimeout), time_limit(0.05):
            if added == "inside":
                gc.callbacks.append(slow_callback)
            gc.collect()  # the first signal arrives in the callback
            time.sleep(1)
    finally:
        gc.callbacks.remove(slow_callback)
        sys.unraisablehook = hook
    assert "start" in slow_phases and unraisable == []
    assert time.monotonic() - started < 0.9
    assert not any(getattr(c, "__name__", "").startswith("collection_") for c in gc.callbacks)

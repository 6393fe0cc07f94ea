"""Publication dates: ``parse_date`` (--published) and ``infer_published`` (the latest full date stated)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.ingest import find_dates, infer_published, parse_date

AUG5 = dt.date(2022, 8, 5)


@pytest.mark.parametrize("value", [
    "2022-08-05", "August 5, 2022", "Aug. 5, 2022", "Aug 5 2022", "5 August 2022", "5 Aug 2022",
    "5th of August, 2022", "Friday, August 5, 2022", "august 5, 2022", " 2022-08-05 ", "2022-08-05T10:30:00Z",
    "2022/08/05", "2022-8-5",
])
def test_parse_date_accepts_common_forms(value: str) -> None:
    assert parse_date(value) == AUG5


@pytest.mark.parametrize("value", ["garbage", "", "yesterday", "August 2022", "05/08/2022", "2022-08",
                                   "5 Augst 2022"])
def test_parse_date_rejects_what_is_no_full_date(value: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(value)
    message = str(caught.value)
    assert message.startswith("--published: cannot read date")
    assert "YYYY-MM-DD" in message and "\n" not in message


@pytest.mark.parametrize("value", ["2022-02-30", "February 30, 2022", "2022-13-01", "31 April 2022"])
def test_parse_date_rejects_impossible_dates(value: str) -> None:
    with pytest.raises(InputError, match="no such date"):
        parse_date(value)


def test_parse_date_names_its_source() -> None:
    with pytest.raises(InputError) as caught:
        parse_date("soon", source="feed.jsonl")
    assert caught.value.source == "feed.jsonl"


@pytest.mark.parametrize(("text", "expected"), [
    ("It happened on August 5, 2022.", AUG5),
    ("Published Aug. 5, 2022 at noon.", AUG5),
    ("Published 5 August 2022.", AUG5),
    ("Updated: 2022-08-05T09:00:00Z", AUG5),
    ("On Thursday, August 4, 2022, she said so.", dt.date(2022, 8, 4)),
    ("Dated Sept. 5th, 2022.", dt.date(2022, 9, 5)),
    ("THE 5 AUGUST 2022 EDITION", AUG5),
])
def test_infer_published_reads_full_dates(text: str, expected: dt.date) -> None:
    assert infer_published(text) == expected


def test_infer_published_takes_the_latest_date() -> None:
    text = "On May 28, 2022 the base was shown. On 2022-08-05 it was reported. In 2021-01-01 nothing."
    assert infer_published(text) == AUG5
    assert find_dates(text) == [dt.date(2022, 5, 28), AUG5, dt.date(2021, 1, 1)]


@pytest.mark.parametrize("text", [
    "No date here.", "In August 2022 it rained.", "On August 5 it rained.", "You may 5, 2022 see it.",
    "February 30, 2022 is no day.", "2022-13-45", "1 March 1066 was long ago.", "call 2022-08-0512",
])
def test_infer_published_ignores_partial_and_impossible_dates(text: str) -> None:
    assert infer_published(text) is None


def test_seed_article_infers_its_publication_date(seed_path: Path) -> None:
    shared = Path("/work/shared/corpus/seed-iran-international-2022-08-05.txt")
    for path in (seed_path, shared) if shared.exists() else (seed_path,):
        text = path.read_text(encoding="utf-8")
        assert "May 28, 2022" in text and "August 5, 2022" in text
        assert infer_published(text) == AUG5

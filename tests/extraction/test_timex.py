"""Time expressions normalised against the publication date, and found in running text."""

from __future__ import annotations

from datetime import date

import pytest

from claimgraph.extraction.timex import find_times, normalise_time

ANCHOR = date(2022, 8, 5)  # a Friday


def norm(text: str, anchor: date | None = ANCHOR, tense: str = "past") -> tuple[str | None, str | None]:
    return normalise_time(text, anchor, tense=tense)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "value"), [
    ("August 5, 2022", "2022-08-05"),
    ("Aug. 5, 2022", "2022-08-05"),
    ("5 August 2022", "2022-08-05"),
    ("2022-08-05", "2022-08-05"),
    ("on May 28, 2022", "2022-05-28"),
    ("on Friday, August 5, 2022", "2022-08-05"),
    ("the 4th of August 2022", "2022-08-04"),
    ("Sep 12, 2021", "2021-09-12"),
    ("2022-08-05T10:00:00Z", "2022-08-05"),
])
def test_full_dates(text: str, value: str) -> None:
    assert norm(text) == (value, "day")
    assert norm(text, None) == (value, "day")  # absolute: no anchor needed


def test_weekday_with_month_and_day() -> None:
    assert norm("Thursday, August 4") == ("2022-08-04", "day")
    assert norm("on Thursday 4 August") == ("2022-08-04", "day")


def test_weekday_fixes_the_year() -> None:
    # 2 January is a Monday in 2023, not in 2022 or 2021: the weekday wins over the past tense.
    assert norm("Monday, January 2", date(2022, 12, 30)) == ("2023-01-02", "day")
    # 30 December 2022 is a Friday; in 2023 it is a Saturday.
    assert norm("Friday, December 30", date(2023, 1, 3)) == ("2022-12-30", "day")


@pytest.mark.parametrize(("text", "value"), [
    ("on Friday", "2022-08-05"),
    ("Friday", "2022-08-05"),
    ("earlier on Friday", "2022-08-05"),
    ("Friday’s", "2022-08-05"),
    ("late Thursday night", "2022-08-04"),
    ("on Thursday", "2022-08-04"),
    ("Thurs.", "2022-08-04"),
    ("Monday", "2022-08-01"),
    ("last Friday", "2022-07-29"),
    ("this Friday", "2022-08-05"),
    ("next Monday", "2022-08-08"),
])
def test_bare_weekdays(text: str, value: str) -> None:
    assert norm(text) == (value, "day")


def test_weekday_future_tense() -> None:
    assert norm("after Monday", tense="future") == ("2022-08-08", "day")
    assert norm("Monday", tense="future") == ("2022-08-08", "day")


@pytest.mark.parametrize(("text", "value"), [
    ("on July 25", "2022-07-25"),
    ("July 25", "2022-07-25"),
    ("on May 6", "2022-05-06"),
    ("Sept. 12", "2021-09-12"),  # after the anchor, told in the past: the year before
    ("on September 1", "2021-09-01"),
    ("the 4th of August", "2022-08-04"),
])
def test_month_and_day_without_year(text: str, value: str) -> None:
    assert norm(text) == (value, "day")


def test_month_and_day_future_tense() -> None:
    assert norm("on September 1", tense="future") == ("2022-09-01", "day")
    assert norm("on May 6", tense="future") == ("2023-05-06", "day")


@pytest.mark.parametrize(("text", "value"), [
    ("in June", "2022-06"),
    ("in July", "2022-07"),
    ("late January", "2022-01"),
    ("early March", "2022-03"),
    ("mid-May", "2022-05"),
    ("mid–May", "2022-05"),  # en dash
    ("last August", "2021-08"),
    ("this August", "2022-08"),
    ("next March", "2023-03"),
    ("last June", "2022-06"),
    ("in December", "2021-12"),
    ("the last week of July", "2022-07"),
])
def test_month_without_year(text: str, value: str) -> None:
    assert norm(text) == (value, "month")


def test_month_without_year_future() -> None:
    assert norm("in December", tense="future") == ("2022-12", "month")
    assert norm("in March", tense="future") == ("2023-03", "month")


@pytest.mark.parametrize(("text", "value"), [
    ("in January 2020", "2020-01"),
    ("September 2020", "2020-09"),
    ("Jan. 2020", "2020-01"),
    ("early September, 2020", "2020-09"),
])
def test_month_with_year(text: str, value: str) -> None:
    assert norm(text) == (value, "month")
    assert norm(text, None) == (value, "month")


@pytest.mark.parametrize(("text", "value"), [
    ("in 2018", "2018"),
    ("2019", "2019"),
    ("after 2019", "2019"),
    ("summer 2021", "2021"),
    ("the summer of 2021", "2021"),
    ("mid-2021", "2021"),
    ("the first half of 2022", "2022"),
    ("in 1979", "1979"),
])
def test_years(text: str, value: str) -> None:
    assert norm(text) == (value, "year")


@pytest.mark.parametrize(("text", "expected"), [
    ("today", ("2022-08", "month")),
    ("this week", ("2022-08", "month")),
    ("the week", ("2022-08", "month")),
    ("during the week", ("2022-08", "month")),
    ("yesterday", ("2022-08-04", "day")),
    ("tomorrow", ("2022-08-06", "day")),
    ("last night", ("2022-08-04", "day")),
    ("last week", ("2022-07", "month")),
    ("last month", ("2022-07", "month")),
    ("this month", ("2022-08", "month")),
    ("earlier this month", ("2022-08", "month")),
    ("last year", ("2021", "year")),
    ("this year", ("2022", "year")),
    ("later this year", ("2022", "year")),
    ("next year", ("2023", "year")),
    ("the end of last year", ("2021", "year")),
    ("three days ago", ("2022-08-02", "day")),
    ("3 days ago", ("2022-08-02", "day")),
    ("two weeks ago", ("2022-07-22", "day")),
    ("four hours ago", ("2022-08-05", "day")),
    ("approximately four hours ago", ("2022-08-05", "day")),
    ("a few days ago", ("2022-08", "month")),
    ("two months ago", ("2022-06", "month")),
    ("more than five years ago", ("2017", "year")),
])
def test_relative(text: str, expected: tuple[str, str]) -> None:
    assert norm(text) == expected


def test_last_week_across_a_month() -> None:
    assert norm("last week", date(2022, 8, 3)) == ("2022-07", "month")
    assert norm("last month", date(2022, 1, 15)) == ("2021-12", "month")


@pytest.mark.parametrize("text", [
    "recently", "eight years", "more than five years", "the past two decades", "72 hours", "five-minute",
    "in the 1990s", "February 30", "", "since", "the same day",
])
def test_not_times(text: str) -> None:
    assert norm(text) == (None, None)


@pytest.mark.parametrize("text", ["Friday", "yesterday", "last year", "in June", "July 25",
                                  "Thursday, August 4"])
def test_relative_needs_an_anchor(text: str) -> None:
    assert norm(text, None) == (None, None)


def test_case_and_punctuation() -> None:
    assert norm("ON FRIDAY,") == ("2022-08-05", "day")
    assert norm("(in September 2020)") == ("2020-09", "month")
    assert norm("  on  Aug.  5,  2022. ") == ("2022-08-05", "day")


def test_find_times_prefers_the_time_to_the_duration() -> None:
    sentence = "She was freed from Evin Prison in September 2020 after serving more than five years"
    found = find_times(sentence)
    assert len(found) == 1
    start, end, text = found[0]
    assert text in ("September 2020", "in September 2020")
    assert sentence[start:end] == text
    assert "five years" not in text


def test_find_times_longest_match() -> None:
    sentence = "Officials said on Thursday, August 4, that the talks would resume."
    assert [t for _, _, t in find_times(sentence)] == ["Thursday, August 4"]


def test_find_times_several_and_offsets() -> None:
    sentence = "Protests erupted in mid-May and went on through the week, officials said earlier this month."
    found = find_times(sentence)
    assert [t for _, _, t in found] == ["mid-May", "the week", "this month"]
    assert all(sentence[s:e] == t for s, e, t in found)


def test_find_times_skips_words_that_are_not_months_or_years() -> None:
    assert find_times("This may be the end; troops march on, and 2,000 more arrive.") == []
    assert find_times("No time here at all.") == []
    assert [t for _, _, t in find_times("Troops march in May.")] == ["May"]


def test_find_times_bare_year_needs_a_preposition() -> None:
    assert [t for _, _, t in find_times("By 2030 it may return; 2030 is far.")] == ["2030"]


def test_find_times_skips_story_relative_times() -> None:
    sentence = "He was detained on the night of August 4 and freed the following Monday."
    assert [t for _, _, t in find_times(sentence)] == ["the night of August 4"]


def test_found_spans_normalise() -> None:
    sentence = "Arrested on 12 May 2021, he was sentenced two days ago, and released on Friday’s order."
    values = [normalise_time(t, ANCHOR)[0] for _, _, t in find_times(sentence)]
    assert values == ["2021-05-12", "2022-08-03", "2022-08-05"]

"""Time expressions: find them in a sentence and normalise them against the publication date.

``normalise_time("Thursday, August 4", date(2022, 8, 5))`` gives ``("2022-08-04", "day")``: an ISO value at
the precision the text gives, ``YYYY`` (year), ``YYYY-MM`` (month) or ``YYYY-MM-DD`` (day). Relative words
resolve against the anchor (the publication date); a week and "today" are vaguer than a day and are given
as their month. Durations ("eight years", "72 hours", "the past two decades"), decades ("the 1990s") and
words like "recently" are not points in time and give ``(None, None)``; so does anything relative when
there is no anchor.

``find_times`` finds the same grammar in running text, with character offsets into the string and the
longest match preferred, for the places where spaCy's DATE entities miss. Pure stdlib; every pattern is
compiled at import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from ..model.claim import Precision

__all__ = ["find_times", "normalise_time"]

Tense = Literal["past", "future"]
_Result = tuple[str | None, "Precision | None"]
_NONE: _Result = (None, None)

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_WEEKDAYS = {d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_NUMBERS = {w: i for i, w in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    start=1)} | {"a": 1, "an": 1}
_VAGUE = {"a few": 3, "few": 3, "several": 3, "a couple of": 2, "a couple": 2, "a number of": 3}
# "last <unit>" and friends: how many units from the anchor's.
_REL_STEP = {"last": -1, "this past": -1, "this": 0, "the": 0, "the current": 0, "current": 0, "next": 1,
             "the coming": 1, "coming": 1}
_DAY_WORDS = {"tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "yesterday": -1,
              "last night": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}

# ---- the grammar: pieces, spliced into each rule's pattern with %-formatting -------------------------
_PIECES = {
    "MONTH": r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sep(?:tember|t)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])"
             r"(?:(?<=jan|feb|mar|apr|jun|jul|aug|sep|ept|oct|nov|dec)\.)?",
    "DAY": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d])",
    "YEAR": r"(?P<year>\d{4})(?!\d)",
    "BYEAR": r"(?P<year>1[89]\d\d|20\d\d)(?![\d])",
    "SEASON": r"(?P<season>spring|summer|autumn|fall|winter)",
    "PART": r"(?:\s+(?:morning|afternoon|evening|night))?",
    "NUM": r"(?P<num>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?"
           r"|a\s+few|few|several|a\s+couple(?:\s+of)?|a\s+number\s+of)",
    "REL": r"(?P<rel>last|this\s+past|this|(?:the\s+)?(?:current|coming)|next)",
}
_QUAL = (r"(?:(?:the\s+)?(?:(?:early|late)(?:\s+in)?|mid|(?:end|beginning|start|middle|morning|afternoon|"
         r"evening|night|(?:first|second|third|fourth|final|last)\s+(?:week|weekend|days|weeks|half|quarter"
         r"|months))\s+of)(?:\s+|-)|mid-?)")
_PIECES["QUAL"] = _QUAL + "?"
_PIECES["QUALREQ"] = _QUAL
_WD_FULL = r"(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?![a-z])"
_WD_ABBR = (r"(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
            r"|sat(?:urday)?|sun(?:day)?)(?![a-z])\.?")
_OPT_WD = r"(?:%(WD)s,?\s+)?"


# ---- helpers ---------------------------------------------------------------------------------------
def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day(d: dt.date | None) -> _Result:
    return (d.isoformat(), "day") if d is not None else _NONE


def _ym(year: int, month: int) -> _Result:
    return (f"{year:04d}-{month:02d}", "month") if 1 <= year <= 9999 and 1 <= month <= 12 else _NONE


def _y(year: int) -> _Result:
    return (f"{year:04d}", "year") if 1 <= year <= 9999 else _NONE


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    i = year * 12 + month - 1 + n
    return i // 12, i % 12 + 1


def _g(m: re.Match[str], name: str) -> str | None:
    """A group of the match, lowercased with single spaces, or None when absent or unmatched."""
    value = m.groupdict().get(name)
    return " ".join(value.lower().split()) if value else None


def _month(m: re.Match[str]) -> int:
    return _MONTHS[m["month"][:3].lower()]


# ---- handlers: one per rule, (match, anchor, tense) -> (value, precision) ----------------------------
def _iso(m: re.Match[str], anchor: dt.date | None, tense: str) -> _Result:
    return _day(_date(int(m["year"]), int(m["mon"]), int(m["day"])))


def _full_date(m: re.Match[str], anchor: dt.date | None, tense: str) -> _Result:
    return _day(_date(int(m["year"]), _month(m), int(m["day"])))


def _month_day(m: re.Match[str], anchor: dt.date | None, tense: str) -> _Result:
    """A month and day with no year: the anchor's year, unless the tense or a weekday says otherwise."""
    if anchor is None:
        return _NONE
    month, day, wd = _month(m), int(m["day"]), _g(m, "wd")
    if wd is not None:  # the weekday fixes the year
        for year in (anchor.year, anchor.year - 1, anchor.year + 1):
            d = _date(year, month, day)
            if d is not None and d.weekday() == _WEEKDAYS[wd[:3]]:
                return _day(d)
    d = _date(anchor.year, month, day)
    if d is None:
        return _NONE
    if tense == "past" and d > anchor:
        return _day(_date(anchor.year - 1, month, day))
    if tense == "future" and d < anchor:
        return _day(_date(anchor.year + 1, month, day))
    return _day(d)


def _month_year(m: re.Match[str], anchor: dt.date | None, tense: str) -> _Result:
    return _ym(int(m["year"]), _month(m))


def _year(m: re.Match[str], anchor: dt.date | None, tense: str) -> _Result:
    return _y(int(m["year"]))


def _month_only(m: re.Match[str], anchor: dt.date | None, tense: str) -> _Result:
    """ "in June", "last August" (the latest strictly before the anchor's month), "next March"."""
    if anchor is None:
        return _NONE
    month, year, step = _month(m), anchor.year, _REL_STEP.get(_g(m, "rel") or "")
    if step == -1:
        year -= month >= anchor.month
    elif step == 1:
        year += month <= anchor.month
    elif step is None and tense == "past":
        year -= month > anchor.month
    elif step is None:
        year += month < anchor.month
    return _ym(year, month)


def _weekday(m: re.Match[str], anchor: dt.date | None, tense: str) -> _Result:
    """ "Friday": the latest on or before the anchor (past) or the first on or after it (future)."""
    if anchor is None:
        return _NONE
    wd, aw, step = _WEEKDAYS[_g(m, "wd")[:3]], anchor.weekday(), _REL_STEP.get(_g(m, "rel") or "")
    if step == 0:  # "this Friday": in the anchor's week
        offset = wd - aw
    elif step == -1:
        offset = -((aw - wd) % 7 or 7)
    elif step == 1:
        offset = (wd - aw) % 7 or 7
    else:
        offset = (wd - aw) % 7 if tense == "future" else -((aw - wd) % 7)
    return _day(anchor + dt.timedelta(days=offset))


def _day_word(m: re.Match[str], anchor: dt.date | None, tense: str) -> _Result:
    word = _g(m, "word")
    if anchor is None or word is None:
        return _NONE
    if word == "today":  # as often "nowadays" as the day itself
        return _ym(anchor.year, anchor.month)
    return _day(anchor + dt.timedelta(days=_DAY_WORDS[word]))


def _unit_rel(m: re.Match[str], anchor: dt.date | None, tense: str) -> _Result:
    """ "last week" (its month), "this month", "next year", "the week"."""
    if anchor is None:
        return _NONE
    step, unit = _REL_STEP[_g(m, "rel") or "the"], _g(m, "unit")
    if unit in ("week", "weekend"):
        d = anchor + dt.timedelta(days=7 * step)
        return _ym(d.year, d.month)
    if unit == "month":
        return _ym(*_add_months(anchor.year, anchor.month, step))
    return _y(anchor.year + step)


def _ago(m: re.Match[str], anchor: dt.date | None, tense: str) -> _Result:
    """ "four hours ago", "two days ago", "three weeks ago", "a year ago"; a vague count loses precision."""
    if anchor is None:
        return _NONE
    num, unit = _g(m, "num") or "", _g(m, "unit")
    vague = num in _VAGUE
    n = _VAGUE.get(num) or _NUMBERS.get(num) or int(num)
    if unit in ("minute", "hour"):
        return _day(anchor)
    if unit in ("day", "week"):
        d = anchor - dt.timedelta(days=n * (7 if unit == "week" else 1))
        return _ym(d.year, d.month) if vague else _day(d)
    if vague:
        return _NONE
    if unit == "month":
        return _ym(*_add_months(anchor.year, anchor.month, -n))
    return _y(anchor.year - n)


class _Rule(NamedTuple):
    core: str  # %-template over _PIECES
    handler: Callable[[re.Match[str], dt.date | None, str], _Result]
    gate: str  # a word every match holds: find_times skips the rule for a sentence without it
    needs_prep: bool = False  # find_times only takes it after a preposition: "in June", "since 2019"


_MONTHS_GATE = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_YEAR_GATE = r"1[89]\d\d|20\d\d"


_RULES: tuple[_Rule, ...] = (
    _Rule(r"(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?:t[\d:.]*(?:z|[+-][\d:]+)?)?", _iso, r"\d-\d"),
    _Rule(_OPT_WD + r"%(QUAL)s%(MONTH)s\s*(?:the\s+)?%(DAY)s,?\s+%(YEAR)s%(PART)s", _full_date, _MONTHS_GATE),
    _Rule(_OPT_WD + r"%(QUAL)s(?:the\s+)?%(DAY)s\s+(?:of\s+)?%(MONTH)s,?\s+%(YEAR)s%(PART)s", _full_date,
          _MONTHS_GATE),
    _Rule(_OPT_WD + r"%(QUAL)s%(MONTH)s\s*(?:the\s+)?%(DAY)s%(PART)s", _month_day, _MONTHS_GATE),
    _Rule(_OPT_WD + r"%(QUAL)s(?:the\s+)?%(DAY)s\s+(?:of\s+)?%(MONTH)s%(PART)s", _month_day, _MONTHS_GATE),
    _Rule(r"%(QUAL)s%(MONTH)s(?:\s+of)?,?\s+%(YEAR)s", _month_year, _MONTHS_GATE),
    _Rule(r"%(QUAL)s(?:the\s+)?%(SEASON)s(?:\s+of)?,?\s+%(BYEAR)s", _year, r"spring|summer|autumn|fall|winter"),
    _Rule(r"%(QUAL)s%(REL)s\s+%(MONTH)s", _month_only, _MONTHS_GATE),
    _Rule(r"%(QUALREQ)s%(MONTH)s", _month_only, _MONTHS_GATE),
    _Rule(r"%(MONTH)s", _month_only, _MONTHS_GATE, needs_prep=True),
    _Rule(r"%(QUAL)s(?:%(REL)s\s+)?%(WD)s%(PART)s", _weekday, r"day"),
    _Rule(r"%(QUAL)s(?P<word>today|tonight|yesterday|tomorrow|the\s+day\s+(?:before\s+yesterday|after"
          r"\s+tomorrow)|this\s+(?:morning|afternoon|evening)|last\s+night)%(PART)s", _day_word,
          r"to(?:day|night|morrow)|yesterday|the\s+day|morning|afternoon|evening|night"),
    _Rule(r"%(QUAL)s%(REL)s\s+(?P<unit>week|weekend|month|year)(?!s)", _unit_rel, r"week|month|year"),
    _Rule(r"(?P<rel>the)\s+(?P<unit>week|weekend|month|year)(?!s)", _unit_rel, r"week|month|year", needs_prep=True),
    _Rule(r"(?:(?:about|around|approximately|roughly|nearly|almost|some|just|only|more\s+than|less\s+than"
          r"|over|under|at\s+least)\s+)?%(NUM)s\s+(?P<unit>minute|hour|day|week|month|year)s?\s+ago", _ago, r"ago"),
    _Rule(r"%(QUALREQ)s(?:the\s+year\s+)?%(BYEAR)s", _year, _YEAR_GATE),
    _Rule(r"(?:the\s+year\s+)?%(BYEAR)s", _year, _YEAR_GATE, needs_prep=True),
)

# normalise_time: the whole (cleaned) text must be one rule's expression; weekday abbreviations allowed.
_FULL = tuple((re.compile(r.core % (_PIECES | {"WD": _WD_ABBR}), re.I), r.handler) for r in _RULES)
# find_times: anywhere in a sentence, whole words only, full weekday names only ("sat", "sun" are words)
# and capitalised month names only ("this may", "to march").
_FIND_PREPS = (r"on|in|during|since|by|until|till|before|after|from|through|throughout|earlier|later"
               r"|as\s+of|as\s+early\s+as|sometime\s+in|between|over")
_FIND_PIECES = {"WD": _WD_FULL, "MONTH": r"(?-i:(?=[A-Z]))" + _PIECES["MONTH"]}
_CAPITALISED_MONTHS = "|".join(f"(?-i:{m[0].upper()}){m[1:]}" for m in _MONTHS)
"""find_times' gate for the month rules: each holds %(MONTH)s, which it only takes capitalised ("June")."""


def _find_gate(rule: _Rule) -> str:
    return _CAPITALISED_MONTHS if rule.gate == _MONTHS_GATE else rule.gate


_GATE_NUMBER = {gate: i for i, gate in enumerate(dict.fromkeys(_find_gate(r) for r in _RULES))}
"""Each distinct gate once: most rules share the month names' gate, and one search answers for all of them."""
_GATES = tuple(re.compile(gate, re.I) for gate in _GATE_NUMBER)
_FIND = tuple(
    (re.compile(rf"(?<![\w-])(?:(?P<prep>{_FIND_PREPS})\s+){'' if r.needs_prep else '?'}"
                rf"(?P<core>{r.core % (_PIECES | _FIND_PIECES)})(?![\w-])", re.I), r.handler,
     _GATE_NUMBER[_find_gate(r)])
    for r in _RULES)

_STRIP_HEAD = re.compile(r"^(?:(?:on|in|during|since|by|until|till|before|after|from|through|throughout|of"
                         r"|as\s+of|earlier|later|sometime|around|about|approximately|circa|over|within"
                         r"|for|between|at(?!\s+least))\b[\s,]*)+")
_STRIP_TAIL = re.compile(r"(?:'s)?[\s.,;:!?\"')\]]*$")
_TRANSLATE = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                            "\u2014": "-", "\u2010": "-", "\u2011": "-"})
_PROBE = dt.date(2000, 6, 15)
# Every expression of the grammar holds one of these; a sentence with none is skipped at once.
_HINT = re.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|week|month|year|ago|night"
                   r"|morning|afternoon|evening|spring|summer|autumn|fall|winter", re.I)
# "the following Monday", "that August": relative to the story's own time, not to the publication date.
_NARRATIVE = re.compile(r"(?<![\w-])(?:following|previous|preceding|that|same)\s+$", re.I)


def normalise_time(text: str, anchor: dt.date | None, *, tense: Tense = "past") -> tuple[str | None,
                                                                                       Precision | None]:
    """The ISO value and precision of a time expression, relative to ``anchor``; (None, None) if none."""
    s = " ".join(text.translate(_TRANSLATE).lower().split())
    s = _STRIP_TAIL.sub("", s.lstrip(" ,;:(\"'"))
    s = _STRIP_HEAD.sub("", s)
    if not s:
        return _NONE
    for pattern, handler in _FULL:
        m = pattern.fullmatch(s)
        if m is not None:
            return handler(m, anchor, tense)
    return _NONE


def find_times(text: str) -> list[tuple[int, int, str]]:
    """The time expressions of a sentence as (start, end, text), longest first where they overlap.

    A leading preposition is not part of the span ("in September 2020" gives "September 2020"). Bare
    months and years are only taken after a preposition ("in June", "since 2019"), so that "may", "march"
    and quantities are not mistaken for times; "the following Monday" and "that August" are left out, as
    they count from the story's time, not the publication date.
    """
    if _HINT.search(text) is None:
        return []
    found: list[tuple[int, int]] = []
    open_gates = [gate.search(text) is not None for gate in _GATES]
    for pattern, handler, gate in _FIND:
        if not open_gates[gate]:
            continue
        for m in pattern.finditer(text):
            start, end = m.span("core")
            if handler(m, _PROBE, "past")[0] is not None and not _NARRATIVE.search(text, 0, start):
                found.append((start, end))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(found), key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return [(start, end, text[start:end]) for start, end in sorted(chosen)]

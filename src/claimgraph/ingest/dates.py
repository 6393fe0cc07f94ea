"""Publication dates: reading a date the user typed (``--published``) and inferring one from a report's text.

Both use the same small regex grammar of full dates (day, month and year), no ``dateparser``:

* ISO ``2022-08-05`` (a time may follow: ``2022-08-05T10:00:00Z``) and ``2022/08/05``;
* month first: ``August 5, 2022``, ``Aug. 5, 2022``, ``Thursday, August 4, 2022``, ``Sept 5th 2022``;
* day first: ``5 August 2022``, ``5 Aug 2022``, ``5th of August, 2022``.

Ambiguous all-numeric forms such as ``05/08/2022`` are deliberately not accepted.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import InputError

__all__ = ["find_dates", "infer_published", "parse_date"]

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

_MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
               r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_NUMERIC = r"(?<![\d./-])(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d/])"


def _named(month: str) -> list[str]:
    """The month-first and day-first patterns around a month-name pattern."""
    month = rf"(?P<month>{month})\.?"
    return [rf"\b{month}\s+{_DAY}\b,?\s+{_YEAR}", rf"\b{_DAY}\s+(?:of\s+)?{month},?\s+{_YEAR}"]


# In running text a month name is capitalised (or all capitals), so "may 5" in a sentence is no date;
# what a user types may be in any case.
_PATTERNS = [re.compile(p, re.IGNORECASE) for p in _named(rf"(?=(?-i:[A-Z])){_MONTH_NAME}")]
_PATTERNS.append(re.compile(_NUMERIC))
_month_first, _day_first = _named(_MONTH_NAME)
_EXACT = [re.compile(_WEEKDAY + _month_first, re.IGNORECASE), re.compile(_day_first, re.IGNORECASE),
          re.compile(_NUMERIC + r"(?:[T ]\d{1,2}:\d{2}\S*)?")]

_MIN_YEAR, _MAX_YEAR = 1900, 2100
"""Years outside this range are not publication dates of news reports."""


def _to_date(match: re.Match[str]) -> dt.date | None:
    month = match["month"]
    number = int(month) if month.isdigit() else MONTHS[month[:3].lower()]
    try:
        return dt.date(int(match["year"]), number, int(match["day"]))
    except ValueError:
        return None


def find_dates(text: str) -> list[dt.date]:
    """Every full, possible date the text states, in order of appearance (impossible ones left out)."""
    found: list[tuple[int, dt.date]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            date = _to_date(match)
            if date is not None and _MIN_YEAR <= date.year <= _MAX_YEAR:
                found.append((match.start(), date))
    return [date for _, date in sorted(found)]


def infer_published(text: str) -> dt.date | None:
    """The latest full date (day, month and year) the text states, or ``None`` if it states none.

    A news report's latest stated date is the best guess at when it was published when nothing else says.
    """
    return max(find_dates(text), default=None)


def parse_date(value: str, *, source: str = "--published") -> dt.date:
    """A full date typed by a user (``2022-08-05``, ``August 5, 2022``, ``5 Aug 2022``, …).

    Raises :class:`InputError` naming ``source`` when the value is not such a date or no such day exists.
    """
    text = " ".join(value.split())
    for pattern in _EXACT:
        match = pattern.fullmatch(text)
        if match:
            date = _to_date(match)
            if date is None:
                raise InputError(source, f"no such date: {value!r}")
            return date
    raise InputError(source, f"cannot read date {value!r} (expected YYYY-MM-DD, e.g. 2022-08-05, "
                             f"or a form like 'August 5, 2022' or '5 Aug 2022')")

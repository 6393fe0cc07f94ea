"""Event and statement times of a claim: time words attached to its trigger or to its reporting verb,
normalised against the publication date."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import lru_cache
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

from ..model import TimeValue
from . import deps as D
from .attribution import Attribution
from .candidate import Candidate
from .timex import find_times, normalise_time

__all__ = ["claim_times", "time_of"]

_TIME_PREPS = frozenset({"on", "in", "during", "since", "at", "by", "until", "before", "after", "earlier",
                         "throughout", "from", "beyond", "through", "around"})
_TIME_LABELS = frozenset({"DATE", "TIME"})


def _tense(token: Token) -> str:
    for child in token.children:
        if child.dep_ == D.AUX and child.lower_ in ("will", "shall", "'ll", "wo"):
            return "future"
    return "past"


@lru_cache(maxsize=512)
def _sentence_times(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((start, end) for start, end, _ in find_times(text))


_TimeSpan = tuple[int, int, str]
"""(start, end, label) of a time expression, in tokens. Plain tuples, never Spans: a Span holds its Doc, and a
value holding its key would keep every Doc alive."""


class _DocTimes:
    """Every token's time span in one parsed document: a DATE/TIME entity's tokens map to that entity; another
    token maps to the first time expression the normaliser's grammar finds in its sentence that starts at or
    before it and ends after its start. A sentence's expressions are looked for when a token of it is first
    asked about (most sentences state no claim, so nobody asks)."""

    def __init__(self, doc: Doc) -> None:
        self._entities: dict[int, _TimeSpan] = {}
        for ent in doc.ents:
            if ent.label_ in _TIME_LABELS:
                self._entities.update((i, (ent.start, ent.end, ent.label_)) for i in range(ent.start, ent.end))
        sents = [(sent.start, sent.end, sent.start_char, sent.end_char) for sent in doc.sents]
        self._sents = sents
        self._sent_starts = [start for start, _, _, _ in sents]
        self._found: dict[int, dict[int, _TimeSpan]] = {}  # sentence number -> token index -> its time span

    def entity(self, i: int) -> _TimeSpan | None:
        """The DATE/TIME entity token ``i`` belongs to (the only spans labelled DATE)."""
        return self._entities.get(i)

    def get(self, doc: Doc, i: int) -> _TimeSpan | None:
        found = self._entities.get(i)
        if found is not None:
            return found
        n = bisect_right(self._sent_starts, i) - 1
        in_sent = self._found.get(n)
        if in_sent is None:
            in_sent = self._found[n] = self._sentence(doc, n)
        return in_sent.get(i)

    def _sentence(self, doc: Doc, n: int) -> dict[int, _TimeSpan]:
        """The time spans of sentence ``n``'s tokens outside DATE/TIME entities. The grammar's expressions
        do not overlap, so a token's offset falls in at most one of them."""
        first, last, start_char, _ = self._sents[n]
        out: dict[int, _TimeSpan] = {}
        for start, end in _sentence_times(doc[first:last].text):  # not doc.text: spaCy joins it anew each time
            span = doc.char_span(start_char + start, start_char + end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:  # every token whose start is inside the expression is in its expanded span
                if start <= token.idx - start_char < end and token.ent_type_ not in _TIME_LABELS \
                        and token.i not in self._entities:
                    out[token.i] = (span.start, span.end, span.label_)
        return out


_TIME_INDEX: WeakKeyDictionary[Doc, _DocTimes] = WeakKeyDictionary()
"""Per parsed document, built once and filled as asked."""


def _time_index(doc: Doc) -> _DocTimes:
    index = _TIME_INDEX.get(doc)
    if index is None:
        index = _TIME_INDEX[doc] = _DocTimes(doc)
    return index


def _time_span(token: Token) -> Span | None:
    """The DATE/TIME entity a token belongs to, or the time expression the normaliser's own grammar
    finds around it where the tagger saw none ("late January" tagged as nothing)."""
    doc = token.doc
    found = _time_index(doc).get(doc, token.i)
    return Span(token.doc, found[0], found[1], label=found[2]) if found is not None else None


def _normalise(span: Span, prep: Token | None, anchor: dt.date | None, tense: str) -> TimeValue | None:
    with_prep = prep is not None and prep.i == span.start - 1
    start = prep.idx if with_prep else span.start_char  # type: ignore[union-attr]
    text = span.doc[prep.i:span.end].text if with_prep else span.text  # type: ignore[union-attr]
    value, precision = normalise_time(text, anchor, tense=tense)  # type: ignore[arg-type]
    if value is None and start != span.start_char:  # a preposition the normaliser does not know
        value, precision = normalise_time(span.text, anchor, tense=tense)  # type: ignore[arg-type]
    if value is None:
        return None
    return TimeValue(text=text, value=value, precision=precision, start=start, end=span.end_char)


def time_of(token: Token, anchor: dt.date | None) -> TimeValue | None:
    """A time attached to a predicate: "met Friday", "in January 2020", "on Thursday, August 4", "ago"."""
    tense = _tense(token)
    for child in token.children:
        if child.dep_ in (D.NPADVMOD, "tmod", D.ADVMOD, "appos") or (child.dep_ == D.DOBJ and child.ent_type_):
            span = _time_span(child)
            if span is None and child.lower_ == "ago":
                span = next((_time_span(c) for c in child.subtree if _time_span(c) is not None), None)
            if span is not None:
                found = _normalise(span, None, anchor, tense)
                if found is not None:
                    return found
        if child.dep_ == D.PREP and child.lower_ in _TIME_PREPS:
            for obj in D.children(child, D.POBJ):
                found = _prep_time(child, obj, anchor, tense)
                if found is None:  # "in a five-minute trial in late January"
                    for inner in D.children(obj, D.PREP):
                        if inner.lower_ in _TIME_PREPS:
                            for obj2 in D.children(inner, D.POBJ):
                                found = found or _prep_time(inner, obj2, anchor, tense)
                if found is not None:
                    return found
    return None


def _prep_time(prep: Token, obj: Token, anchor: dt.date | None, tense: str) -> TimeValue | None:
    span = _time_span(obj)
    return _normalise(span, prep, anchor, tense) if span is not None else None


def _event_time(trigger: Token, anchor: dt.date | None) -> TimeValue | None:
    found = time_of(trigger, anchor)
    if found is not None:
        return found
    verb = trigger
    for _ in range(4):  # a noun trigger takes the time of the clause it sits in
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    if verb != trigger and verb.pos_ in ("VERB", "AUX"):
        found = time_of(verb, anchor)
        if found is None and verb.dep_ == D.ADVCL:  # "… continue beyond Friday as negotiators tackle …"
            found = time_of(verb.head, anchor)
        if found is not None:
            return found
    # "…, when X was killed": a when-clause shares the time of the clause (or the date) it modifies.
    if trigger.dep_ in (D.ADVCL, D.RELCL) and any(c.lower_ == "when" for c in trigger.children):
        span = _time_span(trigger.head)
        if span is not None:
            return _normalise(span, None, anchor, _tense(trigger))
        return time_of(trigger.head, anchor)
    # a participle clause or coordinated verb shares its head's time: "launched attacks, killing ten"
    if trigger.dep_ in (D.CONJ, D.ADVCL, D.XCOMP) and trigger.head != trigger:
        found = time_of(trigger.head, anchor)
        if found is not None:
            return found
    return _time_in_clause(trigger, anchor)


def _time_in_clause(trigger: Token, anchor: dt.date | None) -> TimeValue | None:
    """Last resort for a misattached date ("struck depots … early on Sunday"): a date anywhere in the
    trigger's own clause, not inside a clause of its own (reported, adverbial or relative)."""
    doc = trigger.doc
    times = _time_index(doc)
    subtree = list(trigger.subtree)
    # the grammar's own finds carry no label: only DATE entities can be dates here
    dates = [(tok, date) for tok in subtree if (date := times.entity(tok.i)) is not None and date[2] == "DATE"]
    if not dates:
        return None  # nothing to find, whatever the clause's own clauses are
    skip: set[int] = set()
    for tok in subtree:
        if tok != trigger and tok.dep_ in (D.CCOMP, D.ADVCL, D.RELCL, "parataxis") and tok.pos_ in ("VERB", "AUX"):
            skip.update(t.i for t in tok.subtree)
    for tok, date in dates:
        if tok.i in skip:
            continue
        span = Span(doc, date[0], date[1], label=date[2])
        found = _normalise(span, None, anchor, _tense(trigger))
        if found is not None:
            return found
    return None


def claim_times(cand: Candidate, att: Attribution,
                anchor: dt.date | None) -> tuple[TimeValue | None, TimeValue | None]:
    """(event time, statement time) of a claim."""
    event = _event_time(cand.trigger, anchor)
    statement = None
    for verb in att.verbs:
        statement = time_of(verb, anchor)
        if statement is not None:
            break
    return event, statement

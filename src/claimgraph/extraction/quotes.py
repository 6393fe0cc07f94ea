"""Direct quotations: where each quote runs in the text and who the text says spoke it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from . import deps as D
from .lexicon import Cues

__all__ = ["Quote", "find_quotes"]

_OPEN = {"“": "”", "\"": "\"", "«": "»"}
_OPENER = re.compile("|".join(map(re.escape, _OPEN)))
_SPEECH_ACTS = frozenset({"threaten", "warn", "pledge", "vow", "promise", "accuse", "insist", "declare"})


@dataclass(frozen=True)
class Quote:
    """A quotation's character span and the token that names its speaker (None if unattributed)."""

    start: int
    end: int
    speaker: Token | None
    verb: Token | None

    def covers(self, token: Token) -> bool:
        return self.start <= token.idx < self.end


def _spans(text: str) -> list[tuple[int, int]]:
    """Paired quotation marks as (start, end) offsets; curly quotes pair by shape, straight ones in turn."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        opener = _OPENER.search(text, i)  # straight to the next opening mark, not one character at a time
        if opener is None:
            break
        i = opener.start()
        ch = text[i]
        close = _OPEN[ch]
        j = text.find(close, i + 1)
        if ch == "“":  # mixed styles: “… closed by a straight quote before the paragraph ends
            para_end = text.find("\n", i)
            straight = text.find("\"", i + 1, para_end if para_end > 0 else n)
            if straight > 0 and (j < 0 or straight < j):
                j = straight
        if j < 0 or j - i > 5000:
            i += 1
            continue
        if j - i > 20:  # short quotes are scare quotes ("resistance"), not speech
            spans.append((i, j + 1))
        i = j + 1
    return spans


def _speech_verb(sent: Span, lo: int, hi: int, cues: Cues) -> Token | None:
    """A reporting verb of the sentence outside the quote, between offsets lo and hi."""
    for tok in sent:
        if lo <= tok.idx < hi and tok.pos_ in ("VERB", "AUX") and (
                tok.lemma_.lower() in cues.reporting_verbs or tok.lemma_.lower() in _SPEECH_ACTS):
            return tok
    return None


def _speaker_of(verb: Token, spans: list[tuple[int, int]]) -> Token | None:
    """The subject of a speech verb, or of the clause it hangs from, never a word inside a quote."""
    subj = D.subject_of(verb)
    if subj is not None:
        return subj
    head = verb.head
    if verb.dep_ in (D.CONJ, D.ADVCL, D.XCOMP) and head != verb and not any(
            a <= head.idx < b for a, b in spans):
        return _speaker_of(head, spans)
    return None


def find_quotes(doc: Doc, cues: Cues) -> list[Quote]:
    """Every quotation with its speaker: "…,” he said" after it, or "she noted: “…" before it."""
    quotes: list[Quote] = []
    spans = _spans(doc.text)
    for start, end in spans:
        close_tok = doc.char_span(end - 1, end, alignment_mode="expand")
        open_tok = doc.char_span(start, start + 1, alignment_mode="expand")
        verb = None
        if close_tok is not None:
            sent = close_tok[0].sent
            verb = _speech_verb(sent, end, sent.end_char, cues)
        if verb is None and open_tok is not None:
            sent = open_tok[0].sent
            verb = _speech_verb(sent, sent.start_char, start, cues)
        speaker = _speaker_of(verb, spans) if verb is not None else None
        if speaker is None and open_tok is not None:
            speaker, verb = _previous_speaker(open_tok[0].sent, cues)
        quotes.append(Quote(start, end, speaker, verb))
    return quotes


def _previous_speaker(sent: Span, cues: Cues) -> tuple[Token | None, Token | None]:
    """An unattributed quote continues the last speaker of the previous sentence."""
    if sent.start == 0:
        return None, None
    prev = sent.doc[sent.start - 1].sent
    for tok in reversed(list(prev)):
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues.reporting_verbs:
            subj = D.subject_of(tok)
            if subj is not None:
                return subj, tok
    return None, None

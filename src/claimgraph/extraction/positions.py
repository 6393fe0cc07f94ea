"""Position claims: who holds which post where — from titles ("Israeli Prime Minister Yair Lapid"),
appositions ("Ziyad al-Nakhalah, the leader of Islamic Jihad") and verbs ("Ghaani became commander of …")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from ..model import EntityRef
from . import deps as D
from .candidate import Candidate, TriggerWords
from .lexicon import Lexicon
from .mentions import ACTOR_KINDS, EntityResolver

__all__ = ["position_candidates", "position_triggers"]

_ORG_KINDS = ACTOR_KINDS - {"person", "group"}
_BECOME_VERBS = {"become": D.ATTR, "appoint": D.OPRD, "name": D.OPRD, "elect": D.OPRD, "promote": "prep:to"}


def _is_title(tokens: list[Token], lex: Lexicon) -> bool:
    return any(t.lemma_.lower() in lex.cues.title_nouns or t.lower_ in lex.cues.title_nouns for t in tokens)


def _np_tokens(title: Token) -> list[Token]:
    """The title's own noun phrase: its subtree without relative and participle clauses."""
    drop: set[int] = set()
    for tok in title.subtree:
        if tok.dep_ in (D.ACL, D.RELCL, D.ADVCL, D.APPOS) and tok.i != title.i:
            drop.update(t.i for t in tok.subtree)
    return [t for t in title.subtree if t.i not in drop]


def _org_in(tokens: list[Token], resolver: EntityResolver,
            prefer: list[Token] = ()) -> tuple[EntityRef | None, set[int]]:  # type: ignore[assignment]
    """The organisation or state named among the tokens (the object of "of" first), and its tokens."""
    ordered = [*prefer, *tokens]
    for tok in ordered:
        ent = resolver.entity_at(tok)
        if ent is None:
            continue
        ref = resolver.from_span(ent, "actor")
        if ref is not None and ref.kind in _ORG_KINDS:
            return ref, {t.i for t in ent}
        if ref is None and ent.label_ == "NORP":
            continue
    return None, set()


def _position_text(tokens: list[Token], skip: set[int]) -> str:
    words = [t for t in tokens if t.i not in skip and t.dep_ not in ("det", "case", "punct")
             and t.lower_ not in ("'s", "’s")]
    while words and words[0].pos_ in ("ADP", "CCONJ"):
        words = words[1:]
    while words and words[-1].pos_ in ("ADP", "CCONJ"):
        words = words[:-1]
    text = "".join(t.text_with_ws for t in words).strip()
    return re.sub(r"\s+", " ", text)


def _claim(person: EntityRef, org: EntityRef, position: str, tokens: list[Token], trigger: Token,
           pattern: str) -> Candidate | None:
    if not position or org == person:
        return None
    return Candidate("position", trigger, {"person": person, "organization": org, "position": position},
                     tokens, pattern=pattern)


def _group_org(ent: Span, resolver: EntityResolver, lex: Lexicon) -> EntityRef | None:
    """ "Iranian officials including Foreign Minister X, …, as well as President Y": the state of the
    group a listed person belongs to (the list runs from "including" to the end of the sentence)."""
    sent = ent.sent
    for tok in sent:
        if tok.i >= ent.start:
            return None
        if tok.lower_ == "including" and tok.dep_ == D.PREP:
            group = tok.head
            if group.lemma_.lower() not in lex.cues.group_nouns:
                continue
            for child in group.children:
                if child.dep_ in (D.AMOD, D.COMPOUND) and resolver.entity_at(child) is not None:
                    ref = resolver.from_span(resolver.entity_at(child), "actor")  # type: ignore[arg-type]
                    if ref is not None and ref.kind == "state":
                        return ref
    return None


def _title_claim(ent: Span, person: EntityRef, resolver: EntityResolver, lex: Lexicon) -> Candidate | None:
    """A title written before the name: compounds and modifiers of the name's head inside its phrase."""
    root = resolver.span_root(ent)
    left = [c for c in root.lefts if c.i < ent.start and c.dep_ in (D.COMPOUND, D.AMOD, D.POSS, D.NMOD)]
    if not left:
        return None
    start = min(t.i for c in left for t in c.subtree)
    tokens = list(root.doc[start: ent.start])
    if not _is_title(tokens, lex):
        return None
    org, skip = _org_in(tokens, resolver)
    if org is None:
        org = _group_org(ent, resolver, lex)
    if org is None:
        return None
    return _claim(person, org, _position_text(tokens, skip), [*tokens, *ent], root, "title")


def _appositive_claim(ent: Span, person: EntityRef, resolver: EntityResolver, lex: Lexicon) -> Candidate | None:
    """ "Name, the leader of X" / "Name, one of the commanders in X" / "Name, China's ambassador to Y"."""
    for app in D.children(resolver.span_root(ent), D.APPOS):
        title = app
        if app.lower_ == "one":
            inner = D.prep_objects(app, ("of",))
            title = inner[0] if inner else app
        if not _is_title([title], lex):
            continue
        phrase = _np_tokens(app)
        org, skip = _org_in([t for t in _np_tokens(title) if t.i != title.i], resolver,
                            D.prep_objects(title, ("of", "in")))
        if org is None:
            continue
        title_words = [t for t in title.subtree if t.i <= title.i or t.dep_ in (D.COMPOUND, D.AMOD)]
        text = _position_text([t for t in title_words if t.i not in skip], skip)
        return _claim(person, org, text, [*ent, *phrase], app, "apposition")
    return None


def _reverse_appositive(token: Token, resolver: EntityResolver, lex: Lexicon) -> Candidate | None:
    """ "Iran's chief negotiator Ali Bagheri Kani" parsed as title + apposed name."""
    if not _is_title([token], lex) or token.pos_ not in ("NOUN", "PROPN"):
        return None
    for app in D.children(token, D.APPOS):
        ent = resolver.entity_at(app)
        person = resolver.from_span(ent, "actor") if ent is not None else None
        if ent is None or person is None or person.kind != "person":
            continue
        title_words = [t for t in _np_tokens(token) if t.i <= token.i]
        org, skip = _org_in(title_words, resolver, D.prep_objects(token, ("of",)))
        if org is None:
            org = _group_org(ent, resolver, lex)
        if org is None:
            return None
        return _claim(person, org, _position_text(title_words, skip), [*title_words, *ent], token, "apposition")
    return None


def _verb_claims(token: Token, resolver: EntityResolver, lex: Lexicon) -> Candidate | None:
    """ "X became commander of Y", "X was appointed head of Y"."""
    lemma = token.lemma_.lower()
    dep = _BECOME_VERBS.get(lemma)
    if dep is None or token.pos_ not in ("VERB", "AUX"):
        return None
    subj = D.subject_of(token)
    if lemma != "become":
        objs = D.children(token, D.DOBJ)
        subj = objs[0] if objs else (subj if subj is not None and subj.dep_ == D.NSUBJPASS else None)
    titles = D.prep_objects(token, ("to", "as")) if dep.startswith("prep") else D.children(token, dep)
    if subj is None or not titles:
        return None
    person = resolver.one(subj, "actor")
    title = titles[0]
    if person is None or person.kind != "person" or not _is_title([title], lex):
        return None
    phrase = _np_tokens(title)
    org, skip = _org_in([t for t in phrase if t.i != title.i], resolver, D.prep_objects(title, ("of",)))
    if org is None:
        return None
    words = [t for t in phrase if t.i <= title.i and t.i not in skip]
    return _claim(person, org, _position_text(words, skip), [subj, token, *phrase], token, "verb")


def position_triggers(lex: Lexicon) -> TriggerWords:
    """What the word finders of :func:`position_candidates` look at first: appointment verbs and titles."""
    title_nouns = lex.cues.title_nouns
    return TriggerWords(frozenset(_BECOME_VERBS) | title_nouns, title_nouns)


def position_candidates(tokens: list[Token], resolver: EntityResolver, lex: Lexicon,
                        words: list[Token] | None = None) -> Iterator[Candidate]:
    """Every position claim stated in the tokens; ``words``: those of them that may be triggers (default:
    all; the names among the tokens are looked at whatever ``words`` holds)."""
    for ent in resolver.ents_within(tokens[0].i, tokens[-1].i + 1) if tokens else ():
        person = resolver.from_span(ent, "actor")
        if person is None or person.kind != "person":
            continue
        for finder in (_title_claim, _appositive_claim):
            cand = finder(ent, person, resolver, lex)
            if cand is not None:
                yield cand
    for token in tokens if words is None else words:
        for finder in (_verb_claims, _reverse_appositive):
            cand = finder(token, resolver, lex)
            if cand is not None:
                yield cand

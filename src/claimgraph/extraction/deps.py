"""Dependency-label constants (spaCy's ClearNLP English scheme) and small tree helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Token

if TYPE_CHECKING:
    from .lexicon import Cues

__all__ = [
    "ACL", "ADVCL", "ADVMOD", "AGENT", "AMOD", "APPOS", "ATTR", "AUX", "AUXPASS", "CCOMP", "COMPOUND", "CONJ",
    "DATIVE", "DOBJ", "MARK", "NEG", "NMOD", "NPADVMOD", "NSUBJ", "NSUBJPASS", "NUMMOD", "OPRD", "PCOMP", "POBJ",
    "POSS", "PREP", "PRT", "RELCL", "XCOMP", "children", "implicit_subject", "is_passive", "prep_objects",
    "subject_of", "with_conjuncts",
]

NSUBJ, NSUBJPASS, CSUBJ = "nsubj", "nsubjpass", "csubj"
DOBJ, DATIVE, ATTR, OPRD = "dobj", "dative", "attr", "oprd"
PREP, POBJ, PCOMP, AGENT = "prep", "pobj", "pcomp", "agent"
CONJ, APPOS, COMPOUND, AMOD, POSS, NMOD = "conj", "appos", "compound", "amod", "poss", "nmod"
NEG, AUX, AUXPASS, MARK, ADVMOD, NPADVMOD, NUMMOD, PRT = (
    "neg", "aux", "auxpass", "mark", "advmod", "npadvmod", "nummod", "prt")
ACL, RELCL, XCOMP, CCOMP, ADVCL = "acl", "relcl", "xcomp", "ccomp", "advcl"

SUBJECTS = frozenset({NSUBJ, NSUBJPASS, CSUBJ})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom", "whose"})


def children(token: Token, *deps: str) -> list[Token]:
    """The token's children with one of the given dependency labels, in text order."""
    return [c for c in token.children if c.dep_ in deps]


def with_conjuncts(token: Token) -> list[Token]:
    """The token and the words coordinated after it ("Saudi Arabia and Iraq"), in text order.

    Only downward: a token that is itself a conjunct does not pull in the head it hangs from.
    """
    out, todo = [token], [token]
    while todo:
        cur = todo.pop()
        for child in cur.children:
            if child.dep_ == CONJ and child not in out:
                out.append(child)
                todo.append(child)
    return sorted(out, key=lambda t: t.i)


def prep_objects(token: Token, words: Iterable[str]) -> list[Token]:
    """Objects of the token's prepositions among ``words`` ("sold … to Iraq" -> [Iraq])."""
    wanted = set(words)
    out: list[Token] = []
    for prep in token.children:
        if prep.dep_ in (PREP, DATIVE, AGENT) and prep.lower_ in wanted:
            for p in (prep, *(c for c in prep.children if c.dep_ == CONJ and c.pos_ == "ADP")):
                out.extend(c for c in p.children if c.dep_ in (POBJ, PCOMP))
    return out


def is_passive(token: Token) -> bool:
    """A passive verb: has a passive subject or auxiliary, or is a participle modifier with a by-agent."""
    if any(c.dep_ in (NSUBJPASS, AUXPASS) for c in token.children):
        return True
    if subject_of(token) is not None or token.tag_ not in ("VBN", "VBD"):
        return False
    if token.dep_ in (ACL, AMOD):  # "a militant outfit designated a terrorist organization by …"
        return True
    return token.dep_ == CONJ and token.tag_ == "VBN" and is_passive(token.head)


def subject_of(token: Token) -> Token | None:
    """The (active or passive) subject of a verb, if it has one of its own (a named one first)."""
    subjects = [c for c in token.children if c.dep_ in SUBJECTS]
    named = [c for c in subjects if c.ent_type_]
    return (named or subjects or [None])[0]


def implicit_subject(verb: Token, cues: Cues) -> list[Token]:
    """The understood subject of a verb with none of its own.

    "gets … and distributes" (coordination), "refused to meet" (subject control), "accuse X of providing"
    (object control), "…, killing ten" (a participle clause takes the main clause's subject), "a cell
    preparing to launch" (a participle modifying a noun takes that noun).
    """
    cur = verb
    for _ in range(6):
        head = cur.head
        if cur.dep_ in (CONJ, XCOMP, ADVCL):
            subj = subject_of(head)  # "Russia is believed to have received": a passive raises its subject too
            if subj is not None and (subj.dep_ == NSUBJ or (cur.dep_ == XCOMP and subj.dep_ == NSUBJPASS)):
                return [subj]
            cur = head
            continue
        if cur.dep_ == PCOMP and head.dep_ == PREP:
            governor = head.head
            if governor.lemma_ in cues.object_control_verbs:
                return children(governor, DOBJ)
            subj = subject_of(governor)
            if subj is not None:
                return [subj]
            cur = governor
            continue
        if cur.dep_ in (ACL, RELCL) and cur.tag_ == "VBG":
            return [head]
        break
    return []

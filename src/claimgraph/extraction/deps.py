"""Dependency-label constants (spaCy's ClearNLP English scheme) and small tree helpers.

Inside :func:`tree_scope` (one extraction of one document) each token's children are read from spaCy once and
kept with their labels: the patterns ask about the same few words again and again, and every
``token.children`` builds new Token objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

if TYPE_CHECKING:
    from .lexicon import Cues

__all__ = [
    "ACL", "ADVCL", "ADVMOD", "AGENT", "AMOD", "APPOS", "ATTR", "AUX", "AUXPASS", "CCOMP", "COMPOUND", "CONJ",
    "DATIVE", "DOBJ", "MARK", "NEG", "NMOD", "NPADVMOD", "NSUBJ", "NSUBJPASS", "NUMMOD", "OPRD", "PCOMP", "POBJ",
    "POSS", "PREP", "PRT", "RELCL", "XCOMP", "children", "implicit_subject", "is_passive", "labelled_children",
    "prep_objects", "subject_of", "tree_scope", "with_conjuncts",
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


Children = tuple[tuple[str, Token], ...]
"""A token's children, each with its dependency label, in text order."""


class _DocTree:
    """The children of one document's tokens, read as they are first asked for."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.children: dict[int, Children] = {}


_TREE: ContextVar[_DocTree | None] = ContextVar("claimgraph_extraction_tree", default=None)


@contextmanager
def tree_scope(doc: Doc) -> Iterator[None]:
    """Keep the children of ``doc``'s tokens while the block runs (and drop them, and the Doc, after)."""
    reset = _TREE.set(_DocTree(doc))
    try:
        yield
    finally:
        _TREE.reset(reset)


def labelled_children(token: Token) -> Children:
    """The token's children with their dependency labels (read once per token inside :func:`tree_scope`)."""
    tree = _TREE.get()
    if tree is None or tree.doc is not token.doc:
        return tuple((c.dep_, c) for c in token.children)
    found = tree.children.get(token.i)
    if found is None:
        found = tree.children[token.i] = tuple((c.dep_, c) for c in token.children)
    return found


def children(token: Token, *deps: str) -> list[Token]:
    """The token's children with one of the given dependency labels, in text order."""
    return [c for dep, c in labelled_children(token) if dep in deps]


def with_conjuncts(token: Token) -> list[Token]:
    """The token and the words coordinated after it ("Saudi Arabia and Iraq"), in text order.

    Only downward: a token that is itself a conjunct does not pull in the head it hangs from.
    """
    out, todo = [token], [token]
    while todo:
        cur = todo.pop()
        for dep, child in labelled_children(cur):
            if dep == CONJ and child not in out:
                out.append(child)
                todo.append(child)
    return sorted(out, key=lambda t: t.i)


def prep_objects(token: Token, words: Iterable[str]) -> list[Token]:
    """Objects of the token's prepositions among ``words`` ("sold … to Iraq" -> [Iraq])."""
    wanted = set(words)
    out: list[Token] = []
    for dep, prep in labelled_children(token):
        if dep in (PREP, DATIVE, AGENT) and prep.lower_ in wanted:
            for p in (prep, *(c for d, c in labelled_children(prep) if d == CONJ and c.pos_ == "ADP")):
                out.extend(c for d, c in labelled_children(p) if d in (POBJ, PCOMP))
    return out


def is_passive(token: Token) -> bool:
    """A passive verb: has a passive subject or auxiliary, or is a participle modifier with a by-agent."""
    if any(dep in (NSUBJPASS, AUXPASS) for dep, _ in labelled_children(token)):
        return True
    if subject_of(token) is not None or token.tag_ not in ("VBN", "VBD"):
        return False
    if token.dep_ in (ACL, AMOD):  # "a militant outfit designated a terrorist organization by …"
        return True
    return token.dep_ == CONJ and token.tag_ == "VBN" and is_passive(token.head)


def subject_of(token: Token) -> Token | None:
    """The (active or passive) subject of a verb, if it has one of its own (a named one first)."""
    subjects = [c for dep, c in labelled_children(token) if dep in SUBJECTS]
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

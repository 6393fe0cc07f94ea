"""Claims stated by modifiers rather than verbs: "Iran-backed militias", "US-provided HIMARS", "X is an
Iranian proxy", "United States and Iranian negotiators"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..model import EntityRef
from . import deps as D
from .candidate import Candidate, TriggerWords
from .lexicon import Lexicon
from .mentions import EntityResolver

__all__ = ["modifier_candidates", "modifier_triggers"]


def _noun_head(token: Token) -> Token:
    """Climb compound/amod links to the noun a modifier belongs to."""
    cur = token
    for _ in range(4):
        if cur.dep_ in (D.AMOD, D.COMPOUND, D.NMOD) and cur.head.i > cur.i:
            cur = cur.head
        else:
            break
    return cur


def _hyphen_prefix(token: Token) -> Token | None:
    """The word before "-" in "Iran-backed": the agent of a hyphenated participle."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_:
        return doc[token.i - 2]
    return None


def _participle_claims(token: Token, resolver: EntityResolver, lex: Lexicon) -> Candidate | None:
    low = token.lower_
    cues = lex.cues
    if low not in cues.participle_support and low not in cues.participle_transfer:
        return None
    prefix = _hyphen_prefix(token)
    if prefix is None:
        return None
    agent = resolver.one(prefix, "actor")
    head = _noun_head(token)
    if agent is None or head == token:
        return None
    if low in cues.participle_support:
        # Only named groups: "Iran-backed Islamic Jihad" is a claim about an actor of the graph, while
        # "Iran-backed militias" names no one the graph could hold.
        supported = [r for r in resolver.resolve(head, "actor") if resolver.entity_at(head) is not None]
        if not supported:
            return None
        value = supported[0] if len(supported) == 1 else supported
        return Candidate("support", token, {"supporter": agent, "supported": value}, [prefix, token, head],
                         pattern="participle")
    item = resolver.resolve(head, "weapon")
    if not item:
        return None
    return Candidate("transfer", token, {"supplier": agent, "item": item}, [prefix, token, head],
                     pattern="participle")


def _proxy_claim(token: Token, resolver: EntityResolver, lex: Lexicon) -> Candidate | None:
    """ "X is an Iranian proxy", "X, a proxy of Iran": a support claim from a proxy noun."""
    if token.lemma_.lower() not in lex.cues.proxy_nouns or token.pos_ != "NOUN":
        return None
    supported: list[EntityRef] = []
    if token.dep_ == D.ATTR and token.head.lemma_ == "be":
        subj = D.subject_of(token.head)
        if subj is not None:
            supported = resolver.resolve(subj, "actor")
    elif token.dep_ == D.APPOS:
        supported = resolver.resolve(token.head, "actor")
    supporters: list[EntityRef] = []
    for child in token.children:
        if child.dep_ in (D.AMOD, D.COMPOUND, D.POSS) and child.i < token.i:
            supporters.extend(resolver.resolve(child, "actor"))
    for obj in D.prep_objects(token, ("of", "for")):
        supporters.extend(resolver.resolve(obj, "actor"))
    supported = [s for s in supported if s not in supporters]
    if not supported or not supporters:
        return None
    return Candidate("support", token, {"supporter": supporters[0],
                                        "supported": supported[0] if len(supported) == 1 else supported},
                     [token, token.head, *token.children], pattern="proxy")


def _parties_claim(token: Token, resolver: EntityResolver, lex: Lexicon) -> Candidate | None:
    """ "United States and Iranian negotiators": the parties of a negotiation named as modifiers."""
    frame = lex.event_nouns.get(token.lemma_.lower())
    if frame is None or frame.type != "negotiate" or token.tag_ != "NNS":
        return None
    parties: list[EntityRef] = []
    mods = [c for c in token.children if c.dep_ in (D.AMOD, D.COMPOUND, D.NMOD) and c.i < token.i]
    if token.dep_ == D.CONJ and resolver.entity_at(token.head) is not None:
        mods.insert(0, token.head)  # "United States and Iranian negotiators"
    for mod in mods:
        for ref in resolver.resolve(mod, "actor"):
            if ref not in parties:
                parties.append(ref)
    if len(parties) < 2:
        return None
    return Candidate("negotiate", token, {"parties": parties}, [token, *mods], pattern="parties")


_AMONG_ROLE = {"kill": "victim", "detain": "detainee", "release": "detainee"}


def _among_claim(token: Token, resolver: EntityResolver, lex: Lexicon) -> Candidate | None:
    """ "Among those killed were X and Y": the subjects of the copula are the victims (or detainees)."""
    frames = lex.verbs.get(token.lemma_.lower(), ())
    role = next((_AMONG_ROLE[f.type] for f in frames if f.type in _AMONG_ROLE), None)
    if role is None or token.dep_ != D.ACL:
        return None
    those = token.head
    prep = those.head
    if those.dep_ != D.POBJ or prep.lower_ != "among" or prep.head.lemma_ != "be":
        return None
    subj = D.subject_of(prep.head)
    victims = resolver.resolve(subj, "actor") if subj is not None else []
    if not victims:
        return None
    kind = next(f.type for f in frames if f.type in _AMONG_ROLE)
    return Candidate(kind, token, {role: victims[0] if len(victims) == 1 else victims},
                     [prep, those, token, prep.head, subj], pattern="among")  # type: ignore[list-item]


def modifier_triggers(lex: Lexicon) -> TriggerWords:
    """What :func:`modifier_candidates` looks at first: participles by form; proxy nouns, event nouns and
    predicates by lemma."""
    cues = lex.cues
    return TriggerWords(cues.proxy_nouns | frozenset(lex.event_nouns) | frozenset(lex.verbs),
                        cues.participle_support | cues.participle_transfer)


def modifier_candidates(tokens: list[Token], resolver: EntityResolver, lex: Lexicon) -> Iterator[Candidate]:
    """All claims stated by participle compounds, proxy nouns and party modifiers in the tokens."""
    for token in tokens:
        for finder in (_participle_claims, _proxy_claim, _parties_claim, _among_claim):
            cand = finder(token, resolver, lex)
            if cand is not None:
                yield cand

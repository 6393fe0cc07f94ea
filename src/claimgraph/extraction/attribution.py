"""Attribution: who says a claim, through whom, and the reporting words that frame it.

Walks up the dependency tree from a claim's trigger through the reporting verbs that govern it ("said
that", "quoted X as saying", "according to"), then falls back to the quotation the trigger sits in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..model import EntityRef
from . import deps as D
from .lexicon import Cues
from .mentions import EntityResolver
from .quotes import Quote

__all__ = ["Attribution", "attribute"]

_CONTENT_DEPS = frozenset({D.CCOMP, D.XCOMP, D.ADVCL, "parataxis", "dep", D.PCOMP, D.CONJ})


@dataclass
class Attribution:
    """A claim's source chain (outermost first) and the cues met on the way up."""

    chain: list[EntityRef] = field(default_factory=list)
    verbs: list[Token] = field(default_factory=list)  # reporting verbs, innermost first
    reported: bool = False  # attributed to a report or to unnamed people
    unconfirmed: bool = False  # the report is flagged as not confirmed
    hedge: str | None = None  # "implying", "suggesting": the reporter's own hedge
    accusation: bool = False  # the claim is the content of an accusation
    confirmed: bool = False  # an official or second source confirms it ("He confirmed that …")
    rejected: bool = False  # the report that states it is rejected ("Tehran dismissed reports that …")

    @property
    def source(self) -> EntityRef | None:
        return self.chain[-1] if self.chain else None


def _speaker_tokens(verb: Token, cues: Cues, quotes: Sequence[Quote] = ()) -> list[Token]:
    subj = D.subject_of(verb)
    if subj is not None and subj.dep_ == D.NSUBJPASS:  # "X is said (by officials) to have …"
        return D.prep_objects(verb, ("by",))
    if subj is not None:
        return [subj]
    # "…,” apparently implying that …: a participle after a quote is the quote's speaker's
    for quote in quotes:
        if quote.covers(verb.head) and quote.speaker is not None and not quote.covers(verb):
            return [quote.speaker]
    return D.implicit_subject(verb, cues)


def _speaker(tokens: list[Token], resolver: EntityResolver, cues: Cues, att: Attribution,
             quotes: list[Quote]) -> EntityRef | None:
    for tok in tokens:
        if tok.lower_ in ("we", "i", "us", "our"):
            quote = next((q for q in quotes if q.covers(tok) and q.speaker is not None), None)
            if quote is not None and quote.speaker is not None:
                return _speaker([quote.speaker], resolver, cues, att, [])
        if {tok.lemma_.lower(), tok.lower_} & (cues.reporting_nouns | cues.anonymous_sources):  # media: medium
            att.reported = True
            for child in tok.children:
                if child.dep_ in (D.ACL, D.AMOD) and child.lemma_.lower() in cues.unconfirmed_cues and any(
                        g.dep_ == D.NEG for g in child.children):
                    att.unconfirmed = True
            for mod in tok.children:  # "Iran's state media", "Syrian state TV": the state speaks
                if mod.dep_ in (D.COMPOUND, D.POSS, D.AMOD) and resolver.entity_at(mod) is not None:
                    return resolver.from_span(resolver.entity_at(mod), "actor")  # type: ignore[arg-type]
            return None
        refs = resolver.resolve(tok, "actor")  # "many countries, including Israel" -> Israel
        ref = refs[0] if refs else None
        if ref is None:
            for obj in D.prep_objects(tok, ("of",)):
                ref = resolver.one(obj, "actor")
                if ref is not None:
                    break
        if ref is None and tok.pos_ == "NOUN" and tok.lemma_.lower() in cues.speaking_bodies:
            ref = _owner(tok, resolver)  # "South Korea's spy agency said": the state speaks through it
        if ref is not None:
            return ref
    return None


def _owner(body: Token, resolver: EntityResolver) -> EntityRef | None:
    """The state or organisation a speaking body belongs to ("South Korea's spy agency", "the Iranian
    ministry"); never a person ("his lawyers" are not him)."""
    for mod in body.children:
        if mod.dep_ in (D.POSS, D.AMOD, D.COMPOUND) and mod.i < body.i and resolver.entity_at(mod) is not None:
            ref = resolver.one(mod, "actor")
            if ref is not None and ref.kind != "person":
                return ref
    return None


def _according_to(token: Token) -> list[Token]:
    for prep in token.children:
        if prep.dep_ == D.PREP and prep.lower_ == "according":
            for to in prep.children:
                if to.lower_ == "to":
                    return D.children(to, D.POBJ)
    return []


def attribute(trigger: Token, resolver: EntityResolver, cues: Cues, quotes: list[Quote]) -> Attribution:
    """The attribution of the claim a trigger states."""
    att = Attribution()
    inner_to_outer: list[EntityRef] = []
    cur = trigger
    for _ in range(12):
        acc = _according_to(cur)
        if acc:
            ref = _speaker(acc, resolver, cues, att, quotes)
            if ref is not None:
                inner_to_outer.append(ref)
        head = cur.head
        if head == cur or _aside(cur):
            break
        lemma = head.lemma_.lower()
        if cur.dep_ in (D.ACL, D.RELCL, D.CCOMP) and head.pos_ == "NOUN" and lemma in cues.reporting_nouns:
            att.reported = True  # "reports that Iran shipped …"
            if head.dep_ == D.DOBJ and head.head.lemma_.lower() in cues.negation_verbs:
                att.rejected = True
        accused = cur.dep_ == D.PREP and lemma in cues.accusation_verbs  # "accuse X of providing …"
        if accused or (cur.dep_ in _CONTENT_DEPS and cur.dep_ != D.CONJ and (
                lemma in cues.reporting_verbs or lemma in cues.accusation_verbs)):
            verb = head
            speakers = _speaker_tokens(verb, cues, quotes)
            if not speakers and D.is_passive(verb):
                att.reported = True  # "is said to have", "is believed to": nobody named says it
            # "X quoted Y as saying that …": Y is the speaker, X relays.
            if lemma == "say" and verb.dep_ == D.PCOMP and verb.head.lower_ == "as":
                quoting = verb.head.head
                if quoting.lemma_.lower() in cues.speaker_as_object:
                    objs = D.children(quoting, D.DOBJ)
                    inner = _speaker(_appositive(objs), resolver, cues, att, quotes)
                    outer = _speaker(_speaker_tokens(quoting, cues), resolver, cues, att, quotes)
                    inner_to_outer.extend(r for r in (inner, outer) if r is not None)
                    att.verbs.extend([verb, quoting])
                    cur = quoting
                    continue
            if lemma in cues.accusation_verbs and (cur.dep_ == D.PCOMP or accused):
                att.accusation = True
            if lemma in cues.confirmation_verbs and not any(c.dep_ == D.NEG for c in head.children):
                att.confirmed = True
            if lemma in cues.hedge_verbs:
                if cues.hedge_verbs[lemma] == "hedged":
                    att.hedge = "hedged"
                else:
                    att.reported = True
            ref = _speaker(speakers, resolver, cues, att, quotes)
            if ref is not None and (not inner_to_outer or inner_to_outer[-1] != ref):
                inner_to_outer.append(ref)
            relay = _told_outlet(verb, resolver)  # "officials told Reuters": Reuters relays them
            if relay is not None and relay not in inner_to_outer:
                inner_to_outer.append(relay)
            att.verbs.append(verb)
        cur = head
    quote = next((q for q in quotes if q.covers(trigger)), None)
    if quote is not None and quote.speaker is not None and not (quote.verb and quote.verb in att.verbs):
        ref = _speaker([quote.speaker], resolver, cues, att, quotes)
        if ref is not None and ref not in inner_to_outer:
            inner_to_outer.append(ref)
            if quote.verb is not None:
                att.verbs.append(quote.verb)
    if not inner_to_outer:  # "X may have supplied Y, a US official said": the parser hangs "said" below X
        trailing = _trailing_attribution(trigger, cues)
        if trailing is not None:
            ref = _speaker(_speaker_tokens(trailing, cues, quotes), resolver, cues, att, quotes)
            if ref is not None:
                inner_to_outer.append(ref)
                att.verbs.append(trailing)
    if not inner_to_outer:  # a speech act that introduces a quote is its speaker's own claim
        spoken = next((q for q in quotes if q.verb == trigger and q.speaker is not None), None)
        if spoken is not None and spoken.speaker is not None:
            ref = _speaker([spoken.speaker], resolver, cues, att, quotes)
            if ref is not None:
                inner_to_outer.append(ref)
                att.verbs.append(trigger)
    att.chain = list(reversed(inner_to_outer))
    return att


def _trailing_attribution(trigger: Token, cues: Cues) -> Token | None:
    """A reporting verb after a comma that the parser attached under the reported clause's root."""
    root = trigger
    while root.head != root and root.dep_ not in (D.CCOMP, "parataxis"):
        root = root.head
    for child in root.children:  # "X received drones, Ukraine's intelligence said": said may even be a conj
        if child.dep_ in (D.CCOMP, "parataxis", D.ADVCL, D.CONJ) and child.i > trigger.i \
                and child.lemma_.lower() in cues.reporting_verbs and D.subject_of(child) is not None \
                and "," in (child.left_edge.text, child.doc[child.left_edge.i - 1].text) and not any(
                    c.dep_ in (D.CCOMP, D.XCOMP) for c in child.children):
            return child
    return None


def _told_outlet(verb: Token, resolver: EntityResolver) -> EntityRef | None:
    for obj in [*D.children(verb, D.DOBJ, D.DATIVE), *D.prep_objects(verb, ("to",))]:
        ref = resolver.one(obj, "actor")
        if ref is not None and ref.kind == "outlet":
            return ref
    return None


def _aside(token: Token) -> bool:
    """A non-restrictive relative clause (", which the US left in 2018") is the writer's own aside."""
    if token.dep_ != D.RELCL:
        return False
    first = min(t.i for t in token.subtree)
    return first > 0 and token.doc[first - 1].text in (",", "(", "—", "–")


def _appositive(tokens: list[Token]) -> list[Token]:
    """ "advisor to the President's Office, Oleksiy Arestovych": prefer the named person in apposition."""
    out: list[Token] = []
    for tok in tokens:
        names = [t for t in tok.subtree if t.dep_ == D.APPOS and t.ent_type_ == "PERSON"]
        out.extend(names or [tok])
    return out

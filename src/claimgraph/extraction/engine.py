"""The claim extractor: runs every pattern over a parsed document and assembles grounded ``Claim``s."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..kb import KnowledgeBase
from ..model import Claim, Document, EntityRef, Evidence, Mention, TimeValue
from ..model.signatures import TextSignatures
from . import deps as D
from .attribution import Attribution, attribute
from .candidate import Candidate, TriggerWords
from .frames import complete, frame_candidates, frame_triggers
from .lexicon import Lexicon, load_lexicon
from .mentions import EntityResolver
from .modifiers import modifier_candidates, modifier_triggers
from .positions import position_candidates, position_triggers
from .quotes import find_quotes
from .status import decide_status
from .timing import claim_times

__all__ = ["ClaimExtractor", "Extraction"]

_PATTERN_CONFIDENCE = {"frame": 0.7, "participle": 0.6, "proxy": 0.65, "parties": 0.55, "title": 0.8,
                       "apposition": 0.75, "verb": 0.75}


@dataclass
class Extraction:
    """What extraction found in one document: its claims and the entity mentions they rest on."""

    document: Document
    claims: list[Claim] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    signatures: TextSignatures | None = None
    """The document's near-duplicate signatures, where a worker process computed them for the store."""


def _evidence_bounds(cand: Candidate, resolver: EntityResolver) -> tuple[int, int]:
    sent = cand.trigger.sent
    toks = [t for t in cand.tokens if sent.start <= t.i < sent.end] or [cand.trigger]
    lo = min(t.idx for t in toks)
    hi = max(t.idx + len(t.text) for t in toks)
    for tok in toks:  # cover whole entity names
        ent = resolver.entity_at(tok)
        if ent is not None:
            lo, hi = min(lo, ent.start_char), max(hi, ent.end_char)
    return lo, hi


def _unconfirmed_sentences(sentences: list[list[Token]], lex: Lexicon) -> set[int]:
    """Sentences a later sentence flags as unconfirmed: "The news has not been confirmed …"."""
    flagged: set[int] = set()
    for i, sent in enumerate(sentences):
        for tok in sent:
            if tok.lemma_.lower() in lex.cues.unconfirmed_cues and any(c.dep_ == D.NEG for c in tok.children):
                subj = D.subject_of(tok)
                if subj is not None and subj.lemma_.lower() in lex.cues.reporting_nouns:
                    flagged.update({i - 1, i - 2})
    return flagged


class ClaimExtractor:
    """Extracts claims from a parsed ``Doc`` of a ``Document`` (pure: same input, same claims)."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon | None = None) -> None:
        self.kb = kb
        self.lex = lexicon or load_lexicon()
        self._triggers = TriggerWords.union(frame_triggers(self.lex), modifier_triggers(self.lex),
                                            position_triggers(self.lex))
        """Every word some pattern could take as a trigger: the others are not shown to the patterns."""

    def __call__(self, doc: Doc, document: Document) -> Extraction:
        with D.tree_scope(doc):
            return self._extract(doc, document)

    def _extract(self, doc: Doc, document: Document) -> Extraction:
        lex = self.lex
        quotes = find_quotes(doc, lex.cues)
        resolver = EntityResolver(doc, self.kb, lex.cues, [(q.start, q.end) for q in quotes])
        sentences = [list(sent) for sent in doc.sents]  # each Token built once, for every pattern to share
        unconfirmed = _unconfirmed_sentences(sentences, lex)
        anchor = document.published
        merged: dict[tuple, list[Claim]] = {}  # merged once at the end: a repeated claim costs no re-sort
        doc_id = document.id  # a hash of the whole text: once, not per claim
        last_statement: tuple[int, TimeValue] | None = None
        recent_attack: tuple[int, Candidate] | None = None
        lemmas, forms = self._triggers
        for s_index, tokens in enumerate(sentences):
            words = [t for t in tokens if t.lower_ in forms or t.lemma_.lower() in lemmas]
            cands = [*frame_candidates(words, resolver, lex), *modifier_candidates(words, resolver, lex),
                     *position_candidates(tokens, resolver, lex, words)]
            for cand in cands:
                if cand.type == "kill" and "killer" not in cand.args and recent_attack is not None:
                    _inherit_attacker(cand, recent_attack, s_index)
                if not complete(cand):
                    continue
                if cand.type == "attack":
                    recent_attack = (s_index, cand)
                if cand.pattern in ("title", "apposition"):  # a name's title is the writer's description
                    att = Attribution()
                else:
                    att = attribute(cand.trigger, resolver, lex.cues, quotes)
                if s_index in unconfirmed and att.chain:
                    att.unconfirmed = True
                status = decide_status(cand, att, lex.cues)
                event, statement = claim_times(cand, att, anchor)
                if statement is not None:
                    last_statement = (s_index, statement)
                elif att.chain and event is None and last_statement and s_index - last_statement[0] <= 3:
                    statement = last_statement[1]
                if event is None and statement is None and anchor and (att.chain or _is_current(cand.trigger)):
                    # Said with no date in a dated report, or stated in the present: as of publication.
                    statement = TimeValue(text="", value=anchor.isoformat(), precision="day")
                claim = self._claim(document, doc_id, cand, att, status, event, statement, resolver)
                merged.setdefault(claim.event_key(), []).append(claim)
        mentions = self._mentions(document, doc, resolver)
        claims = [same[0].merged_with(*same[1:]) if len(same) > 1 else same[0] for same in merged.values()]
        return Extraction(document=document, claims=claims, mentions=mentions)

    def _claim(self, document: Document, doc_id: str, cand: Candidate, att: Attribution, status: str,
               event: TimeValue | None, statement: TimeValue | None, resolver: EntityResolver) -> Claim:
        lo, hi = _evidence_bounds(cand, resolver)
        evidence = Evidence(doc=document.name, start=lo, end=hi, text=document.text[lo:hi])
        return Claim(
            doc=document.name, doc_id=doc_id, type=cand.type, args=cand.args,  # type: ignore[arg-type]
            status=status, source=att.source, source_chain=tuple(att.chain),  # type: ignore[arg-type]
            time=event, statement_time=statement, evidence=(evidence,),
            confidence=_PATTERN_CONFIDENCE.get(cand.pattern, 0.5),
        )

    def _mentions(self, document: Document, doc: Doc, resolver: EntityResolver) -> list[Mention]:
        out: list[Mention] = []
        for ent in resolver.ents:
            ref: EntityRef | None = resolver.from_span(ent, None)
            if ref is not None:
                out.append(Mention(doc=document.name, start=ent.start_char, end=ent.end_char,
                                   text=resolver.span_text(ent), entity=ref))
        return out


def _inherit_attacker(kill: Candidate, attack: tuple[int, Candidate], s_index: int) -> None:
    """ "X struck targets in Gaza. Among those killed were Y": a killing with no killer named right after
    an attack is that attack's doing."""
    index, cand = attack
    if s_index - index > 1 or "attacker" not in cand.args:
        return
    kill.args["killer"] = cand.args["attacker"]
    if "location" in cand.args and "location" not in kill.args:
        kill.args["location"] = cand.args["location"]


def _is_current(trigger: Token) -> bool:
    """Present or present-perfect statements hold as of publication ("Mora has rejected a report")."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    return any(c.dep_ == D.AUX and c.tag_ in ("VBZ", "VBP") and c.lemma_ == "have" for c in verb.children)

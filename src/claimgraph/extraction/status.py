"""Status of one claim as the text presents it: asserted, reported, unconfirmed, hedged, denied, planned.

Decided per claim from the words that govern its trigger, not per sentence: "Iran has refused to meet"
denies the meeting, while a sibling clause of the same sentence stays asserted.
"""

from __future__ import annotations

from spacy.tokens import Token

from . import deps as D
from .attribution import Attribution
from .candidate import Candidate
from .lexicon import Cues

__all__ = ["decide_status"]

_CLAUSE_LINKS = frozenset({D.XCOMP, D.PCOMP, D.CONJ, D.ACL, D.AMOD, D.PREP, D.POBJ, D.DOBJ})


def _clause_chain(trigger: Token, att: Attribution) -> list[Token]:
    """The trigger and the words above it in its own clause, up to the reporting verb that frames it."""
    chain = [trigger]
    cur = trigger
    stop = set(att.verbs)
    for _ in range(8):
        if cur.dep_ not in _CLAUSE_LINKS or cur.head == cur or cur.head in stop:
            break
        cur = cur.head
        chain.append(cur)
    return chain


def _word_cues(chain: list[Token], cues: Cues) -> set[str]:
    found: set[str] = set()
    for i, tok in enumerate(chain):
        lemma = tok.lemma_.lower()
        governs_next = i > 0 and chain[i - 1].dep_ in (D.XCOMP, D.PCOMP, D.PREP, D.POBJ, D.DOBJ)
        if i > 0 and governs_next:
            if lemma in cues.negation_verbs:
                found.add("denied")
            if lemma in cues.hedge_raising_verbs:
                found.add("hedged")
            if lemma in cues.intent_verbs:
                found.add("planned")
            if lemma in cues.continuation_verbs:
                found.add("stop")
        for child in tok.children:
            low = child.lower_
            if child.dep_ == D.NEG and (i == 0 or "stop" not in found):
                found.add("denied")
            elif child.dep_ == D.AUX and low == "would":
                found.add("would")  # future in reported speech, else conditional
            elif child.dep_ == D.AUX and low in cues.hedge_modals:
                found.add("hedged")
            elif child.dep_ == D.AUX and low in cues.future_modals:
                found.add("planned")
            elif child.dep_ == D.ADVMOD and low in cues.report_adverbs:
                found.add("reported")
            elif (child.dep_ == D.ADVMOD and low in cues.hedge_adverbs) or (
                    child.dep_ == D.MARK and low in cues.hedge_marks):
                found.add("hedged")
        if "stop" in found:
            break
    return found


def decide_status(cand: Candidate, att: Attribution, cues: Cues) -> str:
    """The claim's status, from the words that govern its trigger and from its attribution."""
    found = _word_cues(_clause_chain(cand.trigger, att), cues)
    if att.verbs and att.verbs[0].lemma_.lower() in cues.intent_verbs and cand.trigger.dep_ == D.XCOMP \
            and cand.trigger.head == att.verbs[0]:
        found.add("planned")  # "threatened to strike", "vowed to retaliate"
    for verb in att.verbs:  # the reporter's own hedges: "apparently implying that …"
        for child in verb.children:
            if child.dep_ == D.ADVMOD and child.lower_ in cues.hedge_adverbs:
                found.add("hedged")
    if att.rejected or (att.verbs and att.verbs[0].lemma_.lower() in cues.negation_verbs and cand.type != "deny"):
        found.add("denied")  # "Iran denied that it had supplied drones"
    if "denied" in found and cand.type != "deny":
        return "denied"
    if att.unconfirmed:
        return "unconfirmed"
    if "would" in found:
        found.add("planned" if att.verbs else "hedged")
    if "hedged" in found or att.hedge == "hedged":
        return "hedged"
    if "planned" in found and "stop" not in found:
        return "planned"
    if "reported" in found or att.reported or att.accusation:
        return "reported"
    return "confirmed" if att.confirmed else "asserted"

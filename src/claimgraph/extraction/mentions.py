"""Turn the tokens that fill a role into entities: named spans, the knowledge base, role nouns, pronouns."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..kb import KnowledgeBase
from ..model import EntityRef
from . import deps as D
from .lexicon import Cues
from .nouns import ACTOR_KINDS, FACILITY_WORDS, NounResolution, Want, clean_name
from .spans import SpanFacts

__all__ = ["ACTOR_KINDS", "EntityResolver", "Want", "number_of"]


_NUMBER_WORDS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"))}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "dozens": 24})
_LABEL_KIND = {"PERSON": "person", "STATE": "state", "ARMED_GROUP": "armed_group", "ARMED_FORCE": "armed_force",
               "AGENCY": "agency", "ORG": "organization", "COURT": "court", "OUTLET": "outlet",
               "WEAPON": "weapon", "PLACE": "place", "AGREEMENT": "agreement", "GPE": "place", "LOC": "place",
               "FAC": "place", "NORP": "group"}
_ORG_WORDS = frozenset({"observatory", "ministry", "council", "committee", "agency", "institute", "center",
                        "centre", "organization", "organisation", "foundation", "office", "commission",
                        "association", "union", "network", "party", "court", "bureau", "department", "authority"})
_MISREAD_NAME_LABELS = frozenset({"WORK_OF_ART", "PRODUCT", "ORG", "GPE", "NORP", "FAC", "LAW", "EVENT"})
_NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_PERSONAL = {"he": "person", "him": "person", "she": "person", "her": "person", "his": "person"}


def number_of(token: Token) -> int | float | None:
    """The count a noun carries ("46 drones", "about 10 members", "two commanders"), if any."""
    for child in token.children:
        if child.dep_ != D.NUMMOD:
            continue
        text = child.text.replace(",", "")
        if text.replace(".", "", 1).isdigit():
            value = float(text)
            return int(value) if value.is_integer() else value
        if child.lower_ in _NUMBER_WORDS:
            return _NUMBER_WORDS[child.lower_]
    return None


_UNSEEN = object()


@lru_cache(maxsize=4096)  # an EntityRef is immutable: one per knowledge-base entry serves every document
def _entry_ref(name: str, kind: str, qid: str | None) -> EntityRef:
    return EntityRef(name=name, kind=kind, kb_id=qid)  # type: ignore[arg-type]


class EntityResolver(NounResolution):
    """Resolves argument tokens of one parsed document to ``EntityRef`` values."""

    def __init__(self, doc: Doc, kb: KnowledgeBase, cues: Cues,
                 quoted: Sequence[tuple[int, int]] = ()) -> None:
        self.doc, self.kb, self.cues = doc, kb, cues
        self._quoted = list(quoted)
        self._from_span_actor: dict[tuple[int, int, str, str], EntityRef | None] = {}
        self._from_span_other: dict[tuple[int, int, str, str], EntityRef | None] = {}
        self.ents: tuple[Span, ...] = tuple(doc.ents)
        """The document's entity spans, built once (spaCy builds them anew at every ``doc.ents``)."""
        self._facts: dict[int, SpanFacts] = {id(ent): SpanFacts.of(ent) for ent in self.ents}
        """What is asked of each entity span, read once: a Span builds its text and root anew at every ask."""
        facts = [self._facts[id(ent)] for ent in self.ents]
        self._ent_at: dict[int, Span] = {i: ent for ent in self.ents for i in range(ent.start, ent.end)}
        self._roots: list[tuple[int, Span]] = sorted(((f.root.i, f.span) for f in facts), key=lambda r: r[0])
        """Each entity span with its root token's index, in text order (for looking back from a token)."""
        self._ent_starts = [ent.start for ent in self.ents]  # in order: spaCy's entities do not overlap
        # Words of multi-word person names: "Motallebzadeh" alone is a person if "Alieh Motallebzadeh" is.
        self._name_words = {w for f in facts if f.key[2] == "PERSON" and f.length > 1
                            for w in clean_name(f.text).split()}
        votes: dict[str, int] = {}
        for f in facts:  # a one-word name is a person where the tagger mostly says so ("Ghaani")
            votes[f.text] = votes.get(f.text, 0) + (1 if f.key[2] == "PERSON" else -1)
        self._name_words.update(w for w, v in votes.items() if v > 0 and " " not in w)
        self._active: set[tuple[int, Want]] = set()
        # Readings asked from outside any other reading depend only on the token and the sort wanted (the
        # recursion guard is empty then): the patterns ask for the same subjects and speakers many times.
        self._one_memo: dict[tuple[int, Want], EntityRef | None] = {}
        self._resolved: dict[tuple[int, Want], list[EntityRef]] = {}
        self._acronyms = self._introduced_acronyms()
        self._persons: list[tuple[int, EntityRef, bool, bool]] = []  # start, ref, is subject, in a quote
        for f in facts:
            ent = f.span
            ref = self.from_span(ent, None)
            if ref is not None and ref.kind == "person" and (f.length > 1 or f.text in self._name_words):
                self._persons.append((ent.start, ref, f.root.dep_ in D.SUBJECTS,
                                      self._in_quote(ent.start_char)))

    # -- public -------------------------------------------------------------------------------------
    def entity_at(self, token: Token) -> Span | None:
        return self._ent_at.get(token.i)

    def entities_before(self, i: int, window: int) -> list[tuple[int, Span]]:
        """The entity spans whose root is among the ``window`` tokens before token ``i``, nearest first, each
        with its root's index."""
        roots = self._roots
        return roots[bisect_left(roots, max(0, i - window), key=lambda r: r[0]):
                     bisect_left(roots, i, key=lambda r: r[0])][::-1]
    def ents_within(self, start: int, end: int) -> tuple[Span, ...]:
        """The entities that start at a token index in ``[start, end)``, found by bisection: a sentence's
        entities without a walk over the document's (which made a long document quadratic)."""
        return self.ents[bisect_left(self._ent_starts, start): bisect_left(self._ent_starts, end)]

    def resolve(self, token: Token, want: Want = None) -> list[EntityRef]:
        """Entities the token (and its conjuncts, and members it lists with "including") stand for."""
        if self._active:  # inside another reading: the recursion guard may cut this one short, so no memo
            return self._resolve(token, want)
        key = (token.i, want)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve(token, want)
        return list(found)  # a list of one's own: callers may extend it

    def _resolve(self, token: Token, want: Want) -> list[EntityRef]:
        if token.lower_ in ("they", "them") and want == "actor":
            speaker = self._reporting_subject(token)
            return [speaker] if speaker is not None else self.group_before(token.i)
        out: list[EntityRef] = []
        for tok in self._expand(token):
            ref = self.one(tok, want)
            if ref is not None and ref not in out:
                out.append(ref)
        return out

    def one(self, token: Token, want: Want = None) -> EntityRef | None:
        """The entity one token stands for, if it names one of the wanted sort."""
        key = (token.i, want)
        if key in self._active:  # a description that points back at itself ("its militias" as subject)
            return None
        outermost = not self._active
        if outermost and key in self._one_memo:
            return self._one_memo[key]
        self._active.add(key)
        try:
            found = self._one(token, want)
        finally:
            self._active.discard(key)
        if outermost:
            self._one_memo[key] = found
        return found

    def _one(self, token: Token, want: Want) -> EntityRef | None:
        token = self._antecedent(token)
        low = token.lower_
        speaker = self._reporting_subject(token) if want in (None, "actor") else None
        if speaker is not None:
            return speaker
        if low in _PERSONAL:
            return self.person_before(token.i) if want in (None, "actor") else None
        if low in ("they", "them", "it") and want == "weapon":
            return self._weapon_before(token)
        if low in ("they", "them") and want == "actor":
            group = self.group_before(token.i)
            return group[0] if group else None
        ent = self.entity_at(token)
        if token.text in self._acronyms and (ent is None or self.span_text(ent) == token.text):
            acronym = self._acronyms[token.text]
            return acronym if self._fits(acronym, want) else None
        ref = self.from_span(ent, want) if ent is not None else None
        if ref is None and (ent is None or ent.label_ in _NUMERIC_LABELS):  # "dozens of drones"
            ref = self._from_noun(token, want)
        if ref is None and ent is None and want in (None, "actor"):
            ref = self._untagged_person(token)
        if want == "place":
            ref = self._contained_place(token, ref)
        return ref if ref is not None and self._fits(ref, want) else None

    def _introduced_acronyms(self) -> dict[str, EntityRef]:
        """ "the Popular Front for Example (PFE)": later "PFE" is that entity."""
        out: dict[str, EntityRef] = {}
        doc = self.doc
        orth = doc.to_array("ORTH").tolist()  # each token's text as its hash: no Token built to read it
        open_paren, close_paren = doc.vocab.strings["("], doc.vocab.strings[")"]
        for i in range(2, len(orth) - 1):
            if orth[i - 1] != open_paren or orth[i + 1] != close_paren:
                continue
            tok = doc[i]
            if not (tok.is_upper and tok.is_alpha and 2 <= len(tok) <= 8):
                continue
            ent = self.entity_at(doc[tok.i - 2])
            if ent is None or self.span_text(ent) == tok.text:
                continue
            ref = self.from_span(ent, None)
            if ref is not None and ref.kind != "person":
                out.setdefault(tok.text, ref)
        return out

    def _in_quote(self, char: int) -> bool:
        return any(a <= char < b for a, b in self._quoted)

    def _reporting_subject(self, token: Token) -> EntityRef | None:
        """ "The Houthis said they had launched …": a pronoun subject of reported speech is the speaker."""
        if token.lower_ not in ("he", "she", "it", "they", "we", "i") or token.dep_ not in D.SUBJECTS:
            return None
        clause = token.head
        verb = clause.head
        if clause.dep_ in (D.ACL, D.RELCL) and verb.lemma_.lower() in self.cues.reporting_nouns:
            clause, verb = verb, verb.head  # "Tehran dismissed reports that it had shipped …"
            if clause.dep_ != D.DOBJ:
                return None
        elif clause.dep_ != D.CCOMP:
            return None
        if verb == clause or verb.lemma_.lower() not in self.cues.reporting_verbs:
            return None
        subj = D.subject_of(verb)
        if subj is None or subj.pos_ == "PRON":
            return None
        refs = self.resolve(subj, "actor")
        return refs[0] if refs else None

    def person_before(self, index: int) -> EntityRef | None:
        """The referent of "he", "she", "his": the latest person who was a subject in the last few
        sentences (outside quotations), else the latest person named."""
        here = self.doc[index]
        window_start = here.sent.start
        for _ in range(3):
            prev = self.doc[window_start - 1].sent if window_start > 0 else None
            if prev is None:
                break
            window_start = prev.start
        in_quote = self._in_quote(here.idx)
        latest = subject = None
        for start, ref, is_subject, quoted in self._persons:
            if start >= index:
                break
            if quoted and not in_quote:
                continue
            latest = ref
            if is_subject and start >= window_start:
                subject = ref
        return subject or latest

    def group_before(self, index: int) -> list[EntityRef]:
        """The referents of "they", "them": the latest coordinated subject naming several actors."""
        here = self.doc[index]
        for tok in reversed(self.doc[max(0, here.sent.start - 80): index]):
            if tok.dep_ in D.SUBJECTS and tok.conjuncts:
                refs = self.resolve(tok, "actor")
                if len(refs) >= 2:
                    return refs
        return []

    def from_span(self, ent: Span, want: Want) -> EntityRef | None:
        """An entity from a named span, preferring the knowledge base's canonical entry (memoised: the
        patterns ask about the same spans many times)."""
        facts = self._facts_of(ent)
        # Only "actor" changes what a span stands for: every other sort shares one answer.
        memo = self._from_span_actor if want == "actor" else self._from_span_other
        found = memo.get(facts.key, _UNSEEN)
        if found is _UNSEEN:
            found = memo[facts.key] = self._span_entity(ent, want, facts.text)
        return found  # type: ignore[return-value]

    def span_text(self, ent: Span) -> str:
        """The span's text (read once for the document's entity spans)."""
        return self._facts_of(ent).text

    def span_root(self, ent: Span) -> Token:
        """The span's syntactic root (found once for the document's entity spans)."""
        return self._facts_of(ent).root

    def _facts_of(self, ent: Span) -> SpanFacts:
        facts = self._facts.get(id(ent))
        return facts if facts is not None and facts.span is ent else SpanFacts.of(ent)

    def _span_entity(self, ent: Span, want: Want, raw_text: str) -> EntityRef | None:
        label = ent.label_
        if label in _NUMERIC_LABELS or label == "LANGUAGE":
            return None
        text = clean_name(raw_text)
        if not text or all(w.lower() in self.cues.title_nouns for w in text.split()):
            return None
        entry = self.kb.get(ent.ent_id_) if ent.ent_id_ else None
        if entry is None and label != "PERSON":
            entry = self.kb.lookup(text)
        if label == "NORP" or (entry is None and label in ("GPE", "ORG") and self.kb.by_demonym(text)):
            state = self.kb.by_demonym(text)
            if state is not None and not (text.endswith("s")
                                          and self.span_root(ent).dep_ not in (D.AMOD, D.COMPOUND)):
                return self._ref(state)
            return EntityRef(name=text, kind="group") if text.endswith("s") else None
        if entry is not None and want == "actor" and entry.kind == "place":
            state = self.kb.by_metonym(text)
            if state is not None:
                return self._ref(state)
        if entry is None and want == "actor" and label in ("GPE", "LOC"):
            state = self.kb.by_metonym(text)
            if state is not None:
                return self._ref(state)
        if entry is not None:
            return self._ref(entry)
        if text.split()[-1].lower() in FACILITY_WORDS:
            return EntityRef(name=text, kind="place")
        if entry is None and label in ("GPE", "ORG", "NORP", "LOC", "FAC") and any(
                w.lower() in _ORG_WORDS for w in text.split()[1:]):  # "Syrian Observatory for Human Rights"
            return EntityRef(name=text, kind="organization")
        if label in ("GPE", "ORG", "NORP") and len(text.split()) == 1 and text in self._name_words:
            label = "PERSON"
        if label != "PERSON" and self._after_person_noun(ent):
            label = "PERSON"  # "dual national Anoosheh Ashoori" that the tagger took for a title
        if label == "PERSON":
            words = text.split()
            while len(words) > 1 and words[0].lower().strip(".") in self.cues.title_nouns:
                words = words[1:]
            return EntityRef(name=" ".join(words), kind="person")
        kind = _LABEL_KIND.get(label)
        return EntityRef(name=text, kind=kind) if kind and kind != "group" else None  # type: ignore[arg-type]

    # -- helpers ------------------------------------------------------------------------------------
    def _untagged_person(self, token: Token) -> EntityRef | None:
        """ "Narges Mohammadi was arrested": a two- or three-word proper name in an argument slot that the
        tagger left untagged, that no KB entry, demonym, title or organisation word explains, is a person."""
        if token.pos_ != "PROPN" or not token.is_title or not token.is_alpha:
            return None
        words = [token]
        for left in reversed(list(token.lefts)):
            if left.i != words[0].i - 1 or left.dep_ != D.COMPOUND:
                break
            words.insert(0, left)
        if not 2 <= len(words) <= 3 or any(
                w.pos_ != "PROPN" or not w.is_title or not w.is_alpha or self.entity_at(w) is not None
                or w.lower_ in self.cues.title_nouns or w.lower_ in _ORG_WORDS or w.lower_ in FACILITY_WORDS
                or self.kb.by_demonym(w.text) is not None for w in words):
            return None
        name = " ".join(w.text for w in words)
        return EntityRef(name=name, kind="person") if self.kb.lookup(name) is None else None

    def _after_person_noun(self, ent: Span) -> bool:
        """A two- or three-word proper name right after a person noun ("activist", "national")."""
        if ent.label_ not in _MISREAD_NAME_LABELS or not 2 <= len(ent) <= 3 or ent.start == 0:
            return False
        before = self.doc[ent.start - 1]
        return before.lemma_.lower() in self.cues.person_nouns and before.pos_ in ("NOUN", "ADJ") and all(
            t.pos_ == "PROPN" and t.is_title for t in ent)

    @staticmethod
    def _ref(entry: object) -> EntityRef:
        return _entry_ref(entry.name, entry.kind, entry.qid)  # type: ignore[attr-defined]

    def _fits(self, ref: EntityRef, want: Want) -> bool:
        if want == "actor":
            return ref.kind in ACTOR_KINDS
        if want == "place":
            return ref.kind in ("place", "state")
        if want == "weapon":
            return ref.kind == "weapon"
        if want == "agreement":
            return ref.kind == "agreement"
        return True

    def _expand(self, token: Token) -> list[Token]:
        toks = D.with_conjuncts(token)
        members: list[Token] = []
        for tok in toks:
            if self.entity_at(tok) is None:
                members.extend(self._included(tok))
        return members or toks

    def _included(self, token: Token) -> list[Token]:
        """Named members of a generic noun: "countries, including Israel"; "groups, such as Hezbollah"."""
        out: list[Token] = []
        for prep in D.children(token, D.PREP):
            if prep.lower_ in self.cues.inclusion_preps:
                for obj in D.children(prep, D.POBJ):
                    out.extend(D.with_conjuncts(obj))
        return out

    def _antecedent(self, token: Token) -> Token:
        """A relative pronoun stands for the noun its clause modifies ("the JCPOA, which the US left")."""
        if token.lower_ in D.RELATIVE_PRONOUNS and token.head.dep_ == D.RELCL:
            token = token.head.head
            if token.dep_ == D.APPOS and token.head.pos_ == "PROPN":
                return token.head
            if token.dep_ == D.ATTR and token.head.lemma_ == "be":  # "X is a proxy that wants …"
                subj = D.subject_of(token.head)
                if subj is not None:
                    return subj
        return token

    def _weapon_before(self, token: Token) -> EntityRef | None:
        for tok in reversed(self.doc[max(0, token.i - 60): token.i]):
            if tok.pos_ in ("NOUN", "PROPN"):
                ref = self.one(tok, "weapon")
                if ref is not None:
                    return ref
        return None

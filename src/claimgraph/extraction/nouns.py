"""Resolving unnamed noun phrases: descriptions that point back ("the institute"), role nouns ("Russian
forces", "members of X", "a senior US official"), generic weapons, groups, facilities and places."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from ..model import EntityRef
from . import deps as D

__all__ = ["ACTOR_KINDS", "FACILITY_WORDS", "NounResolution", "Want", "clean_name"]

ACTOR_KINDS = frozenset({"state", "armed_group", "armed_force", "agency", "organization", "court", "outlet",
                         "person", "group"})
Want = str | None  # "actor", "place", "weapon", "agreement" or None (anything)
_PEER_NOUNS = frozenset({"counterpart", "colleague", "successor", "predecessor", "rival", "ally", "envoy"})
"""Nouns for a person known by their relation to another ("his Saudi counterpart Faisal bin Farhan")."""
_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")


@lru_cache(maxsize=8192)  # pure, and asked for the same names in every document
def clean_name(text: str) -> str:
    """A name without a leading "the" or a trailing possessive."""
    text = _POSSESSIVE_END.sub("", text.strip())
    return re.sub(r"^(?:the|The)\s+", "", text).strip()

FACILITY_WORDS = frozenset({"prison", "penitentiary", "jail", "ward", "base", "airport", "airbase", "camp",
                            "hospital", "port", "facility", "plant", "complex", "detention"})
_SKIP_MODIFIER_DEPS = {"det", "poss", "nummod", "quantmod", "predet", "punct", "case", "prep", "relcl",
                       "acl", "appos", "conj", "cc", "advmod"}


class NounResolution:
    """The part of :class:`~claimgraph.extraction.mentions.EntityResolver` that names what no named entity
    covers. A mixin: it uses the resolver's ``doc``, ``kb``, ``cues`` and lookups."""

    def _contained_place(self, token: Token, ref: EntityRef | None) -> EntityRef | None:
        """A place named as part of a known place ("the Women's Ward of Evin Prison", "a ward run by the
        IRGC at Evin") is that named place; an unnamed place ("a ward") only when no name is there."""
        for obj in D.prep_objects(token, ("of",)):
            ent = self.entity_at(obj)
            inner = self.from_span(ent, "place") if ent is not None else None
            if inner is not None and inner.kind == "place":
                return inner
        if ref is not None and self._fits(ref, "place") and self.entity_at(token) is not None:
            return ref
        return self._place_within(token) or (ref if ref is not None and self._fits(ref, "place") else None)

    def _place_within(self, token: Token) -> EntityRef | None:
        """ "the women's ward of Evin Prison", "a ward run by the IRGC at Evin": the place inside."""
        for tok in token.subtree:
            if tok.i == token.i or tok.sent != token.sent:
                continue
            ent = self.entity_at(tok)
            if ent is not None and tok.i == self.span_root(ent).i:  # type: ignore[attr-defined]
                ref = self.from_span(ent, "place")
                if ref is not None and ref.kind == "place":
                    return ref
        return None

    def _modifier_entity(self, token: Token, want: Want) -> EntityRef | None:
        for child in token.children:
            if child.dep_ in (D.COMPOUND, D.AMOD, D.POSS, D.NMOD, D.NPADVMOD) and child.i < token.i:
                ent = self.entity_at(child)
                if ent is not None:
                    ref = self.from_span(ent, "actor" if want != "place" else want)
                    if ref is not None:
                        return ref
        return None

    def _name_of_noun(self, token: Token, with_of: bool = False) -> str:
        left = [c for c in token.lefts if c.dep_ not in _SKIP_MODIFIER_DEPS]
        start = min([token.i, *[t.i for c in left for t in c.subtree]])
        end = token.i + 1
        if with_of:
            for prep in D.children(token, D.PREP):
                if prep.lower_ == "of" and prep.i == token.i + 1:
                    end = max(t.i for t in prep.subtree) + 1
        words = [t for t in self.doc[start:end] if t.dep_ not in ("det", "poss", "case", "nummod")
                 or t.i > token.i]
        while words and (words[0].is_punct or words[0].lower_ in ("other", "several", "some", "many")):
            words = words[1:]
        return clean_name("".join(t.text_with_ws for t in words)) if words else token.text

    def _unnamed_armed_group(self, token: Token) -> EntityRef:
        """Unnamed militias are told apart by their patron: "Tehran-backed militia groups", "militias
        backed by Iran", "Iranian proxies" and "its proxy groups" (its = Iran) are all "Iran-backed
        militias". Other unnamed fighters keep their description ("rebels", "Iran-backed fighters")."""
        words = {token.lemma_.lower(), *(c.lemma_.lower() for c in token.lefts if c.dep_ in ("compound", "amod"))}
        kind_word = "militias" if words & {"militia", "proxy"} else None
        patron = self._patron(token)
        if kind_word is not None:
            name = f"{patron.name}-backed militias" if patron is not None else (
                "proxies" if "proxy" in words and "militia" not in words else "militias")
        else:
            plain = token.text.lower() if token.tag_ in ("NNS", "NNPS") else token.lemma_.lower()
            name = f"{patron.name}-backed {plain}" if patron is not None else self._name_of_noun(token)
        return EntityRef(name=name, kind="armed_group")

    def _patron(self, token: Token) -> EntityRef | None:
        """The state that backs an unnamed armed group, if the phrase names it."""
        for mod in (t for c in token.lefts for t in c.subtree):
            low = mod.lower_
            if low in self.cues.participle_support:  # "Iran-backed", "Tehran-backed"
                prefix = mod.doc[mod.i - 2] if mod.i >= 2 and mod.doc[mod.i - 1].text == "-" else None
                if prefix is not None:
                    ref = self.one(prefix, "actor")  # type: ignore[attr-defined]
                    if ref is not None and ref.kind == "state":
                        return ref
            if mod.dep_ in ("amod", "compound", "npadvmod", "nmod") and self.entity_at(mod) is not None:
                ref = self.from_span(self.entity_at(mod), "actor")  # type: ignore[attr-defined]
                if ref is not None and ref.kind == "state":  # "Iranian proxies"
                    return ref
            if low in ("its", "their") and mod.dep_ == "poss":  # "its proxy groups": whose subject?
                ref = self._possessor(mod)
                if ref is not None and ref.kind == "state":
                    return ref
        for acl in D.children(token, D.ACL):  # "militias backed by Iran"
            if acl.lower_ in self.cues.participle_support:
                for agent in D.prep_objects(acl, ("by",)):
                    ref = self.one(agent, "actor")  # type: ignore[attr-defined]
                    if ref is not None and ref.kind == "state":
                        return ref
        return None

    def _possessor(self, pronoun: Token) -> EntityRef | None:
        """ "its"/"their" in a clause: the clause's (or the controlling clause's) named subject."""
        cur = pronoun.head
        for _ in range(8):
            subj = D.subject_of(cur) if cur.pos_ in ("VERB", "AUX") else None
            if subj is None and cur.pos_ in ("VERB", "AUX") and cur.dep_ in ("conj", "xcomp", "advcl", "pcomp"):
                found = D.implicit_subject(cur, self.cues)
                subj = found[0] if found else None
            if subj is not None and subj.pos_ != "PRON":
                return self.one(subj, "actor")  # type: ignore[attr-defined]
            if cur.head == cur:
                return None
            cur = cur.head
        return None

    def _origin(self, token: Token) -> str | None:
        """ "Iranian drones", "Chinese-made drones", "Iranian-provided drones": the state named as origin."""
        for mod in (t for c in token.lefts for t in c.subtree):
            ent = self.entity_at(mod)
            if ent is not None and ent.label_ in ("NORP", "GPE", "STATE"):
                ref = self.from_span(ent, "actor")  # type: ignore[attr-defined]
                if ref is not None and ref.kind == "state":
                    return ref.name
        return None

    def _weapon_class(self, token: Token) -> str:
        """ "Iranian drones", "Chinese-made drones", "the provided drones" are all the class "drones": where
        a weapon comes from is a fact about the claim (its supplier), not part of the weapon's name."""
        keep = [c for c in token.lefts if c.dep_ in ("compound", "amod") and self.entity_at(c) is None
                and not any(t.text == "-" or t.tag_ == "VBN" or self.entity_at(t) is not None for t in c.subtree)
                and c.lower_ not in ("other", "several", "some", "many", "more", "new", "older", "provided")]
        words = [t for c in keep for t in c.subtree] + [token]
        return " ".join(t.text for t in sorted(words, key=lambda t: t.i))

    def _described(self, token: Token, want: Want) -> EntityRef | None:
        """ "the institute" after "Institute for the Study of War"; "a militant outfit" in apposition to
        a name: a description that points back to the latest fitting named entity."""
        definite = any(c.lower_ == "the" for c in token.children if c.dep_ == "det")
        word = token.lower_
        for _, ent in self.entities_before(token.i, 150):
            ref = self.from_span(ent, want)
            if ref is None or ref.kind == "person":
                continue
            if definite and word in self.span_text(ent).lower().split():  # type: ignore[attr-defined]
                return ref
            root = self.span_root(ent)  # type: ignore[attr-defined]
            if token.dep_ == D.APPOS and root.sent == token.sent and ref.kind in ACTOR_KINDS and (
                    token.lemma_.lower() in self.cues.armed_group_nouns):
                return ref
        return None

    def _unnamed_person(self, token: Token) -> EntityRef | None:
        """A name the tagger missed, known by its apposition: "Sepideh Rashno, an anti-hijab protester"."""
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            return None
        if not any(c.dep_ == D.APPOS and (c.lemma_.lower() in self.cues.person_nouns
                                          or c.lemma_.lower() in self.cues.title_nouns) for c in token.children):
            return None
        words = [c for c in token.lefts if c.dep_ == D.COMPOUND and c.pos_ == "PROPN"]
        start = min([token.i, *[w.i for w in words]])
        return EntityRef(name=self.doc[start: token.i + 1].text, kind="person")

    def _named_in_apposition(self, token: Token, want: Want) -> EntityRef | None:
        """ "his Saudi counterpart Faisal bin Farhan", "a prominent rapper, Toomaj Salehi,": a common noun is
        the entity named in apposition to it; after a person noun, a short proper name is a person whatever
        label the tagger gave it."""
        for child in token.children:
            ent = self.entity_at(child) if child.dep_ == D.APPOS else None  # type: ignore[attr-defined]
            if ent is None:
                continue
            lemma = token.lemma_.lower()
            personal = lemma in self.cues.person_nouns or lemma in self.cues.title_nouns or lemma in _PEER_NOUNS
            text = self.span_text(ent)  # type: ignore[attr-defined]
            if personal and ent.label_ != "PERSON" and 2 <= len(ent) <= 3 and all(
                    t.pos_ == "PROPN" and t.is_title for t in ent) and self.kb.lookup(text) is None:
                return EntityRef(name=clean_name(text), kind="person")
            return self.from_span(ent, want)  # type: ignore[attr-defined]
        return None

    def _from_noun(self, token: Token, want: Want) -> EntityRef | None:
        if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
        person = self._unnamed_person(token)
        if person is not None:
            return person
        if token.pos_ == "NOUN":
            named = self._named_in_apposition(token, want)
            if named is not None:
                return named
        cues, lemma = self.cues, token.lemma_.lower()
        described = self._described(token, want) if token.pos_ == "NOUN" else None
        if described is not None:
            return described
        if lemma in cues.descriptor_nouns:  # "the HRANA rights group", "Tasnim news agency"
            for mod in token.lefts:
                ent = self.entity_at(mod)
                if mod.dep_ in ("compound", "nmod") and ent is not None:
                    ref = self.from_span(ent, "actor")  # type: ignore[attr-defined]
                    if ref is not None and ref.kind != "state":
                        return ref
        state = self.kb.by_demonym(token.text) if token.pos_ != "NOUN" or token.text[0].isupper() else None
        if state is not None:
            return self._ref(state)
        if lemma in cues.member_nouns or token.lower_ in cues.member_nouns:
            for obj in D.prep_objects(token, ("of", "from")):
                ent = self.entity_at(obj)
                if ent is not None:
                    return self.from_span(ent, "actor")
            ref = self._modifier_entity(token, want)
            if ref is not None and (ref.kind != "state" or lemma in cues.target_member_nouns):
                return ref  # "Islamic Jihad targets" -> PIJ; "Iranian targets" -> Iran; not "Russian officers"
        if token.lower_ in cues.state_actor_nouns or lemma in cues.state_actor_nouns:
            ref = self._modifier_entity(token, "actor")
            if ref is not None and ref.kind == "state":
                return ref
        if lemma in cues.title_nouns:
            for child in token.children:
                if child.dep_ == D.APPOS and self.entity_at(child) is not None:
                    return self.from_span(self.entity_at(child), "actor")  # type: ignore[arg-type]
            for obj in D.prep_objects(token, ("of",)):
                ent = self.entity_at(obj)
                if ent is not None:
                    return self.from_span(ent, "actor")
            ref = self._modifier_entity(token, "actor")
            if ref is not None:
                return ref
        weapon_word = lemma in cues.weapon_nouns or token.lower_ in cues.weapon_nouns
        if want in (None, "weapon") and weapon_word and (lemma not in cues.weapon_heads_strict or any(
                c.lower_ in cues.weapon_nouns for c in token.lefts if c.dep_ == D.COMPOUND)):
            for mod in (t for c in token.lefts for t in c.subtree):  # "Su-35 fighter jets": the named system
                ent = self.entity_at(mod)
                named = self.from_span(ent, "weapon") if ent is not None else None
                if named is not None and named.kind == "weapon":
                    return named
            return EntityRef(name=self._weapon_class(token), kind="weapon", origin=self._origin(token))
        if lemma in cues.armed_group_nouns or token.lower_ in cues.armed_group_nouns or (
                lemma == "group" and any(c.lemma_ in cues.armed_group_nouns for c in token.lefts)):
            return self._unnamed_armed_group(token)
        if lemma in cues.court_nouns:  # "an Iranian court", "the Revolutionary Court"
            return EntityRef(name=self._name_of_noun(token), kind="court")
        if lemma in cues.place_nouns:  # "the Saudi city of Jizan"
            for obj in D.prep_objects(token, ("of",)):
                ent = self.entity_at(obj)
                if ent is not None:
                    return self.from_span(ent, "place")
        if lemma in cues.quantity_nouns or token.lower_ in cues.quantity_nouns:  # "dozens of protesters"
            for obj in D.prep_objects(token, ("of",)):
                return self.one(obj, want)
        if want in (None, "place") and (lemma in cues.facility_nouns or token.lower_ in cues.facility_nouns
                                       or token.lower_ in FACILITY_WORDS):
            return EntityRef(name=self._name_of_noun(token), kind="place")  # a target: "an Aramco facility"
        if lemma in cues.group_nouns and token.tag_ in ("NNS", "NNPS"):
            return EntityRef(name=self._name_of_noun(token, with_of=True), kind="group")
        if want is None:  # a target such as "Iranian oil exports" stands for its state
            ref = self._modifier_entity(token, "actor")
            if ref is not None and ref.kind == "state":
                return ref
        return None

"""Verbal and event-noun predicates: map a predicate's dependents to claim roles through a ``Frame``."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..model import EDGE_ROLES, LIST_ROLES, ArgValue, EntityRef
from . import deps as D
from .candidate import Candidate, TriggerWords
from .lexicon import Frame, Lexicon
from .mentions import ACTOR_KINDS, EntityResolver, Want, number_of

__all__ = ["complete", "fill_roles", "frame_candidates", "frame_triggers"]

_ROLE_WANT: dict[str, Want] = {
    "location": "place", "item": "weapon", "weapon": "weapon", "agreement": "agreement", "topic": None,
    "target": None, "measure": None,
}
# Each claim type needs, for every group here, at least one of the group's roles filled.
_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "transfer": (("recipient",), ("supplier", "item")),
    "support": (("supporter",), ("supported",)),
    "attack": (("attacker",), ("target",)),
    "kill": (("killer",), ("victim",)),
    "threaten": (("threatener",), ("target",)),
    "accuse": (("accuser",), ("accused",)),
    "detain": (("detainee",),),
    "release": (("detainee",),),
    "sentence": (("defendant",),),
    "deny": (("denier",), ("about",)),
    "designate": (("designated",), ("designator", "designation")),
    "withdraw": (("party",), ("agreement",)),
    "sanction": (("sanctioner",), ("target",)),
    "position": (("person",), ("organization",)),
}
_NUMBER_ROLE = {"transfer": ("item", "quantity"), "kill": ("victim", "count")}
_AGENT_ROLE = {"kill": "killer", "attack": "attacker"}
_USE_VERBS = frozenset({"use", "operate", "deploy", "field", "fly", "employ"})
_STRING_STOP_PREPS = frozenset({"by", "on", "for", "at", "over", "after", "since", "during", "from"})


def _passive_subject(verb: Token) -> list[Token]:
    cur = verb
    for _ in range(3):
        subj = D.subject_of(cur)
        if subj is not None and subj.dep_ == D.NSUBJPASS:
            return [subj]
        if cur.dep_ in (D.ACL, D.AMOD):
            return [cur.head]
        if cur.dep_ != D.CONJ or subj is not None:
            return []
        cur = cur.head
    return []


def _agents(verb: Token) -> list[Token]:
    """By-phrases of a passive verb, also when the parser hung them lower ("lashes by the Court")."""
    found = D.prep_objects(verb, ("by",))
    if not found:
        for child in verb.children:
            if child.dep_ in (D.PREP, D.DOBJ):
                for obj in [child, *D.children(child, D.POBJ)]:
                    found.extend(D.prep_objects(obj, ("by",)))
                    for conj in obj.conjuncts:
                        found.extend(D.prep_objects(conj, ("by",)))
    return found


def _dep_tokens(verb: Token, spec: str, passive: bool, lex: Lexicon) -> list[Token]:
    if spec == "nsubj":
        if passive:
            return _agents(verb)
        subj = D.subject_of(verb)
        if subj is not None and subj.dep_ == D.NSUBJ:
            return [subj]
        return D.implicit_subject(verb, lex.cues)
    if spec == "dobj":
        return _passive_subject(verb) if passive else D.children(verb, D.DOBJ)
    if spec == "dative":
        out = []
        for child in D.children(verb, D.DATIVE):
            out.extend(D.children(child, D.POBJ) if child.pos_ == "ADP" else [child])
        return out
    if spec in ("attr", "oprd", "ccomp"):
        return D.children(verb, spec)
    if spec.startswith("prep:"):
        word = spec[5:]
        found = D.prep_objects(verb, (word,))
        for obj in D.children(verb, D.DOBJ):
            found.extend(D.prep_objects(obj, (word,)))
            for inner in D.prep_objects(obj, ("of",)):  # "delivered dozens of drones to Russia"
                found.extend(D.prep_objects(inner, (word,)))
        return [t for t in found if t.dep_ != D.PCOMP]
    return []


def _string_value(token: Token) -> tuple[str, list[Token]]:
    """The phrase a string role holds, cut before by-/on-/for- phrases ("eight years in jail")."""
    if token.lower_ in D.RELATIVE_PRONOUNS and token.head.dep_ == D.RELCL:
        token = token.head.head  # "charges …, which she denied": what is denied is the charges
    subtree = [t for t in token.subtree if not (t.dep_ == D.RELCL or any(a.dep_ == D.RELCL and a.head == token
                                                                         for a in t.ancestors))]
    cut = next((t.i for t in subtree if t.dep_ == D.PREP and t.lower_ in _STRING_STOP_PREPS
                and t.i > token.i), subtree[-1].i + 1)
    words = [t for t in subtree if t.i < cut]
    while words and (words[-1].is_punct or words[-1].pos_ in ("CCONJ", "ADP", "ADV")):
        words = words[:-1]
    while words and words[0].dep_ == "det":
        words = words[1:]
    text = token.doc[words[0].i: words[-1].i + 1].text if words else token.text
    return text.strip(" \"“”"), words


def _instrument_agent(trigger: Token, resolver: EntityResolver, lex: Lexicon) -> tuple[list[EntityRef], Token | None]:
    """ "killed in a US air strike", "a US drone strike killed …": the actor named on the attack noun that did
    it."""
    nouns = [*D.prep_objects(trigger, ("in", "by", "during")), *D.children(trigger, D.NSUBJ)]
    for obj in nouns:
        if obj.lemma_.lower() in lex.cues.attack_nouns:
            for mod in obj.children:
                if mod.dep_ in (D.COMPOUND, D.AMOD, D.POSS, D.NMOD) and resolver.entity_at(mod) is not None:
                    refs = resolver.resolve(mod, "actor")
                    if refs:
                        return refs, obj
    return [], None


def fill_roles(trigger: Token, frame: Frame, resolver: EntityResolver, lex: Lexicon,
               subject: list[Token] | None = None, passive: bool = False) -> Candidate | None:
    """Apply a frame to a trigger; None when the roles it needs are not there."""
    roles = dict(frame.roles)
    if frame.with_shift and D.prep_objects(trigger, ("with",)):
        roles.update(frame.with_shift)
    if passive and frame.passive_dobj and D.children(trigger, D.DOBJ):
        roles = {("_passive_obj" if k == "oprd" else k): v for k, v in roles.items()}
    elif "oprd" in roles and D.children(trigger, D.DATIVE) and D.children(trigger, D.DOBJ) \
            and not D.children(trigger, D.OPRD):
        # "designated [the Wagner Group] [a terrorist organization]" parsed as a double object
        roles = {{"dobj": "_dative", "oprd": "_dobj"}.get(k, k): v for k, v in roles.items()}
    args: dict[str, ArgValue] = {}
    tokens: list[Token] = [trigger]
    for spec, role in roles.items():
        if spec in ("_passive_obj", "_dobj"):
            found = D.children(trigger, D.DOBJ)
        elif spec == "_dative":
            found = D.children(trigger, D.DATIVE)
        elif spec == "nsubj" and subject is not None:
            found = subject
        else:
            found = _dep_tokens(trigger, spec, passive, lex)
        if not found:
            continue
        if role in frame.string_roles:
            if role not in args:
                args[role], words = _string_value(found[0])
                tokens.extend(words)
            continue
        want = "actor" if frame.requires.get(role) == "actor" else _ROLE_WANT.get(role, "actor")
        refs: list[EntityRef] = []
        for tok in found:
            refs.extend(resolver.resolve(tok, want))
        if not _kinds_ok(frame, role, refs):
            if role in frame.requires and any(role in g for g in _REQUIRED.get(frame.type, ())):
                return None  # "held a meeting" is no detention: the core role is of the wrong kind
            continue
        tokens.extend(t for tok in found for t in D.with_conjuncts(tok))  # evidence covers "A and B"
        previous = args.get(role)
        before = [*previous] if isinstance(previous, list) else ([previous] if isinstance(previous, EntityRef) else [])
        merged = before + [r for r in refs if r not in before]
        args[role] = merged if (role in LIST_ROLES or len(merged) > 1) else merged[0]
        if frame.type in _NUMBER_ROLE and role == _NUMBER_ROLE[frame.type][0]:
            count = number_of(found[0])
            if count is not None:
                args[_NUMBER_ROLE[frame.type][1]] = count
            if role == "item":
                _item_extras(found[0], args, resolver, tokens)
    agent_role = _AGENT_ROLE.get(frame.type)
    if agent_role and agent_role not in args:
        refs, noun = _instrument_agent(trigger, resolver, lex)
        if refs and noun is not None:
            args[agent_role] = refs[0] if len(refs) == 1 else refs
            tokens.append(noun)
    if not frame.needs <= args.keys():
        return None
    if frame.type == "attack" and trigger.pos_ == "VERB" and isinstance(args.get("location"), EntityRef) \
            and _unnamed(args.get("target")):
        args["target"] = args["location"]  # "struck a village in Idlib": the place is what was attacked
    if frame.mode:
        args["mode"] = frame.mode
    for role in LIST_ROLES:
        if isinstance(args.get(role), EntityRef):
            args[role] = [args[role]]  # type: ignore[list-item]
    cand = Candidate(frame.type, trigger, args, tokens, pattern="frame")
    # A killing with no killer named may take the attacker of the attack just reported (the engine decides).
    awaiting_killer = frame.type == "kill" and "victim" in args and "killer" not in args
    return cand if complete(cand) or awaiting_killer else None


_ORIGIN_DEPS = (D.AMOD, D.NPADVMOD, D.COMPOUND, D.NMOD)


def _item_extras(item: Token, args: dict[str, ArgValue], resolver: EntityResolver, tokens: list[Token]) -> None:
    """What the item's own words say: "drones used by militias" (recipient), "Iranian drones" (origin)."""
    if "recipient" not in args:
        for acl in D.children(item, D.ACL):
            if acl.lemma_.lower() in _USE_VERBS:
                users = [r for t in D.prep_objects(acl, ("by",)) for r in resolver.resolve(t, "actor")]
                if users:
                    args["recipient"] = users[0] if len(users) == 1 else users
                    tokens.append(acl)
    if "supplier" not in args:  # "Iranian drones", and "Iranian-made drones" one level down
        for mod in (t for c in item.lefts if c.dep_ in _ORIGIN_DEPS for t in c.subtree
                    if t.i == c.i or t.dep_ in _ORIGIN_DEPS):
            ent = resolver.entity_at(mod)
            if ent is not None and ent.label_ == "NORP":
                origin = resolver.one(mod, "actor")
                if origin is not None and origin.kind == "state" and origin != args.get("recipient"):
                    args["supplier"] = origin
                    return


def _unnamed(value: ArgValue | None) -> bool:
    """No target, or only a common noun ("targets", "an oil terminal") that names no one."""
    refs = value if isinstance(value, list) else [value]
    return all(not isinstance(r, EntityRef) or (r.kb_id is None and r.kind == "place" and r.name[:1].islower())
               for r in refs)


def _kinds_ok(frame: Frame, role: str, refs: list[EntityRef]) -> bool:
    if not refs:
        return False
    need = frame.requires.get(role)
    if need is None:
        return True
    if need == "actor":
        return all(r.kind in ACTOR_KINDS for r in refs)
    return all(r.kind in need for r in refs)


def complete(cand: Candidate) -> bool:
    """Does the candidate fill what its type needs? A directed claim of an entity on itself ("the Saudi-led
    coalition" read as Saudi Arabia's coalition backing itself) is a misreading, never a claim."""
    if _self_relation(cand):
        return False
    if cand.type in ("meet", "negotiate"):
        value = cand.args.get("participants" if cand.type == "meet" else "parties")
        return isinstance(value, list) and len(value) >= 2
    return all(any(r in cand.args for r in group) for group in _REQUIRED.get(cand.type, ()))


def _self_relation(cand: Candidate) -> bool:
    roles = EDGE_ROLES.get(cand.type)
    if roles is None or roles[0] == roles[1]:
        return False
    ids = [{r.id for r in (v if isinstance(v, list) else [v]) if isinstance(r, EntityRef)}
           for v in (cand.args.get(roles[0]), cand.args.get(roles[1]))]
    return bool(ids[0]) and ids[0] == ids[1]


def _verb_frames(token: Token, lemma: str, lex: Lexicon) -> tuple[Frame, ...]:
    frames = lex.verbs.get(lemma, ())
    if not frames or token.pos_ not in ("VERB", "AUX"):
        return ()
    return tuple(f for f in frames if not f.particle or any(
        c.dep_ == D.PRT and c.lower_ == f.particle for c in token.children))


def frame_triggers(lex: Lexicon) -> TriggerWords:
    """What :func:`frame_candidates` looks at first: a predicate's or an event noun's lemma."""
    return TriggerWords(frozenset(lex.verbs) | frozenset(lex.event_nouns))


def frame_candidates(doc_tokens: list[Token], resolver: EntityResolver, lex: Lexicon) -> Iterator[Candidate]:
    """Every verbal predicate, light-verb construction and event noun in the tokens that fills a frame."""
    for token in doc_tokens:
        lemma = token.lemma_.lower()
        frames = _verb_frames(token, lemma, lex)
        if frames:
            passive = D.is_passive(token)
            for frame in frames:
                cand = fill_roles(token, frame, resolver, lex, passive=passive)
                if cand is not None:
                    yield cand
                    break
            continue
        noun_frame = lex.event_nouns.get(lemma) if token.pos_ == "NOUN" else None
        if noun_frame is None:
            continue
        subject: list[Token] | None = None
        if token.dep_ in (D.DOBJ, D.POBJ) and token.head.pos_ in ("VERB", "AUX"):
            verb = token.head
            own = D.subject_of(verb)
            subject = [own] if own is not None else D.implicit_subject(verb, lex.cues)
        if not subject:
            subject = [c for c in token.children if c.dep_ in (D.POSS, D.COMPOUND, D.AMOD)
                       and resolver.entity_at(c) is not None] or None
        if noun_frame.type == "negotiate" and token.head.lemma_.lower() in lex.cues.mediator_verbs:
            # "Qatar mediated talks between Washington and Tehran": the subject is the mediator
            roles = {k: ("mediator" if k == "nsubj" else v) for k, v in noun_frame.roles.items()}
            noun_frame = noun_frame.model_copy(update={"roles": roles})
        cand = fill_roles(token, noun_frame, resolver, lex, subject=subject)
        if cand is not None:
            yield cand

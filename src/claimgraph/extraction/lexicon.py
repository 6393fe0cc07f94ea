"""The extraction lexicons (predicates, cues, role nouns) loaded once from the JSON files in ``data/``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Cues", "Frame", "Lexicon", "load_lexicon"]


class Frame(BaseModel):
    """What a predicate means: the claim type and which dependents fill which roles."""

    model_config = ConfigDict(frozen=True)

    type: str
    roles: dict[str, str]
    mode: str | None = None
    particle: str | None = None
    with_shift: dict[str, str] = Field(default_factory=dict)
    requires: dict[str, str | list[str]] = Field(default_factory=dict)
    string_roles: frozenset[str] = frozenset()
    passive_dobj: str | None = None
    needs: frozenset[str] = frozenset()
    """Roles this frame must fill to apply at all ("arm X with Y" is a transfer only with its Y)."""


class Cues(BaseModel):
    """Word lists that decide attribution, status and the kind of unnamed arguments."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    reporting_verbs: frozenset[str]
    speaker_as_object: frozenset[str]
    reporting_nouns: frozenset[str]
    anonymous_sources: frozenset[str]
    hedge_verbs: dict[str, str]
    hedge_modals: frozenset[str]
    hedge_raising_verbs: frozenset[str]
    hedge_adverbs: frozenset[str]
    report_adverbs: frozenset[str]
    hedge_marks: frozenset[str]
    unconfirmed_cues: frozenset[str]
    negation_verbs: frozenset[str]
    future_modals: frozenset[str]
    intent_verbs: frozenset[str]
    continuation_verbs: frozenset[str]
    object_control_verbs: frozenset[str]
    accusation_verbs: frozenset[str]
    inclusion_preps: frozenset[str]
    weapon_nouns: frozenset[str]
    weapon_heads_strict: frozenset[str]
    armed_group_nouns: frozenset[str]
    group_nouns: frozenset[str]
    state_actor_nouns: frozenset[str]
    member_nouns: frozenset[str]
    title_nouns: frozenset[str]
    participle_support: frozenset[str]
    participle_transfer: frozenset[str]
    proxy_nouns: frozenset[str]
    person_nouns: frozenset[str]
    confirmation_verbs: frozenset[str]
    facility_nouns: frozenset[str]
    court_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    mediator_verbs: frozenset[str]
    place_nouns: frozenset[str]
    target_member_nouns: frozenset[str]
    descriptor_nouns: frozenset[str]
    speaking_bodies: frozenset[str]
    """Nouns for a body that speaks for the state or group it belongs to ("South Korea's spy agency")."""
    attack_nouns: frozenset[str]


class Lexicon(BaseModel):
    """All lexicons of the extractor."""

    model_config = ConfigDict(frozen=True)

    verbs: dict[str, tuple[Frame, ...]]
    light_verbs: frozenset[str]
    event_nouns: dict[str, Frame]
    cues: Cues


def _read(name: str) -> dict[str, Any]:
    return json.loads(resources.files("claimgraph.extraction").joinpath("data", name).read_text("utf-8"))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The bundled lexicons, validated (a malformed data file fails loudly, naming the field)."""
    preds = _read("predicates.json")
    light = preds["light_verbs"]
    return Lexicon(
        verbs={k: v if isinstance(v, list) else [v] for k, v in preds["verbs"].items()},
        light_verbs=frozenset(light["verbs"]),
        event_nouns=light["nouns"],
        cues=_read("cues.json"),
    )

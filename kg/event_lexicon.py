"""The event trigger lexicon: ``kg/data/event_triggers.json`` read into a ``Lexicon``.

>>> load_lexicon().nouns["summit"]
'summit'
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from kg.errors import KgError


class EventLexiconError(KgError):
    """The event trigger lexicon is missing or malformed."""


@dataclass(frozen=True)
class Lexicon:
    """The trigger lexicon, read from ``kg/data/event_triggers.json``."""

    phrases: tuple[tuple[tuple[str, ...], str], ...]
    phrase_starts: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # by first word
    nouns: dict[str, str]
    verbs: dict[str, str]
    verb_objects: dict[str, frozenset[str]]
    exclusions: dict[str, frozenset[str]]
    name_only: frozenset[str]
    commission_nouns: frozenset[str]
    inherently_plural: frozenset[str]
    generic_modifiers: frozenset[str]
    generic_adverbs: frozenset[str]
    light_verbs: frozenset[str]
    future_cues: frozenset[str]
    occasion_cues: frozenset[str]
    party_only: frozenset[str]
    generic_names: frozenset[str]
    occasion_verbs: frozenset[str]
    attendance_nouns: frozenset[str]
    decision_verbs: frozenset[str]
    stance_verbs: frozenset[str]
    topic_verbs: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged trigger lexicon, read once per process."""
    try:
        raw: dict[str, Any] = json.loads(
            resources.files("kg").joinpath("data", "event_triggers.json").read_text("utf-8")
        )
        phrases: list[tuple[tuple[str, ...], str]] = []
        nouns: dict[str, str] = {}
        verbs: dict[str, str] = {}
        for event_type, entry in raw["types"].items():
            phrases += [(tuple(p.split()), event_type) for p in entry.get("phrases", [])]
            nouns.update(dict.fromkeys(entry.get("nouns", []), event_type))
            verbs.update(dict.fromkeys(entry.get("verbs", []), event_type))
        phrases.sort(key=lambda p: -len(p[0]))
        starts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase in phrases:
            starts.setdefault(phrase[0][0], []).append(phrase)
        return Lexicon(
            phrases=tuple(phrases),
            phrase_starts={k: tuple(v) for k, v in starts.items()},
            nouns=nouns,
            verbs=verbs,
            verb_objects={k: frozenset(v) for k, v in raw["verb_objects"].items()},
            exclusions={k: frozenset(v) for k, v in raw["exclusions"].items()},
            **{
                name: frozenset(raw[name])
                for name in (
                    "name_only", "commission_nouns", "inherently_plural",
                    "generic_modifiers", "generic_adverbs", "light_verbs", "future_cues",
                    "occasion_cues", "party_only", "generic_names", "occasion_verbs",
                    "attendance_nouns", "decision_verbs", "stance_verbs", "topic_verbs",
                )
            },
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EventLexiconError(f"cannot read event_triggers.json: {exc}") from exc

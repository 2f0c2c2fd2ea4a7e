"""Who an event's words point at: person and country mentions looked up by token, and the
person a pronoun ('he', 'his') stands for.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.event_syntax import SUBJECT_DEPS, governing_verb, subjects
from kg.models import Country, Person

PRONOUNS = {"he", "his", "him", "she", "her", "hers"}


PAIR_PERSON_NOUNS = frozenset({"leaders", "presidents", "ministers", "premiers", "heads"})
PAIR_COUNTRY_NOUNS = frozenset({"countries", "nations", "neighbours", "neighbors"})
PAIR_WINDOW = 1500  # characters back that 'the two leaders' may reach


def is_pair_phrase(token: Token) -> bool:
    """'the two leaders', 'both countries': a plural noun standing for two named parties."""
    if token.lower_ not in PAIR_PERSON_NOUNS | PAIR_COUNTRY_NOUNS:
        return False
    return any(c.lower_ in ("two", "both") and c.dep_ in ("nummod", "det", "predet")
               for c in token.children)


@dataclass
class EntityIndex:
    """Person and Country mentions of the article, looked up by character span."""

    spans: list[tuple[int, int, str, str]]  # (start, end, kind, key)
    names: dict[str, str]
    person_keys: frozenset[str] = frozenset()
    cache: dict[int, str | None] = field(default_factory=dict)
    cache_pronouns: dict[int, str | None] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)
    longest: int = 0

    def __post_init__(self) -> None:
        self.starts = [s for s, _, _, _ in self.spans]
        self.longest = max((e - s for s, e, _, _ in self.spans), default=0)

    @classmethod
    def build(cls, persons: list[Person], countries: list[Country]) -> EntityIndex:
        spans = [
            (m.start, m.end, e.kind, e.key)
            for e in [*persons, *countries]
            for m in e.mentions
        ]
        names = {e.key: e.name for e in [*persons, *countries]}
        return cls(sorted(spans), names, frozenset(p.key for p in persons))

    def at_token(self, token: Token) -> str | None:
        """Key of the entity whose mention covers ``token``."""
        idx = token.idx
        if idx not in self.cache:
            found = None
            # the first span (in start order) that covers idx; spans are short, so look back
            # from the last span starting at or before idx only as far as the longest one
            i = bisect.bisect_right(self.starts, idx) - 1
            while i >= 0 and idx - self.spans[i][0] <= self.longest:
                s, e, _, k = self.spans[i]
                if s <= idx < e:
                    found = k
                i -= 1
            self.cache[idx] = found
        return self.cache[idx]

    def persons_in(self, start: int, end: int) -> list[tuple[int, str]]:
        """(offset, key) of the person mentions starting inside ``start``..``end``."""
        return [(s, k) for s, _, kd, k in self.spans if kd == "person" and start <= s < end]

    def pair_before(self, token: Token) -> list[str]:
        """What 'the two leaders' or 'the two countries' at ``token`` stands for: the last two
        distinct persons (or countries) named before it in the last 1,500 characters."""
        kind = "person" if token.lower_ in PAIR_PERSON_NOUNS else "country"
        found: list[str] = []
        for s, _, kd, k in reversed(self.spans):
            if s >= token.idx or kd != kind or k in found:
                continue
            if token.idx - s > PAIR_WINDOW:
                break
            found.append(k)
            if len(found) == 2:
                return found
        return []

    def antecedent(self, pronoun: Token) -> str | None:
        """The person 'he'/'his' stands for, by the clause it sits in.

        A possessive or object takes its own clause's subject when that comes first ('X invited
        Y during his visit' -> X), else the nearest person before it in the sentence; a pronoun
        in a fronted phrase looks ahead to the subject ('In his meeting with Y, X said' -> X);
        a subject pronoun takes the subject of the last sentence that names a person.
        """
        if pronoun.i in self.cache_pronouns:
            return self.cache_pronouns[pronoun.i]
        self.cache_pronouns[pronoun.i] = None  # guards the look-ahead against cycles
        found = self._antecedent(pronoun)
        self.cache_pronouns[pronoun.i] = found
        return found

    def _antecedent(self, pronoun: Token) -> str | None:
        sent = pronoun.sent
        verb = governing_verb(pronoun)
        doers = subjects(verb) if verb is not None else []
        is_subject = pronoun.dep_ in SUBJECT_DEPS
        if not is_subject:
            for subj in doers:
                if subj.i < pronoun.i and (key := self._person_at(subj)):
                    return key
        before = self.persons_in(sent.start_char, pronoun.idx)
        if before:
            return before[-1][1]
        if not is_subject:
            for subj in doers:
                if subj.i > pronoun.i and (key := self._person_at(subj)):
                    return key
        return self._previous_subject(sent)

    def _person_at(self, token: Token) -> str | None:
        if token.lower_ in PRONOUNS:
            return self.antecedent(token)
        for t in [token, *(c for c in token.children if c.dep_ in ("compound", "appos"))]:
            key = self.at_token(t)
            if key is not None and key in self.person_keys:
                return key
        return None

    def _previous_subject(self, sent: Span) -> str | None:
        """The subject person of the nearest earlier sentence naming one, else its last person."""
        doc = sent.doc
        start = sent.start
        for _ in range(3):
            if start == 0:
                break
            prev = doc[start - 1].sent
            found = self.persons_in(prev.start_char, prev.end_char)
            if found:
                for offset, key in found:
                    token = doc.char_span(offset, offset + 1, alignment_mode="expand")
                    root = token.root if token is not None else None
                    while root is not None and root.dep_ in ("compound", "appos", "flat"):
                        root = root.head
                    if root is not None and root.dep_ in ("nsubj", "nsubjpass"):
                        return key
                return found[-1][1]
            start = prev.start
        return None

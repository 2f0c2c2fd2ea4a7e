"""Events: specific summits, visits, talks, exercises, signings, wars... found in one article.

A trigger word from ``kg/data/event_triggers.json`` proposes an event; it is kept only when the
text pins it down: a proper name ("BRICS summit"), a day, a place, or named parties attached to
it ("Putin's visit", "talks with Modi"). Generic mentions ("regular meetings", "summits are held
annually") are dropped. Mentions of the same event in one article are merged, and a visit and
the summit held during it stay two events (their types differ).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.dates import find_dates
from kg.errors import KgError
from kg.models import Article, Country, Event, EventType, Mention, Person, Statement

PLACE_ENTS = {"GPE", "LOC", "FAC"}
NAME_DEPS = {"compound", "amod", "nmod", "nummod", "npadvmod", "poss"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "parataxis", "conj", "csubj"}
YEAR = re.compile(r"(?:1[89]|20)\d\d")
YEAR_DEPS = {"compound", "nummod", "amod", "nmod", "npadvmod", "prep"}
PERSONAL_TYPES = {"visit", "meeting", "interview", "talks"}
PHRASE_SKIP = {"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "agent"}
PRONOUNS = {"he", "his", "him", "she", "her", "hers"}
DEFINITE = {"the", "this", "that"}
# The noun that names an event of each type in a built label.
TYPE_NOUNS: dict[str, str] = {
    "summit": "summit", "visit": "visit", "meeting": "meeting", "talks": "talks",
    "forum": "forum", "commission_session": "commission session",
    "news_conference": "news conference", "interview": "interview", "exercise": "exercise",
    "signing": "signing", "delivery": "delivery", "other": "event",
}


class EventLexiconError(KgError):
    """The event trigger lexicon is missing or malformed."""


@dataclass(frozen=True)
class Lexicon:
    """The trigger lexicon, read from ``kg/data/event_triggers.json``."""

    phrases: tuple[tuple[tuple[str, ...], str], ...]
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
        return Lexicon(
            phrases=tuple(phrases),
            nouns=nouns,
            verbs=verbs,
            verb_objects={k: frozenset(v) for k, v in raw["verb_objects"].items()},
            exclusions={k: frozenset(v) for k, v in raw["exclusions"].items()},
            **{
                name: frozenset(raw[name])
                for name in (
                    "name_only", "commission_nouns", "inherently_plural",
                    "generic_modifiers", "generic_adverbs", "light_verbs", "future_cues",
                    "occasion_cues",
                )
            },
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EventLexiconError(f"cannot read event_triggers.json: {exc}") from exc


# -- entity lookup ---------------------------------------------------------------------------


@dataclass
class _Entities:
    """Person and Country mentions of the article, looked up by character span."""

    spans: list[tuple[int, int, str, str]]  # (start, end, kind, key)
    names: dict[str, str]
    cache: dict[int, str | None] = field(default_factory=dict)

    @classmethod
    def build(cls, persons: list[Person], countries: list[Country]) -> _Entities:
        spans = [
            (m.start, m.end, e.kind, e.key)
            for e in [*persons, *countries]
            for m in e.mentions
        ]
        names = {e.key: e.name for e in [*persons, *countries]}
        return cls(sorted(spans), names)

    def at_token(self, token: Token) -> str | None:
        """Key of the entity whose mention covers ``token``."""
        if token.idx not in self.cache:
            self.cache[token.idx] = next(
                (k for s, e, _, k in self.spans if s <= token.idx < e), None
            )
        return self.cache[token.idx]

    def last_person_before(self, offset: int) -> str | None:
        """The person most recently mentioned before ``offset``: the antecedent of 'he'."""
        best = None
        for s, _, kd, k in self.spans:
            if kd == "person" and s < offset:
                best = k
        return best


# -- candidates ------------------------------------------------------------------------------


@dataclass
class _Candidate:
    type: str
    head: Token
    start: int  # token index of the trigger's first token
    end: int
    sent: Span
    name: str | None = None
    label: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    location: str | None = None
    place_country: str | None = None
    participants: list[str] = field(default_factory=list)
    anchored: list[str] = field(default_factory=list)  # participants tied by syntax
    anchored_persons: set[str] = field(default_factory=set)
    definite: bool = False
    specific: bool = False


def _subtree_tokens(token: Token) -> list[Token]:
    return list(token.subtree)


def _phrase(token: Token) -> list[Token]:
    """The noun phrase under ``token`` without its relative and other clauses."""
    out = [token]
    for child in token.children:
        if child.dep_ not in PHRASE_SKIP:
            out += _phrase(child)
    return sorted(out, key=lambda t: t.i)


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` (itself when it is a verb)."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def _verb_chain(token: Token, floor: int = 0) -> list[Token]:
    """Verbs that govern ``token`` without crossing a reported-speech boundary (ccomp).

    Verbs before token index ``floor`` (a headline glued to the first sentence) are left out.
    """
    chain: list[Token] = []
    verb = _governing_verb(token)
    while verb is not None and verb.i >= floor and len(chain) < 4:
        chain.append(verb)
        if verb.dep_ in ("ccomp", "ROOT", "parataxis", "conj") or verb.head is verb:
            break
        verb = _governing_verb(verb.head)
    return chain


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects; an xcomp borrows its governor's, a relative 'who' its noun's."""
    for _ in range(3):
        found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if found:
            return [c.head.head if c.lower_ in ("who", "that", "which") and
                    c.head.dep_ == "relcl" else c for c in found]
        if verb.dep_ not in ("xcomp", "conj") or verb.head is verb:
            return []
        verb = verb.head
    return []


def _match_triggers(sent: Span, lex: Lexicon) -> Iterable[tuple[str, int, int, Token]]:
    """(type, first token index, end token index, head token) for each trigger in ``sent``."""
    tokens = list(sent)
    lemmas = [t.lemma_.lower() for t in tokens]
    words = [t.lower_ for t in tokens]
    used: set[int] = set()
    for i in range(len(tokens)):
        for phrase, event_type in lex.phrases:
            n = len(phrase)
            window = tuple(lemmas[i : i + n])
            if (window == phrase or tuple(words[i : i + n]) == phrase) and not (
                used & set(range(i, i + n))
            ):
                used |= set(range(i, i + n))
                head = tokens[i + n - 1]
                yield event_type, tokens[i].i, head.i + 1, head
                break
    for j, token in enumerate(tokens):
        if j in used:
            continue
        word, lemma = words[j], lemmas[j]
        if token.pos_ in ("NOUN", "PROPN"):
            event_type = lex.nouns.get(word) or lex.nouns.get(lemma)
            if event_type:
                yield event_type, token.i, token.i + 1, token
        elif token.pos_ == "VERB" and lemma in lex.verbs:
            yield lex.verbs[lemma], token.i, token.i + 1, token


def _inside_name(head: Token, start: int) -> bool:
    """A trigger word inside another kind of name: 'Carrier Strike Group', 'Kohelet Forum'."""
    if head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i:
        return True  # 'summit agenda', 'attack drone': the event word only modifies a noun
    for ent in head.doc.ents:
        if not ent.start <= head.i < ent.end or ent.label_ in ("EVENT", "DATE", "TIME"):
            continue
        if ent.end - 1 > head.i or (head.text[:1].isupper() and ent.label_ == "ORG"):
            return True
    return False


def _is_named_token(token: Token, ents: _Entities) -> bool:
    """A proper-name part of an event name ('BRICS', 'G20', 'Indra-2017'), not a party."""
    if ents.at_token(token) is not None or token.ent_type_ in ("DATE", "TIME", "CARDINAL"):
        return False
    if token.i == token.sent.start:
        return token.pos_ == "PROPN" and token.text.isupper()
    return token.pos_ == "PROPN" or (
        token.text[:1].isupper() and token.dep_ in ("compound", "nmod") and not token.is_alpha
    ) or (token.text.isupper() and len(token.text) > 1)


def _left_modifiers(head: Token) -> list[Token]:
    """The head's left modifiers that form a name with it, contiguous up to the head."""
    mods: list[Token] = []
    for child in reversed(list(head.lefts)):
        if child.dep_ not in NAME_DEPS or child.dep_ == "poss":
            break
        mods = [*child.subtree, *mods] if child.dep_ in ("compound", "nmod") else [child, *mods]
    return [t for t in mods if t.dep_ != "det" and t.dep_ != "case"]


def _proper_name(cand: _Candidate, ents: _Entities) -> str | None:
    """The event's proper name when it has one: 'BRICS summit', 'Cold War', 'Indra-2017'."""
    head = cand.head
    doc = head.doc
    if head.ent_type_ == "EVENT":
        ent = next(e for e in doc.ents if e.start <= head.i < e.end)
        return _strip_det(doc[ent.start : head.i + 1].text)
    if head.i + 1 < len(doc):
        after = doc[head.i + 1]
        if after.pos_ == "PROPN" and any(ch.isdigit() for ch in after.text):
            return after.text  # 'the exercise Indra-2017'

    mods = _left_modifiers(head)
    named = [t for t in mods if _is_named_token(t, ents)]
    head_named = bool(mods) and head.pos_ == "PROPN" and head.text[:1].isupper()
    if not named and not head_named:
        return None
    first = mods[0].i if mods else cand.start
    return _strip_det(doc[first : cand.end].text)


def _strip_det(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def _is_generic(cand: _Candidate, lex: Lexicon) -> bool:
    """'regular meetings', 'future talks', 'summits are held annually': not one occurrence."""
    head = cand.head
    if head.pos_ == "VERB":
        return any(c.dep_ == "neg" for c in head.children)
    for child in head.children:
        if child.lower_ in lex.generic_modifiers and child.dep_ in (
            "amod", "det", "predet", "compound"
        ):
            return True
    plural = head.tag_ in ("NNS", "NNPS") and cand.end - cand.start == 1
    if plural and head.lower_ not in lex.inherently_plural:
        return True
    for verb in _verb_chain(head, cand.sent.start)[:1]:
        if any(c.lower_ in lex.generic_adverbs for c in verb.subtree):
            return True
    return False


def _has_time(verb: Token, generic: Iterable[str] = ()) -> bool:
    """Whether a time expression ('in 2018', 'last week', 'on Monday') modifies ``verb``.

    Habitual times ('every year', 'annually') do not count.
    """
    times = [
        t for c in verb.children if c.dep_ not in CLAUSE_DEPS
        for t in c.subtree if t.ent_type_ in ("DATE", "TIME")
    ]
    habitual = {"every", "each", "annual", *generic}
    return bool(times) and not any(t.lower_ in habitual for t in times)


def _has_year(head: Token) -> bool:
    """'the 2016 election', 'the armistice of 1953', 'talks in June 2024': a dated noun."""
    for child in head.children:
        tokens = [child] if child.dep_ != "prep" else [t for t in child.subtree if t is not child]
        if any(YEAR.fullmatch(t.text) for t in tokens if child.dep_ in YEAR_DEPS):
            return True
    return False


def _near_preps(head: Token) -> list[Token]:
    """Prepositions attached to the trigger, or to the party it is held 'with'."""
    preps = [c for c in head.children if c.dep_ == "prep"]
    for prep in list(preps):
        if prep.lower_ in ("with", "between"):
            preps += [g for obj in prep.children for g in obj.children if g.dep_ == "prep"]
    return preps


def _place_in(tokens: Iterable[Token], preps: tuple[str, ...]) -> str | None:
    """The place named by a prepositional object in ``tokens`` ('in New Delhi' -> 'New Delhi')."""
    for token in tokens:
        if token.dep_ != "prep" or token.lower_ not in preps:
            continue
        for obj in token.children:
            if obj.dep_ != "pobj":
                continue
            for t in obj.subtree:
                if t.ent_type_ in PLACE_ENTS:
                    ent = next(e for e in t.doc.ents if e.start <= t.i < e.end)
                    return _strip_det(ent.text)
    return None


class _Finder:
    """Builds candidates for one article; holds the per-article lookups."""

    def __init__(
        self, doc: Doc, article: Article, persons: list[Person], countries: list[Country]
    ) -> None:
        self.doc = doc
        self.article = article
        self.lex = load_lexicon()
        self.ents = _Entities.build(persons, countries)
        self.country_keys = {c.key for c in countries}
        self.countries = countries

    def candidates(self) -> list[_Candidate]:
        found: list[_Candidate] = []
        body = self.article.body_start
        for sent in self.doc.sents:
            if sent.end_char <= body:
                continue
            if sent.start_char < body:  # the parser may glue the title to the first sentence
                clipped = self.doc.char_span(body, sent.end_char, alignment_mode="expand")
                if clipped is None or len(clipped) == 0:
                    continue
                sent = clipped
            for event_type, start, end, head in _match_triggers(sent, self.lex):
                if _inside_name(head, start):
                    continue
                for cand in self._split(self._candidate(event_type, start, end, head, sent)):
                    if cand.location:
                        cand.place_country = self.location_country(cand.location)
                    found.append(cand)
        return found

    def _split(self, cand: _Candidate | None) -> list[_Candidate]:
        """'the G20 and COP26 summits' -> one candidate per coordinated proper name."""
        if cand is None:
            return []
        parts = [
            m for m in cand.head.lefts
            if m.dep_ in ("compound", "nmod", "amod") and _is_named_token(m, self.ents)
            and any(c.dep_ == "conj" for c in m.children)
        ]
        if not parts:
            return [cand]
        first = parts[0]
        names = [first, *(c for c in first.children if c.dep_ == "conj")]
        out = []
        for token in names:
            if not _is_named_token(token, self.ents):
                return [cand]
            copy = dataclasses.replace(cand, name=f"{token.text} {cand.head.text}")
            copy.label = copy.name
            out.append(copy)
        return out

    def _candidate(
        self, event_type: str, start: int, end: int, head: Token, sent: Span
    ) -> _Candidate | None:
        lex = self.lex
        cand = _Candidate(event_type, head, start, end, sent)
        if head.pos_ == "VERB":
            return self._verb_candidate(cand)
        if event_type in ("meeting", "commission_session"):
            if any(t.lemma_.lower() in lex.commission_nouns for t in head.subtree):
                cand.type = "commission_session"
            elif event_type == "commission_session":
                return None  # a 'session' of anything else
        if _is_generic(cand, lex):
            return None
        excluded = lex.exclusions.get(head.lemma_.lower(), frozenset())
        if any(c.lower_ in excluded for c in head.children):
            return None  # 'a call for restraint' is no phone call
        cand.name = _proper_name(cand, self.ents)
        lemma = head.lemma_.lower()
        tied = self._tied_participants(head)
        if lemma in lex.name_only and not cand.name and not tied:
            return None
        cand.anchored = tied
        cand.definite = any(
            (c.dep_ == "det" and c.lower_ in DEFINITE)
            or (c.dep_ == "poss" and c.lower_ in PRONOUNS)
            for c in head.children
        )
        subtree = _subtree_tokens(head)
        preps = ("in", "at", "to") if event_type == "visit" else ("in", "at")
        cand.location = _place_in(_near_preps(head), preps)
        self._fill_date(cand, subtree)
        self._fill_participants(cand)
        cand.specific = bool(
            cand.name or cand.start_date or cand.location or tied or self._named_target(cand)
            or _has_year(head) or self._held_at_a_time(head)
        )
        cand.label = cand.name or self._label(cand)
        return cand

    def _verb_candidate(self, cand: _Candidate) -> _Candidate | None:
        """'Putin visited India', 'Modi met Xi', 'they signed a deal', 'Russia delivered ...'."""
        lex, verb = self.lex, cand.head
        lemma = verb.lemma_.lower()
        if _is_generic(cand, lex):
            return None
        children = list(verb.children)
        subjects = _subjects(verb)
        objects = [c for c in children if c.dep_ in ("dobj", "attr")]
        needs = lex.verb_objects.get(lemma)
        if needs is not None:
            preps = {c.lower_ for c in children if c.dep_ == "prep"}
            heads = {o.lemma_.lower() for o in objects} | {o.lower_ for o in objects}
            if not (needs & preps or needs & heads):
                return None
        subject_keys = [k for s in subjects for k in self._keys_of(s)]
        by_person = any(k not in self.country_keys for k in subject_keys)
        if cand.type in PERSONAL_TYPES and not by_person:
            return None  # visits, meetings and interviews are made by persons
        if needs is None and not subject_keys:
            return None
        cand.anchored = list(dict.fromkeys(subject_keys + [
            k for o in objects for k in self._keys_of(o)
        ] + [
            k for c in children if c.dep_ == "prep" and c.lower_ in ("with", "between")
            for k in self._keys_in(c)
        ]))
        if cand.type == "visit":
            place = next((o for o in objects if o.ent_type_ in PLACE_ENTS), None)
            if place is not None:
                ent = next(e for e in verb.doc.ents if e.start <= place.i < e.end)
                cand.location = _strip_det(ent.text)
            else:
                cand.location = _place_in(children, ("to", "in"))
            if cand.location is None:
                return None
        elif cand.type in ("meeting", "interview") and not self._enough_parties(cand):
            return None
        else:
            cand.location = _place_in(children, ("in", "at"))
        self._fill_date(cand, [t for c in children for t in c.subtree if c.dep_ not in CLAUSE_DEPS])
        self._fill_participants(cand)
        if not (cand.anchored or cand.start_date or cand.location):
            return None
        timed = cand.type not in ("signing", "delivery") or cand.start_date or _has_time(verb)
        if not timed:
            return None  # 'states that have signed treaties': no occasion
        cand.specific = True
        cand.label = self._label(cand)
        return cand

    def _held_at_a_time(self, head: Token) -> bool:
        """'Last year we held joint exercises': a light verb with a time makes it one event."""
        verb = head.head
        if head.dep_ != "dobj" or verb.lemma_.lower() not in self.lex.light_verbs:
            return False
        return _has_time(verb, self.lex.generic_adverbs)

    def _named_target(self, cand: _Candidate) -> bool:
        """'strikes on Houthi targets', 'attacks against Kyiv': an attack with a named target."""
        if cand.type != "other":
            return False
        for prep in cand.head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("on", "against"):
                for t in prep.subtree:
                    if t.pos_ == "PROPN" or self.ents.at_token(t) or t.ent_type_ in PLACE_ENTS:
                        return True
        return False

    def _enough_parties(self, cand: _Candidate) -> bool:
        """A meeting needs two parties, an interview a person."""
        if cand.type == "meeting":
            return len(cand.anchored) >= 2
        return any(k not in self.country_keys for k in cand.anchored)

    # -- arguments -----------------------------------------------------------------------------

    def _keys_of(self, token: Token) -> list[str]:
        """Entities a noun phrase names, resolving 'he'/'his' to the last person mentioned."""
        if token.lower_ in PRONOUNS:
            key = self.ents.last_person_before(token.idx)
            return [key] if key else []
        keys: list[str] = []
        for t in _phrase(token):
            key = self.ents.at_token(t)
            if key:
                keys.append(key)
        return list(dict.fromkeys(keys))

    def _keys_in(self, prep: Token) -> list[str]:
        return [k for obj in prep.children for k in self._keys_of(obj)]

    def _tied_participants(self, head: Token) -> list[str]:
        """Parties syntactically tied to a noun trigger: possessor, modifiers, with/between."""
        keys: list[str] = []
        for child in head.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < head.i:
                keys += self._keys_of(child)
            elif child.dep_ == "prep" and child.lower_ in ("with", "between", "of", "against"):
                keys += self._keys_in(child)
        # 'X said in an interview', 'X told the AP in an interview': X gave it
        if head.lemma_.lower() == "interview" and head.dep_ == "pobj":
            verb = _governing_verb(head)
            if verb is not None:
                for subj in _subjects(verb):
                    keys += [k for k in self._keys_of(subj) if k not in self.country_keys]
        # the subject of 'hold talks', 'attend the summit'
        if head.dep_ in ("dobj", "pobj"):
            verb = head.head if head.dep_ == "dobj" else head.head.head
            if verb.pos_ == "VERB" and verb.lemma_.lower() in self.lex.light_verbs:
                for subj in verb.children:
                    if subj.dep_ in SUBJECT_DEPS:
                        keys += self._keys_of(subj)
        return list(dict.fromkeys(keys))

    def _fill_participants(self, cand: _Candidate) -> None:
        """Persons and countries of the trigger's clause, with the tied parties first."""
        chain = _verb_chain(cand.head, cand.sent.start)
        scope = chain[-1] if chain else cand.head
        tokens = [
            t for t in scope.subtree
            if not any(a.dep_ in ("ccomp", "relcl") and a.i != cand.head.i and
                       cand.head not in a.subtree for a in [t, *t.ancestors]
                       if scope in a.ancestors or a is scope)
        ]
        keys = list(cand.anchored)
        cand.anchored_persons = {k for k in cand.anchored if k not in self.country_keys}
        for token in tokens:
            key = self.ents.at_token(token)
            if key:
                keys.append(key)
            elif token.lower_ in PRONOUNS and token.dep_ in ("poss", *SUBJECT_DEPS):
                resolved = self.ents.last_person_before(token.idx)
                if resolved:
                    keys.append(resolved)
        if cand.location:
            keys += self._location_keys(cand.location)
        cand.participants = list(dict.fromkeys(keys))

    def _location_keys(self, location: str) -> list[str]:
        key = self.location_country(location)
        return [key] if key and key in self.country_keys else []

    def location_country(self, location: str) -> str | None:
        """Key of the country a place is in: the country itself, or a capital's country."""
        folded = location.lower()
        for country in self.countries:
            forms = {country.name.lower(), *(m.text.lower() for m in country.mentions)}
            if folded in forms:
                return country.key
        entry = _gazetteer_country(location)
        if entry is None:
            return None
        for country in self.countries:
            if entry in (country.key, country.wikidata, country.name):
                return country.key
        return entry

    def _fill_date(self, cand: _Candidate, near: list[Token]) -> None:
        """Start and end day from the trigger's phrase, else from the verbs governing it."""
        sent = cand.sent
        future = self._is_future(cand)
        dates = find_dates(sent.text, self.article.date, future)
        if not dates:
            return
        near_ids = {t.i for t in near}
        # 'the transcript of that call was released on ...': the verb's date is not the call's
        own_only = not cand.anchored and any(
            c.dep_ == "det" and c.lower_ in ("that", "this") for c in cand.head.children
        )
        chain_ids = {v.i for v in _verb_chain(cand.head, sent.start)}
        best: tuple[int, date, date | None] | None = None
        for s, _, start, end in dates:
            span = self.doc.char_span(sent.start_char + s, sent.start_char + s + 1,
                                      alignment_mode="expand")
            if span is None:
                continue
            token = span[0]
            if token.i in near_ids:
                rank = 0
            else:
                verb = _governing_verb(token)
                if own_only or verb is None or verb.i not in chain_ids:
                    continue
                rank = 1
            if best is None or rank < best[0]:
                best = (rank, start, end)
        if best is not None:
            cand.start_date, cand.end_date = best[1], best[2]

    def _is_future(self, cand: _Candidate) -> bool:
        lex = self.lex
        for verb in _verb_chain(cand.head, cand.sent.start):
            for t in [verb, *verb.children]:
                if t.lemma_.lower() in lex.future_cues or t.lower_ in lex.future_cues:
                    return True
        return any(c.lower_ in lex.future_cues for c in cand.head.children)

    def _label(self, cand: _Candidate) -> str:
        """A readable name for an unnamed event: "Putin's visit to India", "Modi–Xi meeting"."""
        names = [self.ents.names.get(k, k) for k in cand.anchored]
        persons = [self.ents.names[k] for k in cand.anchored
                   if k in self.ents.names and k not in self.country_keys]
        inside: set[str] = set()
        if cand.head.pos_ == "VERB":
            noun = TYPE_NOUNS[cand.type]
            obj = next((c for c in cand.head.children if c.dep_ == "dobj"), None)
            if obj is not None and cand.type in ("signing", "delivery"):
                noun += f" of {' '.join(t.text for t in _left_modifiers(obj))} {obj.text}"
                noun = noun.replace("  ", " ")
        else:
            mods = [t for t in _left_modifiers(cand.head) if self.ents.at_token(t) is None
                    or t.dep_ == "compound"]
            first = mods[0].i if mods else cand.start
            noun = self.doc[first : cand.end].text
            inside = {k for t in self.doc[first : cand.end] if (k := self.ents.at_token(t))}
            noun = noun if noun[:1].isupper() and noun.split()[0] != noun.split()[-1] else (
                noun[:1].lower() + noun[1:])
        if cand.type == "commission_session":
            noun = "commission session"
        who = [n for n in persons or names if n not in {self.ents.names.get(k) for k in inside}]
        if len(who) >= 2 and cand.type in ("meeting", "talks", "summit"):
            label = f"{'–'.join(who[:2])} {noun}"
        elif who:
            label = f"{who[0]}'s {noun}"
        else:
            label = noun
        if cand.location:
            label += f" {'to' if cand.type == 'visit' else 'in'} {cand.location}"
        return label[:1].upper() + label[1:]


@functools.lru_cache(maxsize=256)
def _gazetteer_country(place: str) -> str | None:
    """Key of the country whose name or capital ``place`` is, when the gazetteer knows it."""
    try:
        from kg.gazetteer import default_gazetteer

        entry = default_gazetteer().country(place)
    except KgError:
        return None
    return entry.key if entry else None


# -- merging ---------------------------------------------------------------------------------


def _compatible(a: _Candidate, b: _Candidate) -> bool:
    if a.type != b.type:
        return False
    if a.type == "other" and _family(a) != _family(b):
        return False  # a war and an attack are both 'other' but never one event
    if a.start_date and b.start_date and a.start_date != b.start_date:
        return False
    if a.name and b.name and _fold(a.name) != _fold(b.name):
        return not _distinct_names(a.name, b.name)
    if a.location and b.location:
        la, lb = _fold(a.location), _fold(b.location)
        same_country = a.place_country is not None and a.place_country == b.place_country
        return la in lb or lb in la or same_country
    return True


def _family(cand: _Candidate) -> str:
    """The trigger word without plural: 'attacks' and 'attack' tell the same kind of event."""
    lemma = cand.head.lemma_.lower()
    return {"conflict": "war", "airstrike": "strike"}.get(lemma, lemma)


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _distinct_names(a: str, b: str) -> bool:
    ta, tb = set(_fold(a).split()), set(_fold(b).split())
    return not (ta <= tb or tb <= ta)


def _same_event(cluster: list[_Candidate], cand: _Candidate) -> bool:
    """Whether ``cand`` tells the event ``cluster`` already holds."""
    if not all(_compatible(c, cand) for c in cluster):
        return False
    first = cluster[0]
    if cand.start_date and any(c.start_date == cand.start_date for c in cluster):
        return True
    if cand.name and any(c.name and not _distinct_names(c.name, cand.name) for c in cluster):
        return True
    placed = cand.location is None or any(c.location for c in cluster) or not first.name
    bare = not cand.name and not cand.anchored
    if bare and not cand.start_date and cand.definite and placed:
        return True  # 'the summit', 'the visit': the last one of that type
    if bare and not cand.location:
        return True  # 'negotiations ... today': a later, barer mention of the same event
    shared = set(cand.anchored) & {k for c in cluster for k in c.anchored}
    shared_persons = cand.anchored_persons & {k for c in cluster for k in c.anchored_persons}
    if (shared_persons or len(shared) >= 2) and (not cand.name or not first.name):
        return True
    return bool(cand.location and any(c.location == cand.location for c in cluster))


def _merge(cands: list[_Candidate], country_keys: set[str]) -> list[list[_Candidate]]:
    clusters: list[list[_Candidate]] = []
    for cand in cands:
        for cluster in reversed(clusters):
            if _same_event(cluster, cand):
                cluster.append(cand)
                break
        else:
            clusters.append([cand])
    kept = [c for c in clusters if any(m.specific for m in c)]
    return _absorb_talks(kept, country_keys)


def _absorb_talks(
    clusters: list[list[_Candidate]], country_keys: set[str]
) -> list[list[_Candidate]]:
    """Talks between the same two persons as a meeting are that meeting ('held talks with')."""
    meetings = [c for c in clusters if c[0].type == "meeting"]
    out: list[list[_Candidate]] = []
    for cluster in clusters:
        host = None
        if cluster[0].type == "talks":
            persons = {k for m in cluster for k in m.anchored if k not in country_keys}
            for meeting in meetings:
                theirs = {k for m in meeting for k in m.anchored if k not in country_keys}
                dates = {m.start_date for m in [*meeting, *cluster] if m.start_date}
                if len(persons & theirs) >= 2 and len(dates) <= 1:
                    host = meeting
                    break
        if host is None:
            out.append(cluster)
        else:
            host.extend(cluster)
    return out


# -- public API ------------------------------------------------------------------------------


def _mention(text: str, start_char: int, end_char: int) -> Mention:
    return Mention(start=start_char, end=end_char, text=text[start_char:end_char])


def find_events(
    doc: Doc, article: Article, persons: list[Person], countries: list[Country]
) -> list[Event]:
    """The specific events ``article`` tells of, merged within the article, in text order."""
    finder = _Finder(doc, article, persons, countries)
    clusters = _merge(finder.candidates(), finder.country_keys)
    country_keys = frozenset(finder.country_keys)
    text = article.text
    events: dict[str, Event] = {}
    for cluster in clusters:
        own = [m for m in cluster if m.type == cluster[0].type]
        rep = next((m for m in own if m.name), None) or next(
            (m for m in own if m.specific), own[0]
        )
        start_date = next((m.start_date for m in cluster if m.start_date), None)
        end_date = next((m.end_date for m in cluster if m.start_date == start_date), None)
        location = next((m.location for m in cluster if m.location), None)
        participants = list(dict.fromkeys(k for m in cluster for k in m.participants))
        trigger_span = doc[rep.start : rep.end]
        event_type: EventType = rep.type  # type: ignore[assignment]
        event = Event(
            key="",
            name=rep.label or rep.head.text,
            type=event_type,
            start_date=start_date,
            end_date=end_date,
            location=location,
            location_country=finder.location_country(location) if location else None,
            participants=participants,
            trigger=_mention(text, trigger_span.start_char, trigger_span.end_char),
            sentence=_mention(text, rep.sent.start_char, rep.sent.end_char),
            confidence=0.9 if (rep.name or start_date) else 0.7,
        )
        event.key = event_key(event, country_keys)
        if event.key in events:  # same identity: one event told twice
            kept = events[event.key]
            kept.participants = list(dict.fromkeys([*kept.participants, *participants]))
            continue
        events[event.key] = event
    return list(events.values())


def event_key(event: Event, country_keys: Iterable[str] | None = None) -> str:
    """Identity of an event across articles.

    Dated: ``type:start-date:place`` where place is the location's country, else the sorted
    country participants (all participants when ``country_keys`` is not given). Two articles
    that date the same visit to India get the same key. Undated: ``type:countries:head`` where
    head is the folded proper name, else the sorted person participants.
    """
    keys = set(country_keys) if country_keys is not None else None
    countries = sorted(p for p in event.participants if keys is None or p in keys)
    others = sorted(p for p in event.participants if keys is not None and p not in keys)
    if event.start_date:
        place = event.location_country or "+".join(countries) or "-"
        return f"{event.type}:{event.start_date.isoformat()}:{place}"
    proper = _fold(event.name).replace(" ", "-") if event.name else ""
    head = proper if proper else "+".join(others)
    return f"{event.type}:{'+'.join(countries) or '-'}:{head or '-'}"


_WORD = re.compile(r"[\w’'-]+")
OCCASION_WINDOW = 7  # words between a cue ('at', 'told') and the occasion noun


def _occasion_type(words: list[str], lex: Lexicon, cues: list[tuple[str, ...]]) -> str | None:
    """Type of the occasion a sentence names: 'at a meeting with' -> 'meeting'."""
    for i in range(len(words)):
        cue = next((c for c in cues if tuple(words[i : i + len(c)]) == c), None)
        if cue is None:
            continue
        window = words[i + len(cue) : i + len(cue) + OCCASION_WINDOW]
        for j, word in enumerate(window):
            pair = tuple(window[j : j + 2])
            found = next((t for p, t in lex.phrases if p == pair), None)
            if word in lex.commission_nouns:
                found = "commission_session"
            found = found or lex.nouns.get(word) or lex.nouns.get(word.rstrip("s"))
            if found and found != "other":
                return found
    return None


def link_statements(
    statements: list[Statement], events: list[Event], doc: Doc
) -> list[Statement]:
    """Set ``Statement.event`` when the statement's sentence names the occasion.

    'said at a meeting with ...', 'told the summit', 'in an interview with ...': the occasion
    word's type picks the event, preferring one whose trigger lies in the same sentence, else
    the only event of that type in the article.
    """
    lex = load_lexicon()
    cues = sorted((tuple(c.split()) for c in lex.occasion_cues), key=len, reverse=True)
    text = doc.text  # built anew on every access: once here
    out: list[Statement] = []
    for st in statements:
        words = _WORD.findall(text[st.sentence.start : st.sentence.end].lower())
        event_type = _occasion_type(words, lex, cues)
        chosen = _pick_event(events, event_type, st.sentence) if event_type else None
        out.append(st.model_copy(update={"event": chosen.key}) if chosen else st)
    return out


def _pick_event(events: list[Event], event_type: str, sentence: Mention) -> Event | None:
    typed = [e for e in events if e.type == event_type]
    if event_type == "meeting":
        typed += [e for e in events if e.type == "commission_session"]
    inside = [
        e for e in typed
        if sentence.start <= e.trigger.start < sentence.end
        or (e.sentence.start < sentence.end and sentence.start < e.sentence.end)
    ]
    if inside:
        return inside[0]
    return typed[0] if len(typed) == 1 else None

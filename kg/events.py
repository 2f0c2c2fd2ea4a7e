"""Events: specific summits, visits, talks, exercises, signings, wars... found in one article.

A trigger word from ``kg/data/event_triggers.json`` proposes an event; it is kept only when the
text pins it down: a proper name ("BRICS summit"), a day, a place, or named parties attached to
it ("Putin's visit", "talks with Modi"). Generic mentions ("regular meetings", "summits are held
annually") are dropped. Mentions of the same event in one article are merged, and a visit and
the summit held during it stay two events (their types differ).

This module finds the candidates and their arguments and builds the ``Event`` models; the
trigger lexicon is ``kg.event_lexicon``, the parse-tree helpers ``kg.event_syntax``, event names
``kg.event_names``, entity and pronoun lookup ``kg.event_arguments`` and merging
``kg.event_merge``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from kg.countries import place_words
from kg.dates import MONTHS, find_dates
from kg.errors import KgError
from kg.event_arguments import PAIR_PERSON_NOUNS, PRONOUNS, EntityIndex, is_pair_phrase
from kg.event_lexicon import EventLexiconError, Lexicon, load_lexicon
from kg.event_merge import Candidate, merge
from kg.event_names import (
    commission_name,
    fold,
    is_named_token,
    left_modifiers,
    proper_name,
    strip_det,
)
from kg.event_syntax import (
    CLAUSE_DEPS,
    OTHER_CLAUSE_DEPS,
    PLACE_ENTS,
    SUBJECT_DEPS,
    commission_of,
    dated_chain,
    entity_span,
    governing_verb,
    has_time,
    has_year,
    inside_name,
    is_past,
    match_triggers,
    near_preps,
    phrase,
    place_in,
    subjects,
    superseded,
    takes_verb_date,
    verb_chain,
)
from kg.models import Article, Country, Event, EventType, Mention, Person, Statement

__all__ = ["EventLexiconError", "event_key", "find_events", "link_statements", "load_lexicon"]

PERSONAL_TYPES = {"visit", "meeting", "interview", "talks"}
OCCASION_PREPS = {"in", "at", "during", "to"}  # 'take part in', 'speak at', 'travel to'
TOPIC_PREPS = {"of", "about", "over", "regarding", "concerning"}  # 'said of the talks'

DEFINITE = {"the", "this", "that"}
# The noun that names the act of an 'other' verb trigger in a built label.
VERB_NOUNS = {"commission": "commissioning", "induct": "induction", "test-fire": "test-firing",
              "fire": "firing", "inaugurate": "inauguration"}
# The noun that names an event of each type in a built label.
TYPE_NOUNS: dict[str, str] = {
    "summit": "summit", "visit": "visit", "meeting": "meeting", "talks": "talks",
    "forum": "forum", "commission_session": "commission session",
    "news_conference": "news conference", "interview": "interview", "exercise": "exercise",
    "signing": "signing", "delivery": "delivery", "other": "event",
}


def _in_place_phrase(token: Token, head: Token) -> bool:
    """'talks in Moscow amid the war': Moscow is where the talks are, no party to the war."""
    for a in [token, *token.ancestors]:
        if a is head:
            return False
        if a.dep_ == "pobj" and a.head.lower_ in ("in", "at"):
            return True
    return False


def _is_generic(cand: Candidate, lex: Lexicon) -> bool:
    """'regular meetings', 'future talks', 'summits are held annually': not one occurrence."""
    head = cand.head
    if head.pos_ == "VERB":
        return any(c.dep_ == "neg" for c in head.children)
    for child in head.children:
        if child.lower_ in lex.generic_modifiers and child.dep_ in (
            "amod", "det", "predet", "compound"
        ) and not _most_recent(child):
            return True
    if (head.dep_ == "dobj" and head.head.lemma_.lower() in lex.topic_verbs
            and not cand.name and cand.type != "other"):
        return True  # 'met to discuss S-400 deliveries': a topic, not an occurrence
    plural = head.tag_ in ("NNS", "NNPS") and cand.end - cand.start == 1
    if plural and head.lower_ not in lex.inherently_plural:
        return True
    for verb in verb_chain(head, cand.sent.start)[:1]:
        if any(c.lower_ in lex.generic_adverbs for c in verb.subtree):
            return True
    return False


def _most_recent(token: Token) -> bool:
    """'the most recent missile launch', 'the recent coup in Niger': one occurrence, unlike
    'recent launches'."""
    if token.lower_ != "recent":
        return False
    head = token.head
    return any(c.lower_ == "most" for c in token.children) or (
        head.tag_ in ("NN", "NNP") and any(c.lower_ == "the" for c in head.children))


class _Finder:
    """Builds candidates for one article; holds the per-article lookups."""

    def __init__(
        self, doc: Doc, article: Article, persons: list[Person], countries: list[Country]
    ) -> None:
        self.doc = doc
        self.article = article
        self.lex = load_lexicon()
        self.ents = EntityIndex.build(persons, countries)
        self.country_keys = {c.key for c in countries}
        self.countries = countries
        self._trigger_heads: set[int] = set()  # every trigger word of the sentence
        self._war_heads: set[int] = set()  # the party-only ones ('war', 'attack')
        self._title_names: dict[str, str] | None = None
        self._trigger_cache: dict[tuple[int, int], list[tuple[str, int, int, Token]]] = {}

    def _triggers(self, sent: Span) -> list[tuple[str, int, int, Token]]:
        """The trigger words of a sentence, found once."""
        key = (sent.start, sent.end)
        if key not in self._trigger_cache:
            self._trigger_cache[key] = list(match_triggers(sent, self.lex))
        return self._trigger_cache[key]

    def title_name(self, head: Token) -> str | None:
        """The proper name the headline gives an event of this trigger word ('Key takeaways
        from NATO summit' names 'the summit' of the body)."""
        if self._title_names is None:
            # names the headline gives, unless the body names an event of that word itself
            # ('NATO exercise' in the headline, 'the Griffin Shock exercise' in the body)
            self._title_names = {}
            body_named: set[str] = set()
            body = self.article.body_start
            for sent in self.doc.sents:
                for _, start, end, trigger in self._triggers(sent):
                    if trigger.pos_ == "VERB":
                        continue
                    name = proper_name(trigger, start, end, self.ents, self.lex)
                    lemma = trigger.lemma_.lower()
                    if name and trigger.idx >= body:
                        body_named.add(lemma)
                    elif name and lemma not in self._title_names:
                        self._title_names[lemma] = name
            for lemma in body_named:
                self._title_names.pop(lemma, None)
        return self._title_names.get(head.lemma_.lower())

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        body = self.article.body_start
        for sent in self.doc.sents:
            if sent.end_char <= body:
                continue
            if sent.start_char < body:  # the parser may glue the title to the first sentence
                clipped = self.doc.char_span(body, sent.end_char, alignment_mode="expand")
                if clipped is None or len(clipped) == 0:
                    continue
                sent = clipped
            triggers = self._triggers(sent)
            self._trigger_heads = {h.i for _, _, _, h in triggers}
            self._war_heads = {h.i for _, _, _, h in triggers if self._party_only(h)}
            for event_type, start, end, head in triggers:
                if inside_name(head, start, self.lex):
                    continue
                for cand in self._split(self._candidate(event_type, start, end, head, sent)):
                    if cand.location:
                        cand.place_country = self.location_country(cand.location)
                    found.append(cand)
        return found

    def _split(self, cand: Candidate | None) -> list[Candidate]:
        """'the G20 and COP26 summits' -> one candidate per coordinated proper name."""
        if cand is None:
            return []
        if cand.type == "commission_session":
            return [cand]  # 'the X Commission on Military and Technical Cooperation meeting'
        parts = [
            m for m in cand.head.lefts
            if m.dep_ in ("compound", "nmod", "amod") and is_named_token(m, self.ents)
            and any(c.dep_ == "conj" for c in m.children)
        ]
        if not parts:
            return [cand]
        first = parts[0]
        names = [first, *(c for c in first.children if c.dep_ == "conj")]
        out = []
        for token in names:
            if not is_named_token(token, self.ents):
                return [cand]
            copy = dataclasses.replace(cand, name=f"{token.text} {cand.head.text}")
            copy.label = copy.name
            out.append(copy)
        return out

    def _candidate(
        self, event_type: str, start: int, end: int, head: Token, sent: Span
    ) -> Candidate | None:
        lex = self.lex
        cand = Candidate(event_type, head, start, end, sent)
        if head.pos_ == "VERB":
            return self._verb_candidate(cand)
        commission = None
        if event_type in ("meeting", "commission_session"):
            commission = commission_of(head, lex)
            if commission is not None:
                cand.type = "commission_session"
            elif event_type == "commission_session":
                return None  # a 'session' of anything else
        if _is_generic(cand, lex):
            return None
        excluded = lex.exclusions.get(head.lemma_.lower(), frozenset())
        if any(c.lower_ in excluded for c in head.children):
            return None  # 'a call for restraint' is no phone call
        cand.name = proper_name(head, start, end, self.ents, lex)
        if commission is not None and commission.text[:1].isupper():
            cand.name = commission_name(head, commission)
        if cand.name is None and head.tag_ == "NN" and any(
                c.dep_ == "det" and c.lower_ == "the" for c in head.children) and not any(
                c.dep_ in ("amod", "compound", "poss", "nmod") for c in head.children):
            cand.name = self.title_name(head)  # 'the summit' of the headline's 'NATO summit'
        lemma = head.lemma_.lower()
        tied = self._tied_participants(head, cand.type)
        if lemma in lex.name_only and not cand.name and not tied:
            return None
        cand.anchored = tied
        cand.definite = any(
            (c.dep_ == "det" and c.lower_ in DEFINITE)
            or (c.dep_ == "poss" and c.lower_ in PRONOUNS)
            for c in head.children
        )
        preps = ("in", "at", "to") if event_type == "visit" else ("in", "at")
        cand.location = place_in(near_preps(head), preps) or place_in(
            [p for c in head.children if c.dep_ in ("relcl", "acl")
             and c.lemma_.lower() in ("take", "hold") for p in c.children], ("in", "at"))
        if cand.location is None and cand.type != "visit" and head.dep_ == "pobj" and (
                head.head.lower_ == "for"):
            # 'sent a delegation to Jeddah for ceasefire talks', 'flew to Delhi for a summit'
            cand.location = place_in(head.head.head.children, ("to", "in"))
        own = self._own_tokens(head)
        self._fill_date(cand, own)
        cand.month = next((MONTHS[t.lower_.rstrip(".")] for t in own if t.ent_type_ == "DATE"
                           and t.text[:1].isupper() and t.lower_.rstrip(".") in MONTHS
                           and not superseded(t)), None)
        self._fill_participants(cand)
        # 'attacks on infrastructure in Ukraine': a bare plural war word placed only by a
        # country is a kind of act, not one event
        bare_plural = (self._party_only(head) and head.tag_ == "NNS" and not tied
                       and not any(c.dep_ in ("det", "poss") for c in head.children))
        placed = bool(cand.location) and not bare_plural
        cand.specific = bool(
            cand.name or cand.start_date or placed or tied or self._named_target(cand)
            or has_year(head) or self._held_at_a_time(head)
        )
        cand.label = cand.name or self._label(cand)
        return cand

    def _verb_candidate(self, cand: Candidate) -> Candidate | None:
        """'Putin visited India', 'Modi met Xi', 'they signed a deal', 'Russia delivered ...'."""
        lex, verb = self.lex, cand.head
        lemma = verb.lemma_.lower()
        if _is_generic(cand, lex):
            return None
        children = list(verb.children)
        doers = subjects(verb)
        objects = [c for c in children if c.dep_ in ("dobj", "attr")]
        if any(c.dep_ == "auxpass" for c in children) or (
                verb.dep_ == "acl" and verb.tag_ == "VBN"):
            # 'the agreement was signed by X', 'the agreement inked on Dec 6': the passive
            # subject or the noun the participle describes is the object
            objects += [s for s in doers if s.dep_ == "nsubjpass"]
            if verb.dep_ == "acl":
                objects.append(verb.head)
            doers = [s for s in doers if s.dep_ == "agent"]
        needs = lex.verb_objects.get(lemma)
        if needs and not objects and any(s.lemma_.lower() in needs for s in doers):
            objects, doers = doers, []  # 'the agreement inked on Dec 6', parsed as active
        if needs is not None:
            preps = {c.lower_ for c in children if c.dep_ == "prep"}
            heads = {o.lemma_.lower() for o in objects} | {o.lower_ for o in objects}
            if not (needs & preps or needs & heads):
                return None
        subject_keys = [k for s in doers for k in self._keys_of(s)]
        by_person = any(k not in self.country_keys for k in subject_keys)
        if cand.type in PERSONAL_TYPES and not by_person:
            return None  # visits, meetings and interviews are made by persons
        # 'the first batch was delivered to Turkey': the receiver is a party
        receivers = [k for c in children if c.dep_ == "prep" and c.lower_ == "to"
                     for k in self._keys_in(c)] if cand.type == "delivery" else []
        if needs is None and not subject_keys and not receivers:
            return None
        cand.anchored = list(dict.fromkeys(subject_keys + [
            k for o in objects for k in self._keys_of(o)
        ] + [
            k for c in children if c.dep_ == "prep" and c.lower_ in ("with", "between")
            for k in self._keys_in(c)
        ] + receivers))
        if cand.type == "visit":
            place = next((o for o in objects if o.ent_type_ in PLACE_ENTS), None)
            if place is not None:
                ent = entity_span(place)
                cand.location = strip_det(ent.text if ent is not None else place.text)
            else:
                cand.location = place_in(children, ("to", "in"))
            if cand.location is None:
                return None
        elif cand.type in ("meeting", "interview") and not self._enough_parties(cand):
            return None
        else:
            cand.location = place_in(children, ("in", "at"))
        self._fill_date(cand, [t for c in children if c.dep_ not in CLAUSE_DEPS
                               for t in self._own_tokens(c)])
        self._fill_participants(cand)
        if not (cand.anchored or cand.start_date or cand.location):
            return None
        # 'states that have signed treaties': no occasion; 'India signed an agreement with
        # Russia': one, though undated
        # 'the UAE has signed a deal for 80 jets': one deal ('the agreement was signed by X'
        # tells again a deal already told)
        one_deal = any(o.tag_ in ("NN", "NNP") for o in objects) and (
            len(cand.anchored) >= 2 or (cand.anchored and cand.type == "signing" and any(
                c.dep_ == "det" and c.lower_ in ("a", "an") for o in objects
                for c in o.children)))
        timed = cand.type not in ("signing", "delivery") or cand.start_date or has_time(verb)
        if not (timed or one_deal):
            return None
        cand.specific = True
        cand.label = self._label(cand)
        return cand

    def _held_at_a_time(self, head: Token) -> bool:
        """'Last year we held joint exercises': a light verb with a time makes it one event."""
        verb = head.head
        if head.dep_ != "dobj" or verb.lemma_.lower() not in self.lex.light_verbs:
            return False
        return has_time(verb, self.lex.generic_adverbs)

    def _named_target(self, cand: Candidate) -> bool:
        """'strikes on Houthi targets', 'attacks against Kyiv': an attack with a named target."""
        if cand.type != "other":
            return False
        for prep in cand.head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("on", "against"):
                for t in prep.subtree:
                    if _in_place_phrase(t, prep):
                        continue  # 'attacks on infrastructure in Ukraine': no named target
                    if t.pos_ == "PROPN" or self.ents.at_token(t) or t.ent_type_ in PLACE_ENTS:
                        return True
        return False

    def _enough_parties(self, cand: Candidate) -> bool:
        """A meeting needs two parties, an interview a person."""
        if cand.type == "meeting":
            return len(cand.anchored) >= 2
        return any(k not in self.country_keys for k in cand.anchored)

    # -- arguments -----------------------------------------------------------------------------

    def _keys_of(self, token: Token) -> list[str]:
        """Entities a noun phrase names, resolving 'he'/'his' to the person meant."""
        if token.lower_ in PRONOUNS:
            key = self.ents.antecedent(token)
            return [key] if key else []
        if token.lower_ in ("who", "that") and token.head.dep_ == "relcl" and (
                token.head.lemma_.lower() in ("make", "pay", "undertake", "conduct", "hold")):
            return self._keys_of(token.head.head)  # 'Blinken, who made a visit to Kyiv'
        if token.dep_ in SUBJECT_DEPS and token.lower_ in PAIR_PERSON_NOUNS and is_pair_phrase(
                token):
            return self.ents.pair_before(token)  # 'the two leaders met'
        keys: list[str] = []
        for t in phrase(token):
            key = self.ents.at_token(t)
            if key:
                keys.append(key)
        return list(dict.fromkeys(keys))

    def _keys_in(self, prep: Token) -> list[str]:
        return [k for obj in prep.children for k in self._keys_of(obj)]

    def _tied_participants(self, head: Token, event_type: str) -> list[str]:
        """Parties syntactically tied to a noun trigger: possessor, modifiers, with/between."""
        keys: list[str] = []
        # 'X's participation in the session': X takes part
        if head.dep_ == "pobj" and head.head.head.lemma_.lower() in self.lex.attendance_nouns:
            for child in head.head.head.children:
                if child.dep_ == "poss":
                    keys += self._keys_of(child)
        for child in head.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < head.i:
                keys += self._keys_of(child)
            elif child.dep_ == "prep" and child.lower_ in ("with", "between", "of", "against"):
                keys += self._keys_in(child)
            elif child.dep_ == "acl" and child.lemma_.lower() in self.lex.occasion_verbs:
                # 'a fly-past attended by X', 'the summit hosted by India'
                keys += [k for a in child.children if a.dep_ == "agent"
                         for k in self._keys_in(a)]
        # 'X said in an interview', 'X said at a news conference': X gave it
        speech = head.lemma_.lower() == "interview" or event_type == "news_conference"
        if speech and (head.dep_ == "pobj" or (
                head.dep_ == "dobj" and head.head.lemma_.lower() in ("tell", "address"))):
            verb = governing_verb(head)
            if verb is not None:
                for subj in subjects(verb):
                    keys += [k for k in self._keys_of(subj) if k not in self.country_keys]
        # the subject of 'hold talks', 'attend the summit', 'take part in the drill' (but not
        # 'held talks amid the war')
        if head.dep_ == "dobj" or (head.dep_ == "pobj" and head.head.lower_ in OCCASION_PREPS):
            verb = head.head if head.dep_ == "dobj" else head.head.head
            if verb.pos_ == "VERB" and verb.lemma_.lower() in self.lex.light_verbs:
                for subj in verb.children:
                    if subj.dep_ in SUBJECT_DEPS:
                        keys += self._keys_of(subj)
        return list(dict.fromkeys(keys))

    def _fill_participants(self, cand: Candidate) -> None:
        """Persons and countries of the trigger's clause, with the tied parties first."""
        keys = list(cand.anchored)
        cand.anchored_persons = {k for k in cand.anchored if k not in self.country_keys}
        for token in self._clause_tokens(cand):
            key = self.ents.at_token(token)
            if key and key in self.country_keys and _describes_place(token) and (
                    cand.type != "visit"):
                continue  # 'met in the Chinese city of Tianjin': where, not who (a visit's
                # host country is a party: 'his trip to the American capital')
            if key:
                keys.append(key)
            elif token.lower_ in PRONOUNS and token.dep_ in ("poss", *SUBJECT_DEPS):
                resolved = self.ents.antecedent(token)
                if resolved:
                    keys.append(resolved)
            elif token.dep_ in SUBJECT_DEPS and is_pair_phrase(token):
                keys += self.ents.pair_before(token)  # 'the two leaders met
        if cand.location:
            keys += self._location_keys(cand.location)
        cand.participants = list(dict.fromkeys(keys))

    def _clause_tokens(self, cand: Candidate) -> list[Token]:
        """The tokens whose persons and countries take part in the event.

        The clause the trigger sits in, without the clauses and wars it does not contain
        ('... and paid tribute to Gandhi', 'amid the Ukraine war'). A trigger that is the
        subject of an ordinary verb ('the visit comes after a clash with China') keeps to its
        own phrase, and a war takes only the countries of its clause, never the persons who
        talk about it.
        """
        head = cand.head
        verb = head.head
        if head.dep_ == "nsubj" and verb.lemma_.lower() not in self.lex.light_verbs:
            return phrase(head)
        if self._stance_object(head):
            return phrase(head)  # 'China will frown on the drills': China is no party
        if head.dep_ == "pobj" and verb.lower_ in TOPIC_PREPS and verb.head.pos_ == "VERB":
            return phrase(head)  # 'Price said of Monday's talks': the speaker is no party
        party_only = self._party_only(head)
        chain = verb_chain(head, cand.sent.start, through_relcl=party_only)
        # a verb trigger's clause is its own ('he issued a reminder that Putin would visit
        # India'); its subject, even one it borrows, is already among the tied parties
        scope = head if head.pos_ == "VERB" else chain[-1] if chain else head
        above = {a.i for a in head.ancestors}
        others = self._war_heads - {head.i}  # 'amid the Ukraine war': not the talks' party
        tokens = []
        stack = [scope]
        while stack:
            token = stack.pop()
            if token is not scope and token is not head and token.i not in above and (
                token.i in others or (token.dep_ in OTHER_CLAUSE_DEPS and (
                    token.dep_ != "conj" or token.pos_ in ("VERB", "AUX")))
            ) and not (token.head is head and token.dep_ == "acl" and token.tag_ == "VBN"):
                continue  # a clause or another event the trigger is not part of ('the summit
                # hosted by India' keeps its participle)
            tokens.append(token)
            stack.extend(token.children)
        tokens.sort(key=lambda t: t.i)
        if party_only:  # speakers are no party to the war they talk about, nor are places
            tokens = [t for t in tokens if self.ents.at_token(t) in self.country_keys
                      and not _in_place_phrase(t, head)]
        return tokens

    def _stance_object(self, head: Token) -> bool:
        """'frown on the drills', 'condemned the launch', 'warned against the talks'."""
        if head.dep_ == "dobj":
            verb = head.head
        elif head.dep_ == "pobj" and head.head.dep_ == "prep":
            verb = head.head.head
        else:
            return False
        return verb.pos_ == "VERB" and verb.lemma_.lower() in self.lex.stance_verbs

    def _party_only(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lex.party_only or token.lower_ in self.lex.party_only

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

    def _own_tokens(self, head: Token) -> list[Token]:
        """The trigger's phrase, without purpose clauses and the phrases of other events.

        'a visit to attend the parade on June 24': June 24 is the parade's day, not the visit's.
        """
        out = []
        for token in head.subtree:
            inside = [token, *token.ancestors]
            inside = inside[: inside.index(head)]
            if not any(
                (a.i in self._trigger_heads and a.dep_ != "conj")
                or (a.dep_ in ("acl", "advcl", "relcl") and any(
                    c.tag_ == "TO" for c in a.children))
                for a in inside
            ):
                out.append(token)
        return out

    def _fill_date(self, cand: Candidate, near: list[Token]) -> None:
        """Start and end day from the trigger's phrase, else from the verbs governing it."""
        sent = cand.sent
        future = self._is_future(cand)
        dates = find_dates(sent.text, self.article.date, future)
        if not dates:
            return
        near_ids = {t.i for t in near}
        # 'the transcript of that call was released on ...': the verb's date is not the call's
        own_only = (not cand.anchored and any(
            c.dep_ == "det" and c.lower_ in ("that", "this") for c in cand.head.children
        )) or not takes_verb_date(cand.head, direct_only=self._party_only(cand.head))
        chain_ids = {v.i for v in dated_chain(verb_chain(cand.head, sent.start), self.lex)}
        best: tuple[int, int, Token] | None = None
        for index, (s, _, _, _) in enumerate(dates):
            span = self.doc.char_span(sent.start_char + s, sent.start_char + s + 1,
                                      alignment_mode="expand")
            if span is None:
                continue
            token = span[0]
            verb = governing_verb(token)
            if superseded(token):  # 'originally scheduled on May 9'
                continue
            if token.i in near_ids:
                rank = 0
            elif own_only or verb is None or verb.i not in chain_ids:
                continue
            else:
                rank = 1
            if best is None or rank < best[0]:
                best = (rank, index, token)
        if best is None:
            return
        _, index, token = best
        s, e, cand.start_date, cand.end_date = dates[index]
        if _end_bound(token):  # 'will run until April 8': the last day, not the first
            cand.start_date, cand.end_date = None, cand.end_date or cand.start_date
            return
        verb = governing_verb(token)
        if not future and verb is not None and is_past(verb):
            # 'has called the Oct. 7 attacks': a day-month after the article's date is last year's
            redone = find_dates(sent.text[s:e], self.article.date, past=True)
            if redone:
                cand.start_date, cand.end_date = redone[0][2], redone[0][3]

    def _is_future(self, cand: Candidate) -> bool:
        lex = self.lex
        for verb in verb_chain(cand.head, cand.sent.start):
            for t in [verb, *verb.children]:
                if t.lemma_.lower() in lex.future_cues or t.lower_ in lex.future_cues:
                    return True
        return any(c.lower_ in lex.future_cues for c in cand.head.children)

    def _of_names(self, head: Token) -> set[str]:
        return {self.ents.names.get(k, k) for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of" for k in self._keys_in(c)}

    def _label(self, cand: Candidate) -> str:
        """A readable name for an unnamed event: "Putin's visit to India", "Modi–Xi meeting"."""
        names = [self.ents.names.get(k, k) for k in cand.anchored]
        persons = [self.ents.names[k] for k in cand.anchored
                   if k in self.ents.names and k not in self.country_keys]
        inside: set[str] = set()
        if cand.head.pos_ == "VERB":
            noun = TYPE_NOUNS[cand.type]
            if cand.type == "other":  # 'launched a missile', 'was commissioned into the Navy'
                lemma = cand.head.lemma_.lower()
                noun = VERB_NOUNS.get(lemma, lemma)
            obj = next((c for c in cand.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is not None and cand.type in ("signing", "delivery", "other"):
                noun += f" of {' '.join(t.text for t in left_modifiers(obj))} {obj.text}"
                noun = noun.replace("  ", " ")
        else:
            mods = [t for t in left_modifiers(cand.head) if self.ents.at_token(t) is None
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
        elif who and cand.head.pos_ != "VERB" and self._party_only(cand.head) and (
                who[0] in self._of_names(cand.head)):
            label = f"{noun} of {who[0]}"  # 'the invasion of Ukraine': Ukraine is invaded
        elif who:
            label = f"{who[0]}'s {noun}"
        else:
            label = noun
        if cand.location:
            label += f" {'to' if cand.type == 'visit' else 'in'} {cand.location}"
        return label[:1].upper() + label[1:]


END_PREPS = frozenset({"until", "till", "through", "thru"})


def _end_bound(token: Token) -> bool:
    """A date that only closes a period: 'until April 8', 'up to April 8', 'through May'."""
    prep = token.head if token.dep_ == "pobj" else None
    if prep is None or prep.dep_ != "prep":
        return False
    if prep.lower_ in END_PREPS:
        return True
    return prep.lower_ == "to" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "up"


@functools.lru_cache(maxsize=256)
def _gazetteer_country(place: str) -> str | None:
    """Key of the country whose name or capital ``place`` is, when the gazetteer knows it."""
    try:
        from kg.gazetteer import default_gazetteer

        entry = default_gazetteer().country(place)
    except KgError:
        return None
    return entry.key if entry else None


# -- public API ------------------------------------------------------------------------------


def _mention(text: str, start_char: int, end_char: int) -> Mention:
    """The span without the whitespace a spaCy sentence carries at its ends."""
    while end_char > start_char and text[end_char - 1].isspace():
        end_char -= 1
    while start_char < end_char and text[start_char].isspace():
        start_char += 1
    return Mention(start=start_char, end=end_char, text=text[start_char:end_char])


def _describes_place(token: Token) -> bool:
    """A country word that only says where a place is: 'the Chinese city of Tianjin'."""
    return token.dep_ in ("amod", "compound", "nmod") and token.head.lower_ in place_words().get(
        "named", frozenset())


def find_events(
    doc: Doc, article: Article, persons: list[Person], countries: list[Country]
) -> list[Event]:
    """The specific events ``article`` tells of, merged within the article, in text order."""
    finder = _Finder(doc, article, persons, countries)
    clusters = merge(finder.candidates(), finder.country_keys)
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
    proper = fold(event.name).replace(" ", "-") if event.name else ""
    head = proper if proper else "+".join(others)
    return f"{event.type}:{'+'.join(countries) or '-'}:{head or '-'}"


_WORD = re.compile(r"[\w’'-]+")
OCCASION_WINDOW = 7  # words between a cue ('at', 'told') and the occasion noun


def _occasion_type(words: list[str], lex: Lexicon, cues: list[tuple[str, ...]]) -> str | None:
    """Type of the occasion a sentence names: 'at a meeting with' -> 'meeting'."""
    return _occasion_in(words, lex, _cue_index(cues), _phrase_index(lex))


def _cue_index(cues: list[tuple[str, ...]]) -> tuple[dict[str, list[tuple[str, ...]]], bool]:
    """The cues by first word, each list in the order of ``cues``; and whether '' is a cue."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        if cue:
            by_first.setdefault(cue[0], []).append(cue)
    return by_first, () in cues


def _phrase_index(lex: Lexicon) -> dict[tuple[str, ...], str]:
    """Two-word phrase -> event type, the first listed phrase winning."""
    phrases: dict[tuple[str, ...], str] = {}
    for words, event_type in lex.phrases:
        phrases.setdefault(words, event_type)
    return phrases


def _occasion_in(
    words: list[str], lex: Lexicon,
    cue_index: tuple[dict[str, list[tuple[str, ...]]], bool],
    phrases: dict[tuple[str, ...], str],
) -> str | None:
    by_first, empty_cue = cue_index
    for i, first in enumerate(words):
        cue = next((c for c in by_first.get(first, ()) if tuple(words[i : i + len(c)]) == c),
                   () if empty_cue else None)
        if cue is None:
            continue
        window = words[i + len(cue) : i + len(cue) + OCCASION_WINDOW]
        for j, word in enumerate(window):
            found = phrases.get(tuple(window[j : j + 2]))
            if word in lex.commission_nouns:
                found = "commission_session"
            found = found or lex.nouns.get(word) or lex.nouns.get(word.rstrip("s"))
            if found and found != "other":
                return found
    return None


def link_statements(statements: list[Statement], events: list[Event]) -> list[Statement]:
    """Set ``Statement.event`` when the statement's sentence names the occasion.

    'said at a meeting with ...', 'told the summit', 'in an interview with ...': the occasion
    word's type picks the event, preferring one whose trigger lies in the same sentence, else
    the only event of that type in the article.
    """
    lex = load_lexicon()
    cues = sorted((tuple(c.split()) for c in lex.occasion_cues), key=len, reverse=True)
    cue_index, phrases = _cue_index(cues), _phrase_index(lex)
    out: list[Statement] = []
    for st in statements:
        words = _WORD.findall(st.sentence.text.lower())
        event_type = _occasion_in(words, lex, cue_index, phrases)
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

"""Dependency-tree helpers for events: trigger words, the verbs above them, their subjects,
the days and places the tree ties to them. They know the parse, not the article's entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

from kg.event_lexicon import Lexicon

PLACE_ENTS = {"GPE", "LOC", "FAC"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "parataxis", "conj", "csubj"}
YEAR = re.compile(r"(?:1[89]|20)\d\d")
YEAR_DEPS = {"compound", "nummod", "amod", "nmod", "npadvmod", "prep"}
# Prepositions through which a noun trigger shares its verb's day ('spoke at the summit on
# Monday', 'said on Monday after talks'), and nouns through which it shares theirs ('on the
# sidelines of the summit').
DATE_PREPS = {"at", "during", "in", "on", "within", "throughout", "after", "following"}
SPAN_NOUNS = {"sidelines", "sideline", "margins", "margin", "course", "opening", "start", "round",
              "stage", "phase",
              "beginning"}
PHRASE_SKIP = {"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "agent"}
# Clauses whose persons and countries are not an event's parties unless the trigger is in them.
OTHER_CLAUSE_DEPS = {
    "ccomp", "relcl", "advcl", "acl", "xcomp", "conj", "parataxis", "csubj", "pcomp",
}


def phrase(token: Token) -> list[Token]:
    """The noun phrase under ``token`` without its relative and other clauses."""
    out = [token]
    for child in token.children:
        if child.dep_ not in PHRASE_SKIP:
            out += phrase(child)
    return sorted(out, key=lambda t: t.i)


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` (itself when it is a verb)."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def verb_chain(token: Token, floor: int = 0, through_relcl: bool = False) -> list[Token]:
    """Verbs that govern ``token`` without crossing a reported-speech boundary (ccomp).

    A relative clause is a boundary too ('the visit, during which he will hold talks': the
    visit's day is not the talks'), unless ``through_relcl``. Verbs before token index
    ``floor`` (a headline glued to the first sentence) are left out.
    """
    stops = {"ccomp", "ROOT", "parataxis", "conj"} | (set() if through_relcl else {"relcl"})
    chain: list[Token] = []
    verb = governing_verb(token)
    while verb is not None and verb.i >= floor and len(chain) < 4:
        chain.append(verb)
        if verb.dep_ in stops or verb.head is verb:
            break
        verb = governing_verb(verb.head)
    return chain


def dated_chain(chain: list[Token], lex: Lexicon) -> list[Token]:
    """The verbs whose day is the event's: the chain up to a clause set apart in time.

    'came on Tuesday, six weeks after India signed': Tuesday is not the signing's day; 'agreed
    yesterday to resume talks': yesterday is the day of the decision, not of the talks.
    """
    out = []
    for verb in chain:
        if out and out[-1].dep_ == "xcomp" and verb.lemma_.lower() in lex.decision_verbs:
            break
        out.append(verb)
        if verb.dep_ == "advcl" and any(
            (c.dep_ == "mark" and c.lower_ in ("before", "since", "until", "till"))
            or (c.dep_ == "npadvmod" and c.ent_type_ == "DATE")
            for c in verb.children
        ):
            break
    return out


def subjects(verb: Token) -> list[Token]:
    """The verb's subjects; an xcomp borrows its governor's, a relative 'who' its noun's."""
    for _ in range(3):
        found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if found:
            return [c.head.head if c.lower_ in ("who", "that", "which") and
                    c.head.dep_ == "relcl" else c for c in found]
        if verb.dep_ == "pcomp" and verb.head.lower_ == "as":  # 'quoted X as saying'
            objects = [c for c in verb.head.head.children if c.dep_ == "dobj"]
            return objects or subjects(verb.head.head)
        if verb.dep_ not in ("xcomp", "conj") or verb.head is verb:
            return []
        if verb.dep_ == "xcomp":  # 'X invited Y to visit': Y visits
            objects = [c for c in verb.head.children if c.dep_ == "dobj"]
            if objects:
                return objects
        verb = verb.head
    return []


def entity_span(token: Token) -> Span | None:
    """The named-entity span covering ``token``, found from the IOB tags (no ``doc.ents``)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def match_triggers(sent: Span, lex: Lexicon) -> Iterable[tuple[str, int, int, Token]]:
    """(type, first token index, end token index, head token) for each trigger in ``sent``."""
    tokens = list(sent)
    lemmas = [t.lemma_.lower() for t in tokens]
    words = [t.lower_ for t in tokens]
    used: set[int] = set()
    for i in range(len(tokens)):
        starting = lex.phrase_starts.get(lemmas[i], ()) + lex.phrase_starts.get(words[i], ())
        for phrase, event_type in starting:
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


def inside_name(head: Token, start: int, lex: Lexicon) -> bool:
    """A trigger word inside another kind of name: 'Carrier Strike Group', 'Kohelet Forum'.

    A named war stays an event when it modifies a noun ('the Cold War years'), and a named
    forum when the sentence makes it an occasion ('on the sidelines of the X Economic Forum').
    """
    if head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i:
        # 'summit agenda', 'attack drone': the event word only modifies a noun; but 'the Cold
        # War years' refers to the war (unless in a longer name: 'the Cold War Museum')
        named_war = head.lemma_.lower() == "war" and head.text[:1].isupper()
        return not (named_war and head.head.text.islower())
    ent = entity_span(head)
    if ent is not None and ent.label_ not in ("EVENT", "DATE", "TIME"):
        if ent.end - 1 > head.i:
            return True
        if head.text[:1].isupper() and ent.label_ == "ORG":
            return not is_occasion(head, lex)
    return False


def is_occasion(head: Token, lex: Lexicon) -> bool:
    """'on the sidelines of the forum', 'during the forum', 'attended the forum'."""
    if head.dep_ == "pobj":
        prep = head.head
        if prep.lower_ == "during":
            return True
        if prep.lower_ == "of" and prep.head.lower_ in SPAN_NOUNS:
            return True
        verb = prep.head
    elif head.dep_ == "dobj":
        verb = head.head
    else:
        return False
    return verb.pos_ == "VERB" and verb.lemma_.lower() in lex.occasion_verbs


def commission_of(head: Token, lex: Lexicon) -> Token | None:
    """The commission a session or meeting belongs to: 'the 21st session of the X Commission',
    'the X Commission on Y meeting' (the parser hangs 'meeting' under the commission)."""
    for token in head.subtree:
        if token.lemma_.lower() in lex.commission_nouns:
            return token
    for token in head.ancestors:
        if token.pos_ not in ("NOUN", "PROPN", "ADP", "CCONJ"):
            break
        if token.lemma_.lower() in lex.commission_nouns:
            return token
    return None


def has_time(verb: Token, generic: Iterable[str] = ()) -> bool:
    """Whether a time expression ('in 2018', 'last week', 'on Monday') modifies ``verb``.

    Habitual times ('every year', 'annually') do not count.
    """
    times = [
        t for c in verb.children if c.dep_ not in CLAUSE_DEPS
        for t in c.subtree if t.ent_type_ in ("DATE", "TIME")
    ]
    habitual = {"every", "each", "annual", *generic}
    return bool(times) and not any(t.lower_ in habitual for t in times)


def has_year(head: Token) -> bool:
    """'the 2016 election', 'the armistice of 1953', 'talks in June 2024': a dated noun."""
    for child in head.children:
        tokens = [child] if child.dep_ != "prep" else [t for t in child.subtree if t is not child]
        if any(YEAR.fullmatch(t.text) for t in tokens if child.dep_ in YEAR_DEPS):
            return True
    return False


def superseded(token: Token) -> bool:
    """'originally scheduled on May 9': a day the event no longer takes place on."""
    verb = governing_verb(token)
    return verb is not None and any(
        c.dep_ == "advmod" and c.lower_ in ("originally", "initially", "previously")
        for c in verb.children
    )


def is_past(verb: Token) -> bool:
    """'met', 'has characterized', 'had signed': a verb telling of the past."""
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children))


def takes_verb_date(head: Token, direct_only: bool = False) -> bool:
    """Whether the day of the verb a noun trigger hangs on is the event's day.

    'held talks on Tuesday', 'said at the summit on Tuesday', 'on the sidelines of the summit':
    yes. 'arrived on Tuesday for talks', 'amid the war', 'on the second day of the visit': no.
    """
    token = head
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return True
        dep = token.dep_
        if dep in ("conj", "appos"):
            token = token.head
        elif dep in ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative"):
            return token.head.pos_ in ("VERB", "AUX")
        elif dep == "pobj":
            prep = token.head
            if prep.lower_ in DATE_PREPS and not direct_only:
                if prep.head.pos_ in ("NOUN", "PROPN"):  # 'called India a power following talks'
                    token = prep.head
                    continue
                return prep.head.pos_ in ("VERB", "AUX")
            if prep.lower_ != "of" or not (
                prep.head.lower_ in SPAN_NOUNS
                or (prep.head.lower_ in ("day", "leg") and any(
                    c.lower_ in ("first", "opening") for c in prep.head.children))
            ):
                return False
            token = prep.head
        else:
            return False
    return False


def near_preps(head: Token) -> list[Token]:
    """Prepositions attached to the trigger, or to the party it is held 'with'."""
    preps = [c for c in head.children if c.dep_ == "prep"]
    for prep in list(preps):
        if prep.lower_ in ("with", "between"):
            preps += [g for obj in prep.children for g in obj.children if g.dep_ == "prep"]
    return preps


def place_in(tokens: Iterable[Token], preps: tuple[str, ...]) -> str | None:
    """The place named by a prepositional object in ``tokens`` ('in New Delhi' -> 'New Delhi')."""
    for token in tokens:
        if token.dep_ != "prep" or token.lower_ not in preps:
            continue
        for obj in token.children:
            if obj.dep_ != "pobj":
                continue
            places = [t for t in obj.subtree if t.ent_type_ in PLACE_ENTS]
            # 'at the Australia-Japan Leaders' Meeting in Perth': Perth, not the modifier
            heads = [t for t in places if not _modifies(t)] or places
            if heads:
                ent = entity_span(heads[0])
                return strip_det(ent.text) if ent is not None else heads[0].text
    return None


def _modifies(token: Token) -> bool:
    """A place word that only modifies a noun outside its own name ('Australia-Japan talks')."""
    ent = entity_span(token)
    last = token if ent is None else ent[-1]
    inside = range(last.i + 1) if ent is None else range(ent.start, ent.end)
    return last.dep_ in ("compound", "amod", "nmod", "poss") and last.head.i not in inside


def strip_det(text: str) -> str:
    """'the BRICS summit' -> 'BRICS summit'."""
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)

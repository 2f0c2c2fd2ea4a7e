"""Names of events: the proper name a text gives one ('BRICS summit', 'Indra-2017', '21st
session of the India-Russia Inter-Governmental Commission ...') and the words that tell two
names apart.
"""

from __future__ import annotations

import re
from typing import Protocol

from spacy.tokens import Doc, Token

from kg.event_lexicon import Lexicon, load_lexicon
from kg.event_syntax import entity_span, strip_det

NAME_DEPS = {"compound", "amod", "nmod", "nummod", "npadvmod", "poss"}
ROMAN = re.compile(r"I{1,3}|IV|VI{0,3}")


PLACE_PREPS = ("in", "at", "during")


class EntityLookup(Protocol):
    """Anything that tells which person or country, if any, a token belongs to."""

    def at_token(self, token: Token) -> str | None: ...


def is_named_token(token: Token, ents: EntityLookup) -> bool:
    """A proper-name part of an event name ('BRICS', 'G20', 'Indra-2017'), not a party."""
    if ents.at_token(token) is not None or token.ent_type_ in ("DATE", "TIME", "CARDINAL"):
        return False
    if token.i == token.sent.start:
        return token.pos_ == "PROPN" and token.text.isupper()
    return token.pos_ == "PROPN" or (
        token.text[:1].isupper() and token.dep_ in ("compound", "nmod")  # 'the Vladivostok summit'
    ) or (token.text.isupper() and len(token.text) > 1)


def left_modifiers(head: Token) -> list[Token]:
    """The head's left modifiers that form a name with it, contiguous up to the head."""
    mods: list[Token] = []
    for child in reversed(list(head.lefts)):
        if child.dep_ == "punct" and child.text in ("(", ")"):
            continue  # 'the Shanghai Cooperation Organization (SCO) summit'
        if child.dep_ not in NAME_DEPS or child.dep_ == "poss":
            break
        mods = [*child.subtree, *mods] if child.dep_ in ("compound", "nmod") else [child, *mods]
    return [t for t in mods if t.dep_ != "det" and t.dep_ != "case"]


def proper_name(
    head: Token, start: int, end: int, ents: EntityLookup, lex: Lexicon
) -> str | None:
    """The event's proper name when it has one: 'BRICS summit', 'Cold War', 'Indra-2017'.

    ``start``..``end`` are the trigger's token indices. Capitalised common words ('a two-day
    State Visit') do not make a name.
    """
    doc = head.doc
    if head.ent_type_ == "EVENT":
        ent = entity_span(head)
        assert ent is not None
        return strip_det(doc[ent.start : head.i + 1].text)
    if head.i + 1 < len(doc):
        after = doc[head.i + 1]
        if after.pos_ == "PROPN" and any(ch.isdigit() for ch in after.text):
            return after.text  # 'the exercise Indra-2017'
    appos = appos_name(head, ents)
    if appos:
        return appos

    mods = left_modifiers(head)
    named = [t for t in mods if is_named_token(t, ents) and t.lower_ not in lex.generic_names]
    proper = [t for t in mods if t.text[:1].isupper() and t.lower_ not in lex.generic_names]
    head_named = bool(proper) and head.pos_ == "PROPN" and head.text[:1].isupper()
    if not named and not head_named:
        return None
    first = mods[0].i if mods else start
    if end < len(doc) and ROMAN.fullmatch(doc[end].text):
        end += 1  # 'World War II'
    return strip_det(doc[first:end].text)


def commission_name(head: Token, commission: Token) -> str:
    """'21st session of the India-Russia Inter-Governmental Commission on Military Cooperation'
    without the place ('in Moscow') or what follows the name."""
    doc = head.doc
    if commission.i > head.i:  # 'the 21st session of the X Commission on Y'
        first = min([t.i for t in left_modifiers(head)] + [head.i])
        last = commission.i
        for child in commission.rights:
            part_of_name = (child.dep_ == "prep" and child.lower_ not in PLACE_PREPS
                            ) or (child.dep_ in ("appos", "punct") and child.i == last + 1)
            if not part_of_name:
                break
            for t in child.subtree:  # up to a place: '... on Military Cooperation in Moscow'
                if t.dep_ == "prep" and t.lower_ in PLACE_PREPS:
                    break
                last = max(last, t.i)
    else:  # 'the 19th X Commission on Y (IRIGC) meeting'
        first = min([t.i for t in commission.subtree if t.dep_ != "det"] + [commission.i])
        last = head.i
    return strip_det(doc[first : last + 1].text).strip(" ,")


NAMING_VERBS = frozenset({"call", "dub", "name", "codename", "title", "know"})


def appos_name(head: Token, ents: EntityLookup) -> str | None:
    """The name set beside the trigger: 'the biennial aerospace exhibition, Aero India,', 'the
    exercises, called Balikatan,', 'the drills, dubbed Sea Breeze 2021,', 'known as X'."""
    for child in head.rights:
        name = child
        if child.dep_ == "acl" and child.lemma_.lower() in NAMING_VERBS:
            named = [c for c in child.children if c.dep_ in ("oprd", "attr", "dobj")]
            named += [o for c in child.children if c.dep_ == "prep" and c.lower_ == "as"
                      for o in c.children if o.dep_ == "pobj"]
            if not named:
                continue
            name = named[0]
        elif child.dep_ != "appos":
            continue
        if name.pos_ != "PROPN" or not name.text[:1].isupper():
            continue
        tokens = [t for t in _name_tokens(name) if t.dep_ not in ("punct", "det")]
        if any(ents.at_token(t) is None and t.pos_ == "PROPN" for t in tokens):
            return _span_text(head.doc, tokens)
    return None


def _name_tokens(name: Token) -> list[Token]:
    """The name's own words: its subtree up to the first punctuation or gloss after it
    ('Balikatan — Tagalog for shoulder-to-shoulder' -> 'Balikatan')."""
    tokens = [t for t in name.subtree if t.i <= name.i]
    for t in name.doc[name.i + 1 : name.right_edge.i + 1]:
        if t.is_punct or t.dep_ in ("appos", "relcl", "acl", "prep"):
            break
        tokens.append(t)
    return tokens


def _span_text(doc: Doc, tokens: list[Token]) -> str:
    return doc[tokens[0].i : tokens[-1].i + 1].text


def fold(text: str) -> str:
    """Lower case, runs of other characters as one space: 'Indra-2017' -> 'indra 2017'."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def proper_words(name: str) -> frozenset[str]:
    """The capitalised or numbered words of a name, hyphenated words kept whole.

    >>> sorted(proper_words("Kavkaz-2020 strategic command post exercise"))
    ['kavkaz-2020']
    """
    words = (w.strip(".,;:'’()\"").replace("–", "-").replace("—", "-") for w in name.split())
    generic = load_lexicon().generic_names
    return frozenset(
        w.lower() for w in words
        if w and (w[:1].isupper() or any(ch.isdigit() for ch in w)) and w.lower() not in generic
    )

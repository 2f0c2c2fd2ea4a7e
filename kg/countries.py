"""Countries in an article: names, short and official names, abbreviations, demonyms,
hyphenated pairs ("Indo-Russian") and capitals standing for their governments.

A capital that is only where something happened ("talks in New Delhi") does not count, nor
does a country word inside an organisation's or a place's own name ("the American University
of Kabul", "the Indian Ocean").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.entity_support import (
    QUOTES,
    SurfaceMatch,
    entity_around,
    is_capitalised,
    is_possessive,
    lexicon_lines,
    mention,
    word_set,
)
from kg.gazetteer import CountryEntry, Gazetteer
from kg.models import Article, Country

PROPER_NAME_LABELS = frozenset({"ORG", "FAC", "LOC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
DATELINE_AFTER = frozenset({":", ",", "(", "–", "—", "-", "/"})


@dataclass(frozen=True)
class CountryMention:
    """Tokens ``start:end`` of a doc name ``entry`` in the way ``form`` says."""

    start: int
    end: int
    entry: CountryEntry
    form: str


@functools.lru_cache(maxsize=1)
def place_words() -> dict[str, frozenset[str]]:
    """Kind ('verb', 'noun', 'prep', 'gov-prep', 'opener', 'list', 'named', 'feature') -> words of
    ``place_words.txt``."""
    groups: dict[str, set[str]] = {}
    for parts in lexicon_lines("place_words"):
        groups.setdefault(parts[0], set()).add(" ".join(parts[1:]))
    return {kind: frozenset(words) for kind, words in groups.items()}


def find_country_mentions(
    doc: Doc, article: Article, gazetteer: Gazetteer, matches: list[SurfaceMatch]
) -> list[CountryMention]:
    """Every token span that refers to a country, longest match first, without overlaps."""
    candidates = sorted(
        (m for m in matches if m.kind == "country"), key=lambda m: (-(m.end - m.start), m.start)
    )
    taken: set[int] = set()
    out = []
    for m in candidates:
        if any(i in taken for i in range(m.start, m.end)):
            continue
        span = doc[m.start : m.end]
        entry = gazetteer.country(span.text)
        form = gazetteer.country_form(span.text)
        if entry is None or form is None or span.text.islower():
            continue
        if _counts(doc, m.start, m.end, entry, form, gazetteer):
            taken.update(range(m.start, m.end))
            out.append(CountryMention(m.start, m.end, entry, form))
    return sorted(out, key=lambda c: c.start)


def build_countries(
    doc: Doc, mentions: list[CountryMention], excluded: set[int]
) -> list[Country]:
    """One ``Country`` per country mentioned, leaving out mentions on ``excluded`` tokens
    (inside person or weapon names)."""
    by_key: dict[str, list[CountryMention]] = {}
    entries: dict[str, CountryEntry] = {}
    for m in mentions:
        if any(i in excluded for i in range(m.start, m.end)):
            continue
        by_key.setdefault(m.entry.key, []).append(m)
        entries[m.entry.key] = m.entry
    out = []
    for key, found in by_key.items():
        entry = entries[key]
        spans = [mention(doc, m.start, m.end) for m in found]
        aliases = list(dict.fromkeys(s.text for s in spans if s.text != entry.name))
        strong = any(m.form in ("name", "abbreviation") for m in found)
        out.append(Country(
            key=entry.id or entry.name, name=entry.name, wikidata=entry.id, aliases=aliases,
            mentions=spans, confidence=0.95 if strong else 0.85,
        ))
    return out


def _counts(
    doc: Doc, start: int, end: int, entry: CountryEntry, form: str, gazetteer: Gazetteer
) -> bool:
    if form == "prefix":
        # "Indo-Russian", "Sino-US", "Indo-Pak"; not "Indo-Pacific" or "Indo-European"
        return (
            end + 1 < len(doc) and doc[end].text == "-"
            and gazetteer.country(doc[end + 1].text) is not None
        )
    if _quoted(doc, start, end):
        return False  # a nickname or scare quote: the “Indians” of a squadron
    if _inside_proper_name(doc, start, end):
        return False
    if form == "demonym" and _names_a_sea(doc[end - 1]):
        return False  # 'the Atlantic and Indian oceans'
    if form == "demonym" and start > 0 and doc[start - 1].lower_ in REGION_WORDS:
        return False  # 'the South American country', 'Latin American leaders': a region
    if form == "capital":
        return _stands_for_government(doc, start, end, entry)
    if form == "name" and entry.ambiguous_name:
        return not _looks_like_person(doc, start, end)
    return True


SEA_WORDS = frozenset({"ocean", "oceans", "sea", "seas"})
# words that make a demonym after them a region's ('South American', 'Latin American'); a
# country named so ('South Korean') is matched whole before this is asked
REGION_WORDS = frozenset({"south", "north", "latin", "central", "pan", "sub-saharan"})


def _names_a_sea(tok: Token) -> bool:
    """A demonym that names an ocean or sea, also in a coordination ('Atlantic and Indian
    oceans')."""
    for _ in range(3):
        if tok.dep_ not in ("amod", "compound", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.lower_ in SEA_WORDS:
            return True
    return False


def _quoted(doc: Doc, start: int, end: int) -> bool:
    before = doc[start - 1].text if start > 0 else ""
    after = doc[end].text if end < len(doc) else ""
    return before in QUOTES and after in QUOTES


def _inside_proper_name(doc: Doc, start: int, end: int) -> bool:
    """Whether the span is part of an organisation's or place's own name; an organisation
    of the state ("US Navy", "the British Foreign Office") does not count as one."""
    ent = entity_around(doc, start, end)
    if ent is None or ent.label_ not in PROPER_NAME_LABELS or len(ent) == end - start:
        return False
    lead = [t for t in doc[ent.start : start] if t.lower_ != "the"]
    if lead:
        return True
    rest = " ".join(t.lower_ for t in doc[end : ent.end] if not is_possessive(t))
    return rest not in word_set("government_words")


def _looks_like_person(doc: Doc, start: int, end: int) -> bool:
    """'Jordan Peterson', 'Chad Smith': an ambiguous country name used as a first name."""
    ent = entity_around(doc, start, end)
    if ent is not None and ent.label_ == "PERSON":
        return True
    nxt = doc[end] if end < len(doc) else None
    return bool(nxt is not None and nxt.pos_ == "PROPN" and is_capitalised(nxt) and nxt.is_alpha)


def _is_dateline(doc: Doc, start: int, end: int) -> bool:
    """'MOSCOW, June 23' or 'New Delhi:' opening a paragraph."""
    text = doc[start:end].text
    if text.isupper() and len(text) > 3:
        return True
    at_line_start = start == 0 or "\n" in doc[start - 1].text_with_ws or doc[start - 1].is_space
    return at_line_start and end < len(doc) and doc[end].text in DATELINE_AFTER


def _stands_for_government(doc: Doc, start: int, end: int, entry: CountryEntry) -> bool:
    """Whether a capital stands for its government ('Moscow said', "Beijing's position")."""
    if _is_dateline(doc, start, end):
        return False
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and is_possessive(nxt):
        return True
    if nxt is not None and nxt.text == "-":
        return False  # "Washington-based"
    if start > 1 and doc[start - 1].text == "," and doc[start - 2].pos_ == "PROPN":
        return False  # "Whidbey Island, Washington": a state or region, not the capital
    ent = entity_around(doc, start, end)
    if ent is not None and len(ent) > end - start:
        outside = [t for t in ent if (t.i < start or t.i >= end) and t.lower_ != "the"]
        if any(is_capitalised(t) for t in outside):
            return False
    return _governmental_role(doc[end - 1], strict=entry.capital_ambiguous)


def _governmental_role(tok: Token, strict: bool, depth: int = 0) -> bool:
    words = place_words()
    dep = tok.dep_
    if dep in ("nsubj", "nsubjpass", "poss"):
        return True
    if strict or depth > 4:
        return False
    if dep == "conj":
        return _governmental_role(tok.head, strict, depth + 1)
    if dep in ("dobj", "obj"):
        return tok.head.lemma_.lower() not in words.get("verb", frozenset())
    if dep == "pobj":
        prep = tok.head
        word = prep.lower_
        if word not in words.get("gov-prep", frozenset()):
            return False
        if word == "of":
            governor = prep.head
            return governor.pos_ in ("NOUN", "PROPN") and governor.lower_ not in words.get(
                "noun", frozenset()
            )
        return True
    if dep in ("compound", "nmod", "amod"):
        return tok.head.lower_ in word_set("government_words")
    return False

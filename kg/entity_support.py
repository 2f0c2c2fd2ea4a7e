"""What the entity finders share: word lists from ``kg/data/*.txt``, the gazetteer matcher and
small span helpers."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.errors import KgError
from kg.gazetteer import Gazetteer
from kg.models import Mention

MATCH_KINDS = ("country", "person", "weapon")
QUOTES = frozenset("\"'“”‘’«»„″")
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})


class EntityLexiconError(KgError):
    """An entity lexicon file is missing or malformed."""


@functools.lru_cache(maxsize=32)
def lexicon_lines(name: str) -> tuple[tuple[str, ...], ...]:
    """The whitespace-split, comment-free, non-empty lines of ``kg/data/<name>.txt``."""
    try:
        text = resources.files("kg").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EntityLexiconError(f"cannot read lexicon {name}.txt: {exc}") from exc
    lines = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(tuple(line.split()))
    return tuple(lines)


@functools.lru_cache(maxsize=32)
def word_set(name: str) -> frozenset[str]:
    """The one-word-a-line lexicon ``name`` as a set (multiword lines joined by spaces)."""
    return frozenset(" ".join(parts) for parts in lexicon_lines(name))


def title_abbreviations(text: str) -> frozenset[str]:
    """Abbreviations a text defines right after a person's title: 'Chief of the Naval Staff
    (CNS)', 'Director General of Military Operations (DGMO)'."""
    titles = title_words()
    found = set()
    for m in re.finditer(r"\(([A-Z]{2,5})\)", text):
        before = text[max(0, m.start() - 60):m.start()].split()[-6:]
        if any(w.lower() in titles for w in before):
            found.add(m.group(1))
    return frozenset(found)


@functools.lru_cache(maxsize=8)
def title_words() -> dict[str, str]:
    """Title word -> 'head' or 'modifier' (see ``person_titles.txt``)."""
    out = {}
    for parts in lexicon_lines("person_titles"):
        if len(parts) != 2 or parts[1] not in ("head", "modifier"):
            raise EntityLexiconError(f"person_titles.txt: bad line {' '.join(parts)!r}")
        out[parts[0]] = parts[1]
    return out


@functools.lru_cache(maxsize=8)
def role_groups() -> dict[str, str]:
    """Role word -> the first word of its synonym line (see ``office_words.txt``)."""
    out: dict[str, str] = {}
    for parts in lexicon_lines("office_words"):
        for word in parts:
            out.setdefault(word, parts[0])
    return out


@functools.lru_cache(maxsize=8)
def role_kinds() -> dict[str, frozenset[str]]:
    """Generic role noun -> the title words and offices of the persons it may stand for
    (see ``role_kinds.txt``)."""
    out = {}
    for parts in lexicon_lines("role_kinds"):
        if len(parts) < 2:
            raise EntityLexiconError(f"role_kinds.txt: bad line {' '.join(parts)!r}")
        out[parts[0]] = frozenset(parts[1:])
    return out


@functools.lru_cache(maxsize=8)
def role_kind_words() -> frozenset[str]:
    """Every word of ``role_kinds.txt``."""
    return frozenset(w for k, words in role_kinds().items() for w in (k, *words))


@functools.lru_cache(maxsize=8)
def government_seats() -> dict[str, str]:
    """Seat of government ('Kremlin') -> country QID."""
    out = {}
    for parts in lexicon_lines("government_seats"):
        if len(parts) < 2:
            raise EntityLexiconError(f"government_seats.txt: bad line {' '.join(parts)!r}")
        out[" ".join(parts[:-1])] = parts[-1]
    return out


@functools.lru_cache(maxsize=8)
def weapon_heads() -> dict[str, tuple[str, frozenset[str]]]:
    """Head noun -> (category, words one of which must precede it; empty when none)."""
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for parts in lexicon_lines("weapon_heads"):
        if len(parts) < 2:
            raise EntityLexiconError(f"weapon_heads.txt: bad line {' '.join(parts)!r}")
        needs: frozenset[str] = frozenset()
        if len(parts) > 2:
            if parts[2] != "needs:":
                raise EntityLexiconError(f"weapon_heads.txt: bad line {' '.join(parts)!r}")
            needs = frozenset(parts[3:])
        out.setdefault(parts[0], (parts[1], needs))
    return out


@functools.lru_cache(maxsize=8)
def weapon_exclusions() -> tuple[frozenset[str], tuple[str, ...]]:
    """(civil modifiers, civil designator family prefixes in folded form)."""
    modifiers, families = set(), []
    for parts in lexicon_lines("weapon_exclusions"):
        if len(parts) != 2 or parts[0] not in ("modifier", "family"):
            raise EntityLexiconError(f"weapon_exclusions.txt: bad line {' '.join(parts)!r}")
        if parts[0] == "modifier":
            modifiers.add(parts[1])
        else:
            families.append(fold_designator(parts[1]))
    return frozenset(modifiers), tuple(families)


def fold_designator(text: str) -> str:
    """Lower-case ``text`` without spaces, hyphens, slashes and dots: 'F/A-18' -> 'fa18'."""
    return "".join(c for c in text.casefold() if c.isalnum())


# -- gazetteer matcher -------------------------------------------------------------------------


@dataclass(frozen=True)
class SurfaceMatch:
    """A gazetteer surface form found in a doc: tokens ``start:end``, the kind it was listed as."""

    start: int
    end: int
    kind: str


@functools.lru_cache(maxsize=4)
def surface_matcher(gazetteer: Gazetteer) -> tuple[PhraseMatcher, dict[int, str]]:
    """A case-insensitive PhraseMatcher over every gazetteer surface form, built once per
    gazetteer; the gazetteer's own lookups then apply its case rules to each match."""
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns: dict[str, list[Doc]] = {kind: [] for kind in MATCH_KINDS}
    seen: set[tuple[str, str]] = set()
    # country prefixes ("Indo", "Sino") count only before a hyphen; the finder checks that
    prefixes = ((p, "country", c.key) for c in gazetteer.countries for p in c.prefixes)
    # a one-word weapon name in the plural ("Jaguars", "Rafales"): the lookup drops the 's'
    plurals = ((f"{s}s", kind, key) for s, kind, key in gazetteer.surface_forms()
               if kind == "weapon" and s.isalpha() and not s.endswith("s"))
    # a designator written with a space for its hyphen ("S 400", "Su 57")
    spaced = ((re.sub(r"(?<=[A-Za-z])-(?=\d)", " ", s), kind, key)
              for s, kind, key in gazetteer.surface_forms()
              if kind == "weapon" and re.search(r"[A-Za-z]-\d", s))
    for surface, kind, _key in (*gazetteer.surface_forms(), *prefixes, *plurals, *spaced):
        if kind in patterns and (surface.lower(), kind) not in seen:
            seen.add((surface.lower(), kind))
            patterns[kind].append(nlp.make_doc(surface))
    ids = {}
    for kind, docs in patterns.items():
        matcher.add(kind, docs)
        ids[nlp.vocab.strings[kind]] = kind
    return matcher, ids


def surface_matches(doc: Doc, gazetteer: Gazetteer) -> list[SurfaceMatch]:
    """Every (possibly overlapping) gazetteer surface form in ``doc``."""
    matcher, ids = surface_matcher(gazetteer)
    return [SurfaceMatch(start, end, ids[match_id]) for match_id, start, end in matcher(doc)]


# -- span helpers ------------------------------------------------------------------------------


def mention(doc: Doc, start: int, end: int) -> Mention:
    """The Mention of tokens ``start:end``."""
    span = doc[start:end]
    return Mention(start=span.start_char, end=span.end_char, text=span.text)


def char_mention(text: str, start: int, end: int) -> Mention:
    return Mention(start=start, end=end, text=text[start:end])


def is_capitalised(token: Token) -> bool:
    """Whether the token starts with an upper-case letter."""
    text = token.text
    return bool(text) and text[0].isupper()


def is_possessive(token: Token) -> bool:
    return token.text in POSSESSIVES or token.tag_ == "POS"


def strip_possessive(text: str) -> str:
    return re.sub(r"(?:'s|’s|'|’)$", "", text)


def entity_around(doc: Doc, start: int, end: int) -> Span | None:
    """The spaCy entity that contains tokens ``start:end``, if one does."""
    if start >= len(doc) or doc[start].ent_iob_ not in ("B", "I"):
        return None
    # read the entity off the IOB tags instead of scanning doc.ents on every call
    first = start
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    last = start + 1
    while last < len(doc) and doc[last].ent_iob_ == "I":
        last += 1
    if end > last:
        return None
    return Span(doc, first, last, label=doc[first].ent_type_)


_LINE = re.compile(r"[^\n]+")
_DOUBLE_MARK = re.compile(r'["“”«»„]')


def quoted_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of the text between double quotation marks in ``text[start:]``, in order.

    A quotation still open at the end of its paragraph ends there; the next paragraph may close
    it without opening it again. (``kg.quotes.find_quotes`` reads quotations in full; this is
    the cheap check of whether an offset is quoted.)

    >>> quoted_spans('He said "yes" and “no”.')
    [(9, 12), (19, 21)]
    """
    spans: list[tuple[int, int]] = []
    runs_on = False
    for line in _LINE.finditer(text, start):
        open_at: int | None = line.start() if runs_on else None
        continuing = runs_on
        runs_on = False
        for mark in _DOUBLE_MARK.finditer(text, line.start(), line.end()):
            char = mark.group()
            at = mark.start()
            # a straight mark after a space that opens a run-on paragraph opens a quotation
            opens = at == line.start() or text[at - 1] in " \t([—–-"
            closes = char in "”»" or (char == '"' and open_at is not None and not (
                continuing and opens))
            if closes and open_at is not None:
                if mark.start() > open_at:
                    spans.append((open_at, mark.start()))
                open_at, continuing = None, False
            elif not closes and (open_at is None or continuing or char != '"'):
                open_at, continuing = mark.end(), False
        if open_at is not None and not continuing:
            end = len(text[:line.end()].rstrip())
            if end > open_at:
                spans.append((open_at, end))
                runs_on = True
    return spans


def in_title(doc: Doc, start: int, body_start: int) -> bool:
    """Whether token ``start`` lies in the article's title."""
    return doc[start].idx < body_start

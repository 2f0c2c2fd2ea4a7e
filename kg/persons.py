"""Persons in an article: spaCy's PERSON entities corrected by rules, one ``Person`` per human.

Names come from the NER, from titles ("Defence Minister X", "Lt. Col. X", "PM X"), from
appositions ("X Y, CEO of ...") and from the gazetteer. Every later mention -- surname alone,
title + surname, role phrases ("the Russian leader", "the defence minister") -- joins the person
it refers to. Only persons named in the body are kept; role phrases never create a person.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.countries import CountryMention, place_words
from kg.entity_support import (
    QUOTES,
    SurfaceMatch,
    entity_around,
    government_seats,
    is_capitalised,
    is_possessive,
    mention,
    quoted_spans,
    role_groups,
    role_kind_words,
    role_kinds,
    title_words,
    word_set,
)
from kg.gazetteer import Gazetteer, PersonEntry
from kg.models import Article, Mention, Person, RoleObservation, WeaponSystem

NAME_PARTICLES = frozenset({
    "al", "el", "bin", "ibn", "van", "von", "de", "da", "der", "den", "la", "le", "du", "di",
    "abu", "abd", "ben", "dos", "del", "y",
})
TITLE_GLUE = frozenset({"the", "to", "of", "and", "-"})
MAX_NAME = 5
LOCATIVE = frozenset({"in", "at", "near", "from", "into", "outside"})
DIRECTIONS = frozenset({
    "eastern", "western", "northern", "southern", "central", "north", "south", "east", "west",
    "northeastern", "northwestern", "southeastern", "southwestern",
})
APPOS_WINDOW = 6
SPEECH_LEMMAS = frozenset({
    "say", "tell", "add", "state", "warn", "write", "announce", "note", "ask", "testify",
})
NOT_NAME_POS = frozenset({"DET", "ADP", "PRON", "CCONJ", "SCONJ", "AUX", "NUM", "PART"})
CALENDAR_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "today", "yesterday", "tomorrow",
})
NOT_NAME_ENTS = frozenset({"DATE", "TIME", "ORDINAL", "CARDINAL", "MONEY", "PERCENT"})
NON_PERSON_ENTS = frozenset({"GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "EVENT", "PRODUCT"})
# words that make a role someone else's: a "Deputy Defence Minister" is not the defence minister
SUBORDINATE = frozenset({"vice", "deputy", "former", "ex", "assistant", "under", "junior"})
INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$")
GLUED_INITIAL = re.compile(r"^([A-Z])([A-Z][a-z]{3,})$")
# a role phrase points back at most this many paragraphs ("the spokesman" -> Peskov)
ROLE_WINDOW = 3
INDEFINITE = frozenset({"a", "an", "another"})
POSSESSIVE_DETS = frozenset({"his", "her", "its", "their"})
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "dr", "shri", "shrimati", "smt", "sir", "dame", "lord", "lady", "prof",
})
RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
# words that qualify a role phrase without naming the role ("the senior diplomat")
LOOSE_MODIFIERS = frozenset({"senior", "top", "new", "current", "then", "acting", "incumbent"})


@dataclass
class _Name:
    """One occurrence of a person's name: tokens ``start:end``; ``mstart`` opens the mention
    (with its title, when one stands before the name)."""

    start: int
    end: int
    words: tuple[str, ...]
    text: str
    source: str
    mstart: int = -1
    title: str | None = None
    entry: PersonEntry | None = None

    def __post_init__(self) -> None:
        if self.mstart < 0:
            self.mstart = self.start


@dataclass(frozen=True)
class _RolePhrase:
    """'the Kremlin spokesman': tokens ``start:end``, the office or role group it names, the
    country, its head word and title words, and whether it is a lesser role ('the deputy
    minister')."""

    start: int
    end: int
    office: str | None
    country: str | None
    group: str | None
    head: str
    words: frozenset[str]
    subordinate: bool


@dataclass
class _Cluster:
    names: list[_Name] = field(default_factory=list)
    roles: list[tuple[str, str | None]] = field(default_factory=list)
    phrases: list[tuple[int, int]] = field(default_factory=list)  # role-phrase tokens
    held: list[tuple[str, str]] = field(default_factory=list)  # gazetteer offices on the date
    described: list[tuple[str, str | None]] = field(default_factory=list)  # from appositions
    words: set[str] = field(default_factory=set)  # title and role words the article uses
    countries: set[str] = field(default_factory=set)
    _full: tuple[int, _Name] | None = field(default=None, repr=False)

    @property
    def all_roles(self) -> list[tuple[str, str | None]]:
        """Every office the cluster is known to hold: by title, apposition or gazetteer."""
        return [*self.roles, *self.described, *self.held]

    @property
    def full(self) -> _Name:
        # names are only ever added: the fullest is recomputed when their number changes
        if self._full is None or self._full[0] != len(self.names):
            best = max(self.names, key=lambda n: (len(n.words), len(n.text), -n.start))
            self._full = (len(self.names), best)
        return self._full[1]

    @property
    def surname(self) -> str:
        return self.full.words[-1]


def fold(text: str) -> str:
    """Accent- and case-free form of a name word."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip(".")


def find_persons(
    doc: Doc,
    article: Article,
    gazetteer: Gazetteer,
    matches: list[SurfaceMatch],
    countries: list[CountryMention],
    weapons: list[WeaponSystem],
) -> list[Person]:
    """Every person the article's body names, with every mention of them in title and body."""
    return find_persons_and_names(doc, article, gazetteer, matches, countries, weapons)[0]


def find_persons_and_names(
    doc: Doc,
    article: Article,
    gazetteer: Gazetteer,
    matches: list[SurfaceMatch],
    countries: list[CountryMention],
    weapons: list[WeaponSystem],
) -> tuple[list[Person], set[int]]:
    """``find_persons`` and the indices of the tokens inside the persons' names (not titles)."""
    return _PersonFinder(doc, article, gazetteer, matches, countries, weapons).run()


class _PersonFinder:
    """Per-article state of the person search."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        gazetteer: Gazetteer,
        matches: list[SurfaceMatch],
        countries: list[CountryMention],
        weapons: list[WeaponSystem],
    ) -> None:
        self.doc = doc
        self.article = article
        self.gazetteer = gazetteer
        self.person_matches = [m for m in matches if m.kind == "person"]
        self.countries = countries
        self.country_at = {i: c for c in countries for i in range(c.start, c.end)}
        self.country_tokens = {
            i for m in matches if m.kind == "country" for i in range(m.start, m.end)
        }
        self.weapon_chars = [(m.start, m.end) for w in weapons for m in w.mentions]
        self.weapon_names = {fold(a) for w in weapons for a in [w.name, *w.aliases]}
        self.titles = title_words()
        self.body_start = article.body_start
        self.offices = _office_nouns(gazetteer)
        self.name_token_set: set[int] = set()
        self.title_token_set: set[int] = set()
        self.quotes = quoted_spans(article.text, article.body_start)
        self._unnamed: list[tuple[int, str]] | None = None
        self.paragraph_starts = [0] + [m.start() for m in re.finditer(r"(?<=\n)[^\n]",
                                                                       article.text)]

    # -- pipeline --------------------------------------------------------------------------

    def run(self) -> tuple[list[Person], set[int]]:
        candidates = self._candidates()
        clusters = self._cluster(candidates)
        self._add_surname_mentions(clusters)
        self._add_role_phrases(clusters)
        names = {i for c in clusters for n in c.names for i in range(n.start, n.end)}
        return [self._person(c) for c in clusters], names

    # -- candidates ------------------------------------------------------------------------

    def _candidates(self) -> list[_Name]:
        found: list[_Name] = []
        found.extend(self._titled_names())
        found.extend(self._gazetteer_names())
        found.extend(self._ner_names())
        found.extend(self._apposed_names())
        # "Secretary of Commerce Gina Raimondo": a NER name that starts inside the title of a
        # name found after that title gives way to it
        titled = {(n.end, i) for n in found if n.source == "title"
                  for i in range(n.mstart, n.start)}
        found = [n for n in found if n.source == "gazetteer" or (n.end, n.start) not in titled]
        kept: list[_Name] = []
        seen: set[tuple[int, int]] = set()
        for name in sorted(found, key=lambda n: (n.start, -(n.end - n.start))):
            if (name.start, name.end) in seen or not self._valid(name):
                continue
            # a shorter name inside a longer one already kept adds nothing
            if any(k.start <= name.start and name.end <= k.end for k in kept):
                for k in kept:
                    if k.start <= name.start and name.end <= k.end and name.title and not k.title:
                        k.title, k.mstart = name.title, name.mstart
                continue
            seen.add((name.start, name.end))
            kept.append(name)
        return kept

    def _make(self, start: int, end: int, source: str, entry: PersonEntry | None = None) -> _Name:
        span = self.doc[start:end]
        words = tuple(fold(t.text) for t in span if t.text not in ("-", "(", ")"))
        glued = GLUED_INITIAL.match(span.text) if end - start == 1 else None
        if glued and self._known_surname(glued.group(2)):
            # "SJaishankar": an initial run into a surname the article or gazetteer knows
            words = (glued.group(1).lower(), fold(glued.group(2)))
            entry = entry or self.gazetteer.person(" ".join(glued.groups()))
        title_start = self._title_start(start)
        title = self.doc[title_start:start].text if title_start < start else None
        return _Name(start, end, words, span.text, source, title_start, title, entry)

    def _known_surname(self, word: str) -> bool:
        """Whether ``word`` is a surname the gazetteer knows or the article spells alone."""
        return self.gazetteer.person(word) is not None or any(
            t.text == word for t in self.doc
        )

    def _titled_names(self) -> list[_Name]:
        out = []
        doc = self.doc
        for tok in doc:
            if not self._is_title_head(tok):
                continue
            if tok.is_lower and tok.pos_ not in ("NOUN", "PROPN"):
                continue  # "the official Anadolu agency", "fellow NATO member"
            nxt = tok.i + 1
            if nxt < len(doc) and doc[nxt].text == "." and not tok.whitespace_:
                nxt += 1  # "Lt." split in two
            start = self._after_title_complement(nxt)
            if start < len(doc) and doc[start].text == "(":
                continue
            end = self._name_end(start)
            if end <= start:
                continue
            name = self._make(start, end, "title")
            if end - start == 1 and not self._lone_titled_name_ok(tok.i, start):
                continue
            out.append(name)
        return out

    def _after_title_complement(self, i: int) -> int:
        """Skip 'to Ukraine' / 'of India' / 'of Rosoboronexport' after a title head: the name
        follows the country or organisation."""
        doc = self.doc
        if i < len(doc) and doc[i].lower_ in ("to", "of"):
            j = i + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            k = j
            while k < len(doc) and k in self.country_tokens:
                k += 1
            if doc[i].lower_ == "of":
                named = self._name_after_organisation(k)
                if named is not None:
                    return named
            if k > j:
                return k
        return i

    def _name_after_organisation(self, j: int) -> int | None:
        """Where a person's name starts after an organisation's name that opens at ``j``
        ('head of Rosoboronexport Anatoly Isaikin', 'Chairman of Hindustan Aeronautics Limited
        (HAL) Suvarna Raju'); None when the capitalised words after ``j`` are no such pair."""
        doc = self.doc
        k = j
        while k < len(doc) and is_capitalised(doc[k]) and doc[k].is_alpha and (
            doc[k].lower_ not in self.titles
        ):
            k += 1
        if k == j:
            return None
        org_words = word_set("org_words")
        last_org = max((t for t in range(j, k) if doc[t].lower_ in org_words), default=None)
        person = next((t for t in range(j + 1, k) if doc[t].ent_type_ == "PERSON"
                       and doc[t - 1].ent_type_ != "PERSON"), None)
        if person is not None and (last_org is None or person > last_org):
            start = person
        elif last_org is not None:
            start = last_org + 1
            if start == k and k + 2 < len(doc) and doc[k].text == "(":
                close = next((t for t in range(k + 1, min(k + 5, len(doc)))
                              if doc[t].text == ")"), None)
                start = close + 1 if close is not None else k
        elif k - j >= 3:
            start = k - 2
        else:
            return None
        end = self._name_end(start) if start < len(doc) else start
        return start if end - start >= 2 else None

    def _lone_titled_name_ok(self, head: int, start: int) -> bool:
        """A one-word name after a title ('President Trump') unless it is a word like an
        organisation's ('General Assembly') or a modifier ('the Anadolu news agency')."""
        doc = self.doc
        tok = doc[start]
        if tok.is_upper and len(tok) > 1:
            return False
        nxt = doc[start + 1] if start + 1 < len(doc) else None
        if nxt is not None and nxt.is_lower and nxt.pos_ == "NOUN":
            return False
        ent = entity_around(doc, head, start + 1)
        if ent is not None and ent.label_ in ("ORG", "FAC", "LOC", "GPE", "EVENT", "WORK_OF_ART"):
            return False
        if tok.ent_type_ == "PERSON" or doc[head].lower_.rstrip(".") in HONORIFICS:
            return True
        # "General Election": a word nobody calls a person is a name only when the article
        # uses it as a surname elsewhere ("Dan Walker ... Mr Walker") or the gazetteer does
        return self.gazetteer.person(tok.text) is not None or any(
            t.text == tok.text and t.i != start and t.i > 0 and is_capitalised(doc[t.i - 1])
            and doc[t.i - 1].pos_ != "DET" and doc[t.i - 1].lower_.rstrip(".") not in self.titles
            for t in doc
        )

    def _gazetteer_names(self) -> list[_Name]:
        out = []
        for m in self.person_matches:
            span = self.doc[m.start : m.end]
            entry = self.gazetteer.person(span.text)
            if entry is None or not is_capitalised(span[0]):
                continue
            start = m.start
            while start < m.end - 1 and (
                self._is_title_word(span[start - m.start])
            ):
                start += 1  # an alias with its title ("President Xi"): the name is what follows
            out.append(self._make(start, m.end, "gazetteer", entry))
        return out

    def _ner_names(self) -> list[_Name]:
        out = []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or "@" in ent.text or "#" in ent.text:
                continue
            start, end = ent.start, ent.end
            first = self.doc[start]
            if self._heading_verb(first):
                start += 1  # a heading: "Questioning Vindman's judgment"
            while start < end and not self._name_start_token(self.doc[start]):
                start += 1
            while end > start and not self._name_token(self.doc[end - 1], final=True):
                end -= 1
            if end > start:
                out.append(self._make(start, end, "ner"))
        return out

    def _heading_verb(self, tok: Token) -> bool:
        """A capitalised '-ing' verb opening a sentence or heading, whose stem the article
        also uses in lower case ('Questioning' beside 'questions')."""
        doc = self.doc
        stem = tok.lower_[:-3]
        if not tok.lower_.endswith("ing") or len(stem) < 4:
            return False
        opens = tok.i == tok.sent.start or tok.i == 0 or doc[tok.i - 1].is_punct
        return opens and any(t.is_lower and t.text.startswith(stem) for t in doc)

    def _apposed_names(self) -> list[_Name]:
        """'Vadim Badekha, CEO of ...' and 'X Y said': two or more capitalised words that an
        apposition or a speech verb shows to be a person, whatever the NER thought."""
        out = []
        doc = self.doc
        i = 0
        while i < len(doc):
            if not self._name_start_token(doc[i]) or (i > 0 and self._name_token(doc[i - 1])):
                i += 1
                continue
            end = self._name_end(i)
            if end - i >= 2 and self._apposition_or_speaker(i, end):
                out.append(self._make(i, end, "appos"))
            elif end - i == 1 and self._lone_speaker(doc[i]):
                out.append(self._make(i, end, "speaker"))
            elif end - i == 1 and self._lone_described(i):
                out.append(self._make(i, end, "appos"))
            i = max(end, i + 1)
        return out

    def _apposition_or_speaker(self, start: int, end: int) -> bool:
        doc = self.doc
        ent = entity_around(doc, start, end)
        if ent is not None and ent.label_ in NON_PERSON_ENTS:
            return False
        if any(t.lower_ in word_set("org_words") for t in doc[start:end]):
            return False
        if end < len(doc) and doc[end].text == ",":
            for tok in doc[end + 1 : end + 1 + APPOS_WINDOW]:
                if tok.is_punct or tok.pos_ in ("VERB", "AUX", "PRON"):
                    break
                word = tok.lower_.rstrip(".")
                if self.titles.get(word) == "head" or self.titles.get(tok.lemma_.lower()) == "head":
                    return True
                if word in role_groups():
                    return True
        head = doc[end - 1]
        return head.dep_ == "nsubj" and head.head.lemma_ in SPEECH_LEMMAS

    def _lone_described(self, i: int) -> bool:
        """'Nunes, a Republican, concluded': a lone capitalised word whose apposition is a
        person's role or affiliation, and that the NER did not take for an organisation."""
        doc = self.doc
        tok = doc[i]
        if tok.pos_ != "PROPN" or tok.ent_type_ in ("ORG", "NORP") or tok.is_upper:
            return False
        if i + 3 >= len(doc) or doc[i + 1].text != "," or doc[i + 2].lower_ not in (
            "a", "an", "the"
        ):
            return False
        j = i + 3
        while j < min(len(doc), i + 3 + APPOS_WINDOW) and doc[j].text != ",":
            if doc[j].is_punct or doc[j].pos_ in ("VERB", "AUX", "ADP"):
                return False
            j += 1
        if j >= len(doc) or doc[j].text != "," or j == i + 3:
            return False
        head = doc[j - 1]
        word = head.lower_.rstrip(".")
        return self.titles.get(word) == "head" or word in role_groups() or (
            head.ent_type_ == "NORP" and head.pos_ in ("PROPN", "NOUN")
        )

    def _lone_speaker(self, tok: Token) -> bool:
        """'Schiff asked': a lone capitalised word that speaks, and that the NER did not take
        for something else."""
        if tok.pos_ != "PROPN" or tok.ent_type_ not in ("", "PERSON") or tok.is_upper:
            return False
        return tok.dep_ == "nsubj" and tok.head.lemma_ in SPEECH_LEMMAS

    # -- token tests -----------------------------------------------------------------------

    def _is_title_word(self, tok: Token) -> bool:
        return tok.lower_.rstrip(".") in self.titles or tok.text == "PM"

    def _is_title_head(self, tok: Token) -> bool:
        word = tok.lower_.rstrip(".")
        if self.titles.get(word) == "head":
            return True
        return tok.text in ("PM",)

    def _name_start_token(self, tok: Token) -> bool:
        if INITIALS.match(tok.text) and tok.ent_type_ == "PERSON" and tok.i not in (
            self.country_tokens
        ):
            nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
            return nxt is not None and nxt.ent_type_ == "PERSON" and self._name_token(nxt, True)
        if not is_capitalised(tok) or not tok.is_alpha:
            return False
        if tok.lower_.rstrip(".") in self.titles or tok.i in self.country_tokens:
            return False
        if tok.pos_ in NOT_NAME_POS or tok.lower_ in CALENDAR_WORDS:
            return False
        if tok.ent_type_ in NOT_NAME_ENTS and tok.pos_ != "PROPN":
            return False
        return tok.tag_ not in ("VBG", "VBD", "VBZ", "VBP") or tok.pos_ == "PROPN"

    def _name_token(self, tok: Token, final: bool = False) -> bool:
        text = tok.text
        if tok.i in self.country_tokens and not final:
            return False
        if len(text) <= 2 and text[:1].isupper() and (len(text) == 1 or text.endswith(".")):
            return not final  # an initial: "Dwight D. Eisenhower"
        if INITIALS.match(text) and tok.ent_type_ == "PERSON":
            return not final  # "D.K. Tripathi"
        if not tok.is_alpha and not re.match(r"^[A-Z][a-z]*['’][A-Z][a-z]+$", text):
            return False
        if tok.is_lower and tok.ent_type_ == "PERSON" and self._hyphen_joined(tok):
            return True  # "Tsai Ing-wen", "Kim Jong-un"
        if not is_capitalised(tok) or tok.lower_ in CALENDAR_WORDS:
            return False
        if tok.lower_ in self.titles:
            # "Kevin King" is a name; "Trump Secretary Pompeo" is not
            nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
            return final or nxt is None or not (is_capitalised(nxt) and nxt.is_alpha)
        return True

    def _hyphen_joined(self, tok: Token) -> bool:
        """Whether ``tok`` follows a hyphen that follows a capitalised word, without spaces."""
        doc, i = self.doc, tok.i
        return (
            i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_
            and not doc[i - 2].whitespace_ and is_capitalised(doc[i - 2])
        )

    def _name_end(self, start: int) -> int:
        """End of the capitalised name that starts at ``start`` ("Abdel-Fattah el-Sisi")."""
        doc = self.doc
        if start >= len(doc) or not self._name_start_token(doc[start]):
            return start
        end = start + 1
        while end < len(doc) and end - start < MAX_NAME * 2:
            tok = doc[end]
            joined = not tok.whitespace_ and not doc[end - 1].whitespace_
            if tok.text == "-" and end + 1 < len(doc) and doc[end + 1].is_alpha and joined:
                end += 2
                continue
            if tok.lower_ in NAME_PARTICLES and end + 1 < len(doc) and (
                is_capitalised(doc[end + 1]) or doc[end + 1].text == "-"
            ):
                end += 1
                continue
            if self._name_token(tok) and doc[end - 1].whitespace_:
                end += 1
                continue
            break
        while end > start + 1 and not self._name_token(doc[end - 1], final=True):
            end -= 1
        return end

    def _title_start(self, start: int) -> int:
        """Where a title standing right before the name at ``start`` begins."""
        doc = self.doc
        i = start
        has_head = False
        while i > 0:
            tok = doc[i - 1]
            word = tok.lower_.rstrip(".")
            if tok.is_space or "\n" in tok.text_with_ws:
                break
            if tok.text == "." and i >= 2 and (
                doc[i - 2].lower_ in self.titles and not doc[i - 2].whitespace_
            ):
                pass  # the dot of "Lt." split from its word
            elif word in self.titles or tok.text == "PM":
                has_head = has_head or self.titles.get(word) == "head" or tok.text == "PM"
            elif (
                tok.i in self.country_tokens or is_possessive(tok) or tok.text == "-"
                or (is_capitalised(tok) and tok.is_alpha and i - 1 > tok.sent.start)
                or (word in ("the", "to") and has_head)
            ):
                pass
            else:
                break
            i -= 1
        while i < start and (doc[i].lower_ in TITLE_GLUE or is_possessive(doc[i])):
            i += 1
        return i if has_head and i < start else start

    # -- validation ------------------------------------------------------------------------

    def _valid(self, name: _Name) -> bool:
        doc = self.doc
        span = doc[name.start : name.end]
        text = span.text
        if not name.words or any(c.isdigit() for c in text) or "@" in text or "#" in text:
            return False
        if name.entry is None and doc[name.start].idx < self.body_start:
            return False  # persons count when the body names them; titles follow the body
        if self._overlaps_weapon(span.start_char, span.end_char) or fold(text) in self.weapon_names:
            return False
        if self.gazetteer.country(text) is not None:
            return False
        if fold(text) in word_set("news_outlets") or fold(text) in word_set("not_persons"):
            return False  # "after Politico reported ...": a publisher; "on Twitter", "Covid"
        org_words = word_set("org_words")
        after = doc[name.end] if name.end < len(doc) else None
        if after is not None and is_capitalised(after) and (
            after.lower_ in word_set("named_after_words")
        ):
            return False  # "Sushma Swaraj Bhawan", "Kalyani Group": a building's or firm's name
        before = doc[name.start - 1] if name.start > 0 else None
        openers = place_words().get("opener", frozenset())
        if before is not None and is_capitalised(before) and before.lower_ in openers:
            return False  # the "Blair" of "Port Blair"
        if name.entry is not None:
            return True
        if any(w in org_words for w in name.words) or any(_abbreviation(t.text) for t in span):
            return False
        if len(name.words) == 1 and self._named_thing(name):
            return False
        if self._compound_word_part(name) or self._acronym_reaches_back(name):
            return False
        if before is not None and is_possessive(before) and self._maker_before(name.start - 1):
            return False  # "Airbus Helicopters' Fennec": a maker's product
        if name.words[0] in openers and len(name.words) > 1:
            return False  # "Port Blair", "Fort Worth"
        if len(name.words) == 1 and self._listed_with_weapon(name.start):
            return False  # "two Su-30 MKIs and Jaguars": another platform
        if len(name.words) == 1 and fold(text) in word_set("weapon_makers"):
            return False  # "Kamov of Russia", "Rafael said": the maker, not a person
        if name.source == "ner":
            if any(t.is_upper and len(t) > 1 for t in span):
                return False
            quoted = before is not None and after is not None and before.text in QUOTES
            if quoted and after.text in QUOTES:
                return False
            if before is not None and name.title is None and before.is_lower:
                plain_noun = before.pos_ == "NOUN" and before.lower_ not in self.titles
                if plain_noun and (len(name.words) == 1 or before.tag_ == "NNS"):
                    return False  # "energy company Burisma", "operations Inherent Resolve"
                if before.lower_ == "of" and name.start > 1 and doc[name.start - 2].lower_ in (
                    place_words().get("noun", frozenset())
                ):
                    return False  # "the state of Tamil Nadu"
        return True

    def _listed_with_weapon(self, i: int) -> bool:
        """Whether the word at token ``i`` is listed beside a weapon system ("two Su-30 MKIs
        and Jaguars", "Jaguars and Rafales"): the item before or after it names one."""
        doc = self.doc
        for step in (-1, 1):
            j = i + step
            if not (0 <= j < len(doc) and doc[j].lower_ in ("and", "or", ",")):
                continue
            k = j + step
            for _ in range(3):  # the neighbouring item's last (or first) few words
                if not 0 <= k < len(doc) or doc[k].is_punct or doc[k].pos_ == "CCONJ":
                    break
                if self._overlaps_weapon(doc[k].idx, doc[k].idx + len(doc[k])):
                    return True
                k += step
        return False

    def _maker_before(self, i: int) -> bool:
        """Whether the capitalised words before token ``i`` name a weapon maker."""
        doc = self.doc
        makers = word_set("weapon_makers")
        j = i - 1
        while j >= 0 and is_capitalised(doc[j]) and doc[j].is_alpha:
            if doc[j].lower_ in makers:
                return True
            j -= 1
        return False

    def _named_thing(self, name: _Name) -> bool:
        """'the General Election', 'the destroyer the Admiral Tributs': a determiner before a
        one-word title and a lone word is the name of a thing, not a title and a surname."""
        doc = self.doc
        if name.title is None or len(name.title.split()) != 1 or name.mstart == 0:
            return False
        return doc[name.mstart - 1].lower_ in ("the", "a", "an")

    def _compound_word_part(self, name: _Name) -> bool:
        """'Mar' of 'Mar-a-Lago': a name glued by a hyphen to a lower-case word."""
        doc = self.doc
        i = name.end
        return (
            i + 1 < len(doc) and doc[i].text == "-" and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and doc[i + 1].is_lower and doc[i + 1].is_alpha
        )

    def _acronym_reaches_back(self, name: _Name) -> bool:
        """'... Wirtschaft und Klimaschutz (BMWK)': a bracketed acronym after the name that
        starts with another word than the name does is an organisation's, and the name is the
        end of the organisation's name ('Mohammed bin Salman (MBS)' is a person)."""
        doc = self.doc
        i = name.end
        if i + 2 >= len(doc) or doc[i].text != "(" or doc[i + 2].text != ")":
            return False
        acronym = doc[i + 1].text.lstrip("@")
        if not (2 <= len(acronym) <= 8 and acronym.isupper() and acronym.isalpha()):
            return False
        return acronym[-1] == name.text[-len(name.words[-1]):][:1].upper() and (
            acronym[0] != name.text[0].upper()
        )

    def _overlaps_weapon(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.weapon_chars)

    # -- clustering ------------------------------------------------------------------------

    def _cluster(self, names: list[_Name]) -> list[_Cluster]:
        clusters: list[_Cluster] = []
        multi = sorted(
            (n for n in names if len(n.words) > 1), key=lambda n: (-len(n.words), n.start)
        )
        for name in multi:
            target = next((c for c in clusters if _same_person(name, c, self.gazetteer)), None)
            if target is None:
                clusters.append(_Cluster([name]))
            else:
                target.names.append(name)
        singles = [n for n in names if len(n.words) == 1]
        for name in singles:
            target = self._cluster_of_word(name.words[0], name.start, clusters)
            if target is not None:
                target.names.append(name)
            elif self._single_supported(name, singles):
                clusters.append(_Cluster([name]))
        clusters = [c for c in clusters if self._supported(c)]
        return self._merge_linked(clusters)

    def _merge_linked(self, clusters: list[_Cluster]) -> list[_Cluster]:
        """Clusters that link to the same gazetteer person ('Zelensky', 'Zelenskiy') are one."""
        out: list[_Cluster] = []
        by_key: dict[str, _Cluster] = {}
        for c in clusters:
            entry = self._link(c)
            if entry is None:
                out.append(c)
            elif entry.key in by_key:
                by_key[entry.key].names.extend(c.names)
            else:
                by_key[entry.key] = c
                out.append(c)
        return out

    def _cluster_of_word(self, word: str, at: int, clusters: list[_Cluster]) -> _Cluster | None:
        """The person a lone name word refers to: surname first, else a unique first name."""
        by_surname = [c for c in clusters if _same_word(word, c.surname)]
        if not by_surname:
            by_surname = [c for c in clusters if len(c.full.words) > 1 and c.full.words[0] == word]
            if len(by_surname) > 1:
                return None
        if not by_surname:
            return None
        if len(by_surname) == 1:
            return by_surname[0]

        def distance(c: _Cluster) -> tuple[int, int]:
            before = [n.start for n in c.names if n.start <= at]
            if before:
                return (0, at - max(before))
            return (1, min(n.start for n in c.names) - at)

        return min(by_surname, key=distance)

    def _single_supported(self, name: _Name, singles: list[_Name]) -> bool:
        if name.entry is not None or name.title is not None:
            return True
        word = name.words[0]
        if word.endswith("s") and any(n.words[0] == word[:-1] for n in singles):
            return False
        return name.source in ("ner", "speaker", "appos")

    def _supported(self, cluster: _Cluster) -> bool:
        """A cluster that only the NER vouches for, seen only as a place ('in Khan Younis'), is
        no person."""
        strong_sources = ("title", "appos", "gazetteer")
        if any(n.entry or n.title or n.source in strong_sources for n in cluster.names):
            return True
        if len(cluster.full.words) == 1 and not self._lone_word_person(cluster.full.text):
            return False
        if any(n.source != "ner" for n in cluster.names):
            return True
        doc = self.doc
        for n in cluster.names:
            k = n.start - 1
            while k >= 0 and doc[k].lower_ in DIRECTIONS:
                k -= 1  # "in eastern Ladakh"
            if (k >= 0 and doc[k].lower_ in LOCATIVE) or self._listed_with_places(n.start):
                continue
            last = doc[n.end - 1]
            if n.end < len(doc) and doc[n.end].is_lower and last.head.i == n.end and (
                last.dep_ in ("compound", "nmod", "amod")
            ):
                continue  # a modifier: "the traditional Sarva Dharma puja"
            return True
        return False

    def _listed_with_places(self, start: int) -> bool:
        """Whether the name at ``start`` is an item of a list of places: 'in Mumbai (western
        command), Kochi (southern command) and Port Blair', 'cities: Imphal and Surat'."""
        doc = self.doc
        place_lists = place_words().get("list", frozenset())
        i = start - 1
        for n_items in range(6):
            if i < 0 or doc[i].text not in (",", "and", ":"):
                return False
            if doc[i].text == ":":
                return i > 0 and doc[i - 1].lower_ in place_lists
            if n_items == 0 and doc[i].text == "," and not self._list_goes_on(start):
                # "in Ambala, Haryana.": a place and its region; "envoy to Ankara, Tom Barrack"
                # and "In Kyiv, Oleh Petrenko said" are no such pair
                return self._region_after_place(start, i)
            i -= 1
            if i >= 0 and doc[i].text == ",":
                i -= 1  # ", and"
            if i >= 0 and doc[i].text == ")":  # an aside in brackets after the item before
                while i >= 0 and doc[i].text != "(":
                    i -= 1
                i -= 1
            if i < 0 or not is_capitalised(doc[i]):
                return False
            if doc[i].ent_type_ in ("GPE", "LOC", "FAC") or i in self.country_tokens:
                return True
            while i > 0 and is_capitalised(doc[i - 1]) and doc[i - 1].is_alpha:
                i -= 1
            i -= 1
        return False

    def _region_after_place(self, start: int, comma: int) -> bool:
        """Whether the name at ``start`` follows 'in <Place>,' and ends its clause."""
        doc = self.doc
        i = comma - 1
        while i > 0 and is_capitalised(doc[i]) and doc[i].is_alpha:
            i -= 1
        if i == comma - 1 or doc[i].lower_ not in LOCATIVE:
            return False
        end = start
        while end < len(doc) and is_capitalised(doc[end]) and doc[end].is_alpha:
            end += 1
        return end >= len(doc) or doc[end].text in (".", ";", ")", ":") or "\n" in doc[end].text

    def _list_goes_on(self, start: int) -> bool:
        """Whether another list item follows the capitalised name at ``start``."""
        doc = self.doc
        i = start
        while i < len(doc) and is_capitalised(doc[i]) and doc[i].is_alpha:
            i += 1
        if i < len(doc) and doc[i].text == "(":
            while i < len(doc) and doc[i].text != ")":
                i += 1
            i += 1
        return i < len(doc) and doc[i].lower_ in (",", "and", "or")

    def _lone_word_person(self, text: str) -> bool:
        """Whether a one-word name the NER found is no group ('Houthis') or organisation
        ('energy company Burisma', 'Rosatom CEO')."""
        doc = self.doc
        org_words = word_set("org_words")
        if text.endswith("s") and any(t.text == text[:-1] for t in doc):
            return False
        uses = [t for t in doc if t.text == text]
        if uses and all(t.tag_ == "NNS" for t in uses):
            return False  # a plural common noun: "Challenges remain"
        if any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in uses):
            return False  # the NER calls it a place elsewhere: "in eastern Ladakh"
        if uses and all(
            t.i + 1 < len(doc) and doc[t.i + 1].is_lower and doc[t.i + 1].pos_ == "NOUN"
            for t in uses
        ):
            return False  # only ever a modifier: "the Indra exercise"
        for tok in doc:
            if tok.text != text:
                continue
            before = doc[tok.i - 1] if tok.i > 0 else None
            after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if before is not None and before.is_lower and before.lemma_.lower() in org_words:
                return False
            if after is not None and (
                after.lower_ in org_words or self.titles.get(after.lower_.rstrip(".")) == "head"
            ):
                return False
        return True

    # -- more mentions ---------------------------------------------------------------------

    def _add_surname_mentions(self, clusters: list[_Cluster]) -> None:
        doc = self.doc
        covered = {i for c in clusters for n in c.names for i in range(n.start, n.end)}
        for tok in doc:
            if tok.i in covered or tok.i in self.country_tokens or not is_capitalised(tok):
                continue
            if not tok.is_alpha or len(tok.text) < 3 or tok.lower_ in self.titles:
                continue
            if self._overlaps_weapon(tok.idx, tok.idx + len(tok.text)):
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and is_capitalised(nxt) and (
                nxt.lower_ in word_set("named_after_words") or nxt.lower_ in word_set("org_words")
            ):
                continue  # the "Kalyani" of "Kalyani Group"
            word = fold(tok.text)
            target = self._cluster_of_word(word, tok.i, clusters)
            if target is None or not _same_word(word, target.surname):
                continue
            if len(target.full.words) > 1 and target.full.words[-1] != word and len(word) < 4:
                continue
            target.names.append(self._make(tok.i, tok.i + 1, "surname"))
            covered.add(tok.i)

    def _add_role_phrases(self, clusters: list[_Cluster]) -> None:
        """Attach 'the Russian leader', "Russia's defense chief", 'the ambassador' to the person
        of the article they stand for; never make a person from them."""
        for c in clusters:
            entry = self._link(c)
            held = self.gazetteer.offices_of(entry.key, self.article.date) if entry else []
            if self.article.date is not None:
                c.held = held
            if entry is not None and entry.country:
                c.countries.add(entry.country)
            for n in c.names:
                if n.title:
                    c.words.update(_title_words(n.title))
                    role = self._role_of_title(n)
                    if role is not None and role[1] is None:
                        # "President Trump": the gazetteer knows which country's president
                        role = next(((o, k) for o, k in held if o == role[0]), role)
                    if role is not None:
                        c.roles.append(role)
                self._describe(c, n)
            c.countries.update(k for _, k in (*c.roles, *c.held, *c.described) if k)
        self.name_token_set = {i for c in clusters for n in c.names for i in range(n.start, n.end)}
        # a title already belongs to the name it stands before ("Deputy Defence Minister Col
        # General X"): no word of it opens a role phrase of its own
        self.title_token_set = {
            i for c in clusters for n in c.names for i in range(n.mstart, n.start)
        }
        # every mention so far, names and resolved phrases; _latest picks the ones a phrase
        # may point back to
        seen = [(n.mstart, n.end, c) for c in clusters for n in c.names]
        for phrase in self._role_phrases():
            target = self._resolve_role(phrase, clusters, seen)
            if target is None:
                continue
            target.phrases.append((phrase.start, phrase.end))
            target.words.update(phrase.words)
            if phrase.office and not phrase.subordinate:
                target.roles.append((phrase.office, phrase.country))
            seen.append((phrase.start, phrase.end, target))

    def _antecedent_at(self, i: int, phrase: int) -> bool:
        """Whether a mention at token ``i`` may be what a role phrase at token ``phrase``
        points back to: outside quotations, unless the phrase is quoted too."""
        return not self._quoted(self.doc[i].idx) or self._quoted(self.doc[phrase].idx)

    def _quoted(self, offset: int) -> bool:
        k = bisect.bisect_right(self.quotes, (offset, float("inf"))) - 1
        return k >= 0 and self.quotes[k][0] <= offset < self.quotes[k][1]

    def _paragraph(self, i: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, self.doc[i].idx) - 1

    def _describe(self, cluster: _Cluster, name: _Name) -> None:
        """Read an apposition after a name ('Dmitry Peskov, the press secretary of the
        President of Russia,', 'X, Russia's deputy foreign minister,') into the cluster's role
        words, offices and countries."""
        doc = self.doc
        i = name.end
        if i + 1 >= len(doc) or doc[i].text != "," or not (
            doc[i + 1].pos_ == "DET" or doc[i + 1].i in self.country_at
            or doc[i + 1].lower_.rstrip(".") in self.titles
        ):
            return
        words: set[str] = set()
        office, country, complement = None, None, False
        end = i + 1
        while end < min(len(doc), i + 1 + APPOS_WINDOW * 2) and not (
            doc[end].is_punct or doc[end].is_space or doc[end].pos_ in ("VERB", "AUX")
            or doc[end].lower_ in RELATIVE
        ):
            end += 1
        if end >= len(doc) or not (doc[end].text in (",", ".", ";", ")") or doc[end].is_space):
            return  # "Blinken, Qatari PM say ...": a list of subjects, no apposition
        for j in range(i + 1, end):
            tok = doc[j]
            if j in self.country_at:
                country = country or self.country_at[j].entry.id
                continue
            if is_possessive(tok):
                words.clear()  # "X, the Russian president's aide": the president is another
                office = None
                continue
            if tok.lower_ in ("of", "to"):
                complement = True  # "press secretary of the President": not his own office
            if complement:
                continue
            word = tok.lower_.rstrip(".")
            if word in self.titles or word in role_groups() or word in role_kind_words():
                words.add(word)
            found, _ = self._office_at(j)
            if found and office is None:
                office = found
        if not words:
            return
        cluster.words.update(words)
        if office is not None and not words & SUBORDINATE:
            cluster.described.append((office, country))
        if country is not None:
            cluster.countries.add(country)

    def _role_phrases(self) -> list[_RolePhrase]:
        """Each role phrase without a name, in text order."""
        doc = self.doc
        out = []
        covered: set[int] = set()  # the rest of an office noun already read ("prime minister")
        kinds = role_kinds()
        groups = role_groups()
        for tok in doc:
            low = tok.lower_
            if low not in self.offices and low not in groups and low not in kinds:
                continue
            if tok.i in self.name_token_set or tok.i in self.title_token_set or tok.i in covered:
                continue
            office, n_words = self._office_at(tok.i)
            group = None
            if office is None:
                group = groups.get(low)
                if group is None and low in kinds and tok.pos_ == "NOUN":
                    group = low
            if office is None and group is None:
                continue
            end = tok.i + n_words if office else tok.i + 1
            covered.update(range(tok.i, end))
            head = doc[end - 1].lower_
            if end < len(doc) and (self._name_start_token(doc[end]) or doc[end].text == "("):
                continue  # a title: "President Putin"
            while end < len(doc) and doc[end].is_lower and self.titles.get(doc[end].lower_) == (
                "head"
            ):
                end += 1  # "the director general"
            if end < len(doc) and doc[end].is_lower and doc[end].pos_ == "NOUN":
                continue  # a modifier: "the chief guest"
            after_country = None
            if end < len(doc) and doc[end].lower_ in ("of", "to"):
                after_country = self._complement_country(end + 1)
                if after_country is None:
                    continue  # "the head of Rosneft", "ambassador to the EU"
            start, country = self._role_start(tok.i)
            if start is None and tok.i > 0 and doc[tok.i - 1].lower_.rstrip(".") in self.titles:
                continue  # the end of a longer title: "Deputy Defense Minister of Russia"
            if after_country is not None:
                start = tok.i if start is None else start
                country = country or after_country[0]
                end = after_country[1]
            if start is None:
                continue
            words = {doc[i].lower_.rstrip(".") for i in range(start, tok.i + max(n_words, 1))}
            words = {w for w in words if w not in LOOSE_MODIFIERS and (
                w in self.titles or w in groups or w in kinds or w in self.offices)}
            words.add(head)
            out.append(_RolePhrase(
                start, end, office, country, group, head, frozenset(words),
                self._subordinate(start, tok.i),
            ))
        return out

    def _complement_country(self, i: int) -> tuple[str, int] | None:
        """The country a role's complement names and where it ends: 'of Russia', 'to India',
        'of the President of the Russian Federation'; None for any other complement."""
        doc = self.doc
        for _ in range(2):
            if i < len(doc) and doc[i].lower_ == "the" and i not in self.country_at:
                i += 1
            if i in self.country_at:
                mention = self.country_at[i]
                return mention.entry.id, mention.end
            # "of the President of ...": a title standing for the office holder's office
            j = i
            while j < len(doc) and doc[j].lower_ != "of" and (
                doc[j].lower_.rstrip(".") in self.titles
            ):
                j += 1
            if j == i or j >= len(doc) or doc[j].lower_ != "of":
                return None
            i = j + 1
        return None

    def _subordinate(self, start: int, head: int) -> bool:
        """Whether the title run before a role head makes it a lesser or past role: 'Russia
        Deputy Defence Minister', 'the former prime minister', 'Vice Foreign Minister'."""
        doc = self.doc
        if any(doc[i].lower_.rstrip(".") in SUBORDINATE for i in range(start, head)):
            return True
        if doc[start].lower_ in ("the", "his", "her", "its", "their"):
            return False
        i = start - 1
        while i >= 0 and doc[i].lower_.rstrip(".") in self.titles:
            if doc[i].lower_.rstrip(".") in SUBORDINATE:
                return True
            i -= 1
        return False

    def _office_at(self, i: int) -> tuple[str | None, int]:
        doc = self.doc
        for office, noun in self.offices.get(doc[i].lower_, ()):
            n = len(noun)
            if tuple(t.lower_ for t in doc[i : i + n]) == noun:
                if i > 0 and doc[i - 1].lower_ in ("vice", "deputy", "former", "ex", "-"):
                    return None, 0
                return office, n
        return None, 0

    def _role_start(self, i: int) -> tuple[int | None, str | None]:
        """Start of the role phrase whose head word is at ``i`` and the country it names;
        None when the head has no determiner or country word before it."""
        doc = self.doc
        j = i
        country = None
        seats = government_seats()
        while j > 0:
            prev = doc[j - 1]
            if prev.i in self.country_at:
                country = self.country_at[prev.i].entry.id
                j = self.country_at[prev.i].start
                continue
            if is_possessive(prev) and j - 2 >= 0 and doc[j - 2].i in self.country_at:
                j -= 1
                continue
            if prev.lower_ in ("new", "top", "chief", "current", "then", "acting", "incumbent"):
                j -= 1
                continue
            word = prev.lower_.rstrip(".")
            if word in ("of", "for"):
                break  # "the inauguration of Iran's new president"
            if word in SUBORDINATE or self.titles.get(word) == "modifier":
                j -= 1
                continue
            if (is_capitalised(prev) and prev.is_alpha and j - 1 > prev.sent.start
                    and prev.pos_ == "PROPN" and prev.i not in self.name_token_set):
                country = country or seats.get(prev.text)
                j -= 1  # "the Rosatom CEO", "the Kremlin spokesman"
                continue
            break
        if j > 0 and doc[j - 1].lower_ in ("the", "his", "her", "its", "their"):
            return j - 1, country
        if j > 0 and (doc[j - 1].lower_ in INDEFINITE or doc[j - 1].pos_ == "NUM"):
            return None, None  # "a Russian official", "two US officials": someone unnamed
        if country is not None:
            return j, country
        return None, None

    def _resolve_role(
        self, phrase: _RolePhrase, clusters: list[_Cluster], seen: list[tuple[int, int, _Cluster]],
    ) -> _Cluster | None:
        """The person a role phrase means: the one named last before it (outside quotations,
        within a few paragraphs) whose title, description or office fits it; failing that, for
        a phrase that names its country, the one person titled so or the office's holder on the
        article's date."""
        named = self._apposed_name(phrase.end, clusters)
        if named is not None:
            return named  # "the Defence Secretary, Ajay Kumar,"
        if phrase.subordinate:
            # "the deputy minister" is someone named with that title, never the minister
            fits = [c for c in clusters if phrase.words <= c.words]
            return self._latest(fits, phrase, seen)
        if phrase.office is None:
            kind = role_kinds().get(phrase.head, frozenset())
            fits = [c for c in clusters if self._country_fits(c, phrase.country) and (
                any(role_groups().get(w) == phrase.group for w in c.words)
                or (c.words | {o for o, _ in c.all_roles}) & kind
            )]
            return self._latest(fits, phrase, seen)
        offices = {phrase.office}
        if phrase.office == "leader":
            entry = self.gazetteer.country_by_id(phrase.country) if phrase.country else None
            offices = {entry.leader_office} if entry else {
                "head_of_state", "head_of_government", "leader"}
        country = phrase.country
        fits = [c for c in clusters if any(
            o in offices and (country is None or k is None or k == country)
            for o, k in c.all_roles)]
        # "the defence minister" means Defence Minister X rather than Defence Secretary Y
        agreeing = [c for c in fits if phrase.head in c.words]
        if agreeing and len(agreeing) < len(fits):
            fits = agreeing
        if country is None:
            return self._latest(fits, phrase, seen) or self._only_fit(fits, phrase, seen)
        exact = [c for c in fits if any(o in offices and k == country for o, k in c.all_roles)]
        found = self._latest(exact, phrase, seen)
        if found is not None:
            return found
        titled = [c for c in exact
                  if any(self._antecedent_at(n.mstart, phrase.start) for n in c.names)]
        if len(titled) == 1:
            return titled[0]
        holder = self.gazetteer.holder(phrase.office, country, self.article.date)
        if holder is not None:
            named = [c for c in clusters if self._link(c) is not None
                     and self._link(c).key == holder.key]
            if named:
                return named[0]
        return self._latest(fits, phrase, seen)

    def _apposed_name(self, i: int, clusters: list[_Cluster]) -> _Cluster | None:
        """The person whose name follows a role phrase ending at token ``i`` after a comma."""
        doc = self.doc
        if i + 1 >= len(doc) or doc[i].text != ",":
            return None
        for c in clusters:
            for n in c.names:
                # closed like an apposition: not "the President and Foreign Minister of
                # Ukraine, X and Y, respectively" nor "as the minister, X termed ..."
                if n.mstart == i + 1 and (
                    n.end >= len(doc) or doc[n.end].text in (",", ".", ";", ")")
                    or doc[n.end].is_space
                ):
                    return c
        return None

    def _only_fit(
        self, fits: list[_Cluster], phrase: _RolePhrase, seen: list[tuple[int, int, _Cluster]],
    ) -> _Cluster | None:
        """The one person the article names with an office before a phrase naming that
        office further back than the window ('the president' when the article's only president
        was named six paragraphs earlier)."""
        if len(fits) != 1:
            return None
        cluster = fits[0]
        before = [i for i, _, c in seen if c is cluster and i < phrase.start
                  and self._antecedent_at(i, phrase.start)]
        if not before or self._unnamed_before(phrase, seen, cluster):
            return None
        return cluster

    def _country_fits(self, cluster: _Cluster, country: str | None) -> bool:
        return country is None or not cluster.countries or country in cluster.countries

    def _latest(
        self, fits: list[_Cluster], phrase: _RolePhrase, seen: list[tuple[int, int, _Cluster]],
    ) -> _Cluster | None:
        """Of the clusters that fit a role phrase, the one mentioned last before it within
        ROLE_WINDOW paragraphs, unless an unnamed person ('a Hamas leader') came in between."""
        if not fits or (len(fits) > 1 and self.doc[phrase.start].lower_ in POSSESSIVE_DETS):
            return None  # "his head of state" is not the person 'his' stands for
        ids = {id(c) for c in fits}
        para = self._paragraph(phrase.start)
        before = [(i, e, c) for i, e, c in seen if i < phrase.start and id(c) in ids
                  and para - self._paragraph(i) <= ROLE_WINDOW
                  and self._antecedent_at(i, phrase.start)]
        if not before:
            return None
        # the person the text is about: the last one named in the phrase's own sentence, else
        # the last subject ("Peskov said ...") rather than someone mentioned since in passing
        # ("... listened to the envoy. The official also said"), else whom the same words
        # meant last time ("the president ... the new Ukrainian president ... the president")
        doc = self.doc
        sent_start = doc[phrase.start].sent.start
        text = doc[phrase.start:phrase.end].text.lower()
        local = [(i, c) for i, _, c in before if i >= sent_start]
        subjects = [(i, c) for i, e, c in before if self._is_subject(i, e)]
        same = [(i, c) for i, e, c in before if doc[i:e].text.lower() == text]
        _, cluster = max(local or subjects or same or [(i, c) for i, _, c in before],
                         key=lambda x: x[0])
        if self._unnamed_before(phrase, seen, cluster):
            return None
        return cluster

    def _is_subject(self, start: int, end: int) -> bool:
        """Whether the mention at tokens ``start:end`` is the subject of a clause of its own,
        not of what someone is reported to have said ('told ... that the president was')."""
        root = self.doc[start:end].root
        if root.dep_ not in ("nsubj", "nsubjpass"):
            return False
        quoted = self._quoted(root.idx)
        node = root.head
        while node.head.i != node.i:
            if quoted and not self._quoted(node.head.idx):
                break  # a quotation's own clause: "'..., Putin conveyed ...,' he said"
            if node.dep_ == "ccomp":
                return False
            node = node.head
        return True

    def _unnamed_before(
        self, phrase: _RolePhrase, seen: list[tuple[int, int, _Cluster]], cluster: _Cluster,
    ) -> bool:
        """Whether an unnamed person came into the text as a subject before the phrase ('A
        Hamas leader added ...', 'an official familiar with ... said') and the cluster was not
        called by the phrase's head word since: then the phrase means that person."""
        doc = self.doc
        if self._unnamed is None:  # (token, head word) of 'a Hamas leader', 'an official'
            self._unnamed = [
                (tok.i, tok.lower_) for tok in doc if tok.dep_ in ("nsubj", "nsubjpass")
                and tok.pos_ == "NOUN" and any(
                    t.lower_ in INDEFINITE for t in doc[max(0, tok.i - 3):tok.i])
            ]
        unnamed = max((k for k, word in self._unnamed if word == phrase.head
                       and k < phrase.start), default=None)
        if unnamed is None:
            return False
        return not any(
            c is cluster and unnamed < k and phrase.head in doc[k:e].text.lower().split()
            for k, e, c in seen if k < phrase.start
        )

    def _role_of_title(self, name: _Name) -> tuple[str, str | None] | None:
        doc = self.doc
        office = None
        for i in range(name.mstart, name.start):
            found, _ = self._office_at(i)
            if found:
                office = found
        if office is None:
            return None
        country = None
        for i in range(name.mstart, name.start):
            if i in self.country_at:
                country = self.country_at[i].entry.id
        if country is None:
            title = doc[name.mstart : name.start].text
            for seat, qid in government_seats().items():
                if seat in title:
                    country = qid
        return office, country

    # -- linking and output ----------------------------------------------------------------

    def _link(self, cluster: _Cluster) -> PersonEntry | None:
        full = cluster.full
        entries = {n.entry.key: n.entry for n in cluster.names if n.entry and len(n.words) > 1}
        for n in cluster.names:
            if len(n.words) > 1:
                e = self.gazetteer.person(n.text)
                if e is not None:
                    entries[e.key] = e
        if len(entries) == 1:
            return next(iter(entries.values()))
        if entries:
            return None
        entry = self.gazetteer.person(full.text.split()[-1])
        if entry is None:
            return None
        if len(full.words) > 1:
            first = full.words[0]
            known = [fold(w) for w in [entry.name, *entry.aliases] if len(w.split()) > 1]
            firsts = {k.split()[0] for k in known}
            fits = self._role_fits(cluster, entry)
            if not any(f[:1] == first[:1] and (f[:3] == first[:3] or fits) for f in firsts):
                return None
        elif not self._role_fits(cluster, entry, default=True):
            return None
        return entry

    def _role_fits(self, cluster: _Cluster, entry: PersonEntry, default: bool = False) -> bool:
        if not cluster.roles:
            return default
        held = set(self.gazetteer.offices_of(entry.key, None))
        return any((o, k) in held or (k is None and any(o == h[0] for h in held))
                   for o, k in cluster.roles)

    def _person(self, cluster: _Cluster) -> Person:
        doc = self.doc
        entry = self._link(cluster)
        full = cluster.full
        # the fullest form the article gives; a lone surname of a known person gets its full name
        name = entry.name if entry is not None and len(full.words) == 1 else full.text
        mentions: dict[tuple[int, int], Mention] = {}
        for n in cluster.names:
            m = mention(doc, n.mstart, n.end)
            mentions.setdefault((m.start, m.end), m)
        for start, end in cluster.phrases:
            m = mention(doc, start, end)
            mentions.setdefault((m.start, m.end), m)
        ordered = sorted(mentions.values(), key=lambda m: (m.start, m.end))
        aliases = list(dict.fromkeys(
            m.text for m in ordered if m.text != name
        ))
        for n in cluster.names:
            if n.text != name and n.text not in aliases:
                aliases.append(n.text)
        roles = [
            RoleObservation(office=o, country=k, observed=self.article.date)
            for o, k in dict.fromkeys(cluster.roles)
        ]
        qid = entry.id if entry else None
        confidence = 0.95 if entry else (0.9 if len(full.words) > 1 else 0.7)
        return Person(
            key=qid or (entry.name if entry else name), name=name, wikidata=qid,
            aliases=aliases, mentions=ordered, roles=roles, confidence=confidence,
        )


def _title_words(title: str) -> set[str]:
    """The lower-case words of a title ('Russian Deputy Foreign Minister' -> deputy, foreign,
    minister, russian)."""
    return {w.lower().rstrip(".") for w in title.split()}


def _abbreviation(text: str) -> bool:
    """A short mixed-case abbreviation ('MoU', 'MoD', 'PoK', 'MoUs'), never a name word."""
    core = text[:-1] if text.endswith("s") else text
    return (
        2 <= len(core) <= 4 and core.isalpha() and not core.isupper() and not core.islower()
        and sum(c.isupper() for c in core) >= 2 and not core.startswith("Mc")
    )


def _same_word(a: str, b: str) -> bool:
    """Same name word, allowing one letter of transliteration ('Zelensky', 'Zelenskiy')."""
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1 or a[:4] != b[:4]:
        return False
    return _edit_distance_at_most_one(a, b)


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    i = j = diff = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        diff += 1
        if diff > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return diff + (len(b) - j) + (len(a) - i) <= 1


def _same_person(name: _Name, cluster: _Cluster, gazetteer: Gazetteer) -> bool:
    """Whether a full name belongs to a cluster: same surname and compatible given names
    ('Tim' ~ 'Timothy'), or the same gazetteer person."""
    full = cluster.full
    if name.entry and full.entry:
        return name.entry.key == full.entry.key
    if not _same_word(name.words[-1], full.words[-1]):
        return False
    short, long_ = sorted((name.words[:-1], full.words[:-1]), key=len)
    return all(any(w.startswith(s) or s.startswith(w) for w in long_) for s in short)


def _office_nouns(gazetteer: Gazetteer) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """First word -> (office, noun as lower-case words) for every office noun, longest first."""
    pairs = []
    for office, nouns in gazetteer.role_nouns().items():
        for noun in nouns:
            pairs.append((office, tuple(noun.lower().split())))
    pairs.sort(key=lambda p: -len(p[1]))
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for office, words in pairs:
        if words:
            index.setdefault(words[0], []).append((office, words))
    return index


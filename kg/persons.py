"""Persons in an article: spaCy's PERSON entities corrected by rules, one ``Person`` per human.

Names come from the NER, from titles ("Defence Minister X", "Lt. Col. X", "PM X"), from
appositions ("X Y, CEO of ...") and from the gazetteer. Every later mention -- surname alone,
title + surname, role phrases ("the Russian leader", "the defence minister") -- joins the person
it refers to. Only persons named in the body are kept; role phrases never create a person.
"""

from __future__ import annotations

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
    role_groups,
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


@dataclass
class _Cluster:
    names: list[_Name] = field(default_factory=list)
    roles: list[tuple[str, str | None]] = field(default_factory=list)
    phrases: list[tuple[int, int]] = field(default_factory=list)  # role-phrase tokens

    @property
    def full(self) -> _Name:
        return max(self.names, key=lambda n: (len(n.words), len(n.text), -n.start))

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
        title_start = self._title_start(start)
        title = self.doc[title_start:start].text if title_start < start else None
        return _Name(start, end, words, span.text, source, title_start, title, entry)

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
        return ent is None or ent.label_ not in ("ORG", "FAC", "LOC", "GPE", "EVENT", "WORK_OF_ART")

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
        if name.words[0] in openers and len(name.words) > 1:
            return False  # "Port Blair", "Fort Worth"
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
        return name.source in ("ner", "speaker")

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
            before = doc[n.start - 1] if n.start > 0 else None
            if (before is None or before.lower_ not in LOCATIVE) and not self._listed_with_places(
                n.start
            ):
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
            for n in c.names:
                if n.title:
                    role = self._role_of_title(n)
                    if role is not None and role[1] is None:
                        # "President Trump": the gazetteer knows which country's president
                        role = next(((o, k) for o, k in held if o == role[0]), role)
                    if role is not None:
                        c.roles.append(role)
        self.name_token_set = {i for c in clusters for n in c.names for i in range(n.start, n.end)}
        # a title already belongs to the name it stands before ("Deputy Defence Minister Col
        # General X"): no word of it opens a role phrase of its own
        self.title_token_set = {
            i for c in clusters for n in c.names for i in range(n.mstart, n.start)
        }
        for start, end, office, country, group, head in self._role_phrases():
            target = self._resolve_role(office, country, group, clusters, start, head)
            if target is not None:
                target.phrases.append((start, end))
                if office:
                    target.roles.append((office, country))

    def _role_phrases(self) -> list[tuple[int, int, str | None, str | None, str | None, str]]:
        """(start, end, office, country QID, role group, head word) of each role phrase without
        a name."""
        doc = self.doc
        out = []
        covered: set[int] = set()  # the rest of an office noun already read ("prime minister")
        for tok in doc:
            low = tok.lower_
            if tok.i in self.name_token_set or tok.i in self.title_token_set or tok.i in covered:
                continue
            office, n_words = self._office_at(tok.i)
            group = role_groups().get(low) if office is None else None
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
                after_country = self.country_at.get(end + 1)
                if after_country is None:
                    continue  # "the head of Rosneft", "ambassador to the EU"
            start, country = self._role_start(tok.i)
            if after_country is not None:
                start = tok.i if start is None else start
                country = country or after_country.entry.id
                end = after_country.end
            if start is None or self._subordinate(start, tok.i):
                continue
            out.append((start, end, office, country, group, head))
        return out

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
            if prev.lower_ in self.titles and self.titles[prev.lower_] == "modifier":
                j -= 1
                continue
            if (is_capitalised(prev) and prev.is_alpha and j - 1 > prev.sent.start
                    and prev.pos_ == "PROPN" and prev.i not in self.name_token_set):
                j -= 1  # "the Rosatom CEO"
                continue
            break
        if j > 0 and doc[j - 1].lower_ in ("the", "his", "her", "its", "their"):
            return j - 1, country
        if country is not None:
            return j, country
        return None, None

    def _resolve_role(
        self, office: str | None, country: str | None, group: str | None,
        clusters: list[_Cluster], at: int, head: str = "",
    ) -> _Cluster | None:
        if office is not None:
            offices = {office}
            if office == "leader":
                entry = self.gazetteer.country_by_id(country) if country else None
                offices = {entry.leader_office} if entry else {
                    "head_of_state", "head_of_government", "leader"}
            # "the defence minister" means Defence Minister X rather than Defence Secretary Y
            titled = [c for c in clusters if any(o in offices for o, _ in c.roles)]
            agreeing = [c for c in titled if _titled_with(c, head)]
            pool = agreeing if agreeing and len(agreeing) < len(titled) else clusters
            exact = [c for c in pool if any(o in offices and k == country for o, k in c.roles)]
            if exact:
                return _pick(exact, at)
            if country is not None:
                holder = self.gazetteer.holder(office, country, self.article.date)
                if holder is not None:
                    named = [c for c in clusters if self._link(c) is not None
                             and self._link(c).key == holder.key]
                    if named:
                        return named[0]
            loose = [c for c in pool if any(o in offices and k is None for o, k in c.roles)]
            if loose or country is not None:
                return _pick(loose, at)
            # "the president" with no country: whoever in the article holds that office
            return _pick([c for c in pool if any(o in offices for o, _ in c.roles)], at)
        if group is None:
            return None
        with_word = [c for c in clusters if any(
            n.title and any(role_groups().get(w.lower().rstrip(".")) == group
                            for w in n.title.split()) for n in c.names
        )]
        return _pick(with_word, at)

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


def _titled_with(cluster: _Cluster, word: str) -> bool:
    """Whether one of the cluster's names has ``word`` in its title."""
    return any(n.title and word in n.title.lower().split() for n in cluster.names)


def _pick(clusters: list[_Cluster], at: int) -> _Cluster | None:
    """The one cluster a role phrase at token ``at`` means: the only one, else the most
    mentioned, else the nearest before it."""
    if not clusters:
        return None
    if len(clusters) == 1:
        return clusters[0]
    counts = sorted((len(c.names) for c in clusters), reverse=True)
    best = max(clusters, key=lambda c: len(c.names))
    if counts[0] >= 2 * counts[1]:
        return best
    before = [(max(n.start for n in c.names if n.start < at), c) for c in clusters
              if any(n.start < at for n in c.names)]
    return max(before, key=lambda x: x[0])[1] if before else None


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


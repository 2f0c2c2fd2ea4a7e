"""The checks that reject non-persons: a candidate name that is a weapon, a place, a publisher,
an organisation, a building or a maker's product, and a cluster of names that only the NER
vouches for and that the text uses as a place or a modifier.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.countries import place_words
from kg.entity_support import QUOTES, is_capitalised, is_possessive, title_words, word_set
from kg.gazetteer import Gazetteer
from kg.models import Article, WeaponSystem
from kg.person_clusters import Cluster
from kg.person_names import Name, fold

LOCATIVE = frozenset({"in", "at", "near", "from", "into", "outside"})
# words no person's name holds but many systems' names do
WEAPON_WORDS = frozenset({"missile", "missiles", "rocket", "rockets", "torpedo", "howitzer",
                          "drone", "drones"})
_AFTER_EXERCISE = re.compile(r"\b(?:[Ee]xercise|[Oo]peration)\s+((?:[A-Z][a-z]+\s?){1,3})")
_EXERCISE_NOUN = re.compile(r"\b(?:exercise|drills?|wargames?)\b")
# nouns of drills and operations that a name may open or stand before ("Exercise X", "the X
# exercise")
EXERCISE_WORDS = frozenset({"exercise", "exercises", "drill", "drills", "operation", "wargame",
                            "wargames"})
# nouns for occasions whose name may stand beside them ("the defense industry fair Laad"); the
# place nouns are place_words.txt's 'named' ones ("the island, Okinawa")
OCCASIONS = frozenset({
    "fair", "exhibition", "expo", "show", "airshow", "festival", "forum", "summit", "conference",
    "exercise", "drill", "drills", "operation",
})
DIRECTIONS = frozenset({
    "eastern", "western", "northern", "southern", "central", "north", "south", "east", "west",
    "northeastern", "northwestern", "southeastern", "southwestern",
})


class PersonFilter:
    """Whether a candidate name, or a cluster of names, of one article is a person."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        gazetteer: Gazetteer,
        country_tokens: set[int],
        weapons: list[WeaponSystem],
    ) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.country_tokens = country_tokens
        self.weapon_chars = [(m.start, m.end) for w in weapons for m in w.mentions]
        self.weapon_names = {fold(a) for w in weapons for a in [w.name, *w.aliases]}
        self.titles = title_words()
        self.body_start = article.body_start
        self._exercise_names: set[str] | None = None

    def _names_an_exercise(self, name: Name) -> bool:
        """The name opens with 'Exercise', stands before 'exercise', or (or its first word) is
        the article's name for a drill elsewhere ('Talisman Saber' beside 'Exercise Talisman
        Sabre')."""
        doc = self.doc
        if name.words[0] in EXERCISE_WORDS:
            return True  # "Exercise Austere Challenge"
        k = name.end
        while k < len(doc) and doc[k].text in (")", "”", '"', "’"):
            k += 1  # "(Yudh Abhyas) exercise"
        if k < len(doc) and doc[k].lower_ in EXERCISE_WORDS and doc[k].is_lower:
            return True  # "the Yudh Abhyas exercise"
        names = self.exercise_names()
        return fold(doc[name.start:name.end].text) in names or any(
            len(n.split()) > 1 and n.split()[0] == name.words[0] for n in names)

    def exercise_names(self) -> set[str]:
        """Names the article gives a drill or operation anywhere ('Exercise Talisman Sabre'):
        every other mention of them is no person either ('Talisman Sabre began as ...')."""
        if self._exercise_names is None:
            text = self.doc.text
            found = set()
            for m in _AFTER_EXERCISE.finditer(text):  # 'Exercise Talisman Sabre'
                found.add(fold(m.group(1).strip()))
            for m in _EXERCISE_NOUN.finditer(text):  # 'the Talisman Sabre exercise'
                words = text[max(0, m.start() - 60):m.start()].split()[-3:]
                name = []
                for w in reversed(words):
                    if not (w[:1].isupper() and w.isalpha()):
                        break
                    name.insert(0, w)
                if name:
                    found.add(fold(" ".join(name)))
            self._exercise_names = found
        return self._exercise_names

    # -- names -----------------------------------------------------------------------------

    def valid(self, name: Name) -> bool:
        """Whether a candidate name may be a person's."""
        doc = self.doc
        span = doc[name.start : name.end]
        text = span.text
        if not name.words or any(c.isdigit() for c in text) or "@" in text or "#" in text:
            return False
        if name.entry is None and doc[name.start].idx < self.body_start:
            return False  # persons count when the body names them; titles follow the body
        if self.overlaps_weapon(span.start_char, span.end_char) or fold(text) in self.weapon_names:
            return False
        if self.gazetteer.country(text) is not None:
            return False
        if name.end - name.start == 1 and name.mstart == name.start and name.start > 0 and (
            doc[name.start - 1].lower_ == "the" and doc[name.start].dep_ != "compound"
        ):
            return False  # 'The Hague': a lone word after 'the' heading its phrase is no person
        if fold(text) in word_set("news_outlets") or fold(text) in word_set("not_persons"):
            return False  # "after Politico reported ...": a publisher; "on Twitter", "Covid"
        if name.words[0] == "daily" and len(name.words) > 1:
            return False  # "the pro-government Daily Sabah reports": a newspaper
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
        if all(w in self.titles for w in name.words):
            return False  # "the FAR Inspector General": a role, no name
        if any(w in WEAPON_WORDS for w in name.words):
            return False  # "Supersonic Missile Assisted Release": a system, no name
        if self._names_a_place_or_occasion(name) or self._names_an_exercise(name):
            return False  # "the island, Okinawa", "the defense industry fair Laad"
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
        if fold(text) in word_set("weapon_makers"):
            return False  # "Kamov of Russia", "Lockheed Martin said": the maker, no person
        if name.source == "ner":
            if any(t.is_upper and len(t) > 1 for t in span):
                return False
            quoted = before is not None and after is not None and before.text in QUOTES
            if quoted and after.text in QUOTES:
                return False
            if before is not None and name.title is None and before.is_lower:
                plain_noun = before.pos_ == "NOUN" and before.lower_ not in self.titles and (
                    before.lemma_.lower() not in self.titles)  # 'defence ministers X and Y'
                if plain_noun and (len(name.words) == 1 or before.tag_ == "NNS"):
                    return False  # "energy company Burisma", "operations Inherent Resolve"
                if before.lower_ == "of" and name.start > 1 and doc[name.start - 2].lower_ in (
                    place_words().get("noun", frozenset())
                ):
                    return False  # "the state of Tamil Nadu"
        return True

    def _names_a_place_or_occasion(self, name: Name) -> bool:
        """A name set beside a noun for a place or an occasion, in apposition or right after
        it: "Japan's fifth-largest island, Okinawa", "the defense industry fair Laad"."""
        doc = self.doc
        places = place_words()
        nouns = places.get("named", frozenset()) | places.get("feature", frozenset()) | OCCASIONS
        root = doc[name.end - 1]
        if root.dep_ == "appos" and root.head.i < name.start and root.head.lower_ in nouns:
            return True
        before = doc[name.start - 1] if name.start > 0 else None
        return (name.title is None and before is not None and before.is_lower
                and before.lower_ in nouns)

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
                if self.overlaps_weapon(doc[k].idx, doc[k].idx + len(doc[k])):
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

    def _named_thing(self, name: Name) -> bool:
        """'the General Election', 'the destroyer the Admiral Tributs': a determiner before a
        one-word title and a lone word is the name of a thing, not a title and a surname."""
        doc = self.doc
        if name.title is None or len(name.title.split()) != 1 or name.mstart == 0:
            return False
        return doc[name.mstart - 1].lower_ in ("the", "a", "an")

    def _compound_word_part(self, name: Name) -> bool:
        """'Mar' of 'Mar-a-Lago': a name glued by a hyphen to a lower-case word."""
        doc = self.doc
        i = name.end
        return (
            i + 1 < len(doc) and doc[i].text == "-" and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and doc[i + 1].is_lower and doc[i + 1].is_alpha
        )

    def _acronym_reaches_back(self, name: Name) -> bool:
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

    def overlaps_weapon(self, start: int, end: int) -> bool:
        """Whether characters ``start:end`` overlap a weapon system's mention."""
        return any(s < end and start < e for s, e in self.weapon_chars)

    # -- clusters --------------------------------------------------------------------------

    def single_supported(self, name: Name, singles: list[Name]) -> bool:
        """Whether a one-word name no cluster took may start a person of its own."""
        if name.entry is not None or name.title is not None:
            return True
        word = name.words[0]
        if word.endswith("s") and any(n.words[0] == word[:-1] for n in singles):
            return False
        return name.source in ("ner", "speaker", "appos")

    def supported(self, cluster: Cluster) -> bool:
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


def _abbreviation(text: str) -> bool:
    """A short mixed-case abbreviation ('MoU', 'MoD', 'PoK', 'MoUs'), never a name word."""
    core = text[:-1] if text.endswith("s") else text
    return (
        2 <= len(core) <= 4 and core.isalpha() and not core.isupper() and not core.islower()
        and sum(c.isupper() for c in core) >= 2 and not core.startswith("Mc")
    )

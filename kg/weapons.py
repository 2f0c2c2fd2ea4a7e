"""Weapon systems in an article: gazetteer names, model designators, ships, classes, projects.

Variants of one system ("S-400", "S-400s", "S-400 Triumf"; "USS Nimitz (CVN 68)", "Nimitz")
become one ``WeaponSystem`` named by its fullest form.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.entity_support import (
    QUOTES,
    SurfaceMatch,
    entity_around,
    fold_designator,
    in_title,
    is_capitalised,
    mention,
    title_abbreviations,
    weapon_exclusions,
    weapon_heads,
    word_set,
)
from kg.gazetteer import Gazetteer, WeaponEntry
from kg.models import Article, Mention, WeaponSystem
from kg.reported import is_cue, load_speech_verbs

# "Su-57", "S-400s", "AK-203", "MiG-29K", "Il-114-300", "F-35B", "K9", "SU57"
DESIGNATOR = re.compile(
    r"^(?:[A-Z][A-Za-z]{0,4}-?\d{1,4}|[A-Z][a-z]{4,8}-\d{1,3})[A-Z]{0,3}"
    r"(?:-[A-Z]?\d{1,4}[A-Z]{0,3})?(?P<plural>s)?$"
)
HULL_LETTERS = re.compile(r"^[A-Z]{1,5}$")
ROMAN_NUMERAL = re.compile(r"^(?:II|III|IV|VI|VII|VIII)$")
HULL_NUMBER = re.compile(r"^\d{1,4}$")
HULL_JOINED = re.compile(r"^[A-Z]{1,5}-\d{1,4}$")
CLASS_NUMBER = re.compile(r"^\d{2,5}[A-Z]?(?:\.\d)?$")
CHAIN_POS = frozenset({"NOUN", "ADJ", "PROPN", "NUM", "VERB"})
MAX_CHAIN = 7
NAMING_PARTICIPLES = frozenset({"named", "called", "dubbed", "christened", "designated"})
# A prefixed name followed by one of these is a shore establishment ("INS Hansa Naval Air
# Station"), not a ship.
SHORE_WORDS = frozenset({
    "station", "base", "academy", "dockyard", "school", "college", "hospital", "command",
    "headquarters", "airfield", "yard", "depot", "centre", "center",
})


@dataclass
class _Found:
    """One mention of a weapon candidate before variants are merged."""

    start: int
    end: int
    core: str
    form: str
    strong: bool
    category: str | None = None
    entry: WeaponEntry | None = None
    plural: bool = False
    name_form: bool = True  # False for forms that carry a generic head ("X-class cruiser")


@dataclass
class _Group:
    core: str
    found: list[_Found] = field(default_factory=list)

    @property
    def strong(self) -> bool:
        return any(f.strong for f in self.found)


def find_weapons(
    doc: Doc, article: Article, gazetteer: Gazetteer, matches: list[SurfaceMatch]
) -> list[WeaponSystem]:
    """Every weapon system ``doc`` names, variants merged, each with all its mentions."""
    finder = _WeaponFinder(doc, article, gazetteer, matches)
    return finder.run()


def head_after(doc: Doc, index: int, named: bool = False) -> tuple[str, int, bool] | None:
    """The weapon head noun that the noun phrase starting at token ``index`` ends in:
    (category, head index, civil). ``named``: stricter walk for plain names."""
    heads = weapon_heads()
    civil_words, _ = weapon_exclusions()
    sent_end = doc[index].sent.end if index < len(doc) else len(doc)
    found: tuple[str, int] | None = None
    civil = False
    i = index
    words = 0
    while i < sent_end and words < MAX_CHAIN:
        tok = doc[i]
        low = tok.lower_
        words += not tok.is_punct
        if low in civil_words:
            civil = True
        head = _head_category(doc, i, heads)
        if head is not None:
            found = (head, i)
            i += 1
            continue
        if low in ("-", "/") or (low == "to" and i > index and doc[i - 1].text == "-"):
            i += 1
            continue
        if _bracketed_abbreviation(doc, i):
            i += 3  # "surface-to-air (SAM) missiles"
            continue
        if tok.text in QUOTES and found is None and i == index:
            close = next((j for j in range(i + 1, min(i + 5, sent_end))
                          if doc[j].text in QUOTES), None)
            if close is not None:
                i = close + 1  # 'K2 "Black Panther" tanks': a nickname between name and noun
                continue
        if not named and low in (",", "and", "or") and found is None:
            i += 1
            continue
        if not named and DESIGNATOR.match(tok.text):
            i += 1
            continue
        if tok.pos_ in CHAIN_POS and (tok.is_lower or not named) and not tok.is_punct:
            # a head followed by another noun ("fighter pilot", "jet program")
            if found is not None and (named or tok.pos_ in ("NOUN", "PROPN")):
                return None if named else (found[0], found[1], civil)
            i += 1
            continue
        break
    if found is None:
        return None
    return found[0], found[1], civil


def _head_category(doc: Doc, i: int, heads: dict[str, tuple[str, frozenset[str]]]) -> str | None:
    tok = doc[i]
    if not tok.is_alpha:
        return None
    if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in ("anti", "counter"):
        return None  # "anti-tank", "anti-ship": what the weapon is against, not what it is
    lemma = tok.lemma_.lower()
    for word in (tok.lower_, lemma, tok.lower_.rstrip("s")):
        if word in heads:
            category, needs = heads[word]
            if not needs:
                return category
            before = " ".join(t.lower_ for t in doc[max(0, i - 4) : i]).replace(" - ", "-")
            if any(n in before.split() or n in before for n in needs):
                return category
            return None
    return None


class _WeaponFinder:
    """Per-article state of the weapon search."""

    def __init__(
        self, doc: Doc, article: Article, gazetteer: Gazetteer, matches: list[SurfaceMatch]
    ) -> None:
        self.doc = doc
        self.article = article
        self.gazetteer = gazetteer
        self.matches = [m for m in matches if m.kind == "weapon"]
        self.country_tokens = {
            i for m in matches if m.kind == "country" for i in range(m.start, m.end)
        }
        self.found: list[_Found] = []
        self.taken: set[int] = set()
        self._scanned: dict[str, list[Token]] | None = None

    def run(self) -> list[WeaponSystem]:
        self._ships()
        self._classes()
        self._numbered_classes()
        self._designators()
        self._gazetteer_names()
        self._named_before_heads()
        self._named_after_heads()
        self._named_by_apposition()
        self._bare_known_names()
        return self._build()

    # -- helpers ---------------------------------------------------------------------------

    def _add(self, found: _Found) -> None:
        self.found.append(found)
        self.taken.update(range(found.start, found.end))

    def _free(self, start: int, end: int) -> bool:
        return not any(i in self.taken for i in range(start, end))

    def _is_country(self, i: int) -> bool:
        return i in self.country_tokens

    def _in_org_name(self, start: int, end: int) -> bool:
        """Whether tokens start:end sit in an organisation's name ("BrahMos Aerospace")."""
        org_words = word_set("org_words")
        nxt = self.doc[end] if end < len(self.doc) else None
        if nxt is not None and is_capitalised(nxt) and nxt.lower_ in org_words:
            return True
        ent = entity_around(self.doc, start, end)
        if ent is not None and ent.label_ in ("ORG", "FAC") and len(ent) > end - start:
            return any(t.lower_ in org_words for t in ent if t.i >= end or t.i < start)
        return False

    # -- ships -----------------------------------------------------------------------------

    def _ships(self) -> None:
        doc = self.doc
        prefixes = word_set("ship_prefixes")
        abbreviations: frozenset[str] | None = None
        for tok in doc:
            if tok.text not in prefixes or not self._free(tok.i, tok.i + 1):
                continue
            if abbreviations is None:
                abbreviations = title_abbreviations(doc.text)
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 4 and _ship_name_token(doc[end]):
                end += 1
            first = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if end == tok.i + 1 or first is None or len(first.text) < 2 or not first.is_alpha:
                continue  # a name opens with a word, not an initial
            if any(t.lower_ in SHORE_WORDS for t in doc[tok.i + 1 : min(end + 1, len(doc))]):
                continue
            if tok.text in abbreviations or self._speaks(doc[end - 1]):
                continue  # 'CNS Ashraf emphasised': the Chief of Naval Staff, no ship
            name = doc[tok.i + 1 : end].text
            core = "ship:" + name.casefold()
            full_end = _hull_end(doc, end)
            self._add(_Found(tok.i, full_end, core, doc[tok.i : full_end].text, True, "ship"))
        self._ships_after_heads()
        self._ships_in_apposition()
        self._bare_ship_names()

    def _speaks(self, tok: Token) -> bool:
        """Whether ``tok`` is the subject of a speech or cognition verb: ships do not speak."""
        return tok.dep_ == "nsubj" and is_cue(tok.head, load_speech_verbs())

    def _ships_after_heads(self) -> None:
        """A named warship right after its type: "the aircraft carrier Admiral Gorshkov",
        "the cruiser Moskva", "frigate Admiral Makarov"."""
        doc = self.doc
        heads = weapon_heads()
        ship_words = {word for word, (category, _) in heads.items() if category == "ship"}
        for tok in doc[:-1]:
            if tok.lower_ not in ship_words or not tok.is_lower:
                continue  # singular only: "frigates Talwar and Teg" are classes
            if _head_category(doc, tok.i, heads) != "ship":
                continue
            if tok.lower_ in ("sub", "carrier") and (
                tok.i == 0 or doc[tok.i - 1].lower_ not in ("aircraft", "helicopter")
            ):
                continue  # "flag carrier Air India" is an airline
            start = end = tok.i + 1
            while end < len(doc) and end - start < 3 and _ship_name_token(doc[end]):
                if self._is_country(end) or doc[end].lower_ in word_set("org_words") or (
                    doc[end].lower_ in heads or doc[end].text in ("Project", "Type", "Class")
                ):
                    break
                end += 1
            if end == start or not doc[start].is_alpha or len(doc[start]) < 2:
                continue
            nxt = doc[end] if end < len(doc) else None
            if nxt is not None and is_capitalised(nxt) and nxt.is_alpha:
                continue  # the run stopped inside a longer name
            name = doc[start:end]
            if not self._free(start, end) or self.gazetteer.person(name.text) is not None:
                continue
            if name.text.lower() in word_set("ship_prefixes") or any(
                t.ent_type_ in ("GPE", "NORP", "DATE", "TIME", "ORG") for t in name
            ):
                continue
            core = "ship:" + name.text.casefold()
            self._add(_Found(start, end, core, name.text, True, "ship"))

    def _scan(self) -> dict[str, list[Token]]:
        """The tokens the name-giving passes look at, gathered in one walk over the doc:
        ship nouns, naming participles ('named', 'called') and appositions."""
        if self._scanned is None:
            ship_words = {w for w, (category, _) in weapon_heads().items() if category == "ship"}
            found: dict[str, list[Token]] = {"ship_words": [], "naming": [], "appos": []}
            for tok in self.doc:
                low = tok.lower_
                if low in ship_words:
                    found["ship_words"].append(tok)
                if low in NAMING_PARTICIPLES:
                    found["naming"].append(tok)
                if tok.dep_ == "appos":
                    found["appos"].append(tok)
            self._scanned = found
        return self._scanned

    def _ships_in_apposition(self) -> None:
        """A named warship set off after its type: "the navy's largest warship, Queen
        Elizabeth, joined ..." (a lone surname after the comma is left out)."""
        doc = self.doc
        heads = weapon_heads()
        for tok in self._scan()["ship_words"]:
            if tok.tag_ != "NN" or not tok.is_lower:
                continue
            if _head_category(doc, tok.i, heads) != "ship":
                continue
            for child in tok.children:
                if child.dep_ != "appos" or child.pos_ != "PROPN" or child.i <= tok.i + 1:
                    continue
                start = next((t.i for t in child.subtree if t.dep_ != "det"), child.i)
                end = child.i + 1
                if doc[start - 1].text != "," or end - start < 2 or end - start > 4:
                    continue
                if not all(_ship_name_token(t) for t in doc[start:end]) or not self._free(
                        start, end):
                    continue
                if any(self._is_country(i) for i in range(start, end)):
                    continue
                name = doc[start:end].text  # set beside a warship, even a royal's name
                self._add(_Found(start, end, "ship:" + name.casefold(), name, True, "ship"))

    def _bare_ship_names(self) -> None:
        doc = self.doc
        ships = {f.core: f for f in self.found if f.core.startswith("ship:")}
        texts = [t.text.casefold() for t in doc] if ships else []
        for core in ships:
            words = core[len("ship:") :].split()
            forms = [words]
            if len(words) > 1:
                forms.append(words[-1:])
            for form in forms:
                n = len(form)
                for i in range(len(doc) - n + 1):
                    if texts[i] != form[0] or texts[i : i + n] != form:
                        continue
                    if not self._free(i, i + n):
                        continue
                    if not all(is_capitalised(t) for t in doc[i : i + n]):
                        continue
                    nxt = doc[i + n] if i + n < len(doc) else None
                    if nxt is not None and is_capitalised(nxt) and nxt.is_alpha:
                        continue  # "Nimitz Carrier Strike Group" names the group
                    if n == 1 and len(words) > 1 and (i == 0 or doc[i - 1].lower_ != "the"):
                        continue  # a lone surname is a ship only as "the Eisenhower"
                    self._add(_Found(i, i + n, core, doc[i : i + n].text, True, "ship"))

    # -- classes ---------------------------------------------------------------------------

    def _classes(self) -> None:
        doc = self.doc
        for tok in doc:
            if tok.lower_ != "class" or tok.i == 0:
                continue
            j = tok.i - 1 if doc[tok.i - 1].text in ("-", "‑") else tok.i
            start = j
            while start > 0 and j - start < 3:
                prev = doc[start - 1]
                if self._is_country(prev.i) or not (
                    (is_capitalised(prev) and prev.is_alpha) or DESIGNATOR.match(prev.text)
                    or CLASS_NUMBER.match(prev.text)
                ):
                    break
                if prev.i == prev.sent.start and prev.pos_ != "PROPN":
                    break
                start -= 1
            if start == j or not self._free(start, tok.i + 1):
                continue
            name_tokens = doc[start:j]
            core = "class:" + " ".join(t.lower_ for t in name_tokens)
            form = doc[start : tok.i + 1].text
            category = None
            head = head_after(doc, tok.i + 1)
            if head is not None:
                category = head[0]
            self._add(_Found(start, tok.i + 1, core, form, True, category))
            if head is not None and not _coordinated(doc, tok.i + 1, head[1]):
                self.found.append(
                    _Found(start, head[1] + 1, core, doc[start : head[1] + 1].text, True,
                           category, name_form=False)
                )

    def _numbered_classes(self) -> None:
        """"Project 11356 frigates", "Type 055 destroyers"."""
        doc = self.doc
        for tok in doc[:-1]:
            if tok.text not in ("Project", "Type") or not CLASS_NUMBER.match(doc[tok.i + 1].text):
                continue
            if not self._free(tok.i, tok.i + 2):
                continue
            end = self._brand_after(tok.i + 2)
            form = doc[tok.i : end].text
            entry = self.gazetteer.weapon(form) or self.gazetteer.weapon(
                doc[tok.i : tok.i + 2].text
            )
            head = head_after(doc, end)
            if head is None and entry is None:
                continue
            core = f"{tok.lower_}:{doc[tok.i + 1].lower_}"
            category = head[0] if head else (entry.category if entry else None)
            self._add(_Found(tok.i, end, core, form, True, category, entry))
            if head is not None and not _coordinated(doc, end, head[1]):
                self.found.append(
                    _Found(tok.i, head[1] + 1, core, doc[tok.i : head[1] + 1].text, True,
                           category, entry, name_form=False)
                )

    # -- designators -----------------------------------------------------------------------

    def _designators(self) -> None:
        doc = self.doc
        _, civil_families = weapon_exclusions()
        for tok in doc:
            m = DESIGNATOR.match(tok.text)
            if not m or not self._free(tok.i, tok.i + 1) or not any(c.isdigit() for c in tok.text):
                continue
            if tok.i >= 2 and _variant_suffix(doc, tok.i - 1):
                continue  # the "M3" of "Buk-M3" belongs to the name before it
            start, end = tok.i, tok.i + 1
            # "F/A-18" is three tokens: "F", "/", "A-18"
            slash = start >= 2 and doc[start - 1].text == "/"
            if slash and HULL_LETTERS.match(doc[start - 2].text):
                start -= 2
            suffix = _attached_suffix(doc, end)
            end += suffix
            text = doc[start:end].text
            # a lower-case "s" after the model's digits or letters: "S-400s", "MiG-29Ks"
            plural = bool(m.group("plural") or (suffix and text.endswith("s"))) and (
                text[-2].isdigit() or text[-2].isupper()
            )
            designator = text
            singular = designator[:-1] if plural else designator
            folded = fold_designator(singular)
            if any(folded.startswith(f) for f in civil_families):
                continue
            entry = self.gazetteer.weapon(singular)
            head = head_after(doc, end)
            civil = head is not None and head[2]
            if civil and entry is None:
                continue
            strong = entry is not None or head is not None
            category = head[0] if head else (entry.category if entry else None)
            body = not in_title(doc, start, self.article.body_start)
            pre, post = start, end
            if body:
                pre, post = self._brand_before(start), self._brand_after(end)
            core = "des:" + folded
            self._add(_Found(start, end, core, designator, strong, category, entry, plural))
            if pre < start or post > end:
                form = doc[pre:post].text
                self._add(_Found(pre, post, core, form, strong, category, entry, plural))

    def _brand_before(self, start: int) -> int:
        """Start of a maker's or family name right before a designator ("Kalashnikov AK-203")."""
        if start == 0:
            return start
        prev = self.doc[start - 1]
        if not self._brand_word(prev) or prev.i == prev.sent.start:
            return start
        if start >= 2 and f"{self.doc[start - 2].lower_} {prev.lower_}" in word_set(
                "weapon_makers"):
            return start  # "Hyundai Rotem K2": the maker's two-word name, not the system's
        ent = entity_around(self.doc, prev.i, prev.i + 1)
        if ent is not None and len(ent) > 1 and ent.label_ in ("ORG", "GPE", "FAC", "LOC"):
            return start
        return start - 1

    def _brand_after(self, end: int) -> int:
        """End of a system's name after its designator ("S-400 Triumf", "F/A-18 Super Hornet")."""
        doc = self.doc
        stop = end
        words = 0
        while stop < len(doc) and words < 2:
            if self._brand_word(doc[stop]):
                stop += 1
                words += 1
            elif stop > end and _variant_suffix(doc, stop):
                stop += 2
            else:
                break
        if stop > end and stop < len(doc) and (ROMAN_NUMERAL.match(doc[stop].text) or (
                doc[stop - 1].lower_ in ("block", "mk", "mark") and doc[stop].text.isdigit())):
            stop += 1  # "RGM-84L-4 Harpoon Block II", "F-16 Block 70"
        return stop

    def _brand_word(self, tok: Token) -> bool:
        if not (is_capitalised(tok) and tok.is_alpha and tok.pos_ == "PROPN"):
            return False
        low = tok.lower_
        if low in weapon_heads() or low in word_set("org_words") or self._is_country(tok.i):
            return False
        return not self.gazetteer.country(tok.text)

    # -- names -----------------------------------------------------------------------------

    def _gazetteer_names(self) -> None:
        doc = self.doc
        for m in sorted(self.matches, key=lambda m: (m.start, -(m.end - m.start))):
            if not self._free(m.start, m.end):
                continue
            span = doc[m.start : m.end]
            entry = self.gazetteer.weapon(span.text)
            if entry is None or not is_capitalised(span[0]):
                continue
            if self._in_org_name(m.start, m.end):
                continue
            if m.end - m.start == 1 and self._persons_surname(m.start):
                continue  # "Haluk Bayraktar", later "Bayraktar's forecasts": a person's name
            if _variant_suffix(doc, m.end):
                continue  # "Zircon-M": a variant the gazetteer does not know; found by name
            head = head_after(doc, m.end, named=True)
            if head is not None and head[2]:
                continue
            plural = _plural_of(span.text, entry)
            has_digit = any(c.isdigit() for c in span.text)
            strong = has_digit or head is not None or len(span) > 1 or self._plain_name_ok(
                m.end, plural
            )
            category = head[0] if head else entry.category
            # "Rafale jet", "Patriot missiles": the system's name is the form without its head
            headed = len(span) > 1 and _head_category(doc, m.end - 1, weapon_heads()) is not None
            self._add(_Found(m.start, m.end, "gz:" + entry.key, span.text, strong, category,
                             entry, plural, name_form=not headed))

    def _persons_surname(self, i: int) -> bool:
        """Whether the one word at token ``i`` is a person's surname: the NER reads it as the
        end of a longer person's name ("Haluk Bayraktar"), or as a person with the surname of
        one the article names in full ("Bayraktar's forecasts" after "Selcuk Bayraktar")."""
        doc = self.doc
        tok = doc[i]
        if tok.ent_type_ != "PERSON" or any(c.isdigit() for c in tok.text):
            return False

        def full_name(ent: Span) -> bool:  # "Haluk Bayraktar", not "Hatf-III Ghaznavi"
            return ent.label_ == "PERSON" and len(ent) > 1 and all(
                t.is_alpha and is_capitalised(t) for t in ent
            ) and self.gazetteer.weapon(ent[0].text) is None

        if tok.ent_iob_ == "I":
            ent = next((e for e in doc.ents if e.start <= i < e.end), None)
            return ent is not None and full_name(ent)
        surnames = {ent[-1].lower_ for ent in doc.ents if full_name(ent) and ent[-1].i != i}
        return tok.lower_ in surnames

    def _bare_known_names(self) -> None:
        """"Ghauri" for the known "Ghauri missile": a known system whose name is a plain word
        and a head noun counts by the word alone once the article has named the system, or
        right after a head noun ("ballistic missile Ghauri")."""
        doc = self.doc
        heads = weapon_heads()
        bare = _bare_names(self.gazetteer)
        named = {f.entry.key for f in self.found if f.entry is not None and f.strong}
        for tok in doc:
            entry = bare.get(tok.lower_)
            if entry is None or not is_capitalised(tok) or not self._free(tok.i, tok.i + 1):
                continue
            if self._persons_surname(tok.i):
                continue
            prev = doc[tok.i - 1] if tok.i > 0 else None
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and is_capitalised(nxt) and nxt.is_alpha:
                continue  # part of a longer name
            if prev is not None and is_capitalised(prev) and prev.is_alpha and (
                prev.i != prev.sent.start
            ):
                continue
            after_head = prev is not None and prev.is_lower and (
                _head_category(doc, prev.i, heads) is not None
            )
            if entry.key not in named and not after_head:
                continue
            named.add(entry.key)
            self._add(_Found(tok.i, tok.i + 1, "gz:" + entry.key, tok.text, after_head,
                             entry.category, entry))

    def _maker_possessive(self, i: int) -> bool:
        """Whether token ``i`` follows a weapon maker's possessive ("Airbus Helicopters'")."""
        doc = self.doc
        j = i - 1
        if j < 0 or doc[j].text not in ("'s", "’s", "'", "’"):
            return False
        makers = word_set("weapon_makers")
        j -= 1
        while j >= 0 and is_capitalised(doc[j]) and doc[j].is_alpha:
            if doc[j].lower_ in makers:
                return True
            j -= 1
        return False

    def _plain_name_ok(self, end: int, plural: bool = False) -> bool:
        """A one-word known system with no head noun ("the Rafale deal") counts unless the NER
        takes it for a person or place, or it opens a longer name. A plural ("MKIs and
        Jaguars") is no person whatever the NER says."""
        doc = self.doc
        tok = doc[end - 1]
        if tok.ent_type_ == "PERSON" and (plural or self._maker_possessive(end - 1)):
            pass  # "Airbus Helicopters' Fennec"
        elif tok.ent_type_ in ("PERSON", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE"):
            return False
        nxt = doc[end] if end < len(doc) else None
        return nxt is None or not (is_capitalised(nxt) and nxt.is_alpha)

    def _named_before_heads(self) -> None:
        """Unknown capitalised names right before a weapon head ("Zircon-M hypersonic missile")."""
        doc = self.doc
        heads = weapon_heads()
        for tok in doc:
            if not tok.is_lower or tok.i < 1 or in_title(doc, tok.i, self.article.body_start):
                continue
            if _head_category(doc, tok.i, heads) is None:
                continue
            end = self._modifiers_start(tok.i)
            start = end
            while start > 0 and end - start < 3 and self._name_word(doc[start - 1]):
                start -= 1
            while start < end and doc[start].text == "-":
                start += 1  # the "-FA" of "PAK-FA"
            if start == end or not self._free(start, end):
                continue
            if end - start == 1 and len(doc[start].text) == 1:
                continue  # the "C" of "J-10 C fighter jets": a variant letter, no system
            if start > 0 and not doc[start - 1].whitespace_ and (
                doc[start - 1].is_alpha or doc[start - 1].text in ("-", "/")
            ):
                continue  # the end of a word the tokenizer split ("Ka-226" + "T", "S/M")
            head = head_after(doc, end, named=True)
            if head is None or head[2]:
                continue
            if self._in_org_name(start, end) or self._modifies_other_nouns(doc[start:end].text):
                continue
            if doc[start:end].text.lower() in word_set("weapon_makers"):
                continue  # "Kamov helicopters": the maker's products, no one system
            form = doc[start:end].text
            # "Spike anti-tank missiles" is the known "Spike missile"
            entry = self.gazetteer.weapon(form) or self.gazetteer.weapon(
                f"{form} {tok.lemma_.lower()}")
            core = "gz:" + entry.key if entry else "name:" + form.casefold()
            plural = entry is not None and _plural_of(form, entry)
            self._add(_Found(start, end, core, form, True, head[0], entry, plural))

    def _named_after_heads(self) -> None:
        """An unknown name given right after a weapon head: 'a cruise missile named Hoveizeh',
        'the missile — called Dezful —', 'a drone dubbed "Shahed"'."""
        doc = self.doc
        heads = weapon_heads()
        for tok in self._scan()["naming"]:
            if not tok.is_lower or tok.i < 2:
                continue
            k = tok.i - 1
            while k > 0 and doc[k].text in (",", "—", "–", "-"):
                k -= 1
            if _head_category(doc, k, heads) is None or doc[k].tag_ == "NNS":
                continue
            civil_words, _ = weapon_exclusions()
            if not doc[k].is_lower or any(t.lower_ in civil_words for t in doc[max(0, k - 3):k]):
                continue  # 'a passenger jet named X' is no weapon
            start = tok.i + 1
            while start < len(doc) and doc[start].text in QUOTES:
                start += 1
            end = start
            while end < len(doc) and end - start < 3 and self._name_word(doc[end]):
                end += 1
            nxt = doc[end] if end < len(doc) else None
            if nxt is not None and (nxt.lower_ == "of" or (
                    start > tok.i + 1 and nxt.text not in QUOTES | {",", "."})):
                continue  # the run stopped inside a longer name ('"Admiral of the Fleet ..."')
            if end == start or not self._free(start, end) or any(
                self._is_country(i) for i in range(start, end)
            ):
                continue
            self._add_given_name(start, end, _head_category(doc, k, heads))

    def _named_by_apposition(self) -> None:
        """An unknown name explained by an apposition headed by a weapon noun: 'KAAN, a
        fighter jet made in Turkiye', 'the Hoveizeh, a cruise missile'."""
        doc = self.doc
        heads = weapon_heads()
        civil_words, _ = weapon_exclusions()
        for tok in self._scan()["appos"]:
            if not tok.is_lower or tok.tag_ == "NNS":
                continue
            name = tok.head
            if name.i >= tok.i or name.pos_ != "PROPN" or not self._name_word(name):
                continue
            if doc[name.i + 1].text != "," or _head_category(doc, tok.i, heads) is None:
                continue
            if any(t.lower_ in civil_words for t in doc[name.i + 1:tok.i]):
                continue
            start = name.i
            while start > 0 and name.i - start < 2 and doc[start - 1].dep_ == "compound" and (
                self._name_word(doc[start - 1])
            ):
                start -= 1
            end = name.i + 1
            if not self._free(start, end) or self._in_org_name(start, end):
                continue
            self._add_given_name(start, end, _head_category(doc, tok.i, heads))

    def _add_given_name(self, start: int, end: int, category: str | None) -> None:
        """A system's name that the text gives beside its weapon noun, unless it is a known
        person's or a maker's."""
        form = self.doc[start:end].text
        if self.gazetteer.person(form) is not None or form.lower() in word_set("weapon_makers"):
            return
        entry = self.gazetteer.weapon(form)
        core = "gz:" + entry.key if entry else "name:" + form.casefold()
        self._add(_Found(start, end, core, form, True, category, entry))

    def _modifiers_start(self, head: int) -> int:
        """Start of the lower-case modifiers before a head noun ("surface-to-air (SAM)",
        "anti-tank guided"), at most four words."""
        doc = self.doc
        j = head
        words = 0
        while j > 0:
            prev = doc[j - 1]
            if j >= 3 and _bracketed_abbreviation(doc, j - 3):
                j -= 3
            elif prev.text == "-" or (
                prev.lower_ == "to" and j >= 2 and doc[j - 2].text == "-" and doc[j].text == "-"
            ):
                j -= 1
            elif prev.is_lower and prev.pos_ not in ("DET", "ADP", "PRON", "CCONJ", "AUX", "PART"):
                words += 1
                if words > 4:
                    break
                j -= 1
            else:
                break
        return j

    def _name_word(self, tok: Token) -> bool:
        if tok.text in ("-",):
            return True
        if not (is_capitalised(tok) and (tok.is_alpha or tok.text.isalnum())):
            return False
        if tok.i == tok.sent.start and tok.pos_ != "PROPN":
            return False
        if tok.ent_type_ in ("GPE", "NORP", "DATE", "TIME", "LOC") or self._is_country(tok.i):
            return False
        low = tok.lower_
        stop = word_set("org_words") | set(weapon_heads())
        return low not in stop and not self.gazetteer.country(tok.text)

    def _modifies_other_nouns(self, form: str) -> bool:
        """Whether ``form`` also stands before nouns that are no weapons ("Houthi rebels")."""
        doc = self.doc
        words = form.split()
        n = len(words)
        for i in range(len(doc) - n):
            if [t.text for t in doc[i : i + n]] != words:
                continue
            nxt = doc[i + n]
            if nxt.pos_ == "NOUN" and nxt.is_lower and head_after(doc, i + n, named=True) is None:
                return True
            after = doc[i + n + 1].lower_ if i + n + 1 < len(doc) else ""
            if nxt.text == "-" and after in ("led", "backed"):
                return True
        return False

    # -- merging ---------------------------------------------------------------------------

    def _build(self) -> list[WeaponSystem]:
        groups: dict[str, _Group] = {}
        for f in self.found:
            groups.setdefault(f.core, _Group(f.core)).found.append(f)
        # variants that the gazetteer knows as one system join up
        by_entry: dict[str, str] = {}
        for core, group in list(groups.items()):
            entry = next((f.entry for f in group.found if f.entry), None)
            if entry is None:
                entry = next(
                    (e for f in group.found if f.name_form
                     for e in [self.gazetteer.weapon(f.form)] if e), None)
            if entry is None:
                continue
            other = by_entry.get(entry.key)
            if other is not None and other.startswith("des:") and core.startswith("des:"):
                continue  # two designators ("AK-200", "AK-203") are two systems
            if entry.key in by_entry and by_entry[entry.key] != core:
                groups[by_entry[entry.key]].found.extend(group.found)
                del groups[core]
            else:
                by_entry[entry.key] = core
        out = []
        for group in groups.values():
            if not group.strong:
                continue
            out.append(self._weapon(group))
        return _merge_same_key(out)

    def _weapon(self, group: _Group) -> WeaponSystem:
        found = sorted(group.found, key=lambda f: (f.start, f.end))
        entry = next((f.entry for f in found if f.entry), None)
        if entry is None:
            entry = next((e for f in found if f.name_form
                          for e in [self.gazetteer.weapon(f.form)] if e), None)
        names = [f for f in found if f.name_form]
        best = max(names or found, key=lambda f: (not f.plural, f.end - f.start, len(f.form)))
        name = best.form[:-1] if best.plural else best.form
        seen: dict[tuple[int, int], Mention] = {}
        for f in found:
            m = mention(self.doc, f.start, f.end)
            seen.setdefault((m.start, m.end), m)
        mentions = sorted(seen.values(), key=lambda m: (m.start, m.end))
        aliases = list(dict.fromkeys(m.text for m in mentions if m.text != name))
        mentions = [m for m in mentions if not any(
            o is not m and o.start <= m.start and m.end <= o.end for o in mentions)]
        category = next((f.category for f in found if f.category), None)
        if entry is not None and entry.category:
            category = entry.category
        qid = entry.id if entry else None
        confidence = 0.95 if entry else 0.8
        # the label is the article's fullest form; the key (hence the IRI) is the same for a
        # known system whatever the wording, so "S-400" and "S-400 Triumf" are one node
        key = qid or (entry.name if entry else name)
        return WeaponSystem(
            key=key, name=name, wikidata=qid, aliases=aliases, mentions=mentions,
            category=category, confidence=confidence,
        )


@functools.lru_cache(maxsize=4)
def _bare_names(gazetteer: Gazetteer) -> dict[str, WeaponEntry]:
    """Plain word -> the known system named by that word and a head noun ("Ghauri missile")."""
    heads = weapon_heads()
    bare: dict[str, WeaponEntry] = {}
    for entry in gazetteer.weapons:
        for form in (entry.name, *entry.aliases):
            words = form.split()
            if len(words) == 2 and words[1].lower() in heads and words[0].isalpha() and (
                words[0][0].isupper()
            ):
                bare.setdefault(words[0].casefold(), entry)
    return bare


def _merge_same_key(weapons: list[WeaponSystem]) -> list[WeaponSystem]:
    out: dict[str, WeaponSystem] = {}
    for weapon in weapons:
        if weapon.key not in out:
            out[weapon.key] = weapon
            continue
        kept = out[weapon.key]
        mentions = {(m.start, m.end): m for m in [*kept.mentions, *weapon.mentions]}
        kept.mentions = sorted(mentions.values(), key=lambda m: (m.start, m.end))
        merged = dict.fromkeys([*kept.aliases, weapon.name, *weapon.aliases])
        kept.aliases = [a for a in merged if a != kept.name]
    return list(out.values())


def _coordinated(doc: Doc, start: int, head: int) -> bool:
    """Whether a coordinator stands between a name and its head noun ("Kilo-class conventional
    and Akula class nuclear submarines"): the head then belongs to the whole coordination."""
    return any(t.lower_ in ("and", "or", ",", "&") for t in doc[start:head])


def _bracketed_abbreviation(doc: Doc, i: int) -> bool:
    """Whether tokens ``i:i+3`` are an abbreviation in brackets: "(SAM)", "(ATGM)"."""
    return (
        i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")"
        and doc[i + 1].text.isupper() and doc[i + 1].is_alpha
    )


def _plural_of(form: str, entry: WeaponEntry) -> bool:
    """Whether ``form`` is the plural of a known system ('Rafales'), not one of its names
    that ends in s ('Aegis')."""
    names = {n.casefold() for n in (entry.name, *entry.aliases)}
    return form.endswith("s") and form.casefold() not in names and not entry.name.endswith("s")


def _attached_suffix(doc: Doc, end: int) -> int:
    """1 when the token at ``end`` is a model letter that the tokenizer split from the
    designator before it ("Ka-226" + "T", "MiG-29" + "K", "MiG-29" + "Ks"), else 0."""
    if end >= len(doc) or doc[end - 1].whitespace_:
        return 0
    text = doc[end].text
    core = text[:-1] if len(text) > 1 and text.endswith("s") else text
    return int(bool(HULL_LETTERS.match(core)) and len(core) <= 3)


def _variant_suffix(doc: Doc, end: int) -> bool:
    """Whether a hyphen and a letter or number follow without spaces ("Zircon-M")."""
    return (
        end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
        and not doc[end].whitespace_ and doc[end + 1].text[:1].isupper()
    )


def _ship_name_token(tok: Token) -> bool:
    text = tok.text
    if text in ("and", "or", ",", "(", ")"):
        return False
    if len(text) <= 2 and text[:1].isupper() and (len(text) == 1 or text[1] == "."):
        return True  # initials: "Dwight D Eisenhower"
    return is_capitalised(tok) and tok.is_alpha


def _hull_end(doc: Doc, end: int) -> int:
    """End of a hull number in brackets after a ship's name: "(CVN 68)", "(DDG-104)"."""
    if end < len(doc) and doc[end].text == "(":
        j = end + 1
        if j + 1 < len(doc) and HULL_LETTERS.match(doc[j].text) and HULL_NUMBER.match(
            doc[j + 1].text
        ):
            j += 2
        elif j < len(doc) and HULL_JOINED.match(doc[j].text):
            j += 1
        else:
            return end
        if j < len(doc) and doc[j].text == ")":
            return j + 1
    return end

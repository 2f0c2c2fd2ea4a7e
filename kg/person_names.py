"""Where persons' names are in an article: the candidate names a person search starts from.

Candidates come from titles ("Defence Minister X", "Lt. Col. X", "PM X"), from the gazetteer,
from spaCy's PERSON entities and from appositions and speech verbs ("X Y, CEO of ...", "X Y
said"); the token tests here decide where a capitalised name and the title before it begin and
end. Whether a candidate is really a person is for ``kg.person_filters``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.entity_support import (
    SurfaceMatch,
    entity_around,
    is_capitalised,
    is_possessive,
    role_groups,
    title_abbreviations,
    title_words,
    word_set,
)
from kg.gazetteer import Gazetteer, PersonEntry

NAME_PARTICLES = frozenset({
    "al", "el", "bin", "ibn", "van", "von", "de", "da", "der", "den", "la", "le", "du", "di",
    "abu", "abd", "ben", "dos", "del", "y",
})
TITLE_GLUE = frozenset({"the", "to", "of", "and", "-"})
MAX_NAME = 5
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
INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$")
GLUED_INITIAL = re.compile(r"^([A-Z])([A-Z][a-z]{3,})$")
# a name word with an apostrophe inside: "O'Brien", "D’Souza", "Sa’ar" (never a possessive,
# which the tokenizer splits off)
APOSTROPHE_NAME = re.compile(r"^[A-Z][a-z]*['’][A-Za-z][a-z]+$")
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "dr", "shri", "shrimati", "smt", "sir", "dame", "lord", "lady", "prof",
})


@dataclass
class Name:
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


def is_name_word(tok: Token) -> bool:
    """Letters only, or letters around one apostrophe."""
    return tok.is_alpha or APOSTROPHE_NAME.match(tok.text) is not None


def fold(text: str) -> str:
    """Accent- and case-free form of a name word."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip(".")


class NameFinder:
    """The candidate names of one article, and the token tests that delimit a name."""

    def __init__(
        self,
        doc: Doc,
        gazetteer: Gazetteer,
        matches: list[SurfaceMatch],
        country_tokens: set[int],
    ) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.person_matches = [m for m in matches if m.kind == "person"]
        self.country_tokens = country_tokens
        # 'CNS Ashraf' after 'Chief of the Naval Staff (CNS) Admiral Naveed Ashraf'
        self.titles = {**title_words(), **{a.lower(): "head" for a in title_abbreviations(
            doc.text)}}

    # -- candidates ------------------------------------------------------------------------

    def make(self, start: int, end: int, source: str, entry: PersonEntry | None = None) -> Name:
        """The name at tokens ``start:end`` with the title standing before it."""
        span = self.doc[start:end]
        words = tuple(fold(t.text) for t in span if t.text not in ("-", "(", ")", "[", "]"))
        glued = GLUED_INITIAL.match(span.text) if end - start == 1 else None
        if glued and self._known_surname(glued.group(2)):
            # "SJaishankar": an initial run into a surname the article or gazetteer knows
            words = (glued.group(1).lower(), fold(glued.group(2)))
            entry = entry or self.gazetteer.person(" ".join(glued.groups()))
        title_start = self._title_start(start)
        title = self.doc[title_start:start].text if title_start < start else None
        # "[Russian President Vladimir] Putin": an editor's brackets are no part of the name
        text = re.sub(r"\s*[\[\]]\s*", " ", span.text).strip() if "[" in span.text or (
            "]" in span.text) else span.text
        if end - start > 1 and self._sentence_final_word(self.doc[end - 1]):
            text = text[:-1]  # "Dong Jun." -> "Dong Jun"
        return Name(start, end, words, text, source, title_start, title, entry)

    def _known_surname(self, word: str) -> bool:
        """Whether ``word`` is a surname the gazetteer knows or the article spells alone."""
        return self.gazetteer.person(word) is not None or any(
            t.text == word for t in self.doc
        )

    def titled_names(self) -> list[Name]:
        out = []
        doc = self.doc
        inside: set[int] = set()  # words of names found so far ("Hassan Sheikh Mohamud")
        for tok in doc:
            if not self._is_title_head(tok) or tok.i in inside:
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
            name = self.make(start, end, "title")
            if end - start == 1 and not self._lone_titled_name_ok(tok.i, start):
                continue
            out.append(name)
            inside.update(range(start, end))
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

    def gazetteer_names(self) -> list[Name]:
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
            out.append(self.make(start, m.end, "gazetteer", entry))
        return out

    def ner_names(self) -> list[Name]:
        out = []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or "@" in ent.text or "#" in ent.text:
                continue
            start, end = ent.start, ent.end
            first = self.doc[start]
            if self._heading_verb(first):
                start += 1  # a heading: "Questioning Vindman's judgment"
            while start < end and not self.name_start_token(self.doc[start]):
                start += 1
            while end > start and not self._name_token(self.doc[end - 1], final=True):
                end -= 1
            if end > start:
                out.append(self.make(start, end, "ner"))
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

    def apposed_names(self) -> list[Name]:
        """'Vadim Badekha, CEO of ...' and 'X Y said': two or more capitalised words that an
        apposition or a speech verb shows to be a person, whatever the NER thought."""
        out = []
        doc = self.doc
        i = 0
        while i < len(doc):
            if not self.name_start_token(doc[i]) or (i > 0 and self._name_token(doc[i - 1])):
                i += 1
                continue
            end = self._name_end(i)
            if end - i >= 2 and self._apposition_or_speaker(i, end):
                out.append(self.make(i, end, "appos"))
            elif end - i == 1 and self._lone_speaker(doc[i]):
                out.append(self.make(i, end, "speaker"))
            elif end - i == 1 and self._lone_described(i):
                out.append(self.make(i, end, "appos"))
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

    def name_start_token(self, tok: Token) -> bool:
        if INITIALS.match(tok.text) and tok.ent_type_ == "PERSON" and tok.i not in (
            self.country_tokens
        ):
            nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
            return nxt is not None and nxt.ent_type_ == "PERSON" and self._name_token(nxt, True)
        if not is_capitalised(tok) or not is_name_word(tok):
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
        if final and self._sentence_final_word(tok):
            return True  # "Admiral Dong Jun.": the tokenizer kept the full stop as 'Jun.'
        if not is_name_word(tok):
            return False
        if tok.is_lower and (tok.ent_type_ == "PERSON" or tok.pos_ == "PROPN") and (
            self._hyphen_joined(tok)
        ):
            return True  # "Tsai Ing-wen", "Kim Jong-un", "Park Sun-won" (never "Biden-era")
        if not is_capitalised(tok) or tok.lower_ in CALENDAR_WORDS:
            return False
        if tok.lower_ in self.titles:
            if tok.is_upper:
                return False  # "Hibi Eden MP": an abbreviated title after the name
            doc = self.doc
            if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "I" and tok.i + 1 < len(doc) and (
                    doc[tok.i + 1].ent_type_ == "PERSON" and doc[tok.i + 1].pos_ == "PROPN"):
                return True  # "Hassan Sheikh Mohamud": a title word inside one name
            # "Kevin King" is a name; "Trump Secretary Pompeo" is not
            nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
            return final or nxt is None or not (is_capitalised(nxt) and nxt.is_alpha)
        return True

    def _sentence_final_word(self, tok: Token) -> bool:
        """A capitalised word that took the sentence's full stop ('Jun.' read as the month)."""
        text = tok.text
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        return (len(text) > 3 and text.endswith(".") and text[:-1].isalpha()
                and text[0].isupper() and text[1:-1].islower() and tok.ent_type_ == "PERSON"
                and (nxt is None or nxt.is_space or nxt.is_sent_start))

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
        if start >= len(doc) or not self.name_start_token(doc[start]):
            return start
        end = start + 1
        while end < len(doc) and end - start < MAX_NAME * 2:
            tok = doc[end]
            joined = not tok.whitespace_ and not doc[end - 1].whitespace_
            if tok.text == "-" and end + 1 < len(doc) and doc[end + 1].is_alpha and joined:
                end += 2
                continue
            if tok.text == "]" and not doc[end - 1].whitespace_ and end + 1 < len(doc) and any(
                    t.text == "[" for t in doc[max(0, start - 6):start]) and self._name_token(
                    doc[end + 1]):
                end += 1  # "[Foreign Minister Lars] Holm": an editor's insertion
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

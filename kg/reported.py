"""Who said what: speech verbs, speaker resolution, and indirect (reported) statements.

``find_reported`` finds "X said (that) CLAUSE", "according to X, CLAUSE" and "X praised ..."
where X resolves to a Person. The ``Attributor`` it uses is shared with ``kg.quotes``: it knows
the speech-verb lexicon and maps a speech verb to the Person who is its subject, by name, role
phrase (the entity layer's mentions) or pronoun.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from kg.errors import KgError
from kg.models import Article, Entity, Mention, Person, Statement

SPEECH_VERBS = Path(__file__).parent / "data" / "speech_verbs.txt"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Clause-linking relations through which a participle or conjunct shares its head's subject
# ("Putin said ..., adding that ...", "Lavrov arrived and said ...").
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
# "TASS quoted/cited him as saying": the object of these verbs is the speaker.
QUOTING_VERBS = frozenset({"quote", "cite"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# How many paragraphs back a pronoun may look for its antecedent.
PRONOUN_WINDOW = 3
QUOTE_CHARS = frozenset("\"'“”‘’«»„‹›″")
OPENING_QUOTES = frozenset("\"'“‘«„‹″")
CLOSING_QUOTES = frozenset("\"'”’»›″")
# Dependents that give a clause a subject of its own.
CLAUSE_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
# words that open a phrase about the saying itself, not what was said
CIRCUMSTANCE = frozenset({"without", "after", "before", "despite", "during", "while", "amid"})
MIN_OWN_TOKENS = 3  # a reported clause needs this many words outside quotation marks


class LexiconError(KgError):
    """The speech-verb lexicon could not be read."""


@functools.lru_cache(maxsize=4)
def load_speech_verbs(path: Path = SPEECH_VERBS) -> dict[str, frozenset[str]]:
    """Lemma -> tags (speech, cognition, label, object) from the lexicon file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LexiconError(f"cannot read speech verbs from {path}: {exc}") from exc
    verbs: dict[str, set[str]] = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        lemma, _, tags = line.partition(" ")
        verbs.setdefault(lemma.lower(), set()).update(
            t.strip() for t in tags.split(",") if t.strip()
        )
    return {lemma: frozenset(tags) for lemma, tags in verbs.items()}


@dataclass(frozen=True)
class Speaker:
    """The outcome of attributing a speech verb: who (if a Person) and how sure."""

    key: str | None
    how: str  # "name", "role", "pronoun", "other" (organisation, unnamed), "none"
    confidence: float


NO_SPEAKER = Speaker(None, "none", 0.0)
VERB_TAGS = frozenset({"speech", "cognition", "label"})


def is_cue(token: Token, lexicon: dict[str, frozenset[str]]) -> bool:
    """Whether ``token`` is a speech/cognition/label verb or the 'according' of 'according to'."""
    if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
        return True
    if token.pos_ not in ("VERB", "AUX"):
        return _noun_gerund_cue(token, lexicon)
    tags = lexicon.get(token.lemma_.lower())
    if not tags or not tags & VERB_TAGS:
        return False
    # "he continued" reports words; "the US will continue to press" does not
    return "intransitive" not in tags or not any(
        c.dep_ in ("xcomp", "dobj") for c in token.children
    )


def _noun_gerund_cue(token: Token, lexicon: dict[str, frozenset[str]]) -> bool:
    """'with Foreign Minister X warning of ...': the parser may tag the participle of an
    absolute phrase as a noun, with the speaker as its compound."""
    if token.tag_ != "NN" or not token.lower_.endswith("ing") or not any(
        c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == token.i - 1 for c in token.children
    ):
        return False
    return _gerund_lemma(token.lower_, lexicon) is not None


def _gerund_lemma(word: str, lexicon: dict[str, frozenset[str]]) -> str | None:
    stem = word[:-3]
    for lemma in (stem, stem + "e"):
        tags = lexicon.get(lemma)
        if tags and "speech" in tags:
            return lemma
    return None


def cue_tags(token: Token, lexicon: dict[str, frozenset[str]]) -> frozenset[str]:
    if token.lower_ == "according":
        return frozenset({"speech"})
    if token.pos_ == "NOUN":
        lemma = _gerund_lemma(token.lower_, lexicon)
        return lexicon.get(lemma, frozenset()) if lemma else frozenset()
    return lexicon.get(token.lemma_.lower(), frozenset())


def cue_lemma(token: Token) -> str:
    """The lemma a Statement records as its cue ('according to' -> 'accord')."""
    if token.lower_ == "according":
        return "accord"
    if token.pos_ == "NOUN":
        return _gerund_lemma(token.lower_, load_speech_verbs()) or token.lemma_.lower()
    return token.lemma_.lower()


class Attributor:
    """Maps tokens of one doc to Person keys via the persons' mentions and pronoun history."""

    def __init__(self, doc: Doc, persons: list[Person], body_start: int,
                 quoted: list[tuple[int, int]] | None = None) -> None:
        self.doc = doc
        self.body_start = body_start
        self.lexicon = load_speech_verbs()
        self._mentions = sorted(
            (m.start, m.end, p.key) for p in persons for m in p.mentions
        )
        self._starts = [m[0] for m in self._mentions]
        self._quoted = sorted(quoted or [])
        self._paragraph_starts = _paragraph_starts(doc.text)
        self._subjects = self._antecedents()
        self._named = [(start, key) for start, _, key in self._mentions
                       if start >= body_start and not self.in_quote(start)]

    # ------------------------------------------------------------------ mentions

    def person_at(self, start: int, end: int) -> str | None:
        """The Person whose mention overlaps [start, end) the most."""
        best, best_overlap = None, 0
        i = bisect.bisect_left(self._starts, end)
        for m_start, m_end, key in self._mentions[max(0, i - 50):i]:
            overlap = min(end, m_end) - max(start, m_start)
            if overlap > best_overlap:
                best, best_overlap = key, overlap
        return best

    def person_of_token(self, token: Token) -> tuple[str | None, str]:
        """A Person named by a noun phrase headed by ``token`` (name or role), else None."""
        key = self.person_at(token.idx, token.idx + len(token))
        if key:
            return key, "name" if token.pos_ == "PROPN" else "role"
        # "Director General of Rosoboronexport Alexander Mikheev": the name hangs off the head
        for child in token.children:
            if child.dep_ in ("compound", "appos", "flat") and child.i > token.i:
                key = self.person_at(child.idx, child.idx + len(child))
                if key:
                    return key, "name"
        for child in token.children:
            if child.dep_ == "appos":
                key, how = self.person_of_token(child)
                if key:
                    return key, how
        # "the second-ranking figure in Gaza, Khalil al-Hayya,": the parser hangs the name
        # on the prepositional object rather than on the head noun
        for child in token.children:
            if child.dep_ == "prep" and child.i > token.i:
                for obj in child.children:
                    for appos in obj.children:
                        if appos.dep_ == "appos" and appos.pos_ == "PROPN":
                            key = self.person_at(appos.idx, appos.idx + len(appos))
                            if key:
                                return key, "name"
        return None, "other"

    def in_quote(self, offset: int) -> bool:
        return self.quotation_at(offset) is not None

    def quotation_at(self, offset: int) -> tuple[int, int] | None:
        """(opening mark, end after the closing mark) of the quotation holding ``offset``."""
        i = bisect.bisect_right(self._quoted, (offset, float("inf"))) - 1
        if i >= 0 and self._quoted[i][0] <= offset < self._quoted[i][1]:
            return self._quoted[i]
        return None

    # ------------------------------------------------------------------ pronouns

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self._paragraph_starts, offset) - 1

    def _antecedents(self) -> list[tuple[int, str]]:
        """(offset, key) of the Persons a later he/she may refer to: subjects of main or
        speech clauses and names that open a sentence, not words inside quotations or inside
        what someone is reported to have said. A he/she subject passes its antecedent on."""
        out: list[tuple[int, str]] = []
        doc = self.doc
        sentence_starts = {sent.start for sent in doc.sents}
        for token in doc:
            if token.idx < self.body_start:
                continue
            head = token.head
            subject_of_content = head.dep_ == "ccomp" and is_cue(head.head, self.lexicon)
            according = token.dep_ == "pobj" and head.lower_ == "to" and (
                head.head.lower_ == "according")  # 'according to X': X is the speaker
            if not (token.dep_ in SUBJECT_DEPS and (
                self._main_or_speech(head) or subject_of_content
            )) and not (
                token.pos_ == "PROPN"
                and (token.i in sentence_starts or doc[token.i - 1].is_space)
            ) and not according:
                continue
            if self.in_quote(token.idx) or self.inside_reported_clause(token, persons_only=True):
                continue
            if token.lower_ in PERSONAL_PRONOUNS:
                key = self._latest(out, token.idx, PRONOUN_WINDOW)
            else:
                key, _ = self.person_of_token(token)
            if key:
                out.append((token.idx, key))
        return out

    def _main_or_speech(self, verb: Token) -> bool:
        """A verb of the main clause (or its conjunct), or a speech verb."""
        if verb.dep_ == "ROOT" or is_cue(verb, self.lexicon):
            return True
        return verb.dep_ in ("conj", "advcl") and verb.head.dep_ == "ROOT"

    def _latest(self, items: list[tuple[int, str]], offset: int, paragraphs: int) -> str | None:
        i = bisect.bisect_left(items, (offset, ""))
        if i and self.paragraph_of(offset) - self.paragraph_of(items[i - 1][0]) <= paragraphs:
            return items[i - 1][1]
        return None

    def antecedent(self, offset: int, paragraphs: int = PRONOUN_WINDOW) -> str | None:
        """The most recent Person antecedent before ``offset`` within a few paragraphs; failing
        that, the last Person named in this or the previous paragraph."""
        return self._latest(self._subjects, offset, paragraphs) or self._latest(
            self._named, offset, 1
        )

    def inside_reported_clause(self, token: Token, persons_only: bool = False) -> bool:
        """Whether ``token`` sits in the content clause of a speech verb of its paragraph;
        with ``persons_only``, only of one whose subject is a person or a he/she ('the Kremlin
        confirmed Putin would visit': Putin stays a subject a later 'he' may mean)."""
        node = token
        paragraph = self.paragraph_of(token.idx)
        while node.head.i != node.i:
            if self.paragraph_of(node.head.idx) != paragraph:
                return False  # the parser ran one paragraph into the next
            if node.dep_ == "ccomp" and is_cue(node.head, self.lexicon):
                if not persons_only:
                    return True
                subj = self._parsed_subject(node.head)
                return subj is None or subj.lower_ in PERSONAL_PRONOUNS or (
                    self.person_of_token(subj)[0] is not None
                )
            node = node.head
        return False

    # ------------------------------------------------------------------ speech verbs

    def subject_of(self, verb: Token) -> Token | None:
        """The subject of a speech verb, inherited from its head for participles/conjuncts."""
        if verb.lower_ == "according":
            for to in verb.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return obj
            return None
        subj = self._parsed_subject(verb)
        if subj is not None and self.paragraph_of(subj.idx) != self.paragraph_of(verb.idx):
            return None  # the parser ran a headline into the first sentence
        if subj is not None and self.in_quote(subj.idx) and not self.in_quote(verb.idx):
            return None  # the parser took a word of the quotation for the speaker
        if subj is not None and verb.tag_ == "VBG" and subj.pos_ != "PRON" and (
            self.person_of_token(subj)[0] is None
        ):
            # "He warned that the conflict could spiral, saying ...": the parser hung the
            # participle inside the reported clause; it belongs to the speech verb above
            for outer in verb.ancestors:
                if not is_cue(outer, self.lexicon):
                    continue
                speaker = self._parsed_subject(outer)
                if speaker is not None and (speaker.lower_ in PERSONAL_PRONOUNS
                                            or self.person_of_token(speaker)[0]):
                    return speaker
        return subj

    def _parsed_subject(self, verb: Token) -> Token | None:
        if verb.pos_ == "NOUN":  # 'with Foreign Minister X warning': see _noun_gerund_cue
            return verb.doc[verb.i - 1]
        if verb.lemma_ in QUOTING_VERBS:  # "the agency quoted X (as saying)": X said it
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        for _ in range(5):
            if verb.lemma_ == "say" and verb.head.lemma_ in QUOTING_VERBS and (
                verb.head.i != verb.i
            ):
                # "the agency quoted X as saying", "X was quoted as saying"
                quoted = verb.head
                for child in quoted.children:
                    if child.dep_ in ("dobj", "nsubjpass"):
                        return child
            subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and not (
                self.in_quote(c.idx) and not self.in_quote(verb.idx))]
            if len(subjects) > 1:
                # "New Delhi:\nMinister X said": a dateline parsed as a second subject
                paragraph = self.paragraph_of(verb.idx)
                subjects = [c for c in subjects
                            if self.paragraph_of(c.idx) == paragraph] or subjects
            if subjects:
                child = subjects[-1] if subjects[-1].i < verb.i else subjects[0]
                if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    return verb.head
                return child
            head = verb.head
            if head.i == verb.i:
                return None
            if verb.dep_ in INHERIT_DEPS:
                verb = head
            elif verb.dep_ == "pcomp" and head.dep_ in ("prep", "agent"):
                # "right in saying", "known for telling": the clause the phrase belongs to
                verb = head.head
                if verb.lemma_ in QUOTING_VERBS:  # "the agency quoted X as saying"
                    return next((c for c in verb.children
                                 if c.dep_ in ("dobj", "nsubjpass")), None)
                if verb.dep_ == "acomp":
                    verb = verb.head
                if any(c.dep_ == "nsubjpass" for c in verb.children):
                    return None
            else:
                return None
        return None

    def nearby_person(self, verb: Token) -> Token | None:
        """A Person subject just before ``verb`` in its sentence, when the parse gave none:
        a subject of an inner clause, or a name opening the sentence."""
        tokens = self._before(verb)
        if self._unparsed_subject_is_no_person(tokens):
            return None
        for k in range(len(tokens) - 1, -1, -1):
            token = tokens[k]
            if token.is_space or token.text in (".", "!", "?"):
                break
            if self.in_quote(token.idx):
                continue
            opening = not any(t.pos_ in ("VERB", "AUX") and not self.in_quote(t.idx)
                              for t in tokens[:k])
            if token.dep_ != "nsubj" and not opening:
                continue
            if token.lower_ in PERSONAL_PRONOUNS and token.dep_ == "nsubj":
                return token
            if self.person_of_token(token)[0]:
                return token
        return None

    def _unparsed_subject_is_no_person(self, tokens: list[Token],
                                       subject: Token | None = None) -> bool:
        """'..., who confirmed it, the Yonhap news agency reported': the noun phrase between
        the last comma and the verb is its subject even when the parse missed it; when it
        names no Person, a Person earlier in the sentence is not the speaker."""
        k = len(tokens)
        while k > 0 and not (tokens[k - 1].text == "," and not self.in_quote(tokens[k - 1].idx)):
            k -= 1
        phrase = [t for t in tokens[k:] if not t.is_space]
        if not k or not phrase or any(t.pos_ in ("VERB", "AUX") for t in phrase):
            return False
        if subject is not None and any(t.i == subject.i for t in phrase):
            return False
        if not any(t.pos_ in ("NOUN", "PROPN") for t in phrase):
            return False
        return not any(t.lower_ in PERSONAL_PRONOUNS or self.person_of_token(t)[0]
                       for t in phrase)

    def inverted_subject(self, verb: Token) -> Token | None:
        """'..., said another witness, Fiona Hill': the parser may take the speaker as object."""
        for child in verb.children:
            if child.dep_ in ("dobj", "attr", "npadvmod") and child.i > verb.i and child.pos_ in (
                "NOUN", "PROPN"
            ):
                return child
        return None

    def speaker_of(self, verb: Token, allow_inverted: bool = False) -> Speaker:
        """Who the subject of ``verb`` is: a Person key, or None for organisations/unnamed."""
        subj = self.subject_of(verb)
        if subj is not None and subj.i < verb.i and self._unparsed_subject_is_no_person(
                self._before(verb), subj):
            return Speaker(None, "other", 0.7)
        if subj is None:
            subj = self.fallback_subject(verb, allow_inverted)
        if subj is None:
            return NO_SPEAKER
        return self.speaker_of_subject(subj)

    def _before(self, verb: Token) -> list[Token]:
        """The tokens of ``verb``'s sentence before it, from its last line break on."""
        tokens = list(self.doc[verb.sent.start:verb.i])
        breaks = [k for k, t in enumerate(tokens) if "\n" in t.text]
        return tokens[breaks[-1] + 1:] if breaks else tokens

    def fallback_subject(self, verb: Token, allow_inverted: bool) -> Token | None:
        """When the parse gives no subject: 'said X' order, or a name just before the verb."""
        if verb.dep_ == "acl":
            return None  # 'media reports suggesting that ...': the noun is the source
        doc = verb.doc
        nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
        prev = doc[verb.i - 1] if verb.i > 0 else None
        # only '..., said X' / '"...," said X' puts the speaker after the verb
        inverted = allow_inverted and prev is not None and prev.is_punct and (
            nxt is not None and nxt.pos_ in ("DET", "PROPN", "NOUN", "ADJ")
        )
        if inverted:
            return self.inverted_subject(verb) or self.nearby_person(verb)
        return self.nearby_person(verb)

    def speaker_of_subject(self, subj: Token) -> Speaker:
        if subj.lower_ in PERSONAL_PRONOUNS:
            key = self.antecedent(subj.idx)
            return Speaker(key, "pronoun", 0.8) if key else Speaker(None, "none", 0.3)
        if subj.pos_ == "PRON":
            return Speaker(None, "none", 0.3)
        key, how = self.person_of_token(subj)
        if key:
            return Speaker(key, how, 0.95 if how == "name" else 0.85)
        return Speaker(None, "other", 0.7)


def _paragraph_starts(text: str) -> list[int]:
    """Offsets where non-empty lines begin: blank lines do not count as paragraphs."""
    return [0] + [m.start() for m in re.finditer(r"(?<=\n)[^\n]", text)]


# ---------------------------------------------------------------------- indirect statements


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop a leading complementiser and punctuation (but not quotation marks) at both ends."""
    def loose(t: Token) -> bool:
        return t.is_space or (t.is_punct and t.text not in QUOTE_CHARS)

    # 'that' and a concessive 'while' go; 'once', 'if', 'unless' make the claim a condition and
    # stay ('said that once it is signed, ...')
    while tokens and (loose(tokens[0]) or (tokens[0].dep_ == "mark" and tokens[0].lower_ in (
            "that", "whether", "while", "although", "though"))):
        tokens = tokens[1:]
    while tokens and (loose(tokens[-1]) or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]  # '... objectives" and': a conjunction left dangling
    return tokens


def _content_tokens(verb: Token, lexicon: dict[str, frozenset[str]]
                    ) -> tuple[list[Token], str] | None:
    """The reported content of ``verb`` and its kind: 'clause' or 'object'."""
    tags = cue_tags(verb, lexicon)
    right = [c for c in verb.children if c.i > verb.i]
    if tags & {"speech", "cognition"}:
        clause = [c for c in verb.children if c.dep_ == "ccomp"]
        if len(clause) > 1 and clause[0].i > verb.i:
            # 'while X said "progress" was made, there was no ceasefire': the parser took
            # the main clause after the comma for a second reported clause
            # (a relative clause after the comma, 'that can ...', still belongs to the first)
            clause = [c for k, c in enumerate(clause) if not k or not _after_comma(c) or any(
                s.dep_ in CLAUSE_SUBJECT_DEPS and s.tag_ in ("WDT", "WP") for s in c.children)]
        if not clause and _quoted_as_saying(verb):
            # 'CLAUSE, X was quoted as saying': the clause hangs on 'quoted', or 'quoted' on
            # the clause as its conjunct
            quoted = verb.head.head
            clause = [c for c in quoted.children if c.dep_ == "ccomp"]
            subject = next((c for c in quoted.children if c.dep_ == "nsubjpass"), None)
            if not clause and quoted.dep_ == "conj" and subject is not None and (
                    quoted.head.i < subject.i):
                doc = verb.doc
                return list(doc[quoted.head.left_edge.i:subject.left_edge.i]), "clause"
        if clause:
            return _clause_with_hung_words(verb, clause), "clause"
        # "expressed his belief that CLAUSE", "voiced the hope that CLAUSE"
        for obj in right:
            if obj.dep_ == "dobj" and "noun" in lexicon.get(obj.lemma_.lower(), ()):
                for c in obj.children:
                    if c.dep_ in ("acl", "ccomp", "relcl") and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in c.children
                    ):
                        return list(c.subtree), "clause"
        # 'stressed to reporters after the summit that Spain is ...': the parser hung the
        # that-clause on the noun of a phrase between the verb and the clause
        for prep in right:
            if prep.dep_ != "prep":
                continue
            for obj in prep.children:
                for c in obj.children:
                    if c.dep_ == "relcl" and c.i > obj.i and any(
                        m.dep_ == "mark" and m.lower_ == "that" and m.i < c.i
                        for m in c.children
                    ) and any(m.dep_ in CLAUSE_SUBJECT_DEPS for m in c.children) and any(
                        m.dep_ in ("dobj", "attr", "acomp", "ccomp", "xcomp", "oprd")
                        for m in c.children
                    ):  # complete: not 'areas that both countries could pursue'
                        return list(c.subtree), "clause"
    if "object" in tags:
        objs = [c for c in right if c.dep_ in ("dobj", "attr")] or [
            gc for c in right if c.dep_ == "prep" and c.lower_ in ("about", "on", "of", "at")
            for gc in c.children if gc.dep_ in ("pobj", "pcomp")
        ]  # 'hinted at developing a second version'
        if objs:
            return sorted(t for o in objs for t in o.subtree), "object"
    return None


def _circumstance_only(tokens: list[Token]) -> bool:
    """'without naming the buyer': a phrase about the saying, with no clause of its own."""
    return tokens[0].lower_ in CIRCUMSTANCE and not any(
        t.dep_ in CLAUSE_SUBJECT_DEPS for t in tokens)


def _quoted_as_saying(verb: Token) -> bool:
    """'X was quoted as saying', 'the agency quoted X as saying'."""
    return (verb.lemma_ == "say" and verb.dep_ == "pcomp" and verb.head.lower_ == "as"
            and verb.head.head.lemma_ in QUOTING_VERBS)


def _after_comma(clause: Token) -> bool:
    first = clause.left_edge
    return first.text == "," or (first.i > 0 and first.doc[first.i - 1].text == ",")


def _clause_with_hung_words(verb: Token, clause: list[Token]) -> list[Token]:
    """The clause's tokens, with words of it the parser hung on the speech verb: a gerund
    subject ('said improving readiness is the main goal') or a phrase set off by a comma."""
    tokens = sorted(t for c in clause for t in c.subtree)
    head = clause[0]
    start = head.left_edge.i
    doc = verb.doc
    if doc[start].text == "," and start > verb.i + 1:
        # 'said during the pandemic, the government gave ...': a phrase set off by a comma
        # before the clause opens the clause (but 'said on Monday, the ...' dates the saying)
        before = [c for c in verb.children if verb.i < c.i < start and c.dep_ == "prep"]
        if before and before[-1].right_edge.i + 1 == start and not any(
            t.ent_type_ in ("DATE", "TIME") for t in before[-1].subtree
        ):
            return list(before[-1].subtree) + tokens
    if any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in head.children):
        return tokens
    for c in sorted((c for c in verb.children if verb.i < c.i < head.i), reverse=True):
        if c.right_edge.i + 1 != start or not (c.tag_ == "VBG" or c.dep_ == "csubj"):
            break
        tokens = list(c.subtree) + tokens
        start = c.left_edge.i
    return tokens


def _speaker_conjunct(token: Token, verb: Token, heads: set[int],
                      lexicon: dict[str, frozenset[str]]) -> bool:
    """Whether ``token``, inside the reported clause of ``verb``, begins a verb phrase of the
    speaker rather than of the clause: 'said he had no deadline but asserted that ...',
    'emphasised that ties are strong and expressed his commitment ...', '..., adding that'."""
    if token.pos_ not in ("VERB", "AUX") or token.dep_ not in ("conj", "advcl"):
        return False
    subjects = [c for c in token.children if c.dep_ in CLAUSE_SUBJECT_DEPS]
    if token.tag_ == "VBG":
        # ", adding that ...", ', emphasizing ...': a participle of the speech verb
        k = token.left_edge.i - 1
        while k > 0 and token.doc[k].text in QUOTE_CHARS:
            k -= 1
        return not subjects and is_cue(token, lexicon) and k >= 0 and token.doc[k].text == ","
    if token.tag_ != verb.tag_ or token.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in token.children):
        return False
    if token.dep_ == "advcl":
        # '..., as he again calls for ...': the speaker's own speech act
        return is_cue(token, lexicon) and len(subjects) == 1 and (
            subjects[0].lower_ in PERSONAL_PRONOUNS
        ) and any(m.lower_ in ("as", "while") for m in token.children if m.dep_ == "mark")
    if subjects or token.head.i not in heads:
        return False
    return is_cue(token, lexicon) or _finite_tag(token.head) != token.tag_


def _finite_tag(verb: Token) -> str:
    """The tag of the word that carries the tense of ``verb``'s clause."""
    aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i),
               None)
    return aux.tag_ if aux is not None else verb.tag_


def _cut_speaker_conjuncts(tokens: list[Token], verb: Token,
                           lexicon: dict[str, frozenset[str]]) -> list[Token]:
    """End the reported clause where a verb phrase of the speaker begins."""
    if not tokens or tokens[0].i < verb.i:
        return tokens
    inside = {t.i for t in tokens}
    heads = {c.i for c in verb.children if c.dep_ == "ccomp"}
    for t in tokens:  # conjuncts of the clause's head share it
        if t.dep_ == "conj" and t.head.i in heads and not any(
            c.dep_ in CLAUSE_SUBJECT_DEPS for c in t.children
        ):
            heads.add(t.i)
    for k, t in enumerate(tokens):
        if k and t.head.i in inside and _speaker_conjunct(t, verb, heads, lexicon):
            cut = max(0, t.left_edge.i - tokens[0].i)
            while cut and (tokens[cut - 1].is_punct or tokens[cut - 1].dep_ == "cc"):
                cut -= 1
            return tokens[:cut]
    return tokens


def _close_quotation(tokens: list[Token], attributor: Attributor) -> list[Token]:
    """Let a clause that starts or ends inside a quotation take in its quotation mark."""
    doc = tokens[0].doc
    first, last = tokens[0], tokens[-1]
    if first.i > 0 and doc[first.i - 1].text in OPENING_QUOTES and attributor.in_quote(
        first.idx
    ):
        tokens = [doc[first.i - 1], *tokens]
    if last.text in QUOTE_CHARS or not attributor.in_quote(last.idx):
        return tokens
    j = last.i + 1
    while j < min(len(doc), last.i + 3) and doc[j].is_punct and doc[j].text not in QUOTE_CHARS:
        j += 1
    if j < len(doc) and doc[j].text in CLOSING_QUOTES and attributor.in_quote(doc[j].idx):
        tokens = [*tokens, *doc[last.i + 1:j + 1]]
    return tokens


def _clause_tokens(verb: Token, attributor: Attributor) -> tuple[list[Token], str] | None:
    """Tokens of the reported content of ``verb``, cut to one side of it and one paragraph."""
    found = _content_tokens(verb, attributor.lexicon)
    if found is None:
        return None
    tokens, kind = found
    para = attributor.paragraph_of(verb.idx)
    tokens = [t for t in tokens if attributor.paragraph_of(t.idx) == para]
    # The clause is the words on one side of the verb: a parse that wraps round it is cut.
    if tokens and tokens[0].i < verb.i < tokens[-1].i:
        tokens = [t for t in tokens if t.i > verb.i]
    tokens = _contiguous(tokens)
    if kind == "clause":
        tokens = _cut_speaker_conjuncts(tokens, verb, attributor.lexicon)
    tokens = _trim(tokens)
    if not tokens or (tokens[0].pos_ in ("ADP", "SCONJ") and _circumstance_only(tokens)):
        return None  # '"...," X said, without naming the buyer': circumstance, no claim
    if tokens[-1].i < verb.i:
        # "CLAUSE, X said": only when the clause ends right before its attribution, and is
        # not itself a quotation ('"...," X said' is a direct statement only)
        between = [t for t in verb.doc[tokens[-1].i + 1:verb.i] if not t.is_punct]
        subject = attributor.subject_of(verb)
        allowed = {t.i for t in subject.subtree} if subject is not None else set()
        if _quoted_as_saying(verb):  # ', X was quoted as saying'
            quoted = verb.head.head
            allowed |= {quoted.i, verb.head.i} | {
                c.i for c in quoted.children if c.dep_ in ("auxpass", "aux")}
        if any(t.i not in allowed and t.dep_ not in ("aux", "advmod", "neg") for t in between):
            return None
        words = [t for t in tokens if not t.is_punct]
        if not words or (attributor.in_quote(words[0].idx)
                         and attributor.in_quote(words[-1].idx)):
            return None
        if _ends_in_set_off_quotation(words, attributor):
            return None
    elif _opens_with_whole_quotation(tokens, attributor):
        # '... that "Q," and that CLAUSE': only a coordinated clause after it is reported
        tokens = _coordinated_after_quotation(tokens, attributor)
        if not tokens:
            return None
    return _close_quotation(tokens, attributor), kind


def _coordinated_after_quotation(tokens: list[Token], attributor: Attributor) -> list[Token]:
    """The clause after 'and that' following the quotation that opens ``tokens``."""
    rest = [t for t in tokens if not attributor.in_quote(t.idx) and t.text not in QUOTE_CHARS]
    rest = [t for t in rest if t.i > next(t.i for t in tokens if not t.is_punct)]
    while rest and rest[0].is_punct:
        rest = rest[1:]
    if len(rest) < 2 or rest[0].dep_ != "cc" or rest[1].dep_ != "mark":
        return []
    return _trim(rest[1:])


def _opens_with_whole_quotation(tokens: list[Token], attributor: Attributor) -> bool:
    """'X said, "We had to stop them," citing a report': content after the cue that opens with
    a quoted sentence of its own (closed by its own punctuation inside the marks) is a direct
    statement only, whatever trails after the quotation."""
    words = [t for t in tokens if not t.is_punct]
    if not words:
        return False
    span = attributor.quotation_at(words[0].idx)
    if span is None:
        return False
    text = words[0].doc.text
    opening, end = span
    if text[opening + 1:words[0].idx].strip():
        return False  # the clause starts inside the quotation, after its first words
    inner = text[opening:end].rstrip()[:-1].rstrip()
    return inner[-1:] in (",", ".", "!", "?", "…")


def _ends_in_set_off_quotation(words: list[Token], attributor: Attributor) -> bool:
    """'he amended his testimony — "I now do recall,"': the quotation that ends the words is a
    sentence of its own, set off from the writer's words before it."""
    if not attributor.in_quote(words[-1].idx):
        return False
    doc, k = words[0].doc, words[-1].i
    while k > words[0].i and not (doc[k].text in OPENING_QUOTES
                                  and not attributor.in_quote(doc[k - 1].idx)):
        k -= 1
    return k > words[0].i and doc[k - 1].text in ("—", "–", "-", ":")


def _contiguous(tokens: list[Token]) -> list[Token]:
    """The first unbroken run of token indices (a subtree is normally contiguous)."""
    for k in range(1, len(tokens)):
        if tokens[k].i != tokens[k - 1].i + 1:
            return tokens[:k]
    return tokens


def _according_clause(verb: Token) -> list[Token] | None:
    """'According to X, CLAUSE': the sentence without the attribution phrase."""
    sent = verb.sent
    skip = {t.i for t in verb.subtree}
    tokens = [t for t in sent if t.i not in skip and not t.is_space]
    before = [t for t in tokens if t.i < verb.i]
    after = [t for t in tokens if t.i > verb.i]
    if any(not t.is_punct for t in before) and any(not t.is_punct for t in after) and (
        verb.i > 0 and verb.doc[verb.i - 1].text == ","
    ):
        # 'Trump, according to X, was pressing ...': the phrase sits inside the clause
        return _trim([t for t in sent if not t.is_space]) or None
    part = _trim(after if len(after) >= len(before) else before)
    return part or None


def _own_words(tokens: list[Token], attributor: Attributor) -> int:
    return sum(
        1 for t in tokens
        if not t.is_punct and not t.is_space and not attributor.in_quote(t.idx)
    )


def entity_keys_in(start: int, end: int, entities: list[Entity]) -> list[str]:
    """Keys of the entities with a mention inside [start, end), in order of first mention."""
    found: dict[str, int] = {}
    for e in entities:
        for m in e.mentions:
            if start <= m.start and m.end <= end:
                found[e.key] = min(found.get(e.key, m.start), m.start)
    return sorted(found, key=found.__getitem__)


def _mention(text: str, start: int, end: int) -> Mention:
    return Mention(start=start, end=end, text=text[start:end])


def find_reported(doc: Doc, article: Article, persons: list[Person], entities: list[Entity],
                  attributor: Attributor | None = None) -> list[Statement]:
    """Indirect statements (``direct=False``) whose speaker resolves to a Person."""
    if attributor is None:
        attributor = Attributor(doc, persons, article.body_start)
    lexicon = attributor.lexicon
    text = article.text
    out: list[Statement] = []
    seen: set[tuple[int, int]] = set()
    for token in doc:
        if token.idx < article.body_start or not is_cue(token, lexicon):
            continue
        if attributor.in_quote(token.idx):
            continue
        tags = cue_tags(token, lexicon)
        if _negated_or_passive(token):
            continue
        if token.lower_ == "according":
            parts = [(_according_clause(token), "clause")]
        elif _interrupts(token):
            parts = [(part, "clause") for part in _interrupted_clause(token, attributor)]
        else:
            if tags == {"cognition"} and attributor.inside_reported_clause(token):
                continue
            found = _clause_tokens(token, attributor)
            if found is None:
                continue
            parts = [found]
        speaker: Speaker | None = None
        for tokens, kind in parts:
            need = MIN_OWN_TOKENS if kind == "clause" else MIN_OWN_TOKENS - 1
            if not tokens or _own_words(tokens, attributor) < need:
                continue
            if kind == "object" and len(tokens) == 2 and tokens[0].tag_ == "DT":
                continue  # 'emphasized the point': a bare noun reports no claim
            speaker = speaker or attributor.speaker_of(token, allow_inverted=True)
            if speaker.key is None:
                break
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            if (start, end) in seen:
                continue
            seen.add((start, end))
            s_start, s_end = _sentence_span(text, tokens[0], tokens[-1], token)
            out.append(Statement(
                text=text[start:end], direct=False, speaker=speaker.key,
                cue=cue_lemma(token),
                span=_mention(text, start, end),
                sentence=_mention(text, s_start, s_end),
                mentions=entity_keys_in(start, end, entities),
                confidence=round(speaker.confidence * 0.8, 2),
            ))
    return out


def _interrupts(verb: Token) -> bool:
    """', Levitt said, ': an attribution set off by commas inside the sentence it reports."""
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i), None)
    if subject is None or subject.right_edge.i + 1 != verb.i:
        return False
    doc, first = verb.doc, subject.left_edge.i
    before = doc[first - 1].text if first > verb.sent.start else ""
    after = doc[verb.i + 1].text if verb.i + 1 < verb.sent.end else ""
    return after == "," and (before == "," or (before in QUOTE_CHARS and first >= 2
                                                and doc[first - 2].text == ","))


def _interrupted_clause(verb: Token, attributor: Attributor) -> list[list[Token]]:
    """'While X makes a difference "in the immediate," Levitt said, in the long term Y': the
    parts of a sentence the attribution interrupts, each a clause of its own (with a verb)."""
    doc, sent = verb.doc, verb.sent
    paragraph = attributor.paragraph_of(verb.idx)
    subject = next(c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i)
    start, end = subject.left_edge.i, verb.i + 1
    parts = []
    for k, part in enumerate((doc[sent.start:start], doc[end + 1:sent.end])):
        tokens = [t for t in part if attributor.paragraph_of(t.idx) == paragraph]
        last = next((t for t in reversed(tokens) if not t.is_punct), None)
        if k == 0 and last is not None and last.tag_ in ("WDT", "WRB", "WP", "WP$"):
            continue  # 'a summit in Washington where, Austin said, ...': the attribution
            # opens a relative clause; the words before it are the writer's, not the speaker's
        if tokens and tokens[0].dep_ == "cc":
            tokens = tokens[1:]  # 'And while ...'
        tokens = _trim(tokens)
        words = [t for t in tokens if not t.is_punct]
        if not words or not any(t.pos_ in ("VERB", "AUX") for t in words):
            continue
        if _circumstance_only(words):
            continue  # '"...," Maksichev said, without naming the buyer'
        inside = {t.i for t in words}
        head = next((t for t in words if t.head.i not in inside or t.head.i == t.i), words[0])
        if head.tag_ in ("VBN", "VBG") and not any(
            c.dep_ in CLAUSE_SUBJECT_DEPS or c.dep_ == "aux" for c in head.children
        ):
            continue  # 'When asked whether ...', 'Speaking at ...': the saying's circumstances
        if attributor.in_quote(words[0].idx) and attributor.in_quote(words[-1].idx):
            continue  # a quotation: a direct statement only
        if _ends_in_set_off_quotation(words, attributor) or (
                k == 1 and _opens_with_whole_quotation(words, attributor)):
            continue
        parts.append(_close_quotation(tokens, attributor))
    return parts


def _negated_or_passive(verb: Token) -> bool:
    """'did not say when', 'when asked if ...': the verb reports no claim of its subject."""
    if verb.lower_ == "according":
        return False
    if any(c.dep_ in ("neg", "auxpass", "nsubjpass") for c in verb.children):
        return True
    if verb.i == verb.sent.start and verb.dep_ == "advcl" and verb.tag_ in ("VBN", "VBD") and (
            not any(c.dep_ in SUBJECT_DEPS for c in verb.children)):
        return True  # 'Asked whether he thinks ..., X answered': the question, not a claim
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)


def _sentence_span(text: str, first: Token, last: Token, cue: Token) -> tuple[int, int]:
    """The sentence(s) holding the clause and its cue, within the cue's paragraph."""
    start = min(first.sent.start_char, cue.sent.start_char)
    end = max(first.sent.end_char, last.sent.end_char, cue.sent.end_char)
    p_start = text.rfind("\n", 0, cue.idx) + 1
    p_end = text.find("\n", cue.idx)
    return max(start, p_start), min(end, p_end if p_end >= 0 else len(text))

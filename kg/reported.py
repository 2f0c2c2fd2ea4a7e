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
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# How many paragraphs back a pronoun may look for its antecedent.
PRONOUN_WINDOW = 3
QUOTE_CHARS = frozenset("\"'“”‘’«»„‹›")
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


def is_cue(token: Token, lexicon: dict[str, frozenset[str]]) -> bool:
    """Whether ``token`` is a speech/cognition/label verb or the 'according' of 'according to'."""
    if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
        return True
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lexicon


def cue_tags(token: Token, lexicon: dict[str, frozenset[str]]) -> frozenset[str]:
    if token.lower_ == "according":
        return frozenset({"speech"})
    return lexicon.get(token.lemma_.lower(), frozenset())


def cue_lemma(token: Token) -> str:
    """The lemma a Statement records as its cue ('according to' -> 'accord')."""
    return "accord" if token.lower_ == "according" else token.lemma_.lower()


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
        return None, "other"

    def in_quote(self, offset: int) -> bool:
        i = bisect.bisect_right(self._quoted, (offset, float("inf"))) - 1
        return i >= 0 and self._quoted[i][0] <= offset < self._quoted[i][1]

    # ------------------------------------------------------------------ pronouns

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self._paragraph_starts, offset) - 1

    def _antecedents(self) -> list[tuple[int, str]]:
        """(offset, key) of the Persons a later he/she may refer to: subjects of main or
        speech clauses and names that open a sentence, not words inside quotations or inside
        what someone is reported to have said. A he/she subject passes its antecedent on."""
        out: list[tuple[int, str]] = []
        for token in self.doc:
            if token.idx < self.body_start:
                continue
            opens = token.i == token.sent.start or self.doc[token.i - 1].is_space
            if not (token.dep_ in SUBJECT_DEPS and self._main_or_speech(token.head)) and not (
                opens and token.pos_ == "PROPN"
            ):
                continue
            if self.in_quote(token.idx) or self.inside_reported_clause(token):
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

    def inside_reported_clause(self, token: Token) -> bool:
        """Whether ``token`` sits in the content clause of a speech verb."""
        node = token
        while node.head.i != node.i:
            if node.dep_ == "ccomp" and is_cue(node.head, self.lexicon):
                return True
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
        if verb.lemma_ == "quote":  # "the agency quoted X (as saying)": X said it
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        for _ in range(5):
            if verb.lemma_ == "say" and verb.head.lemma_ == "quote" and verb.head.i != verb.i:
                # "the agency quoted X as saying", "X was quoted as saying"
                quoted = verb.head
                for child in quoted.children:
                    if child.dep_ in ("dobj", "nsubjpass"):
                        return child
            for child in verb.children:
                if child.dep_ in SUBJECT_DEPS and not (
                    self.in_quote(child.idx) and not self.in_quote(verb.idx)
                ):
                    if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                        return verb.head
                    return child
            head = verb.head
            if head.i == verb.i:
                return None
            if verb.dep_ in INHERIT_DEPS:
                verb = head
            elif verb.dep_ == "pcomp" and head.dep_ == "prep":
                # "right in saying", "known for telling": the clause the phrase belongs to
                verb = head.head
                if verb.lemma_ == "quote":  # "the agency quoted X as saying"
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
        tokens = list(self.doc[verb.sent.start:verb.i])
        breaks = [k for k, t in enumerate(tokens) if "\n" in t.text]
        if breaks:
            tokens = tokens[breaks[-1] + 1:]
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
        if subj is None:
            subj = self.fallback_subject(verb, allow_inverted)
        if subj is None:
            return NO_SPEAKER
        return self.speaker_of_subject(subj)

    def fallback_subject(self, verb: Token, allow_inverted: bool) -> Token | None:
        """When the parse gives no subject: 'said X' order, or a name just before the verb."""
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

    while tokens and (loose(tokens[0]) or tokens[0].dep_ == "mark"):
        tokens = tokens[1:]
    while tokens and loose(tokens[-1]):
        tokens = tokens[:-1]
    return tokens


def _content_tokens(verb: Token, tags: frozenset[str]) -> tuple[list[Token], str] | None:
    """The reported content of ``verb`` and its kind: 'clause' or 'object'."""
    clause = [c for c in verb.children if c.dep_ == "ccomp"]
    if clause and tags & {"speech", "cognition"}:
        return sorted(t for c in clause for t in c.subtree), "clause"
    right = [c for c in verb.children if c.i > verb.i]
    if "object" in tags:
        objs = [c for c in right if c.dep_ in ("dobj", "attr")] or [
            gc for c in right if c.dep_ == "prep" and c.lower_ in ("about", "on", "of")
            for gc in c.children if gc.dep_ == "pobj"
        ]
        if objs:
            return sorted(t for o in objs for t in o.subtree), "object"
    return None


def _clause_tokens(verb: Token, attributor: Attributor) -> tuple[list[Token], str] | None:
    """Tokens of the reported content of ``verb``, cut to one side of it and one paragraph."""
    found = _content_tokens(verb, cue_tags(verb, attributor.lexicon))
    if found is None:
        return None
    tokens, kind = found
    para = attributor.paragraph_of(verb.idx)
    tokens = [t for t in tokens if attributor.paragraph_of(t.idx) == para]
    # The clause is the words on one side of the verb: a parse that wraps round it is cut.
    if tokens and tokens[0].i < verb.i < tokens[-1].i:
        tokens = [t for t in tokens if t.i > verb.i]
    tokens = _trim(_contiguous(tokens))
    if not tokens:
        return None
    if tokens[-1].i < verb.i:
        # "CLAUSE, X said": only when the clause ends right before its attribution, and is
        # not itself a quotation ('"...," X said' is a direct statement only)
        between = [t for t in verb.doc[tokens[-1].i + 1:verb.i] if not t.is_punct]
        subject = attributor.subject_of(verb)
        allowed = {t.i for t in subject.subtree} if subject is not None else set()
        if any(t.i not in allowed and t.dep_ not in ("aux", "advmod", "neg") for t in between):
            return None
        last_word = next((t for t in reversed(tokens) if not t.is_punct), None)
        if last_word is None or attributor.in_quote(last_word.idx):
            return None
    return tokens, kind


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
        if token.lower_ == "according":
            tokens, kind = _according_clause(token), "clause"
        else:
            if tags == {"cognition"} and attributor.inside_reported_clause(token):
                continue
            found = _clause_tokens(token, attributor)
            if found is None:
                continue
            tokens, kind = found
        need = MIN_OWN_TOKENS if kind == "clause" else MIN_OWN_TOKENS - 1
        if not tokens or _own_words(tokens, attributor) < need:
            continue
        speaker = attributor.speaker_of(token, allow_inverted=True)
        if speaker.key is None:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if (start, end) in seen:
            continue
        seen.add((start, end))
        s_start, s_end = _sentence_span(text, tokens[0], token)
        out.append(Statement(
            text=text[start:end], direct=False, speaker=speaker.key,
            cue=cue_lemma(token),
            span=_mention(text, start, end),
            sentence=_mention(text, s_start, s_end),
            mentions=entity_keys_in(start, end, entities),
            confidence=round(speaker.confidence * 0.8, 2),
        ))
    return out


def _sentence_span(text: str, first: Token, cue: Token) -> tuple[int, int]:
    """The sentence(s) holding the clause and its cue, within the cue's paragraph."""
    start = min(first.sent.start_char, cue.sent.start_char)
    end = max(first.sent.end_char, cue.sent.end_char)
    p_start = text.rfind("\n", 0, cue.idx) + 1
    p_end = text.find("\n", cue.idx)
    return max(start, p_start), min(end, p_end if p_end >= 0 else len(text))

"""Direct quotations: find quoted spans, tell statements from scare quotes, attribute speakers.

``find_statements`` is the module's entry point: it returns the direct quotations of an
article's body and, through ``kg.reported``, its indirect statements.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.models import Article, Entity, Mention, Person, Statement
from kg.reported import (
    NO_SPEAKER,
    Attributor,
    Speaker,
    cue_lemma,
    cue_tags,
    entity_keys_in,
    find_reported,
    is_cue,
)

OPEN_DOUBLE = "“«„"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘‹"
CLOSE_SINGLE = "’›"
# Characters after which a straight quote opens rather than closes.
OPENING_CONTEXT = " \t\n([{—–-/" + OPEN_DOUBLE + OPEN_SINGLE
SENTENCE_END = frozenset(".!?")
# Words just before a quotation that make it a name, title or term rather than speech.
NAMING_WORDS = frozenset({
    "so-called", "titled", "entitled", "nicknamed", "slogan", "hashtag", "campaign",
    "operation", "term", "phrase", "word", "words", "motto", "banner", "headline",
    "codenamed", "code-named",
    # things with names: 'the conference "Russia and India: A New Agenda"', 'the line "..."'
    "conference", "forum", "report", "programme", "program", "show", "book", "film",
    "documentary", "exercise", "initiative", "doctrine", "festival", "album", "song", "line",
})
# These name things unless a subject of their own says the words: 'she called it "X"'.
DOCUMENT_NOUNS = frozenset({
    "statement", "release", "readout", "communique", "communiqué", "letter", "report",
    "document", "memo", "bulletin", "transcript", "notice", "declaration", "text",
})
NAMING_VERBS = frozenset({"dubbed", "named", "called", "labelled", "labeled", "branded", "renamed",
                          "rebranded", "retitled"})
# Prepositions through which a speech verb governs its quoted words ('described it as "X"').
GOVERNING_PREPS = frozenset({"as", "of", "about", "on", "to", "that", "for"})
MAX_TITLE_WORDS = 10  # a longer capitalised quotation ending in a full stop is a sentence
# The signature of an embedded post after its text: '— Jane Doe (@janedoe) June 22, 2020'.
SIGNATURE = re.compile(
    r"[ \t]*(?:pic\.twitter\.com/\S+[ \t]*)?[—–-]+[ \t]*([^(@\n]{2,80}?)[ \t]*\(@\w+\)"
)
# 'That was the message from ...': a sentence that points back at the quotation before it.
DEMONSTRATIVES = frozenset({"that", "this", "those", "these", "such"})
# words that open a paragraph carrying on the one before ("But this "does not mean ...")
CONNECTIVES = frozenset({"but", "and", "yet", "however", "still", "nevertheless", "also"})
# where a quotation mark may stand: the scanners jump from one to the next
_DOUBLE_CANDIDATES = re.compile("''|[" + re.escape(OPEN_DOUBLE + CLOSE_DOUBLE + '"″') + "]")
_SINGLE_CANDIDATES = re.compile("[" + re.escape(OPEN_SINGLE + "'") + "]")
MAX_SHORT_WORDS = 3  # a quote this short needs a cue verb to count as speech
MAX_TRAILING_GAP = 6  # tokens between a closing mark and the "said" that attributes it


@dataclass(frozen=True)
class Quote:
    """A quoted span: [start, end) is the text between the marks."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None  # None: the paragraph ends with the quotation still open
    paragraph: int
    depth: int = 0

    @property
    def closed(self) -> bool:
        return self.close_mark is not None

    @property
    def outer_end(self) -> int:
        return self.close_mark + 1 if self.close_mark is not None else self.end


# ---------------------------------------------------------------------- finding quoted spans


def _double_marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(offset, length, 'open'|'close') of the double quotation marks in text[start:end]."""
    marks = []
    for m in _DOUBLE_CANDIDATES.finditer(text, start, end):
        i = m.start()
        ch = m.group()
        length = len(ch)
        if length == 2:
            ch = '"'  # two apostrophes used as a double quotation mark
        before = text[i - 1] if i > start else "\n"
        if ch in OPEN_DOUBLE:
            marks.append((i, length, "open"))
        elif ch == "”" and before in "\n\t" and text[i + 1:i + 2].isalnum():
            marks.append((i, length, "open"))  # a paragraph opened with a closing mark
        elif ch in CLOSE_DOUBLE:
            marks.append((i, length, "close"))
        elif ch in ('"', "″"):  # a double prime typed for a straight quotation mark
            before = text[i - 1] if i > start else " "
            after = text[i + length] if i + length < end else " "
            if before in OPENING_CONTEXT and not after.isspace():
                marks.append((i, length, "open"))
            elif not before.isspace():
                marks.append((i, length, "close"))
            elif not after.isspace():
                marks.append((i, length, "open"))
    return marks


def _single_quotes(text: str, start: int, end: int, paragraph: int, depth: int) -> list[Quote]:
    """Single-quoted spans in text[start:end], telling apostrophes (Russia’s, don't) apart."""
    quotes = []
    i = start
    while i < end:
        m = _SINGLE_CANDIDATES.search(text, i, end)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        opens = (ch in OPEN_SINGLE or ch == "'") and (
            before in OPENING_CONTEXT or before in "\"“" or i == start
        ) and (after.isalnum() or after in "[(.")
        if not opens:
            i += 1
            continue
        close = _single_close(text, i + 1, end)
        if close is None:
            i += 1
            continue
        quotes.append(Quote(i + 1, close, i, close, paragraph, depth))
        i = close + 1
    return quotes


def _single_close(text: str, start: int, end: int) -> int | None:
    for j in range(start, end):
        if text[j] not in CLOSE_SINGLE and text[j] != "'":
            continue
        before = text[j - 1]
        after = text[j + 1] if j + 1 < end else " "
        if before.isspace() or after.isalnum():
            continue  # an apostrophe inside a word: Russia’s, don’t
        if before in "sS" and after.isspace() and _single_close(text, j + 1, end) is not None:
            continue  # a plural possessive (Weeks’ family) before the real closing mark
        return j
    return None


def _paragraphs(text: str, start: int) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text[start:]):
        if m.group().strip():
            out.append((start + m.start(), start + m.end()))
    return out


def find_quotes(text: str, start: int = 0) -> list[Quote]:
    """Quoted spans of text[start:], top level (depth 0) and nested one level (depth 1).

    >>> [text[q.start:q.end] for text in ['He said "yes".'] for q in find_quotes(text)]
    ['yes']
    """
    quotes: list[Quote] = []
    runs_on = False  # the previous paragraph ended inside a quotation
    for p, (p_start, p_end) in enumerate(_paragraphs(text, start)):
        top: list[Quote] = []
        # A quotation running on from the previous paragraph may go without a new opening
        # mark: a closing mark before any opening one then closes it.
        open_at: tuple[int, int] | None = (p_start, 0) if runs_on else None
        for offset, length, kind in _double_marks(text, p_start, p_end):
            continuing = open_at is not None and open_at[1] == 0
            if kind == "open" and (open_at is None or continuing):
                open_at = (offset, length)
            elif open_at is not None and (kind == "close" or text[offset] in "\"'"):
                o, o_len = open_at
                if offset > o + o_len:
                    top.append(Quote(o + o_len, offset, o, offset, p))
                open_at = None
            elif kind == "open":
                open_at = (offset, length)  # a stray opening mark: start again from here
        if open_at is not None and open_at[1]:
            o, o_len = open_at
            inner_end = len(text[:p_end].rstrip())
            if inner_end > o + o_len:
                top.append(Quote(o + o_len, inner_end, o, None, p))
        runs_on = bool(top) and not top[-1].closed
        # single quotation marks: at top level between double-quoted spans, nested inside them
        gaps, cursor = [], p_start
        for q in top:
            gaps.append((cursor, q.open_mark))
            cursor = q.outer_end
        gaps.append((cursor, p_end))
        singles = [s for a, b in gaps for s in _single_quotes(text, a, b, p, 0)]
        nested = [s for q in top for s in _single_quotes(text, q.start, q.end, p, 1)]
        quotes.extend(sorted([*top, *singles, *nested], key=lambda q: (q.start, q.depth)))
    return [q for q in quotes if text[q.start:q.end].strip()]


# ---------------------------------------------------------------------- attribution


def _words(s: str) -> list[str]:
    return re.findall(r"[\w’'-]+", s)


def _looks_like_title(s: str) -> bool:
    """'Make in India', 'The Art of the Deal': capitalised words and no sentence punctuation."""
    words = _words(s)
    end = s.rstrip()[-1:]
    # a short title may carry the sentence's full stop inside the marks: 'on "Face the Nation."'
    if len(words) < 2 or end in "!?" or (end in ".," and len(words) > MAX_TITLE_WORDS):
        return False
    content = [w for w in words if len(w) > 3]
    return bool(content) and all(w[0].isupper() for w in content)


class _DocIndex:
    """Char offset -> token lookups for one doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tokens = list(doc)  # built once: spaCy makes a new Token on every access
        self.starts = [t.idx for t in self.tokens]

    def token_at(self, offset: int) -> Token:
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.doc[i]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return self.tokens[i:j]


@dataclass
class _Found:
    quote: Quote
    speaker: Speaker
    cue: Token | None
    attributed: bool  # the speaker comes from this quotation's own sentence
    is_statement: bool
    confidence: float


class _QuoteAttributor:
    """Decides for each quotation whether it is speech and who said it."""

    def __init__(self, doc: Doc, article: Article, attributor: Attributor,
                 quotes: list[Quote]) -> None:
        self.doc = doc
        self.text = article.text
        self.index = _DocIndex(doc)
        self.attributor = attributor
        self.lexicon = attributor.lexicon
        self.quotes = quotes
        self.paragraphs = _paragraphs(self.text, article.body_start)

    def _covered(self, offset: int, depth: int, within: Quote | None) -> bool:
        """Whether offset lies inside a quotation (other than the frame we search in)."""
        for q in self.quotes:
            if q.depth != depth or q is within:
                continue
            if q.open_mark <= offset < q.outer_end:
                return True
        return False

    def _frame(self, quote: Quote) -> tuple[int, int, Quote | None]:
        """Where to look for the attribution: the paragraph, or the enclosing quotation."""
        if quote.depth == 0:
            p_start, p_end = self.paragraphs[quote.paragraph]
            return p_start, p_end, None
        outer = next(q for q in self.quotes
                     if q.depth == 0 and q.start <= quote.start and quote.end <= q.end)
        return outer.start, outer.end, outer

    def _left_tokens(self, quote: Quote) -> list[Token]:
        """Tokens before the quotation back to the start of its sentence, nearest first."""
        f_start, _, outer = self._frame(quote)
        tokens = self.index.tokens_between(f_start, quote.open_mark)
        sent_start = self.index.token_at(quote.open_mark).sent.start
        out = []
        for t in reversed(tokens):
            if self._covered(t.idx, quote.depth, outer):
                continue
            if t.text in SENTENCE_END or t.text == "\n":
                break
            if t.i < sent_start and not self._sentence_runs_on(sent_start):
                break
            out.append(t)
        return out

    def _sentence_runs_on(self, sent_start: int) -> bool:
        """A parser sentence break after ':' or ',' does not end the attribution."""
        prev = self.doc[sent_start - 1] if sent_start > 0 else None
        while prev is not None and (prev.is_space or prev.text in "\"“”'‘’"):
            prev = self.doc[prev.i - 1] if prev.i > 0 else None
        return prev is not None and prev.text in (":", ",", "—", "–")

    def _right_tokens(self, quote: Quote) -> list[Token]:
        """Tokens after the quotation up to the end of its sentence or the next quotation."""
        _, f_end, outer = self._frame(quote)
        out: list[Token] = []
        for t in self.index.tokens_between(quote.outer_end, f_end):
            if self._covered(t.idx, quote.depth, outer):
                break
            if t.text in SENTENCE_END or t.text == "\n":
                break
            out.append(t)
        if quote.closed and self.text[quote.start:quote.end].rstrip()[-1:] == "." and (
            self.text[quote.outer_end:f_end].lstrip()[:1].isupper()
        ) and sum(not t.is_punct for t in out) > MAX_TRAILING_GAP:
            # 'of "a basic deal." Trump, according to X, was ...': a new sentence, not a bare
            # attribution ('"... task." Ryabkov said.')
            return []
        return out

    def _speaker_from(self, cues: list[Token], right: bool) -> tuple[Speaker, Token | None]:
        """The first cue with a subject (own, inherited or nearby) gives the speaker."""
        fallback: tuple[Speaker, Token | None] = (NO_SPEAKER, None)
        for cue in cues:
            subj = self.attributor.subject_of(cue)
            if subj is None:
                subj = self.attributor.fallback_subject(cue, right)
            if subj is None:
                continue
            speaker = self.attributor.speaker_of_subject(subj)
            if speaker.how == "other":
                outer = self._reporting_cue(cue)
                if outer is not None:
                    return outer
            if speaker.how != "none":
                return speaker, cue
            if fallback[1] is None:
                fallback = (speaker, cue)  # "I", "it": look further for a real speaker
        return fallback

    def _reporting_cue(self, cue: Token) -> tuple[Speaker, Token] | None:
        """'Ryabkov emphasized that Moscow would respond "at the appropriate moment"': a verb
        of an organisation inside what a person is reported to say is the person's words."""
        node = cue
        paragraph = self.attributor.paragraph_of(cue.idx)
        while node.head.i != node.i and self.attributor.paragraph_of(node.head.idx) == paragraph:
            if node.dep_ == "ccomp" and is_cue(node.head, self.lexicon):
                speaker = self.attributor.speaker_of(node.head)
                return (speaker, node.head) if speaker.key else None
            node = node.head
        return None

    def _attribute(self, quote: Quote) -> tuple[Speaker, Token | None, bool]:
        """(speaker, cue, attributed) from the quotation's own sentence."""
        inner = self.text[quote.start:quote.end].rstrip()
        ends_open = inner[-1:] in ",?!—-–" or (
            quote.closed and self.text[quote.outer_end:quote.outer_end + 1] == ","
        )
        right_tokens = self._right_tokens(quote)
        right, gap = [], 0
        for t in right_tokens:
            if is_cue(t, self.lexicon):
                right.append((t, gap))
            gap += not t.is_punct
        near_right = [t for t, gap in right if gap <= MAX_TRAILING_GAP]
        first_right = next((t for t in right_tokens if not t.is_punct), None)
        if first_right is not None and first_right.pos_ == "CCONJ":
            near_right = []  # '"this week," and Zelensky posted ...': a new clause, not "she said"
        owner = self._owner(quote)
        if owner is not None:
            return owner, None, True
        fallback: tuple[Speaker, Token] | None = None
        for cues, on_right in self._cue_searches(quote, ends_open, near_right, right):
            speaker, cue = self._speaker_from(cues, on_right)
            if cue is None:
                continue
            if speaker.how != "none":
                return speaker, cue, True
            # '"...," it said' or an unresolved pronoun: a cue on the other side may name one
            fallback = fallback or (speaker, cue)
        if fallback is not None:
            return fallback[0], fallback[1], True
        if quote.depth == 0:
            speaker = self._introduced_by_colon(quote) or self._signed(quote)
            if speaker is not None:
                return speaker, None, True
        left = [t for t in self._left_tokens(quote) if not t.is_space]
        while left and left[0].is_punct:
            left = left[1:]
        if left and is_cue(left[0], self.lexicon):
            # 'concluded by saying, "..."' with no subject the parse can give: speech all the
            # same, its speaker left to the neighbouring quotations
            return NO_SPEAKER, left[0], False
        if ends_open and quote.depth == 0:
            # '"...," Rear Adm. Jane Doe, commander of the fleet.' with no verb at all
            words = [t for t in right_tokens if not t.is_punct and not t.is_space]
            if words and not any(t.pos_ in ("VERB", "AUX") for t in words):
                key = self.attributor.person_at(words[0].idx, words[-1].idx + len(words[-1]))
                if key:
                    return Speaker(key, "name", 0.7), None, True
        return NO_SPEAKER, None, False

    def _owner(self, quote: Quote) -> Speaker | None:
        """'X's words that Putin is "much softer"': quoted words inside the clause of a noun for
        words belong to the noun's possessor, whoever comments on them."""
        words = [t for t in self.index.tokens_between(quote.start, quote.end) if not t.is_punct]
        root = next((t for t in words if not quote.start <= t.head.idx < quote.end), None)
        node = root
        for _ in range(6):
            if node is None or node.head.i == node.i or is_cue(node.head, self.lexicon):
                return None
            child, node = node, node.head
            if node.pos_ != "NOUN" or child.dep_ not in ("acl", "ccomp", "relcl", "appos"):
                continue
            if "utterance" not in self.lexicon.get(node.lemma_.lower(), ()):
                continue
            owner = next((c for c in node.children if c.dep_ == "poss"), None)
            if owner is None or owner.pos_ == "PRON":
                return None
            return self.attributor.speaker_of_subject(owner)
        return None

    def _introduced_by_colon(self, quote: Quote) -> Speaker | None:
        """'Dan Walker probed: "..."', 'Hale fired back, "..."': a person's clause ending in a
        colon (or its main verb and a comma) introduces the quotation even when the verb is not
        a speech verb."""
        left = [t for t in self._left_tokens(quote) if not t.is_space]
        if not left or left[0].text not in (":", ","):
            return None
        for k, verb in enumerate(left[1:], 1):
            if left[0].text == "," and (k > 2 or (k == 2 and left[1].dep_ not in (
                "prt", "advmod"
            ))):
                return None  # 'X fired back, "..."': only the sentence's verb right before
            if verb.pos_ != "VERB":
                continue
            if left[0].text == "," and not (
                verb.dep_ == "ROOT" or quote.start <= verb.head.idx < quote.end
            ):
                return None
            subj = self.attributor.subject_of(verb)
            if subj is None:
                return None
            speaker = self.attributor.speaker_of_subject(subj)
            return Speaker(speaker.key, speaker.how, 0.7) if speaker.key else None
        return None

    def _signed(self, quote: Quote) -> Speaker | None:
        """'"..." — Jane Doe (@janedoe) June 22, 2020': an embedded post signed by its author."""
        _, p_end = self.paragraphs[quote.paragraph]
        m = SIGNATURE.match(self.text, quote.outer_end, p_end)
        if m is None:
            return None
        key = self.attributor.person_at(m.start(1), m.end(1))
        return Speaker(key, "name", 0.9) if key else None

    def _cue_searches(self, quote: Quote, ends_open: bool, near_right: list[Token],
                      right: list[tuple[Token, int]]) -> Iterator[tuple[list[Token], bool]]:
        """Cue lists to try, best first: a verb right after a quotation that ends open
        ('"...," she said'), the verbs before it, then any verb after it."""
        if ends_open and near_right:
            yield near_right, True
        yield [t for t in self._left_tokens(quote) if is_cue(t, self.lexicon)], False
        yield [t for t, _ in right], True

    def _naming(self, quote: Quote) -> bool:
        """A quotation introduced as a name or term: 'the so-called "X"', 'known as "X"'."""
        before = [t for t in self._left_tokens(quote)
                  if not t.is_punct and not t.is_space and t.dep_ not in ("det", "poss")]
        if not before:
            return False
        last = before[0]
        if last.lower_ in NAMING_WORDS:
            # ... unless the noun is whom the words are addressed to: 'told the forum "..."'
            if last.dep_ == "pobj" and last.head.lower_ == "to":
                return not is_cue(last.head.head, self.lexicon)
            return not (last.dep_ in ("dobj", "dative") and is_cue(last.head, self.lexicon))
        if last.lower_ == "as":
            return len(before) > 1 and before[1].lemma_ in ("know", "refer")
        if last.lower_ in NAMING_VERBS:
            # 'a plan called "X"', 'was dubbed "X"' name things; 'she called it "X"' is speech
            return not any(c.dep_ == "nsubj" for c in last.children)
        return False

    def _governed(self, quote: Quote, cue: Token) -> bool:
        """Whether a short quotation is what the cue reports, not a term near it."""
        inside = self.index.tokens_between(quote.start, quote.end)
        words = [t for t in inside if not t.is_punct and not t.is_space]
        if not words:
            return False
        heads = [t for t in words if not quote.start <= t.head.idx < quote.end]
        root = heads[0] if heads else words[0]
        node = root
        if root.dep_ in ("amod", "compound", "nmod") and root.head.i > root.i and (
            root.head.i != cue.i
        ):
            # an adjective quoted inside a noun phrase is a term ('formed an "irregular"
            # channel'), unless the phrase is what the cue acts on ('cheered the "historic" move')
            noun = root.head
            if noun.dep_ == "pobj" and noun.head.lower_ in GOVERNING_PREPS:
                noun = noun.head
            if noun.head.i == cue.i and noun.dep_ in ("dobj", "attr", "oprd", "prep"):
                return True
            # 'said she had "frank" discussions': a partial quotation in the reported clause
            return _in_reported_clause_of(noun, cue)
        for _ in range(12):
            if node.head.i == cue.i:
                if node.dep_ in ("nsubj", "nsubjpass", "agent"):
                    return False
                return not (node.dep_ == "prep" and node.lower_ not in GOVERNING_PREPS)
            if node.head.i == node.i:
                return True
            node = node.head
        return True

    def _heading(self, quote: Quote) -> bool:
        """A quoted subheading: a short paragraph that is only the quotation."""
        p_start, p_end = self.paragraphs[quote.paragraph]
        rest = (self.text[p_start:quote.open_mark] + self.text[quote.outer_end:p_end]).strip()
        inner = self.text[quote.start:quote.end].strip()
        return (
            quote.depth == 0 and re.fullmatch(r"(\d+[.)]?)?", rest) is not None
            and inner[-1:] not in ".!?,…" and len(_words(inner)) <= 12
        )

    def attribute_all(self) -> list[_Found]:
        found = []
        for quote in self.quotes:
            inner = self.text[quote.start:quote.end]
            short = len(_words(inner)) <= MAX_SHORT_WORDS
            speaker, cue, attributed = self._attribute(quote)
            if self._heading(quote) or self._naming(quote):
                ok = False
            elif cue is not None:
                tags = cue_tags(cue, self.lexicon)
                ok = not (_looks_like_title(inner) and "label" not in tags) and not (
                    short and not self._governed(quote, cue)
                )
            else:
                ok = attributed or (not short and not _looks_like_title(inner))
            if quote.depth > 0 and speaker.key is None:
                ok = False  # a nested quotation counts only when its own speaker is named
            found.append(_Found(quote, speaker, cue, attributed, ok, speaker.confidence))
        self._continue_speakers(found)
        return found

    def _continue_speakers(self, found: list[_Found]) -> None:
        """Unattributed quotations take the speaker of their neighbours (conv. 3)."""
        top = [f for f in found if f.quote.depth == 0 and f.is_statement]
        for i, f in enumerate(top):
            if f.cue is None and self._document_after(f.quote):
                f.speaker, f.confidence = NO_SPEAKER, 0.4  # '"...," a ministry release read.'
                continue
            if f.attributed:
                continue
            para = f.quote.paragraph
            before = [g for g in top[:i] if g.quote.paragraph == para]
            after = [g for g in top[i + 1:] if g.quote.paragraph == para and g.attributed]
            following = [g for g in top[i + 1:] if g.quote.paragraph == para + 1]
            previous = [g for g in top[:i] if g.quote.paragraph == para - 1]
            if before:
                f.speaker, f.confidence = before[-1].speaker, 0.75
            elif after:
                f.speaker, f.confidence = after[0].speaker, 0.7
            elif not f.quote.closed and following and following[0].attributed and (
                self._opens_paragraph(following[0].quote)
            ):
                f.speaker, f.confidence = following[0].speaker, 0.6
            elif (named := self._named_after(f.quote)) is not None:
                f.speaker, f.confidence = named, 0.6
            elif previous and (self._opens_paragraph(f.quote) or not previous[-1].quote.closed
                               or (f.cue is None and self._carries_on(f.quote))):
                f.speaker, f.confidence = previous[-1].speaker, 0.6
            elif self._opens_paragraph(f.quote):
                key = self.attributor.antecedent(f.quote.open_mark, paragraphs=1)
                f.speaker = Speaker(key, "continued", 0.5) if key else NO_SPEAKER
                f.confidence = 0.5 if key else 0.4
            else:
                f.is_statement = f.cue is not None or (
                    len(_words(self.text[f.quote.start:f.quote.end])) > 8
                )
                f.confidence = 0.3

    def _named_after(self, quote: Quote) -> Speaker | None:
        """'"Time is running out." That was the message from X': a sentence pointing back at
        the quotation names its source (a Person, or else no one the previous paragraph named)."""
        if not quote.closed or self.text[quote.start:quote.end].rstrip()[-1:] not in ".!?":
            return None
        _, p_end = self.paragraphs[quote.paragraph]
        after = [t for t in self.index.tokens_between(quote.outer_end, p_end) if not t.is_space]
        if not after or after[0].lower_ not in DEMONSTRATIVES or after[0].dep_ not in (
            "nsubj", "nsubjpass", "det"
        ):
            return None
        sentence = after[0].sent
        key = next((k for t in sentence if t.pos_ == "PROPN" and not self.attributor.in_quote(
            t.idx) and (k := self.attributor.person_at(t.idx, t.idx + len(t)))), None)
        return Speaker(key, "name", 0.6) if key else NO_SPEAKER

    def _document_after(self, quote: Quote) -> bool:
        """A closed quotation followed by the document it comes from ('"...," a release from
        the ministry read', '"...," the joint statement reads'): its source is no person, so it
        does not take the speaker of the quotations around it."""
        if not quote.closed:
            return False
        _, p_end = self.paragraphs[quote.paragraph]
        words = [t for t in self.index.tokens_between(quote.outer_end, p_end)
                 if not t.is_punct and not t.is_space][:4]
        return any(t.lemma_.lower() in DOCUMENT_NOUNS and t.pos_ in ("NOUN", "PROPN")
                   for t in words)

    def _carries_on(self, quote: Quote) -> bool:
        """'But this "does not mean ..."': a paragraph that opens with a connective and a few
        words of the writer's carries on the previous paragraph's speaker."""
        p_start, _ = self.paragraphs[quote.paragraph]
        lead = self.text[p_start:quote.open_mark].split()
        return 0 < len(lead) <= 4 and lead[0].strip(",").lower() in CONNECTIVES

    def _opens_paragraph(self, quote: Quote) -> bool:
        p_start, _ = self.paragraphs[quote.paragraph]
        return not self.text[p_start:quote.open_mark].strip()


def _sentence_of(qa: _QuoteAttributor, quote: Quote, cue: Token | None) -> tuple[int, int]:
    """The sentence(s) holding the quotation and its cue, within the quotation's paragraph."""
    first = qa.index.token_at(quote.open_mark).sent
    last = qa.index.token_at(max(quote.open_mark, quote.outer_end - 1)).sent
    start, end = first.start_char, last.end_char
    if cue is not None:
        start, end = min(start, cue.sent.start_char), max(end, cue.sent.end_char)
    p_start, p_end = qa.paragraphs[quote.paragraph]
    return max(start, p_start), min(end, p_end)


def find_direct(doc: Doc, article: Article, persons: list[Person], entities: list[Entity],
                attributor: Attributor | None = None,
                quotes: list[Quote] | None = None) -> list[Statement]:
    """Direct quotations (``direct=True``) of the article body, with their speakers."""
    text = article.text
    if quotes is None:
        quotes = find_quotes(text, article.body_start)
    if attributor is None:
        attributor = Attributor(doc, persons, article.body_start,
                                [(q.open_mark, q.outer_end) for q in quotes if q.depth == 0])
    qa = _QuoteAttributor(doc, article, attributor, quotes)
    out = []
    for f in qa.attribute_all():
        if not f.is_statement:
            continue
        q = f.quote
        start, end = q.start, q.end
        while end > start and text[end - 1].isspace():
            end -= 1
        s_start, s_end = _sentence_of(qa, q, f.cue)
        out.append(Statement(
            text=text[start:end], direct=True, speaker=f.speaker.key,
            cue=cue_lemma(f.cue) if f.cue is not None else None,
            span=Mention(start=start, end=end, text=text[start:end]),
            sentence=Mention(start=s_start, end=s_end, text=text[s_start:s_end]),
            mentions=entity_keys_in(start, end, entities),
            confidence=round(f.confidence, 2),
        ))
    return out


def find_statements(doc: Doc, article: Article, persons: list[Person],
                    entities: list[Entity]) -> list[Statement]:
    """Direct quotations and indirect statements of the article body, in text order."""
    quotes = find_quotes(article.text, article.body_start)
    attributor = Attributor(doc, persons, article.body_start,
                            [(q.open_mark, q.outer_end) for q in quotes if q.depth == 0])
    direct = find_direct(doc, article, persons, entities, attributor, quotes)
    indirect = find_reported(doc, article, persons, entities, attributor)
    direct = [_within_reported(st, indirect, attributor.lexicon) for st in direct]
    return sorted([*direct, *indirect], key=lambda s: (s.span.start, not s.direct))


def _within_reported(
    quote: Statement, indirect: list[Statement], lexicon: dict[str, frozenset[str]]
) -> Statement:
    """A quotation with no speaker that lies inside a reported clause with one ('According to
    him, the Russians are considering drones "capable of causing more losses."') is that
    speaker's words, unless its own cue is a speech verb (whose subject said it, not them)."""
    if quote.speaker is not None or (quote.cue and "speech" in lexicon.get(quote.cue, ())):
        return quote
    for st in indirect:
        if st.speaker and st.span.start <= quote.span.start and quote.span.end <= st.span.end + 1:
            return quote.model_copy(
                update={"speaker": st.speaker, "cue": st.cue, "confidence": 0.6}
            )
    return quote


DENIAL_VERBS = frozenset({"deny", "dispute", "reject", "refute", "dismiss", "rebut"})


def _in_reported_clause_of(token: Token, cue: Token) -> bool:
    """Whether ``token`` belongs to the main verb of the clause ``cue`` reports (its ccomp),
    with no other verb between ('said she had "frank" talks', not 'disputed that he was in
    what was portrayed as an "irregular" channel')."""
    if cue.lemma_.lower() in DENIAL_VERBS:
        return False  # 'denied he formed an "irregular" channel': the accusers' word
    node = token
    for _ in range(8):
        if node.head.i == node.i:
            return False
        if node.head.i == cue.i:
            return node.dep_ in ("ccomp", "xcomp")
        if node.pos_ in ("VERB", "AUX") and node is not token:
            return False
        node = node.head
    return False

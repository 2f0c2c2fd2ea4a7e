"""Indirect statements and the speech-verb lexicon."""

from __future__ import annotations

import re

import pytest

from kg.models import Article, Mention, Person
from kg.quotes import find_statements
from kg.reported import LexiconError, load_speech_verbs

TITLE = "City news"
BERG = {"berg": ("Anna Berg", "Berg")}


def person(text: str, key: str, *forms: str) -> Person:
    """A Person whose mentions are every occurrence of ``forms`` in ``text``."""
    mentions: list[Mention] = []
    for form in sorted(forms, key=len, reverse=True):
        for m in re.finditer(re.escape(form), text):
            if not any(x.start <= m.start() < x.end for x in mentions):
                mentions.append(Mention(start=m.start(), end=m.end(), text=form))
    return Person(key=key, name=forms[0], mentions=mentions)


def found(nlp, body: str, people=BERG, direct: bool | None = False):
    article = Article(source="test", title=TITLE, body=body)
    persons = [person(article.text, key, *forms) for key, forms in people.items()]
    out = find_statements(nlp(article.text), article, persons, list(persons))
    for s in out:
        assert article.text[s.span.start:s.span.end] == s.text
    return [(s.text, s.speaker, s.cue) for s in out if direct is None or s.direct == direct]


def test_lexicon_has_speech_cognition_and_label_verbs():
    verbs = load_speech_verbs()
    assert "speech" in verbs["say"]
    assert "cognition" in verbs["believe"]
    assert "label" in verbs["call"]
    assert "object" in verbs["praise"]


def test_lexicon_reports_a_missing_file(tmp_path):
    with pytest.raises(LexiconError):
        load_speech_verbs(tmp_path / "missing.txt")


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "clause", "cue"),
    [
        ("Anna Berg said that the bridge would open in May.", "the bridge would open in May",
         "say"),
        ("Anna Berg said the bridge would open in May.", "the bridge would open in May", "say"),
        ("The bridge would open in May, Anna Berg said.", "The bridge would open in May", "say"),
        ("According to Anna Berg, the bridge would open in May.",
         "the bridge would open in May", "accord"),
        ("Anna Berg stressed that the costs had fallen sharply.",
         "the costs had fallen sharply", "stress"),
        ("Anna Berg told the council on Monday that the costs had fallen sharply.",
         "the costs had fallen sharply", "tell"),
        ("Anna Berg praised the engineers' careful work on the project.",
         "the engineers' careful work on the project", "praise"),
    ],
)
def test_reported_finds_clause_of_person_speaker(nlp, body, clause, cue):
    assert found(nlp, body) == [(clause, "berg", cue)]


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        "The ministry said the bridge would open in May.",
        "Officials said the bridge would open in May.",
        "A senior official said the bridge would open in May.",
        "The city hopes the bridge will open in May.",
        "The bridge opened in May after a long delay.",
    ],
)
def test_reported_ignores_organisations_unnamed_sources_and_plain_sentences(nlp, body):
    assert found(nlp, body) == []


@pytest.mark.model
def test_reported_resolves_a_pronoun_speaker(nlp):
    body = "Anna Berg visited the site on Monday. She said the work was on schedule."
    assert found(nlp, body) == [("the work was on schedule", "berg", "say")]


@pytest.mark.model
def test_reported_partial_quote_gives_direct_and_indirect(nlp):
    body = 'Anna Berg said the bridge was "almost finished" after months of delays.'
    assert found(nlp, body, direct=None) == [
        ('the bridge was "almost finished" after months of delays', "berg", "say"),
        ("almost finished", "berg", "say"),
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        '"The bridge is almost finished," Anna Berg said.',
        'Anna Berg said: "The bridge is almost finished."',
        'Anna Berg said that "the bridge is almost finished."',
        'Anna Berg described the bridge as "almost finished."',
    ],
)
def test_reported_whole_predicate_quote_is_direct_only(nlp, body):
    statements = found(nlp, body, direct=None)
    assert [s for s in statements if "almost finished" in s[0]]
    assert found(nlp, body, direct=False) == []


@pytest.mark.model
def test_reported_clause_stays_inside_its_paragraph(nlp):
    body = "Anna Berg said the bridge would open in May\n\nThe council met on Tuesday."
    assert found(nlp, body) == [("the bridge would open in May", "berg", "say")]

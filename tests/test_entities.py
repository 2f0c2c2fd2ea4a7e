"""find_entities: the three finders together, and what they share."""

from __future__ import annotations

import pytest

from kg.entities import find_entities
from kg.entity_support import fold_designator, quoted_spans, role_kinds, surface_matcher
from kg.models import Article


@pytest.fixture(scope="module")
def gazetteer():
    from kg.gazetteer import Gazetteer, GazetteerError

    try:
        return Gazetteer.load()
    except GazetteerError as exc:  # pragma: no cover
        pytest.skip(f"gazetteer data not available: {exc}")


@pytest.mark.parametrize(
    ("text", "folded"), [("F/A-18", "fa18"), ("Su 57", "su57"), ("S-400s", "s400s")]
)
def test_fold_designator_drops_case_and_punctuation(text, folded):
    assert fold_designator(text) == folded


@pytest.mark.parametrize(
    ("generic", "word"), [("official", "spokesman"), ("diplomat", "ambassador"),
                          ("diplomat", "foreign_minister")],
)
def test_a_generic_role_noun_covers_the_specific_titles(generic, word):
    assert word in role_kinds()[generic]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('He said "yes" and “no”.', ["yes", "no"]),
        ("“It runs on\n\n“and ends here,” she said.", ["It runs on", "and ends here,"]),
        ('The "Make in India" plan.', ["Make in India"]),
    ],
)
def test_quoted_spans_are_the_text_between_double_marks(text, quoted):
    assert [text[s:e] for s, e in quoted_spans(text)] == quoted


def test_surface_matcher_is_built_once_per_gazetteer(gazetteer):
    assert surface_matcher(gazetteer) is surface_matcher(gazetteer)


@pytest.mark.model
def test_find_entities_returns_persons_countries_and_weapons(nlp, gazetteer):
    article = Article(
        source="t",
        title="Putin offers Su-57 jets to India",
        body=(
            "Russian President Vladimir Putin offered India the Su-57 fighter on Monday. "
            "The Russian leader said Moscow was ready to build the jets in India."
        ),
    )
    persons, countries, weapons = find_entities(nlp(article.text), article, gazetteer)
    assert [p.name for p in persons] == ["Vladimir Putin"]
    assert {c.name for c in countries} == {"Russia", "India"}
    assert [w.name for w in weapons] == ["Su-57"]
    putin = persons[0]
    assert putin.key == "Q7747"
    assert putin.mentions[0].text == "Putin"  # in the title
    assert "The Russian leader" in putin.aliases


@pytest.mark.model
def test_an_organisation_is_never_a_person_country_or_weapon(nlp, gazetteer):
    article = Article(source="t", body="Rosoboronexport said the Kremlin approved the deal.")
    persons, countries, weapons = find_entities(nlp(article.text), article, gazetteer)
    assert (persons, countries, weapons) == ([], [], [])

"""Countries: names, abbreviations, demonyms, hyphenated pairs, capitals as governments."""

from __future__ import annotations

import pytest

from kg.entities import find_entities
from kg.models import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def gazetteer():
    from kg.gazetteer import Gazetteer, GazetteerError

    try:
        return Gazetteer.load()
    except GazetteerError as exc:  # pragma: no cover
        pytest.skip(f"gazetteer data not available: {exc}")


def countries_of(nlp, gazetteer, body: str) -> dict[str, list[str]]:
    article = Article(source="test", body=body)
    _, countries, _ = find_entities(nlp(article.text), article, gazetteer)
    return {c.name: [m.text for m in c.mentions] for c in countries}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("India signed a deal for Russian arms.", {"India", "Russia"}),
        ("The U.S. and the UK issued a statement.", {"United States", "United Kingdom"}),
        ("The Russian-Indian commission met again.", {"Russia", "India"}),
        ("The India-Russia summit ended on Friday.", {"Russia", "India"}),
        ("The Indo-Russian venture makes rifles.", {"Russia", "India"}),
        ("Indo-Israeli defence ties have grown.", {"India", "Israel"}),
        ("American engineer Paul Brandt was released.", {"United States"}),
    ],
)
def test_names_abbreviations_and_demonyms_are_countries(nlp, gazetteer, body, expected):
    assert set(countries_of(nlp, gazetteer, body)) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Moscow said the deal would go ahead.",
        "Beijing's position has not changed.",
        "Washington warned of sanctions on Tehran.",
        "The company signed a supply deal with Moscow on Monday.",
    ],
)
def test_capital_standing_for_its_government_is_a_country(nlp, gazetteer, body):
    found = countries_of(nlp, gazetteer, body)
    assert found, body
    assert all(len(mentions) >= 1 for mentions in found.values())


@pytest.mark.parametrize(
    "body",
    [
        "The two leaders held talks in New Delhi on Friday.",
        "He visited Moscow in 2001 and liked the city.",
        "MOSCOW, June 3. The exercise will be held next year.",
        "The Washington-based group published a report.",
    ],
)
def test_capital_that_is_only_a_place_is_not_a_country(nlp, gazetteer, body):
    assert countries_of(nlp, gazetteer, body) == {}


@pytest.mark.parametrize(
    "body",
    [
        "The Kremlin said the talks were useful.",
        "The Pentagon declined to comment.",
        "The West has imposed sanctions.",
        "She studied at the American University of Kabul.",
        "Ships crossed the Indian Ocean.",
        "The navy patrols the Indo-Pacific with its partners.",
    ],
)
def test_organisations_regions_and_names_containing_country_words_are_not_countries(
    nlp, gazetteer, body
):
    assert countries_of(nlp, gazetteer, body) == {}


def test_state_institution_named_after_its_country_counts(nlp, gazetteer):
    assert set(countries_of(nlp, gazetteer, "The US Navy sent a destroyer.")) == {"United States"}


def test_country_mentions_are_grouped_under_one_country(nlp, gazetteer):
    found = countries_of(nlp, gazetteer, "Russia said Russian troops left. Moscow's envoy agreed.")
    assert list(found) == ["Russia"]
    assert found["Russia"] == ["Russia", "Russian", "Moscow"]


def test_a_demonym_naming_an_ocean_or_sea_is_no_country(nlp, gazetteer):
    body = ("The frigate sailed towards the Atlantic and Indian oceans on Monday, while the "
            "Indian Navy watched.")
    assert countries_of(nlp, gazetteer, body) == {"India": ["Indian"]}


def test_a_hyphenated_country_name_is_found_spelled_with_a_space(nlp, gazetteer):
    body = "Troops from Guinea Bissau and Timor Leste joined the mission."
    assert set(countries_of(nlp, gazetteer, body)) == {"Guinea-Bissau", "East Timor"}


def test_a_demonym_after_a_region_word_names_the_region_not_a_country(nlp, gazetteer):
    body = ("The South American country bought jets while Latin American leaders met, and "
            "South Korean troops moved.")
    assert countries_of(nlp, gazetteer, body) == {"South Korea": ["South Korean"]}

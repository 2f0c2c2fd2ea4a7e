"""Persons: title + name patterns, coreference of surnames and role phrases, linking."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.entities import find_entities
from kg.models import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def gazetteer():
    from kg.gazetteer import Gazetteer, GazetteerError

    try:
        return Gazetteer.load()
    except GazetteerError as exc:  # pragma: no cover - only while the data is being written
        pytest.skip(f"gazetteer data not available: {exc}")


def persons_of(nlp, gazetteer, body: str, title: str = "", date: dt.date | None = None):
    article = Article(source="test", title=title, body=body, date=date)
    persons, _, _ = find_entities(nlp(article.text), article, gazetteer)
    return persons


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Defence Minister Rajnath Singh met his counterpart on Monday.", "Rajnath Singh"),
        ("Kremlin Spokesperson Dmitry Peskov declined to comment on the talks.", "Dmitry Peskov"),
        ("Lt. Col. Alexander Vindman told lawmakers about the call.", "Alexander Vindman"),
        ("Rear Adm. Jim Kirk said the carrier group was ready.", "Jim Kirk"),
        ("Cmdr. Jason Hoch praised the squadron after the deployment.", "Jason Hoch"),
        ("The letter was signed by Energy Secretary Marta Okonjo last week.", "Marta Okonjo"),
    ],
)
def test_title_and_name_give_one_person_named_without_title(nlp, gazetteer, body, name):
    persons = persons_of(nlp, gazetteer, body)
    assert [p.name for p in persons] == [name]
    assert any(m.text.endswith(name) and m.text != name for m in persons[0].mentions)


def test_surname_and_title_mentions_join_the_full_name(nlp, gazetteer):
    body = (
        "Brazilian Foreign Minister Carla Mendonca arrived in Lisbon on Monday. "
        "Mendonca said the trade deal was close. Later, Minister Mendonca met reporters."
    )
    persons = persons_of(nlp, gazetteer, body)
    assert len(persons) == 1
    person = persons[0]
    assert person.name == "Carla Mendonca"
    assert len(person.mentions) == 3
    assert ("foreign_minister", "Q155") in {(r.office, r.country) for r in person.roles}


def test_role_phrase_resolves_to_the_person_with_that_title(nlp, gazetteer):
    body = (
        "Russian President Vladimir Putin met Indian Prime Minister Narendra Modi in Delhi. "
        "The Russian leader praised the ties, and the Indian prime minister agreed."
    )
    persons = {p.name: p for p in persons_of(nlp, gazetteer, body)}
    assert set(persons) == {"Vladimir Putin", "Narendra Modi"}
    assert "The Russian leader" in persons["Vladimir Putin"].aliases
    assert "the Indian prime minister" in persons["Narendra Modi"].aliases
    assert persons["Vladimir Putin"].wikidata == "Q7747"


@pytest.mark.parametrize(
    ("date", "holder"),
    [(dt.date(2019, 3, 1), "Sergei Shoigu"), (dt.date(2025, 3, 1), "Andrei Belousov")],
)
def test_role_phrase_resolves_to_the_holder_on_the_article_date(nlp, gazetteer, date, holder):
    body = (
        "Sergei Shoigu and Andrei Belousov attended the ceremony in Moscow. "
        "The Russian defence minister then inspected the new frigate."
    )
    persons = {p.name: p for p in persons_of(nlp, gazetteer, body, date=date)}
    assert set(persons) == {"Sergei Shoigu", "Andrei Belousov"}
    assert "The Russian defence minister" in persons[holder].aliases
    other = next(name for name in persons if name != holder)
    assert "The Russian defence minister" not in persons[other].aliases
    assert ("defence_minister", "Q159") in {(r.office, r.country) for r in persons[holder].roles}


def test_role_phrase_of_an_unnamed_holder_makes_no_person(nlp, gazetteer):
    body = "The Russian defence minister inspected the new frigate, officials said."
    assert persons_of(nlp, gazetteer, body, date=dt.date(2019, 3, 1)) == []


@pytest.mark.parametrize(
    "body",
    [
        "Turkey bought the Patriot missiles from the United States last year.",
        "The destroyer USS Ralph Johnson left port; Ralph Johnson will return in May.",
        "The Houthis fired drones at ships; Houthi rebels also fired missiles.",
        "Follow the news agency on Twitter @newsdesk for updates.",
    ],
)
def test_weapons_ships_and_groups_are_not_persons(nlp, gazetteer, body):
    assert persons_of(nlp, gazetteer, body) == []


def test_persons_named_only_in_the_title_are_left_out(nlp, gazetteer):
    persons = persons_of(nlp, gazetteer, "The ministry said talks would go on.",
                         title="Jonas Pereira Hails Talks")
    assert persons == []


def test_title_mentions_join_a_person_the_body_names(nlp, gazetteer):
    persons = persons_of(nlp, gazetteer, "Vladimir Putin said the talks went well.",
                         title="Putin hails talks")
    assert len(persons) == 1
    assert persons[0].mentions[0].start == 0


def test_unknown_first_name_with_known_surname_is_not_linked(nlp, gazetteer):
    persons = persons_of(nlp, gazetteer, "Quentin Putin, a baker from Ohio, said bread was dear.")
    assert [p.name for p in persons] == ["Quentin Putin"]
    assert persons[0].wikidata is None


def test_mention_offsets_point_into_article_text(nlp, gazetteer):
    article = Article(source="t", title="Modi meets Putin",
                      body="Prime Minister Narendra Modi met Vladimir Putin. Modi smiled.")
    persons, _, _ = find_entities(nlp(article.text), article, gazetteer)
    for person in persons:
        for m in person.mentions:
            assert article.text[m.start : m.end] == m.text


def test_role_phrase_without_country_goes_to_the_office_holder_in_the_text(nlp, gazetteer):
    body = (
        "Senegalese President Amara Ndoye hosted Portuguese Prime Minister Rui Matos on Monday. "
        "Matos praised the port project. Ndoye said the port would open soon. "
        "The president added that the talks went well."
    )
    persons = {p.name: p for p in persons_of(nlp, gazetteer, body)}
    phrase = body.index("The president")
    assert any(m.start == phrase for m in persons["Amara Ndoye"].mentions)
    assert not any(m.start == phrase for m in persons["Rui Matos"].mentions)


@pytest.mark.parametrize("outlet", ["Politico", "Axios", "Bloomberg"])
def test_a_news_outlet_reporting_is_not_a_person(nlp, gazetteer, outlet):
    body = (f"Senator Dana Whitfield said she learned of the delay after {outlet} reported "
            "that the aid had been paused.")
    assert [p.name for p in persons_of(nlp, gazetteer, body)] == ["Dana Whitfield"]

"""Weapon systems: known names, designators near head nouns, ships, classes, merging."""

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


def weapons_of(nlp, gazetteer, body: str):
    article = Article(source="test", body=body)
    _, _, weapons = find_entities(nlp(article.text), article, gazetteer)
    return weapons


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("The navy tested the new Zircon-M hypersonic missile on Friday.", "Zircon-M"),
        ("China launched two more Type 099 destroyers this year.", "Type 099"),
        ("The air force ordered the Kx-77 fighter jets from a local maker.", "Kx-77"),
        ("The army fielded Vortex-3 drones near the border.", "Vortex-3"),
        ("The squadron flies the F/A-18 Super Hornet.", "F/A-18 Super Hornet"),
        ("Arleigh Burke-class guided-missile destroyers escorted the group.",
         "Arleigh Burke-class"),
        ("The Project 22350 frigates will be built in Kaliningrad.", "Project 22350"),
        ("Tokyo may export Type 03 Chu-SAM surface-to-air missile systems.", "Type 03 Chu-SAM"),
    ],
)
def test_unknown_systems_are_found_from_designators_and_head_nouns(nlp, gazetteer, body, name):
    assert [w.name for w in weapons_of(nlp, gazetteer, body)] == [name]


@pytest.mark.parametrize(
    "body",
    [
        "Russia unveiled the Il-114-300 regional aircraft and the SJ-100 passenger jet.",
        "The plant will make the Sputnik V vaccine and small reactors.",
        "Commanding officer of VFA-32 praised the crew.",
        "Troops were tested for COVID-19 before the G20 summit.",
        "Pakistani fighter jets and Houthi rebels were mentioned; Houthi drones too.",
        "BrahMos Aerospace opened a new plant.",
    ],
)
def test_civil_aircraft_vaccines_units_and_organisations_are_not_weapons(nlp, gazetteer, body):
    assert weapons_of(nlp, gazetteer, body) == []


def test_variants_of_one_system_merge_under_the_fullest_name(nlp, gazetteer):
    body = (
        "India bought the S-400 Triumf air defence system. The first S-400s arrived in May, "
        "and more S-400 units follow."
    )
    weapons = weapons_of(nlp, gazetteer, body)
    assert len(weapons) == 1
    assert weapons[0].name == "S-400 Triumf"
    assert {"S-400s", "S-400"} <= set(weapons[0].aliases)
    assert len(weapons[0].mentions) == 3


def test_ship_with_hull_number_merges_with_its_bare_name(nlp, gazetteer):
    body = (
        "The cruiser USS Lake Erie (CG 70) left port. Sailors aboard Lake Erie trained for "
        "weeks before the deployment."
    )
    weapons = weapons_of(nlp, gazetteer, body)
    assert [w.name for w in weapons] == ["USS Lake Erie (CG 70)"]
    assert "Lake Erie" in weapons[0].aliases


def test_maker_name_before_designator_joins_the_system(nlp, gazetteer):
    body = "The plant made Kalashnikov AK-203 assault rifles; the AK-203 is light."
    weapons = weapons_of(nlp, gazetteer, body)
    assert [w.name for w in weapons] == ["Kalashnikov AK-203"]
    assert "AK-203" in weapons[0].aliases


def test_known_system_gets_one_key_whatever_the_wording(nlp, gazetteer):
    weapons = weapons_of(nlp, gazetteer, "China launched two more Type 055 destroyers this year.")
    assert [(w.name, w.key) for w in weapons] == [("Type 055", "Type 055 destroyer")]
    other = weapons_of(nlp, gazetteer, "Two Renhai-class destroyers sailed past the strait.")
    assert [w.key for w in other] == ["Type 055 destroyer"]


def test_a_family_designator_is_not_merged_into_one_member(nlp, gazetteer):
    body = "The plant will make AK-203 rifles and later other AK-200 series rifles."
    names = {w.name for w in weapons_of(nlp, gazetteer, body)}
    assert "AK-203" in names and len(names) == 2

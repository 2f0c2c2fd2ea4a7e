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


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("India will buy Ka-226T light helicopters and more MiG-29K fighter jets. The first "
         "MiG-29Ks arrived in May.", {("Ka-226T", "Ka-226"), ("MiG-29K", "MiG-29K")}),
        ("India scrapped the deal for Spike anti-tank guided missiles (ATGM) but bought Barak "
         "surface-to-air (SAM) missiles.", {("Spike", "Spike missile"), ("Barak", "Barak")}),
        ("Pakistan tested the Shaheen-II missile in March and the Shaheen-III in April.",
         {("Shaheen-II", "Shaheen-II"), ("Shaheen-III", "Shaheen-III")}),
        ("The frigate Admiral Volkov sailed from the base on Monday.",
         {("Admiral Volkov", "Admiral Volkov")}),
        ("The army still uses BMP infantry combat vehicles and bought 500 armoured vehicles.",
         {("BMP", "BMP")}),
    ],
)
def test_split_model_letters_compound_modifiers_and_ship_names_are_read(
    nlp, gazetteer, body, expected
):
    assert {(w.name, w.key) for w in weapons_of(nlp, gazetteer, body)} == expected


def test_a_known_system_is_found_by_its_plain_name_next_to_a_head_noun(nlp, gazetteer):
    body = ("Pakistan test-fired the ballistic missile Ghauri on Wednesday. The intermediate-range "
            "Ghauri can fly 1,300 km.")
    weapons = weapons_of(nlp, gazetteer, body)
    assert [w.key for w in weapons] == ["Ghauri missile"]
    assert len(weapons[0].mentions) == 2


def test_a_head_noun_shared_by_a_coordination_stays_out_of_the_first_mention(nlp, gazetteer):
    body = "India operates Kilo-class conventional and Akula-class nuclear submarines."
    weapons = {w.name: w for w in weapons_of(nlp, gazetteer, body)}
    assert [m.text for m in weapons["Kilo-class"].mentions] == ["Kilo-class"]


@pytest.mark.parametrize(
    "body",
    [
        "Russia will make Kamov helicopters and Sukhoi jets in India.",
        "Russia also offered the Sukhoi Superjet-100 and MS-21 aircraft to India.",
        "The flag carrier Air Corvina added routes to Europe.",
    ],
)
def test_makers_products_airliners_and_airlines_are_not_weapons(nlp, gazetteer, body):
    assert weapons_of(nlp, gazetteer, body) == []


def test_a_known_system_is_named_without_its_head_noun(nlp, gazetteer):
    body = "The Rafale jet flew past the stand, and more Rafale jets will arrive in May."
    weapons = weapons_of(nlp, gazetteer, body)
    assert [(w.name, w.key) for w in weapons] == [("Rafale", "Dassault Rafale")]


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("The air force will add more Rafales next year.", "Dassault Rafale"),
        ("The army chose the helicopter in preference to Airbus Helicopters' Fennec last year.",
         "Eurocopter Fennec"),
    ],
)
def test_a_known_plural_or_a_makers_product_is_a_weapon_whatever_the_ner_says(
    nlp, gazetteer, body, key
):
    assert key in {w.key for w in weapons_of(nlp, gazetteer, body)}


def test_a_persons_surname_is_not_a_weapon_and_a_lone_variant_letter_is_no_system(
    nlp, gazetteer
):
    body = ("Selcuk Bayraktar said exports of the Bayraktar TB2 would grow. Based on "
            "Bayraktar's forecasts, the air force will add more Chinese J-10 C fighter jets.")
    weapons = weapons_of(nlp, gazetteer, body)
    names = {w.name for w in weapons}
    assert "C" not in names
    tb2 = next(w for w in weapons if w.name == "Bayraktar TB2")
    assert all(body[m.start:m.end] != "Bayraktar" for m in tb2.mentions)


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Iran unveiled a new cruise missile named Tabarzin on Saturday.", "Tabarzin"),
        ("The surface-to-surface missile — called Karoun — has a range of 900 km.", "Karoun"),
        ("Officials criticised the plan. TOLGA, a fighter jet built in Turkiye, flew in May.",
         "TOLGA"),
    ],
)
def test_an_unknown_name_given_after_or_beside_a_weapon_noun_is_a_system(
    nlp, gazetteer, body, name
):
    assert [w.name for w in weapons_of(nlp, gazetteer, body)] == [name]


@pytest.mark.parametrize(
    "body",
    [
        "The airline bought a passenger jet named Silver Arrow last year.",
        "The frigate named \"Admiral of the Northern Fleet Orlov\" sailed on Monday.",
        "Karl Weber, a fighter pilot, said the jet flew well.",
        "Boeing, a US aircraft maker, said orders were up.",
    ],
)
def test_names_after_civil_nouns_inside_longer_names_or_beside_people_are_no_systems(
    nlp, gazetteer, body
):
    assert [w.name for w in weapons_of(nlp, gazetteer, body)] == []


@pytest.mark.parametrize(
    "body",
    [
        "Chief of the Naval Staff (CNS) Admiral Omar Rauf visited the yard. CNS Rauf said "
        "the boats would be delivered on time.",
        "The pilots trained at INS Garuda Naval Air Station before the exercise.",
    ],
)
def test_a_ship_prefix_used_for_a_title_or_a_shore_base_gives_no_ship(nlp, gazetteer, body):
    assert [w.name for w in weapons_of(nlp, gazetteer, body)] == []


def test_a_known_name_ending_in_s_is_not_read_as_a_plural(nlp, gazetteer):
    body = "The destroyers carry Aegis radar systems built in the United States."
    assert [w.name for w in weapons_of(nlp, gazetteer, body)] == ["Aegis"]


def test_a_two_word_makers_name_before_a_designator_is_no_part_of_the_system(nlp, gazetteer):
    body = "Poland ordered Hyundai Rotem K2 tanks and Hanwha Defense K9 howitzers in July."
    assert sorted(w.name for w in weapons_of(nlp, gazetteer, body)) == ["K2", "K9"]


def test_a_name_set_off_after_a_warship_noun_is_the_ship_even_a_royal_name(nlp, gazetteer):
    body = ("The Royal Navy's largest warship, Prince Edmund, joined the drills south of "
            "Okinawa.")
    assert [w.name for w in weapons_of(nlp, gazetteer, body)] == ["Prince Edmund"]


def test_a_block_number_or_roman_numeral_stays_in_the_systems_name(nlp, gazetteer):
    body = "The sale includes RGM-84L-4 Harpoon Block II missiles for the navy."
    assert [w.name for w in weapons_of(nlp, gazetteer, body)] == ["RGM-84L-4 Harpoon Block II"]


def test_a_known_designator_written_with_a_space_is_the_same_system(nlp, gazetteer):
    spaced = weapons_of(nlp, gazetteer, "India bought the S 400 air defence system in 2018.")
    hyphen = weapons_of(nlp, gazetteer, "India bought the S-400 air defence system in 2018.")
    assert [w.key for w in spaced] == [w.key for w in hyphen] != []


def test_a_quoted_nickname_between_a_designator_and_its_noun(nlp, gazetteer):
    body = 'Poland will buy 180 K9 "Thunder" howitzers built in Korea.'
    assert [w.name for w in weapons_of(nlp, gazetteer, body)] == ["K9"]

"""Tests for kg/gazetteer.py and the data files it reads."""

from __future__ import annotations

import doctest
import json
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import kg.gazetteer
from kg.errors import KgError
from kg.gazetteer import Gazetteer, default_gazetteer

DATA = Path(__file__).resolve().parent.parent / "kg" / "data"
QID = re.compile(r"^Q\d+$")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


# -- countries ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "qid", "form"),
    [
        ("Russia", "Q159", "name"),
        ("the Russian Federation", "Q159", "name"),
        ("russia", "Q159", "name"),
        ("Russian", "Q159", "demonym"),
        ("Russians", "Q159", "demonym"),
        ("Moscow", "Q159", "capital"),
        ("Moscow's", "Q159", "capital"),
        ("Indian", "Q668", "demonym"),
        ("New Delhi", "Q668", "capital"),
        ("Delhi", "Q668", "capital"),
        ("Bharat", "Q668", "name"),
        ("Indo-", "Q668", "prefix"),
        ("Sino", "Q148", "prefix"),
        ("Beijing", "Q148", "capital"),
        ("PRC", "Q148", "abbreviation"),
        ("Pakistani", "Q843", "demonym"),
        ("Islamabad", "Q843", "capital"),
        ("Washington", "Q30", "capital"),
        ("American", "Q30", "demonym"),
        ("the United States of America", "Q30", "name"),
        ("America", "Q30", "name"),
        ("British", "Q145", "demonym"),
        ("Britain", "Q145", "name"),
        ("the UK", "Q145", "abbreviation"),
        ("Turkish", "Q43", "demonym"),
        ("Türkiye", "Q43", "name"),
        ("Ankara", "Q43", "capital"),
        ("Israeli", "Q801", "demonym"),
        ("Jewish state", "Q801", "name"),
        ("Kyiv", "Q212", "capital"),
        ("Kiev", "Q212", "capital"),
        ("Ukrainians", "Q212", "demonym"),
        ("Palestinian", "Q219060", "demonym"),
        ("State of Palestine", "Q219060", "name"),
        ("Holy See", "Q237", "name"),
        ("Pyongyang", "Q423", "capital"),
        ("DPRK", "Q423", "abbreviation"),
        ("ROK", "Q884", "abbreviation"),
        ("Emirati", "Q878", "demonym"),
        ("Saudi", "Q851", "demonym"),
        ("Tehran", "Q794", "capital"),
        ("Côte d'Ivoire", "Q1008", "name"),
        ("Cote d'Ivoire", "Q1008", "name"),
        ("Burma", "Q836", "name"),
    ],
)
def test_country_resolves_names_demonyms_capitals_and_abbreviations(
    gaz: Gazetteer, surface: str, qid: str, form: str
) -> None:
    country = gaz.country(surface)
    assert country is not None, surface
    assert country.id == qid
    assert gaz.country_form(surface) == form


@pytest.mark.parametrize(
    "surface",
    ["us", "uk", "russian", "turkey", "chad", "jordan", "washington", "Kremlin", "Pentagon",
     "West", "Korean", "Congo", "", "   "],
)
def test_country_rejects_lowercase_abbreviations_common_words_and_organisations(
    gaz: Gazetteer, surface: str
) -> None:
    assert gaz.country(surface) is None
    assert gaz.country_form(surface) is None


def test_ambiguous_country_names_still_match_when_capitalised(gaz: Gazetteer) -> None:
    for name in ("Turkey", "Chad", "Jordan", "Georgia"):
        country = gaz.country(name)
        assert country is not None and country.ambiguous_name


def test_country_by_id_returns_the_entry(gaz: Gazetteer) -> None:
    assert gaz.country_by_id("Q668").name == "India"
    assert gaz.country_by_id("Q999999999") is None


def test_countries_cover_every_un_member_and_observer(gaz: Gazetteer) -> None:
    # 193 members + Holy See + Palestine + Taiwan + Kosovo
    assert len(gaz.countries) >= 197
    for observer in ("Q237", "Q219060", "Q865", "Q1246"):
        assert gaz.country_by_id(observer) is not None


@pytest.mark.parametrize(("qid", "office"), [
    ("Q159", "head_of_state"), ("Q30", "head_of_state"), ("Q142", "head_of_state"),
    ("Q668", "head_of_government"), ("Q145", "head_of_government"),
    ("Q801", "head_of_government"), ("Q843", "head_of_government"), ("Q17", "head_of_government"),
])
def test_leader_office_follows_the_system_of_government(gaz: Gazetteer, qid: str, office: str):
    assert gaz.country_by_id(qid).leader_office == office


# -- persons ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("Vladimir Putin", "Vladimir Putin"),
        ("Putin", "Vladimir Putin"),
        ("putin", "Vladimir Putin"),
        ("Putin's", "Vladimir Putin"),
        ("Mr Putin", "Vladimir Putin"),
        ("President Putin", "Vladimir Putin"),
        ("Sergei Lavrov", "Sergei Lavrov"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Zelensky", "Volodymyr Zelensky"),
        ("Zelenskyy", "Volodymyr Zelensky"),
        ("Zelenskiy", "Volodymyr Zelensky"),
        ("Dmitry Peskov", "Dmitry Peskov"),
        ("Dimitry Peskov", "Dmitry Peskov"),
        ("Erdoğan", "Recep Tayyip Erdoğan"),
        ("Erdogan", "Recep Tayyip Erdoğan"),
        ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("S. Jaishankar", "Subrahmanyam Jaishankar"),
        ("S Jaishankar", "Subrahmanyam Jaishankar"),
        ("Shoigu", "Sergei Shoigu"),
        ("Prime Minister Narendra Modi", "Narendra Modi"),
    ],
)
def test_person_matches_names_aliases_and_spelling_variants(
    gaz: Gazetteer, surface: str, name: str
) -> None:
    person = gaz.person(surface)
    assert person is not None, surface
    assert person.name == name


@pytest.mark.parametrize("surface", ["Sharif", "Singh", "Kim", "Clinton", "Nobody Atall", ""])
def test_person_refuses_surnames_shared_by_several_persons(gaz: Gazetteer, surface: str) -> None:
    assert gaz.person(surface) is None


def test_person_by_id_accepts_qid_or_canonical_name(gaz: Gazetteer) -> None:
    assert gaz.person_by_id("Q7747").name == "Vladimir Putin"
    assert gaz.person_by_id("Andrei Belousov").name == "Andrei Belousov"
    assert gaz.person_by_id("Q1") is None


# -- offices ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("office", "country", "on", "name"),
    [
        ("defence_minister", "Q159", date(2018, 12, 13), "Sergei Shoigu"),
        ("defence_minister", "Q159", date(2024, 6, 1), "Andrei Belousov"),
        ("head_of_government", "Q668", date(2012, 1, 1), "Manmohan Singh"),
        ("head_of_government", "Q668", date(2020, 1, 1), "Narendra Modi"),
        ("head_of_state", "Q159", date(2010, 6, 1), "Dmitry Medvedev"),
        ("head_of_state", "Q159", date(2025, 12, 4), "Vladimir Putin"),
        ("foreign_minister", "Q159", date(2019, 9, 1), "Sergei Lavrov"),
        ("foreign_minister", "Q668", date(2021, 12, 6), "Subrahmanyam Jaishankar"),
        ("spokesperson", "Q159", date(2021, 12, 6), "Dmitry Peskov"),
        ("head_of_state", "Q30", date(2019, 10, 1), "Donald Trump"),
        ("head_of_state", "Q30", date(2022, 10, 1), "Joe Biden"),
        ("foreign_minister", "Q30", date(2019, 10, 1), "Mike Pompeo"),
        ("head_of_government", "Q145", date(2022, 10, 1), "Liz Truss"),
        ("head_of_state", "Q43", date(2020, 1, 1), "Recep Tayyip Erdoğan"),
        ("head_of_government", "Q43", date(2010, 1, 1), "Recep Tayyip Erdoğan"),
        ("head_of_government", "Q801", date(2021, 12, 1), "Naftali Bennett"),
        ("head_of_state", "Q212", date(2023, 1, 1), "Volodymyr Zelensky"),
        ("head_of_government", "Q843", date(2019, 1, 1), "Imran Khan"),
        ("head_of_state", "Q142", date(2019, 1, 1), "Emmanuel Macron"),
        ("leader", "Q668", date(2020, 1, 1), "Narendra Modi"),
        ("leader", "Q159", date(2010, 1, 1), "Dmitry Medvedev"),
    ],
)
def test_holder_on_date(gaz: Gazetteer, office: str, country: str, on: date, name: str) -> None:
    person = gaz.holder(office, country, on)
    assert person is not None
    assert person.name == name


@pytest.mark.parametrize(
    ("office", "country", "on"),
    [
        ("defence_minister", "Q159", None),
        ("defence_minister", "Q999999", date(2020, 1, 1)),
        ("court_jester", "Q159", date(2020, 1, 1)),
        ("head_of_government", "Q43", date(2020, 1, 1)),  # office abolished in 2018
    ],
)
def test_holder_is_none_without_date_or_record(
    gaz: Gazetteer, office: str, country: str, on: date | None
) -> None:
    assert gaz.holder(office, country, on) is None


def test_holder_on_handover_day_is_the_incoming_holder(gaz: Gazetteer) -> None:
    assert gaz.holder("head_of_government", "Q668", date(2014, 5, 26)).name == "Narendra Modi"


def test_offices_of_lists_offices_held_on_a_date(gaz: Gazetteer) -> None:
    assert gaz.offices_of("Q7747", date(2010, 1, 1)) == [("head_of_government", "Q159")]
    assert gaz.offices_of("Q7747", date(2020, 1, 1)) == [("head_of_state", "Q159")]
    assert ("defence_minister", "Q159") in gaz.offices_of("Sergei Shoigu", None)
    assert gaz.offices_of("Nobody Atall", None) == []


def test_role_nouns_cover_the_main_offices(gaz: Gazetteer) -> None:
    roles = gaz.role_nouns()
    assert "president" in roles["head_of_state"]
    assert "prime minister" in roles["head_of_government"]
    assert "external affairs minister" in roles["foreign_minister"]
    assert "defense chief" in roles["defence_minister"]
    assert "press secretary" in roles["spokesperson"]


# -- weapons ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("S-400", "S-400 Triumf"),
        ("S400", "S-400 Triumf"),
        ("S-400s", "S-400 Triumf"),
        ("SA-21 Growler", "S-400 Triumf"),
        ("Su 57", "Su-57"),
        ("SU-57", "Su-57"),
        ("Su57", "Su-57"),
        ("Rafales", "Dassault Rafale"),
        ("Rafale", "Dassault Rafale"),
        ("Brahmos", "BrahMos"),
        ("F-35B", "F-35B"),
        ("F-35s", "F-35 Lightning II"),
        ("F/A-18 Super Hornet", "F/A-18E/F Super Hornet"),
        ("Kilo class", "Kilo-class"),
        ("Talwar-class", "Project 11356"),
        ("AK-203", "AK-203"),
        ("T-90", "T-90"),
        ("Patriot", "MIM-104 Patriot"),
        ("Bayraktar TB2", "Bayraktar TB2"),
        ("Shahed-136", "Shahed-136"),
    ],
)
def test_weapon_normalises_case_hyphens_spaces_and_plurals(
    gaz: Gazetteer, surface: str, name: str
) -> None:
    weapon = gaz.weapon(surface)
    assert weapon is not None, surface
    assert weapon.name == name


@pytest.mark.parametrize(
    "surface", ["patriot", "arrow", "typhoon", "missiles", "fighter jets", "Superjet", "Il-114", ""]
)
def test_weapon_rejects_plain_words_and_civil_aircraft(gaz: Gazetteer, surface: str) -> None:
    assert gaz.weapon(surface) is None


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("Hatf 5", "Ghauri missile"),
        ("Hatf-III", "Ghaznavi missile"),
        ("Shaheen 1-A", "Shaheen-I"),
        ("Hatf-IV", "Shaheen-I"),
        ("Shaheen-II", "Shaheen-II"),
        ("Shaheen-III", "Shaheen-III"),
        ("Agni-II", "Agni-II"),
        ("Agni-V", "Agni-V"),
        ("Sukhoi-30", "Su-30"),
        ("Kamov-226T", "Ka-226"),
        ("INS Chakra", "INS Chakra"),
        ("Akula-class", "Akula-class"),
        ("HMS Prince of Wales", "HMS Prince of Wales"),
        ("Project 15B", "Visakhapatnam-class"),
        ("Project 17", "Shivalik-class"),
        ("Project 17A", "Project 17A"),
        ("Barak 8", "Barak 8"),
        ("Barak-1", "Barak 1"),
    ],
)
def test_weapon_aliases_never_merge_distinct_systems(gaz: Gazetteer, surface: str, name: str):
    weapon = gaz.weapon(surface)
    assert weapon is not None, surface
    assert weapon.name == name


@pytest.mark.parametrize("surface", ["Tu-22", "Topol", "S-300V", "Shaheen missile", "Kh-103"])
def test_weapon_knows_no_alias_for_a_different_system(gaz: Gazetteer, surface: str) -> None:
    assert gaz.weapon(surface) is None


def test_no_weapon_alias_is_claimed_twice() -> None:
    entries = json.loads((DATA / "weapons.json").read_text(encoding="utf-8"))["entries"]
    forms = Counter(
        form for e in entries
        for form in {kg.gazetteer._weapon_form(f) for f in (e["name"], *e["aliases"])}
    )
    assert [form for form, n in forms.items() if n > 1] == []


# -- data integrity -----------------------------------------------------------------------------


def test_every_holder_exists_in_persons(gaz: Gazetteer) -> None:
    offices = json.loads((DATA / "offices.json").read_text(encoding="utf-8"))
    for entry in offices["entries"]:
        for holder in entry["holders"]:
            assert gaz.person_by_id(holder["person"]) is not None, holder


@pytest.mark.parametrize("kind", ["countries", "persons", "weapons"])
def test_qids_are_well_formed_and_unique_within_a_kind(kind: str) -> None:
    data = json.loads((DATA / f"{kind}.json").read_text(encoding="utf-8"))
    assert re.match(r"^\d{4}-\d{2}-\d{2}\.\d+$", data["version"])
    ids = [e["id"] for e in data["entries"] if e["id"] is not None]
    assert all(QID.match(qid) for qid in ids)
    duplicates = [qid for qid, n in Counter(ids).items() if n > 1]
    assert duplicates == []


def test_person_country_fields_name_known_countries(gaz: Gazetteer) -> None:
    for person in gaz.persons:
        assert person.country is None or gaz.country_by_id(person.country), person.name


def test_surface_forms_cover_every_kind(gaz: Gazetteer) -> None:
    forms = set(gaz.surface_forms())
    assert ("Russian", "country", "Q159") in forms
    assert ("Putin", "person", "Q7747") in forms
    assert ("S-400", "weapon", "S-400 Triumf") in forms
    assert all(kind in {"country", "person", "weapon"} for _, kind, _ in forms)
    assert not any(surface == "Sino" for surface, _, _ in forms)


# -- loader errors ------------------------------------------------------------------------------


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    for name in ("countries", "persons", "offices", "weapons"):
        shutil.copy(DATA / f"{name}.json", tmp_path / f"{name}.json")
    return tmp_path


def test_load_from_a_directory_matches_the_packaged_data(data_copy: Path, gaz: Gazetteer):
    assert Gazetteer.load(data_copy).version == gaz.version


def test_load_rejects_bad_json(data_copy: Path) -> None:
    (data_copy / "weapons.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(KgError, match=r"weapons\.json is not valid JSON"):
        Gazetteer.load(data_copy)


def test_load_rejects_unknown_holder(data_copy: Path) -> None:
    offices = json.loads((data_copy / "offices.json").read_text(encoding="utf-8"))
    offices["entries"][0]["holders"].append({"person": "Nobody Atall", "start": None, "end": None})
    (data_copy / "offices.json").write_text(json.dumps(offices), encoding="utf-8")
    with pytest.raises(KgError, match=re.escape("'Nobody Atall' is not in persons.json")):
        Gazetteer.load(data_copy)


def test_load_rejects_malformed_qid(data_copy: Path) -> None:
    persons = json.loads((data_copy / "persons.json").read_text(encoding="utf-8"))
    persons["entries"][0]["id"] = "7747"
    (data_copy / "persons.json").write_text(json.dumps(persons), encoding="utf-8")
    with pytest.raises(KgError, match="not a Wikidata QID"):
        Gazetteer.load(data_copy)


def test_load_rejects_a_demonym_claimed_by_two_countries(data_copy: Path) -> None:
    countries = json.loads((data_copy / "countries.json").read_text(encoding="utf-8"))
    countries["entries"][0]["demonyms"].append("Russian")
    (data_copy / "countries.json").write_text(json.dumps(countries), encoding="utf-8")
    with pytest.raises(KgError, match="'Russian' names both"):
        Gazetteer.load(data_copy)


def test_load_reports_a_missing_file(data_copy: Path) -> None:
    (data_copy / "persons.json").unlink()
    with pytest.raises(KgError, match=re.escape("cannot read gazetteer file persons.json")):
        Gazetteer.load(data_copy)


def test_module_examples_run() -> None:
    result = doctest.testmod(kg.gazetteer)
    assert result.attempted > 0
    assert result.failed == 0

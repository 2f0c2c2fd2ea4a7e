"""The gazetteer: countries, persons, offices and weapon systems read from ``kg/data/*.json``.

Lookups normalise the surface form the way news text varies it (case, accents, hyphens,
possessives, plurals) but keep the forms that only make sense with their exact casing
("US" is the country, "us" is not).

>>> gaz = default_gazetteer()
>>> gaz.country("Russian").name
'Russia'
>>> gaz.weapon("Su 57").name
'Su-57'
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import KgError

QID_RE = re.compile(r"^Q\d+$")
OFFICE_LEADER = "leader"
DATA_FILES = ("countries", "persons", "offices", "weapons")
_POSSESSIVE_RE = re.compile(r"(?:'s|’s|'|’)$")
_SPACE_RE = re.compile(r"\s+")
_DASHES = "-‐‑‒–—"


class GazetteerError(KgError):
    """A gazetteer data file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class CountryEntry:
    id: str | None
    name: str
    official: tuple[str, ...]
    short: tuple[str, ...]
    abbreviations: tuple[str, ...]
    demonyms: tuple[str, ...]
    prefixes: tuple[str, ...]
    capital: str | None
    capital_aliases: tuple[str, ...]
    ambiguous_name: bool
    capital_ambiguous: bool
    leader_office: str
    other: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.id or self.name


@dataclass(frozen=True)
class PersonEntry:
    id: str | None
    name: str
    aliases: tuple[str, ...]
    gender: str | None
    country: str | None

    @property
    def key(self) -> str:
        return self.id or self.name


@dataclass(frozen=True)
class WeaponEntry:
    id: str | None
    name: str
    aliases: tuple[str, ...]
    category: str | None
    country: str | None

    @property
    def key(self) -> str:
        return self.id or self.name


@dataclass(frozen=True)
class Holding:
    office: str
    country: str
    person: PersonEntry
    start: date | None
    end: date | None

    def covers(self, on: date) -> bool:
        """Whether the office was held on ``on`` (both ends inclusive)."""
        if self.start is not None and on < self.start:
            return False
        return self.end is None or on <= self.end


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``: 'Erdoğan' -> 'erdogan'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE_RE.sub(" ", stripped.replace("’", "'")).strip().casefold()


def _person_form(text: str) -> str:
    """Fold a person name and treat hyphens and dots as spacing ('Kim Jong-un' = 'Kim Jong Un')."""
    text = fold(text)
    for dash in _DASHES:
        text = text.replace(dash, " ")
    return _SPACE_RE.sub(" ", text.replace(".", " ")).strip()


def _weapon_form(text: str) -> str:
    """Fold a weapon name and drop spacing and hyphens ('SU-57' = 'Su 57' = 'Su57')."""
    text = fold(text)
    for dash in _DASHES:
        text = text.replace(dash, "")
    return text.replace(" ", "").replace(".", "")


def _strip_possessive(text: str) -> str:
    text = text.strip()
    return _POSSESSIVE_RE.sub("", text) if len(text) > 3 else text


def _strip_article(text: str) -> str:
    return text[4:].strip() if text[:4].lower() == "the " else text


def _is_lower(text: str) -> bool:
    return text == text.lower()


def _parse_date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise GazetteerError(f"{where}: bad date {value!r} (want YYYY-MM-DD)") from exc


def _strs(entry: dict[str, Any], field: str, where: str) -> tuple[str, ...]:
    value = entry.get(field) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GazetteerError(f"{where}: {field!r} must be a list of non-empty strings")
    return tuple(dict.fromkeys(v.strip() for v in value))


def _qid(entry: dict[str, Any], where: str, field: str = "id") -> str | None:
    value = entry.get(field)
    if value is not None and (not isinstance(value, str) or not QID_RE.match(value)):
        raise GazetteerError(f"{where}: {field} {value!r} is not a Wikidata QID (Q123) or null")
    return value


def _name(entry: dict[str, Any], where: str) -> str:
    value = entry.get("name")
    if not isinstance(value, str) or not value.strip():
        raise GazetteerError(f"{where}: entry has no 'name'")
    return value.strip()


class Gazetteer:
    """Every known country, person, office holding and weapon system, with lookups by surface."""

    def __init__(
        self,
        *,
        version: str,
        countries: Iterable[CountryEntry],
        persons: Iterable[PersonEntry],
        weapons: Iterable[WeaponEntry],
        holdings: Iterable[Holding],
        roles: dict[str, tuple[str, ...]],
        honorifics: Iterable[str] = (),
    ) -> None:
        self.version = version
        self.countries = tuple(countries)
        self.persons = tuple(persons)
        self.weapons = tuple(weapons)
        self.holdings = tuple(holdings)
        self._roles = dict(roles)
        self._honorifics = tuple(
            sorted({_person_form(h) for h in honorifics}, key=len, reverse=True)
        )
        self._country_ids = _unique_keys(self.countries, "country")
        self._person_ids = _unique_keys(self.persons, "person")
        self._weapon_ids = _unique_keys(self.weapons, "weapon")
        self._index_countries()
        self._index_persons()
        self._index_weapons()
        self._holdings_by_office: dict[tuple[str, str], list[Holding]] = defaultdict(list)
        self._holdings_by_person: dict[str, list[Holding]] = defaultdict(list)
        for holding in self.holdings:
            self._holdings_by_office[(holding.office, holding.country)].append(holding)
            self._holdings_by_person[holding.person.key].append(holding)

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Gazetteer:
        """Read the four data files from ``data_dir`` (default: the packaged ``kg/data``)."""
        raw = {name: _read_json(data_dir, f"{name}.json") for name in DATA_FILES}
        countries = [_country(e, i) for i, e in enumerate(_entries(raw["countries"], "countries"))]
        persons = [_person(e, i) for i, e in enumerate(_entries(raw["persons"], "persons"))]
        weapons = [_weapon(e, i) for i, e in enumerate(_entries(raw["weapons"], "weapons"))]
        by_key: dict[str, PersonEntry] = {}
        for person in persons:
            by_key.setdefault(person.key, person)
            by_key.setdefault(person.name, person)
        holdings = list(_holdings(raw["offices"], by_key))
        country_ids = {c.id for c in countries if c.id}
        for holding in holdings:
            if holding.country not in country_ids:
                raise GazetteerError(
                    f"offices.json: office {holding.office!r} names unknown country "
                    f"{holding.country!r}"
                )
        roles = raw["offices"].get("roles") or {}
        if not isinstance(roles, dict):
            raise GazetteerError("offices.json: 'roles' must map an office to its head nouns")
        version = ";".join(f"{name}:{raw[name].get('version', '?')}" for name in DATA_FILES)
        return cls(
            version=version,
            countries=countries,
            persons=persons,
            weapons=weapons,
            holdings=holdings,
            roles={office: _strs(roles, office, "offices.json roles") for office in roles},
            honorifics=_strs(raw["persons"], "honorifics", "persons.json"),
        )

    # -- indexes -------------------------------------------------------------------------------

    def _index_countries(self) -> None:
        self._country_folded: dict[str, CountryEntry] = {}
        self._country_exact: dict[str, tuple[CountryEntry, str]] = {}
        self._country_capitals: dict[str, CountryEntry] = {}
        for country in self.countries:
            for form in (country.name, *country.official, *country.short, *country.other):
                _claim(self._country_folded, fold(_strip_article(form)), country, form)
            for kind, forms in (
                ("abbreviation", country.abbreviations),
                ("demonym", country.demonyms),
                ("prefix", country.prefixes),
            ):
                for form in forms:
                    if form in self._country_exact and self._country_exact[form][0] is not country:
                        other = self._country_exact[form][0].name
                        raise GazetteerError(
                            f"countries.json: {form!r} names both {other} and {country.name}"
                        )
                    self._country_exact[form] = (country, kind)
            for form in filter(None, (country.capital, *country.capital_aliases)):
                _claim(self._country_capitals, fold(form), country, form)

    def _index_persons(self) -> None:
        forms: dict[str, set[str]] = defaultdict(set)
        for person in self.persons:
            for form in (person.name, *person.aliases):
                forms[_person_form(form)].add(person.key)
        # A form two persons share ("Sharif", "Bush") names neither of them.
        self._person_forms = {
            form: next(iter(keys)) for form, keys in forms.items() if len(keys) == 1
        }

    def _index_weapons(self) -> None:
        self._weapon_forms: dict[str, WeaponEntry] = {}
        for weapon in self.weapons:
            for form in (weapon.name, *weapon.aliases):
                _claim(self._weapon_forms, _weapon_form(form), weapon, form)

    # -- countries -----------------------------------------------------------------------------

    def country(self, surface: str) -> CountryEntry | None:
        """The country that ``surface`` names: a name, abbreviation, demonym, capital or prefix."""
        found = self._country_match(surface)
        return found[0] if found else None

    def country_form(self, surface: str) -> str | None:
        """How ``surface`` names its country: 'name', 'abbreviation', 'demonym', 'capital' or
        'prefix'; None when it names none."""
        found = self._country_match(surface)
        return found[1] if found else None

    def _country_match(self, surface: str) -> tuple[CountryEntry, str] | None:
        text = _strip_possessive(surface)
        if not text:
            return None
        bare = _strip_article(text)
        for form in (text, bare, text.rstrip("-")):
            if form in self._country_exact:
                return self._country_exact[form]
        country = self._country_folded.get(fold(bare))
        # "turkey" the bird, "chad" the name: ambiguous names count only when capitalised.
        if country and not (country.ambiguous_name and _is_lower(bare)):
            return country, "name"
        country = self._country_capitals.get(fold(bare))
        if country and not _is_lower(bare):
            return country, "capital"
        return None

    def country_by_id(self, qid: str) -> CountryEntry | None:
        """The country with Wikidata ID (or, lacking one, canonical name) ``qid``."""
        return self._country_ids.get(qid)

    # -- persons -------------------------------------------------------------------------------

    def person(self, surface: str) -> PersonEntry | None:
        """The person ``surface`` names: full name or alias, ignoring case, accents, honorifics.

        A surname alias counts only when no other person in the gazetteer shares it.
        """
        form = _person_form(_strip_possessive(surface))
        key = self._person_forms.get(form)
        if key is None:
            for honorific in self._honorifics:
                if form.startswith(honorific + " "):
                    key = self._person_forms.get(form[len(honorific) + 1 :])
                    break
        return self._person_ids.get(key) if key else None

    def person_by_id(self, key: str) -> PersonEntry | None:
        """The person with QID ``key`` or, lacking one, canonical name ``key``."""
        person = self._person_ids.get(key)
        if person is None and not QID_RE.match(key):
            person = self.person(key)
        return person

    # -- weapons -------------------------------------------------------------------------------

    def weapon(self, surface: str) -> WeaponEntry | None:
        """The weapon system ``surface`` names, ignoring case, hyphens, spaces and a plural 's'.

        Forms without a digit ("Rafale", "Patriot") count only when not all lower case, so
        that plain words ("arrow", "typhoon") do not match.
        """
        text = _strip_possessive(surface)
        if not text:
            return None
        form = _weapon_form(text)
        candidates = [form]
        if form.endswith("s"):
            candidates.append(form[:-1])
        for candidate in candidates:
            weapon = self._weapon_forms.get(candidate)
            if weapon is None:
                continue
            if _is_lower(text) and not any(c.isdigit() for c in text):
                return None
            return weapon
        return None

    # -- offices -------------------------------------------------------------------------------

    def holder(self, office: str, country: str, on: date | None) -> PersonEntry | None:
        """Who held ``office`` in ``country`` (QID) on date ``on``; None if unknown or no date.

        ``office`` 'leader' means the country's top office (its ``leader_office``).
        """
        if on is None:
            return None
        if office == OFFICE_LEADER:
            entry = self.country_by_id(country)
            if entry is None:
                return None
            office = entry.leader_office
        holders = [h for h in self._holdings_by_office.get((office, country), ()) if h.covers(on)]
        if not holders:
            return None
        # On a handover day both match; the incoming holder speaks for the office.
        return max(holders, key=lambda h: h.start or date.min).person

    def holdings_of(self, person_key: str) -> list[Holding]:
        """Every holding of the person with key (QID or canonical name) ``person_key``."""
        person = self.person_by_id(person_key)
        return list(self._holdings_by_person.get(person.key, ())) if person else []

    def offices_of(self, person_key: str, on: date | None) -> list[tuple[str, str]]:
        """The (office, country QID) pairs the person held on ``on``; every one ever if None."""
        pairs = [
            (h.office, h.country)
            for h in self.holdings_of(person_key)
            if on is None or h.covers(on)
        ]
        return list(dict.fromkeys(pairs))

    def role_nouns(self) -> dict[str, tuple[str, ...]]:
        """Office -> the head nouns that name it in text ('defence_minister' -> 'defense chief')."""
        return dict(self._roles)

    # -- matcher patterns ----------------------------------------------------------------------

    def surface_forms(self) -> Iterator[tuple[str, str, str]]:
        """Every (surface, kind, key) the gazetteer knows, for a PhraseMatcher or EntityRuler.

        Person forms that two persons share are left out, and so are country prefixes ("Sino",
        "Indo"): alone they are too often part of something else ("Indo-Pacific").
        """
        for country in self.countries:
            forms = (
                country.name, *country.official, *country.short, *country.other,
                *country.abbreviations, *country.demonyms,
                *filter(None, (country.capital, *country.capital_aliases)),
            )
            for form in dict.fromkeys(forms):
                yield form, "country", country.key
        for person in self.persons:
            for form in dict.fromkeys((person.name, *person.aliases)):
                if self._person_forms.get(_person_form(form)) == person.key:
                    yield form, "person", person.key
        for weapon in self.weapons:
            for form in dict.fromkeys((weapon.name, *weapon.aliases)):
                yield form, "weapon", weapon.key


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process."""
    return Gazetteer.load()


# -- parsing helpers ---------------------------------------------------------------------------


def _read_json(data_dir: Path | None, filename: str) -> dict[str, Any]:
    try:
        if data_dir is None:
            text = resources.files("kg").joinpath("data", filename).read_text(encoding="utf-8")
        else:
            text = (Path(data_dir) / filename).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read gazetteer file {filename}: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"{filename} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise GazetteerError(f"{filename}: top level must be an object with 'entries'")
    return data


def _entries(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    entries = data.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise GazetteerError(f"{name}.json: 'entries' must be a list of objects")
    return entries


def _country(entry: dict[str, Any], i: int) -> CountryEntry:
    where = f"countries.json entry {i}"
    name = _name(entry, where)
    where = f"countries.json {name!r}"
    capital = entry.get("capital")
    return CountryEntry(
        id=_qid(entry, where),
        name=name,
        official=_strs(entry, "official", where),
        short=_strs(entry, "short", where),
        abbreviations=_strs(entry, "abbreviations", where),
        demonyms=_strs(entry, "demonyms", where),
        prefixes=_strs(entry, "prefixes", where),
        capital=capital.strip() if isinstance(capital, str) and capital.strip() else None,
        capital_aliases=_strs(entry, "capital_aliases", where),
        ambiguous_name=bool(entry.get("ambiguous_name", False)),
        capital_ambiguous=bool(entry.get("capital_ambiguous", False)),
        leader_office=entry.get("leader_office") or "head_of_state",
        other=_strs(entry, "other", where),
    )


def _person(entry: dict[str, Any], i: int) -> PersonEntry:
    where = f"persons.json entry {i}"
    name = _name(entry, where)
    where = f"persons.json {name!r}"
    gender = entry.get("gender")
    if gender not in (None, "m", "f"):
        raise GazetteerError(f"{where}: gender must be 'm', 'f' or null, not {gender!r}")
    return PersonEntry(
        id=_qid(entry, where),
        name=name,
        aliases=_strs(entry, "aliases", where),
        gender=gender,
        country=_qid(entry, where, "country"),
    )


def _weapon(entry: dict[str, Any], i: int) -> WeaponEntry:
    where = f"weapons.json entry {i}"
    name = _name(entry, where)
    where = f"weapons.json {name!r}"
    return WeaponEntry(
        id=_qid(entry, where),
        name=name,
        aliases=_strs(entry, "aliases", where),
        category=entry.get("category"),
        country=_qid(entry, where, "country"),
    )


def _holdings(data: dict[str, Any], persons: dict[str, PersonEntry]) -> Iterator[Holding]:
    for i, entry in enumerate(_entries(data, "offices")):
        office, country = entry.get("office"), entry.get("country")
        where = f"offices.json entry {i} ({entry.get('title') or office})"
        if not isinstance(office, str) or not office:
            raise GazetteerError(f"{where}: no 'office'")
        if not isinstance(country, str) or not QID_RE.match(country):
            raise GazetteerError(f"{where}: 'country' must be a country QID")
        holders = entry.get("holders")
        if not isinstance(holders, list):
            raise GazetteerError(f"{where}: 'holders' must be a list")
        for holder in holders:
            key = holder.get("person") if isinstance(holder, dict) else None
            person = persons.get(key) if isinstance(key, str) else None
            if person is None:
                raise GazetteerError(f"{where}: holder {key!r} is not in persons.json")
            start = _parse_date(holder.get("start"), where)
            end = _parse_date(holder.get("end"), where)
            if start and end and end < start:
                raise GazetteerError(f"{where}: {key!r} ends ({end}) before starting ({start})")
            yield Holding(office=office, country=country, person=person, start=start, end=end)


def _unique_keys(entries: Iterable[Any], kind: str) -> dict[str, Any]:
    by_key: dict[str, Any] = {}
    for entry in entries:
        if entry.key in by_key:
            raise GazetteerError(f"two {kind} entries share the key {entry.key!r}")
        by_key[entry.key] = entry
        if entry.id:
            by_key.setdefault(entry.name, entry)
    return by_key


def _claim(index: dict[str, Any], form: str, entry: Any, surface: str) -> None:
    """Add ``form`` -> ``entry``; two entries claiming one form is a data error."""
    if not form:
        return
    current = index.get(form)
    if current is not None and current is not entry:
        raise GazetteerError(f"{surface!r} names both {current.name!r} and {entry.name!r}")
    index[form] = entry

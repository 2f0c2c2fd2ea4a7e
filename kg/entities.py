"""Persons, countries and weapon systems of one article, each with all its mentions.

The finders share one gazetteer PhraseMatcher (built once per process) and run in order:
weapons first (so that "Patriot" or "USS Ralph Johnson" are never taken for persons), then
country mentions (persons' titles need them), persons, and last the countries that remain
outside person names.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.countries import build_countries, find_country_mentions
from kg.entity_support import surface_matches
from kg.gazetteer import Gazetteer
from kg.models import Article, Country, Person, WeaponSystem
from kg.persons import find_persons_and_names
from kg.weapons import find_weapons


def find_entities(
    doc: Doc, article: Article, gazetteer: Gazetteer
) -> tuple[list[Person], list[Country], list[WeaponSystem]]:
    """Every person, country and weapon system ``article`` refers to in its title and body."""
    matches = surface_matches(doc, gazetteer)
    weapons = find_weapons(doc, article, gazetteer, matches)
    country_mentions = find_country_mentions(doc, article, gazetteer, matches)
    persons, name_tokens = find_persons_and_names(
        doc, article, gazetteer, matches, country_mentions, weapons
    )
    weapon_tokens = {
        tok.i
        for weapon in weapons
        for m in weapon.mentions
        for tok in doc.char_span(m.start, m.end, alignment_mode="expand") or ()
    }
    countries = build_countries(doc, country_mentions, name_tokens | weapon_tokens)
    return persons, countries, weapons

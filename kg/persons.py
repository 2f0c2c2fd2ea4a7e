"""Persons in an article: spaCy's PERSON entities corrected by rules, one ``Person`` per human.

Names come from the NER, from titles ("Defence Minister X", "Lt. Col. X", "PM X"), from
appositions ("X Y, CEO of ...") and from the gazetteer. Every later mention -- surname alone,
title + surname, role phrases ("the Russian leader", "the defence minister") -- joins the person
it refers to. Only persons named in the body are kept; role phrases never create a person.

The stages live in their own modules: ``kg.person_names`` finds candidate names,
``kg.person_filters`` rejects non-persons, ``kg.person_clusters`` groups names into persons and
links them to the gazetteer, ``kg.person_roles`` resolves role phrases. This module runs them
in order and builds the ``Person`` models.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.countries import CountryMention
from kg.entity_support import SurfaceMatch, is_capitalised, mention, title_words, word_set
from kg.gazetteer import Gazetteer
from kg.models import Article, Mention, Person, RoleObservation, WeaponSystem
from kg.person_clusters import Cluster, cluster_of_word, link, merge_linked, same_person, same_word
from kg.person_filters import PersonFilter
from kg.person_names import Name, NameFinder, fold, is_name_word
from kg.person_roles import RoleResolver


def find_persons_and_names(
    doc: Doc,
    article: Article,
    gazetteer: Gazetteer,
    matches: list[SurfaceMatch],
    countries: list[CountryMention],
    weapons: list[WeaponSystem],
) -> tuple[list[Person], set[int]]:
    """Every person the article's body names, with every mention of them in title and body,
    and the indices of the tokens inside the persons' names (not titles)."""
    return _PersonFinder(doc, article, gazetteer, matches, countries, weapons).run()


class _PersonFinder:
    """Per-article state of the person search."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        gazetteer: Gazetteer,
        matches: list[SurfaceMatch],
        countries: list[CountryMention],
        weapons: list[WeaponSystem],
    ) -> None:
        self.doc = doc
        self.article = article
        self.gazetteer = gazetteer
        self.country_tokens = {
            i for m in matches if m.kind == "country" for i in range(m.start, m.end)
        }
        self.titles = title_words()
        self.names = NameFinder(doc, gazetteer, matches, self.country_tokens)
        self.filters = PersonFilter(doc, article, gazetteer, self.country_tokens, weapons)
        self.roles = RoleResolver(doc, article, gazetteer, countries, self.names)
        self.article_countries = frozenset(c.entry.key for c in countries)

    def run(self) -> tuple[list[Person], set[int]]:
        candidates = self._candidates()
        clusters = self._cluster(candidates)
        self._add_surname_mentions(clusters)
        self.roles.add_role_phrases(clusters)
        names = {i for c in clusters for n in c.names for i in range(n.start, n.end)}
        return [self._person(c) for c in clusters], names

    def _candidates(self) -> list[Name]:
        """The finders' names that pass the filters, each once; a name inside a longer one
        only lends it its title."""
        found: list[Name] = []
        found.extend(self.names.titled_names())
        found.extend(self.names.gazetteer_names())
        found.extend(self.names.ner_names())
        found.extend(self.names.apposed_names())
        # "Secretary of Commerce Gina Raimondo": a NER name that starts inside the title of a
        # name found after that title gives way to it
        titled = {(n.end, i) for n in found if n.source == "title"
                  for i in range(n.mstart, n.start)}
        found = [n for n in found if n.source == "gazetteer" or (n.end, n.start) not in titled]
        kept: list[Name] = []
        seen: set[tuple[int, int]] = set()
        for name in sorted(found, key=lambda n: (n.start, -(n.end - n.start))):
            if (name.start, name.end) in seen or not self.filters.valid(name):
                continue
            # a shorter name inside a longer one already kept adds nothing
            if any(k.start <= name.start and name.end <= k.end for k in kept):
                for k in kept:
                    if k.start <= name.start and name.end <= k.end and name.title and not k.title:
                        k.title, k.mstart = name.title, name.mstart
                continue
            seen.add((name.start, name.end))
            kept.append(name)
        return kept

    def _cluster(self, names: list[Name]) -> list[Cluster]:
        """Names grouped into persons: full names first, then lone words join the one they name."""
        clusters: list[Cluster] = []
        multi = sorted(
            (n for n in names if len(n.words) > 1), key=lambda n: (-len(n.words), n.start)
        )
        for name in multi:
            target = next((c for c in clusters if same_person(name, c, self.gazetteer)), None)
            if target is None:
                clusters.append(Cluster([name], article_countries=self.article_countries))
            else:
                target.names.append(name)
        singles = [n for n in names if len(n.words) == 1]
        for name in singles:
            target = cluster_of_word(name.words[0], name.start, clusters)
            if target is not None:
                target.names.append(name)
            elif self.filters.single_supported(name, singles):
                clusters.append(Cluster([name], article_countries=self.article_countries))
        clusters = [c for c in clusters if self.filters.supported(c)]
        return merge_linked(clusters, self.gazetteer)

    def _add_surname_mentions(self, clusters: list[Cluster]) -> None:
        """Lone words of the text that are a person's surname ('Walker said') join that person."""
        doc = self.doc
        covered = {i for c in clusters for n in c.names for i in range(n.start, n.end)}
        for tok in doc:
            if tok.i in covered or tok.i in self.country_tokens or not is_capitalised(tok):
                continue
            if not is_name_word(tok) or len(tok.text) < 3 or tok.lower_ in self.titles:
                continue
            if self.filters.overlaps_weapon(tok.idx, tok.idx + len(tok.text)):
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and is_capitalised(nxt) and (
                nxt.lower_ in word_set("named_after_words") or nxt.lower_ in word_set("org_words")
            ):
                continue  # the "Kalyani" of "Kalyani Group"
            word = fold(tok.text)
            target = cluster_of_word(word, tok.i, clusters)
            if target is None:
                continue
            first_name = (len(target.full.words) > 1 and target.full.words[0] == word
                          and (tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON"))
            if not same_word(word, target.surname) and not first_name:
                continue  # 'Prabowo said' after 'Prabowo Subianto': a first name used alone
            if tok.i > 0 and doc[tok.i - 1].lower_ == "the" and tok.dep_ != "compound":
                continue  # 'The Hague'; 'the Trump administration' still names Trump
            if len(target.full.words) > 1 and target.full.words[-1] != word and len(word) < 4:
                continue
            target.names.append(self.names.make(tok.i, tok.i + 1, "surname"))
            covered.add(tok.i)

    def _person(self, cluster: Cluster) -> Person:
        """The ``Person`` a cluster of names is."""
        doc = self.doc
        entry = link(cluster, self.gazetteer)
        full = cluster.full
        # the fullest form the article gives; a lone surname of a known person gets its full name
        name = entry.name if entry is not None and len(full.words) == 1 else full.text
        mentions: dict[tuple[int, int], Mention] = {}
        for n in cluster.names:
            m = mention(doc, n.mstart, n.end)
            mentions.setdefault((m.start, m.end), m)
        for start, end in cluster.phrases:
            m = mention(doc, start, end)
            mentions.setdefault((m.start, m.end), m)
        ordered = sorted(mentions.values(), key=lambda m: (m.start, m.end))
        aliases = list(dict.fromkeys(
            m.text for m in ordered if m.text != name
        ))
        for n in cluster.names:
            if n.text != name and n.text not in aliases:
                aliases.append(n.text)
        roles = [
            RoleObservation(office=o, country=k, observed=self.article.date)
            for o, k in dict.fromkeys(cluster.roles)
        ]
        qid = entry.id if entry else None
        confidence = 0.95 if entry else (0.9 if len(full.words) > 1 else 0.7)
        return Person(
            key=qid or (entry.name if entry else name), name=name, wikidata=qid,
            aliases=aliases, mentions=ordered, roles=roles, confidence=confidence,
        )

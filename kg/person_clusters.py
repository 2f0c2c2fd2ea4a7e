"""Persons as clusters of names: the cluster record, when a name belongs to a cluster ('Tim'
~ 'Timothy', 'Zelensky' ~ 'Zelenskiy'), and which gazetteer person a cluster is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.gazetteer import Gazetteer, PersonEntry
from kg.person_names import Name, fold


@dataclass
class Cluster:
    """The names of one person in an article, and the roles, words and countries the article
    gives that person."""

    names: list[Name] = field(default_factory=list)
    roles: list[tuple[str, str | None]] = field(default_factory=list)
    phrases: list[tuple[int, int]] = field(default_factory=list)  # role-phrase tokens
    held: list[tuple[str, str]] = field(default_factory=list)  # gazetteer offices on the date
    described: list[tuple[str, str | None]] = field(default_factory=list)  # from appositions
    words: set[str] = field(default_factory=set)  # title and role words the article uses
    countries: set[str] = field(default_factory=set)
    # the countries the whole article mentions (None: not known); a lone surname links to a
    # known person only when the article mentions that person's country
    article_countries: frozenset[str] | None = None
    _full: tuple[int, Name] | None = field(default=None, repr=False)

    @property
    def all_roles(self) -> list[tuple[str, str | None]]:
        """Every office the cluster is known to hold: by title, apposition or gazetteer."""
        return [*self.roles, *self.described, *self.held]

    @property
    def full(self) -> Name:
        # names are only ever added: the fullest is recomputed when their number changes
        if self._full is None or self._full[0] != len(self.names):
            best = max(self.names, key=lambda n: (len(n.words), len(n.text), -n.start))
            self._full = (len(self.names), best)
        return self._full[1]

    @property
    def surname(self) -> str:
        return self.full.words[-1]


def same_word(a: str, b: str) -> bool:
    """Same name word, allowing one letter of transliteration ('Zelensky', 'Zelenskiy')."""
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1 or a[:4] != b[:4]:
        return False
    return _edit_distance_at_most_one(a, b)


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    i = j = diff = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        diff += 1
        if diff > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return diff + (len(b) - j) + (len(a) - i) <= 1


def same_person(name: Name, cluster: Cluster, gazetteer: Gazetteer) -> bool:
    """Whether a full name belongs to a cluster: same surname and compatible given names
    ('Tim' ~ 'Timothy'), or the same gazetteer person."""
    full = cluster.full
    if name.entry and full.entry:
        return name.entry.key == full.entry.key
    if not same_word(name.words[-1], full.words[-1]):
        return False
    short, long_ = sorted((name.words[:-1], full.words[:-1]), key=len)
    return all(any(w.startswith(s) or s.startswith(w) for w in long_) for s in short)


def cluster_of_word(word: str, at: int, clusters: list[Cluster]) -> Cluster | None:
    """The person a lone name word refers to: surname first, else a unique first name."""
    by_surname = [c for c in clusters if same_word(word, c.surname)]
    if not by_surname:
        by_surname = [c for c in clusters if len(c.full.words) > 1 and c.full.words[0] == word]
        if len(by_surname) > 1:
            return None
    if not by_surname:
        return None
    if len(by_surname) == 1:
        return by_surname[0]

    def distance(c: Cluster) -> tuple[int, int]:
        before = [n.start for n in c.names if n.start <= at]
        if before:
            return (0, at - max(before))
        return (1, min(n.start for n in c.names) - at)

    return min(by_surname, key=distance)


def link(cluster: Cluster, gazetteer: Gazetteer) -> PersonEntry | None:
    """The gazetteer person a cluster of names is, if any."""
    full = cluster.full
    entries = {n.entry.key: n.entry for n in cluster.names if n.entry and len(n.words) > 1}
    for n in cluster.names:
        if len(n.words) > 1:
            e = gazetteer.person(n.text)
            if e is not None:
                entries[e.key] = e
    if len(entries) == 1:
        return next(iter(entries.values()))
    if entries:
        return None
    entry = gazetteer.person(full.text.split()[-1])
    if entry is None:
        return None
    if len(full.words) > 1:
        first = full.words[0]
        known = [fold(w) for w in [entry.name, *entry.aliases] if len(w.split()) > 1]
        firsts = {k.split()[0] for k in known}
        fits = _role_fits(cluster, entry, gazetteer)
        if not any(f[:1] == first[:1] and (f[:3] == first[:3] or fits) for f in firsts):
            return None
    elif not _role_fits(cluster, entry, gazetteer, default=True):
        return None
    elif not cluster.roles and cluster.article_countries is not None and entry.country and (
            entry.country not in cluster.article_countries):
        return None  # 'Salifou Modi ...' in a Sahel story: no Indian context, no Narendra Modi
    return entry


def _role_fits(
    cluster: Cluster, entry: PersonEntry, gazetteer: Gazetteer, default: bool = False
) -> bool:
    if not cluster.roles:
        return default
    held = set(gazetteer.offices_of(entry.key, None))
    return any((o, k) in held or (k is None and any(o == h[0] for h in held))
               for o, k in cluster.roles)


def merge_linked(clusters: list[Cluster], gazetteer: Gazetteer) -> list[Cluster]:
    """Clusters that link to the same gazetteer person ('Zelensky', 'Zelenskiy') are one."""
    out: list[Cluster] = []
    by_key: dict[str, Cluster] = {}
    for c in clusters:
        entry = link(c, gazetteer)
        if entry is None:
            out.append(c)
        elif entry.key in by_key:
            by_key[entry.key].names.extend(c.names)
        else:
            by_key[entry.key] = c
            out.append(c)
    return out

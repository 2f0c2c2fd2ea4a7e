"""Linking entities to Wikidata: from a user-supplied catalog offline, or online with a cache.

Linking prefers no link to a wrong one: a name must match exactly one catalog item (by label
or alias, ignoring case and accents), and an item whose description contradicts the entity's
kind is never taken.
"""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import vocab as V
from kg.errors import LinkingError
from kg.store import KgStore

_QID = re.compile(r"^Q\d+$")
_KIND_OF_CLASS = {V.KG + "Person": "person", V.KG + "Country": "country",
                  V.KG + "WeaponSystem": "weapon"}
# words in a Wikidata description that rule an item out for a kind of entity
_INCOMPATIBLE = {
    "person": ("city", "country", "film", "album", "song", "family name", "given name",
               "company", "missile", "aircraft", "band", "novel", "village", "river"),
    "country": ("person", "politician", "film", "album", "song", "city in", "company"),
    "weapon": ("person", "politician", "country", "city", "film", "album", "song"),
}


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"^the\s+", "", text.strip())
    return " ".join(re.findall(r"[a-z0-9]+", text))


@dataclass
class CatalogItem:
    id: str
    labels: list[str]
    aliases: list[str] = field(default_factory=list)
    description: str = ""

    def names(self) -> set[str]:
        return {normalise_name(n) for n in [*self.labels, *self.aliases] if n}


@dataclass
class StoredEntity:
    iri: str
    kind: str
    label: str
    aliases: list[str]
    wikidata: str | None
    articles: int


@dataclass
class Link:
    entity: StoredEntity
    qid: str
    matched_name: str


def list_entities(store: KgStore, kind: str | None = None) -> list[StoredEntity]:
    """Entities in the store with their aliases, Wikidata ID and number of articles."""
    rows = store.select("""
        SELECT ?e ?cls (SAMPLE(?l) AS ?label)
               (GROUP_CONCAT(DISTINCT ?alt; separator="|") AS ?alts)
               (SAMPLE(?w) AS ?wd) (COUNT(DISTINCT ?a) AS ?n)
        WHERE {
          ?e a ?cls . VALUES ?cls { kg:Person kg:Country kg:WeaponSystem }
          OPTIONAL { ?e rdfs:label ?l }
          OPTIONAL { ?e skos:altLabel ?alt }
          OPTIONAL { ?e owl:sameAs ?w FILTER(STRSTARTS(STR(?w), STR(wd:))) }
          OPTIONAL { ?a kg:mentions ?e ; a kg:Article }
        } GROUP BY ?e ?cls ORDER BY DESC(?n) ?label""")
    entities = []
    for r in rows:
        k = _KIND_OF_CLASS[r["cls"] or ""]
        if kind and k != kind:
            continue
        wd = r["wd"][len(V.WD):] if r["wd"] else None
        alts = [a for a in (r["alts"] or "").split("|") if a]
        entities.append(StoredEntity(r["e"] or "", k, r["label"] or "", alts, wd, int(r["n"] or 0)))
    return entities


def read_catalog(path: Path) -> list[CatalogItem]:
    """A Wikidata subset: JSON Lines ({id, labels|label, aliases, description}) or N-Triples."""
    if not path.exists():
        raise LinkingError(f"{path}: no such catalog file")
    if path.suffix in {".nt", ".ttl", ".nq"}:
        return _catalog_from_rdf(path)
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            qid = str(obj["id"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise LinkingError(f"{path}:{number}: not a catalog line ({exc})") from exc
        if not _QID.match(qid):
            raise LinkingError(f"{path}:{number}: {qid!r} is not a Wikidata ID")
        labels = obj.get("labels") or [obj.get("label", "")]
        if isinstance(labels, dict):
            labels = list(labels.values())
        items.append(CatalogItem(qid, list(labels), list(obj.get("aliases", [])),
                                 obj.get("description", "")))
    return items


def _catalog_from_rdf(path: Path) -> list[CatalogItem]:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.N_TRIPLES
    found: dict[str, CatalogItem] = {}
    label_props = {V.RDFS + "label", "http://schema.org/name"}
    alias_props = {V.SKOS + "altLabel"}
    desc_props = {"http://schema.org/description", V.SCHEMA + "description"}
    try:
        quads = list(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise LinkingError(f"{path}: cannot parse the catalog: {exc}") from exc
    for q in quads:
        s = q.subject.value
        if not s.startswith(V.WD) or not isinstance(q.object, ox.Literal):
            continue
        if q.object.language not in (None, "en"):
            continue
        item = found.setdefault(s, CatalogItem(s[len(V.WD):], []))
        p = q.predicate.value
        if p in label_props:
            item.labels.append(q.object.value)
        elif p in alias_props:
            item.aliases.append(q.object.value)
        elif p in desc_props:
            item.description = q.object.value
    return list(found.values())


def reconcile(entities: Iterable[StoredEntity], catalog: list[CatalogItem]) -> list[Link]:
    """Unique, kind-compatible exact-name matches of unlinked entities against the catalog."""
    index: dict[str, list[CatalogItem]] = {}
    for item in catalog:
        for name in item.names():
            index.setdefault(name, []).append(item)
    links = []
    for entity in entities:
        if entity.wikidata:
            continue
        candidates: dict[str, tuple[CatalogItem, str]] = {}
        for name in [entity.label]:  # the canonical name only: aliases can be surnames
            for item in index.get(normalise_name(name), []):
                if _compatible(entity.kind, item.description):
                    candidates[item.id] = (item, name)
        if len(candidates) == 1:
            qid, (_, name) = next(iter(candidates.items()))
            links.append(Link(entity, qid, name))
    return links


def _compatible(kind: str, description: str) -> bool:
    desc = f" {normalise_name(description)} "
    return not any(f" {word} " in desc for word in _INCOMPATIBLE.get(kind, ()))


def apply_links(store: KgStore, links: list[Link], base: str = V.RESOURCE) -> int:
    """Write links into the store's own ``links`` graph (kept across re-ingests)."""
    graph = ox.NamedNode(base.rstrip("/") + "/links")
    quads = [ox.Quad(ox.NamedNode(link.entity.iri), V.OWL_SAME_AS,
                     ox.NamedNode(V.WD + link.qid), graph) for link in links]
    store.add_quads(quads)
    store.flush()
    return len(quads)


def search_online(
    entities: Iterable[StoredEntity], cache_dir: Path, timeout: float = 10.0
) -> list[Link]:
    """Ask Wikidata's search API for each unlinked entity (cached on disk); unique hits only."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    links = []
    for entity in entities:
        if entity.wikidata:
            continue
        hits = _search(entity.label, cache_dir, timeout)
        items = [CatalogItem(h["id"], [h.get("label", "")], h.get("aliases", []),
                             h.get("description", "")) for h in hits]
        links += reconcile([entity], items)
    return links


def _search(name: str, cache_dir: Path, timeout: float) -> list[dict]:
    key = normalise_name(name).replace(" ", "_")[:120] or "_"
    cached = cache_dir / f"{key}.json"
    if cached.exists():
        return json.loads(cached.read_text())
    query = urllib.parse.urlencode({"action": "wbsearchentities", "search": name,
                                    "language": "en", "format": "json", "limit": 10})
    url = f"https://www.wikidata.org/w/api.php?{query}"
    request = urllib.request.Request(url, headers={"User-Agent": "kg-news/0.1 (entity linking)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            hits = json.loads(response.read()).get("search", [])
    except (OSError, ValueError) as exc:
        raise LinkingError(
            f"cannot reach Wikidata ({exc}); link offline with --catalog FILE instead"
        ) from exc
    cached.write_text(json.dumps(hits))
    return hits

"""Offline Wikidata linking against a user-supplied catalog: unique, kind-compatible matches."""

import json

import pytest

from kg.errors import LinkingError
from kg.iris import IriMinter
from kg.linking import apply_links, list_entities, read_catalog, reconcile
from kg.mapping import to_quads
from kg.models import Article, Country, Extraction, Mention, Person, WeaponSystem
from kg.store import KgStore


def _mention(text: str) -> list[Mention]:
    return [Mention(start=0, end=len(text), text=text)]


@pytest.fixture
def store(tmp_path) -> KgStore:
    store = KgStore.open(tmp_path / "store")
    minter = IriMinter()
    for source, people in (("/a.txt", ["Kurt Volker", "Fiona Hill"]), ("/b.txt", ["Kurt Volker"])):
        x = Extraction(
            article=Article(source=source, body="..."),
            persons=[Person(key=p, name=p, mentions=_mention(p)) for p in people]
            + [Person(key="Q7747", name="Vladimir Putin", wikidata="Q7747")],
            countries=[Country(key="Q668", name="India", wikidata="Q668")],
            weapons=[WeaponSystem(key="Zircon", name="Zircon")],
        )
        store.replace_graph(minter.article(source), to_quads(x, minter))
    return store


@pytest.fixture
def catalog(tmp_path):
    path = tmp_path / "catalog.jsonl"
    rows = [
        {"id": "Q2000001", "labels": ["Kurt Volker"], "aliases": [], "description": "US diplomat"},
        {"id": "Q2000002", "label": "Fiona Hill", "description": "British-American academic"},
        {"id": "Q2000003", "label": "Fiona Hill", "description": "Scottish footballer"},
        {"id": "Q2000004", "label": "Zircon", "description": "mineral"},
        {"id": "Q2000005", "label": "3M22 Zircon", "aliases": ["Zircon"],
         "description": "Russian hypersonic cruise missile"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return path


def test_entities_are_listed_once_with_article_counts(store):
    found = {e.label: e for e in list_entities(store)}
    assert found["Kurt Volker"].articles == 2
    assert found["Fiona Hill"].articles == 1
    assert found["Vladimir Putin"].wikidata == "Q7747"
    assert [e.label for e in list_entities(store, "country")] == ["India"]


def test_reconcile_links_unique_matches_only(store, catalog):
    links = {link.entity.label: link.qid for link in reconcile(list_entities(store),
                                                                read_catalog(catalog))}
    assert links["Kurt Volker"] == "Q2000001"
    assert "Fiona Hill" not in links  # two people of that name: no link rather than a wrong one
    assert "Zircon" not in links  # a mineral and a missile share the name
    assert "Vladimir Putin" not in links  # already linked


def test_reconcile_rejects_incompatible_kinds(store, tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "Q9", "label": "Kurt Volker", "description": "album"}))
    assert reconcile(list_entities(store), read_catalog(path)) == []


def test_applied_links_are_in_the_store(store, catalog):
    links = reconcile(list_entities(store), read_catalog(catalog))
    assert apply_links(store, links) == 1
    found = {e.label: e.wikidata for e in list_entities(store)}
    assert found["Kurt Volker"] == "Q2000001"


def test_catalog_in_ntriples(store, tmp_path):
    path = tmp_path / "c.nt"
    path.write_text(
        '<http://www.wikidata.org/entity/Q2000001> <http://www.w3.org/2000/01/rdf-schema#label>'
        ' "Kurt Volker"@en .\n'
        '<http://www.wikidata.org/entity/Q2000009> <http://www.w3.org/2000/01/rdf-schema#label>'
        ' "Kurt Volker"@de .\n')
    items = read_catalog(path)
    assert [i.id for i in items] == ["Q2000001"]  # only English labels count
    links = reconcile(list_entities(store), items)
    assert [(lk.entity.label, lk.qid) for lk in links] == [("Kurt Volker", "Q2000001")]


@pytest.mark.parametrize(("content", "message"), [
    ("not json", "not a catalog line"),
    ('{"label": "x"}', "not a catalog line"),
    ('{"id": "P31", "label": "x"}', "'P31' is not a Wikidata ID"),
])
def test_bad_catalog_lines_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "c.jsonl"
    path.write_text(content)
    with pytest.raises(LinkingError, match=message):
        read_catalog(path)


def test_missing_catalog_is_an_error(tmp_path):
    with pytest.raises(LinkingError, match="no such catalog file"):
        read_catalog(tmp_path / "none.jsonl")

"""The store: one graph per article, replaced in one transaction; export; clear lock errors."""


import pyoxigraph as ox
import pytest
import rdflib

from kg import vocab as V
from kg.errors import StoreError, StoreLockedError
from kg.store import EXPORT_FORMATS, KgStore

EX = "http://example.org/"


def _quads(graph: ox.NamedNode, n: int, value: str = "v") -> list[ox.Quad]:
    return [ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(value), graph)
            for i in range(n)]


def test_replace_graph_replaces_instead_of_duplicating(tmp_path):
    store = KgStore.open(tmp_path / "store")
    g = ox.NamedNode(EX + "g1")
    assert store.replace_graph(g, _quads(g, 3, "old")) == 3
    store.replace_graph(g, _quads(g, 2, "new"))
    values = sorted(q.object.value for q in store.store.quads_for_pattern(None, None, None, g))
    assert values == ["new", "new"]


def test_replace_graph_leaves_other_graphs_alone(tmp_path):
    store = KgStore.open(tmp_path / "store")
    g1, g2 = ox.NamedNode(EX + "g1"), ox.NamedNode(EX + "g2")
    store.replace_graph(g1, _quads(g1, 2))
    store.replace_graph(g2, _quads(g2, 1))
    store.replace_graph(g1, [])
    assert len(store.store) == 1


def test_content_hash_and_find_articles(tmp_path):
    store = KgStore.open(tmp_path / "store")
    art = ox.NamedNode(EX + "article/1")
    store.replace_graph(art, [
        ox.Quad(art, V.CONTENT_HASH, ox.Literal("abc"), art),
        ox.Quad(art, V.DC_SOURCE, ox.Literal("/data/news/a1.txt"), art),
    ])
    assert store.content_hash(art) == "abc"
    assert store.content_hash(ox.NamedNode(EX + "article/2")) is None
    assert store.find_articles("a1.txt") == [art]
    assert store.find_articles("news/a1.txt") == [art]
    assert store.find_articles("/data/news/a1.txt") == [art]
    assert store.find_articles("1.txt") == []


def test_store_persists_across_reopen(tmp_path):
    g = ox.NamedNode(EX + "g")
    store = KgStore.open(tmp_path / "store")
    store.replace_graph(g, _quads(g, 4))
    store.flush()
    del store
    assert len(KgStore.open(tmp_path / "store").store) == 4


def test_store_locked_by_another_process_gives_a_clear_error(locked_store):
    with pytest.raises(StoreLockedError, match="in use by another process"):
        KgStore.open(locked_store)


def test_read_only_open_of_missing_store_is_an_error(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        KgStore.open(tmp_path / "nothing", read_only=True)


@pytest.mark.parametrize(("fmt", "rdflib_format", "graph_aware"), [
    ("turtle", "turtle", False), ("ntriples", "nt", False), ("nquads", "nquads", True),
    ("trig", "trig", True), ("jsonld", "json-ld", True), ("rdfxml", "xml", False),
])
def test_export_round_trips_through_rdflib(tmp_path, fmt, rdflib_format, graph_aware):
    store = KgStore.open(tmp_path / "store")
    for i in range(2):
        g = ox.NamedNode(f"{EX}g{i}")
        store.replace_graph(g, [
            ox.Quad(ox.NamedNode(f"{EX}a{i}"), V.RDF_TYPE, V.ARTICLE, g),
            ox.Quad(ox.NamedNode(f"{EX}a{i}"), V.DC_TITLE, ox.Literal(f"Title é {i}"), g),
            ox.Quad(ox.NamedNode(EX + "putin"), V.RDFS_LABEL, ox.Literal("Vladimir Putin"), g),
        ])
    out = tmp_path / f"export.{fmt}"
    store.export(fmt, out)
    ds = rdflib.Dataset()
    ds.parse(out, format=rdflib_format)
    triples = {(str(s), str(p), str(o)) for s, p, o, _ in ds.quads()}
    assert (EX + "a1", V.DC_TITLE.value, "Title é 1") in triples
    assert len(triples) == 5  # the shared label is one triple once graphs are merged
    if graph_aware:
        graphs = {str(c) for _, _, _, c in ds.quads() if c is not None}
        assert {EX + "g0", EX + "g1"} <= graphs


def test_turtle_export_uses_readable_prefixes(tmp_path):
    store = KgStore.open(tmp_path / "store")
    g = ox.NamedNode(EX + "g")
    store.replace_graph(g, [ox.Quad(ox.NamedNode(EX + "a"), V.RDF_TYPE, V.ARTICLE, g)])
    text = store.export("turtle").decode()
    assert "@prefix kg: <https://w3id.org/kg-news/ontology#>" in text
    assert "kg:Article" in text


def test_export_unknown_format_is_an_error(tmp_path):
    with pytest.raises(StoreError, match="unknown format 'xml'"):
        KgStore.open(tmp_path / "s").export("xml")


def test_all_export_formats_are_listed():
    assert set(EXPORT_FORMATS) >= {"turtle", "trig", "nquads", "ntriples", "jsonld"}

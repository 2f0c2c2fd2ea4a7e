"""Provenance of what the pipeline writes: every fact leads back to its sentence, article and run.

The fixture articles go through the real pipeline (spaCy model, gazetteer, mapping, store);
the graphs it writes are then validated against ``ontology/shapes.ttl`` and followed back
through SPARQL and the saved query ``statement-provenance``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Namespace
from shacl_report import violations

import kg
from kg import vocab as V
from kg.articles import read_articles
from kg.config import Settings
from kg.iris import IriMinter
from kg.models import Article
from kg.pipeline import IngestReport, ingest, kg_version
from kg.queries import load_query, run_query
from kg.store import KgStore

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "shapes.ttl"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
RUNS = IriMinter(Settings.from_env().base_iri).runs_graph()    # where ingest records its runs
KG = Namespace(V.KG)
PROV = Namespace(V.PROV)

# The statement followed back in detail, from defence-talks.txt.
QUOTE = "Our cooperation covers air defence and naval shipbuilding,"
QUOTE_SENTENCE = '"Our cooperation covers air defence and naval shipbuilding," Shoigu said.'


def select(store: KgStore, sparql: str) -> list[dict[str, str | None]]:
    """Rows of a SELECT over the union of all graphs, values as plain strings."""
    result = store.store.query(sparql, prefixes=V.PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


@dataclass
class Ingested:
    store: KgStore
    report: IngestReport
    articles: dict[str, Article]        # source -> Article as read
    before: dt.datetime
    after: dt.datetime

    def select(self, sparql: str) -> list[dict[str, str | None]]:
        return select(self.store, sparql)

    def text_of(self, article_iri: str) -> str:
        source = self.select(f"SELECT ?s WHERE {{ <{article_iri}> dcterms:source ?s }}")
        return self.articles[source[0]["s"]].text


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, nlp) -> Ingested:
    """The fixture articles ingested once, with the real model, into an on-disk store."""
    store = KgStore.open(tmp_path_factory.mktemp("provenance") / "store")
    before = _now()
    report = ingest([ARTICLES], store)
    after = _now()
    assert report.failures == [] and report.run, report.summary()
    articles = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        for article in read_articles(path):
            assert isinstance(article, Article), article
            articles[article.source] = article
    return Ingested(store, report, articles, before, after)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def article_graphs(store: ox.Store) -> list[ox.NamedNode]:
    return sorted((g for g in store.named_graphs() if g != RUNS), key=lambda g: g.value)


def unit_of_validation(store: ox.Store, article: ox.NamedNode) -> Graph:
    """One article's graph merged with the runs graph, as rdflib sees it."""
    data = b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)
                    for g in (article, RUNS))
    return Graph().parse(data=data, format="nt")


# ---------------------------------------------------------------- SHACL

def test_every_ingested_article_graph_conforms_to_the_shapes(ingested, shapes):
    graphs = article_graphs(ingested.store.store)
    assert len(graphs) == len(ingested.articles) == 3
    for graph in graphs:
        data = unit_of_validation(ingested.store.store, graph)
        assert (None, RDF.type, KG.Statement) in data
        conforms, _, text = violations(data, shapes)
        assert conforms, f"{graph.value}:\n{text}"


def graph_with(store: ox.Store, pattern: str) -> tuple[Graph, object]:
    """The first article graph (with the runs graph) holding a node that matches ``pattern``.

    Article IRIs hash the source path, so which graph sorts first depends on where the
    checkout lives; the focus is therefore chosen by what the graph holds, not by position.
    """
    query = V.sparql_prefixes() + f"SELECT ?x WHERE {{ {pattern} }} ORDER BY ?x LIMIT 1"
    for graph in article_graphs(store):
        data = unit_of_validation(store, graph)
        rows = list(data.query(query))
        if rows:
            return data, rows[0][0]
    raise AssertionError(f"no article graph matches {pattern!r}")


@pytest.mark.parametrize(("target", "update", "path"), [
    pytest.param("?x a kg:Statement", "DELETE WHERE { $x kg:text ?t }", KG.text,
                 id="statement-without-text"),
    pytest.param("?x a kg:Statement ; kg:speaker ?p",
                 "INSERT DATA { <urn:x:p> a kg:Person ; rdfs:label 'P' . $x kg:speaker <urn:x:p> }",
                 KG.speaker, id="statement-with-two-speakers"),
    pytest.param("?x a kg:Statement", "DELETE WHERE { $x kg:evidence ?m }", KG.evidence,
                 id="statement-without-evidence"),
    pytest.param("?x a kg:Statement", "DELETE WHERE { $x prov:wasDerivedFrom ?a }",
                 PROV.wasDerivedFrom, id="statement-from-no-article"),
    pytest.param("?x a kg:Event", "DELETE WHERE { $x kg:evidence ?m }", KG.evidence,
                 id="event-without-evidence"),
    pytest.param("?x a kg:Mention", "DELETE WHERE { $x kg:startChar ?c }", KG.startChar,
                 id="mention-without-offsets"),
    pytest.param("?x a kg:Article", "DELETE WHERE { $x prov:wasGeneratedBy ?r }",
                 PROV.wasGeneratedBy, id="article-from-no-run"),
    pytest.param("?x a prov:Activity", "DELETE WHERE { $x prov:startedAtTime ?t }",
                 PROV.startedAtTime, id="run-without-start-time"),
    pytest.param("?x a prov:Activity", "DELETE WHERE { $x kg:modelVersion ?v }", KG.modelVersion,
                 id="run-without-model-version"),
])
def test_shapes_catch_a_broken_ingested_graph(ingested, shapes, target, update, path):
    data, focus = graph_with(ingested.store.store, target)
    data.update(V.sparql_prefixes() + update.replace("$x", f"<{focus}>"))
    conforms, found, text = violations(data, shapes)
    assert not conforms
    assert (str(focus), str(path)) in found, text


def test_evidence_sentence_without_offsets_is_caught(ingested, shapes):
    data, _ = graph_with(ingested.store.store, "?s kg:evidence ?x")
    data.update(V.sparql_prefixes()
                + "DELETE { ?m kg:sentenceEndChar ?e } WHERE { ?s kg:evidence ?m . "
                  "?m kg:sentenceEndChar ?e }")
    conforms, found, _ = violations(data, shapes)
    assert not conforms
    assert {p for _, p in found} == {str(KG.sentenceEndChar)}


# ---------------------------------------------------------------- a statement, followed back

FOLLOW = """
SELECT ?statement ?speaker ?direct ?confidence ?evidence ?anchor ?start ?end ?sentence
       ?sentenceStart ?sentenceEnd ?evidenceConfidence ?article ?source ?title ?run ?runType
       ?started ?ended ?kgVersion ?modelName ?modelVersion ?gazetteerVersion WHERE {
  ?statement a kg:Statement ; kg:text ?text ; kg:direct ?direct ; kg:confidence ?confidence ;
      kg:speaker/rdfs:label ?speaker ; kg:evidence ?evidence ; prov:wasDerivedFrom ?article .
  ?evidence a kg:Mention ; kg:inArticle ?article ; kg:anchor ?anchor ;
      kg:startChar ?start ; kg:endChar ?end ; kg:sentence ?sentence ;
      kg:sentenceStartChar ?sentenceStart ; kg:sentenceEndChar ?sentenceEnd ;
      kg:confidence ?evidenceConfidence .
  ?article a kg:Article ; dcterms:source ?source ; dcterms:title ?title ;
      kg:hasMention ?evidence ; prov:wasGeneratedBy ?run .
  GRAPH ?article { ?statement kg:text ?text }
  GRAPH $runs {
    ?run a ?runType ; prov:startedAtTime ?started ; prov:endedAtTime ?ended ;
        kg:kgVersion ?kgVersion ; kg:modelName ?modelName ; kg:modelVersion ?modelVersion ;
        kg:gazetteerVersion ?gazetteerVersion .
  }
  FILTER(?text = ?quote)
}
"""


def test_a_statement_leads_back_to_its_sentence_article_and_run(ingested, nlp):
    from kg.gazetteer import default_gazetteer
    from kg.nlp import model_info

    rows = ingested.select(FOLLOW.replace("?quote", f'"{QUOTE}"').replace("$runs", str(RUNS)))
    assert len(rows) == 1, rows
    row = rows[0]
    # the statement
    assert (row["speaker"], row["direct"]) == ("Sergei Shoigu", "true")
    assert 0 < float(row["confidence"]) <= 1
    assert row["evidenceConfidence"] == row["confidence"]
    # its sentence, found again in the article's text by the offsets
    assert row["source"] == str((ARTICLES / "defence-talks.txt").resolve())
    text = ingested.articles[row["source"]].text
    assert text[int(row["start"]):int(row["end"])] == row["anchor"] == QUOTE
    sentence = text[int(row["sentenceStart"]):int(row["sentenceEnd"])]
    assert sentence == row["sentence"]
    assert sentence.strip() == QUOTE_SENTENCE
    # its article
    assert row["title"] == "Defence ministers hold talks in Moscow"
    # and the run that wrote it
    assert row["run"] == ingested.report.run
    assert row["runType"] == V.PROV_ACTIVITY.value
    started = dt.datetime.fromisoformat(row["started"])
    ended = dt.datetime.fromisoformat(row["ended"])
    assert ingested.before <= started <= ended <= ingested.after
    assert row["kgVersion"] == kg.__version__ == kg_version()
    assert (row["modelName"], row["modelVersion"]) == model_info(nlp)
    assert row["modelVersion"] == nlp.meta["version"]
    assert row["gazetteerVersion"] == default_gazetteer().version


def test_the_saved_provenance_query_answers_where_a_statement_comes_from(ingested, nlp):
    from kg.nlp import model_info

    query = load_query("statement-provenance")
    by_text = run_query(ingested.store.store, query, {"statement": "NAVAL SHIPBUILDING"}).rows
    assert len(by_text) == 1, by_text
    row = by_text[0]
    source = str((ARTICLES / "defence-talks.txt").resolve())
    text = ingested.articles[source].text
    assert (row["text"], row["speakerName"], row["direct"]) == (QUOTE, "Sergei Shoigu", "true")
    assert text[int(row["startChar"]):int(row["endChar"])] == row["anchor"] == QUOTE
    assert text[int(row["sentenceStart"]):int(row["sentenceEnd"])] == row["sentence"]
    assert row["sentence"].strip() == QUOTE_SENTENCE
    assert 0 < float(row["confidence"]) <= 1
    assert (row["source"], row["title"], row["date"]) == (
        source, "Defence ministers hold talks in Moscow", "2018-12-14")
    assert row["run"] == ingested.report.run
    assert row["started"] <= row["ended"]
    assert (row["kgVersion"], row["modelName"], row["modelVersion"]) == (
        kg.__version__, *model_info(nlp))
    assert row["gazetteerVersion"]
    # by IRI: the same answer
    by_iri = run_query(ingested.store.store, query, {"statement": row["iri"]}).rows
    assert by_iri == by_text


# ---------------------------------------------------------------- every fact carries evidence

EVIDENCE = """
SELECT ?item ?kind ?confidence ?article ?anchor ?start ?end ?sentence ?sentenceStart
       ?sentenceEnd ?evidenceConfidence WHERE {
  VALUES ?kind { kg:Statement kg:Event }
  ?item a ?kind ; prov:wasDerivedFrom ?article ; kg:confidence ?confidence ;
      kg:evidence ?evidence .
  ?evidence kg:inArticle ?article ; kg:anchor ?anchor ; kg:startChar ?start ;
      kg:endChar ?end ; kg:sentence ?sentence ; kg:sentenceStartChar ?sentenceStart ;
      kg:sentenceEndChar ?sentenceEnd ; kg:confidence ?evidenceConfidence .
}
"""


def test_every_statement_and_event_rests_on_a_sentence_found_by_its_offsets(ingested):
    items = ingested.select("SELECT DISTINCT ?item ?kind WHERE { VALUES ?kind "
                            "{ kg:Statement kg:Event } ?item a ?kind }")
    rows = ingested.select(EVIDENCE)
    assert {(r["item"], r["kind"]) for r in rows} == {(r["item"], r["kind"]) for r in items}
    kinds = {r["kind"] for r in rows}
    assert kinds == {V.STATEMENT.value, V.EVENT.value}
    for r in rows:
        text = ingested.text_of(r["article"])
        start, end = int(r["start"]), int(r["end"])
        sentence_start, sentence_end = int(r["sentenceStart"]), int(r["sentenceEnd"])
        assert text[start:end] == r["anchor"], r
        assert text[sentence_start:sentence_end] == r["sentence"], r
        assert sentence_start <= start < end <= sentence_end, r
        assert r["evidenceConfidence"] == r["confidence"], r
        assert 0 <= float(r["confidence"]) <= 1, r


def test_direct_quotations_are_the_exact_words_at_their_offsets(ingested):
    rows = ingested.select("""
        SELECT ?text ?article ?start ?end WHERE {
          ?s a kg:Statement ; kg:direct true ; kg:text ?text ; kg:evidence ?m .
          ?m kg:inArticle ?article ; kg:startChar ?start ; kg:endChar ?end .
        }""")
    assert len(rows) >= 4
    for r in rows:
        assert ingested.text_of(r["article"])[int(r["start"]):int(r["end"])] == r["text"], r


def test_entity_mentions_carry_their_words_offsets_and_confidence(ingested):
    rows = ingested.select("""
        SELECT ?mention ?entity ?article ?anchor ?start ?end ?confidence WHERE {
          ?mention a kg:Mention ; kg:refersTo ?entity ; kg:inArticle ?article .
          ?article kg:hasMention ?mention ; kg:mentions ?entity .
          OPTIONAL { ?mention kg:anchor ?anchor }
          OPTIONAL { ?mention kg:startChar ?start }
          OPTIONAL { ?mention kg:endChar ?end }
          OPTIONAL { ?mention kg:confidence ?confidence }
        }""")
    entities = ingested.select("""
        SELECT DISTINCT ?entity WHERE {
          VALUES ?kind { kg:Person kg:Country kg:WeaponSystem } ?entity a ?kind }""")
    assert {r["entity"] for r in rows} == {r["entity"] for r in entities}
    for r in rows:
        assert None not in r.values(), r
        assert ingested.text_of(r["article"])[int(r["start"]):int(r["end"])] == r["anchor"], r
        assert 0 < float(r["confidence"]) <= 1, r


# ---------------------------------------------------------------- runs

def test_each_article_graph_points_to_the_run_that_last_wrote_it(nlp, shapes, tmp_path):
    store = KgStore.open(tmp_path / "store")
    first = ingest([ARTICLES / "summit.txt"], store)
    again = ingest([ARTICLES / "summit.txt"], store)          # unchanged: skipped, no new run
    forced = ingest([ARTICLES / "summit.txt"], store, force=True)
    assert again.count("skipped") == 1 and again.run is None
    assert forced.count("replaced") == 1 and forced.run not in (None, first.run)
    runs = select(store, "SELECT ?run WHERE { ?run a prov:Activity }")
    assert sorted(r["run"] for r in runs) == sorted([first.run, forced.run])
    generated = select(store, "SELECT ?run WHERE { ?a a kg:Article ; prov:wasGeneratedBy ?run }")
    assert [r["run"] for r in generated] == [forced.run]
    [graph] = article_graphs(store.store)
    conforms, _, text = violations(unit_of_validation(store.store, graph), shapes)
    assert conforms, text

"""The mapping layer writes the contract's terms, in the article's own named graph."""

import datetime as dt

import pyoxigraph as ox
import pytest

from kg import vocab as V
from kg.iris import IriMinter
from kg.mapping import to_quads
from kg.models import (
    Article,
    Country,
    Event,
    Extraction,
    Mention,
    Person,
    RoleObservation,
    Statement,
    WeaponSystem,
)

BODY = 'Putin met Modi in New Delhi on Monday. "The S-400 deal is on track," Putin said.'


def _span(text: str, needle: str, start: int = 0) -> Mention:
    i = text.index(needle, start)
    return Mention(start=i, end=i + len(needle), text=needle)


@pytest.fixture
def extraction() -> Extraction:
    article = Article(source="/corpus/a.txt", title="Leaders meet", body=BODY,
                      date=dt.date(2021, 12, 6), publisher="Example News")
    text = article.text
    putin = Person(key="Q7747", name="Vladimir Putin", wikidata="Q7747", aliases=["Putin"],
                   mentions=[_span(text, "Putin"), _span(text, "Putin", text.index("said") - 7)],
                   roles=[RoleObservation(office="head_of_state", country="Q159",
                                          observed=dt.date(2021, 12, 6))])
    modi = Person(key="Q1058", name="Narendra Modi", wikidata="Q1058", aliases=["Modi"],
                  mentions=[_span(text, "Modi")])
    india = Country(key="Q668", name="India", wikidata="Q668", mentions=[_span(text, "New Delhi")])
    russia = Country(key="Q159", name="Russia", wikidata="Q159")
    s400 = WeaponSystem(key="S-400 Triumf", name="S-400 Triumf", aliases=["S-400"],
                        category="air defence system", mentions=[_span(text, "S-400")])
    sentence = _span(text, "Putin met Modi in New Delhi on Monday.")
    event = Event(key="meeting:2021-12-06:Q159+Q668", name="Putin-Modi meeting", type="meeting",
                  start_date=dt.date(2021, 12, 6), location="New Delhi", location_country="Q668",
                  participants=["Q7747", "Q1058", "Q668", "Q159"], trigger=_span(text, "met"),
                  sentence=sentence)
    quote = Statement(text="The S-400 deal is on track,", direct=True, speaker="Q7747", cue="say",
                      span=_span(text, "The S-400 deal is on track,"),
                      sentence=_span(text, '"The S-400 deal is on track," Putin said.'),
                      mentions=["S-400 Triumf"], event=event.key)
    return Extraction(article=article, persons=[putin, modi], countries=[india, russia],
                      weapons=[s400], events=[event], statements=[quote])


def _store(quads) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def _ask(store: ox.Store, body: str) -> bool:
    return store.query(V.sparql_prefixes() + f"ASK {{ {body} }}", use_default_graph_as_union=True)


def test_mapping_puts_every_quad_in_the_article_graph(extraction):
    minter = IriMinter()
    graph = minter.article("/corpus/a.txt")
    quads = to_quads(extraction, minter)
    assert quads and all(q.graph_name == graph for q in quads)


@pytest.mark.parametrize("pattern", [
    '?a a kg:Article ; dcterms:source "/corpus/a.txt" ; dcterms:title "Leaders meet" ;'
    ' dcterms:date "2021-12-06"^^xsd:date ; dcterms:publisher "Example News"',
    "?a kg:mentions ?p . ?p a kg:Person ; rdfs:label 'Vladimir Putin' ; owl:sameAs wd:Q7747",
    "?a kg:mentions ?c . ?c a kg:Country ; rdfs:label 'India' ; owl:sameAs wd:Q668",
    "?a kg:mentions ?w . ?w a kg:WeaponSystem ; rdfs:label 'S-400 Triumf' ; skos:altLabel 'S-400'",
    "?s a kg:Statement ; kg:speaker ?p ; kg:text 'The S-400 deal is on track,' ;"
    " kg:direct true ; prov:wasDerivedFrom ?a . ?a a kg:Article . ?p rdfs:label 'Vladimir Putin'",
    "?s a kg:Statement ; kg:mentions ?w . ?w rdfs:label 'S-400 Triumf'",
    "?e a kg:Event ; kg:eventType kg:Meeting ; kg:startDate '2021-12-06'^^xsd:date ;"
    " kg:participant ?p, ?c ; kg:location ?l ; prov:wasDerivedFrom ?a ."
    " ?l rdfs:label 'New Delhi' . ?p a kg:Person . ?c a kg:Country",
    "?s kg:saidAt ?e . ?e a kg:Event",
    "?s kg:evidence ?m . ?m kg:startChar ?b ; kg:endChar ?e ; kg:sentence ?sent ; kg:inArticle ?a",
    "?p kg:heldOffice ?h . ?h kg:office 'head_of_state' ; kg:officeCountry ?c ;"
    " kg:observedOn '2021-12-06'^^xsd:date . ?c rdfs:label 'Russia'",
])
def test_mapping_writes_contract_terms(extraction, pattern):
    assert _ask(_store(to_quads(extraction)), pattern), pattern


def test_mapping_offsets_point_at_the_evidence(extraction):
    store = _store(to_quads(extraction))
    rows = store.query(V.sparql_prefixes() + """
        SELECT ?b ?e ?anchor WHERE { ?s a kg:Statement ; kg:evidence ?m .
          ?m kg:startChar ?b ; kg:endChar ?e ; kg:anchor ?anchor }""",
        use_default_graph_as_union=True)
    (row,) = list(rows)
    start, end = int(row["b"].value), int(row["e"].value)
    assert extraction.article.text[start:end] == row["anchor"].value


def test_same_entity_gets_one_iri_across_articles(extraction):
    other = extraction.model_copy(deep=True)
    other.article = other.article.model_copy(update={"source": "/corpus/b.txt"})
    store = _store(to_quads(extraction) + to_quads(other))
    persons = {q.subject for q in store.quads_for_pattern(None, V.RDF_TYPE, V.PERSON, None)}
    assert len(persons) == 2  # Putin and Modi, each once
    assert len(list(store.named_graphs())) == 2


def test_same_quotation_in_two_articles_is_one_statement_derived_from_both(extraction):
    other = extraction.model_copy(deep=True)
    other.article = other.article.model_copy(update={"source": "/corpus/b.txt"})
    store = _store(to_quads(extraction) + to_quads(other))
    rows = list(store.query(V.sparql_prefixes() + """
        SELECT ?s (COUNT(DISTINCT ?a) AS ?n) WHERE { ?s a kg:Statement ; prov:wasDerivedFrom ?a }
        GROUP BY ?s""", use_default_graph_as_union=True))
    assert len(rows) == 1 and rows[0]["n"].value == "2"

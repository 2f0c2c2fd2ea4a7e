"""The OWL ontology and SHACL shapes: they parse, declare every term kg writes, and validate."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from shacl_report import violations

from kg import vocab
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

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
QUERIES = ROOT / "queries"

KG = Namespace(vocab.KG)
SCHEMA = Namespace(vocab.SCHEMA)
PROV = Namespace(vocab.PROV)
DCTERMS = Namespace(vocab.DCTERMS)
SH = Namespace("http://www.w3.org/ns/shacl#")

DECLARATION_TYPES = {
    OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property,
    KG.EventType,
}

# The kg: terms of ../shared/ONTOLOGY-CONTRACT.md (fixed names).
CONTRACT_KG_TERMS = [
    "Article", "Person", "Country", "WeaponSystem", "Event", "Statement", "mentions", "speaker",
    "text", "direct", "eventType", "startDate", "endDate", "participant", "location", "Summit",
    "Visit", "Meeting", "Talks", "Forum", "CommissionSession", "NewsConference", "Interview",
    "Exercise", "Signing", "Delivery", "OtherEvent",
]
CONTRACT_OTHER_TERMS = [
    DCTERMS.source, DCTERMS.title, DCTERMS.date, DCTERMS.publisher, PROV.wasDerivedFrom,
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def vocab_kg_terms() -> list[str]:
    """Every kg: IRI that kg/vocab.py defines, i.e. every kg: term the mapping can write."""
    nodes = [v for v in vars(vocab).values() if isinstance(v, NamedNode)]
    nodes += list(vocab.EVENT_TYPES.values())
    return sorted({n.value for n in nodes if n.value.startswith(vocab.KG)})


def declared(graph: Graph, term: URIRef) -> bool:
    return any(t in DECLARATION_TYPES for t in graph.objects(term, RDF.type))


def test_ontology_header(ontology: Graph):
    header = URIRef("https://w3id.org/kg-news/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionInfo, RDFS.label, RDFS.comment):
        assert ontology.value(header, prop) is not None, prop


@pytest.mark.parametrize("iri", vocab_kg_terms())
def test_every_vocab_term_is_declared_with_label_and_comment(ontology: Graph, iri: str):
    term = URIRef(iri)
    assert declared(ontology, term), f"{iri} is not declared"
    assert ontology.value(term, RDFS.label) is not None, f"{iri} has no rdfs:label"
    assert ontology.value(term, RDFS.comment) is not None, f"{iri} has no rdfs:comment"


@pytest.mark.parametrize("name", CONTRACT_KG_TERMS)
def test_every_contract_term_is_declared(ontology: Graph, name: str):
    assert declared(ontology, KG[name])
    assert ontology.value(KG[name], RDFS.label) is not None


@pytest.mark.parametrize("term", CONTRACT_OTHER_TERMS, ids=str)
def test_external_contract_terms_are_declared_for_owl_dl(ontology: Graph, term: URIRef):
    assert declared(ontology, term)


def test_every_kg_term_in_the_ontology_is_documented(ontology: Graph):
    kg_subjects = {s for s in ontology.subjects() if str(s).startswith(vocab.KG)}
    undocumented = [
        s for s in kg_subjects
        if ontology.value(s, RDFS.label) is None or ontology.value(s, RDFS.comment) is None
    ]
    assert undocumented == []


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (KG.Person, RDFS.subClassOf, SCHEMA.Person),
        (KG.Person, RDFS.subClassOf, PROV.Agent),
        (KG.Country, RDFS.subClassOf, SCHEMA.Country),
        (KG.Event, RDFS.subClassOf, SCHEMA.Event),
        (KG.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
        (KG.Article, RDFS.subClassOf, PROV.Entity),
        (KG.Statement, RDFS.subClassOf, PROV.Entity),
        (KG.Place, RDFS.subClassOf, SCHEMA.Place),
        (KG.WeaponSystem, RDFS.subClassOf, SCHEMA.Product),
        (KG.EventType, RDFS.subClassOf, SKOS.Concept),
        (KG.participant, RDFS.subPropertyOf, SCHEMA.attendee),
        (KG.startDate, RDFS.subPropertyOf, SCHEMA.startDate),
        (KG.endDate, RDFS.subPropertyOf, SCHEMA.endDate),
        (KG.location, RDFS.subPropertyOf, SCHEMA.location),
        (KG.mentions, RDFS.subPropertyOf, SCHEMA.mentions),
        (KG.speaker, RDFS.subPropertyOf, PROV.wasAttributedTo),
        (KG.text, RDFS.subPropertyOf, SCHEMA.text),
        (KG.hasMention, OWL.inverseOf, KG.inArticle),
        (KG.speaker, RDFS.range, KG.Person),
        (KG.direct, RDFS.range, URIRef(vocab.XSD + "boolean")),
        (KG.startDate, RDFS.range, URIRef(vocab.XSD + "date")),
    ],
)
def test_alignment_axioms(ontology: Graph, subject, predicate, obj):
    assert (subject, predicate, obj) in ontology


@pytest.mark.parametrize("event_type", sorted(vocab.EVENT_TYPES.values(), key=str), ids=str)
def test_event_types_are_concepts_in_the_scheme(ontology: Graph, event_type: NamedNode):
    term = URIRef(event_type.value)
    assert (term, RDF.type, KG.EventType) in ontology
    assert (term, RDF.type, SKOS.Concept) in ontology
    assert (term, SKOS.inScheme, KG.EventTypes) in ontology
    assert (KG.EventTypes, SKOS.hasTopConcept, term) in ontology


def test_event_type_list_in_shapes_matches_the_vocabulary(shapes: Graph):
    lists = [
        shapes.value(prop, SH["in"])
        for prop in shapes.subjects(SH.path, KG.eventType)
    ]
    members = {str(m) for m in Collection(shapes, next(x for x in lists if x is not None))}
    assert members == {n.value for n in vocab.EVENT_TYPES.values()}


def test_shapes_and_queries_use_only_declared_kg_terms(ontology: Graph, shapes: Graph):
    used = {str(t) for t in shapes.all_nodes() if str(t).startswith(vocab.KG)}
    for path in QUERIES.glob("*.rq"):
        used |= {vocab.KG + name for name in re.findall(r"\bkg:(\w+)", path.read_text())}
    assert sorted(u for u in used if not declared(ontology, URIRef(u))) == []


# -- SHACL ------------------------------------------------------------------------------------

CONFORMING = """
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix r: <https://w3id.org/kg-news/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix wd: <http://www.wikidata.org/entity/> .

r:a1 a kg:Article ; dcterms:source "articles/a1.txt" ; dcterms:title "A test headline" ;
    dcterms:date "2022-03-01"^^xsd:date ; dcterms:publisher "Example Wire" ;
    kg:contentHash "0f0f" ; kg:mentions r:alice, r:freedonia, r:w1, r:e1 ;
    kg:hasMention r:m1, r:m2, r:m3 ; prov:wasGeneratedBy r:run1 .
r:alice a kg:Person ; rdfs:label "Alice Example" ; skos:altLabel "Example" ;
    owl:sameAs wd:Q42 ; kg:heldOffice r:h1 .
r:h1 a kg:OfficeHolding ; kg:office "defence_minister" ; kg:officeCountry r:freedonia ;
    kg:observedOn "2022-03-01"^^xsd:date .
r:freedonia a kg:Country ; rdfs:label "Freedonia" ; owl:sameAs wd:Q1 .
r:w1 a kg:WeaponSystem ; rdfs:label "Thunderbolt-9" ; kg:category "air defence system" .
r:m1 a kg:Mention ; kg:refersTo r:alice ; kg:inArticle r:a1 ; kg:anchor "Example" ;
    kg:startChar 20 ; kg:endChar 27 ; kg:confidence 0.9 .
r:s1 a kg:Statement ; kg:speaker r:alice ; kg:text "We will buy the system" ;
    kg:direct true ; kg:cue "say" ; kg:sentence "\\"We will buy the system,\\" she said." ;
    kg:startChar 30 ; kg:endChar 60 ; kg:mentions r:w1 ; kg:saidAt r:e1 ;
    prov:wasDerivedFrom r:a1 ; kg:confidence 0.8 ; kg:evidence r:m2 .
r:m2 a kg:Mention ; kg:inArticle r:a1 ; kg:anchor "We will buy the system" ;
    kg:startChar 31 ; kg:endChar 53 ; kg:sentence "\\"We will buy the system,\\" she said." ;
    kg:sentenceStartChar 30 ; kg:sentenceEndChar 64 ; kg:confidence 0.8 .
r:e1 a kg:Event ; rdfs:label "Freedonia defence talks" ; kg:eventType kg:Talks ;
    kg:startDate "2022-02-28"^^xsd:date ; kg:endDate "2022-03-01"^^xsd:date ;
    kg:location r:p1 ; kg:participant r:alice, r:freedonia ; prov:wasDerivedFrom r:a1 ;
    kg:sentence "Talks were held." ; kg:startChar 70 ; kg:endChar 86 ; kg:evidence r:m3 .
r:m3 a kg:Mention ; kg:inArticle r:a1 ; kg:anchor "Talks" ; kg:startChar 70 ; kg:endChar 75 ;
    kg:sentence "Talks were held." ; kg:sentenceStartChar 70 ; kg:sentenceEndChar 86 .
r:p1 a kg:Place ; rdfs:label "Capital City" ; kg:locatedIn r:freedonia .
r:run1 a prov:Activity ; prov:startedAtTime "2024-01-01T10:00:00Z"^^xsd:dateTime ;
    prov:endedAtTime "2024-01-01T10:05:00Z"^^xsd:dateTime ; kg:kgVersion "0.1.0" ;
    kg:modelName "en_core_web_sm" ; kg:modelVersion "3.8.0" ; kg:gazetteerVersion "g1" ;
    prov:wasAssociatedWith r:kg .
r:kg a prov:SoftwareAgent .
"""

UPDATE_PREFIXES = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX r: <https://w3id.org/kg-news/resource/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def validate(data: Graph, shapes: Graph) -> tuple[bool, set[tuple[str, str]]]:
    """Validate; return whether it conforms and the (focus node, path) of each violation."""
    conforms, problems, _ = violations(data, shapes)
    return conforms, problems


def test_shapes_parse_and_declare_node_shapes(shapes: Graph):
    targets = set(shapes.objects(None, SH.targetClass))
    assert {KG.Article, KG.Person, KG.Country, KG.WeaponSystem, KG.Event, KG.Statement,
            KG.Mention, KG.Place, KG.OfficeHolding, PROV.Activity} <= targets


def test_conforming_graph_conforms(shapes: Graph):
    conforms, problems = validate(Graph().parse(data=CONFORMING, format="turtle"), shapes)
    assert conforms, problems


def test_event_location_may_be_a_literal(shapes: Graph):
    data = Graph().parse(data=CONFORMING, format="turtle")
    data.update(UPDATE_PREFIXES + 'DELETE DATA { r:e1 kg:location r:p1 } ;'
                                  'INSERT DATA { r:e1 kg:location "Capital City" }')
    assert validate(data, shapes)[0]


R = "https://w3id.org/kg-news/resource/"


@pytest.mark.parametrize(
    ("update", "focus", "path"),
    [
        pytest.param('DELETE WHERE { r:s1 kg:text ?t }', "s1", KG.text, id="statement-no-text"),
        pytest.param('DELETE WHERE { r:s1 kg:direct ?d } ; INSERT DATA { r:s1 kg:direct "yes" }',
                     "s1", KG.direct, id="direct-not-boolean"),
        pytest.param('INSERT DATA { r:s1 kg:speaker r:freedonia }', "s1", KG.speaker,
                     id="speaker-not-person"),
        pytest.param('DELETE WHERE { r:s1 prov:wasDerivedFrom ?a }', "s1",
                     PROV.wasDerivedFrom, id="statement-without-article"),
        pytest.param('DELETE WHERE { r:alice owl:sameAs ?x } ;'
                     'INSERT DATA { r:alice owl:sameAs <https://dbpedia.org/resource/Alice> }',
                     "alice", OWL.sameAs, id="same-as-not-wikidata"),
        pytest.param('INSERT DATA { r:alice rdfs:label "Alice E." }', "alice", RDFS.label,
                     id="two-labels"),
        pytest.param('DELETE WHERE { r:freedonia rdfs:label ?l }', "freedonia", RDFS.label,
                     id="country-without-label"),
        pytest.param('DELETE WHERE { r:e1 kg:eventType ?t } ;'
                     'INSERT DATA { r:e1 kg:eventType kg:Party }', "e1", KG.eventType,
                     id="unknown-event-type"),
        pytest.param('INSERT DATA { r:e1 kg:participant r:w1 }', "e1", KG.participant,
                     id="weapon-as-participant"),
        pytest.param('DELETE WHERE { r:e1 kg:startDate ?d } ;'
                     'INSERT DATA { r:e1 kg:startDate "2022-03-05"^^xsd:date }',
                     "e1", KG.startDate, id="starts-after-end"),
        pytest.param('DELETE WHERE { r:e1 kg:endDate ?d } ;'
                     'INSERT DATA { r:e1 kg:endDate "March 2022" }', "e1", KG.endDate,
                     id="date-not-xsd-date"),
        pytest.param('DELETE WHERE { r:a1 dcterms:source ?s }', "a1", DCTERMS.source,
                     id="article-without-source"),
        pytest.param('DELETE WHERE { r:run1 prov:startedAtTime ?t } ;'
                     'INSERT DATA { r:run1 prov:startedAtTime "2024-01-01"^^xsd:date }',
                     "run1", PROV.startedAtTime, id="run-start-not-datetime"),
        pytest.param('DELETE WHERE { r:m1 kg:endChar ?e } ; INSERT DATA { r:m1 kg:endChar 5 }',
                     "m1", KG.startChar, id="mention-ends-before-start"),
        pytest.param('DELETE WHERE { r:s1 kg:confidence ?c } ;'
                     'INSERT DATA { r:s1 kg:confidence 1.5 }', "s1", KG.confidence,
                     id="confidence-above-one"),
        pytest.param('DELETE WHERE { r:m1 kg:confidence ?c } ;'
                     'INSERT DATA { r:m1 kg:confidence "high" }', "m1", KG.confidence,
                     id="mention-confidence-not-a-number"),
        pytest.param('INSERT DATA { r:bob a kg:Person ; rdfs:label "Bob" . r:s1 kg:speaker r:bob }',
                     "s1", KG.speaker, id="statement-with-two-speakers"),
        # evidence: every Statement and Event rests on a span with its sentence
        pytest.param('DELETE WHERE { r:s1 kg:evidence ?m }', "s1", KG.evidence,
                     id="statement-without-evidence"),
        pytest.param('DELETE WHERE { r:e1 kg:evidence ?m }', "e1", KG.evidence,
                     id="event-without-evidence"),
        pytest.param('DELETE WHERE { r:m2 a kg:Mention }', "s1", KG.evidence,
                     id="evidence-not-a-mention"),
        pytest.param('DELETE WHERE { r:m2 kg:sentence ?x }', "m2", KG.sentence,
                     id="evidence-without-sentence"),
        pytest.param('DELETE WHERE { r:m3 kg:sentenceStartChar ?x }', "m3",
                     KG.sentenceStartChar, id="evidence-without-sentence-offsets"),
        pytest.param('DELETE WHERE { r:m2 kg:sentenceStartChar ?x } ;'
                     'INSERT DATA { r:m2 kg:sentenceStartChar 40 }', "m2",
                     KG.sentenceStartChar, id="sentence-starts-after-its-span"),
        pytest.param('DELETE WHERE { r:m2 kg:endChar ?x } ; INSERT DATA { r:m2 kg:endChar 70 }',
                     "m2", KG.endChar, id="span-ends-after-its-sentence"),
        pytest.param('DELETE WHERE { r:m1 kg:inArticle ?a }', "m1", KG.inArticle,
                     id="mention-without-article"),
        pytest.param('DELETE WHERE { r:m1 kg:startChar ?x }', "m1", KG.startChar,
                     id="mention-without-offsets"),
        # runs: every article graph comes from a recorded run
        pytest.param('DELETE WHERE { r:a1 prov:wasGeneratedBy ?r }', "a1",
                     PROV.wasGeneratedBy, id="article-without-run"),
        pytest.param('DELETE WHERE { r:run1 a prov:Activity }', "a1", PROV.wasGeneratedBy,
                     id="article-generated-by-a-non-activity"),
        pytest.param('DELETE WHERE { r:run1 prov:startedAtTime ?t }', "run1",
                     PROV.startedAtTime, id="run-without-start"),
        pytest.param('DELETE WHERE { r:run1 prov:endedAtTime ?t } ;'
                     'INSERT DATA { r:run1 prov:endedAtTime "2023-12-31T10:00:00Z"^^xsd:dateTime }',
                     "run1", PROV.startedAtTime, id="run-ends-before-it-starts"),
        *(pytest.param(f'DELETE WHERE {{ r:run1 kg:{name} ?v }}', "run1", KG[name],
                       id=f"run-without-{name}")
          for name in ("kgVersion", "modelName", "modelVersion", "gazetteerVersion")),
        pytest.param('INSERT DATA { r:run1 kg:modelVersion "3.7.0" }', "run1", KG.modelVersion,
                     id="run-with-two-model-versions"),
    ],
)
def test_broken_graph_does_not_conform(shapes: Graph, update: str, focus: str, path: URIRef):
    data = Graph().parse(data=CONFORMING, format="turtle")
    data.update(UPDATE_PREFIXES + update)
    conforms, problems = validate(data, shapes)
    assert not conforms
    assert (R + focus, str(path)) in problems, problems


# -- what the mapping layer really writes ---------------------------------------------------


@pytest.fixture(scope="module")
def mapped() -> Graph:
    """Two hand-built extractions through kg.mapping, as one union graph."""
    body = ('Alice Example visited Freedonia on Tuesday. "We will buy the Thunderbolt-9," '
            "Example said.")

    def span(text: str, needle: str) -> Mention:
        start = text.index(needle)
        return Mention(start=start, end=start + len(needle), text=needle)

    def extraction(source: str) -> Extraction:
        article = Article(source=source, title="A visit", body=body, date=dt.date(2022, 3, 1),
                          publisher="Example Wire", url="https://example.org/" + source)
        text = article.text
        alice = Person(key="Q42", name="Alice Example", wikidata="Q42", aliases=["Example"],
                       mentions=[span(text, "Alice Example")],
                       roles=[RoleObservation(office="defence_minister", country="Q1",
                                              observed=dt.date(2022, 3, 1))])
        freedonia = Country(key="Q1", name="Freedonia", wikidata="Q1",
                            mentions=[span(text, "Freedonia")])
        weapon = WeaponSystem(key="Thunderbolt-9", name="Thunderbolt-9", category="missile",
                              mentions=[span(text, "Thunderbolt-9")])
        visit = Event(key="visit:Q42:Q1", name="Alice Example's visit to Freedonia",
                      type="visit", start_date=dt.date(2022, 3, 1), location="Capital City",
                      location_country="Q1", participants=["Q42", "Q1"],
                      trigger=span(text, "visited"),
                      sentence=span(text, "Alice Example visited Freedonia on Tuesday."))
        quote = Statement(text="We will buy the Thunderbolt-9,", direct=True, speaker="Q42",
                          cue="say", span=span(text, "We will buy the Thunderbolt-9,"),
                          sentence=span(text, '"We will buy the Thunderbolt-9," Example said.'),
                          mentions=["Thunderbolt-9"], event=visit.key, confidence=0.85)
        return Extraction(article=article, persons=[alice], countries=[freedonia],
                          weapons=[weapon], events=[visit], statements=[quote])

    run = NamedNode(vocab.RESOURCE + "run/test")
    quads = [*to_quads(extraction("a.txt"), run=run), *to_quads(extraction("b.txt"), run=run)]
    graph = Graph()
    for q in quads:
        graph.add(tuple(_to_rdflib(t) for t in (q.subject, q.predicate, q.object)))
    # the run the articles were generated by, as the pipeline records it in the runs graph
    stamp = URIRef(vocab.XSD + "dateTime")
    graph.add((URIRef(run.value), RDF.type, PROV.Activity))
    graph.add((URIRef(run.value), PROV.startedAtTime, Literal("2024-01-01T10:00:00Z",
                                                              datatype=stamp)))
    graph.add((URIRef(run.value), PROV.endedAtTime, Literal("2024-01-01T10:00:05Z",
                                                            datatype=stamp)))
    for prop, value in ((KG.kgVersion, "0.1.0"), (KG.modelName, "en_core_web_sm"),
                        (KG.modelVersion, "3.8.0"), (KG.gazetteerVersion, "g1")):
        graph.add((URIRef(run.value), prop, Literal(value)))
    return graph


def _to_rdflib(term):
    if isinstance(term, OxLiteral):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return URIRef(term.value)


def test_mapping_output_conforms_to_the_shapes(shapes: Graph, mapped: Graph):
    data = mapped
    assert (None, RDF.type, KG.Statement) in data
    conforms, problems = validate(data, shapes)
    assert conforms, problems


def test_mapping_output_uses_only_declared_kg_terms(ontology: Graph, mapped: Graph):
    terms = mapped.all_nodes() | set(mapped.predicates())
    used = {str(t) for t in terms if str(t).startswith(vocab.KG)}
    assert sorted(u for u in used if not declared(ontology, URIRef(u))) == []

"""Saved queries: headers, parsing, parameter binding, errors, and results on a hand-built store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, Store, Variable

from kg.errors import QueryError
from kg.queries import (
    SavedQuery,
    bind_params,
    format_result,
    list_queries,
    load_query,
    queries_dir,
    run_query,
    to_term,
)

R = "https://w3id.org/kg-news/resource/"

REQUIRED = [
    "statements-by-speaker", "statements-about-weapon", "statements-about-country",
    "persons-countries", "weapon-systems", "events-timeline", "persons", "articles",
    "most-quoted", "statement-provenance", "person-timeline", "unlinked-entities",
]

# Two articles in the shape kg's mapping writes: one named graph per article (graph IRI = the
# article IRI), entities repeated in every graph that mentions them, runs in their own graph.
# All text is invented for the tests.
TRIG = """
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix r: <https://w3id.org/kg-news/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix wd: <http://www.wikidata.org/entity/> .

r:article-a1 {
  r:article-a1 a kg:Article ; dcterms:source "articles/a1.txt" ;
      dcterms:title "Leaders meet in New Delhi" ; dcterms:date "2021-12-06"^^xsd:date ;
      dcterms:publisher "TASS" ; kg:contentHash "aaa" ;
      kg:mentions r:putin, r:modi, r:russia, r:india, r:s400, r:summit1 ;
      kg:hasMention r:m1 ; prov:wasGeneratedBy r:run1 .
  r:putin a kg:Person ; rdfs:label "Vladimir Putin" ; skos:altLabel "Putin", "the Russian leader" ;
      owl:sameAs wd:Q7747 ; kg:heldOffice r:h1 .
  r:h1 a kg:OfficeHolding ; kg:office "head_of_state" ; kg:officeCountry r:russia ;
      kg:observedOn "2021-12-06"^^xsd:date .
  r:modi a kg:Person ; rdfs:label "Narendra Modi" ; skos:altLabel "Modi" ; owl:sameAs wd:Q1058 .
  r:russia a kg:Country ; rdfs:label "Russia" ; owl:sameAs wd:Q159 .
  r:india a kg:Country ; rdfs:label "India" ; owl:sameAs wd:Q668 .
  r:s400 a kg:WeaponSystem ; rdfs:label "S-400 Triumf" ; skos:altLabel "S-400" ;
      kg:category "air defence system" .
  r:m1 a kg:Mention ; kg:refersTo r:putin ; kg:inArticle r:article-a1 ;
      kg:anchor "the Russian leader" ; kg:startChar 120 ; kg:endChar 138 ; kg:confidence 0.9 .
  r:summit1 a kg:Event ; rdfs:label "Russia-India summit" ; kg:eventType kg:Summit ;
      kg:startDate "2021-12-06"^^xsd:date ; kg:location r:new-delhi ;
      kg:participant r:putin, r:modi, r:russia, r:india ; prov:wasDerivedFrom r:article-a1 .
  r:new-delhi a kg:Place ; rdfs:label "New Delhi" ; kg:locatedIn r:india .
  r:s1 a kg:Statement ; kg:speaker r:putin ; kg:direct true ; kg:cue "say" ;
      kg:text "We value our partnership with India very highly" ;
      kg:mentions r:india ; kg:saidAt r:summit1 ; dcterms:date "2021-12-06"^^xsd:date ;
      kg:evidence r:a1-s100 ; prov:wasDerivedFrom r:article-a1 ; kg:confidence 0.9 .
  r:a1-s100 a kg:Mention ; kg:inArticle r:article-a1 ; kg:startChar 100 ; kg:endChar 160 ;
      kg:anchor "We value our partnership with India very highly" ;
      kg:sentence "We value our partnership with India very highly, he said." .
  r:s2 a kg:Statement ; kg:speaker r:putin ; kg:direct false ; kg:cue "say" ;
      kg:text "deliveries of the S-400 would proceed on schedule" ; kg:mentions r:s400 ;
      kg:evidence r:a1-s200 ; prov:wasDerivedFrom r:article-a1 .
  r:a1-s200 a kg:Mention ; kg:inArticle r:article-a1 ; kg:startChar 200 ; kg:endChar 260 ;
      kg:anchor "deliveries of the S-400 would proceed on schedule" .
  r:s3 a kg:Statement ; kg:speaker r:modi ; kg:direct true ; kg:cue "declare" ;
      kg:text "Our friendship has stood the test of time" ;
      kg:mentions r:russia ; kg:saidAt r:summit1 ;
      kg:evidence r:a1-s300 ; prov:wasDerivedFrom r:article-a1 .
  r:a1-s300 a kg:Mention ; kg:inArticle r:article-a1 ; kg:startChar 300 ; kg:endChar 341 ;
      kg:anchor "Our friendship has stood the test of time" ;
      kg:sentence "Our friendship has stood the test of time, the prime minister declared." .
}

r:article-a2 {
  r:article-a2 a kg:Article ; dcterms:source "https://example.org/news/2" ;
      dcterms:title "Minister comments on air defence" ; dcterms:date "2021-11-20"^^xsd:date ;
      dcterms:publisher "Example Daily" ;
      kg:mentions r:putin, r:modi, r:petrova, r:usa, r:india, r:russia, r:s400, r:mig29,
          r:talks2, r:exercise3 ;
      prov:wasGeneratedBy r:run1 .
  r:putin a kg:Person ; rdfs:label "Vladimir Putin" ; skos:altLabel "Putin" ;
      owl:sameAs wd:Q7747 .
  r:modi a kg:Person ; rdfs:label "Narendra Modi" ; skos:altLabel "Modi" ; owl:sameAs wd:Q1058 .
  r:petrova a kg:Person ; rdfs:label "Anna Petrova" ; skos:altLabel "Petrova" .
  r:usa a kg:Country ; rdfs:label "United States" ; skos:altLabel "US" ; owl:sameAs wd:Q30 .
  r:india a kg:Country ; rdfs:label "India" ; owl:sameAs wd:Q668 .
  r:russia a kg:Country ; rdfs:label "Russia" ; owl:sameAs wd:Q159 .
  r:s400 a kg:WeaponSystem ; rdfs:label "S-400 Triumf" ; skos:altLabel "S-400" ;
      kg:category "air defence system" .
  r:mig29 a kg:WeaponSystem ; rdfs:label "MiG-29" ; kg:category "fighter aircraft" .
  r:talks2 a kg:Event ; rdfs:label "Defence ministers' talks" ; kg:eventType kg:Talks ;
      kg:startDate "2021-11-19"^^xsd:date ; kg:endDate "2021-11-20"^^xsd:date ;
      kg:location "Moscow" ; kg:participant r:petrova, r:russia ;
      prov:wasDerivedFrom r:article-a2 .
  r:exercise3 a kg:Event ; rdfs:label "Joint naval exercise" ; kg:eventType kg:Exercise ;
      kg:participant r:india ; prov:wasDerivedFrom r:article-a2 .
  r:s4 a kg:Statement ; kg:speaker r:putin ; kg:direct false ;
      kg:text "Russia is ready to supply more S-400 systems" ; kg:mentions r:s400, r:india ;
      kg:evidence r:a2-s50 ; prov:wasDerivedFrom r:article-a2 .
  r:a2-s50 a kg:Mention ; kg:inArticle r:article-a2 ; kg:startChar 50 ; kg:endChar 94 ;
      kg:anchor "Russia is ready to supply more S-400 systems" .
  r:s5 a kg:Statement ; kg:speaker r:petrova ; kg:direct true ;
      kg:text "The United States has no say in our choices" ;
      kg:mentions r:usa, r:russia ; kg:saidAt r:talks2 ;
      kg:evidence r:a2-s150 ; prov:wasDerivedFrom r:article-a2 .
  r:a2-s150 a kg:Mention ; kg:inArticle r:article-a2 ; kg:startChar 150 ; kg:endChar 193 ;
      kg:anchor "The United States has no say in our choices" .
  r:s6 a kg:Statement ; kg:direct false ;
      kg:text "India plans to buy more MiG-29 jets" ; kg:mentions r:india, r:mig29 ;
      kg:evidence r:a2-s250 ; prov:wasDerivedFrom r:article-a2 .
  r:a2-s250 a kg:Mention ; kg:inArticle r:article-a2 ; kg:startChar 250 ; kg:endChar 285 ;
      kg:anchor "India plans to buy more MiG-29 jets" .
  # The same quotation, reported again: one Statement, derived from both articles.
  r:s3 a kg:Statement ; kg:speaker r:modi ; kg:direct true ;
      kg:text "Our friendship has stood the test of time" ; kg:mentions r:russia ;
      kg:evidence r:a2-s20 ; prov:wasDerivedFrom r:article-a2 .
  r:a2-s20 a kg:Mention ; kg:inArticle r:article-a2 ; kg:startChar 20 ; kg:endChar 61 ;
      kg:anchor "Our friendship has stood the test of time" ;
      kg:sentence "Modi recalled: Our friendship has stood the test of time." .
}

r:runs {
  r:run1 a prov:Activity ; prov:startedAtTime "2024-01-01T10:00:00Z"^^xsd:dateTime ;
      prov:endedAtTime "2024-01-01T10:01:00Z"^^xsd:dateTime ; kg:kgVersion "0.1.0" ;
      kg:modelName "en_core_web_sm" ; kg:modelVersion "3.8.0" ; kg:gazetteerVersion "gaz-1" .
}
"""


# The same entities described again in the other article's graph under a variant label (as when
# one article writes "Mike Pompeo" and another "Michael Pompeo"). Each variant sorts after the
# label above, so every result test below must give the same rows on both stores: one row per
# entity, shown by its smallest label, with unchanged counts.
VARIANT_LABELS = """
@prefix r: <https://w3id.org/kg-news/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

r:article-a1 {
  r:india rdfs:label "Republic of India" .
  r:talks2 rdfs:label "Defence ministers' talks in Moscow" .
}
r:article-a2 {
  r:putin rdfs:label "Vladimir V. Putin" .
  r:modi rdfs:label "Shri Narendra Modi" .
  r:russia rdfs:label "Russian Federation" .
  r:s400 rdfs:label "S-400 Triumph" .
  r:summit1 rdfs:label "Russia-India summit in New Delhi" .
  r:new-delhi rdfs:label "New Delhi, India" .
}
"""


def _load(*documents: str) -> Store:
    s = Store()
    for document in documents:
        s.load(document.encode(), format=RdfFormat.TRIG)
    return s


@pytest.fixture(scope="module", params=["one-label", "variant-labels"])
def store(request) -> Store:
    return _load(TRIG) if request.param == "one-label" else _load(TRIG, VARIANT_LABELS)


@pytest.fixture(scope="module")
def plain_store() -> Store:
    return _load(TRIG)


def run(store: Store, name: str, **params: str) -> list[dict[str, str | None]]:
    return run_query(store, load_query(name), params).rows


def pick(rows: list[dict[str, str | None]], *columns: str) -> list[tuple[str | None, ...]]:
    return [tuple(row[c] for c in columns) for row in rows]


# -- the query files ------------------------------------------------------------------------


def test_queries_dir_is_the_repository_queries_folder():
    assert queries_dir() == Path(__file__).resolve().parent.parent / "queries"


def test_queries_dir_honours_environment_override(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_QUERIES_DIR", str(tmp_path))
    assert queries_dir() == tmp_path


def test_every_required_query_is_saved():
    names = [q.name for q in list_queries()]
    assert set(REQUIRED) <= set(names)
    assert names == sorted(names)


@pytest.mark.parametrize("path", sorted(queries_dir().glob("*.rq")), ids=lambda p: p.stem)
def test_query_file_has_header_and_parses(path: Path):
    query = load_query(str(path))
    assert query.name == path.stem
    assert query.title and query.description
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# title: {query.title}"
    assert lines[1] == f"# description: {query.description}"
    assert all(description for description in query.params.values())


@pytest.mark.parametrize("path", sorted(queries_dir().glob("*.rq")), ids=lambda p: p.stem)
def test_declared_params_are_the_variables_the_query_compares(path: Path):
    query = load_query(str(path))
    body = "\n".join(line for line in query.sparql.splitlines() if not line.startswith("#"))
    for name in query.params:
        # Used in the projection (for substitution) and at least once more in the pattern.
        assert len(re.findall(rf"\?{name}\b", body)) >= 2, name


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("statements-by-speaker", {"speaker"}),
        ("statements-about-weapon", {"weapon"}),
        ("statements-about-country", {"country"}),
        ("statement-provenance", {"statement"}),
        ("person-timeline", {"person"}),
        ("persons", set()),
        ("events-timeline", set()),
    ],
)
def test_query_declares_expected_params(name: str, params: set[str]):
    assert set(load_query(name).params) == params


# -- errors -----------------------------------------------------------------------------------


def test_unknown_query_name_suggests_close_names():
    with pytest.raises(QueryError, match=r"unknown query 'statements-by-speakr'; did you mean "
                                         r"statements-by-speaker"):
        load_query("statements-by-speakr")


def test_unknown_query_name_without_close_match_lists_known_ones():
    with pytest.raises(QueryError, match=r"known queries: .*most-quoted"):
        load_query("zzzz")


def test_missing_query_file_is_an_error(tmp_path):
    with pytest.raises(QueryError, match="does not exist"):
        load_query(str(tmp_path / "nope.rq"))


def test_malformed_sparql_reports_the_parser_message(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("# title: Broken\n# description: d\nSELEC ?s WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match=r"broken\.rq: invalid SPARQL: .*expected") as info:
        load_query(str(path))
    assert "1:" in str(info.value) or "3:" in str(info.value)


def test_query_without_title_is_rejected(tmp_path):
    path = tmp_path / "untitled.rq"
    path.write_text("# description: d\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match="no '# title:' line"):
        load_query(str(path))


def test_param_missing_from_projection_is_rejected(tmp_path):
    path = tmp_path / "hidden.rq"
    path.write_text(
        "# title: Hidden\n# description: d\n# param: x  a value\n"
        "SELECT ?s WHERE { ?s ?p ?x }\n"
    )
    with pytest.raises(QueryError, match="parameter problem"):
        load_query(str(path))


def test_list_queries_reads_another_directory(tmp_path):
    (tmp_path / "one.rq").write_text("# title: One\n# description: d\nASK { ?s ?p ?o }\n")
    assert [q.name for q in list_queries(tmp_path)] == ["one"]
    assert load_query("one", tmp_path).title == "One"


def test_unknown_param_names_the_known_ones():
    query = load_query("statements-by-speaker")
    with pytest.raises(QueryError, match=r"no parameter who; its parameters: speaker"):
        bind_params(query, {"speaker": "x", "who": "y"})


def test_missing_param_is_an_error():
    with pytest.raises(QueryError, match=r"needs parameter speaker"):
        bind_params(load_query("statements-by-speaker"), {})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://w3id.org/kg-news/resource/s1", NamedNode("https://w3id.org/kg-news/resource/s1")),
        ("http://www.wikidata.org/entity/Q7747", NamedNode("http://www.wikidata.org/entity/Q7747")),
        ("urn:uuid:1234", NamedNode("urn:uuid:1234")),
        ("<https://example.org/x>", NamedNode("https://example.org/x")),
        ("Vladimir Putin", Literal("Vladimir Putin")),
        ("http is a protocol", Literal("http is a protocol")),
        ("https://bad iri", Literal("https://bad iri")),
    ],
)
def test_to_term_binds_iri_looking_values_as_named_nodes(value, expected):
    assert to_term(value) == expected


def test_bind_params_returns_variables():
    query = load_query("statement-provenance")
    assert bind_params(query, {"statement": R + "s1"}) == {
        Variable("statement"): NamedNode(R + "s1")
    }


# -- results on the hand-built store ------------------------------------------------------


@pytest.mark.parametrize("speaker", ["Putin", "vladimir putin", "THE RUSSIAN LEADER"])
def test_statements_by_speaker_matches_label_or_alias_case_insensitively(store, speaker):
    rows = run(store, "statements-by-speaker", speaker=speaker)
    assert pick(rows, "statement", "name", "direct", "date") == [
        (R + "s4", "Vladimir Putin", "false", "2021-11-20"),
        (R + "s1", "Vladimir Putin", "true", "2021-12-06"),
        (R + "s2", "Vladimir Putin", "false", "2021-12-06"),
    ]


def test_statements_by_speaker_lists_each_reporting_article(store):
    rows = run(store, "statements-by-speaker", speaker="Modi")
    assert pick(rows, "statement", "title") == [
        (R + "s3", "Minister comments on air defence"),
        (R + "s3", "Leaders meet in New Delhi"),
    ]


def test_statements_by_speaker_unknown_name_returns_nothing(store):
    assert run(store, "statements-by-speaker", speaker="Nobody") == []


def test_statements_by_speaker_omits_the_param_column(store):
    result = run_query(store, load_query("statements-by-speaker"), {"speaker": "Putin"})
    assert "speaker" not in result.columns
    assert result.kind == "select"


@pytest.mark.parametrize(
    ("weapon", "expected"),
    [
        ("s-400", [("Vladimir Putin", R + "s4"), ("Vladimir Putin", R + "s2")]),
        ("S-400 Triumf", [("Vladimir Putin", R + "s4"), ("Vladimir Putin", R + "s2")]),
        ("MiG-29", [(None, R + "s6")]),
    ],
)
def test_statements_about_weapon(store, weapon, expected):
    rows = run(store, "statements-about-weapon", weapon=weapon)
    assert pick(rows, "speakerName", "statement") == expected
    assert len({row["weaponName"] for row in rows}) == 1


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("India", [R + "s4", R + "s6", R + "s1"]),
        ("us", [R + "s5"]),
        ("Russia", [R + "s3", R + "s5", R + "s3"]),
    ],
)
def test_statements_about_country(store, country, expected):
    rows = run(store, "statements-about-country", country=country)
    assert [row["statement"] for row in rows] == expected


def test_persons_countries_counts_statements_per_pair(store):
    rows = run(store, "persons-countries")
    assert pick(rows, "personName", "countryName", "statements", "articles") == [
        ("Anna Petrova", "Russia", "1", "1"),
        ("Anna Petrova", "United States", "1", "1"),
        ("Narendra Modi", "Russia", "1", "2"),
        ("Vladimir Putin", "India", "2", "2"),
    ]


def test_weapon_systems_with_co_mentioned_countries(store):
    rows = run(store, "weapon-systems")
    assert pick(rows, "weaponName", "category", "weaponArticles", "countryName",
                "sharedArticles") == [
        ("S-400 Triumf", "air defence system", "2", "India", "2"),
        ("S-400 Triumf", "air defence system", "2", "Russia", "2"),
        ("S-400 Triumf", "air defence system", "2", "United States", "1"),
        ("MiG-29", "fighter aircraft", "1", "India", "1"),
        ("MiG-29", "fighter aircraft", "1", "Russia", "1"),
        ("MiG-29", "fighter aircraft", "1", "United States", "1"),
    ]


def test_events_timeline_orders_by_date_with_undated_last(store):
    rows = run(store, "events-timeline")
    assert pick(rows, "startDate", "endDate", "type", "eventName", "place", "statements") == [
        ("2021-11-19", "2021-11-20", "Talks", "Defence ministers' talks", "Moscow", "1"),
        ("2021-12-06", None, "Summit", "Russia-India summit", "New Delhi", "2"),
        (None, None, "Exercise", "Joint naval exercise", None, "0"),
    ]
    participants = [set((row["participants"] or "").split(", ")) for row in rows]
    assert participants == [
        {"Anna Petrova", "Russia"},
        {"Vladimir Putin", "Narendra Modi", "Russia", "India"},
        {"India"},
    ]


def test_persons_with_wikidata_ids_and_counts(store):
    rows = run(store, "persons")
    assert pick(rows, "name", "wikidata", "articles", "statements") == [
        ("Narendra Modi", "Q1058", "2", "1"),
        ("Vladimir Putin", "Q7747", "2", "3"),
        ("Anna Petrova", None, "1", "1"),
    ]


def test_articles_per_publisher_and_date(store):
    rows = run(store, "articles")
    assert pick(rows, "publisher", "date", "articles", "statements", "events") == [
        ("Example Daily", "2021-11-20", "1", "4", "2"),
        ("TASS", "2021-12-06", "1", "3", "1"),
    ]


def test_most_quoted_orders_by_statement_count(store):
    rows = run(store, "most-quoted")
    assert pick(rows, "name", "statements", "direct", "reported", "articles") == [
        ("Vladimir Putin", "3", "1", "2", "2"),
        ("Anna Petrova", "1", "1", "0", "1"),
        ("Narendra Modi", "1", "1", "0", "2"),
    ]


def test_statement_provenance_gives_evidence_in_each_reporting_article(store):
    rows = run(store, "statement-provenance", statement="STOOD THE TEST")
    assert pick(rows, "iri", "speakerName", "cue", "startChar", "endChar", "article", "title",
                "date", "publisher", "source", "run", "kgVersion", "modelName",
                "modelVersion", "gazetteerVersion") == [
        (R + "s3", "Narendra Modi", "declare", "20", "61", R + "article-a2",
         "Minister comments on air defence", "2021-11-20", "Example Daily",
         "https://example.org/news/2", R + "run1", "0.1.0", "en_core_web_sm", "3.8.0", "gaz-1"),
        (R + "s3", "Narendra Modi", "declare", "300", "341", R + "article-a1",
         "Leaders meet in New Delhi", "2021-12-06", "TASS", "articles/a1.txt", R + "run1",
         "0.1.0", "en_core_web_sm", "3.8.0", "gaz-1"),
    ]
    assert [row["sentence"] for row in rows] == [
        "Modi recalled: Our friendship has stood the test of time.",
        "Our friendship has stood the test of time, the prime minister declared.",
    ]
    assert {row["anchor"] for row in rows} == {"Our friendship has stood the test of time"}


def test_statement_provenance_by_iri(store):
    rows = run(store, "statement-provenance", statement=R + "s5")
    assert pick(rows, "iri", "source", "started") == [
        (R + "s5", "https://example.org/news/2", "2024-01-01T10:00:00Z"),
    ]


def test_statement_provenance_fragment_matches_several(store):
    rows = run(store, "statement-provenance", statement="s-400")
    assert [row["iri"] for row in rows] == [R + "s4", R + "s2"]


def test_person_timeline_interleaves_statements_and_events_by_date(store):
    rows = run(store, "person-timeline", person="putin")
    assert pick(rows, "date", "kind", "item", "event") == [
        ("2021-11-20", "statement", R + "s4", None),
        ("2021-12-06", "event", R + "summit1", "Russia-India summit"),
        ("2021-12-06", "statement", R + "s1", "Russia-India summit"),
        ("2021-12-06", "statement", R + "s2", None),
    ]
    assert rows[1]["detail"] == "Summit"


def test_unlinked_entities_lists_entities_without_same_as(store):
    rows = run(store, "unlinked-entities")
    assert pick(rows, "type", "name", "articles") == [
        ("Event", "Defence ministers' talks", "1"),
        ("Event", "Joint naval exercise", "1"),
        ("Event", "Russia-India summit", "1"),
        ("Person", "Anna Petrova", "1"),
        ("WeaponSystem", "S-400 Triumf", "2"),
        ("WeaponSystem", "MiG-29", "1"),
    ]


# -- one entity, several labels ----------------------------------------------------------------

# Two articles describing the same entities under different labels, where the second article's
# label sorts first: each query gives one row per entity, shown by its smallest label, and the
# parameters match any label or alias of any article graph.
RELABELLED = """
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix r: <https://w3id.org/kg-news/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix wd: <http://www.wikidata.org/entity/> .

r:article-b1 {
  r:article-b1 a kg:Article ; dcterms:title "Talks in Sochi" ; dcterms:date "2019-05-14"^^xsd:date ;
      kg:mentions r:pompeo, r:russia, r:s400, r:visit .
  r:pompeo a kg:Person ; rdfs:label "Mike Pompeo" ; skos:altLabel "Pompeo" ;
      owl:sameAs wd:Q473239 .
  r:russia a kg:Country ; rdfs:label "Russia" ; owl:sameAs wd:Q159 .
  r:s400 a kg:WeaponSystem ; rdfs:label "S-400 Triumf" ; skos:altLabel "S-400" ;
      kg:category "air defence system" .
  r:visit a kg:Event ; rdfs:label "Sochi talks" ; kg:eventType kg:Visit ;
      kg:startDate "2019-05-14"^^xsd:date ; kg:location r:sochi ;
      kg:participant r:pompeo, r:russia ; prov:wasDerivedFrom r:article-b1 .
  r:sochi a kg:Place ; rdfs:label "Sochi, Russia" .
  r:t1 a kg:Statement ; kg:speaker r:pompeo ; kg:direct true ;
      kg:text "We discussed the S-400 at length" ; kg:mentions r:russia, r:s400 ;
      kg:saidAt r:visit ; prov:wasDerivedFrom r:article-b1 .
}

r:article-b2 {
  r:article-b2 a kg:Article ; dcterms:title "Secretary of State on Russia" ;
      dcterms:date "2019-05-15"^^xsd:date ; kg:mentions r:pompeo, r:russia, r:s400, r:visit .
  r:pompeo a kg:Person ; rdfs:label "Michael Pompeo" ; skos:altLabel "Secretary Pompeo" ;
      owl:sameAs wd:Q473239 .
  r:russia a kg:Country ; rdfs:label "Russian Federation" ; skos:altLabel "Russia" ;
      owl:sameAs wd:Q159 .
  r:s400 a kg:WeaponSystem ; rdfs:label "S-400" ; kg:category "air defence system" .
  r:visit a kg:Event ; rdfs:label "Pompeo's visit to Sochi" ; kg:eventType kg:Talks ;
      kg:startDate "2019-05-14"^^xsd:date ; kg:endDate "2019-05-15"^^xsd:date ;
      kg:location r:sochi ; kg:participant r:pompeo, r:russia ; prov:wasDerivedFrom r:article-b2 .
  r:sochi a kg:Place ; rdfs:label "Sochi" .
  r:t1 a kg:Statement ; kg:speaker r:pompeo ; kg:direct true ;
      kg:text "We discussed the S-400 at length" ; kg:mentions r:russia, r:s400 ;
      prov:wasDerivedFrom r:article-b2 .
  r:t2 a kg:Statement ; kg:speaker r:pompeo ; kg:direct false ;
      kg:text "Russia must stop supporting the regime" ; kg:mentions r:russia ;
      prov:wasDerivedFrom r:article-b2 .
}
"""


@pytest.fixture(scope="module")
def relabelled() -> Store:
    return _load(RELABELLED)


def test_relabelled_person_is_one_row_of_persons(relabelled):
    rows = run(relabelled, "persons")
    assert pick(rows, "name", "wikidata", "articles", "statements", "person") == [
        ("Michael Pompeo", "Q473239", "2", "2", R + "pompeo"),
    ]


def test_relabelled_person_is_one_row_of_most_quoted(relabelled):
    rows = run(relabelled, "most-quoted")
    assert pick(rows, "name", "statements", "direct", "reported", "articles") == [
        ("Michael Pompeo", "2", "1", "1", "2"),
    ]


def test_relabelled_person_and_country_are_one_row_of_persons_countries(relabelled):
    rows = run(relabelled, "persons-countries")
    assert pick(rows, "personName", "countryName", "statements", "articles") == [
        ("Michael Pompeo", "Russia", "2", "2"),
    ]


def test_relabelled_weapon_and_country_are_one_row_of_weapon_systems(relabelled):
    rows = run(relabelled, "weapon-systems")
    assert pick(rows, "weaponName", "category", "weaponArticles", "countryName",
                "sharedArticles") == [
        ("S-400", "air defence system", "2", "Russia", "2"),
    ]


def test_relabelled_event_is_one_row_of_events_timeline(relabelled):
    rows = run(relabelled, "events-timeline")
    assert pick(rows, "startDate", "endDate", "type", "eventName", "place", "participants",
                "statements") == [
        ("2019-05-14", "2019-05-15", "Talks", "Pompeo's visit to Sochi", "Sochi",
         "Michael Pompeo, Russia", "1"),
    ]


def test_relabelled_entities_are_one_row_each_of_unlinked_entities(relabelled):
    rows = run(relabelled, "unlinked-entities")
    assert pick(rows, "type", "name", "articles") == [
        ("Event", "Pompeo's visit to Sochi", "2"),
        ("WeaponSystem", "S-400", "2"),
    ]


@pytest.mark.parametrize("speaker", ["Mike Pompeo", "michael pompeo", "Pompeo",
                                     "SECRETARY POMPEO"])
def test_relabelled_speaker_matches_any_label_and_shows_one(relabelled, speaker):
    rows = run(relabelled, "statements-by-speaker", speaker=speaker)
    assert pick(rows, "statement", "name", "direct", "article") == [
        (R + "t1", "Michael Pompeo", "true", R + "article-b1"),
        (R + "t1", "Michael Pompeo", "true", R + "article-b2"),
        (R + "t2", "Michael Pompeo", "false", R + "article-b2"),
    ]


@pytest.mark.parametrize("country", ["Russia", "russian federation"])
def test_relabelled_country_matches_any_label_and_shows_one(relabelled, country):
    rows = run(relabelled, "statements-about-country", country=country)
    assert pick(rows, "statement", "countryName", "speakerName", "article") == [
        (R + "t1", "Russia", "Michael Pompeo", R + "article-b1"),
        (R + "t1", "Russia", "Michael Pompeo", R + "article-b2"),
        (R + "t2", "Russia", "Michael Pompeo", R + "article-b2"),
    ]


@pytest.mark.parametrize("weapon", ["S-400", "s-400 triumf"])
def test_relabelled_weapon_matches_any_label_and_shows_one(relabelled, weapon):
    rows = run(relabelled, "statements-about-weapon", weapon=weapon)
    assert pick(rows, "statement", "weaponName", "speakerName", "article") == [
        (R + "t1", "S-400", "Michael Pompeo", R + "article-b1"),
        (R + "t1", "S-400", "Michael Pompeo", R + "article-b2"),
    ]


def test_relabelled_speaker_is_one_name_in_statement_provenance(relabelled):
    rows = run(relabelled, "statement-provenance", statement="discussed the S-400")
    assert pick(rows, "iri", "speakerName", "article") == [
        (R + "t1", "Michael Pompeo", R + "article-b1"),
        (R + "t1", "Michael Pompeo", R + "article-b2"),
    ]


@pytest.mark.parametrize("person", ["mike pompeo", "Michael Pompeo"])
def test_relabelled_person_timeline_has_one_row_per_item_and_article(relabelled, person):
    rows = run(relabelled, "person-timeline", person=person)
    assert pick(rows, "date", "kind", "name", "item", "detail", "event", "article") == [
        ("2019-05-14", "event", "Michael Pompeo", R + "visit", "Talks",
         "Pompeo's visit to Sochi", R + "article-b1"),
        ("2019-05-14", "statement", "Michael Pompeo", R + "t1",
         "We discussed the S-400 at length", "Pompeo's visit to Sochi", R + "article-b1"),
        ("2019-05-14", "event", "Michael Pompeo", R + "visit", "Talks",
         "Pompeo's visit to Sochi", R + "article-b2"),
        ("2019-05-15", "statement", "Michael Pompeo", R + "t1",
         "We discussed the S-400 at length", "Pompeo's visit to Sochi", R + "article-b2"),
        ("2019-05-15", "statement", "Michael Pompeo", R + "t2",
         "Russia must stop supporting the regime", None, R + "article-b2"),
    ]


@pytest.mark.parametrize("name", REQUIRED)
def test_every_query_runs_on_an_empty_store(name):
    query = load_query(name)
    result = run_query(Store(), query, {p: "x" for p in query.params})
    assert result.rows == []
    assert result.columns


# -- other query forms and formatting ---------------------------------------------------------


def _adhoc(tmp_path: Path, sparql: str) -> SavedQuery:
    path = tmp_path / "adhoc.rq"
    path.write_text(f"# title: Ad hoc\n# description: d\n{sparql}\n")
    return load_query(str(path))


def test_ask_query_returns_one_result_row(plain_store, tmp_path):
    query = _adhoc(tmp_path, "ASK { ?s a <https://w3id.org/kg-news/ontology#Statement> }")
    result = run_query(plain_store, query)
    assert (result.kind, result.columns, result.rows) == ("ask", ["result"], [{"result": "true"}])


def test_construct_query_returns_triples_as_rows(plain_store, tmp_path):
    query = _adhoc(
        tmp_path,
        "CONSTRUCT { ?s <urn:p> ?l } WHERE { ?s a <https://w3id.org/kg-news/ontology#Place> ;"
        " <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
    )
    result = run_query(plain_store, query)
    assert (result.kind, result.columns) == ("construct", ["s", "p", "o"])
    assert result.rows == [{"s": R + "new-delhi", "p": "urn:p", "o": "New Delhi"}]


@pytest.fixture
def sample():
    from kg.queries import QueryResult

    return QueryResult(
        ["name", "note"],
        [{"name": "A, B", "note": None}, {"name": "Tab\there", "note": "line\nbreak"}],
    )


def test_format_table_aligns_columns(sample):
    assert format_result(sample, "table") == (
        "name      note\n"
        "--------  ----------\n"
        "A, B\n"
        "Tab\there  line break\n"
    )


def test_format_table_clips_wide_cells(sample):
    assert format_result(sample, "table", max_width=3).splitlines()[3] == "Ta…   li…"


def test_format_csv_quotes_separators(sample):
    assert format_result(sample, "csv") == 'name,note\n"A, B",\nTab\there,"line\nbreak"\n'


def test_format_tsv_keeps_one_record_per_line(sample):
    assert format_result(sample, "tsv") == "name\tnote\nA, B\t\nTab here\tline break\n"


def test_format_json_is_a_list_of_row_objects(sample):
    assert json.loads(format_result(sample, "json")) == [
        {"name": "A, B", "note": None},
        {"name": "Tab\there", "note": "line\nbreak"},
    ]


def test_unknown_format_is_an_error(sample):
    with pytest.raises(QueryError, match="unknown format 'xml'"):
        format_result(sample, "xml")


def test_docstring_examples_run():
    import doctest

    import kg.queries

    outcome = doctest.testmod(kg.queries)
    assert (outcome.failed, outcome.attempted > 0) == (0, True)


# -- on what the mapping layer writes --------------------------------------------------------


def test_queries_read_the_mapping_layers_output():
    import datetime as dt

    from kg.mapping import to_quads
    from kg.models import Article, Extraction, Mention, Person, Statement

    body = 'The minister spoke briefly. "Our navy is ready," Jan Novak told reporters.'
    article = Article(source="notes/x.txt", title="Navy readiness", body=body,
                      date=dt.date(2023, 5, 2), publisher="Example Wire")
    text = article.text
    words = "Our navy is ready,"
    start = text.index(words)
    sentence_start = text.index('"Our')
    novak = Person(key="jan novak", name="Jan Novak", aliases=["Novak"],
                   mentions=[Mention(start=text.index("Jan"), end=text.index("Jan") + 9,
                                     text="Jan Novak")])
    quote = Statement(text=words, direct=True, speaker="jan novak", cue="tell",
                      span=Mention(start=start, end=start + len(words), text=words),
                      sentence=Mention(start=sentence_start, end=len(text),
                                       text=text[sentence_start:]))
    store = Store()
    store.extend(to_quads(Extraction(article=article, persons=[novak], statements=[quote])))

    rows = run(store, "statements-by-speaker", speaker="novak")
    assert pick(rows, "name", "text", "direct", "date") == [
        ("Jan Novak", words, "true", "2023-05-02"),
    ]
    rows = run(store, "statement-provenance", statement="navy is")
    assert len(rows) == 1
    row = rows[0]
    assert text[int(row["startChar"]):int(row["endChar"])] == row["anchor"] == words
    assert (row["sentence"], row["source"], row["cue"]) == (text[sentence_start:], "notes/x.txt",
                                                           "tell")
    assert pick(run(store, "unlinked-entities"), "type", "name") == [("Person", "Jan Novak")]

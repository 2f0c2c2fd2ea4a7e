"""The ingest pipeline on the real spaCy model and a real on-disk Oxigraph store.

One graph per article; unchanged articles are skipped before any NLP; an edited article's graph
is replaced, not added to; each run is recorded with its provenance; bad files are reported by
name and never stop the good ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import vocab as V
from kg.config import Settings
from kg.errors import ArticleError, KgError, ModelError
from kg.iris import IriMinter
from kg.pipeline import ingest, kg_version, remove
from kg.store import KgStore

pytestmark = pytest.mark.model

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
NAMES = ["defence-talks.txt", "new-missile.txt", "summit.txt"]
MINTER = IriMinter()
RUNS = MINTER.runs_graph()
SHOIGU_QUOTE = "Our cooperation covers air defence and naval shipbuilding"
EDITED_QUOTE = "Our navies will train together in the Indian Ocean next spring"
# A model that is not installed: loading it raises ModelError, so a run that succeeds with it
# never loaded a model.
NO_MODEL = "kg-test-no-such-spacy-model"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(FIXTURES, folder)
    return folder


@pytest.fixture
def store(tmp_path: Path) -> KgStore:
    return KgStore.open(tmp_path / "store")


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.from_env()


def graph_of(path: Path) -> ox.NamedNode:
    return MINTER.article(str(path.resolve()))


def quads_in(store: KgStore, graph: ox.NamedNode) -> set[ox.Quad]:
    return set(store.store.quads_for_pattern(None, None, None, graph))


def without_run(quads: set[ox.Quad]) -> set[ox.Quad]:
    """An article graph's quads minus the link to the run that wrote it (a fresh IRI per run)."""
    return {q for q in quads if q.predicate != V.PROV_GENERATED_BY}


def texts_of_statements(store: KgStore) -> list[str]:
    rows = store.select("SELECT ?t WHERE { ?s a kg:Statement ; kg:text ?t }")
    return sorted(r["t"] or "" for r in rows)


def outcomes(report) -> list[tuple[str, str]]:
    return [(Path(o.source).name, o.status) for o in report.outcomes]


# --- a first ingest --------------------------------------------------------------------------


def test_ingest_folder_writes_one_graph_per_article_and_reports_them_as_new(
    corpus, store, settings
):
    report = ingest([corpus], store, settings)

    assert outcomes(report) == [(name, "new") for name in NAMES]
    assert [o.source for o in report.outcomes] == [str((corpus / n).resolve()) for n in NAMES]
    assert [o.error for o in report.outcomes] == [None, None, None]
    assert [o.title for o in report.outcomes] == [
        "Defence ministers hold talks in Moscow",
        "Navy tests a new hypersonic missile",
        "Leaders meet for annual summit in New Delhi",
    ]
    for outcome, name in zip(report.outcomes, NAMES, strict=True):
        assert outcome.triples == len(quads_in(store, graph_of(corpus / name))) > 20
    summary = report.summary()
    assert {k: v for k, v in summary.items() if k != "seconds"} == {
        "read": 3, "new": 3, "replaced": 0, "skipped": 0, "failed": 0,
        "triples": sum(o.triples for o in report.outcomes),
    }
    graphs = {g.value for g in store.store.named_graphs()}
    assert graphs == {graph_of(corpus / n).value for n in NAMES} | {RUNS.value}
    assert len(store.store) == report.triples + len(quads_in(store, RUNS))


def test_ingest_reads_a_file_named_twice_once(corpus, store, settings):
    report = ingest([corpus, corpus / "summit.txt", str(corpus / "summit.txt")], store, settings)
    assert outcomes(report) == [(name, "new") for name in NAMES]


def test_article_graph_holds_the_contract_facts(corpus, store, settings):
    ingest([corpus / "defence-talks.txt"], store, settings)
    article = graph_of(corpus / "defence-talks.txt")
    rows = store.select(f"""
        SELECT ?source ?title ?date ?publisher WHERE {{ GRAPH {article} {{
          {article} a kg:Article ; dcterms:source ?source ; dcterms:title ?title ;
                    dcterms:date ?date ; dcterms:publisher ?publisher }} }}""")
    assert rows == [{
        "source": str((corpus / "defence-talks.txt").resolve()),
        "title": "Defence ministers hold talks in Moscow",
        "date": "2018-12-14",
        "publisher": "Example Wire",
    }]
    speakers = store.select(f"""
        SELECT ?name ?direct WHERE {{ GRAPH {article} {{
          ?s a kg:Statement ; kg:speaker/rdfs:label ?name ; kg:direct ?direct ;
             prov:wasDerivedFrom {article} }} }} ORDER BY ?name ?direct""")
    assert [(r["name"], r["direct"]) for r in speakers] == [
        ("Nirmala Sitharaman", "true"), ("Sergei Shoigu", "false"), ("Sergei Shoigu", "true")]


# --- skipping unchanged articles -------------------------------------------------------------


def test_reingest_of_unchanged_articles_skips_them_without_loading_the_model(
    corpus, store, settings
):
    ingest([corpus], store, settings)
    before = set(store.store)

    report = ingest([corpus], store, dataclasses.replace(settings, model=NO_MODEL))

    assert outcomes(report) == [(name, "skipped") for name in NAMES]
    assert [o.triples for o in report.outcomes] == [0, 0, 0]
    assert report.run is None
    assert set(store.store) == before  # not even a run is recorded


def test_the_unloadable_model_would_fail_if_a_run_needed_it(corpus, store, settings):
    """The other half of the proof above: the same settings do fail once NLP is needed."""
    ingest([corpus], store, settings)
    with pytest.raises(ModelError, match=f"cannot load a spaCy model \\(tried {NO_MODEL}\\)"):
        ingest([corpus], store, dataclasses.replace(settings, model=NO_MODEL), force=True)


def test_force_re_extracts_unchanged_articles_to_the_same_graphs(corpus, store, settings):
    first = ingest([corpus], store, settings)
    graphs = {n: without_run(quads_in(store, graph_of(corpus / n))) for n in NAMES}

    again = ingest([corpus], store, settings, force=True)

    assert outcomes(again) == [(name, "replaced") for name in NAMES]
    assert [o.triples for o in again.outcomes] == [o.triples for o in first.outcomes]
    for name in NAMES:
        assert without_run(quads_in(store, graph_of(corpus / name))) == graphs[name]
    assert again.run != first.run


# --- an edited article -----------------------------------------------------------------------


def test_edited_article_replaces_its_graph_and_leaves_the_others(corpus, store, settings, tmp_path):
    ingest([corpus], store, settings)
    edited = corpus / "defence-talks.txt"
    others = {n: quads_in(store, graph_of(corpus / n)) for n in NAMES if n != edited.name}
    edited.write_text(edited.read_text(encoding="utf-8").replace(SHOIGU_QUOTE, EDITED_QUOTE),
                      encoding="utf-8")

    report = ingest([corpus], store, settings)

    assert outcomes(report) == [("new-missile.txt", "skipped"), ("summit.txt", "skipped"),
                                ("defence-talks.txt", "replaced")]
    replaced = quads_in(store, graph_of(edited))
    assert report.outcomes[-1].triples == len(replaced)
    # the replaced graph is exactly what a fresh store makes of the edited file
    fresh = KgStore.open(tmp_path / "fresh")
    ingest([edited], fresh, settings)
    assert without_run(replaced) == without_run(quads_in(fresh, graph_of(edited)))
    for name, quads in others.items():
        assert quads_in(store, graph_of(corpus / name)) == quads
    texts = texts_of_statements(store)
    assert not [t for t in texts if SHOIGU_QUOTE in t]
    assert len([t for t in texts if EDITED_QUOTE in t]) == 1
    assert len(texts) == len(set(texts))  # no statement twice


def test_reingest_after_an_edit_does_not_duplicate_statements(corpus, store, settings):
    ingest([corpus], store, settings)
    count = len(texts_of_statements(store))
    path = corpus / "summit.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nThe talks ended in the evening.\n",
                    encoding="utf-8")
    ingest([corpus], store, settings)
    assert len(texts_of_statements(store)) == count


# --- provenance of runs ----------------------------------------------------------------------


def run_facts(store: KgStore) -> dict[str, dict[str, str]]:
    """Each prov:Activity in the runs graph with its properties (local names -> values)."""
    facts: dict[str, dict[str, str]] = {}
    for q in store.store.quads_for_pattern(None, V.RDF_TYPE, V.PROV_ACTIVITY, RUNS):
        run = q.subject
        props = {}
        for p in store.store.quads_for_pattern(run, None, None, RUNS):
            name = p.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            props[name] = p.object.value
            if name.endswith("AtTime"):
                assert p.object.datatype == V.XSD_DATETIME
        facts[run.value] = props
    return facts


def generated_by(store: KgStore, path: Path) -> list[str]:
    article = graph_of(path)
    return [q.object.value
            for q in store.store.quads_for_pattern(article, V.PROV_GENERATED_BY, None, article)]


def test_each_run_is_a_prov_activity_with_versions_and_times(corpus, store, settings):
    from kg.gazetteer import default_gazetteer
    from kg.nlp import load_model, model_info

    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    report = ingest([corpus], store, settings)
    after = dt.datetime.now(dt.UTC)

    runs = run_facts(store)
    assert list(runs) == [report.run]
    facts = runs[report.run]
    model_name, model_version = model_info(load_model(settings.model))
    assert {k: v for k, v in facts.items() if not k.endswith("AtTime")} == {
        "type": V.PROV_ACTIVITY.value,
        "wasAssociatedWith": MINTER.agent().value,
        "kgVersion": metadata.version("kg-news"),
        "modelName": model_name,
        "modelVersion": model_version,
        "gazetteerVersion": default_gazetteer().version,
    }
    assert kg_version() == metadata.version("kg-news")
    started = dt.datetime.fromisoformat(facts["startedAtTime"])
    ended = dt.datetime.fromisoformat(facts["endedAtTime"])
    assert before <= started <= ended <= after
    agent = MINTER.agent()
    assert set(store.store.quads_for_pattern(agent, None, None, RUNS)) == {
        ox.Quad(agent, V.RDF_TYPE, V.PROV_SOFTWARE_AGENT, RUNS),
        ox.Quad(agent, V.RDFS_LABEL, ox.Literal("kg"), RUNS),
    }
    for name in NAMES:
        assert generated_by(store, corpus / name) == [report.run]


def test_a_later_run_is_recorded_beside_the_first_and_owns_only_what_it_wrote(
    corpus, store, settings
):
    first = ingest([corpus], store, settings)
    path = corpus / "new-missile.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Tuesday", "Wednesday"),
                    encoding="utf-8")
    second = ingest([corpus], store, settings)

    assert set(run_facts(store)) == {first.run, second.run}
    assert generated_by(store, path) == [second.run]
    assert generated_by(store, corpus / "summit.txt") == [first.run]
    assert generated_by(store, corpus / "defence-talks.txt") == [first.run]


# --- removing an article ---------------------------------------------------------------------


def test_remove_drops_exactly_that_articles_graph(corpus, store, settings):
    ingest([corpus], store, settings)
    before = set(store.store)
    summit = graph_of(corpus / "summit.txt")
    dropped = quads_in(store, summit)

    assert remove("summit.txt", store) == [str((corpus / "summit.txt").resolve())]

    assert set(store.store) == before - dropped
    assert summit.value not in {g.value for g in store.store.named_graphs()}
    with pytest.raises(KgError, match=r"^no article from 'summit\.txt' in the store$"):
        remove("summit.txt", store)


def test_remove_accepts_the_path_as_given_on_the_command_line(corpus, store, settings, monkeypatch):
    ingest([corpus], store, settings)
    monkeypatch.chdir(corpus.parent)
    for given, name in [("articles/new-missile.txt", "new-missile.txt"),
                        ("./articles/summit.txt", "summit.txt")]:
        assert remove(given, store) == [str((corpus / name).resolve())]
    assert [g.value for g in store.store.named_graphs() if g != RUNS] == [
        graph_of(corpus / "defence-talks.txt").value]


def _article_graph(store: KgStore, source: str) -> ox.NamedNode:
    graph = MINTER.article(source)
    store.replace_graph(graph, [ox.Quad(graph, V.RDF_TYPE, V.ARTICLE, graph),
                                ox.Quad(graph, V.DC_SOURCE, ox.Literal(source), graph)])
    return graph


def test_remove_refuses_an_ending_that_matches_articles_from_several_files(store):
    _article_graph(store, "/data/a/summit.txt")
    _article_graph(store, "/data/b/summit.txt")
    with pytest.raises(KgError) as caught:
        remove("summit.txt", store)
    assert str(caught.value) == (
        "'summit.txt' matches articles from 2 files; give more of the path: "
        "/data/a/summit.txt, /data/b/summit.txt")
    assert len(store.store) == 4
    assert remove("b/summit.txt", store) == ["/data/b/summit.txt"]
    assert len(store.store) == 2


def test_remove_of_a_json_lines_file_drops_all_its_records(store):
    _article_graph(store, "/data/feed.jsonl#L1")
    _article_graph(store, "/data/feed.jsonl#L3")
    kept = _article_graph(store, "/data/feed2.jsonl#L1")
    assert remove("feed.jsonl", store) == ["/data/feed.jsonl#L1", "/data/feed.jsonl#L3"]
    assert list(store.store.named_graphs()) == [kept]


# --- bad input -------------------------------------------------------------------------------

LATIN1 = "Café talks\n\nThe café near the ministry reopened, officials said.\n".encode("latin-1")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))


def bad_folder(corpus: Path, limit: int) -> dict[str, str]:
    """Add bad files beside the good articles; returns each bad file's expected reason."""
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.md").write_text("  \n\n\t\n", encoding="utf-8")
    (corpus / "image.txt").write_bytes(PNG)
    (corpus / "latin1.txt").write_bytes(LATIN1)
    (corpus / "huge.txt").write_text("Huge\n\n" + "word " * (limit // 5), encoding="utf-8")
    size = (corpus / "huge.txt").stat().st_size
    return {
        "blank.md": "empty file",
        "empty.txt": "empty file",
        "huge.txt": f"too large ({size:,} bytes; the limit is {limit:,})",
        "image.txt": "binary file, not text (contains NUL bytes)",
        # latin-1 is refused, not guessed: the message says where and how to fix it
        "latin1.txt": "not UTF-8 text (invalid byte 0xe9 at offset 3); save it as UTF-8",
    }


def test_bad_files_are_reported_by_name_and_the_good_ones_still_land(corpus, store, settings):
    limit = 10_000
    expected = bad_folder(corpus, limit)
    missing = corpus.parent / "no-such-folder"

    small = dataclasses.replace(settings, max_article_bytes=limit)
    report = ingest([corpus, missing], store, small)

    failed = {Path(o.source).name: o.error for o in report.failures}
    assert failed == {
        **{name: f"{corpus / name}: {reason}" for name, reason in expected.items()},
        "no-such-folder": f"{missing}: no such file or directory",
    }
    assert {o.source for o in report.failures} == {
        *(str((corpus / name).resolve()) for name in expected), str(missing.resolve())}
    landed = [(Path(o.source).name, o.status) for o in report.outcomes if o.status != "failed"]
    assert sorted(landed) == [(name, "new") for name in NAMES]
    summary = report.summary()
    assert (summary["read"], summary["new"], summary["failed"]) == (3, 3, 6)
    assert store.stats()["articles"] == 3
    assert [o.triples for o in report.failures] == [0] * 6


def test_a_bad_json_lines_record_is_reported_with_its_line(corpus, store, settings):
    feed = corpus / "feed.jsonl"
    feed.write_text('{"title": "Only a title"}\n{not json\n', encoding="utf-8")
    report = ingest([feed], store, settings)
    assert [(o.source, o.status, o.error) for o in report.outcomes] == [
        (f"{feed.resolve()}#L1", "failed", f'{feed}: line 1: no "text" field'),
        (f"{feed.resolve()}#L2", "failed",
         f"{feed}: line 2: invalid JSON (Expecting property name enclosed in double quotes "
         "at column 2)"),
    ]
    assert report.run is None
    assert len(store.store) == 0


@pytest.mark.parametrize("module", ["kg.errors", "kg.store", "kg.pipeline"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(module)).failed == 0


def test_article_errors_carry_their_source():
    from kg.articles import iter_articles

    error = ArticleError("a.txt: empty file", source="/data/a.txt")
    assert (str(error), error.source) == ("a.txt: empty file", "/data/a.txt")
    assert ArticleError("x").source is None
    (missing,) = iter_articles(["no/such/file.txt"])
    assert isinstance(missing, ArticleError)
    assert missing.source == str(Path("no/such/file.txt").resolve())


def test_nothing_to_ingest_records_no_run(tmp_path, store, settings):
    (tmp_path / "empty").mkdir()
    report = ingest([tmp_path / "empty"], store, settings)
    assert [(o.status, o.error) for o in report.outcomes] == [
        ("failed", f"{tmp_path / 'empty'}: no article files in folder")]
    assert report.run is None
    assert len(store.store) == 0


# --- failures inside the batch -----------------------------------------------------------------


def test_an_article_whose_extraction_fails_is_reported_and_the_rest_land(
    corpus, store, settings, monkeypatch
):
    import kg.extract

    real = kg.extract.extract_doc

    def failing(doc, article, gazetteer):
        if "missile" in article.title.lower():
            raise ValueError("injected fault")
        return real(doc, article, gazetteer)

    monkeypatch.setattr(kg.extract, "extract_doc", failing)
    report = ingest([corpus], store, settings)
    assert sorted(outcomes(report)) == [
        ("defence-talks.txt", "new"), ("new-missile.txt", "failed"), ("summit.txt", "new")
    ]
    failed = next(o for o in report.outcomes if o.status == "failed")
    assert "extraction failed: ValueError: injected fault" in (failed.error or "")
    assert not quads_in(store, graph_of(corpus / "new-missile.txt"))
    assert quads_in(store, graph_of(corpus / "summit.txt"))


def test_an_article_whose_write_fails_is_reported_and_the_rest_land(
    corpus, store, settings, monkeypatch
):
    from kg.errors import StoreError

    real = KgStore.replace_graph
    bad = graph_of(corpus / "summit.txt")

    def failing(self, graph, quads):
        if graph == bad:
            raise StoreError("cannot write to the store: injected fault")
        return real(self, graph, quads)

    monkeypatch.setattr(KgStore, "replace_graph", failing)
    report = ingest([corpus], store, settings)
    assert outcomes(report) == [
        ("defence-talks.txt", "new"), ("new-missile.txt", "new"), ("summit.txt", "failed")
    ]
    assert "injected fault" in (report.outcomes[-1].error or "")
    assert not quads_in(store, bad)
    # the failed article is not marked as stored: the next run tries it again
    monkeypatch.setattr(KgStore, "replace_graph", real)
    again = ingest([corpus], store, settings)
    assert sorted(outcomes(again)) == [
        ("defence-talks.txt", "skipped"), ("new-missile.txt", "skipped"), ("summit.txt", "new")
    ]


# --- identity across articles ------------------------------------------------------------------

TWO_REPORTS = {
    "wire-a.txt": (
        "Title: Ministers meet in Moscow\nDate: 2023-03-14\n\n"
        "Russian Defence Minister Sergei Shoigu met his Indian counterpart in Moscow on Tuesday. "
        '"Our partnership in air defence will only grow," Shoigu said.\n'
    ),
    "wire-b.txt": (
        "Title: Shoigu hails defence ties\nDate: 2023-03-15\n\n"
        "Sergei Shoigu spoke after talks in Moscow. "
        '"Our partnership in air defence will only grow" Shoigu said, '
        "according to his ministry.\n"
    ),
}


def test_one_person_and_one_quotation_across_two_articles(tmp_path, store, settings):
    folder = tmp_path / "wires"
    folder.mkdir()
    for name, text in TWO_REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    ingest([folder], store, settings)
    persons = store.select(
        "SELECT DISTINCT ?p WHERE { ?p a kg:Person ; "
        "owl:sameAs <http://www.wikidata.org/entity/Q32024> }"
    )
    assert len(persons) == 1
    rows = store.select(
        "SELECT ?s (COUNT(DISTINCT ?a) AS ?n) WHERE { ?s a kg:Statement ; kg:direct true ; "
        "kg:speaker ?p ; prov:wasDerivedFrom ?a . ?p owl:sameAs ?wd } GROUP BY ?s"
    )
    assert [int(r["n"]) for r in rows] == [2]

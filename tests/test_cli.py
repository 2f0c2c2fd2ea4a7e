"""The ``kg`` command line, run for real (typer's CliRunner, one subprocess for a locked store)
over the real spaCy model and an on-disk Oxigraph store, checked through the library."""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

from kg.cli import app
from kg.iris import IriMinter
from kg.linking import list_entities
from kg.queries import list_queries, load_query, queries_dir, run_query
from kg.store import KgStore

pytestmark = pytest.mark.model

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
NAMES = ["defence-talks.txt", "new-missile.txt", "summit.txt"]
SUMMARY = re.compile(
    r"^(?P<read>\d+) read, (?P<new>\d+) new, (?P<replaced>\d+) replaced, (?P<skipped>\d+) skipped "
    r"\(unchanged\), (?P<failed>\d+) failed; (?P<triples>\d+) triples written in [\d.]+ s$"
)
LOCKED = ("error: the store {} is in use by another process; wait for it to finish or use "
          "another --store\n")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def kg(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    """Run ``kg ARGS`` in process; no exception other than a clean exit may escape."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=env, prog_name="kg")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"kg {args} raised {result.exception!r}") from result.exception
    run = Run(result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in run.stdout + run.stderr
    del result
    gc.collect()  # release the store the command opened before anyone opens it again
    return run


def plain(text: str) -> str:
    """Text without the box drawing of typer's usage errors, in single spaces."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


def summary(run: Run) -> dict[str, int]:
    match = SUMMARY.match(run.stderr.splitlines()[-1])
    assert match, run.stderr
    return {k: int(v) for k, v in match.groupdict().items()}


class Reading:
    """The library's view of a store, opened read-only and closed on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> KgStore:
        self.store = KgStore.open(self.path, read_only=True)
        return self.store

    def __exit__(self, *exc) -> None:
        del self.store
        gc.collect()


def copy_corpus(folder: Path) -> Path:
    shutil.copytree(FIXTURES, folder)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, Run]:
    """A store built by ``kg ingest`` from the fixture articles: (store, articles, run)."""
    root = tmp_path_factory.mktemp("cli")
    articles = copy_corpus(root / "articles")
    store = root / "store"
    return store, articles, kg("ingest", articles, "--store", store)


@pytest.fixture(scope="module")
def store(built) -> Path:
    return built[0]


def library_rows(store: Path, name: str, **params: str) -> list[dict[str, str | None]]:
    with Reading(store) as s:
        return run_query(s.store, load_query(name), params).rows


def test_help_documents_the_exit_codes():
    run = kg("--help")
    assert run.exit_code == 0
    assert ("Exit codes: 0 success; 1 an error, or some articles could not be ingested; 2 a "
            "usage error (bad option, unknown query or parameter, invalid SPARQL); 3 the store "
            "is locked by another process.") in plain(run.stdout)


# --- ingest ----------------------------------------------------------------------------------


def test_ingest_reports_what_it_did_and_stores_every_article(built):
    store, articles, run = built
    assert run.exit_code == 0
    assert run.stdout == ""
    assert len(run.stderr.splitlines()) == 1
    counts = summary(run)
    with Reading(store) as s:
        graphs = [IriMinter().article(str((articles / n).resolve())) for n in NAMES]
        triples = sum(len(list(s.store.quads_for_pattern(None, None, None, g))) for g in graphs)
        assert s.stats()["articles"] == 3
    assert counts == {"read": 3, "new": 3, "replaced": 0, "skipped": 0, "failed": 0,
                      "triples": triples}


def test_ingest_again_skips_unchanged_articles(built):
    store, articles, _ = built
    with Reading(store) as s:
        before = len(s.store)
    run = kg("ingest", articles, "--store", store)
    assert run.exit_code == 0
    assert summary(run) == {"read": 3, "new": 0, "replaced": 0, "skipped": 3, "failed": 0,
                            "triples": 0}
    with Reading(store) as s:
        assert len(s.store) == before


def test_ingest_force_replaces_every_article(tmp_path):
    articles = copy_corpus(tmp_path / "articles")
    first = kg("ingest", articles, "--store", tmp_path / "store")
    run = kg("ingest", articles, "--store", tmp_path / "store", "--force")
    assert run.exit_code == 0
    assert summary(run) == {**summary(first), "new": 0, "replaced": 3}


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def test_ingest_lists_bad_files_by_name_stores_the_good_ones_and_exits_1(tmp_path):
    articles = copy_corpus(tmp_path / "articles")
    (articles / "empty.txt").write_bytes(b"")
    (articles / "drafts[").mkdir()  # "[/b]" in a path is rich markup: it must print as is
    (articles / "drafts[" / "b]notes.txt").write_text("\n \n", encoding="utf-8")
    (articles / "image.txt").write_bytes(PNG)
    (articles / "latin1.txt").write_bytes("Café\n\nThe café reopened.\n".encode("latin-1"))
    with (articles / "huge.txt").open("wb") as f:
        f.truncate(5_000_001)  # one byte over the default limit
    store = tmp_path / "store"

    run = kg("ingest", articles, tmp_path / "gone.txt", "--store", store)

    assert run.exit_code == 1
    assert run.stdout == ""
    assert run.stderr.splitlines()[:-1] == [
        f"failed: {articles / 'drafts[' / 'b]notes.txt'}: empty file",
        f"failed: {articles / 'empty.txt'}: empty file",
        f"failed: {articles / 'huge.txt'}: too large (5,000,001 bytes; the limit is 5,000,000)",
        f"failed: {articles / 'image.txt'}: binary file, not text (contains NUL bytes)",
        f"failed: {articles / 'latin1.txt'}: not UTF-8 text (invalid byte 0xe9 at offset 3); "
        "save it as UTF-8",
        f"failed: {tmp_path / 'gone.txt'}: no such file or directory",
    ]
    counts = summary(run)
    assert (counts["read"], counts["new"], counts["failed"]) == (3, 3, 6)
    with Reading(store) as s:
        sources = sorted(Path(v).name for v in s.article_sources().values())
    assert sources == NAMES


def test_ingest_of_a_missing_path_says_so_and_exits_1(tmp_path):
    run = kg("ingest", tmp_path / "nope", "--store", tmp_path / "store")
    assert run.exit_code == 1
    assert run.stderr.splitlines()[0] == f"failed: {tmp_path / 'nope'}: no such file or directory"
    assert summary(run) == {"read": 0, "new": 0, "replaced": 0, "skipped": 0, "failed": 1,
                            "triples": 0}


def test_ingest_uses_kg_store_from_the_environment(tmp_path):
    run = kg("ingest", FIXTURES / "summit.txt", env={"KG_STORE": str(tmp_path / "env-store")})
    assert run.exit_code == 0
    with Reading(tmp_path / "env-store") as s:
        assert s.stats()["articles"] == 1


def test_read_commands_use_kg_store_from_the_environment(store):
    run = kg("stats", "--json", env={"KG_STORE": str(store)})
    assert run.exit_code == 0
    assert json.loads(run.stdout)["articles"] == 3


# --- queries ---------------------------------------------------------------------------------


def test_queries_lists_every_saved_query_with_its_description_on_one_line():
    run = kg("queries")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    names = sorted(p.stem for p in queries_dir().glob("*.rq"))
    assert [line.split()[0] for line in lines] == names
    for line, saved in zip(lines, list_queries(), strict=True):
        rest = line[len(saved.name):].strip()
        params = "".join(f" {p}=..." for p in saved.params)
        assert rest == saved.description + (f"  (--param{params})" if params else "")
        assert saved.description


@pytest.mark.parametrize("speaker", ["Shoigu", "Sergei Shoigu", "sergei shoigu"])
def test_query_statements_by_speaker_as_csv(store, speaker):
    run = kg("query", "statements-by-speaker", "--param", f"speaker={speaker}", "--format", "csv",
             "--store", store)
    assert run.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [r["name"] for r in rows] == ["Sergei Shoigu", "Sergei Shoigu"]
    assert {r["direct"] for r in rows} == {"true", "false"}
    direct = next(r["text"] for r in rows if r["direct"] == "true")
    reported = next(r["text"] for r in rows if r["direct"] == "false")
    assert direct.startswith("Our cooperation covers air defence and naval shipbuilding")
    assert "S-400 Triumf systems would continue on schedule" in reported
    assert {r["title"] for r in rows} == {"Defence ministers hold talks in Moscow"}
    assert {r["date"] for r in rows} == {"2018-12-14"}
    expected = library_rows(store, "statements-by-speaker", speaker=speaker)
    assert rows == [{k: v or "" for k, v in r.items()} for r in expected]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
def test_query_output_formats_carry_the_same_rows(store, fmt):
    run = kg("query", "statements-by-speaker", "-p", "speaker=Vladimir Putin", "-f", fmt,
             "--store", store)
    assert run.exit_code == 0
    expected = library_rows(store, "statements-by-speaker", speaker="Vladimir Putin")
    assert len(expected) == 1
    assert expected[0]["text"].startswith("India is a reliable partner and a great power")
    columns = list(expected[0])
    if fmt == "json":
        assert json.loads(run.stdout) == expected
    elif fmt in ("csv", "tsv"):
        delimiter = "," if fmt == "csv" else "\t"
        rows = list(csv.reader(io.StringIO(run.stdout), delimiter=delimiter))
        assert rows == [columns, [expected[0][c] or "" for c in columns]]
    else:
        header, rule, line = run.stdout.splitlines()
        assert header.split() == columns
        assert set(rule) == {"-", " "}
        for value in expected[0].values():
            assert value in line
        assert run.stderr == "1 row(s)\n"


def test_query_weapon_systems_as_csv(store):
    run = kg("query", "weapon-systems", "-f", "csv", "--store", store)
    assert run.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert {"S-400 Triumf", "Zircon"} <= {r["weaponName"] for r in rows}
    assert sorted(r["countryName"] for r in rows if r["weaponName"] == "S-400 Triumf") == [
        "India", "Russia"]
    assert {r["category"] for r in rows if r["weaponName"] == "Zircon"} == {"hypersonic missile"}
    assert rows == [{k: v or "" for k, v in r.items()}
                    for r in library_rows(store, "weapon-systems")]


def test_query_with_a_rq_file_path(store, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("# title: Count articles\nPREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
                    "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kg:Article }\n", encoding="utf-8")
    run = kg("query", path, "-f", "json", "--store", store)
    assert (run.exit_code, json.loads(run.stdout)) == (0, [{"n": "3"}])


@pytest.mark.parametrize(("args", "message"), [
    (["statements-by-speakr"],
     "error: unknown query 'statements-by-speakr'; did you mean statements-by-speaker"),
    (["no-such-thing"], "error: unknown query 'no-such-thing'; known queries: articles, "),
    (["statements-by-speaker", "-p", "who=Putin"],
     "error: query 'statements-by-speaker' has no parameter who; its parameters: speaker\n"),
    (["statements-by-speaker"], "error: query 'statements-by-speaker' needs parameter speaker: "),
    (["statements-by-speaker", "-p", "speaker"],
     "error: bad --param 'speaker': write NAME=VALUE\n"),
    (["statements-by-speaker", "-p", "=Putin"], "error: bad --param '=Putin': write NAME=VALUE\n"),
    (["missing.rq"], "error: query file missing.rq does not exist\n"),
])
def test_query_usage_errors_exit_2_with_a_clear_message(store, args, message):
    run = kg("query", *args, "--store", store)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(message)
    assert len(run.stderr.splitlines()) == 1


def test_query_malformed_rq_file_exits_2_with_the_parsers_message(store, tmp_path):
    path = tmp_path / "broken.rq"
    text = "# title: Broken\nSELECT ?x WHERE { ?x [ }\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SyntaxError) as parser:
        ox.Store().query(text)
    run = kg("query", path, "--store", store)
    assert run.exit_code == 2
    assert run.stderr == f"error: {path}: invalid SPARQL: {parser.value}\n"


def test_query_unknown_format_is_a_usage_error(store):
    run = kg("query", "persons", "-f", "xml", "--store", store)
    assert run.exit_code == 2
    assert plain(run.stderr) == (
        "Usage: kg query [OPTIONS] {name} Try 'kg query --help' for help. Error Invalid value "
        "for '--format' / '-f': Value error, 'xml' is not one of 'table', 'csv', 'tsv', 'json'.")


# --- export ----------------------------------------------------------------------------------

EXPORTS = [  # (kg format, rdflib format, keeps the named graphs)
    ("turtle", "turtle", False), ("ntriples", "nt", False),
    ("trig", "trig", True), ("nquads", "nquads", True), ("jsonld", "json-ld", True),
]


def store_counts(store: Path) -> tuple[int, int]:
    """(quads, distinct triples once the graphs are merged) in the store."""
    with Reading(store) as s:
        quads = list(s.store)
    return len(quads), len({(q.subject, q.predicate, q.object) for q in quads})


def parsed_counts(data: bytes, rdflib_format: str, graphs: bool) -> int:
    if graphs:
        ds = rdflib.Dataset()
        ds.parse(data=data, format=rdflib_format)
        return len(list(ds.quads((None, None, None, None))))
    return len(rdflib.Graph().parse(data=data, format=rdflib_format))


@pytest.mark.parametrize(("fmt", "rdflib_format", "graphs"), EXPORTS)
def test_export_to_a_file_parses_back_to_what_the_store_holds(
    store, tmp_path, fmt, rdflib_format, graphs
):
    output = tmp_path / f"kg.{fmt}"
    run = kg("export", "--format", fmt, "--output", output, "--store", store)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", f"wrote {output}\n")
    quads, triples = store_counts(store)
    assert parsed_counts(output.read_bytes(), rdflib_format, graphs) == (
        quads if graphs else triples)
    assert quads > triples > 300  # entities repeat across article graphs


@pytest.mark.parametrize(("fmt", "rdflib_format", "graphs"), EXPORTS)
def test_export_to_stdout_without_output(store, fmt, rdflib_format, graphs):
    run = kg("export", "-f", fmt, "--store", store)
    assert run.exit_code == 0
    quads, triples = store_counts(store)
    assert parsed_counts(run.stdout.encode(), rdflib_format, graphs) == (
        quads if graphs else triples)


def test_export_nquads_holds_the_contract_facts(store):
    run = kg("export", "-f", "nquads", "--store", store)
    ds = rdflib.Dataset()
    ds.parse(data=run.stdout, format="nquads")
    putin = rdflib.URIRef("https://w3id.org/kg-news/resource/person/Q7747")
    label = rdflib.URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert {str(o) for _, _, o, _ in ds.quads((putin, label, None, None))} == {"Vladimir Putin"}


def test_export_to_a_missing_folder_says_it_cannot_write(store, tmp_path):
    output = tmp_path / "no" / "such" / "kg.nq"
    run = kg("export", "-f", "nquads", "-o", output, "--store", store)
    assert (run.exit_code, run.stdout) == (1, "")
    assert run.stderr.startswith(f"error: cannot write {output}: No such file or directory")


def test_export_unknown_format_is_a_usage_error(store):
    run = kg("export", "-f", "xml", "--store", store)
    assert run.exit_code == 2
    assert "Invalid value for '--format' / '-f': Value error, 'xml' is not one of 'turtle', " \
        "'trig', 'nquads', 'ntriples', 'jsonld', 'rdfxml'." in plain(run.stderr)


# --- stats, entities, link -------------------------------------------------------------------


def test_stats_as_json_matches_the_library(store):
    run = kg("stats", "--json", "--store", store)
    assert run.exit_code == 0
    with Reading(store) as s:
        expected = s.stats()
        assert expected["quads"] == len(s.store)
    assert json.loads(run.stdout) == expected
    assert (expected["articles"], expected["graphs"]) == (3, 4)  # three articles and the runs
    assert expected["persons"] >= 4 and expected["statements"] >= 4


def test_stats_as_a_table(store):
    run = kg("stats", "--store", store)
    assert run.exit_code == 0
    assert re.search(r"│ articles\s+│ 3\s+│", run.stdout)


def test_entities_as_json_matches_the_library(store):
    run = kg("entities", "--format", "json", "--store", store)
    assert run.exit_code == 0
    with Reading(store) as s:
        expected = [e.__dict__ for e in list_entities(s)]
    assert json.loads(run.stdout) == expected
    putin = next(e for e in expected if e["label"] == "Vladimir Putin")
    assert (putin["kind"], putin["wikidata"], putin["articles"]) == ("person", "Q7747", 1)


def test_entities_of_one_kind(store):
    run = kg("entities", "--kind", "weapon", "-f", "json", "--store", store)
    found = json.loads(run.stdout)
    assert {e["kind"] for e in found} == {"weapon"}
    assert {"S-400 Triumf", "Zircon"} <= {e["label"] for e in found}


def test_entities_unknown_kind_is_a_usage_error(store):
    run = kg("entities", "--kind", "ship", "--store", store)
    assert run.exit_code == 2
    assert "Invalid value for '--kind': Value error, 'ship' is not one of 'person', 'country', " \
        "'weapon'." in plain(run.stderr)


def test_link_unlinked_lists_the_entities_without_a_wikidata_id(store):
    run = kg("link", "--unlinked", "--store", store, env={"COLUMNS": "200"})
    assert run.exit_code == 0
    with Reading(store) as s:
        missing = [e for e in list_entities(s) if not e.wikidata]
    assert run.stderr == f"{len(missing)} entities without a Wikidata ID\n"
    rows = [line for line in run.stdout.splitlines() if line.startswith("│")]
    assert [row.split("│")[2].strip() for row in rows] == [e.label for e in missing]
    assert "Vladimir Putin" not in run.stdout  # linked to Q7747


# --- remove ----------------------------------------------------------------------------------


def test_remove_drops_one_article_and_says_which(tmp_path):
    articles = copy_corpus(tmp_path / "articles")
    store = tmp_path / "store"
    kg("ingest", articles, "--store", store)
    with Reading(store) as s:
        before = len(s.store)
        graph = IriMinter().article(str((articles / "summit.txt").resolve()))
        dropped = len(list(s.store.quads_for_pattern(None, None, None, graph)))

    run = kg("remove", "summit.txt", "--store", store)

    assert (run.exit_code, run.stderr) == (0, f"removed {(articles / 'summit.txt').resolve()}\n")
    with Reading(store) as s:
        assert len(s.store) == before - dropped
        assert sorted(Path(v).name for v in s.article_sources().values()) == [
            "defence-talks.txt", "new-missile.txt"]
    again = kg("remove", "summit.txt", "--store", store)
    assert (again.exit_code, again.stderr) == (
        1, "error: no article from 'summit.txt' in the store\n")


# --- the store itself ------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["query", "persons"], ["stats"], ["export"], ["entities"], ["link", "--unlinked"],
    ["remove", "a.txt"],
])
def test_read_commands_do_not_create_a_missing_store(tmp_path, args):
    missing = tmp_path / "typo"
    run = kg(*args, "--store", missing)
    assert (run.exit_code, run.stdout) == (1, "")
    assert run.stderr == f"error: no store at {missing}: run `kg ingest` first\n"
    assert not missing.exists()


def test_locked_store_gives_a_clear_message_and_exit_3_from_the_real_command(locked_store):
    exe = Path(sys.executable).with_name("kg")
    for args in (["ingest", str(FIXTURES)], ["query", "persons"]):
        done = subprocess.run([exe, *args, "--store", locked_store],
                              capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stdout) == (3, ""), done.stderr
        assert done.stderr == LOCKED.format(locked_store)


@pytest.mark.parametrize("args", [
    ["ingest", str(FIXTURES / "summit.txt")], ["query", "persons"], ["stats"], ["export"],
    ["remove", "summit.txt"], ["entities"],
])
def test_every_command_reports_a_locked_store_with_exit_3(locked_store, args):
    run = kg(*args, "--store", locked_store)
    assert (run.exit_code, run.stdout) == (3, "")
    assert run.stderr == LOCKED.format(locked_store)

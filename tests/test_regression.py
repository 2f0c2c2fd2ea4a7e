"""Quality guard: kg's evaluation figures stay above the floors in ``tests/thresholds.json``.

Each article set (the seeds, the shared development set) is ingested once with the real
pipeline and scored by ``kg.evaluation``; the reference scorer ``../shared/eval/score.py``, run
on the same articles, must report the same figures. A set whose articles are not here is
skipped with the reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.config import Settings
from kg.evaluation import KINDS, EvalReport, build_graph, evaluate_store, load_gold
from kg.iris import IriMinter

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = ROOT / "tests" / "thresholds.json"
REFERENCE = ROOT.parent / "shared" / "eval" / "score.py"
SHAPES = ROOT / "ontology" / "shapes.ttl"
FIGURES = (*KINDS[:4], "quote_attribution", *KINDS[4:], "links_recall")


def load_thresholds() -> dict[str, dict]:
    data = json.loads(THRESHOLDS.read_text(encoding="utf-8"))
    return {name: spec for name, spec in data.items() if not name.startswith("_")}


def figures(report: EvalReport) -> dict[str, float]:
    """The guarded figures of a report: F1 per kind, quote attribution, link recall."""
    return ({kind: report.totals[kind].f1 for kind in KINDS}
            | {"quote_attribution": report.quote_attribution,
               "links_recall": report.link_recall})


@dataclass
class Scored:
    articles: Path
    gold: Path
    graph: ox.Store
    report: EvalReport


def article_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


@pytest.fixture(scope="module")
def scored(nlp):
    """Each article set ingested and scored at most once per test module."""
    cache: dict[str, Scored] = {}

    def get(name: str) -> Scored:
        if name not in cache:
            spec = load_thresholds()[name]
            articles, gold = ROOT / spec["articles"], ROOT / spec["gold"]
            if not article_files(articles):
                pytest.skip(f"no {name} articles (*.txt) in {articles.resolve()}")
            if not gold.is_dir():
                pytest.skip(f"no {name} gold in {gold.resolve()}")
            graph = build_graph([articles])
            cache[name] = Scored(articles, gold, graph, evaluate_store(graph, load_gold(gold)))
        return cache[name]

    return get


# ---------------------------------------------------------------- the thresholds file

def test_thresholds_guard_every_figure_of_every_set():
    sets = load_thresholds()
    assert set(sets) == {"seeds", "dev"}
    for name, spec in sets.items():
        assert {"articles", "gold", "floors"} <= set(spec), name
        assert set(spec["floors"]) == set(FIGURES), name
        for figure, floor in spec["floors"].items():
            assert floor is None or 0 < floor <= 1, (name, figure, floor)
    # the development set is guarded on every figure
    assert None not in sets["dev"]["floors"].values()


def test_seed_floors_are_at_least_the_issue_minimums():
    floors = load_thresholds()["seeds"]["floors"]
    minimums = {"persons": 0.85, "countries": 0.85, "quotes": 0.85, "quote_attribution": 0.85,
                "weapon_systems": 0.7}
    assert all(floors[k] >= v for k, v in minimums.items())
    assert all(floors[k] > 0 for k in ("indirect", "events", "events_typed"))


# ---------------------------------------------------------------- the figures

FLOORS = [(name, figure) for name, spec in load_thresholds().items()
          for figure, floor in spec["floors"].items() if floor is not None]


@pytest.mark.parametrize(("name", "figure"), FLOORS, ids=[f"{n}-{f}" for n, f in FLOORS])
def test_figure_stays_above_its_floor(scored, name, figure):
    result = scored(name)
    floor = load_thresholds()[name]["floors"][figure]
    value = figures(result.report)[figure]
    assert result.report.articles_found[0] == result.report.articles_found[1]
    assert value >= floor, (
        f"{name} {figure} fell to {value:.3f}, under its floor {floor:.3f} "
        f"in {THRESHOLDS.relative_to(ROOT)}")


def test_dev_graph_conforms_to_the_shapes(scored):
    """Every article graph of the development set, with the runs graph, meets the shapes."""
    pyshacl = pytest.importorskip("pyshacl")
    graph = scored("dev").graph
    shapes = Graph().parse(SHAPES, format="turtle")
    runs = IriMinter(Settings.from_env().base_iri).runs_graph()
    articles = [g for g in graph.named_graphs() if g != runs]
    assert len(articles) == len(article_files(scored("dev").articles))
    failures = []
    for article in articles:
        data = b"".join(graph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)
                        for g in (article, runs))
        conforms, _, text = pyshacl.validate(Graph().parse(data=data, format="nt"),
                                             shacl_graph=shapes, inference="none")
        if not conforms:
            failures.append(f"{article.value}:\n{text}")
    assert failures == [], "\n".join(failures)


# ---------------------------------------------------------------- agreement with the reference

def kg_command() -> str | None:
    beside = Path(sys.executable).with_name("kg")
    return str(beside) if beside.is_file() else shutil.which("kg")


def agreement(ours: EvalReport, theirs: dict) -> list[str]:
    """Every figure both scorers report, where they differ in the first two decimals."""
    pairs: list[tuple[str, float, float]] = []
    for kind in KINDS:
        mine = ours.totals[kind]
        for key, value in (("p", mine.precision), ("r", mine.recall), ("f1", mine.f1)):
            pairs.append((f"{kind} {key}", value, theirs[kind][key]))
    pairs += [
        ("quotes attribution", ours.quote_attribution, theirs["quotes"]["attribution_accuracy"]),
        ("indirect attribution", ours.indirect_attribution,
         theirs["indirect"]["attribution_accuracy"]),
        ("quotes end-to-end f1", ours.end_to_end("quotes").f1,
         theirs["quotes"]["end_to_end"]["f1"]),
        ("indirect end-to-end f1", ours.end_to_end("indirect").f1,
         theirs["indirect"]["end_to_end"]["f1"]),
        ("links recall", ours.link_recall, theirs["links"]["recall"]),
        ("links precision", ours.link_precision, theirs["links"]["precision"]),
    ]
    found = "{}/{}".format(*ours.articles_found)
    differ = [f"articles found: kg {found}, reference {theirs['articles_found']}"] \
        if found != theirs["articles_found"] else []
    differ += [f"{what}: kg {mine:.4f}, reference {ref:.4f}" for what, mine, ref in pairs
               if abs(mine - ref) > 0.005]
    return differ


@pytest.mark.skipif(not REFERENCE.is_file(), reason=f"no reference scorer at {REFERENCE}")
def test_kg_eval_reproduces_the_reference_scorer_on_the_dev_set(scored, tmp_path):
    result = scored("dev")
    kg = kg_command()
    if kg is None:
        pytest.skip("the kg command is not installed")
    out = tmp_path / "reference.json"
    done = subprocess.run(
        [sys.executable, str(REFERENCE), "--articles", str(result.articles), "--gold",
         str(result.gold), "--kg", kg, "--json", str(out)],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    theirs = json.loads(out.read_text())["summary"]
    assert agreement(result.report, theirs) == []

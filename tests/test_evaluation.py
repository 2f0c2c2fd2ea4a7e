"""Tests for kg.evaluation: hand-built stores in the contract's shape scored against hand gold."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import vocab
from kg.errors import GoldError
from kg.evaluation import (
    KINDS,
    KindScore,
    dice,
    evaluate_articles,
    evaluate_store,
    format_report,
    load_gold,
    name_matches,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = SHARED / "eval" / "score.py"
SEED_GOLD = Path(__file__).resolve().parent / "gold"
RES = "https://example.org/res/"


class GraphBuilder:
    """Writes articles, entities, statements and events in the contract's shape."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self._n = 0

    def _mint(self, kind: str) -> ox.NamedNode:
        self._n += 1
        return ox.NamedNode(f"{RES}{kind}/{self._n}")

    def _add(self, graph: ox.NamedNode, s, p, o) -> None:
        self.store.add(ox.Quad(s, p, o, graph))

    def article(self, source: str) -> ox.NamedNode:
        node = self._mint("article")
        self._add(node, node, vocab.RDF_TYPE, vocab.ARTICLE)
        self._add(node, node, vocab.DC_SOURCE, ox.Literal(source))
        return node

    def entity(self, article: ox.NamedNode, cls: ox.NamedNode, label: str | None,
               qid: str | None = None, node: ox.NamedNode | None = None) -> ox.NamedNode:
        node = node or self._mint("entity")
        self._add(article, node, vocab.RDF_TYPE, cls)
        if label is not None:
            self._add(article, node, vocab.RDFS_LABEL, ox.Literal(label))
        if qid:
            self._add(article, node, vocab.OWL_SAME_AS, ox.NamedNode(vocab.WD + qid))
        self._add(article, article, vocab.MENTIONS, node)
        return node

    def person(self, article, label, qid=None, node=None) -> ox.NamedNode:
        return self.entity(article, vocab.PERSON, label, qid, node)

    def country(self, article, label, qid=None, node=None) -> ox.NamedNode:
        return self.entity(article, vocab.COUNTRY, label, qid, node)

    def weapon(self, article, label, qid=None, node=None) -> ox.NamedNode:
        return self.entity(article, vocab.WEAPON_SYSTEM, label, qid, node)

    def statement(self, article, text: str, direct: bool = True,
                  speaker: ox.NamedNode | None = None) -> ox.NamedNode:
        node = self._mint("statement")
        self._add(article, node, vocab.RDF_TYPE, vocab.STATEMENT)
        self._add(article, node, vocab.TEXT, ox.Literal(text))
        self._add(article, node, vocab.DIRECT,
                  ox.Literal("true" if direct else "false", datatype=vocab.XSD_BOOLEAN))
        self._add(article, node, vocab.PROV_DERIVED_FROM, article)
        if speaker is not None:
            self._add(article, node, vocab.SPEAKER, speaker)
        return node

    def event(self, article, type_: str, date: str | None = None,
              participants: tuple[ox.NamedNode, ...] = (), label: str | None = None
              ) -> ox.NamedNode:
        node = self._mint("event")
        self._add(article, node, vocab.RDF_TYPE, vocab.EVENT)
        self._add(article, node, vocab.EVENT_TYPE, vocab.EVENT_TYPES[type_])
        self._add(article, node, vocab.PROV_DERIVED_FROM, article)
        self._add(article, article, vocab.MENTIONS, node)
        if label:
            self._add(article, node, vocab.RDFS_LABEL, ox.Literal(label))
        if date:
            self._add(article, node, vocab.START_DATE, ox.Literal(date, datatype=vocab.XSD_DATE))
        for p in participants:
            self._add(article, node, vocab.PARTICIPANT, p)
        return node


def gold_for(file: str = "a.txt", **parts) -> dict:
    base = {"file": file, "persons": [], "countries": [], "weapon_systems": [],
            "statements": [], "events": []}
    return base | parts


def person(name: str, qid: str | None = None, aliases: tuple[str, ...] = ()) -> dict:
    return {"name": name, "wikidata": qid, "aliases": list(aliases)}


def figures(score: KindScore) -> tuple[int, int, int, float, float, float]:
    return (score.tp, score.pred, score.gold, round(score.precision, 4),
            round(score.recall, 4), round(score.f1, 4))


# ---------------------------------------------------------------- entities

@pytest.mark.parametrize(("pred_label", "pred_qid", "gold", "expected_tp"), [
    ("V. Putin", "Q7747", person("Vladimir Putin", "Q7747"), 1),       # QID wins over the name
    ("Vladimir Putin", "Q1", person("Vladimir Putin", "Q7747"), 0),    # a wrong QID never matches
    ("Putin", None, person("Vladimir Putin", "Q7747"), 1),             # words inside the name
    ("President Vladimir Putin", None, person("Vladimir Putin"), 1),   # name inside the label
    ("the Russian leader", None, person("Vladimir Putin", aliases=("the Russian leader",)), 1),
    ("Dmitry Medvedev", None, person("Vladimir Putin", aliases=("Putin",)), 0),
    ("Ivan Petrov", None, person("Pavel Petrov"), 0),           # a shared surname is not enough
])
def test_entities_match_by_qid_else_by_name(pred_label, pred_qid, gold, expected_tp):
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    g.person(a, pred_label, pred_qid)
    report = evaluate_store(g.store, [gold_for(persons=[gold])])
    assert report.totals["persons"].tp == expected_tp
    assert report.totals["persons"].pred == 1


@pytest.mark.parametrize(("label", "gold_name", "aliases", "matches"), [
    ("S-400", "S-400 Triumf", (), True),
    ("S-400 Triumf air defence system", "S-400 Triumf", (), True),
    ("S-500", "S-400 Triumf", (), False),
    ("The United States", "United States", (), True),
    ("US", "United States", ("US", "Washington"), True),
    ("Beijing", "China", (), False),
    ("", "China", (), False),
])
def test_name_matches_by_equality_or_word_subset(label, gold_name, aliases, matches):
    assert name_matches(label, gold_name, aliases) is matches


def test_weapon_system_short_name_matches_full_gold_name():
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    g.weapon(a, "S-400")
    gold = gold_for(weapon_systems=[{"name": "S-400 Triumf", "wikidata": None, "aliases": []}])
    report = evaluate_store(g.store, [gold])
    assert figures(report.totals["weapon_systems"]) == (1, 1, 1, 1.0, 1.0, 1.0)


def test_duplicate_nodes_for_one_person_cost_precision():
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    g.person(a, "Putin")
    g.person(a, "Vladimir Putin")
    report = evaluate_store(g.store, [gold_for(persons=[person("Vladimir Putin", "Q7747")])])
    assert figures(report.totals["persons"]) == (1, 2, 1, 0.5, 1.0, 0.6667)
    assert len(report.articles[0].kinds["persons"].extra) == 1


def test_entities_are_scored_per_article_not_across_the_store():
    g = GraphBuilder()
    a, b = g.article("/data/a.txt"), g.article("/data/b.txt")
    g.country(a, "India", "Q668")
    g.country(b, "Russia", "Q159")
    gold = [gold_for("a.txt", countries=[{"name": "India", "wikidata": "Q668"}]),
            gold_for("b.txt", countries=[{"name": "India", "wikidata": "Q668"}])]
    report = evaluate_store(g.store, gold)
    assert [figures(x.kinds["countries"])[:3] for x in report.articles] == [(1, 1, 1), (0, 1, 1)]
    assert figures(report.totals["countries"]) == (1, 2, 2, 0.5, 0.5, 0.5)


def test_links_count_right_wrong_and_missing_qids():
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    g.country(a, "India", "Q668")      # right link
    g.country(a, "Russia")             # matched by name, no link: costs recall only
    g.weapon(a, "BrahMos", "Q1")       # gold has no QID: not judged
    gold = gold_for(countries=[{"name": "India", "wikidata": "Q668"},
                               {"name": "Russia", "wikidata": "Q159"},
                               {"name": "China", "wikidata": "Q148"}],
                    weapon_systems=[{"name": "BrahMos", "wikidata": None}])
    report = evaluate_store(g.store, [gold])
    assert report.link_recall == pytest.approx(1 / 3)
    assert report.link_precision == 1.0


def test_links_on_a_store_without_qids_have_zero_precision():
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    g.country(a, "India")
    report = evaluate_store(g.store, [gold_for(countries=[{"name": "India", "wikidata": "Q668"}])])
    assert (report.link_recall, report.link_precision) == (0.0, 0.0)


# ---------------------------------------------------------------- statements

@pytest.mark.parametrize(("gold_text", "pred_text", "similarity", "matched"), [
    ("we will build ships together", "we will build ships together", 1.0, True),
    ("alpha beta gamma delta", "alpha beta epsilon zeta", 0.5, True),      # exactly 0.5
    ("alpha beta gamma delta", "alpha epsilon zeta eta", 0.25, False),
    ("all the talks were useful", "Talks were useful!", 0.75, True),          # case, punctuation
    ("one two three", "", 0.0, False),
])
def test_quotes_match_when_dice_reaches_half(gold_text, pred_text, similarity, matched):
    assert dice(gold_text, pred_text) == pytest.approx(similarity)
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    g.statement(a, pred_text, direct=True)
    gold = gold_for(statements=[{"speaker": None, "text": gold_text, "direct": True}])
    report = evaluate_store(g.store, [gold])
    assert report.totals["quotes"].tp == int(matched)


def test_direct_and_indirect_statements_are_scored_apart():
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    g.statement(a, "the deal is done", direct=False)
    gold = gold_for(statements=[{"speaker": None, "text": "the deal is done", "direct": True}])
    report = evaluate_store(g.store, [gold])
    assert figures(report.totals["quotes"]) == (0, 0, 1, 0.0, 0.0, 0.0)
    assert figures(report.totals["indirect"]) == (0, 1, 0, 0.0, 1.0, 0.0)


def test_attribution_counts_right_wrong_and_null_speakers():
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    modi = g.person(a, "Modi", "Q1058")
    putin = g.person(a, "Putin")
    g.statement(a, "first quote about trade", speaker=modi)        # right by QID
    g.statement(a, "second quote about ships", speaker=putin)      # right by alias
    g.statement(a, "third quote about oil", speaker=putin)         # wrong: gold says Modi
    g.statement(a, "fourth quote about tanks")                     # right: gold has no speaker
    g.statement(a, "fifth quote about jets", speaker=modi)         # wrong: gold has no speaker
    g.statement(a, "sixth quote about rail")                       # wrong: gold names Putin
    gold = gold_for(
        persons=[person("Narendra Modi", "Q1058"), person("Vladimir Putin", aliases=("Putin",))],
        statements=[
            {"speaker": "Narendra Modi", "text": "first quote about trade", "direct": True},
            {"speaker": "Vladimir Putin", "text": "second quote about ships", "direct": True},
            {"speaker": "Narendra Modi", "text": "third quote about oil", "direct": True},
            {"speaker": None, "text": "fourth quote about tanks", "direct": True},
            {"speaker": None, "text": "fifth quote about jets", "direct": True},
            {"speaker": "Vladimir Putin", "text": "sixth quote about rail", "direct": True},
        ])
    report = evaluate_store(g.store, [gold])
    article = report.articles[0]
    assert report.totals["quotes"].tp == 6
    assert article.speaker_right["quotes"] == 3
    assert report.quote_attribution == 0.5
    assert [(w.gold_speaker, w.predicted_speaker) for w in article.wrong_speaker] == [
        ("Narendra Modi", "Putin"), (None, "Modi"), ("Vladimir Putin", None)]
    assert round(report.end_to_end("quotes").f1, 4) == 0.5


def test_attribution_without_matched_statements_is_zero():
    report = evaluate_store(ox.Store(), [gold_for()])
    assert report.quote_attribution == 0.0
    assert report.indirect_attribution == 0.0


# ---------------------------------------------------------------- events

@pytest.mark.parametrize(("pred", "gold_event", "matched"), [
    (("summit", "2024-07-08", ()), {"type": "summit", "date": "2024-07-08"}, True),
    (("summit", "2024-07-09", ("India",)),
     {"type": "summit", "date": "2024-07-08", "participants": ["India"]}, False),
    (("meeting", "2024-07-08", ()), {"type": "summit", "date": "2024-07-08"}, False),
    (("visit", None, ("India",)), {"type": "visit", "date": "2024-07-08",
                                   "participants": ["India", "Russia"]}, True),
    (("visit", "2024-07-08", ("India",)), {"type": "visit", "date": None,
                                           "participants": ["India"]}, True),
    (("visit", None, ("China",)), {"type": "visit", "date": None,
                                   "participants": ["India"]}, False),
])
def test_events_match_on_type_and_date_or_shared_participant(pred, gold_event, matched):
    type_, date, participants = pred
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    nodes = tuple(g.country(a, name) for name in participants)
    g.event(a, type_, date, nodes)
    report = evaluate_store(g.store, [gold_for(events=[{"name": "an event", **gold_event}])])
    assert report.totals["events"].tp == int(matched)


def test_event_without_date_matches_on_its_name():
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    g.event(a, "forum", label="Eastern Economic Forum")
    gold = gold_for(events=[{"name": "9th Eastern Economic Forum", "type": "forum",
                             "date": None, "participants": []}])
    assert evaluate_store(g.store, [gold]).totals["events"].tp == 1


def test_events_typed_leaves_out_the_catch_all_type():
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    g.event(a, "summit", "2024-07-08")
    g.event(a, "other", "2022-02-24")
    g.event(a, "other", "2001-01-01")
    gold = gold_for(events=[
        {"name": "summit", "type": "summit", "date": "2024-07-08"},
        {"name": "war", "type": "other", "date": "2022-02-24"},
        {"name": "talks", "type": "talks", "date": "2024-07-09"},
    ])
    report = evaluate_store(g.store, [gold])
    assert figures(report.totals["events"]) == (2, 3, 3, 0.6667, 0.6667, 0.6667)
    assert figures(report.totals["events_typed"]) == (1, 1, 2, 1.0, 0.5, 0.6667)


# ---------------------------------------------------------------- articles

@pytest.mark.parametrize(("source", "found"), [
    ("/data/news/a.txt", True),
    ("a.txt", True),
    ("file:///data/news/a.txt", True),
    ("/data/news/xa.txt", False),
    ("/data/news/a.txt.bak", False),
])
def test_article_is_found_by_source_ending_in_its_file_name(source, found):
    g = GraphBuilder()
    g.article(source)
    assert evaluate_store(g.store, [gold_for("a.txt")]).articles_found == (int(found), 1)


def test_missing_article_scores_zero_where_gold_expects_something():
    g = GraphBuilder()
    g.country(g.article("/data/other.txt"), "India")
    gold = gold_for("a.txt", countries=[{"name": "India", "wikidata": "Q668"}])
    report = evaluate_store(g.store, [gold])
    article = report.articles[0]
    assert not article.found
    assert figures(article.kinds["countries"]) == (0, 0, 1, 0.0, 0.0, 0.0)
    assert figures(article.kinds["persons"]) == (0, 0, 0, 1.0, 1.0, 1.0)
    assert article.kinds["countries"].missed == ["India"]
    assert report.articles_found == (0, 1)


# ---------------------------------------------------------------- gold files

def test_load_gold_reads_the_seed_gold_sorted():
    golds = load_gold(SEED_GOLD)
    assert len(golds) == 5
    assert [g["file"] for g in golds] == sorted(g["file"] for g in golds)


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ("[]", "must hold a JSON object"),
    ('{"persons": []}', "missing required key 'file'"),
    ('{"file": "x.txt", "persons": {}}', "'persons' must be a list"),
    ('{"file": "x.txt", "persons": [{"wikidata": "Q1"}]}', "persons[0] lacks the string 'name'"),
    ('{"file": "x.txt", "statements": [{"speaker": null}]}', "lacks the string 'text'"),
    ('{"file": "x.txt", "events": [{"name": "e"}]}', "events[0] lacks the string 'type'"),
])
def test_load_gold_names_the_malformed_file(tmp_path, content, message):
    (tmp_path / "ok.json").write_text(json.dumps(gold_for("ok.txt")))
    (tmp_path / "bad.json").write_text(content)
    with pytest.raises(GoldError) as err:
        load_gold(tmp_path)
    assert "bad.json" in str(err.value)
    assert message in str(err.value)


def test_load_gold_rejects_a_missing_or_empty_folder(tmp_path):
    with pytest.raises(GoldError, match="not found"):
        load_gold(tmp_path / "nowhere")
    with pytest.raises(GoldError, match="no gold files"):
        load_gold(tmp_path)


def test_load_gold_rejects_two_files_for_one_article(tmp_path):
    for name in ("one.json", "two.json"):
        (tmp_path / name).write_text(json.dumps(gold_for("same.txt")))
    with pytest.raises(GoldError, match="already annotated"):
        load_gold(tmp_path)


# ---------------------------------------------------------------- report

def test_format_report_lists_every_kind_and_details_on_request():
    g = GraphBuilder()
    a = g.article("/data/a.txt")
    g.person(a, "Somebody Else")
    report = evaluate_store(g.store, [gold_for(persons=[person("Vladimir Putin")])])
    text = format_report(report)
    for kind in KINDS:
        assert any(line.startswith(kind + " ") for line in text.splitlines())
    assert "articles found 1/1" in text
    assert "Vladimir Putin" not in text
    detailed = format_report(report, details=True)
    assert "persons missed: Vladimir Putin" in detailed
    assert "persons extra: Somebody Else" in detailed


def test_report_to_dict_is_json_serialisable():
    report = evaluate_store(ox.Store(), load_gold(SEED_GOLD))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["summary"]["articles_found"] == [0, 5]
    assert set(KINDS) <= set(data["summary"])


# ---------------------------------------------------------------- agreement with the reference

def rich_graph() -> tuple[ox.Store, list[dict]]:
    """Three articles covering every kind, right and wrong speakers, links right and wrong."""
    g = GraphBuilder()
    golds = []

    a = g.article("/corpus/alpha.txt")
    ivanov = g.person(a, "Ivanov", "Q100")
    sharma = g.person(a, "Priya Sharma")
    g.person(a, "P. Sharma")                                       # duplicate node
    g.person(a, "Minister Olsen", "Q999")                          # wrong link: no match
    ruritania = g.country(a, "Ruritania", "Q200")
    freedonia = g.country(a, "Freedonia", "Q201")
    g.country(a, "Atlantis")                                       # extra
    g.weapon(a, "K-9")
    g.weapon(a, "Vajra howitzer", "Q300")
    g.statement(a, "our navies will sail side by side next spring", speaker=ivanov)
    g.statement(a, "the agreement opens a new chapter for both sides", speaker=ivanov)
    g.statement(a, "we are not afraid of any pressure", speaker=None)
    g.statement(a, "nothing in this text resembles gold at all")
    g.statement(a, "Ruritania would buy more howitzers", direct=False, speaker=sharma)
    g.statement(a, "the talks had been productive", direct=False, speaker=ivanov)
    g.event(a, "summit", "2025-03-14", (ivanov, ruritania))
    g.event(a, "signing", None, (freedonia,))
    g.event(a, "other", None, (ruritania,), label="border war")
    g.event(a, "exercise", "2025-05-01")
    golds.append(gold_for(
        "alpha.txt",
        persons=[person("Boris Ivanov", "Q100", ("Ivanov",)),
                 person("Priya Sharma", None, ("Sharma",)),
                 person("Lena Olsen", "Q400", ("Olsen",))],
        countries=[{"name": "Ruritania", "wikidata": "Q200", "aliases": ["Ruritanian"]},
                   {"name": "Freedonia", "wikidata": "Q202", "aliases": []},
                   {"name": "Sylvania", "wikidata": "Q203", "aliases": []}],
        weapon_systems=[{"name": "K-9 Vajra", "wikidata": "Q300", "aliases": ["K-9"]},
                        {"name": "Vajra howitzer", "wikidata": None, "aliases": []}],
        statements=[
            {"speaker": "Boris Ivanov", "text": "Our navies will sail side by side next spring,",
             "direct": True},
            {"speaker": "Priya Sharma", "text": "The agreement opens a new chapter",
             "direct": True},
            {"speaker": None, "text": "We are not afraid of pressure", "direct": True},
            {"speaker": "Lena Olsen", "text": "a quotation nobody found", "direct": True},
            {"speaker": "Priya Sharma", "text": "Ruritania would buy more howitzers",
             "direct": False},
            {"speaker": "Lena Olsen", "text": "the talks had been productive", "direct": False},
            {"speaker": "Boris Ivanov", "text": "sanctions would not work", "direct": False},
        ],
        events=[
            {"name": "Ruritania summit", "type": "summit", "date": "2025-03-14",
             "participants": ["Boris Ivanov", "Ruritania"]},
            {"name": "arms deal signing", "type": "signing", "date": "2025-03-15",
             "participants": ["Freedonia"]},
            {"name": "the border war", "type": "other", "date": None,
             "participants": ["Sylvania"]},
            {"name": "joint drill", "type": "exercise", "date": "2025-06-01",
             "participants": []},
        ]))

    b = g.article("beta.txt")
    sharma_b = g.person(b, "Priya Sharma")
    g.country(b, "Freedonia", "Q202")
    g.country(b, "Freedonia Republic")                             # duplicate
    g.statement(b, "we will keep our word", speaker=sharma_b)
    g.statement(b, "prices will fall by the winter", direct=False, speaker=None)
    g.event(b, "visit", None, (sharma_b,), label="Sharma visit")
    g.event(b, "news_conference", "2025-02-02")
    golds.append(gold_for(
        "beta.txt",
        persons=[person("Priya Sharma", None, ("Sharma",))],
        countries=[{"name": "Freedonia", "wikidata": "Q202", "aliases": []}],
        statements=[
            {"speaker": "Priya Sharma", "text": "we will keep our word", "direct": True},
            {"speaker": "Priya Sharma", "text": "prices will fall by winter", "direct": False},
        ],
        events=[
            {"name": "Sharma's visit", "type": "visit", "date": "2025-02-01",
             "participants": ["Priya Sharma"]},
            {"name": "press conference", "type": "news_conference", "date": "2025-02-02",
             "participants": []},
        ]))

    c = g.article("/corpus/gamma.txt")
    g.person(c, "Someone Unrelated")
    golds.append(gold_for("gamma.txt"))
    golds.append(gold_for(                                         # not in the graph at all
        "delta.txt",
        countries=[{"name": "Ruritania", "wikidata": "Q200", "aliases": []}],
        statements=[{"speaker": None, "text": "a lost quote", "direct": True}]))
    return g.store, golds


def test_rich_graph_scores_are_as_worked_out_by_hand():
    store, golds = rich_graph()
    report = evaluate_store(store, golds)
    assert figures(report.totals["persons"])[:3] == (3, 6, 4)
    assert figures(report.totals["countries"])[:3] == (2, 5, 5)
    assert figures(report.totals["weapon_systems"])[:3] == (2, 2, 2)
    assert figures(report.totals["quotes"])[:3] == (4, 5, 6)
    assert figures(report.totals["indirect"])[:3] == (3, 3, 4)
    assert report.quote_attribution == 0.75
    assert report.indirect_attribution == pytest.approx(1 / 3)
    assert figures(report.totals["events"])[:3] == (5, 6, 6)
    assert figures(report.totals["events_typed"])[:3] == (4, 5, 5)
    assert (report.link_recall, report.link_precision) == (0.375, 1.0)
    assert report.articles_found == (3, 4)


def run_reference(store: ox.Store, gold_dir: Path, tmp_path: Path) -> dict:
    graph = tmp_path / "graph.nq"
    store.dump(str(graph), format=ox.RdfFormat.N_QUADS)
    out = tmp_path / "reference.json"
    subprocess.run([sys.executable, str(REFERENCE), "--graph", str(graph), "--gold",
                    str(gold_dir), "--json", str(out)], check=True, capture_output=True)
    return json.loads(out.read_text())


def assert_agrees_with_reference(store: ox.Store, gold_dir: Path, tmp_path: Path) -> None:
    full = run_reference(store, gold_dir, tmp_path)
    reference = full["summary"]
    # both score the same file loaded the same way: a store's item order breaks matching ties
    graph = ox.Store()
    graph.bulk_load(path=str(tmp_path / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    ours = evaluate_store(graph, load_gold(gold_dir))
    for kind in KINDS:
        mine, theirs = ours.totals[kind], reference[kind]
        assert (mine.tp, mine.pred, mine.gold) == (theirs["tp"], theirs["pred"], theirs["gold"])
        for value, key in ((mine.precision, "p"), (mine.recall, "r"), (mine.f1, "f1")):
            assert value == pytest.approx(theirs[key], abs=0.005), (kind, key)
    for value, theirs in ((ours.quote_attribution, reference["quotes"]["attribution_accuracy"]),
                          (ours.indirect_attribution,
                           reference["indirect"]["attribution_accuracy"]),
                          (ours.link_recall, reference["links"]["recall"]),
                          (ours.link_precision, reference["links"]["precision"])):
        assert value == pytest.approx(theirs, abs=0.005)
    assert f"{ours.articles_found[0]}/{ours.articles_found[1]}" == reference["articles_found"]
    for mine_a, theirs_a in zip(ours.articles, full["articles"], strict=True):
        assert (mine_a.file, mine_a.found) == (theirs_a["file"], theirs_a["found"])
        for kind in KINDS:
            k, theirs_k = mine_a.kinds[kind], theirs_a[kind]
            assert (k.tp, k.pred, k.gold) == (theirs_k["tp"], theirs_k["pred"], theirs_k["gold"])
        for kind in ("quotes", "indirect"):
            assert mine_a.speaker_right[kind] == theirs_a[kind]["speaker_right"]
        links = theirs_a["links"]
        assert (mine_a.links.gold_with_qid, mine_a.links.linked_right, mine_a.links.judged,
                mine_a.links.judged_right) == (links["gold_with_qid"], links["linked_right"],
                                               links["pred_links_on_matched"],
                                               links["pred_links_right"])


@pytest.mark.skipif(not REFERENCE.is_file(),
                    reason=f"the reference scorer {REFERENCE} is not available")
def test_scores_agree_with_the_reference_scorer(tmp_path):
    store, golds = rich_graph()
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for gold in golds:
        (gold_dir / gold["file"].replace(".txt", ".json")).write_text(json.dumps(gold))
    assert_agrees_with_reference(store, gold_dir, tmp_path)


def perturbed_graph(golds: list[dict], seed: int) -> ox.Store:
    """A graph made from gold with noise: dropped, duplicated, renamed, mislinked, misattributed."""
    rng = random.Random(seed)
    g = GraphBuilder()
    classes = {"persons": vocab.PERSON, "countries": vocab.COUNTRY,
               "weapon_systems": vocab.WEAPON_SYSTEM}
    for gold in golds:
        if rng.random() < 0.1:
            continue                                               # article missing
        a = g.article(f"/corpus/{gold['file']}")
        nodes: dict[str, ox.NamedNode] = {}
        for kind, cls in classes.items():
            for item in gold[kind]:
                if rng.random() < 0.2:
                    continue
                label = rng.choice([item["name"], *item.get("aliases", [])])
                if rng.random() < 0.1:
                    label = label + " Junior"
                qid = item.get("wikidata") if rng.random() < 0.6 else rng.choice([None, "Q1"])
                nodes[item["name"]] = g.entity(a, cls, label, qid)
                if rng.random() < 0.15:
                    g.entity(a, cls, item["name"].split()[-1])     # a duplicate node
            if rng.random() < 0.3:
                g.entity(a, cls, f"Invented {kind} {rng.randint(1, 99)}")
        people = [n for name, n in nodes.items()
                  if any(p["name"] == name for p in gold["persons"])]
        for st in gold["statements"]:
            if rng.random() < 0.2:
                continue
            words = st["text"].split()
            if rng.random() < 0.3:
                words = words[: max(1, len(words) // rng.choice([1, 2, 3]))]
            speaker = nodes.get(st.get("speaker") or "")
            if rng.random() < 0.3:
                speaker = rng.choice([None, *people])
            g.statement(a, " ".join(words), st.get("direct", True), speaker)
        for ev in gold["events"]:
            if rng.random() < 0.2:
                continue
            type_ = ev["type"] if rng.random() < 0.8 else rng.choice(list(vocab.EVENT_TYPES))
            date = ev.get("date") if rng.random() < 0.7 else rng.choice([None, "2020-01-01"])
            parts = tuple(nodes[p] for p in ev.get("participants", []) if p in nodes)
            g.event(a, type_, date, parts, ev.get("name") if rng.random() < 0.5 else None)
    return g.store


@pytest.mark.skipif(not REFERENCE.is_file(),
                    reason=f"the reference scorer {REFERENCE} is not available")
@pytest.mark.parametrize("seed", range(8))
def test_scores_agree_with_the_reference_on_noisy_seed_graphs(tmp_path, seed):
    golds = load_gold(SEED_GOLD)
    store = perturbed_graph(golds, seed)
    assert_agrees_with_reference(store, SEED_GOLD, tmp_path)


# ---------------------------------------------------------------- through the pipeline

def test_evaluate_articles_scores_what_the_pipeline_ingested(tmp_path, monkeypatch):
    import kg.pipeline

    def fake_ingest(paths, store, settings=None):
        for path in paths:
            g = GraphBuilder()
            g.country(g.article(str(path)), "Ruritania", "Q200")
            store.add_quads(g.store)

    monkeypatch.setattr(kg.pipeline, "ingest", fake_ingest)
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for name in ("one", "two"):
        (gold_dir / f"{name}.json").write_text(json.dumps(gold_for(
            f"{name}.txt", countries=[{"name": "Ruritania", "wikidata": "Q200"}])))
    report = evaluate_articles([tmp_path / "one.txt"], gold_dir)
    assert report.articles_found == (1, 2)
    assert figures(report.totals["countries"]) == (1, 1, 2, 1.0, 0.5, 0.6667)


@pytest.mark.model
def test_evaluate_articles_runs_the_real_pipeline(tmp_path):
    pytest.importorskip("kg.extract", reason="the extraction pipeline is not complete")
    article = tmp_path / "articles" / "visit.txt"
    article.parent.mkdir()
    article.write_text("Title: Ministers meet in Paris\nDate: 2024-03-05\n\n"
                       "The defence ministers of India and France met in Paris on Tuesday "
                       "to discuss the joint production of helicopter engines.\n")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "visit.json").write_text(json.dumps(gold_for(
        "visit.txt", countries=[{"name": "India", "wikidata": "Q668"},
                                {"name": "France", "wikidata": "Q142"}])))
    report = evaluate_articles([article.parent], gold_dir)
    assert report.articles_found == (1, 1)
    assert report.totals["countries"].gold == 2

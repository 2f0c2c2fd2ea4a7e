"""Score a kg store against gold annotations (the scorer behind `kg eval`).

The matching rules are those of the team's reference scorer (``shared/eval/score.py``) so that
both report the same figures: entities match by Wikidata ID when both sides have one, else by
name or alias (all words of one name inside the other); statements match when their word
overlap (Dice) is at least 0.5; events match on type plus start date, or on type plus a shared
participant (or a matching name) when either date is missing. The store is read through the
contract terms of ``shared/ONTOLOGY-CONTRACT.md`` only, with the default graph as the union of
all graphs.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg import vocab
from kg.errors import GoldError

if TYPE_CHECKING:
    from kg.config import Settings

ENTITY_KINDS: dict[str, str] = {
    "persons": "Person", "countries": "Country", "weapon_systems": "WeaponSystem",
}
STATEMENT_KINDS: dict[str, bool] = {"quotes": True, "indirect": False}
KINDS: tuple[str, ...] = (*ENTITY_KINDS, *STATEMENT_KINDS, "events", "events_typed")
QUOTE_THRESHOLD = 0.5
OTHER_EVENT = "other"

_EVENT_TYPE_NAMES = {node.value: name for name, node in vocab.EVENT_TYPES.items()}
_CAMEL_BOUNDARY = re.compile(r"(?<!^)(?=[A-Z])")
_LEADING_ARTICLE = re.compile(r"^the\s+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


# ---------------------------------------------------------------- results

@dataclass
class KindScore:
    """Counts for one kind of item: matched, predicted and gold, with what was missed or extra."""

    tp: int = 0
    pred: int = 0
    gold: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        # predicting nothing where nothing is expected is perfect, where something is, worthless
        if self.pred:
            return self.tp / self.pred
        return 0.0 if self.gold else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"tp": self.tp, "pred": self.pred, "gold": self.gold,
                               "p": round(self.precision, 4), "r": round(self.recall, 4),
                               "f1": round(self.f1, 4)}
        if self.missed or self.extra:
            out |= {"missed": self.missed, "extra": self.extra}
        return out


@dataclass
class WrongSpeaker:
    """A matched statement whose speaker differs from the gold speaker."""

    kind: str
    text: str
    gold_speaker: str | None
    predicted_speaker: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "gold_speaker": self.gold_speaker,
                "predicted_speaker": self.predicted_speaker}


@dataclass
class LinkCounts:
    """Wikidata links on one article's matched entities."""

    gold_with_qid: int = 0      # gold entities that have a QID, matched or not
    linked_right: int = 0       # ... matched by a node linked to that QID
    judged: int = 0             # matched nodes with a QID where gold has one too
    judged_right: int = 0       # ... that is the gold QID

    def add(self, other: LinkCounts) -> None:
        self.gold_with_qid += other.gold_with_qid
        self.linked_right += other.linked_right
        self.judged += other.judged
        self.judged_right += other.judged_right

    def to_dict(self) -> dict[str, int]:
        return {"gold_with_qid": self.gold_with_qid, "linked_right": self.linked_right,
                "judged": self.judged, "judged_right": self.judged_right}


@dataclass
class ArticleScore:
    """How one article's part of the graph compares with its gold file."""

    file: str
    found: bool
    kinds: dict[str, KindScore]
    speaker_right: dict[str, int] = field(default_factory=dict)   # per statement kind
    wrong_speaker: list[WrongSpeaker] = field(default_factory=list)
    links: LinkCounts = field(default_factory=LinkCounts)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "found": self.found,
                "kinds": {k: s.to_dict() for k, s in self.kinds.items()},
                "speaker_right": self.speaker_right,
                "wrong_speaker": [w.to_dict() for w in self.wrong_speaker],
                "links": self.links.to_dict()}


@dataclass
class EvalReport:
    """Scores over all gold articles: per article, and micro-averaged totals."""

    articles: list[ArticleScore]
    totals: dict[str, KindScore]
    quote_attribution: float
    indirect_attribution: float
    link_recall: float
    link_precision: float
    articles_found: tuple[int, int]

    @classmethod
    def from_articles(cls, articles: list[ArticleScore]) -> EvalReport:
        """Sum the articles' counts into totals (micro-averaging, as the reference does)."""
        totals = {
            kind: KindScore(tp=sum(a.kinds[kind].tp for a in articles),
                            pred=sum(a.kinds[kind].pred for a in articles),
                            gold=sum(a.kinds[kind].gold for a in articles))
            for kind in KINDS
        }
        links = LinkCounts()
        for article in articles:
            links.add(article.links)

        def attribution(kind: str) -> float:
            matched = totals[kind].tp
            right = sum(a.speaker_right.get(kind, 0) for a in articles)
            return right / matched if matched else 0.0

        return cls(
            articles=articles,
            totals=totals,
            quote_attribution=attribution("quotes"),
            indirect_attribution=attribution("indirect"),
            link_recall=links.linked_right / links.gold_with_qid if links.gold_with_qid else 1.0,
            link_precision=links.judged_right / links.judged if links.judged else 0.0,
            articles_found=(sum(a.found for a in articles), len(articles)),
        )

    def end_to_end(self, kind: str) -> KindScore:
        """Statements both found and attributed to the right speaker, as one score."""
        right = sum(a.speaker_right.get(kind, 0) for a in self.articles)
        total = self.totals[kind]
        return KindScore(tp=right, pred=total.pred, gold=total.gold)

    def to_dict(self) -> dict[str, Any]:
        summary: dict[str, Any] = {k: self.totals[k].to_dict() for k in KINDS}
        for kind, accuracy in (("quotes", self.quote_attribution),
                               ("indirect", self.indirect_attribution)):
            summary[kind]["attribution_accuracy"] = round(accuracy, 4)
            summary[kind]["end_to_end"] = self.end_to_end(kind).to_dict()
        summary["links"] = {"recall": round(self.link_recall, 4),
                            "precision": round(self.link_precision, 4)}
        summary["articles_found"] = list(self.articles_found)
        return {"summary": summary, "articles": [a.to_dict() for a in self.articles]}


# ---------------------------------------------------------------- gold files

_ITEM_REQUIRED: dict[str, tuple[str, ...]] = {
    "persons": ("name",), "countries": ("name",), "weapon_systems": ("name",),
    "statements": ("text",), "events": ("type",),
}


def load_gold(gold_dir: Path) -> list[dict]:
    """Read and check every ``*.json`` gold file in a folder (or one gold file), sorted by name."""
    gold_dir = Path(gold_dir)
    if gold_dir.is_file():
        paths = [gold_dir]
    elif gold_dir.is_dir():
        paths = sorted(gold_dir.glob("*.json"))
        if not paths:
            raise GoldError(f"no gold files (*.json) in {gold_dir}")
    else:
        raise GoldError(f"gold folder not found: {gold_dir}")
    golds = [_read_gold_file(p) for p in paths]
    seen: dict[str, Path] = {}
    for path, gold in zip(paths, golds, strict=True):
        if gold["file"] in seen:
            raise GoldError(f"{path}: file {gold['file']!r} is already annotated in "
                            f"{seen[gold['file']]}")
        seen[gold["file"]] = path
    return golds


def _read_gold_file(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read gold file: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(gold, dict):
        raise GoldError(f"{path}: a gold file must hold a JSON object")
    if not isinstance(gold.get("file"), str) or not gold["file"].strip():
        raise GoldError(f"{path}: missing required key 'file' (the article's file name)")
    for key, required in _ITEM_REQUIRED.items():
        items = gold.setdefault(key, [])
        if not isinstance(items, list):
            raise GoldError(f"{path}: '{key}' must be a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise GoldError(f"{path}: {key}[{i}] must be an object")
            for name in required:
                if not isinstance(item.get(name), str):
                    raise GoldError(f"{path}: {key}[{i}] lacks the string '{name}'")
    return gold


# ---------------------------------------------------------------- text matching

def normalize(text: str | None) -> str:
    """Fold to lower-case ASCII words: no accents, no punctuation, no leading 'the'."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    folded = _LEADING_ARTICLE.sub("", folded.lower().strip())
    return _NON_ALNUM.sub(" ", folded).strip()


def name_matches(label: str | None, name: str | None, aliases: Iterable[str] = ()) -> bool:
    """True if a label equals the name or an alias, or one's words all lie inside the other's.

    >>> name_matches("S-400", "S-400 Triumf")
    True
    >>> name_matches("Rajnath Singh", "Manmohan Singh")
    False
    """
    words = set(normalize(label).split())
    if not words:
        return False
    for form in (name, *aliases):
        form_words = set(normalize(form).split())
        if form_words and (words <= form_words or form_words <= words):
            return True
    return False


def dice(a: str, b: str) -> float:
    """Word-overlap (Dice) similarity of two texts, counting repeated words."""
    wa, wb = Counter(normalize(a).split()), Counter(normalize(b).split())
    size = sum(wa.values()) + sum(wb.values())
    if not wa or not wb:
        return 0.0
    return 2 * sum((wa & wb).values()) / size


def _entity_matches(label: str | None, qid: str | None, gold: dict) -> bool:
    if qid and gold.get("wikidata"):
        return qid == gold["wikidata"]
    return name_matches(label, gold.get("name"), gold.get("aliases") or ())


def _pair_greedily(n_gold: int, n_pred: int,
                   score: Callable[[int, int], float]) -> list[tuple[int, int]]:
    """Pair gold and predicted items one-to-one, strongest pairs first.

    Ties go to the later gold item, then the later prediction: the reference's order, so that
    both scorers pick the same pairs.
    """
    candidates = [(s, g, p) for g in range(n_gold) for p in range(n_pred)
                  if (s := score(g, p)) > 0]
    candidates.sort(reverse=True)
    gold_used: set[int] = set()
    pred_used: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in gold_used and p not in pred_used:
            gold_used.add(g)
            pred_used.add(p)
            pairs.append((g, p))
    return sorted(pairs)


def _kind_score(pairs: list[tuple[int, int]], golds: Sequence[str],
                preds: Sequence[str]) -> KindScore:
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    return KindScore(tp=len(pairs), pred=len(preds), gold=len(golds),
                     missed=[x for i, x in enumerate(golds) if i not in matched_g],
                     extra=[x for i, x in enumerate(preds) if i not in matched_p])


# ---------------------------------------------------------------- reading the store

@dataclass
class _Entity:
    iri: str
    label: str | None
    qid: str | None


@dataclass
class _Statement:
    iri: str
    text: str
    direct: bool
    speaker: str | None
    speaker_label: str | None
    speaker_qid: str | None


@dataclass
class _Event:
    iri: str
    label: str
    type: str
    date: str | None
    participants: set[str]


_ARTICLES = """
SELECT DISTINCT ?article ?source WHERE { ?article a kg:Article ; dcterms:source ?source }
"""

# Each query groups by the item alone, with the article written into the text: Oxigraph
# returns groups in an order that depends on the grouping key, and greedy matching breaks
# ties by that order, so this keeps kg's figures identical to the reference scorer's.
_ENTITIES = Template("""
SELECT ?e (SAMPLE(?name) AS ?label) (SAMPLE(?same) AS ?wd) WHERE {
  $article kg:mentions ?e . ?e a $cls .
  OPTIONAL { ?e rdfs:label ?name }
  OPTIONAL { ?e owl:sameAs ?same FILTER(STRSTARTS(STR(?same), STR(wd:))) }
} GROUP BY ?e
""")

_STATEMENTS = Template("""
SELECT ?s (SAMPLE(?t) AS ?text) (SAMPLE(?d) AS ?direct) (SAMPLE(?who) AS ?speaker)
       (SAMPLE(?who_label) AS ?speaker_label) (SAMPLE(?who_wd) AS ?speaker_wd) WHERE {
  ?s a kg:Statement ; prov:wasDerivedFrom $article .
  OPTIONAL { ?s kg:text ?t }
  OPTIONAL { ?s kg:direct ?d }
  OPTIONAL {
    ?s kg:speaker ?who .
    OPTIONAL { ?who rdfs:label ?who_label }
    OPTIONAL { ?who owl:sameAs ?who_wd FILTER(STRSTARTS(STR(?who_wd), STR(wd:))) }
  }
} GROUP BY ?s
""")

_SEPARATOR = "\u001f"   # cannot occur in a label that came through a text parser
_EVENTS = Template("""
SELECT ?e (SAMPLE(?name) AS ?label) (SAMPLE(?t) AS ?type) (SAMPLE(?d) AS ?date)
       (GROUP_CONCAT(DISTINCT ?who; separator="\\u001f") AS ?participants) WHERE {
  ?e a kg:Event ; prov:wasDerivedFrom $article .
  OPTIONAL { ?e rdfs:label ?name }
  OPTIONAL { ?e kg:eventType ?t }
  OPTIONAL { ?e kg:startDate ?d }
  OPTIONAL { ?e kg:participant ?p . ?p rdfs:label ?who }
} GROUP BY ?e
""")


def _select(store: ox.Store, query: Template, article: ox.NamedNode,
            **terms: ox.NamedNode) -> list[dict[str, str | None]]:
    # str() of a NamedNode is its validated <IRI> form, safe to splice into SPARQL
    text = query.substitute(article=str(article), **{k: str(v) for k, v in terms.items()})
    solutions = store.query(text, prefixes=vocab.PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: (None if row[n] is None else row[n].value) for n in names} for row in solutions]


def _qid(iri: str | None) -> str | None:
    return iri[len(vocab.WD):] if iri and iri.startswith(vocab.WD) else None


def _event_type_name(iri: str | None) -> str:
    """'…#CommissionSession' -> 'commission_session'; kg:OtherEvent -> 'other'."""
    if not iri:
        return ""
    if iri in _EVENT_TYPE_NAMES:
        return _EVENT_TYPE_NAMES[iri]
    name = _CAMEL_BOUNDARY.sub("_", iri.rsplit("#", 1)[-1]).lower()
    return OTHER_EVENT if name == "other_event" else name


def _find_articles(store: ox.Store) -> list[tuple[ox.NamedNode, str]]:
    solutions = store.query(_ARTICLES, prefixes=vocab.PREFIXES,
                            use_default_graph_as_union=True)
    # the contract mints articles as IRIs; a blank-node article could not be referred to
    return [(s["article"], s["source"].value) for s in solutions
            if isinstance(s["article"], ox.NamedNode)]


def _article_for(articles: list[tuple[ox.NamedNode, str]], file: str) -> ox.NamedNode | None:
    for node, source in articles:
        if source == file or source.endswith("/" + file):
            return node
    return None


def _entities(store: ox.Store, article: ox.NamedNode, cls: str) -> list[_Entity]:
    rows = _select(store, _ENTITIES, article, cls=ox.NamedNode(vocab.KG + cls))
    return [_Entity(r["e"] or "", r["label"], _qid(r["wd"])) for r in rows]


def _statements(store: ox.Store, article: ox.NamedNode) -> list[_Statement]:
    return [
        _Statement(iri=r["s"] or "", text=r["text"] or "",
                   direct=(r["direct"] or "").lower() in ("true", "1"),
                   speaker=r["speaker"], speaker_label=r["speaker_label"],
                   speaker_qid=_qid(r["speaker_wd"]))
        for r in _select(store, _STATEMENTS, article)
    ]


def _events(store: ox.Store, article: ox.NamedNode) -> list[_Event]:
    return [
        _Event(iri=r["e"] or "", label=r["label"] or "", type=_event_type_name(r["type"]),
               date=(r["date"] or "")[:10] or None,
               participants={normalize(x) for x in (r["participants"] or "").split(_SEPARATOR)
                             if x})
        for r in _select(store, _EVENTS, article)
    ]


# ---------------------------------------------------------------- scoring

def evaluate_store(store: ox.Store, gold: list[dict]) -> EvalReport:
    """Score the graph in a store against gold annotations, one gold dict per article."""
    articles = _find_articles(store)
    return EvalReport.from_articles([_score_article(store, articles, g) for g in gold])


def evaluate_articles(paths: Iterable[str | Path], gold_dir: Path,
                      settings: Settings | None = None) -> EvalReport:
    """Ingest articles into a temporary store with the pipeline and score the graph.

    The figures equal ``score.py --articles`` on the same articles (see ``build_graph``).
    """
    gold = load_gold(gold_dir)
    return evaluate_store(build_graph(paths, settings), gold)


def build_graph(paths: Iterable[str | Path], settings: Settings | None = None) -> ox.Store:
    """The graph the pipeline makes of some articles, in an in-memory store, ready to score.

    The graph goes the way the reference scorer takes it (an on-disk store, exported as
    N-Quads, loaded into a fresh store) because the order in which a store returns items
    decides ties in the greedy matching.
    """
    # the pipeline pulls in spaCy; scoring a store alone should not
    from kg.pipeline import ingest
    from kg.store import KgStore

    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        store = KgStore.open(Path(tmp) / "store")
        ingest(list(paths), store, settings)
        nquads = store.export("nquads")
        del store   # release the store's files before the folder goes
    graph = ox.Store()
    graph.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS)
    return graph


def _score_article(store: ox.Store, articles: list[tuple[ox.NamedNode, str]],
                   gold: dict) -> ArticleScore:
    node = _article_for(articles, gold["file"])
    if node is None:
        entities: dict[str, list[_Entity]] = {k: [] for k in ENTITY_KINDS}
        statements: list[_Statement] = []
        events: list[_Event] = []
    else:
        entities = {k: _entities(store, node, cls) for k, cls in ENTITY_KINDS.items()}
        statements = _statements(store, node)
        events = _events(store, node)

    result = ArticleScore(file=gold["file"], found=node is not None, kinds={})
    for kind in ENTITY_KINDS:
        _score_entities(result, kind, gold.get(kind) or [], entities[kind])
    for kind, direct in STATEMENT_KINDS.items():
        golds = [s for s in gold.get("statements") or [] if bool(s.get("direct", True)) == direct]
        preds = [s for s in statements if s.direct == direct]
        _score_statements(result, kind, golds, preds, gold.get("persons") or [])
    _score_events(result, gold.get("events") or [], events)
    return result


def _score_entities(result: ArticleScore, kind: str, golds: list[dict],
                    preds: list[_Entity]) -> None:
    pairs = _pair_greedily(
        len(golds), len(preds),
        lambda g, p: 1.0 if _entity_matches(preds[p].label, preds[p].qid, golds[g]) else 0.0)
    result.kinds[kind] = _kind_score(
        pairs, [g["name"] for g in golds],
        [(p.label or p.iri) + (f" ({p.qid})" if p.qid else "") for p in preds])
    links = LinkCounts(gold_with_qid=sum(1 for g in golds if g.get("wikidata")))
    for g, p in pairs:
        gold_qid, pred_qid = golds[g].get("wikidata"), preds[p].qid
        if gold_qid:
            links.linked_right += pred_qid == gold_qid
            # a link is judged only where the gold knows the item
            if pred_qid:
                links.judged += 1
                links.judged_right += pred_qid == gold_qid
    result.links.add(links)


def _score_statements(result: ArticleScore, kind: str, golds: list[dict],
                      preds: list[_Statement], persons: list[dict]) -> None:
    def similarity(g: int, p: int) -> float:
        s = dice(golds[g]["text"], preds[p].text)
        return s if s >= QUOTE_THRESHOLD else 0.0

    pairs = _pair_greedily(len(golds), len(preds), similarity)
    result.kinds[kind] = _kind_score(pairs, [g["text"][:80] for g in golds],
                                     [p.text[:80] for p in preds])
    right = 0
    for g, p in pairs:
        gold_speaker = golds[g].get("speaker")
        if _speaker_right(gold_speaker, preds[p], persons):
            right += 1
        else:
            result.wrong_speaker.append(WrongSpeaker(
                kind, golds[g]["text"][:60], gold_speaker,
                preds[p].speaker_label or preds[p].speaker))
    result.speaker_right[kind] = right


def _speaker_right(gold_speaker: str | None, pred: _Statement, persons: list[dict]) -> bool:
    if gold_speaker is None:
        return pred.speaker is None
    if pred.speaker is None:
        return False
    person = next((x for x in persons if x.get("name") == gold_speaker), {"name": gold_speaker})
    return _entity_matches(pred.speaker_label, pred.speaker_qid, person)


def _event_similarity(gold: dict, pred: _Event) -> float:
    if pred.type != gold.get("type"):
        return 0.0
    if gold.get("date") and pred.date:
        return 1.0 if gold["date"] == pred.date else 0.0
    gold_parts = {normalize(x) for x in gold.get("participants") or []}
    if gold_parts & pred.participants or name_matches(pred.label, gold.get("name") or ""):
        return 0.5
    return 0.0


def _score_events(result: ArticleScore, golds: list[dict], preds: list[_Event]) -> None:
    pairs = _pair_greedily(len(golds), len(preds),
                           lambda g, p: _event_similarity(golds[g], preds[p]))
    result.kinds["events"] = _kind_score(
        pairs, [g.get("name") or g["type"] for g in golds],
        [p.label or p.type or p.iri for p in preds])
    # the catch-all type aside: the diplomatic and military events the ontology names
    typed_g = [g for g in golds if g.get("type") != OTHER_EVENT]
    typed_p = [p for p in preds if p.type != OTHER_EVENT]
    typed_pairs = _pair_greedily(len(typed_g), len(typed_p),
                                 lambda g, p: _event_similarity(typed_g[g], typed_p[p]))
    result.kinds["events_typed"] = _kind_score(
        typed_pairs, [g.get("name") or g["type"] for g in typed_g],
        [p.label or p.type or p.iri for p in typed_p])


# ---------------------------------------------------------------- report

def format_report(report: EvalReport, details: bool = False) -> str:
    """Render a report as a plain-text table; with details, what each article missed."""
    lines = [f"{'kind':16}{'P':>7}{'R':>7}{'F1':>7}"]
    attribution = {"quotes": report.quote_attribution, "indirect": report.indirect_attribution}
    for kind in KINDS:
        s = report.totals[kind]
        line = f"{kind:16}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}"
        if kind in attribution:
            line += (f"   attribution {attribution[kind]:.3f}"
                     f"  end-to-end F1 {report.end_to_end(kind).f1:.3f}")
        lines.append(line)
    found, total = report.articles_found
    lines.append(f"wikidata links  recall {report.link_recall:.3f}  "
                 f"precision {report.link_precision:.3f}   articles found {found}/{total}")
    if details:
        for article in report.articles:
            lines.extend(_article_details(article))
    return "\n".join(lines)


def _article_details(article: ArticleScore) -> list[str]:
    lines = [f"== {article.file}" + ("" if article.found else "  (article not found in graph)")]
    for kind, score in article.kinds.items():
        if kind == "events_typed":
            continue
        if score.missed:
            lines.append(f"  {kind} missed: " + "; ".join(score.missed))
        if score.extra:
            lines.append(f"  {kind} extra: " + "; ".join(score.extra))
    for w in article.wrong_speaker:
        lines.append(f"  {w.kind} wrong speaker: {w.text!r} gold={w.gold_speaker} "
                     f"predicted={w.predicted_speaker}")
    return lines

"""``ingest(paths, store)``: read articles, skip unchanged ones, extract, write one graph each."""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pyoxigraph import Literal as RdfLiteral
from pyoxigraph import NamedNode, Quad

import kg
from kg import vocab as V
from kg.articles import iter_article_files, read_articles
from kg.config import Settings
from kg.errors import ArticleError, KgError
from kg.iris import IriMinter
from kg.mapping import to_quads
from kg.models import Article
from kg.store import KgStore, source_file

Status = Literal["new", "replaced", "skipped", "failed"]


@dataclass
class ArticleOutcome:
    source: str
    status: Status
    triples: int = 0
    error: str | None = None
    title: str = ""


@dataclass
class IngestReport:
    outcomes: list[ArticleOutcome] = field(default_factory=list)
    run: str | None = None
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def read(self) -> int:
        return sum(1 for o in self.outcomes if o.status != "failed")

    @property
    def triples(self) -> int:
        return sum(o.triples for o in self.outcomes)

    @property
    def failures(self) -> list[ArticleOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> dict[str, int | float]:
        return {
            "read": self.read, "new": self.count("new"), "replaced": self.count("replaced"),
            "skipped": self.count("skipped"), "failed": self.count("failed"),
            "triples": self.triples, "seconds": round(self.seconds, 2),
        }


def kg_version() -> str:
    """kg's installed version, as ``kg.__version__`` reads it."""
    return kg.__version__


def _now() -> RdfLiteral:
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return RdfLiteral(stamp, datatype=V.XSD_DATETIME)


def _run_quads(minter: IriMinter, run: NamedNode, **facts: str) -> list[Quad]:
    g = minter.runs_graph()
    agent = minter.agent()
    quads = [
        Quad(run, V.RDF_TYPE, V.PROV_ACTIVITY, g),
        Quad(run, V.PROV_ASSOCIATED_WITH, agent, g),
        Quad(agent, V.RDF_TYPE, V.PROV_SOFTWARE_AGENT, g),
        Quad(agent, V.RDFS_LABEL, RdfLiteral("kg"), g),
    ]
    props = {"kg_version": V.KG_VERSION, "model_name": V.MODEL_NAME,
             "model_version": V.MODEL_VERSION, "gazetteer_version": V.GAZETTEER_VERSION}
    quads += [Quad(run, props[k], RdfLiteral(v), g) for k, v in facts.items() if v]
    return quads


def ingest(
    paths: Iterable[str | Path],
    store: KgStore,
    settings: Settings | None = None,
    *,
    force: bool = False,
    on_files: Callable[[int], None] | None = None,
    on_outcome: Callable[[ArticleOutcome], None] | None = None,
) -> IngestReport:
    """Ingest articles from files and folders into ``store``.

    Unchanged articles (same content hash as stored) are skipped before any NLP, so an
    unchanged corpus never loads the model. Each changed article's graph is replaced in one
    transaction. A bad article or a missing path is reported in the result as ``failed`` and
    never stops the others.

    A run that extracts at least one article is recorded as a ``prov:Activity`` in the runs
    graph (start and end time, kg version, spaCy model name and version, gazetteer version),
    and each graph it writes is ``prov:wasGeneratedBy`` it; ``report.run`` is its IRI. A run
    with nothing to extract records nothing.
    """
    settings = settings or Settings.from_env()
    minter = IriMinter(settings.base_iri)
    report = IngestReport()
    started = time.perf_counter()
    started_at = _now()

    def record(outcome: ArticleOutcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    files = list(iter_article_files(paths))
    if on_files:
        on_files(len(files))

    to_extract: list[tuple[Article, NamedNode, bool]] = []
    seen: set[str] = set()
    for item in _read_all(files, settings, record):
        if item.source in seen:
            continue
        seen.add(item.source)
        graph = minter.article(item.source)
        stored = store.content_hash(graph)
        if stored == item.content_hash and not force:
            record(ArticleOutcome(item.source, "skipped", title=item.title))
            continue
        to_extract.append((item, graph, stored is not None))

    if to_extract:
        _extract_and_write(to_extract, store, settings, minter, report, record, started_at)
    report.seconds = time.perf_counter() - started
    store.flush()
    return report


def _read_all(
    files: list[Path | ArticleError], settings: Settings, record: Callable[[ArticleOutcome], None]
) -> Iterator[Article]:
    for entry in files:
        if isinstance(entry, ArticleError):
            record(ArticleOutcome(entry.source or str(entry), "failed", error=str(entry)))
            continue
        for item in read_articles(entry, max_bytes=settings.max_article_bytes):
            if isinstance(item, ArticleError):
                source = item.source or str(entry.resolve())
                record(ArticleOutcome(source, "failed", error=str(item)))
            else:
                yield item


def _extract_and_write(
    pending: list[tuple[Article, NamedNode, bool]],
    store: KgStore,
    settings: Settings,
    minter: IriMinter,
    report: IngestReport,
    record: Callable[[ArticleOutcome], None],
    started_at: RdfLiteral,
) -> None:
    from kg.extract import Extractor, extract_doc
    from kg.gazetteer import default_gazetteer
    from kg.nlp import load_model, model_info

    nlp = load_model(settings.model)
    gazetteer = default_gazetteer()
    model_name, model_version = model_info(nlp)
    run = minter.run()
    report.run = run.value
    facts = {"kg_version": kg_version(), "model_name": model_name,
             "model_version": model_version, "gazetteer_version": gazetteer.version}
    g = minter.runs_graph()
    store.add_quads([*_run_quads(minter, run, **facts), Quad(run, V.PROV_STARTED, started_at, g)])

    known = {id(a): (graph, existed) for a, graph, existed in pending}
    extractor = Extractor(nlp, gazetteer, settings.batch_size)
    # One writer thread: Oxigraph commits an article's graph while the model parses the next.
    # Outcomes are recorded in input order; each graph is still one transaction.
    writing: deque[tuple[Article, bool, Future[int]]] = deque()

    def settle(block: bool) -> None:
        while writing and (block or writing[0][2].done()):
            article, existed, future = writing.popleft()
            try:
                written = future.result()
            except KgError as exc:
                record(ArticleOutcome(article.source, "failed", error=str(exc),
                                      title=article.title))
                continue
            status: Status = "replaced" if existed else "new"
            record(ArticleOutcome(article.source, status, written, title=article.title))

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-writer") as writer:
        for article, doc in extractor.extract_many(a for a, _, _ in pending):
            graph, existed = known[id(article)]
            try:
                quads = to_quads(extract_doc(doc, article, gazetteer), minter, run)
            except Exception as exc:  # one bad article must not abort the batch
                settle(block=True)
                message = f"{article.source}: extraction failed: {type(exc).__name__}: {exc}"
                record(ArticleOutcome(article.source, "failed", error=message,
                                      title=article.title))
                continue
            writing.append((article, existed, writer.submit(store.replace_graph, graph, quads)))
            settle(block=False)
        settle(block=True)
    store.add_quads([Quad(run, V.PROV_ENDED, _now(), g)])


def remove(source: str, store: KgStore) -> list[str]:
    """Drop the graphs of the articles read from ``source``; returns their sources, sorted.

    ``source`` is a path or URL as ingested, a path to the file (relative or not), a JSON Lines
    file (all its records), or the end of a stored path ("summit.txt"). An end that matches
    articles from more than one file is refused rather than guessed.
    """
    path = Path(source)
    graphs = store.find_articles(str(path.resolve())) if path.exists() else []
    graphs = graphs or store.find_articles(source)
    if not graphs:
        raise KgError(f"no article from {source!r} in the store")
    sources = store.article_sources()
    files = sorted({source_file(sources[g]) for g in graphs})
    if len(files) > 1:
        raise KgError(
            f"{source!r} matches articles from {len(files)} files; give more of the path: "
            + ", ".join(files)
        )
    for graph in graphs:
        store.remove_graph(graph)
    store.flush()
    return sorted(sources[g] for g in graphs)

"""A thin wrapper over a persistent ``pyoxigraph.Store``: one named graph per article."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg import vocab as V
from kg.errors import StoreError, StoreLockedError

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_GRAPH_FORMATS = {"trig", "nquads", "jsonld"}
_RECORD = re.compile(r"#L\d+$")


def source_file(source: str) -> str:
    """The file an article was read from: its source without a JSON Lines ``#L<n>`` suffix.

    >>> source_file("/data/feed.jsonl#L12"), source_file("/data/a.txt")
    ('/data/feed.jsonl', '/data/a.txt')
    """
    return _RECORD.sub("", source)


def open_store(
    path: Path | str | None, read_only: bool = False, create: bool = True
) -> ox.Store:
    """Open the on-disk store at ``path``; ``None`` gives a memory store.

    A missing store is created when ``create`` is true (as ingestion wants) and is an error
    otherwise, so a mistyped ``--store`` is not answered by a new, empty store.
    """
    if path is None:
        return ox.Store()
    path = Path(path)
    try:
        if (read_only or not create) and not (path.is_dir() and any(path.iterdir())):
            raise StoreError(f"no store at {path}: run `kg ingest` first")
        if read_only:
            return ox.Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreLockedError(
                f"the store {path} is in use by another process; wait for it to finish "
                "or use another --store"
            ) from exc
        raise StoreError(f"cannot open the store {path}: {text}") from exc


class KgStore:
    """kg's view of an Oxigraph store: articles as named graphs, runs in their own graph."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    @classmethod
    def open(
        cls, path: Path | str | None, read_only: bool = False, create: bool = True
    ) -> KgStore:
        """Open the store at ``path`` (see ``open_store``)."""
        return cls(open_store(path, read_only=read_only, create=create))

    # -- articles ----------------------------------------------------------------------------
    def content_hash(self, article: ox.NamedNode) -> str | None:
        """The stored content hash of an article graph, or None when it is not in the store."""
        for quad in self.store.quads_for_pattern(article, V.CONTENT_HASH, None, article):
            return quad.object.value
        return None

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> int:
        """Replace a named graph's content in ONE transaction; returns the triples written."""
        body = [f"{q.subject} {q.predicate} {q.object} ." for q in quads]
        update = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n"
        update += "\n".join(body) + "\n} }"
        try:
            self.store.update(update)
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc
        return len(body)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (to any graphs) in one transaction."""
        try:
            self.store.extend(list(quads))
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def article_sources(self) -> dict[ox.NamedNode, str]:
        """Every article graph with the source (path or URL) it was read from."""
        return {
            q.subject: q.object.value
            for q in self.store.quads_for_pattern(None, V.DC_SOURCE, None, None)
            if isinstance(q.subject, ox.NamedNode)
        }

    def find_articles(self, source: str) -> list[ox.NamedNode]:
        """Article graphs read from ``source``.

        ``source`` is the exact path or URL, a JSON Lines file (all its records), or else the
        end of a path ("news/a1.txt" finds "/data/news/a1.txt").
        """
        sources = self.article_sources()
        found = [g for g, s in sources.items() if source in (s, source_file(s))]
        if not found:
            tail = "/" + source.removeprefix("./")
            found = [g for g, s in sources.items() if source_file(s).endswith(tail)]
        return sorted(found, key=lambda n: n.value)

    def remove_graph(self, graph: ox.NamedNode) -> None:
        try:
            self.store.update(f"DROP SILENT GRAPH {graph}")
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    # -- reading -----------------------------------------------------------------------------
    def select(self, sparql: str, substitutions: dict | None = None) -> list[dict[str, str | None]]:
        """Rows of a SELECT over the union of all graphs, with kg's prefixes declared."""
        result = self.store.query(
            V.sparql_prefixes() + sparql,
            use_default_graph_as_union=True,
            substitutions=substitutions,
        )
        names = [v.value for v in result.variables]
        return [
            {n: (row[n].value if row[n] is not None else None) for n in names} for row in result
        ]

    def stats(self) -> dict[str, int]:
        counts = {"articles": 0, "persons": 0, "countries": 0, "weapon_systems": 0,
                  "events": 0, "statements": 0, "direct_quotations": 0, "linked_to_wikidata": 0}
        row = self.select("""
            SELECT
              (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?p) AS ?persons)
              (COUNT(DISTINCT ?c) AS ?countries) (COUNT(DISTINCT ?w) AS ?weapon_systems)
              (COUNT(DISTINCT ?e) AS ?events) (COUNT(DISTINCT ?s) AS ?statements)
              (COUNT(DISTINCT ?q) AS ?direct_quotations) (COUNT(DISTINCT ?l) AS ?linked_to_wikidata)
            WHERE {
              { ?a a kg:Article } UNION { ?p a kg:Person } UNION { ?c a kg:Country }
              UNION { ?w a kg:WeaponSystem } UNION { ?e a kg:Event } UNION { ?s a kg:Statement }
              UNION { ?q a kg:Statement ; kg:direct true }
              UNION { ?l owl:sameAs ?wd FILTER(STRSTARTS(STR(?wd), STR(wd:))) }
            }""")[0]
        counts.update({k: int(v or 0) for k, v in row.items()})
        counts["graphs"] = sum(1 for _ in self.store.named_graphs())
        counts["quads"] = len(self.store)
        return counts

    def export(self, fmt: str, output: Path | None = None) -> bytes | None:
        """Serialise the store; triple formats merge all graphs into one."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        prefixes = dict(V.PREFIXES)
        if fmt in _GRAPH_FORMATS:
            target = self.store
            kwargs: dict = {}
        else:
            target = ox.Store()
            target.extend(ox.Quad(q.subject, q.predicate, q.object) for q in self.store)
            kwargs = {"from_graph": ox.DefaultGraph()}
        if fmt in {"turtle", "trig"}:
            kwargs["prefixes"] = prefixes
        try:
            if output is None:
                return target.dump(format=EXPORT_FORMATS[fmt], **kwargs)
            target.dump(str(output), format=EXPORT_FORMATS[fmt], **kwargs)
        except OSError as exc:
            raise StoreError(f"cannot write {output}: {exc}") from exc
        return None

    def flush(self) -> None:
        self.store.flush()

"""The ``kg`` command line: each command parses arguments, calls one library function, prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.config import DEFAULT_STORE, Settings
from kg.errors import KgError

app = typer.Typer(
    help="kg: turn news articles into a knowledge graph you can query with SPARQL.\n\n"
    "Exit codes: 0 success; 1 an error, or some articles could not be ingested; 2 a usage "
    "error (bad option, unknown query or parameter, invalid SPARQL); 3 the store is locked "
    "by another process.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

StoreOpt = Annotated[
    Path,
    typer.Option("--store", "-s", envvar="KG_STORE", help="store directory", show_default=True),
]
QueryFormat = Literal["table", "csv", "tsv", "json"]
ExportFormat = Literal["turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml"]


def _say(message: str) -> None:
    """A status line on stderr, printed as is (paths may contain rich markup characters)."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)


def _fail(exc: KgError) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    return typer.Exit(exc.exit_code)


def _open(store: Path, create: bool = False):
    """The store at ``store``; only ingestion creates a missing one."""
    from kg.store import KgStore

    return KgStore.open(store, create=create)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="article files or folders")],
    store: StoreOpt = DEFAULT_STORE,
    force: Annotated[bool, typer.Option(help="re-extract unchanged articles too")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Read articles (.txt, .html, .jsonl, folders) and write one graph per article.

    Articles that cannot be read (missing, empty, binary, not UTF-8, too large) are listed
    and the others are still stored; the exit code is then 1.
    """
    from kg.pipeline import ingest as run_ingest

    settings = Settings.from_env()
    try:
        kg_store = _open(store, create=True)
        progress = Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.description}", markup=False), TimeElapsedColumn(),
            console=err, disable=quiet or not err.is_terminal, transient=True,
        )
        with progress:
            task = progress.add_task("", total=None)
            report = run_ingest(
                [str(p) for p in paths], kg_store, settings, force=force,
                on_files=lambda n: progress.update(task, total=n),
                on_outcome=lambda o: progress.update(
                    task, advance=1, description=Path(o.source).name[:40]),
            )
    except KgError as exc:
        raise _fail(exc) from exc
    for failure in report.failures:
        _say(f"failed: {failure.error}")
    s = report.summary()
    _say(
        f"{s['read']} read, {s['new']} new, {s['replaced']} replaced, {s['skipped']} skipped "
        f"(unchanged), {s['failed']} failed; {s['triples']} triples written in {s['seconds']} s"
    )
    if report.failures:
        raise typer.Exit(1)


@app.command()
def remove(
    source: Annotated[str, typer.Argument(help="the article's path or URL as ingested")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Drop an article's graph from the store (all records of a JSON Lines file)."""
    from kg.pipeline import remove as run_remove

    try:
        removed = run_remove(source, _open(store))
    except KgError as exc:
        raise _fail(exc) from exc
    for name in removed:
        _say(f"removed {name}")


@app.command("queries")
def list_saved_queries() -> None:
    """List the saved queries: name, one-line description, parameters."""
    from kg.queries import list_queries

    try:
        saved = list_queries()
    except KgError as exc:
        raise _fail(exc) from exc
    width = max((len(q.name) for q in saved), default=0)
    for q in saved:
        params = f"  (--param {' '.join(f'{p}=...' for p in q.params)})" if q.params else ""
        sys.stdout.write(f"{q.name:<{width}}  {q.description or q.title}{params}\n")


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="a saved query's name, or a .rq file")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, bound as an RDF term")
    ] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="output format")] = "table",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Run a saved SPARQL query (parameters are bound, never pasted into the text)."""
    from kg.queries import format_result, load_query, run_query

    try:
        params = _parse_params(param or [])
        saved = load_query(name)
        result = run_query(_open(store).store, saved, params)
    except KgError as exc:
        raise _fail(exc) from exc
    text = format_result(result, fmt)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if fmt == "table":
        _say(f"{len(result.rows)} row(s)")


def _parse_params(items: list[str]) -> dict[str, str]:
    from kg.errors import QueryError

    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"bad --param {item!r}: write NAME=VALUE")
        params[key.strip()] = value
    return params


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF syntax")] = "turtle",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file (default stdout)")]
    = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Export the whole store as RDF (turtle, ntriples and rdfxml merge the graphs)."""
    try:
        data = _open(store).export(fmt, output)
    except KgError as exc:
        raise _fail(exc) from exc
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        _say(f"wrote {output}")


@app.command()
def stats(
    store: StoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Count articles, entities, events and statements in the store."""
    try:
        counts = _open(store).stats()
    except KgError as exc:
        raise _fail(exc) from exc
    if as_json:
        sys.stdout.write(json.dumps(counts, indent=1) + "\n")
        return
    table = Table("what", "count")
    for key, value in counts.items():
        table.add_row(key.replace("_", " "), str(value))
    out.print(table)


@app.command()
def entities(
    kind: Annotated[
        Literal["person", "country", "weapon"] | None, typer.Option(help="only this kind")
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
    fmt: Annotated[Literal["table", "json"], typer.Option("--format", "-f")] = "table",
) -> None:
    """List entities with their aliases, Wikidata IDs and how many articles mention them."""
    from kg.linking import list_entities

    try:
        found = list_entities(_open(store), kind)
    except KgError as exc:
        raise _fail(exc) from exc
    if fmt == "json":
        sys.stdout.write(json.dumps([e.__dict__ for e in found], indent=1) + "\n")
        return
    table = Table("kind", "label", "wikidata", "articles", "aliases")
    for e in found:
        table.add_row(e.kind, e.label, e.wikidata or "", str(e.articles), "; ".join(e.aliases))
    out.print(table)


@app.command()
def link(
    unlinked: Annotated[bool, typer.Option(help="list entities without a Wikidata ID")] = False,
    catalog: Annotated[
        Path | None, typer.Option(help="a Wikidata subset: JSON Lines or N-Triples")
    ] = None,
    online: Annotated[bool, typer.Option(help="ask Wikidata's search API (cached)")] = False,
    dry_run: Annotated[bool, typer.Option(help="show the links without writing them")] = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Link entities to Wikidata IDs (no link rather than a wrong one)."""
    from kg.linking import apply_links, list_entities, read_catalog, reconcile, search_online

    try:
        kg_store = _open(store)
        missing = [e for e in list_entities(kg_store) if not e.wikidata]
        if unlinked or (catalog is None and not online):
            table = Table("kind", "label", "articles", "aliases")
            for e in missing:
                table.add_row(e.kind, e.label, str(e.articles), "; ".join(e.aliases))
            out.print(table)
            _say(f"{len(missing)} entities without a Wikidata ID")
            return
        if catalog is not None:
            links = reconcile(missing, read_catalog(catalog))
        else:
            links = search_online(missing, store / "wikidata-cache")
        for found in links:
            out.print(f"{found.entity.kind:8} {found.entity.label} -> wd:{found.qid}",
                      highlight=False, markup=False)
        if not dry_run:
            apply_links(kg_store, links, Settings.from_env().base_iri)
    except KgError as exc:
        raise _fail(exc) from exc
    _say(f"{len(links)} link(s) {'found' if dry_run else 'written'}; "
         f"{len(missing) - len(links)} entities left unlinked")


@app.command("eval")
def evaluate(
    articles: Annotated[list[Path], typer.Argument(help="article files or folders")],
    gold: Annotated[Path, typer.Option(help="folder of gold JSON files")],
    details: Annotated[bool, typer.Option(help="list misses and extras per article")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Score kg on articles against gold annotations (precision, recall, F1 per kind)."""
    from kg.evaluation import evaluate_articles, format_report

    try:
        report = evaluate_articles([str(a) for a in articles], gold, Settings.from_env())
    except KgError as exc:
        raise _fail(exc) from exc
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=1) + "\n")
    else:
        sys.stdout.write(format_report(report, details=details) + "\n")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

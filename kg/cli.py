"""The ``kg`` command line: each command parses arguments, calls one library function, prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.config import DEFAULT_STORE, Settings
from kg.errors import KgError

app = typer.Typer(
    help="kg: turn news articles into a knowledge graph you can query with SPARQL.",
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


def _fail(exc: KgError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(exc.exit_code)


def _open(store: Path):
    from kg.store import KgStore

    return KgStore.open(store)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="article files or folders")],
    store: StoreOpt = DEFAULT_STORE,
    force: Annotated[bool, typer.Option(help="re-extract unchanged articles too")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Read articles (.txt, .html, .jsonl, folders) and write one graph per article."""
    from kg.pipeline import ingest as run_ingest

    settings = Settings.from_env()
    try:
        kg_store = _open(store)
        progress = Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.description}"), TimeElapsedColumn(),
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
        err.print(f"[red]failed:[/red] {failure.error}", highlight=False, soft_wrap=True)
    s = report.summary()
    err.print(
        f"{s['read']} read, {s['new']} new, {s['replaced']} replaced, {s['skipped']} skipped "
        f"(unchanged), {s['failed']} failed; {s['triples']} triples written in {s['seconds']} s",
        highlight=False,
    )
    if report.failures:
        raise typer.Exit(1)


@app.command()
def remove(
    source: Annotated[str, typer.Argument(help="the article's path or URL as ingested")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Drop an article's graph from the store."""
    from kg.pipeline import remove as run_remove

    try:
        removed = run_remove(source, _open(store))
    except KgError as exc:
        raise _fail(exc) from exc
    err.print(f"removed {len(removed)} article graph(s)")


@app.command("queries")
def list_saved_queries() -> None:
    """List the saved queries with one-line descriptions."""
    from kg.queries import list_queries

    try:
        saved = list_queries()
    except KgError as exc:
        raise _fail(exc) from exc
    table = Table("name", "description", "parameters", show_lines=False)
    for q in saved:
        params = ", ".join(q.params) or "-"
        table.add_row(q.name, q.description or q.title, params)
    out.print(table)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="a saved query's name, or a .rq file")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, bound as an RDF term")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json")] = "table",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Run a saved SPARQL query (parameters are bound, never pasted into the text)."""
    from kg.queries import format_result, load_query, run_query

    try:
        params = _parse_params(param or [])
        if fmt not in {"table", "csv", "tsv", "json"}:
            raise KgError(f"unknown format {fmt!r}; choose table, csv, tsv or json")
        saved = load_query(name)
        result = run_query(_open(store).store, saved, params)
    except KgError as exc:
        raise _fail(exc) from exc
    if fmt == "table":
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*[row.get(c) or "" for c in result.columns])
        out.print(table)
        err.print(f"{len(result.rows)} row(s)")
    else:
        sys.stdout.write(format_result(result, fmt))


def _parse_params(items: list[str]) -> dict[str, str]:
    from kg.errors import QueryError

    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"bad --param {item!r}: write NAME=VALUE")
        params[key.strip()] = value
    return params


@app.command()
def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="turtle, trig, nquads, ntriples, jsonld, rdfxml")
    ] = "turtle",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file (default stdout)")]
    = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Export the whole store as RDF."""
    try:
        data = _open(store).export(fmt, output)
    except KgError as exc:
        raise _fail(exc) from exc
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        err.print(f"wrote {output}")


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
        out.print_json(json.dumps(counts))
        return
    table = Table("what", "count")
    for key, value in counts.items():
        table.add_row(key.replace("_", " "), str(value))
    out.print(table)


@app.command()
def entities(
    kind: Annotated[str | None, typer.Option(help="person, country or weapon")] = None,
    store: StoreOpt = DEFAULT_STORE,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
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
            err.print(f"{len(missing)} entities without a Wikidata ID")
            return
        if catalog is not None:
            links = reconcile(missing, read_catalog(catalog))
        else:
            links = search_online(missing, store / "wikidata-cache")
        for found in links:
            out.print(f"{found.entity.kind:8} {found.entity.label} -> wd:{found.qid}",
                      highlight=False)
        if not dry_run:
            apply_links(kg_store, links, Settings.from_env().base_iri)
    except KgError as exc:
        raise _fail(exc) from exc
    err.print(f"{len(links)} link(s) {'found' if dry_run else 'written'}; "
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

"""Saved SPARQL queries: ``queries/*.rq`` files loaded as data, bound, run and formatted.

A saved query starts with a comment header, then PREFIX lines and the query::

    # title: Statements by a speaker
    # description: Every statement a person made, ...
    # param: speaker  Name (label or alias) of the person, e.g. "Vladimir Putin"

A parameter is a SPARQL variable of the same name (``?speaker``). It is bound as an RDF term
through pyoxigraph's ``substitutions``, never pasted into the query text, so values need no
escaping. Oxigraph only substitutes variables of the SELECT projection, so a saved query
projects its parameters; ``run_query`` leaves those echo columns out of the result.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Store, Triple, Variable

from kg.errors import QueryError

Term = NamedNode | BlankNode | Literal | Triple

SUFFIX = ".rq"
FORMATS = ("table", "csv", "tsv", "json")
# A value that looks like an IRI is bound as one; anything else is a plain string literal.
IRI_PREFIXES = ("http://", "https://", "urn:")
_HEADER_FIELD = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(.*)$")


@dataclass(frozen=True)
class SavedQuery:
    """A query file: its name (the file stem), header fields, and SPARQL text."""

    name: str
    title: str
    description: str
    params: dict[str, str]
    sparql: str
    path: Path


@dataclass
class QueryResult:
    """Rows of a query result as plain strings (``None`` for unbound values)."""

    columns: list[str]
    rows: list[dict[str, str | None]] = field(default_factory=list)
    kind: str = "select"


def queries_dir() -> Path:
    """The folder of saved queries: ``$KG_QUERIES_DIR`` or the repository's ``queries/``."""
    override = os.environ.get("KG_QUERIES_DIR")
    if override:
        return Path(override)
    # kg is installed editable from the repository, whose queries/ sits next to the package.
    return Path(__file__).resolve().parent.parent / "queries"


def list_queries(directory: Path | None = None) -> list[SavedQuery]:
    """Every saved query in ``directory`` (default ``queries_dir()``), sorted by name."""
    folder = directory or queries_dir()
    if not folder.is_dir():
        raise QueryError(f"query folder {folder} does not exist")
    return [_load_file(path) for path in sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stem)]


def load_query(name_or_path: str, directory: Path | None = None) -> SavedQuery:
    """Load a saved query by name (``statements-by-speaker``) or by path to a ``.rq`` file."""
    candidate = Path(name_or_path)
    if candidate.suffix == SUFFIX or len(candidate.parts) > 1:
        if not candidate.is_file():
            raise QueryError(f"query file {name_or_path} does not exist")
        return _load_file(candidate)
    folder = directory or queries_dir()
    path = folder / f"{name_or_path}{SUFFIX}"
    if path.is_file():
        return _load_file(path)
    known = sorted(p.stem for p in folder.glob(f"*{SUFFIX}"))
    close = difflib.get_close_matches(name_or_path, known, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else f"known queries: {', '.join(known)}"
    raise QueryError(f"unknown query '{name_or_path}'; {hint}")


def bind_params(query: SavedQuery, params: dict[str, str]) -> dict[Variable, Term]:
    """Turn ``--param`` strings into RDF terms for the query's declared parameters."""
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        known = ", ".join(query.params) or "none"
        raise QueryError(
            f"query '{query.name}' has no parameter {', '.join(unknown)}; its parameters: {known}"
        )
    missing = [name for name in query.params if name not in params]
    if missing:
        raise QueryError(
            f"query '{query.name}' needs parameter {', '.join(missing)}: "
            + "; ".join(f"{name}: {query.params[name]}" for name in missing)
        )
    return {Variable(name): to_term(value) for name, value in params.items()}


def to_term(value: str) -> NamedNode | Literal:
    """An IRI-looking value (``http…``, ``urn:…``, ``<…>``) as a NamedNode, else a Literal.

    >>> to_term("https://w3id.org/kg-news/resource/x")
    <NamedNode value=https://w3id.org/kg-news/resource/x>
    >>> to_term("Vladimir Putin").value
    'Vladimir Putin'
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.lower().startswith(IRI_PREFIXES):
        try:
            return NamedNode(text)
        except ValueError:
            pass  # not a valid IRI after all (e.g. contains spaces): search it as text
    return Literal(value)


def run_query(
    store: pyoxigraph.Store, query: SavedQuery, params: dict[str, str] | None = None
) -> QueryResult:
    """Run a saved query over the union of all graphs in ``store``."""
    substitutions = bind_params(query, params or {})
    try:
        answer = store.query(
            query.sparql, substitutions=substitutions or None, use_default_graph_as_union=True
        )
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return QueryResult(["result"], [{"result": "true" if answer else "false"}], "ask")
        if isinstance(answer, pyoxigraph.QueryTriples):
            rows = [
                {"s": _text(t.subject), "p": _text(t.predicate), "o": _text(t.object)}
                for t in answer
            ]
            return QueryResult(["s", "p", "o"], rows, "construct")
        # Parameter columns only echo the bound values back.
        columns = [v.value for v in answer.variables if v.value not in query.params]
        rows = [{c: _text(solution[c]) for c in columns} for solution in answer]
    except (SyntaxError, RuntimeError, ValueError) as err:
        raise QueryError(f"query '{query.name}' failed: {err}") from err
    return QueryResult(columns, rows, "select")


def format_result(result: QueryResult, fmt: str, max_width: int | None = None) -> str:
    """Render a result as ``table`` (aligned text), ``csv``, ``tsv`` or ``json`` (row objects)."""
    if fmt == "json":
        return json.dumps(result.rows, indent=2, ensure_ascii=False)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        delimiter = "," if fmt == "csv" else "\t"
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            cells = [row.get(c) or "" for c in result.columns]
            if fmt == "tsv":
                # TSV has no quoting: keep one record per line, one cell per tab.
                cells = [_one_line(cell).replace("\t", " ") for cell in cells]
            writer.writerow(cells)
        return out.getvalue()
    if fmt == "table":
        return _table(result, max_width)
    raise QueryError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")


def _table(result: QueryResult, max_width: int | None) -> str:
    cells = [
        [_clip(_one_line(row.get(c) or ""), max_width) for c in result.columns]
        for row in result.rows
    ]
    widths = [
        max([len(c), *(len(line[i]) for line in cells)]) for i, c in enumerate(result.columns)
    ]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(result.columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in cells
    ]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split()) if ("\n" in text or "\r" in text) else text


def _clip(text: str, width: int | None) -> str:
    if width is None or len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def _text(term: Term | None) -> str | None:
    """A term's plain value: IRI string, literal lexical form, ``_:id`` for blank nodes."""
    if term is None:
        return None
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Triple):
        return f"<< {_text(term.subject)} {_text(term.predicate)} {_text(term.object)} >>"
    return term.value


def _load_file(path: Path) -> SavedQuery:
    try:
        sparql = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"cannot read query file {path}: {err}") from err
    title, description, params = _parse_header(sparql, path)
    query = SavedQuery(path.stem, title, description, params, sparql, path)
    _check(query)
    return query


def _parse_header(sparql: str, path: Path) -> tuple[str, str, dict[str, str]]:
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    for line in sparql.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header ends where the query begins
        match = _HEADER_FIELD.match(stripped)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            param = _PARAM.match(value)
            if not param:
                raise QueryError(f"{path}: malformed '# param:' line: {stripped}")
            params[param.group(1)] = param.group(2).strip()
        else:
            fields[key] = value.strip()
    if not fields.get("title"):
        raise QueryError(f"{path}: the header has no '# title:' line")
    return fields["title"], fields.get("description", ""), params


def _check(query: SavedQuery) -> None:
    """Parse the query, and substitute its parameters, against an empty store."""
    probe = {Variable(name): Literal("") for name in query.params}
    try:
        _empty_store().query(
            query.sparql, substitutions=probe or None, use_default_graph_as_union=True
        )
    except SyntaxError as err:
        raise QueryError(f"{query.path}: invalid SPARQL: {err}") from err
    except RuntimeError as err:
        # Oxigraph refuses to substitute a variable that the SELECT does not project.
        raise QueryError(f"{query.path}: parameter problem: {err}") from err


@cache
def _empty_store() -> Store:
    return Store()

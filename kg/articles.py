"""Read article files (plain text, HTML, JSON Lines) into ``Article`` models.

Errors are yielded as ``ArticleError`` values, never raised out of the iterators, so one bad
file never stops a run. Text is normalised only where it must be (line endings, trailing
spaces, runs of blank lines, whole boilerplate lines, a photo caption above the story) and
datelines are taken off their paragraph as metadata; everything else stays as written.
"""

from __future__ import annotations

import codecs
import datetime as dt
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from dateutil import parser as date_parser

from kg.config import MAX_ARTICLE_BYTES
from kg.errors import ArticleError
from kg.models import Article

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# Header keys -> Article fields; keys mapped to "" are known but not kept (so they do not end
# the header and become the title).
HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "source": "publisher",
    "publisher": "publisher",
    "url": "url",
    "link": "url",
    "source url": "url",
    "original url": "url",
    "date": "date",
    "published": "date",
    **dict.fromkeys(
        ("author", "authors", "byline", "category", "section", "tags", "keywords", "language",
         "lang", "updated", "modified", "id"), ""
    ),
}
HEADER_LINE = re.compile(r"(?P<key>[A-Za-z]+(?: [A-Za-z]+)?)[ \t]*:[ \t]*(?P<value>.*)")
# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
URL_VALUE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

# Case-insensitive because agency datelines are often in capitals: "MOSCOW, DEC. 14 (Reuters)".
MONTH = (
    r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# Place names in datelines: "MOSCOW", "ST. PETERSBURG", "New Delhi", "BAKU, Azerbaijan",
# "Moscow/New Delhi", "TOKYO and SEOUL".
_PLACE_WORD = rf"(?!{MONTH}\s*\d)[A-Z][A-Za-z.'’-]*"
_PLACE = rf"{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,3}}"
_PLACES = rf"{_PLACE}(?:\s*/\s*{_PLACE}|\s+and\s+{_PLACE})?"
_DAY_MONTH = rf"(?:{MONTH}\s*\d{{1,2}}|\d{{1,2}}\s+{MONTH})(?:,?\s*\d{{4}})?"
_AGENCY = r"[A-Z][A-Za-z.&-]*(?:\s[A-Z][A-Za-z.&-]*){0,2}"
_AGENCIES = rf"{_AGENCY}(?:\s*/\s*{_AGENCY})*"  # "(ANI/Sputnik)"
_DATELINE_END = r"[.:]|[—–-]{1,2}"
# "MOSCOW, June 1 (Reuters) -", "ST. PETERSBURG, June 1. /TASS/.", "Moscow [Russia] August 22
# (ANI/Sputnik):", "New Delhi, Dec 4 (IANS)", "WASHINGTON (AP) —", "ISLAMABAD:", "New Delhi:".
DATELINE = re.compile(
    rf"(?P<place>{_PLACES}(?:,\s*{_PLACE})?)(?:\s*\[[^\]\n]{{1,30}}\])?"
    rf"(?:,?\s*(?P<date>{_DAY_MONTH}))?\.?\s*"
    rf"(?:(?:\(\s*(?P<agency>{_AGENCIES})\s*\)|/\s*(?P<agency2>{_AGENCIES})\s*/)"
    rf"(?:\s*(?P<end>{_DATELINE_END}))?|(?P<end2>{_DATELINE_END}))(?=\s|$)"
)
# A line that is only a place in capitals: "MOSCOW" above the first paragraph.
LONE_PLACE = re.compile(_PLACES)
# Capitalised words before a colon that label a paragraph rather than place it.
NOT_PLACES = frozenset({
    "analysis", "answer", "background", "breaking", "clarification", "comment", "context",
    "correction", "disclaimer", "editorial", "exclusive", "explainer", "highlights", "live",
    "note", "opinion", "photos", "q", "question", "read", "summary", "update", "video", "watch",
})
# Acronyms in capitals that open sentences, not datelines: "NATO: Allies ...".
NOT_PLACE_ACRONYMS = frozenset({"EU", "UK", "UN", "US", "USA", "NATO", "IAEA", "OPEC", "ASEAN"})
# "(MENAFN) Russian President ..." -- an agency tag opening the first paragraph.
LEADING_AGENCY = re.compile(r"\((?P<agency>[A-Z][A-Za-z]{1,15})\)(?=\s)")
DATE_MARKER = re.compile(r"date\s+(?P<date>\d{4}-\d{2}-\d{2})\b[ \t]*(?P<rest>.*)")
_NAME_WORD = r"(?!By\b)[A-Z][\w.&-]*"
BY_PUBLISHER_AT_END = re.compile(rf"(?:^|\s)By\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})$")
BY_PUBLISHER_FIRST = re.compile(r"By\s+(?P<name>[A-Z][\w.&-]*)\s+(?P<rest>.+)")
TRAILING_SOURCE_URL = re.compile(r"Source\s*:\s*(?P<url>https?://\S+)", re.IGNORECASE)
FULL_DATE = re.compile(
    rf"\b(?:{MONTH}\s+\d{{1,2}},?\s+(?P<y1>\d{{4}})|\d{{1,2}}\s+{MONTH},?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-\d{2}-\d{2})\b"
)
# A photo caption above the story, closed by its credit: "The minister in Moscow. (PTI)".
LEADING_CAPTION = re.compile(
    r".{1,200}?[.!?]\s*\((?:(?:file )?(?:photo|image|picture|pic)s?\s*[:/]?\s*)?"
    r"[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,2}\)"
)
# Publication stamps ("PTI | New Delhi | Updated: 22-12-2020 17:37 IST") give the publisher's
# date; the date is read only from lines that are boilerplate anyway.
STAMP = re.compile(
    rf"\b(?P<kind>created|published|posted|updated)(?:\s+on)?\s*:?\s*"
    rf"(?P<date>\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH},?\s+\d{{4}})",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Markers, datelines and lone dateline lines are looked for in the first few lines (datelines
# also in the first paragraph after a subheading).
TOP_LINES = 4
# A subheading is a short line without closing punctuation ("Witkoff meets Putin").
SUBHEADING_WORDS = 10


@dataclass
class _Meta:
    """What the text itself says about the article, beside its header."""

    publisher: str | None = None
    date: dt.date | None = None
    url: str | None = None
    dateline: tuple[int, int] | None = None  # (month, day) without a year
    published: dt.date | None = None  # from a publication stamp line
    published_year: int | None = None  # a stamp's year when its day and month are ambiguous
    dated: bool = False  # a dateline was read (only the first one gives metadata)


# --- files -----------------------------------------------------------------------------------


def iter_article_files(paths: Iterable[str | Path]) -> Iterator[Path | ArticleError]:
    """Expand files and folders into article files, in a stable order.

    Folders are searched recursively for known suffixes, skipping hidden entries and README
    files; files named explicitly are always kept. Missing paths yield an ``ArticleError``.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _folder_files(path)
            if not found:
                yield ArticleError(f"{path}: no article files in folder", str(path.resolve()))
            candidates: list[Path] = found
        elif path.exists():
            candidates = [path]
        else:
            yield ArticleError(f"{path}: no such file or directory", str(path.resolve()))
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                yield candidate


def _folder_files(folder: Path) -> list[Path]:
    """Article files under ``folder``, sorted by path so runs are reproducible."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.upper().startswith("README"):
                continue
            if Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def iter_articles(
    paths: Iterable[str | Path], max_bytes: int = MAX_ARTICLE_BYTES
) -> Iterator[Article | ArticleError]:
    """Read every article under ``paths``; unreadable ones come out as ``ArticleError``."""
    for item in iter_article_files(paths):
        if isinstance(item, ArticleError):
            yield item
        else:
            yield from read_articles(item, max_bytes)


def read_articles(
    path: Path, max_bytes: int = MAX_ARTICLE_BYTES
) -> Iterator[Article | ArticleError]:
    """Read one file into its articles (one, or one per line for JSON Lines)."""
    path = Path(path)
    source = str(path.resolve())
    suffix = path.suffix.lower()
    try:
        raw = _read_text(path, max_bytes, html=suffix in HTML_SUFFIXES)
    except ArticleError as error:
        yield ArticleError(str(error), source)
        return
    if suffix in JSONL_SUFFIXES:
        yield from _parse_json_lines(raw, path, source)
        return
    parse = parse_html if suffix in HTML_SUFFIXES or _looks_like_html(raw) else parse_text
    try:
        article = parse(raw, source)
    except ArticleError as error:
        yield ArticleError(f"{path}: {error}", source)
        return
    yield article


def _read_text(path: Path, max_bytes: int, html: bool = False) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ArticleError(f"{path}: too large ({size:,} bytes; the limit is {max_bytes:,})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise ArticleError(f"{path}: cannot read ({error.strerror or error})") from error
    if len(data) > max_bytes:  # the file grew after stat()
        raise ArticleError(f"{path}: too large (more than {max_bytes:,} bytes)")
    text = _decode(data, path, html)
    if not text.strip():
        raise ArticleError(f"{path}: empty file")
    return text


def _decode(data: bytes, path: Path, html: bool = False) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16/32 with BOM; refuse anything else.

    HTML may also use the charset its ``<meta>`` declares, as browsers do.
    """
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ArticleError(
                    f"{path}: not valid {encoding.upper()} text "
                    f"(bad bytes at offset {error.start})"
                ) from error
    if b"\x00" in data:
        raise ArticleError(f"{path}: binary file, not text (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if html and (declared := _declared_charset(data)) is not None:
            return declared
        if _mostly_control(data):
            raise ArticleError(f"{path}: binary file, not text (mostly non-text bytes)") from error
        offset = error.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        raise ArticleError(
            f"{path}: not UTF-8 text (invalid byte 0x{data[offset]:02x} at offset {offset}); "
            "save it as UTF-8"
        ) from error
    if _mostly_control(data):
        raise ArticleError(f"{path}: binary file, not text (mostly non-text bytes)")
    return text


def _declared_charset(data: bytes) -> str | None:
    """The page decoded with the charset its ``<meta>`` declares, if that works."""
    match = HTML_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        return data.decode(match[1].decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None


def _mostly_control(data: bytes) -> bool:
    """True when over a tenth of the first 8 KB are control bytes other than whitespace."""
    sample = data[:8192]
    controls = sum(1 for b in sample if (b < 32 and b not in b"\t\n\r\f\v") or b == 127)
    return controls * 10 > len(sample)


def _looks_like_html(raw: str) -> bool:
    head = raw.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def _parse_json_lines(raw: str, path: Path, source: str) -> Iterator[Article | ArticleError]:
    count = 0
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        count += 1
        try:
            yield _parse_json_line(line, f"{source}#L{number}")
        except ArticleError as error:
            yield ArticleError(f"{path}: line {number}: {error}", f"{source}#L{number}")
    if not count:
        yield ArticleError(f"{path}: empty file", source)


def _parse_json_line(line: str, default_source: str) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ArticleError(f"invalid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(record, dict):
        raise ArticleError(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        problem = 'no "text" field' if text is None else '"text" is empty or not a string'
        raise ArticleError(problem)
    url = _str_field(record, "url")
    source = url or default_source
    title = _str_field(record, "title")
    article = _build(source, title, {}, text) if title else parse_text(text, source)
    updates: dict[str, object] = {}
    if url:
        updates["url"] = url
    publisher = _str_field(record, "publisher") or _str_field(record, "sitename")
    if publisher:
        updates["publisher"] = publisher
    if "date" in record and record["date"] not in (None, ""):
        date = parse_date(str(record["date"]))
        if date is None:
            raise ArticleError(f'"date" is not a date: {record["date"]!r}')
        updates["date"] = date
    return article.model_copy(update=updates)


def _str_field(record: dict, key: str) -> str | None:
    value = record.get(key)
    return value.strip() or None if isinstance(value, str) else None


# --- text ------------------------------------------------------------------------------------


def parse_text(raw: str, source: str) -> Article:
    """Parse a plain-text article: optional header, title line, body with datelines.

    >>> a = parse_text("Title: Talks end\\nDate: 2017\\n\\nMOSCOW, June 1 (AP) — Talks ended.", "x")
    >>> (a.title, a.date.isoformat(), a.publisher, a.body)
    ('Talks end', '2017-06-01', 'AP', 'Talks ended.')
    """
    lines = normalise_text(raw).split("\n")
    header, start = _parse_header(lines)
    return _build(source, header.get("title") or "", header, "\n".join(lines[start:]))


def _build(source: str, title: str, header: dict[str, str], text: str) -> Article:
    """Assemble an Article from a header, a known title (or none) and the remaining text."""
    lines = normalise_text(text).split("\n")
    meta = _Meta()
    lines = _take_date_marker(lines, meta, title)
    if not title:
        title, lines = _take_title(lines)
    lines = _take_trailing_source(lines, meta)
    _read_stamps(lines, meta)
    lines = _remove_boilerplate(lines)
    lines = _drop_leading_caption(lines)
    lines = _take_datelines(lines, meta)
    body = _collapse_blank_lines("\n".join(lines)).strip("\n")
    if not body:
        raise ArticleError("no article text" if not title else "no article text after the title")
    date = parse_date(header["date"]) if header.get("date") else None
    date = date or meta.date or _resolve_dateline(meta, header.get("date", ""), body)
    date = date or meta.published
    url = header.get("url") or meta.url
    return Article(
        source=source,
        title=title,
        body=body,
        date=date,
        url=url or None,
        publisher=header.get("publisher") or meta.publisher,
    )


def normalise_text(raw: str) -> str:
    """Unify line endings, strip trailing spaces, and keep at most one blank line in a row."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _collapse_blank_lines(text).strip("\n")


def _collapse_blank_lines(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text)


def _parse_header(lines: list[str]) -> tuple[dict[str, str], int]:
    """Read ``Key: value`` lines at the top; returns the fields and the first body line."""
    header: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = HEADER_LINE.fullmatch(lines[index].strip())
        key = HEADER_KEYS.get(" ".join(match["key"].lower().split())) if match else None
        if match is None or key is None or key in header:
            break
        index += 1
        if not key:
            continue
        value = match["value"].strip()
        if key == "publisher" and URL_VALUE.fullmatch(value):
            key = "url"  # "Source: https://..." names where it came from, not who published it
        header.setdefault(key, value)
    if index == 0:
        return {}, 0
    return {k: v for k, v in header.items() if v}, index


def _take_title(lines: list[str]) -> tuple[str, list[str]]:
    """The first non-empty line that is not boilerplate ("All news") is the title."""
    patterns = boilerplate_patterns()
    for index, line in enumerate(lines):
        if line.strip() and not any(p.fullmatch(line.strip()) for p in patterns):
            return line.strip(), lines[index + 1 :]
    return "", lines


def _take_date_marker(lines: list[str], meta: _Meta, title: str) -> list[str]:
    """Read and remove a ``date YYYY-MM-DD [title] [By Publisher]`` marker near the top."""
    for index in _top_indexes(lines):
        match = DATE_MARKER.fullmatch(lines[index].strip())
        if match is None:
            continue
        meta.date = parse_date(match["date"])
        rest = match["rest"].strip()
        if (by := BY_PUBLISHER_AT_END.search(rest)) is not None:
            meta.publisher = by["name"]
            rest = rest[: by.start()].strip()
        elif (first := BY_PUBLISHER_FIRST.fullmatch(rest)) is not None:
            meta.publisher = first["name"]
            rest = first["rest"].strip()
        if title and " ".join(rest.split()).lower() == " ".join(title.split()).lower():
            rest = ""  # the marker repeats the title given in the header
        return [*lines[:index], *([rest] if rest else []), *lines[index + 1 :]]
    return lines


def _take_trailing_source(lines: list[str], meta: _Meta) -> list[str]:
    """Read and remove a last ``Source: https://...`` line."""
    for index in range(len(lines) - 1, -1, -1):
        if not lines[index].strip():
            continue
        match = TRAILING_SOURCE_URL.fullmatch(lines[index].strip())
        if match is None:
            return lines
        meta.url = match["url"]
        return lines[:index]
    return lines


def _remove_boilerplate(lines: list[str]) -> list[str]:
    patterns = boilerplate_patterns()
    return [
        line for line in lines
        if not (line.strip() and any(p.fullmatch(line.strip()) for p in patterns))
    ]


@cache
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """The whole-line boilerplate patterns of ``kg/data/boilerplate.txt``."""
    text = resources.files("kg").joinpath("data/boilerplate.txt").read_text(encoding="utf-8")
    return tuple(
        re.compile(line.strip(), re.IGNORECASE)
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def _drop_leading_caption(lines: list[str]) -> list[str]:
    """Drop a photo caption that closes with its credit ("... (PTI)") above the first paragraph."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) > 1 and LEADING_CAPTION.fullmatch(lines[filled[0]].strip()):
        return lines[filled[1] :]
    return lines


def _read_stamps(lines: list[str], meta: _Meta) -> None:
    """Read the publisher's date from a publication stamp line ("Created: 22-12-2020")."""
    patterns = boilerplate_patterns()
    stamps = [
        stamp
        for line in lines
        if line.strip() and any(p.fullmatch(line.strip()) for p in patterns)
        for stamp in STAMP.finditer(line)
    ]
    # The first publication beats a later update.
    stamps.sort(key=lambda stamp: stamp["kind"].lower() == "updated")
    for stamp in stamps[:1]:
        value = stamp["date"]
        dates = {_parse_day_first(value, day_first) for day_first in (True, False)}
        if len(dates) == 1:
            meta.published = dates.pop()
        if (year := YEAR.search(value)) is not None:
            meta.published_year = int(year[0])


def _parse_day_first(value: str, day_first: bool) -> dt.date | None:
    try:
        return date_parser.parse(value, dayfirst=day_first).date()
    except (ValueError, OverflowError):
        return None


def _take_datelines(lines: list[str], meta: _Meta) -> list[str]:
    """Take the place, date and agency tag off the paragraph a dateline opens.

    They are metadata, not content: the first dateline's agency becomes the publisher and its
    day and month the article's date (see ``_resolve_dateline``) when nothing better gives
    them. Datelines are looked for in the first lines of the body and at the start of each
    paragraph after a subheading; a dateline alone on its line ("New Delhi:", "MOSCOW") goes
    with its line. Removing them here keeps ``Article.text`` the text that is analysed.
    """
    lines = list(lines)
    top = _top_indexes(lines)
    at_top = next((i for i in top if _take_dateline(lines, i, i == top[0], meta)), None)
    for index in _indexes_after_subheadings(lines):
        if index != at_top:
            _take_dateline(lines, index, False, meta)
    return lines


def _take_dateline(lines: list[str], index: int, first: bool, meta: _Meta) -> bool:
    """Take the dateline off ``lines[index]``; whether it opened with one."""
    parts = _dateline_parts(lines[index].strip(), first, _has_text_after(lines, index))
    if parts is None:
        return False
    agency, date, lines[index] = parts
    if not meta.dated:  # only the first dateline gives metadata
        meta.dated = True
        meta.publisher = meta.publisher or (agency.split("/")[0].strip() if agency else None)
        meta.dateline = _month_day(date) if date else None
    return True


def _dateline_parts(
    line: str, first: bool, text_after: bool
) -> tuple[str | None, str | None, str] | None:
    """(agency, date, the rest of the line) when ``line`` opens with a dateline.

    ``first`` says whether the line is the first of the body, where a bare "New Delhi:" or
    "MOSCOW" line is a dateline; elsewhere it would more likely be a speaker or a heading.
    """
    if (tag := LEADING_AGENCY.match(line)) is not None:
        return tag["agency"], None, line[tag.end() :].lstrip()
    if first and text_after and _is_lone_place(line):
        return None, None, ""
    match = DATELINE.match(line)
    if match is None:
        return None
    rest = line[match.end() :].lstrip()
    if (rest or text_after) and _is_dateline(match, rest, first):
        return match["agency"] or match["agency2"], match["date"], rest
    return None


def _has_text_after(lines: list[str], index: int) -> bool:
    return any(line.strip() for line in lines[index + 1 :])


def _is_dateline(match: re.Match[str], rest: str, first: bool) -> bool:
    """Whether a DATELINE match is a dateline and not the start of a sentence."""
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“‘'"):
        return False  # "Russia: talks go on", "The Air Force (IAF) said"
    place = match["place"].split(",")[0]
    if match["agency"] or match["agency2"]:
        # "New Delhi, Dec 4 (IANS) Defence ...", but not "The Air Force (IAF) Chief ..."
        return bool(match["end"] or match["date"] or _in_capitals(place))
    if match["end2"] == ".":
        return bool(match["date"])  # "MOSCOW, June 23. The ..." but not "U.S. Secretary ..."
    if match["date"]:
        return True
    if place.lower() in NOT_PLACES or place in NOT_PLACE_ACRONYMS:
        return False  # "Note: ...", "NATO: ..."
    if _in_capitals(place):  # "ISLAMABAD:", "PALM BEACH, Florida —", "TOKYO and SEOUL --"
        return True
    # "New Delhi: The minister said ..." opens an article.
    return first and match["end2"] == ":"


def _in_capitals(place: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z.'’-]*", place) if w != "and"]
    return bool(words) and all(w.isupper() for w in words) and sum(map(len, words)) > 1


def _is_lone_place(line: str) -> bool:
    """A line that is only a place in capitals ("MOSCOW"), above the paragraph it dates."""
    return LONE_PLACE.fullmatch(line) is not None and _in_capitals(line) and (
        line not in NOT_PLACE_ACRONYMS and line.lower() not in NOT_PLACES
    )


def _top_indexes(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip()][:TOP_LINES]


def _indexes_after_subheadings(lines: list[str]) -> list[int]:
    """The first line of each paragraph that follows a subheading."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return [
        after
        for before, after in itertools.pairwise(filled)
        if _is_subheading(lines[before].strip()) and not _is_subheading(lines[after].strip())
    ]


def _is_subheading(line: str) -> bool:
    return len(line.split()) <= SUBHEADING_WORDS and line[-1] not in ".!?:;,\"”’'…)]"


def _month_day(text: str) -> tuple[int, int] | None:
    """Month and day of a dateline date such as "June 1", "Dec. 14" or "5 December"."""
    cleaned = re.sub(r",?\s*\d{4}$", "", text.strip())
    default_a, default_b = dt.datetime(2000, 1, 1), dt.datetime(2004, 1, 2)
    try:
        a = date_parser.parse(cleaned, default=default_a)
        b = date_parser.parse(cleaned, default=default_b)
    except (ValueError, OverflowError):
        return None
    if (a.month, a.day) != (b.month, b.day):
        return None
    return a.month, a.day


def _resolve_dateline(meta: _Meta, header_date: str, body: str) -> dt.date | None:
    """Give the dateline a year; never guess one.

    The year comes from the header's date when it has only a year or a month ("Date: Dec
    2020"), else from the publisher's stamp (the year that puts the dateline nearest to it),
    else from the text's full dates when they all share one year.
    """
    if meta.dateline is None:
        return None
    month, day = meta.dateline
    if (year := YEAR.search(header_date)) is not None:
        return _date_or_none(int(year[0]), month, day)
    if meta.published is not None:
        near = [
            date
            for offset in (-1, 0, 1)
            if (date := _date_or_none(meta.published.year + offset, month, day)) is not None
        ]
        return min(near, key=lambda date: abs(date - meta.published), default=None)
    if meta.published_year is not None:
        return _date_or_none(meta.published_year, month, day)
    years = {int(y) for m in FULL_DATE.finditer(body) for y in m.group("y1", "y2", "y3") if y}
    if len(years) != 1:
        return None
    return _date_or_none(years.pop(), month, day)


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str) -> dt.date | None:
    """Parse a date written in any common way; ``None`` when it lacks a day, month or year.

    >>> parse_date("1 June 2017"), parse_date("2017-06-01T10:00:00Z"), parse_date("June 2017")
    (datetime.date(2017, 6, 1), datetime.date(2017, 6, 1), None)
    """
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    # Two different defaults reveal any part that dateutil filled in rather than read.
    try:
        a = date_parser.parse(value, default=dt.datetime(2000, 1, 1))
        b = date_parser.parse(value, default=dt.datetime(2004, 2, 2))
    except (ValueError, OverflowError):
        return None
    return a.date() if a.date() == b.date() else None


# --- HTML ------------------------------------------------------------------------------------


def parse_html(raw: str, source: str) -> Article:
    """Extract the main text and metadata (title, date, URL, site name) of an HTML page."""
    import trafilatura  # heavy import, only needed for HTML

    try:
        document = trafilatura.bare_extraction(
            raw,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
        )
    except Exception as error:  # a third-party parser failing on odd markup ends one article only
        raise ArticleError(f"HTML could not be parsed ({type(error).__name__}: {error})") from error
    document = document.as_dict() if document is not None else {}
    if not (document.get("text") or "").strip():
        raise ArticleError("no article text found in the HTML")
    title = (document.get("title") or "").strip()
    lines = normalise_text(document["text"]).split("\n")
    if title and lines and lines[0].strip() == title:
        lines = lines[1:]  # some pages repeat the headline as the first paragraph
    header = {
        "title": title,
        "date": document.get("date") or "",
        "url": document.get("url") or "",
        "publisher": document.get("sitename") or "",
    }
    return _build(source, title, {k: v for k, v in header.items() if v}, "\n".join(lines))

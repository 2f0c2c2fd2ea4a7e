"""Date expressions in news text, resolved to ISO days against the article's own date.

Only expressions that name a day give a date ("Thursday", "June 1", "Dec. 4-5", "yesterday",
"earlier in the day");
a month, a year or a week alone ("in October", "next month", "last week") gives ``None``, and
so does a day whose year can be worked out neither from the text nor from the anchor.

>>> from datetime import date
>>> resolve_date("on Thursday", date(2019, 11, 20))
(datetime.date(2019, 11, 14), None)
>>> resolve_date("Dec. 4-5", date(2025, 11, 28), future=True)
(datetime.date(2025, 12, 4), datetime.date(2025, 12, 5))
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
# A day-month without a year that lands this far after the anchor in a past context belongs
# to the previous year (an article of 2 January recalling "December 30").
YEAR_ROLLOVER = timedelta(days=61)

# Month names are matched case-sensitively (capitalised) so that the modal "may" never reads
# as a month; abbreviations may carry a dot.
_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DASH = r"\s*(?:-|–|—|to|through|and)\s*"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("md_range", re.compile(
        r"\b" + _MONTH.format(g="month") + r"\s+(?P<d1>\d{1,2})" + _ORD + _DASH
        + r"(?P<d2>\d{1,2})" + _ORD + r"\b" + _YEAR)),
    ("dm_range", re.compile(
        r"\b(?P<d1>\d{1,2})" + _ORD + _DASH + r"(?P<d2>\d{1,2})" + _ORD + r"\s+(?:of\s+)?"
        + _MONTH.format(g="month") + r"(?!\w)" + _YEAR)),
    ("md", re.compile(
        r"\b" + _MONTH.format(g="month") + r"\s+(?P<d1>\d{1,2})" + _ORD + r"(?![\d:])\b"
        + _YEAR)),
    ("dm", re.compile(
        r"\b(?P<d1>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MONTH.format(g="month") + r"(?!\w)"
        + _YEAR)),
    ("weekday", re.compile(
        r"\b(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday"
        r"|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?\b",
        re.IGNORECASE)),
    ("relday", re.compile(r"\b(?P<rd>today|yesterday|tomorrow|tonight)\b", re.IGNORECASE)),
    ("sameday", re.compile(
        r"\b(?:(?:earlier|later)\s+in\s+the\s+day|this\s+(?:morning|afternoon|evening))\b",
        re.IGNORECASE)),
)


_WEEKDAY_ONLY = re.compile(r"(?:\w+\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", re.IGNORECASE)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(
    month: int, day: int, anchor: date | None, future: bool, past: bool = False
) -> date | None:
    """The day ``month``/``day`` nearest the anchor in the direction the tense points."""
    if anchor is None:
        return None
    found = _safe_date(anchor.year, month, day)
    if found is None:
        return None
    if past and found > anchor:
        return _safe_date(anchor.year - 1, month, day)
    if not future and found - anchor > YEAR_ROLLOVER:
        return _safe_date(anchor.year - 1, month, day)
    if future and anchor - found > YEAR_ROLLOVER:
        return _safe_date(anchor.year + 1, month, day)
    return found


def _weekday(name: str, rel: str | None, anchor: date | None, future: bool) -> date | None:
    """The weekday ``name`` relative to the anchor: last one on/before, or next on/after."""
    if anchor is None:
        return None
    target = WEEKDAYS[name.lower()]
    rel = (rel or "").lower()
    if rel in ("next", "coming") or (future and rel != "last" and rel != "past"):
        ahead = (target - anchor.weekday()) % 7
        if rel in ("next", "coming") and ahead == 0:
            ahead = 7
        return anchor + timedelta(days=ahead)
    back = (anchor.weekday() - target) % 7
    if rel in ("last", "past") and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def _resolve_match(
    kind: str, m: re.Match[str], anchor: date | None, future: bool, past: bool = False
) -> tuple[date | None, date | None]:
    g = m.groupdict()
    if kind == "iso":
        return _safe_date(int(g["y"]), int(g["m"]), int(g["d"])), None
    if kind == "relday":
        if anchor is None:
            return None, None
        return anchor + timedelta(days=RELATIVE_DAYS[g["rd"].lower()]), None
    if kind == "sameday":  # 'earlier in the day', 'this morning': the article's own day
        return anchor, None
    if kind == "weekday":
        return _weekday(g["wd"], g.get("rel"), anchor, future), None
    month = MONTHS[g["month"].lower()]
    d1 = int(g["d1"])
    if g.get("year"):
        start = _safe_date(int(g["year"]), month, d1)
    else:
        start = _infer_year(month, d1, anchor, future, past)
    if start is None:
        return None, None
    end = None
    if g.get("d2"):
        end = _safe_date(start.year, month, int(g["d2"]))
        if end is not None and end <= start:
            end = None
    return start, end


def find_dates(
    span_text: str, anchor: date | None, future: bool = False, past: bool = False
) -> list[tuple[int, int, date, date | None]]:
    """Every day-precise date expression in ``span_text``: (start, end offset, day, end day).

    Offsets are into ``span_text``; expressions that overlap an earlier, longer match are
    skipped, and expressions that cannot be resolved (no anchor, impossible day) are left out.
    ``past`` says the text tells of the past, so a day-month after the anchor is last year's.
    """
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, date, date | None]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(span_text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            start, end = _resolve_match(kind, m, anchor, future, past)
            taken.append((m.start(), m.end()))
            if start is not None:
                found.append((m.start(), m.end(), start, end))
    found.sort(key=lambda f: f[0])
    # "Thursday, September 25": the explicit day wins over the weekday it restates
    return [
        f for i, f in enumerate(found)
        if not (i + 1 < len(found) and _WEEKDAY_ONLY.fullmatch(span_text[f[0] : f[1]])
                and re.fullmatch(r",?\s*", span_text[f[1] : found[i + 1][0]]))
    ]


def resolve_date(
    expression: str, anchor: date | None, future: bool = False
) -> tuple[date | None, date | None]:
    """(start, end) day of a date expression; ``(None, None)`` when it names no day.

    ``future`` says the expression sits in a future-tense context, so a bare weekday means the
    next one rather than the last one.
    """
    found = find_dates(expression, anchor, future)
    if not found:
        return None, None
    _, _, start, end = found[0]
    return start, end


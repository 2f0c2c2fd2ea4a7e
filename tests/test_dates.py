"""Date expressions resolved against a fixed article date (no model needed)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.dates import find_dates, resolve_date

ANCHOR = date(2019, 11, 20)  # a Wednesday


@pytest.mark.parametrize(
    ("expression", "start", "end"),
    [
        ("on Thursday", date(2019, 11, 14), None),
        ("Thursday", date(2019, 11, 14), None),
        ("Tuesday morning", date(2019, 11, 19), None),
        ("on Wednesday", date(2019, 11, 20), None),
        ("last Wednesday", date(2019, 11, 13), None),
        ("today", date(2019, 11, 20), None),
        ("yesterday", date(2019, 11, 19), None),
        ("tomorrow", date(2019, 11, 21), None),
        ("December 4-5", date(2019, 12, 4), date(2019, 12, 5)),
        ("Dec. 4–5", date(2019, 12, 4), date(2019, 12, 5)),
        ("5-6 April", date(2019, 4, 5), date(2019, 4, 6)),
        ("June 1", date(2019, 6, 1), None),
        ("Oct. 7", date(2019, 10, 7), None),
        ("1 June 2017", date(2017, 6, 1), None),
        ("June 1, 2017", date(2017, 6, 1), None),
        ("2017-06-01", date(2017, 6, 1), None),
        ("July 25", date(2019, 7, 25), None),
        ("earlier in the day", date(2019, 11, 20), None),
        ("later in the day", date(2019, 11, 20), None),
        ("this morning", date(2019, 11, 20), None),
        ("in October this year", None, None),
        ("next month", None, None),
        ("last week", None, None),
        ("earlier this month", None, None),
        ("in 2018", None, None),
        ("June 2024", None, None),
    ],
)
def test_resolve_date_gives_day_or_none_against_anchor(expression, start, end):
    assert resolve_date(expression, ANCHOR) == (start, end)


@pytest.mark.parametrize(
    ("expression", "start"),
    [
        ("on Thursday", date(2019, 11, 21)),
        ("Friday", date(2019, 11, 22)),
        ("next Wednesday", date(2019, 11, 27)),
        ("January 10", date(2020, 1, 10)),
    ],
)
def test_resolve_date_looks_ahead_in_future_context(expression, start):
    assert resolve_date(expression, ANCHOR, future=True)[0] == start


def test_day_month_far_after_past_anchor_belongs_to_previous_year():
    assert resolve_date("December 30", date(2020, 1, 2)) == (date(2019, 12, 30), None)


@pytest.mark.parametrize(
    ("expression", "start"),
    [
        ("Dec. 7", date(2018, 12, 7)),  # after the anchor: last year's
        ("Nov. 7", date(2019, 11, 7)),  # before it: this year's
        ("Dec. 7, 2019", date(2019, 12, 7)),  # a written year stays
    ],
)
def test_past_context_puts_any_later_day_month_in_the_previous_year(expression, start):
    (found,) = find_dates(expression, ANCHOR, past=True)
    assert found[2] == start


@pytest.mark.parametrize("expression", ["on Thursday", "July 25", "today", "December 4-5"])
def test_no_anchor_and_no_year_gives_no_date(expression):
    assert resolve_date(expression, None) == (None, None)


def test_explicit_year_needs_no_anchor():
    assert resolve_date("July 25, 2019", None) == (date(2019, 7, 25), None)


def test_may_the_modal_verb_is_not_a_month():
    assert find_dates("Talks may 5 times stall.", ANCHOR) == []


def test_find_dates_gives_offsets_within_the_text():
    text = "He arrived on Tuesday and left on December 4-5, 2019."
    found = find_dates(text, ANCHOR)
    assert [text[s:e] for s, e, _, _ in found] == ["Tuesday", "December 4-5, 2019"]
    assert found[1][2:] == (date(2019, 12, 4), date(2019, 12, 5))


def test_impossible_day_is_dropped():
    assert resolve_date("February 30", ANCHOR) == (None, None)


def test_weekday_restated_by_explicit_day_gives_the_explicit_day():
    text = "They met on Thursday, September 25, at noon."
    found = find_dates(text, date(2025, 10, 2))
    assert [(text[s:e], d) for s, e, d, _ in found] == [("September 25", date(2025, 9, 25))]

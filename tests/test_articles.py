"""Reading article files: headers, titles, datelines, boilerplate, HTML, JSON Lines, errors."""

from __future__ import annotations

import datetime as dt
import doctest
import json
from pathlib import Path

import pytest

import kg.articles
from kg.articles import (
    iter_article_files,
    iter_articles,
    parse_date,
    parse_html,
    parse_text,
    read_articles,
)
from kg.errors import ArticleError
from kg.models import Article

BODY = "The two ministers met in the capital on Tuesday to discuss grain exports."


def read_one(path: Path, **kwargs) -> Article | ArticleError:
    items = list(read_articles(path, **kwargs))
    assert len(items) == 1, items
    return items[0]


# --- header and title ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "date"),
    [
        ("Title: Grain talks resume\nSource: The Valley Herald\nURL: https://herald.example/a1\n"
         "Date: 2017-06-01", dt.date(2017, 6, 1)),
        ("Date: June 1, 2017\nURL: https://herald.example/a1\nTitle: Grain talks resume\n"
         "Source: The Valley Herald", dt.date(2017, 6, 1)),
        ("Source: The Valley Herald\nTitle: Grain talks resume\nDate: 1 June 2017\n"
         "URL: https://herald.example/a1", dt.date(2017, 6, 1)),
        ("Title: Grain talks resume\nDate: 2017-06-01T10:00:00Z\nSource: The Valley Herald\n"
         "URL: https://herald.example/a1", dt.date(2017, 6, 1)),
        ("Title: Grain talks resume\nSource: The Valley Herald\nURL: https://herald.example/a1\n"
         "Date: ", None),
    ],
)
def test_header_fields_are_read_in_any_order(header: str, date: dt.date | None) -> None:
    article = parse_text(f"{header}\n\n{BODY}\n", "src")
    assert article.title == "Grain talks resume"
    assert article.publisher == "The Valley Herald"
    assert article.url == "https://herald.example/a1"
    assert article.date == date
    assert article.body == BODY
    assert article.text == f"Grain talks resume\n\n{BODY}"


def test_header_stops_at_first_line_that_is_not_a_header_field() -> None:
    article = parse_text("Title: Grain talks resume\nNote: this is body text.\n\nMore.", "src")
    assert article.title == "Grain talks resume"
    assert article.body == "Note: this is body text.\n\nMore."


def test_known_header_fields_that_are_not_kept_do_not_end_the_header() -> None:
    raw = f"Title: Grain talks\nAuthor: Jane Roe\nSection: World\nDate: 2017-06-01\n\n{BODY}"
    article = parse_text(raw, "src")
    assert (article.title, article.date, article.body) == ("Grain talks", dt.date(2017, 6, 1), BODY)


def test_source_header_holding_a_url_is_the_url() -> None:
    article = parse_text(f"Title: Grain talks\nSource: https://a.example/1\n\n{BODY}", "src")
    assert (article.url, article.publisher) == ("https://a.example/1", None)


def test_title_skips_leading_boilerplate_lines() -> None:
    article = parse_text(f"All news\nGrain talks resume\n\n{BODY}", "src")
    assert (article.title, article.body) == ("Grain talks resume", BODY)


def test_first_non_empty_line_is_the_title_without_a_header() -> None:
    raw = f"\n\nGrain talks resume in the capital\n\n{BODY}\nSecond paragraph."
    article = parse_text(raw, "src")
    assert article.title == "Grain talks resume in the capital"
    assert article.body == f"{BODY}\nSecond paragraph."
    assert (article.date, article.url, article.publisher) == (None, None, None)
    assert article.text[article.body_start :] == article.body


def test_text_is_normalised_but_characters_are_kept() -> None:
    raw = "Title: Curly\r\n\r\n“Yes,” she said.   \r\n\r\n\r\n\r\n‘No’ — he replied.\t\r\n"
    article = parse_text(raw, "src")
    assert article.body == "“Yes,” she said.\n\n‘No’ — he replied."


# --- datelines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "publisher", "date", "rest"),
    [
        ("ST. PETERSBURG, June 1. /TASS/. The forum opened on June 1, 2019 with a speech.",
         "TASS", dt.date(2019, 6, 1), "The forum opened on June 1, 2019 with a speech."),
        ("NEW DELHI, Dec 14 (Reuters) - Officials said on 12 December 2018 that talks went on.",
         "Reuters", dt.date(2018, 12, 14),
         "Officials said on 12 December 2018 that talks went on."),
        ("MOSCOW (AP) — The ministry said the drills would end soon.", "AP", None,
         "The ministry said the drills would end soon."),
        ("Moscow, 5 December: The envoy arrived on December 3, 2020 for the talks.",
         None, dt.date(2020, 12, 5), "The envoy arrived on December 3, 2020 for the talks."),
        ("BEIJING, Dec. 14 (Xinhua) -- The delegation left on Monday.", "Xinhua", None,
         "The delegation left on Monday."),
        ("New Delhi [India], June 1 (ANI): The minister spoke in 2021-05-30 remarks.",
         "ANI", dt.date(2021, 6, 1), "The minister spoke in 2021-05-30 remarks."),
        ("(MENAFN) The president is scheduled to travel next week.", "MENAFN", None,
         "The president is scheduled to travel next week."),
        ("PARIS (AFP) - Talks resumed.", "AFP", None, "Talks resumed."),
        ("LONDON, DEC. 3 (Reuters) - The bank said on Dec. 1, 2022 that rates would rise.",
         "Reuters", dt.date(2022, 12, 3), "The bank said on Dec. 1, 2022 that rates would rise."),
        ("Moscow [Russia] August 22 (ANI/Sputnik): The deputy minister doubted on August 21, "
         "2022 that talks would resume.", "ANI", dt.date(2022, 8, 22),
         "The deputy minister doubted on August 21, 2022 that talks would resume."),
        ("Islamabad [Pakistan], May 3 (ANI): The ministry summoned the envoy.", "ANI", None,
         "The ministry summoned the envoy."),
        ("New Delhi, Dec 4 (PTI) - The two ministers laid a wreath.", "PTI", None,
         "The two ministers laid a wreath."),
        ("New Delhi, Dec 4 (IANS) Defence Minister Jane Roe laid a wreath.", "IANS", None,
         "Defence Minister Jane Roe laid a wreath."),
        ("WASHINGTON (AP) — The senator said the vote would wait.", "AP", None,
         "The senator said the vote would wait."),
        ("NEW DELHI: The navy commissioned its new frigate.", None, None,
         "The navy commissioned its new frigate."),
        ("New Delhi: The navy commissioned its new frigate.", None, None,
         "The navy commissioned its new frigate."),
        ("Sochi/New Delhi: The two leaders ended their informal talks.", None, None,
         "The two leaders ended their informal talks."),
        ("Moscow/New Delhi, Dec 10: The minister backed the deal.", None, None,
         "The minister backed the deal."),
        ("PALM BEACH, Florida — The president welcomed his guest.", None, None,
         "The president welcomed his guest."),
        ("TOKYO and SEOUL -- A missile fell into the sea, officials said.", None, None,
         "A missile fell into the sea, officials said."),
        ("ISTANBUL (Dispatches) – The minister said the deal stands.", "Dispatches", None,
         "The minister said the deal stands."),
    ],
)
def test_dateline_gives_publisher_and_date_and_leaves_the_text(
    first_line: str, publisher: str | None, date: dt.date | None, rest: str
) -> None:
    article = parse_text(f"Title: Talks\n\n{first_line}\nA second paragraph.", "src")
    assert (article.publisher, article.date) == (publisher, date)
    assert article.body == f"{rest}\nA second paragraph."
    assert article.text[article.body_start :] == article.body


def test_dateline_in_the_paragraph_after_a_standfirst_is_taken_off() -> None:
    raw = ("Title: Envoy doubts talks\n\nThe envoy doubts talks will resume, the minister said.\n\n"
           "Moscow [Russia] August 22 (ANI/Sputnik): The envoy doubts talks will resume, the "
           "minister said.\n\nA third paragraph.")
    article = parse_text(raw, "src")
    assert article.body == ("The envoy doubts talks will resume, the minister said.\n\n"
                            "The envoy doubts talks will resume, the minister said.\n\n"
                            "A third paragraph.")
    assert article.publisher == "ANI"


def test_dateline_after_a_subheading_is_taken_off_but_the_first_one_gives_the_metadata() -> None:
    raw = ("Title: Grain talks\n\nPORTVILLE, May 2 (Wire) - Talks began on May 2, 2019.\n\n"
           "Second round in the capital\n\nKYIV, June 3 (Reuters) - The delegations met again.")
    article = parse_text(raw, "src")
    assert article.body == ("Talks began on May 2, 2019.\n\nSecond round in the capital\n\n"
                            "The delegations met again.")
    assert (article.publisher, article.date) == ("Wire", dt.date(2019, 5, 2))


@pytest.mark.parametrize("lone", ["New Delhi:", "MOSCOW", "WASHINGTON (AP) —"])
def test_dateline_alone_on_its_line_is_removed(lone: str) -> None:
    article = parse_text(f"Title: Deal\n\n{lone}\n\nThe minister backed the deal.", "src")
    assert article.body == "The minister backed the deal."


@pytest.mark.parametrize(
    "line",
    [
        "Russia: talks go on, officials said.",
        "U.S. Secretary of State Jane Roe met her counterpart on Monday.",
        "The Coastal Guard (CG) on Monday seized a fishing boat.",
        "The Coastal Guard (CG) Chief said the boat was seized.",
        "Note: The figures are provisional.",
        "NATO: Allies will meet in June, the spokesman said.",
        "Jane Roe asked: “Has the deal been signed?”",
    ],
)
def test_sentence_that_resembles_a_dateline_is_kept(line: str) -> None:
    article = parse_text(f"Title: Deal\n\n{line}\nMore text.", "src")
    assert article.body == f"{line}\nMore text."
    assert (article.publisher, article.date) == (None, None)


def test_speaker_label_after_a_subheading_is_not_a_dateline() -> None:
    body = "The hearing opened.\n\nWhat was said\n\nJane Roe: We are ready to talk."
    assert parse_text(f"Title: Hearing\n\n{body}", "src").body == body


def test_dateline_year_is_never_guessed_when_the_text_has_several_years() -> None:
    body = "KYIV, March 3 (Reuters) - A deal signed on May 1, 2015 was renewed on June 2, 2016."
    assert parse_text(f"Title: Deal\n\n{body}", "src").date is None


def test_dateline_day_without_any_year_gives_no_date() -> None:
    article = parse_text("Title: Deal\n\nMOSCOW, June 23. /TASS/. The talks went on.", "src")
    assert article.date is None
    assert article.publisher == "TASS"


def test_header_date_and_publisher_win_over_the_dateline() -> None:
    raw = "Title: Deal\nSource: Daily Post\nDate: 2020-01-02\n\nLONDON, Jan 1 (Reuters) - It held."
    article = parse_text(raw, "src")
    assert (article.publisher, article.date) == ("Daily Post", dt.date(2020, 1, 2))


@pytest.mark.parametrize(
    ("above", "dateline", "date"),
    [
        # a header date with only a month and year gives the year
        ("Date: December 2020\n", "PORTVILLE, Dec 4 (Wire) -", dt.date(2020, 12, 4)),
        # a publication stamp gives the year, the one that puts the dateline nearest to it
        ("\nWIRE | Portville | Updated: 22-12-2020 17:37 IST | Created: 22-12-2020 17:18 IST",
         "PORTVILLE, Dec 21 (Wire) -", dt.date(2020, 12, 21)),
        ("\nWIRE | Portville | Created: 01-01-2021 09:00 IST", "PORTVILLE, Dec 31 (Wire) -",
         dt.date(2020, 12, 31)),
        # an ambiguous stamp (3 April or 4 March) still gives the year
        ("\nPublished on 03.04.2019 | 14:00", "PORTVILLE, April 3 (Wire) -", dt.date(2019, 4, 3)),
        # without a dateline date, the stamp is the date, when it is unambiguous
        ("\nWIRE | Portville | Created: 22-12-2020 17:18 IST", "PORTVILLE (Wire) -",
         dt.date(2020, 12, 22)),
        ("\nPublished on 03.04.2019 | 14:00", "PORTVILLE (Wire) -", None),
    ],
)
def test_dateline_year_comes_from_a_partial_header_date_or_the_publication_stamp(
    above: str, dateline: str, date: dt.date | None
) -> None:
    raw = f"Title: Talks\n{above}\n\n{dateline} The talks ended.\n\nMore text."
    article = parse_text(raw, "src")
    assert article.date == date
    assert article.body == "The talks ended.\n\nMore text."


def test_dateline_after_a_standfirst_is_found() -> None:
    raw = "Title: Drills\n\nThe navies have trained since 2003\n\nMOSCOW (Sputnik) — Ships left."
    article = parse_text(raw, "src")
    assert article.publisher == "Sputnik"
    assert article.body == "The navies have trained since 2003\n\nShips left."


# --- "date YYYY-MM-DD By Publisher" markers ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "title", "body"),
    [
        ("date 2018-12-14 By Trend\nBaku hosts energy week\n\nThe week opened.",
         "Baku hosts energy week", "The week opened."),
        ("date 2018-12-14 Baku hosts energy week By Trend\n\nThe week opened.",
         "Baku hosts energy week", "The week opened."),
        ("Title: Baku hosts energy week\n\ndate 2018-12-14 Baku hosts energy week By Trend\n"
         "The week opened.", "Baku hosts energy week", "The week opened."),
        ("Baku hosts energy week\ndate 2018-12-14 By Trend The week opened.",
         "Baku hosts energy week", "The week opened."),
    ],
)
def test_date_marker_gives_date_and_publisher_and_is_removed(
    raw: str, title: str, body: str
) -> None:
    article = parse_text(raw, "src")
    assert (article.title, article.body) == (title, body)
    assert article.date == dt.date(2018, 12, 14)
    assert article.publisher == "Trend"


def test_date_marker_with_a_by_inside_the_title_takes_the_last_by() -> None:
    article = parse_text("date 2019-02-03 Convoy Hit By Drone By News Wire\n\nIt happened.", "src")
    assert (article.title, article.publisher) == ("Convoy Hit By Drone", "News Wire")


# --- trailing source and boilerplate -----------------------------------------------------------


def test_trailing_source_url_becomes_the_url_and_leaves_the_body() -> None:
    raw = f"Grain talks\n\n{BODY}\n\nSource: https://wire.example/story/42\n"
    article = parse_text(raw, "src")
    assert article.url == "https://wire.example/story/42"
    assert article.body == BODY


def test_trailing_source_url_does_not_replace_the_header_url() -> None:
    raw = f"Title: Grain talks\nURL: https://a.example/1\n\n{BODY}\nSource: https://b.example/2"
    article = parse_text(raw, "src")
    assert (article.url, article.body) == ("https://a.example/1", BODY)


@pytest.mark.parametrize(
    "noise",
    [
        "All news",
        "Follow us on Twitter",
        "Follow TASS on Telegram",
        "Join us on Facebook and Instagram for more.",
        "Subscribe to our newsletter",
        "1234 views",
        "Views: 1,234",
        "12.3K reads",
        "Read more:",
        "Read more: Ministers meet again",
        "Also Read | Ministers meet again",
        "Share this article",
        "Share on Facebook",
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "We use cookies to improve your experience on our site.",
        "Accept all cookies",
        "Photo: Reuters",
        "File photo",
        "(Representational image)",
        "Photo by Jane Roe",
        "Based on reporting by Reuters and AFP",
        "(With inputs from PTI)",
        "Source: Bloomberg",
        "By Jane Roe",
        "By Jane Roe and John Doe, Associated Press",
        "© 2021 The Valley Herald. All rights reserved.",
        "Updated: June 1, 2017 10:45 IST",
        "Published on 12.06.2019 | 14:00",
        "Tags: grain, exports, trade",
        "By PTI",
        "By Jane Roe, Reuters",
        "Also Read: Ministers meet again",
        "READ MORE",
        "Story continues below",
        "Advertisement - Scroll to continue",
        "(With inputs from agencies)",
        "(With agency inputs)",
        "Inputs from agencies",
        "Edited by Jane Roe",
        "WIRE | Portville | Updated: 22-12-2020 17:37 IST | Created: 22-12-2020 17:18 IST",
        "The Ka-9 helicopter at the show. Photo: Rotor Works.",
        "Ministers at the talks | Photo Credit: WIRE",
        "The envoys in the capital. (AP Photo/Jane Roe)",
        "Already a subscriber? Log in",
        "Download the app",
        "Get the latest news delivered to your inbox",
    ],
)
def test_boilerplate_line_is_removed(noise: str) -> None:
    article = parse_text(f"Title: Grain talks\n\n{noise}\n{BODY}\n{noise}\nLast line.", "src")
    assert article.body == f"{BODY}\nLast line."


@pytest.mark.parametrize(
    "sentence",
    [
        "All news outlets reported the strike within minutes.",
        "Followers of the movement gathered on Twitter to protest.",
        "The ministry said 1234 views were submitted during the consultation.",
        "Read the full statement, the spokesman told reporters.",
        "Share prices fell by 3 percent on Monday.",
        "The advertisement campaign cost the party $2 million.",
        "Photographers waited outside the ministry for hours.",
        "By then, the talks had already collapsed.",
        "By Monday, the two sides had agreed on a text.",
        "Sources said the deal would be signed next week.",
        "Published reports said the jets would arrive in 2021.",
        "Copyright disputes have slowed the deal, officials said.",
        "Subscribers to the service complained about prices.",
        "Reported by Reuters, the deal was signed on Monday.",
        "Inputs from India and Russia shaped the draft.",
        "The ministry released images. Images by Maxar show the base at dawn.",
        "Get the app developers to comply, the minister said.",
        "Story continues to unfold in the capital.",
        "Great talks with my counterpart today. pic.twitter.com/AbC123xyz",
        "— Jane Roe (@janeroe) June 22, 2020",
    ],
)
def test_real_sentence_resembling_boilerplate_is_kept(sentence: str) -> None:
    article = parse_text(f"Title: Grain talks\n\n{BODY}\n{sentence}", "src")
    assert article.body == f"{BODY}\n{sentence}"


def test_social_embed_stays_and_does_not_hide_the_next_paragraph() -> None:
    body = ("The minister posted a message.\n\nGreat talks with my counterpart today. "
            "pic.twitter.com/AbC123xyz\n— Jane Roe (@janeroe) June 22, 2020\n\n"
            "The two sides will meet again.")
    assert parse_text(f"Title: Talks\n\n{body}", "src").body == body


@pytest.mark.parametrize(
    "caption",
    [
        "Jane Roe is on a three-day visit to the capital. (WIRE)",
        "The minister in the capital. (Photo: Reuters)",
    ],
)
def test_photo_caption_with_its_credit_above_the_story_is_removed(caption: str) -> None:
    article = parse_text(f"Title: Visit\n\n{caption}\n\n{BODY}", "src")
    assert article.body == BODY


@pytest.mark.parametrize(
    "text",
    [
        f"{BODY}\n\nThe talks will go on tomorrow. (WIRE)",  # not above the story
        "The talks will go on tomorrow. (WIRE)",  # the only paragraph
    ],
)
def test_sentence_with_a_credit_that_is_not_a_caption_is_kept(text: str) -> None:
    assert parse_text(f"Title: Visit\n\n{text}", "src").body == text


# --- files and formats ---------------------------------------------------------------------------


def test_text_file_source_is_its_absolute_path(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(f"Grain talks\n\n{BODY}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    article = read_one(Path("a.txt"))
    assert isinstance(article, Article)
    assert article.source == str((tmp_path / "a.txt").resolve())


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour talks end in accord | The Coastal Courier</title>
<meta property="og:title" content="Harbour talks end in accord">
<meta property="og:site_name" content="The Coastal Courier">
<meta property="og:url" content="https://courier.example/2021/03/harbour-talks">
<meta property="article:published_time" content="2021-03-04T09:30:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour talks end in accord</h1>
<p>PORTVILLE (AP) — Delegates from the two port cities agreed on Thursday to share the
dredging costs of the northern channel, ending a dispute that had lasted for nearly a decade.</p>
<p>“We have found a fair way to split the bill,” the harbour commissioner, Ann Rivera, told
reporters after the session, adding that work would begin in the spring.</p>
<p>The agreement still needs the approval of both city councils, which are expected to vote
on it next month.</p>
</article>
<footer><p>Follow us on Twitter</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_html_page_gives_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.title == "Harbour talks end in accord"
    assert article.date == dt.date(2021, 3, 4)
    assert article.url == "https://courier.example/2021/03/harbour-talks"
    assert article.publisher == "The Coastal Courier"
    assert article.body.startswith("Delegates from the two port cities")
    assert "“We have found a fair way to split the bill,”" in article.body
    assert article.body.rstrip().endswith("next month.")
    for noise in ("Home", "Sport", "Follow us", "Privacy"):
        assert noise not in article.body
    assert article.source == str(path.resolve())


def test_html_in_its_declared_legacy_charset_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    page = HTML_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    path.write_bytes(page.encode("cp1252"))
    article = read_one(path)
    assert isinstance(article, Article)
    assert "“We have found a fair way to split the bill,”" in article.body


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>x</title></head><body><nav></nav></body></html>")
    error = read_one(path)
    assert isinstance(error, ArticleError)
    assert str(error) == f"{path}: no article text found in the HTML"


def test_parse_html_takes_a_string() -> None:
    assert parse_html(HTML_PAGE, "mem").title == "Harbour talks end in accord"


def test_json_lines_bad_line_is_reported_and_the_rest_still_come(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"title": "First", "text": BODY, "url": "https://x.example/1",
                    "date": "2020-05-01", "publisher": "Wire"}),
        "{not json",
        "",
        json.dumps({"title": "No text here"}),
        json.dumps({"text": f"Second story\n\n{BODY}"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_articles(path))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "ArticleError", "ArticleError", "Article"]
    first, bad_json, no_text, second = items
    assert (first.source, first.url, first.title, first.date, first.publisher) == (
        "https://x.example/1", "https://x.example/1", "First", dt.date(2020, 5, 1), "Wire")
    assert str(bad_json).startswith(f"{path}: line 2: invalid JSON (")
    assert str(no_text) == f'{path}: line 4: no "text" field'
    assert second.source == f"{path.resolve()}#L5"
    assert (second.title, second.body) == ("Second story", BODY)


def test_folder_is_expanded_sorted_skipping_hidden_readme_and_others(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/two.md", "a.txt", "c.html", "d.jsonl", ".hidden.txt", "README.md",
                 ".git/x.txt", "notes.json", "image.png"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_article_files([tmp_path])]
    assert found == ["a.txt", "b/two.md", "c.html", "d.jsonl"]


def test_missing_path_and_empty_folder_are_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    items = list(iter_article_files([tmp_path / "nope.txt", tmp_path / "empty"]))
    assert [str(i) for i in items] == [
        f"{tmp_path / 'nope.txt'}: no such file or directory",
        f"{tmp_path / 'empty'}: no article files in folder",
    ]


def test_explicit_file_is_kept_whatever_its_suffix_and_listed_once(tmp_path: Path) -> None:
    path = tmp_path / "story"
    path.write_text(f"Grain talks\n\n{BODY}", encoding="utf-8")
    assert list(iter_article_files([path, str(path)])) == [path]


def test_folder_with_a_bad_file_among_good_ones_yields_every_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"First story\n\n{BODY}", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text(f"Third story\n\n{BODY}", encoding="utf-8")
    items = list(iter_articles([tmp_path]))
    assert [i.title if isinstance(i, Article) else str(i) for i in items] == [
        "First story", f"{tmp_path / 'b.txt'}: empty file", "Third story"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"  \n\n\t\n", "empty file"),
        (b"Title\x00\x01\x02 body", "binary file, not text (contains NUL bytes)"),
        (bytes(range(1, 32)) * 20, "binary file, not text (mostly non-text bytes)"),
        ("Title\n\nThe caf\u00e9 opened.".encode("latin-1"),
         "not UTF-8 text (invalid byte 0xe9 at offset 14); save it as UTF-8"),
        (f"Title\n\n{BODY}".encode() * 20, "too large (1,600 bytes; the limit is 1,000)"),
        (b"Title only", "no article text after the title"),
    ],
)
def test_unreadable_file_gives_a_clear_error_naming_it(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    error = read_one(path, max_bytes=1000)
    assert isinstance(error, ArticleError)
    assert str(error) == f"{path}: {message}"


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8-sig"),
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("utf-16-be").join([b"\xfe\xff", b""]),
    ],
)
def test_utf8_and_utf16_with_bom_are_read(tmp_path: Path, encode) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(encode("Title: Café talks\n\nThe café opened.\n"))
    article = read_one(path)
    assert isinstance(article, Article)
    assert (article.title, article.body) == ("Café talks", "The café opened.")


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2017-06-01", dt.date(2017, 6, 1)),
        ("June 1, 2017", dt.date(2017, 6, 1)),
        ("1 June 2017", dt.date(2017, 6, 1)),
        ("2017-06-01T10:00:00Z", dt.date(2017, 6, 1)),
        ("Thu, 01 Jun 2017 10:00:00 GMT", dt.date(2017, 6, 1)),
        ("June 2017", None),
        ("June 1", None),
        ("soon", None),
    ],
)
def test_parse_date_needs_day_month_and_year(value: str, date: dt.date | None) -> None:
    assert parse_date(value) == date


def test_docstring_examples_run() -> None:
    assert doctest.testmod(kg.articles).failed == 0

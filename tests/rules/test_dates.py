"""Dates, rule by rule: date lines in text, and a page's URL path, markup and htmldate's reading of it."""

from __future__ import annotations

import pytest

import docpipe
from docpipe.model import Evidence
from docpipe.rules import dates, names

from ..articles import HEADLINE, html_page, processed, rows, selected, text_article


@pytest.mark.parametrize(
    ("line", "published", "modified"),
    [
        pytest.param("6 May 2025", "2025-05-06", None, id="day-month-year"),
        pytest.param("Friday 15 November 2024", "2024-11-15", None, id="weekday"),
        pytest.param("2024-11-15", "2024-11-15", None, id="iso"),
        pytest.param("15/11/2024", "2024-11-15", None, id="numeric-unambiguous"),
        pytest.param("Published: Nov. 15, 2024 | Updated: Nov. 16, 2024", "2024-11-15", "2024-11-16", id="updated"),
        # 5 June or May 6: the date line refuses it (the last-resort first-date reader guesses: tests/text)
        pytest.param("05/06/2024", None, None, id="numeric-ambiguous"),
        # ... unless a US time zone follows: the US writes the month first
        pytest.param("10/11/2022 08:00 AM EDT", "2022-10-11", None, id="numeric-us-time-zone"),
        pytest.param("December 2nd, 2025", "2025-12-02", None, id="ordinal-day"),
    ],
)
def test_date_line(line: str, published: str | None, modified: str | None) -> None:
    doc = processed(text_article(HEADLINE, line), "story.txt")
    dateline = [(e.value, e.method) for e in rows(doc, "published_date") if e.method == "text:dateline"]
    assert dateline[:1] == ([(published, "text:dateline")] if published else [])
    if published:
        assert selected(doc, "published_date") == [(published, "text:dateline")]
    assert selected(doc, "modified_date") == ([(modified, "text:dateline")] if modified else [])
    for row in rows(doc, "published_date") + rows(doc, "modified_date"):
        assert row.char_start is not None and row.char_end is not None
        assert row.char_start >= doc.clean_text.index(line)


def test_a_byline_after_the_date_gives_the_authors() -> None:
    doc = processed(text_article(HEADLINE, "Published on December 2nd, 2025 by Jane Doe and John Roe"), "story.txt")
    assert selected(doc, "published_date") == [("2025-12-02", "text:dateline")]
    assert selected(doc, "authors") == [("Jane Doe", "text:byline"), ("John Roe", "text:byline")]
    assert "Jane Doe" not in doc.body_text


def test_a_byline_before_the_date_gives_the_authors() -> None:
    # A name ending in a weekday's letters ("Symon") is no weekday: the name stays whole.
    doc = processed(text_article(HEADLINE, "By Evan Symon, August 14, 2020 2:30 pm"), "story.txt")
    assert selected(doc, "published_date") == [("2020-08-14", "text:dateline")]
    assert selected(doc, "authors") == [("Evan Symon", "text:byline")]
    (row,) = rows(doc, "authors")
    assert doc.clean_text[row.char_start : row.char_end] == "Evan Symon"


def test_a_place_before_the_date_is_no_author() -> None:
    doc = processed(text_article(HEADLINE, "New York, August 14, 2020"), "story.txt")
    assert selected(doc, "published_date") == [("2020-08-14", "text:dateline")]
    assert rows(doc, "authors") == []


def test_a_date_on_the_byline_line() -> None:
    doc = processed(text_article(HEADLINE, "Jane Doe | 6 May 2025"), "story.txt")
    assert [(e.value, e.method, e.confidence) for e in rows(doc, "published_date")] == [
        ("2025-05-06", "text:byline", 0.85),
        ("2025-05-06", "text:first-date", 0.5),  # (the last resort reads the same day)
    ]


def test_the_url_of_a_web_view_line_gives_the_day() -> None:
    url = "https://www.harbourherald.com.au/2024/05/06/reserve-bank-holds"
    doc = processed(text_article(f"View this post on the web at {url}", HEADLINE), "newsletter.txt")
    assert selected(doc, "url") == [(url, "text:web-view-line")]
    assert selected(doc, "published_date") == [("2024-05-06", "url")]


# The publisher filed the story under 18 October (its own time zone); the UTC timestamp has already rolled over.
CANONICAL_DATED = html_page(
    "<title>Reserve Bank holds rates</title>"
    '<link rel="canonical" href="https://www.harbourherald.com.au/2019/10/18/reserve-bank-holds-rates/">'
    '<meta property="article:published_time" content="2019-10-19T01:30:00Z">',
    top="<h1>Reserve Bank holds rates</h1>",
)
# A WordPress-style entry: the only date is the visible <time> of the post, which htmldate reads.
TIME_ELEMENT = html_page(
    "<title>Reserve Bank holds rates | Harbour Herald</title>",
    top='<h1>Reserve Bank holds rates</h1><p class="meta">Posted <time datetime="2021-03-04T09:00:00+11:00" '
    'class="entry-date published">March 4, 2021</time></p>',
)
JSON_LD_DATED = html_page(
    "<title>Reserve Bank holds rates</title>"
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
    '"headline":"Reserve Bank holds rates","datePublished":"2021-03-04T09:00:00+11:00",'
    '"dateModified":"2021-03-05T10:00:00+11:00"}</script>'
    '<meta property="article:published_time" content="2021-03-03T22:00:00Z">',
    top="<h1>Reserve Bank holds rates</h1>",
)


def test_a_dated_url_path_beats_a_utc_timestamp() -> None:
    doc = processed(CANONICAL_DATED, "story.html")
    assert selected(doc, "published_date") == [("2019-10-18", "url")]
    meta = next(e for e in rows(doc, "published_date") if e.method == "meta:article:published_time")
    assert (meta.value, meta.lost_because) == (
        "2019-10-19",
        "method meta:article:published_time ranks below url for published_date",
    )


def test_htmldate_reads_a_time_element() -> None:
    doc = processed(TIME_ELEMENT, "story.html")
    assert selected(doc, "published_date") == [("2021-03-04", "htmldate")]
    assert selected(doc, "modified_date") == [("2021-03-04", "htmldate")]
    htmldate_rows = [e for e in doc.evidence if e.method == "htmldate"]
    assert [(e.field, e.evidence, e.confidence) for e in htmldate_rows] == [
        ("published_date", "htmldate(original_date=True)", 0.7),
        ("modified_date", "htmldate(original_date=False)", 0.7),
    ]


def test_json_ld_dates_beat_meta_tags_and_htmldate() -> None:
    doc = processed(JSON_LD_DATED, "story.html")
    assert selected(doc, "published_date") == [("2021-03-04", "json-ld")]
    assert selected(doc, "modified_date") == [("2021-03-05", "json-ld")]
    assert "htmldate" in {e.method for e in rows(doc, "published_date")}


def json_ld_and_dateline(date_published: str, dateline: str) -> str:
    """A page whose JSON-LD datePublished and visible date line disagree."""
    return html_page(
        "<title>Bridge closes</title><script type='application/ld+json'>"
        '{"@context":"https://schema.org","@type":"NewsArticle","headline":"Bridge closes",'
        f'"datePublished":"{date_published}"}}</script>',
        top=f"<h1>Bridge closes</h1><p class='date'>{dateline}</p>",
    )


def published_row(doc: docpipe.Document, method: str) -> Evidence:
    return next(e for e in doc.evidence if e.field == "published_date" and e.method == method)


def test_a_utc_timestamp_near_midnight_yields_to_the_visible_date_a_day_away() -> None:
    # The page's JSON-LD gives its time in UTC, which moved it to the day before its dateline's.
    doc = processed(json_ld_and_dateline("2021-11-04T23:00:00Z", "5 November 2021"), "bridge.html")
    assert str(doc.metadata.published_date) == "2021-11-05"
    assert "UTC timestamp near midnight" in (published_row(doc, "json-ld").lost_because or "")
    noon = processed(json_ld_and_dateline("2021-11-04T12:00:00Z", "5 November 2021"), "bridge.html")
    assert str(noon.metadata.published_date) == "2021-11-04"  # JSON-LD ranks first


def test_a_day_before_1995_yields_to_a_later_candidate_unless_stated() -> None:
    # A page about a 1962 book: its JSON-LD datePublished is the book's, the date line is the article's.
    page = json_ld_and_dateline("1962-05-01", "3 March 2023")
    doc = processed(page, "classic.html")
    assert str(doc.metadata.published_date) == "2023-03-03"
    assert (published_row(doc, "json-ld").lost_because or "").startswith("before 1995-01-01")
    stated = processed(page, "classic.html", sidecar={"published_date": "1962-05-01"})
    assert str(stated.metadata.published_date) == "1962-05-01"


@pytest.mark.parametrize(
    ("written", "day"),
    [
        pytest.param("18. Oktober 2023", "2023-10-18", id="de"),
        pytest.param("Donnerstag, 5. Juni 2025", "2025-06-05", id="de-weekday"),
        pytest.param("1er mars 2021", "2021-03-01", id="fr"),
        pytest.param("jeudi 21 juin 2018", "2018-06-21", id="fr-weekday"),
        pytest.param("5 de mayo de 2020", "2020-05-05", id="es"),
    ],
)
def test_a_date_line_with_a_month_written_in_german_french_or_spanish(written: str, day: str) -> None:
    doc = processed(text_article(HEADLINE, written), "story.txt")
    assert selected(doc, "published_date") == [(day, "text:dateline")]


def test_a_weekday_in_another_language_is_the_date_s_not_the_name_s() -> None:
    # "APA Donnerstag, 5. Juni 2025": the agency and the day; the weekday is no part of a name.

    found = dates.find_date("APA Donnerstag, 5. Juni 2025")
    assert found is not None and found.start == len("APA ")
    byline = names.parse_byline("Von Jan Weber, Donnerstag, 5. Juni 2025")
    assert byline is not None and [n.name for n in byline.names] == ["Jan Weber"]

"""Titles, rule by rule: each row a small page or text and the title chosen, with the method that gave it.

Titles go by agreement first (how many independent sources propose the same title), method rank breaking
ties. The pages' heads are those of real pages (Wikipedia, eHow, the V8 blog), cut down to what decides.
"""

from __future__ import annotations

import pytest

from ..articles import HEADLINE, PARAGRAPHS, html_page, processed, rows, selected, text_article

# Wikipedia's JSON-LD "headline" is the Wikidata description; the <h1> and <title> say what the page is.
WIKIPEDIA = html_page(
    "<title>New Zealand - Wikipedia</title>"
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","name":"New Zealand",'
    '"url":"https://en.wikipedia.org/wiki/New_Zealand","headline":"constitutional monarchy in Oceania"}</script>',
    top='<h1 id="firstHeading" class="firstHeading">New Zealand</h1>',
)
# eHow: og:title carries the site name, the <title> a "(with Pictures)" aside; the <h1> agrees with the <title>'s
# start, so two sources agree on the bare title.
EHOW = html_page(
    "<title>How to Build a Terrarium (with Pictures) | eHow</title>"
    '<meta property="og:title" content="How to Build a Terrarium | eHow">',
    top="<h1>How to Build a Terrarium</h1>",
)
# The V8 blog: the first <h1> is the site's logo; the article's own heading agrees with the <title>.
V8_BLOG = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Outside the web: standalone WebAssembly binaries using Emscripten · V8</title></head>"
    '<body><header><h1><a href="/">V8</a></h1><nav><a href="/docs">Documentation</a></nav></header>'
    "<main><article><header><h1>Outside the web: standalone WebAssembly binaries using Emscripten</h1>"
    f"<p>Published 21 November 2019</p></header>{PARAGRAPHS}</article></main></body></html>"
)
# A news page whose sources all agree: JSON-LD ranks first among them.
AGREEING = html_page(
    "<title>Reserve Bank holds rates | Harbour Herald</title>"
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
    '"headline":"Reserve Bank holds rates"}</script>',
    top="<h1>Reserve Bank holds rates</h1>",
)


@pytest.mark.parametrize(
    ("data", "filename", "title", "method"),
    [
        pytest.param(WIKIPEDIA, "nz.html", "New Zealand", "html:h1", id="json-ld-description-outvoted"),
        pytest.param(EHOW, "ehow.html", "How to Build a Terrarium", "html:h1", id="og-title-with-site-outvoted"),
        pytest.param(
            V8_BLOG,
            "v8.html",
            "Outside the web: standalone WebAssembly binaries using Emscripten",
            "text:headline",
            id="logo-h1-outvoted",
        ),
        pytest.param(AGREEING, "news.html", "Reserve Bank holds rates", "json-ld", id="all-agree-rank-decides"),
        # (plain text: its first line and its headline section agree; which ranks first is the plain-text scorer's,
        # `test_a_plain_texts_first_line_and_headline_agree`)
    ],
)
def test_title(data: str, filename: str, title: str, method: str) -> None:
    doc = processed(data, filename)
    assert doc.metadata.title == title
    assert selected(doc, "title") == [(title, method)]


@pytest.mark.parametrize("filename", ["story.txt", "story.md.txt"])
def test_a_plain_texts_first_line_and_headline_agree(filename: str) -> None:
    headline = ("# " if filename.endswith(".md.txt") else "") + HEADLINE
    doc = processed(text_article(headline), filename)
    assert doc.metadata.title == HEADLINE
    (winner,) = [e for e in rows(doc, "title") if e.selected]
    (loser,) = [e for e in rows(doc, "title") if not e.selected]
    assert {winner.method, loser.method} == {"text:first-line", "text:headline"}
    assert (loser.value, loser.lost_because) == (HEADLINE, f"same value as the winner (found by {winner.method})")


def test_the_outvoted_candidate_says_why() -> None:
    doc = processed(WIKIPEDIA, "nz.html")
    loser = next(e for e in rows(doc, "title") if e.method == "json-ld")
    assert (loser.value, loser.selected) == ("constitutional monarchy in Oceania", False)
    winner = next(e for e in rows(doc, "title") if e.selected)
    # Titles are ranked by the shipped model: the description scores below the agreed headline, and says by what.
    assert loser.score is not None and winner.score is not None and loser.score < winner.score
    assert loser.lost_because == (
        f"scored {loser.score:.2f} against the winner's {winner.score:.2f} (its largest terms: {loser.score_terms})"
    )
    same = [e.lost_because for e in rows(doc, "title") if e.method in ("text:headline", "html:title")]
    assert same == [f"same value as the winner (found by {winner.method})"] * 2


def test_a_sidecar_title_wins_without_support() -> None:
    doc = processed(EHOW, "ehow.html", sidecar={"title": "Terrariums"})
    assert selected(doc, "title") == [("Terrariums", "sidecar")]
    reasons = {e.method: e.lost_because for e in rows(doc, "title") if not e.selected}
    assert reasons["html:h1"] == "sidecar states the title: it comes before any candidate's score"

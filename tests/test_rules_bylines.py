"""Bylines, rule by rule: each row an article's furniture and the authors chosen, with method and confidence."""

from __future__ import annotations

import pytest

from .articles import HEADLINE, html_page, processed, rows, selected, text_article


@pytest.mark.parametrize(
    ("furniture", "authors", "confidence"),
    [
        pytest.param("By Jane Doe and Samuel Lee", ("Jane Doe", "Samuel Lee"), 0.9, id="by-a-and-b"),
        pytest.param("*By Jane Doe*", ("Jane Doe",), 0.9, id="markdown-emphasis"),
        pytest.param("By Jane Doe, Economics Correspondent", ("Jane Doe",), 0.9, id="role-is-no-author"),
        pytest.param("By Jane Doe and the Business Desk", ("Jane Doe",), 0.9, id="desk-is-no-author"),
        # A bare line of names is a byline by its position only: less sure.
        pytest.param(
            "Jane Doe, Samuel Lee and Priya Natarajan",
            ("Jane Doe", "Samuel Lee", "Priya Natarajan"),
            0.75,
            id="bare-names",
        ),
        pytest.param("Jane Doe | 6 May 2025", ("Jane Doe",), 0.75, id="name-and-date"),
    ],
)
def test_text_byline(furniture: str, authors: tuple[str, ...], confidence: float) -> None:
    doc = processed(text_article(HEADLINE, furniture), "story.txt")
    assert doc.metadata.authors == authors
    assert [(e.value, e.method, e.confidence) for e in rows(doc, "authors")] == [
        (name, "text:byline", confidence) for name in authors
    ]
    for row in rows(doc, "authors"):  # the evidence is the name where it stands in the clean text
        assert row.char_start is not None and doc.clean_text[row.char_start : row.char_end] == row.value


def test_a_by_line_outranks_a_bare_line_of_capitalised_words() -> None:
    # A saved page's buttons ("Read Later") read as a bare line of names; the "By …" line is the byline.
    doc = processed(text_article(HEADLINE, "Read Later", "By Jane Doe", "6 May 2025"), "story.txt")
    assert doc.metadata.authors == ("Jane Doe",)
    (bare,) = [e for e in rows(doc, "authors") if e.value == "Read Later"]
    assert not bare.selected and bare.lost_because is not None and "more surely (0.90 > 0.75" in bare.lost_because


def test_a_posted_by_line_under_the_post_names_the_author() -> None:
    doc = processed(text_article(HEADLINE, after=("Posted by Alex Durán, AMP Project Marketing, Google",)), "story.txt")
    assert selected(doc, "authors") == [("Alex Durán", "text:byline")]  # the job and the employer are no names
    assert "Posted by" not in doc.body_text


@pytest.mark.parametrize(
    ("furniture", "author", "written"),
    [
        pytest.param("By Doe, Jane", "Jane Doe", "Doe, Jane", id="surname-first"),
        pytest.param(
            "By van der Berg, Anna Maria", "Anna Maria van der Berg", "van der Berg, Anna Maria", id="particles"
        ),
        pytest.param("By Wilson-Smith, Chris | 6 May 2025", "Chris Wilson-Smith", "Wilson-Smith, Chris", id="and-date"),
    ],
)
def test_a_name_written_surname_first_is_one_person(furniture: str, author: str, written: str) -> None:
    doc = processed(text_article(HEADLINE, furniture), "story.txt")
    assert doc.metadata.authors == (author,)
    # The value is in natural order; the evidence is the whole name as the page writes it.
    (row,) = rows(doc, "authors")
    assert doc.clean_text[row.char_start : row.char_end] == row.evidence == written


@pytest.mark.parametrize(
    ("furniture", "authors"),
    [
        pytest.param("By Jane Doe, Samuel Lee", ("Jane Doe", "Samuel Lee"), id="two-full-names"),
        pytest.param("By Jane Doe, PhD", ("Jane Doe",), id="degree"),
        pytest.param("Paris, France", (), id="bare-place"),  # without "By", the shape of "Doe, Jane" is a place's too
        pytest.param("By Washington, D.C.", (), id="initials-only"),
    ],
)
def test_a_comma_that_is_no_surname_first(furniture: str, authors: tuple[str, ...]) -> None:
    doc = processed(text_article(HEADLINE, furniture), "story.txt")
    assert doc.metadata.authors == authors


def test_an_author_field_surname_first_is_one_person() -> None:
    page = html_page('<title>Reserve Bank holds rates</title><meta name="citation_author" content="Doe, Jane">')
    doc = processed(page, "story.html")
    assert selected(doc, "authors") == [("Jane Doe", "meta:citation_author")]


def test_a_bio_names_the_same_author_and_loses_to_the_byline() -> None:
    doc = processed(
        text_article(HEADLINE, "By Jane Doe", after=("Jane Doe is a senior economics correspondent based in Sydney.",)),
        "story.txt",
    )
    assert selected(doc, "authors") == [("Jane Doe", "text:byline")]
    (bio,) = [e for e in rows(doc, "authors") if e.method == "text:author-bio"]
    assert bio.lost_because == "same name, also found by text:byline, whose names were taken"


def test_a_bio_alone_names_the_author() -> None:
    doc = processed(
        text_article(HEADLINE, after=("Jane Doe is a senior economics correspondent based in Sydney.",)), "story.txt"
    )
    assert [(e.value, e.method, e.confidence) for e in rows(doc, "authors")] == [("Jane Doe", "text:author-bio", 0.7)]


@pytest.mark.parametrize(
    ("head", "top", "authors", "method"),
    [
        pytest.param(
            '<meta name="author" content="Jane Doe">',
            '<div class="byline">By <a rel="author" href="/staff/sam-lee">Sam Lee</a></div>',
            ("Jane Doe",),
            "meta:author",
            id="meta-author-over-byline-element",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
            '"headline":"Reserve Bank holds rates","author":[{"@type":"Organization","name":"Harbour Herald"},'
            '{"@type":"Person","name":"Jane Doe"}]}</script>',
            "",
            ("Jane Doe",),
            "json-ld",
            id="json-ld-people-not-organisations",
        ),
        pytest.param(
            '<meta name="byl" content="By Jane Doe and Sam Lee">',
            "",
            ("Jane Doe", "Sam Lee"),
            "meta:byl",
            id="byl-tag",
        ),
        pytest.param(
            "",
            '<p class="byline">Written by Jane Doe<br>Edited by Sam Lee</p>',
            ("Jane Doe",),
            "trafilatura",
            id="editor-is-no-author",
        ),
    ],
)
def test_page_byline(head: str, top: str, authors: tuple[str, ...], method: str) -> None:
    page = html_page(
        f"<title>Reserve Bank holds rates | Harbour Herald</title>{head}", f"<h1>Reserve Bank holds rates</h1>{top}"
    )
    doc = processed(page, "story.html")
    assert doc.metadata.authors == authors
    assert selected(doc, "authors") == [(name, method) for name in authors]


def test_losing_byline_methods_say_why() -> None:
    page = html_page(
        '<title>Reserve Bank holds rates</title><meta name="author" content="Jane Doe">',
        "<h1>Reserve Bank holds rates</h1>"
        '<div class="byline">By <a rel="author" href="/staff/sam-lee">Sam Lee</a></div>',
    )
    reasons = {(e.value, e.method): e.lost_because for e in rows(processed(page, "story.html"), "authors")}
    assert reasons[("Sam Lee", "html:byline")] == (
        "authors come from the first method that names someone: meta:author ranks above html:byline"
    )
    assert reasons[("Jane Doe", "meta:author")] is None

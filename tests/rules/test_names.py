"""Bylines, rule by rule: each row an article's furniture and the authors chosen, with method and confidence."""

from __future__ import annotations

import pytest

from ..articles import HEADLINE, html_page, processed, rows, selected, text_article


@pytest.mark.parametrize(
    ("furniture", "authors", "confidence"),
    [
        pytest.param("By Jane Doe and Samuel Lee", ("Jane Doe", "Samuel Lee"), 0.9, id="by-a-and-b"),
        pytest.param("*By Jane Doe*", ("Jane Doe",), 0.9, id="markdown-emphasis"),
        pytest.param("By Jane Doe, Economics Correspondent", ("Jane Doe",), 0.9, id="role-is-no-author"),
        # The desk is credited beside the person (its kind tells them apart: test_author_kinds).
        pytest.param("By Jane Doe and the Business Desk", ("Jane Doe", "Business Desk"), 0.9, id="desk-is-a-credit"),
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
            ("Harbour Herald", "Jane Doe"),
            "json-ld",
            id="json-ld-people-and-organisations",
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


# --- the credit as the page gives it (issue 15): people, or the agency, desk, staff or handle of the byline ------


@pytest.mark.parametrize(
    ("furniture", "authors", "kinds"),
    [
        pytest.param("By Reuters", ("Reuters",), ("organization",), id="agency-only"),
        pytest.param("By The Associated Press", ("The Associated Press",), ("organization",), id="agency-with-the"),
        pytest.param("By dpa", ("dpa",), ("organization",), id="agency-lower-case"),
        pytest.param("By Reuters and AFP", ("Reuters", "AFP"), ("organization", "organization"), id="two-agencies"),
        pytest.param("By Lifestyle Desk", ("Lifestyle Desk",), ("organization",), id="desk"),
        pytest.param("By Guardian staff reporter", ("Guardian staff reporter",), ("organization",), id="staff"),
        pytest.param("By Jane Doe, Staff Writer", ("Jane Doe",), ("person",), id="staff-role-after-a-name"),
        pytest.param("By Rob Picheta, CNN", ("Rob Picheta",), ("person",), id="name-comma-outlet"),
        pytest.param("By Jane Doe, Reuters", ("Jane Doe",), ("person",), id="name-comma-agency"),
        pytest.param(
            "By Jane Doe and Reuters", ("Jane Doe", "Reuters"), ("person", "organization"), id="name-and-agency"
        ),
        pytest.param("By 山田 太郎", ("山田 太郎",), ("person",), id="japanese-name"),
    ],
)
def test_author_kinds(furniture: str, authors: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    doc = processed(text_article(HEADLINE, furniture), "story.txt")
    assert (doc.metadata.authors, doc.metadata.author_kinds) == (authors, kinds)


def test_a_bare_line_credits_no_desk() -> None:
    # Without "By", a line of capitalised words is a byline only if it is people: "World News" heads a section.
    doc = processed(text_article(HEADLINE, "World News"), "story.txt")
    assert doc.metadata.authors == ()


@pytest.mark.parametrize(
    ("content", "authors", "kinds"),
    [
        pytest.param("Reuters", ("Reuters",), ("organization",), id="agency"),
        pytest.param("Redaktion", ("Redaktion",), ("organization",), id="desk-in-german"),
        pytest.param("tlow", ("tlow",), ("person",), id="handle"),
        pytest.param("肖春芳", ("肖春芳",), ("person",), id="chinese-name"),
        pytest.param("Rob Picheta, CNN", ("Rob Picheta",), ("person",), id="name-comma-outlet"),
        pytest.param("Kirche und Leben, Münster, Germany", (), (), id="outlet-and-place"),
        pytest.param("[Name]", (), (), id="template-placeholder"),
        pytest.param("[publisher]", (), (), id="template-placeholder-publisher"),
        pytest.param("No Author", (), (), id="no-author"),
        pytest.param("admin", (), (), id="admin"),
    ],
)
def test_meta_author_credits(content: str, authors: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    page = html_page(f'<title>Reserve Bank holds rates</title><meta name="author" content="{content}">')
    doc = processed(page, "story.html")
    assert (doc.metadata.authors, doc.metadata.author_kinds) == (authors, kinds)


@pytest.mark.parametrize(
    ("author", "authors", "kinds"),
    [
        pytest.param('{"@type":"Person","name":"Jane Doe"}', ("Jane Doe",), ("person",), id="person"),
        pytest.param(
            '{"@type":"NewsMediaOrganization","name":"Harbour Herald"}',
            ("Harbour Herald",),
            ("organization",),
            id="news-media-organization",
        ),
        # A Person typed so by the page is one, whatever its name's words say.
        pytest.param('{"@type":"Person","name":"Guardian staff"}', ("Guardian staff",), ("person",), id="typed-wins"),
        pytest.param('{"@type":"Organization","name":"[publisher]"}', (), (), id="placeholder"),
        pytest.param('"Reuters"', ("Reuters",), ("organization",), id="untyped-agency"),
        pytest.param(
            '[{"@type":"Person","name":"田中 花子"},{"@type":"Organization","name":"Kyodo"}]',
            ("田中 花子", "Kyodo"),
            ("person", "organization"),
            id="japanese-name-and-agency",
        ),
    ],
)
def test_json_ld_author_kinds(author: str, authors: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    page = html_page(
        '<title>Reserve Bank holds rates</title><script type="application/ld+json">{"@context":"https://schema.org",'
        f'"@type":"NewsArticle","headline":"Reserve Bank holds rates","author":{author}}}</script>'
    )
    doc = processed(page, "story.html")
    assert (doc.metadata.authors, doc.metadata.author_kinds) == (authors, kinds)


def test_a_one_word_name_after_full_names_is_a_co_author() -> None:
    page = html_page(
        '<title>Reserve Bank holds rates</title><meta name="author" content="Jane Doe, Anna Lee, Sweidah">'
    )
    assert processed(page, "story.html").metadata.authors == ("Jane Doe", "Anna Lee", "Sweidah")


def test_a_sentence_without_case_is_no_name() -> None:
    # Two unspaced runs of Chinese are a sentence, not a given name and a family name.
    page = html_page(
        "<title>Reserve Bank holds rates</title>",
        '<div class="byline">一波波接續性低溫寒流報到 已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣</div>',
    )
    assert processed(page, "story.html").metadata.authors == ()


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        pytest.param(
            "Ein Artikel von <strong>Pamela Sladky</strong> | 27.01.2022 - 12:45", ("Pamela Sladky",), id="de"
        ),
        pytest.param("<span>par <span>Didier Roy</span>, 21 juin 2018</span>", ("Didier Roy",), id="fr"),
        pytest.param("<span>By Jane Doe and Samuel Lee</span>", ("Jane Doe", "Samuel Lee"), id="en"),
        # A date the date reader does not know ends the names where a weekday or "published" begins it.
        pytest.param("Von Lisa Petrich Mi, 18. Oktober 2023 um 12:50 Uhr", ("Lisa Petrich",), id="de-weekday"),
        pytest.param("Von Jan Weber Publiziert 02/02/2022 um 09:23 GMT", ("Jan Weber",), id="de-published"),
    ],
)
def test_a_by_line_under_the_headline_that_no_byline_class_marks(line: str, authors: tuple[str, ...]) -> None:
    # The extractor leaves such a line out of the text, and no class or rel names it a byline.
    doc = processed(html_page("", top=f"<h1>{HEADLINE}</h1><div class='meta'>{line}</div>"), "story.html")
    assert selected(doc, "authors") == [(name, "html:by-line") for name in authors]


def test_a_by_line_under_the_headline_names_someone_only_where_nothing_else_does() -> None:
    head = '<meta name="author" content="Priya Natarajan">'
    doc = processed(html_page(head, top=f"<h1>{HEADLINE}</h1><div class='meta'>Von Pamela Sladky</div>"), "story.html")
    assert selected(doc, "authors") == [("Priya Natarajan", "meta:author")]
    loser = next(e for e in rows(doc, "authors") if e.method == "html:by-line")
    assert (loser.value, loser.lost_because) == (
        "Pamela Sladky",
        "authors come from the first method that names someone: meta:author ranks above html:by-line",
    )


def test_a_by_line_below_the_body_s_first_paragraph_is_not_the_article_s() -> None:
    # (a comment's or a related story's "By …" line, after the article's prose has begun)
    doc = processed(html_page("", top=f"<h1>{HEADLINE}</h1>", bottom="<div>By Jane Doe</div>"), "story.html")
    assert not any(e.method == "html:by-line" for e in rows(doc, "authors"))


SITE_CREDIT_HEAD = (
    '<meta property="og:site_name" content="Daily Bugle">'
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Reserve Bank holds rates",'
    ' "author": {"@type": "Organization", "name": "Daily Bugle"}}</script>'
)


def test_a_page_crediting_itself_yields_to_the_person_its_byline_names() -> None:
    # JSON-LD naming the site as author is a CMS's default; the byline element names the writer.
    top = f"<h1>{HEADLINE}</h1><span class='byline'>Priya Natarajan</span>"
    doc = processed(html_page(SITE_CREDIT_HEAD, top=top), "story.html")
    ((name, method),) = selected(doc, "authors")
    assert name == "Priya Natarajan" and method in ("trafilatura", "html:byline")  # (both read the byline)
    assert doc.metadata.author_kinds == ("person",)
    site = next(e for e in rows(doc, "authors") if e.method == "json-ld")
    assert (site.value, site.lost_because) == (
        "Daily Bugle",
        f"names the site itself, a default credit: {method} names a person, the byline",
    )


def test_a_page_crediting_itself_and_naming_no_person_keeps_its_credit() -> None:
    doc = processed(html_page(SITE_CREDIT_HEAD, top=f"<h1>{HEADLINE}</h1>"), "story.html")
    assert selected(doc, "authors") == [("Daily Bugle", "json-ld")]
    assert doc.metadata.author_kinds == ("organization",)

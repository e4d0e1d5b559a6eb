"""Unit tests of the rules that read sections from a page's markup (`layout`): one rule a case, on small pages.

These check that each rule does what it says; how well the rules hold on real pages is measured on Fundus's
pages (`make bench-quality`, `tests/page/test_fundus_sections.py`), never on pages written here.
"""

from __future__ import annotations

import lxml.html
import pytest

import docpipe
from docpipe.model import Document, SectionKind
from docpipe.page import headings

BODY = [
    "The council voted on Tuesday to close the old bridge to traffic after engineers found deep cracks in two of "
    "its piers, a decision that will send thousands of drivers on a long detour every day.",
    "Residents on both sides of the river said they had been warned for years that the structure was failing, "
    "and several spoke at the meeting to ask why repairs had been put off so many times.",
    "The city expects the replacement to take at least three years, and officials said a ferry service would run "
    "during the morning and evening rush hours until a temporary crossing is in place.",
    "Business owners near the bridge said the closure would cut their trade, and asked the council for help with "
    "rents while the work goes on; the council said it would consider the request next month.",
]
LEAD = "Engineers found cracks that make the crossing unsafe, and repairs will take years."
TITLE = "Council closes the old bridge"


def page(head: str = "", top: str = "", body: list[str] | None = None, between: dict[int, str] | None = None) -> str:
    paragraphs = []
    for index, text in enumerate(body or BODY):
        paragraphs.append(f"<p>{text}</p>")
        if between and index in between:
            paragraphs.append(between[index])
    return (
        f"<html><head><title>{TITLE}</title>{head}</head><body><main><article>"
        f"<h1>{TITLE}</h1>{top}<div class='article-body'>{''.join(paragraphs)}</div>"
        "</article></main></body></html>"
    )


def sections(html: str) -> list[tuple[SectionKind, str | None, str]]:
    doc = docpipe.process(html, filename="page.html")
    assert isinstance(doc, Document), doc
    return [(s.kind, s.heading, s.text) for s in doc.sections]


def standfirst_of(html: str) -> tuple[list[str], list[str]]:
    doc = docpipe.process(html, filename="page.html")
    assert isinstance(doc, Document), doc
    texts = [s.text for s in doc.sections if s.kind is SectionKind.STANDFIRST]
    return texts, [s.role.method for s in doc.sections if s.kind is SectionKind.STANDFIRST and s.role]


@pytest.mark.parametrize(
    ("top", "head", "method"),
    [
        pytest.param(f"<div class='summary-box'><p>{LEAD}</p></div>", "", "html:lead-markup", id="class-word"),
        pytest.param(f"<p itemprop='description'>{LEAD}</p>", "", "html:lead-markup", id="itemprop"),
        pytest.param(
            f"<div><p>{LEAD}</p></div>", f"<meta name='description' content='{LEAD}'>", "html:visible-description",
            id="description-repeated",
        ),
        pytest.param(
            f"<div><p>{LEAD}</p></div><p>By Jane Doe</p>", "", "html:above-byline", id="above-byline",
        ),
    ],
)  # fmt: skip
def test_a_standfirst_marked_by_the_page_is_found_with_its_rule(top: str, head: str, method: str) -> None:
    texts, methods = standfirst_of(page(head=head, top=top))
    assert texts == [LEAD]
    assert methods == [method]


def test_the_body_s_first_paragraph_is_no_standfirst_even_when_the_description_repeats_it() -> None:
    texts, _ = standfirst_of(page(head=f"<meta name='description' content='{BODY[0]}'>"))
    assert texts == []


def test_a_caption_under_the_headline_is_no_standfirst() -> None:
    top = f"<figure><img src='a.jpg'><figcaption>{LEAD}</figcaption></figure>"
    texts, _ = standfirst_of(page(head=f"<meta name='description' content='{LEAD}'>", top=top))
    assert texts == []


def test_a_paragraph_is_no_subhead_on_a_page_but_a_heading_the_extractor_dropped_is() -> None:
    html = page(between={0: "<p>Short line without a stop</p>", 1: "<h2>What happens next</h2>"})
    headings = [heading for kind, heading, _ in sections(html) if kind is SectionKind.BODY and heading]
    assert "Short line without a stop" not in headings
    assert headings == ["What happens next"]


def test_a_bold_paragraph_is_a_subhead_and_the_headline_repeated_is_none() -> None:
    html = page(top=f"<h2>{TITLE}</h2>", between={1: "<p><strong>The cost</strong></p>"})
    found = sections(html)
    assert [heading for kind, heading, _ in found if kind is SectionKind.BODY and heading] == ["The cost"]
    assert sum(TITLE in text for _, _, text in found) == 1  # the headline section only


def test_a_page_with_many_short_blocks_above_its_prose_is_no_page_dump() -> None:
    # The extractor's output starts with the page's headline: menus are already gone, whatever comes first.
    short = [f"Point {n} of the story as the council told it" for n in range(14)]  # no prose, headline-like
    found = sections(page(body=short + BODY))
    assert found[0][0] is SectionKind.HEADLINE
    assert not any(kind is SectionKind.OTHER for kind, _, _ in found)
    body = "\n".join(text for kind, _, text in found if kind is SectionKind.BODY)
    assert short[0] in body and BODY[0][:60] in body


def test_a_bold_sentence_is_emphasis_not_a_subhead() -> None:
    html = page(between={1: "<p><strong>The council will vote again on the matter next month.</strong></p>"})
    assert not [heading for kind, heading, _ in sections(html) if kind is SectionKind.BODY and heading]


def test_a_heading_that_is_a_link_is_a_teaser_not_a_subhead() -> None:
    teaser = "<h3><a href='/other-story'>Another story from the same council</a></h3>"
    html = page(between={1: "<h2>What happens next</h2>", 2: teaser})
    headings = [heading for kind, heading, _ in sections(html) if kind is SectionKind.BODY and heading]
    assert "Another story from the same council" not in headings


def test_a_heading_right_above_the_headline_is_its_kicker_not_a_subhead() -> None:
    html = page(between={1: "<h2>What happens next</h2>"}).replace("<h1>", "<h4>TRANSPORT</h4> <h1>", 1)
    found = headings.source_headings(lxml.html.fromstring(html))
    assert found.kickers == {"transport"}
    assert found.headings == {"what happens next"}


def test_a_reworded_headline_in_the_body_is_no_subhead_but_a_heading_on_part_of_its_topic_is() -> None:
    # The <title> and the visible headline often differ by a word or two; a subhead takes up part of the topic.
    reworded = "<h2>City council closes the old river bridge</h2>"
    html = page(between={0: reworded, 1: "<h2>Why the old bridge</h2>"})
    found = sections(html)
    assert [heading for kind, heading, _ in found if kind is SectionKind.BODY and heading] == ["Why the old bridge"]
    assert not any("river bridge" in text for kind, _, text in found if kind is SectionKind.BODY)


def test_a_live_blog_s_day_and_time_headers_the_extractor_dropped_go_back_in_the_page_s_order() -> None:
    pair = "<h2>Thursday, 18 July</h2><h5>11.04: The ferry service starts</h5>"
    tree = lxml.html.fromstring(page(between={1: pair}))
    found = headings.dropped_headings(tree, [TITLE, *BODY])  # (as if the extractor kept every paragraph, no heading)
    assert found == [(2, "Thursday, 18 July"), (2, "11.04: The ferry service starts")]


def test_a_heading_that_is_mostly_a_link_under_a_label_is_a_teaser_not_a_subhead() -> None:
    teaser = "<h3>Also read: <a href='/other-story'>Another story from the same council this week</a></h3>"
    html = page(between={1: "<h2>What happens next</h2>", 2: teaser})
    headings = [heading for kind, heading, _ in sections(html) if kind is SectionKind.BODY and heading]
    assert headings == ["What happens next"]


@pytest.mark.parametrize("title_tag", [f"{TITLE} | The Daily Bugle", f"{TITLE} - Local news", f"{TITLE}: Daily Bugle"])
def test_the_headline_is_the_h1_as_shown_where_the_title_read_adds_a_site_to_it(title_tag: str) -> None:
    # trafilatura reads og:title as it is ("Headline | Site"); the h1 shows the headline alone.
    html = page(head=f'<meta property="og:title" content="{title_tag}">')
    assert headings.shown_headline(lxml.html.fromstring(html), title_tag) == TITLE
    assert sections(html)[0] == (SectionKind.HEADLINE, None, TITLE)


def test_a_title_that_goes_on_in_words_is_no_h1_with_a_suffix() -> None:
    tree = lxml.html.fromstring(page())
    assert headings.shown_headline(tree, f"{TITLE} tonight") is None  # (a longer wording, not a site's name)
    assert headings.shown_headline(tree, f"{TITLE}s | Daily Bugle") is None  # (the h1 must end where the tail starts)


def test_an_h1_that_is_the_site_s_name_is_its_logo_not_the_headline() -> None:
    html = (
        "<html><head><title>Daily Bugle | Council closes the old bridge</title>"
        '<meta property="og:title" content="Daily Bugle | Council closes the old bridge">'
        '<meta property="og:site_name" content="Daily Bugle"></head><body><header><h1>Daily Bugle</h1></header>'
        f"<main><article><h2>{TITLE}</h2>{''.join(f'<p>{text}</p>' for text in BODY)}</article></main></body></html>"
    )
    tree = lxml.html.fromstring(html)
    assert headings.shown_headline(tree, "Daily Bugle | Council closes the old bridge", "Daily Bugle") is None
    assert headings.shown_headline(tree, "Daily Bugle | Council closes the old bridge") == "Daily Bugle"  # (no name)
    assert sections(html)[0][2] == "Daily Bugle | Council closes the old bridge"  # (og:title as trafilatura read it)

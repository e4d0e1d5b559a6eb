"""Republication notices: the original outlet a notice names wins the outlet over the page's own site."""

from __future__ import annotations

import pytest

from ..articles import HEADLINE, html_page, processed, rows, selected, text_article


@pytest.mark.parametrize(
    ("before", "after", "outlet"),
    [
        pytest.param((), ("This story originally appeared in Grist.",), "Grist", id="originally-appeared"),
        pytest.param(
            (),
            ("A version of this story first ran on ProPublica on May 6, 2025.",),
            "ProPublica",
            id="first-ran-with-date",
        ),
        pytest.param(
            (),
            (
                "This article is republished from The Conversation under a Creative Commons license. "
                "Read the original article.",
            ),
            "The Conversation",
            id="republished-from",
        ),
        pytest.param(("This article was first published on The Interpreter.",), (), "The Interpreter", id="at-the-top"),
        # reprinted on a platform: no original outlet named
        pytest.param((), ("This article was reprinted on Medium.",), None, id="reprinted-on"),
        pytest.param(
            (),
            ("This article was originally published on The Conversation. Read the original article.",),
            "The Conversation",
            marks=pytest.mark.xfail(
                strict=True, reason="the outlet runs on into the next sentence: 'The Conversation. Read'"
            ),
            id="originally-published-then-read-more",
        ),
    ],
)
def test_text_notice(before: tuple[str, ...], after: tuple[str, ...], outlet: str | None) -> None:
    doc = processed(text_article(*before, HEADLINE, after=after), "story.txt")
    assert selected(doc, "outlet") == ([(outlet, "text:republication-notice")] if outlet else [])
    for row in rows(doc, "outlet"):
        assert row.char_start is not None and doc.clean_text[row.char_start : row.char_end] == row.value


def test_a_notice_beats_the_sites_own_name_and_the_losers_say_why() -> None:
    page = html_page(
        "<title>Reserve Bank holds rates | Harbour Herald</title>"
        '<meta property="og:site_name" content="Harbour Herald">',
        top='<h1>Reserve Bank holds rates</h1><p class="repub"><em>This story originally appeared on '
        '<a href="https://grist.org">Grist</a>.</em></p>',
    )
    doc = processed(page, "story.html")
    assert doc.metadata.outlet == "Grist"
    assert doc.metadata.publisher == "Harbour Herald"  # who publishes this copy
    reasons = {e.method: (e.value, e.lost_because) for e in rows(doc, "outlet")}
    assert reasons["text:republication-notice"] == ("Grist", None)
    assert reasons["html:republication-notice"] == (
        "Grist",
        "same value as the winner (found by text:republication-notice, which ranked first)",
    )
    assert reasons["meta:og:site_name"] == (
        "Harbour Herald",
        "method meta:og:site_name ranks below text:republication-notice for outlet",
    )


def test_a_copyright_line_names_outlet_and_publisher() -> None:
    doc = processed(
        text_article(HEADLINE, "By Jane Doe", after=("© 2025 Harbour Media Group. All rights reserved.",)), "story.txt"
    )
    assert [(e.field, e.value, e.method, e.confidence) for e in doc.evidence if e.method == "text:copyright"] == [
        ("outlet", "Harbour Media Group", "text:copyright", 0.6),
        ("publisher", "Harbour Media Group", "text:copyright", 0.8),
    ]

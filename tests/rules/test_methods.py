"""The metadata method registry's precedence, pinned: each field's methods in the order docpipe means them to rank.

EXPECTED_PRECEDENCE is the expectation, written out by hand rather than read from the registry: reordering
`methods.METHODS` (on purpose or by a slip while moving rows) fails `test_the_registry_ranks_each_field_as_expected`
and, for every adjacent pair swapped, `test_the_higher_method_wins_by_rank` for that pair. The pair tests run the
combiner itself (`select_candidates` under the hand-ordered rules), so they fail on a swap even if the registry
test were edited to match. The last tests are real pages and texts where a swap would change the metadata.

Before these, swapping `text:byline` and `json-ld` for authors, or `url` and `json-ld` for published dates, broke
no test.
"""

from __future__ import annotations

import itertools

import pytest

from docpipe.metadata import select_candidates
from docpipe.model import Evidence
from docpipe.rules import methods

from ..articles import HEADLINE, html_page, processed, rows, selected, text_article

# Best first. A change here is a change of what docpipe prefers: make it on purpose, with the registry's.
EXPECTED_PRECEDENCE: dict[str, tuple[str, ...]] = {
    "title": (
        "sidecar",
        "text:front-matter",
        "json-ld",
        "meta:citation_title",
        "meta:og:title",
        "meta:dc.title",
        "html:h1",
        "text:headline",
        "meta:twitter:title",
        "html:title",
        "text:first-line",
    ),
    "authors": (
        "sidecar",
        "text:front-matter",
        "text:byline",
        "json-ld",
        "meta:citation_author",
        "meta:author",
        "meta:byl",
        "meta:article:author",
        "meta:dc.creator",
        "meta:parsely-author",
        "trafilatura",
        "html:byline",
        "text:author-bio",
        "html:by-line",
    ),
    "published_date": (
        "sidecar",
        "text:front-matter",
        "url",
        "json-ld",
        "meta:article:published_time",
        "meta:citation_publication_date",
        "meta:dc.date",
        "text:dateline",
        "text:byline",
        "htmldate",
        "text:first-date",
    ),
    "modified_date": (
        "text:front-matter",
        "json-ld",
        "meta:article:modified_time",
        "text:dateline",
        "text:byline",
        "htmldate",
    ),
    "outlet": (
        "sidecar",
        "text:front-matter",
        "text:republication-notice",
        "html:republication-notice",
        "json-ld:isBasedOn",
        "sidecar:publisher",
        "json-ld:publisher",
        "meta:og:site_name",
        "meta:application-name",
        "text:copyright",
        "text:source-line",
        "trafilatura",
    ),
    "publisher": (
        "sidecar",
        "json-ld:publisher",
        "meta:og:site_name",
        "text:copyright",
    ),
    "language": (
        "sidecar",
        "text:front-matter",
        "py3langid",
        "html:lang",
    ),
    "url": (
        "sidecar",
        "text:front-matter",
        "link:canonical",
        "meta:og:url",
        "json-ld",
        "text:web-view-line",
    ),
}


def _registry_order(field: str) -> list[str]:
    return [m.name for m in methods.METHODS if m.field == field]


def _first_pair_out_of_order(expected: tuple[str, ...], actual: list[str]) -> str | None:
    """What is wrong with `actual` against `expected`, named by the first pair the registry ranks the other way."""
    missing, extra = set(expected) - set(actual), set(actual) - set(expected)
    if missing or extra:
        return f"methods missing from the registry: {sorted(missing)}; not in the expected table: {sorted(extra)}"
    for position, (want, have) in enumerate(zip(expected, actual, strict=True)):
        if want != have:
            return f"{want!r} should rank above {have!r}, but the registry puts {have!r} at place {position}"
    return None


def test_the_registry_ranks_each_field_as_expected() -> None:
    assert list(methods.FIELDS) == list(EXPECTED_PRECEDENCE), "the registry's fields (or their order) changed"
    problems = {}
    for field, expected in EXPECTED_PRECEDENCE.items():
        if problem := _first_pair_out_of_order(expected, _registry_order(field)):
            problems[field] = problem
        else:
            # rank() is what the combiner sorts by: it must read the same order
            ranks = [methods.rank(field, name) for name in expected]
            if ranks != list(range(len(expected))):
                read = dict(zip(expected, ranks, strict=True))
                problems[field] = f"methods.rank disagrees with the registry's rows: {read}"
    assert not problems, "\n".join(f"{field}: {problem}" for field, problem in problems.items())


# Two values per field that nothing but the method's rank can choose between: dates far apart, after 1995 (an
# earlier one goes last whatever its rank) and written as days, not UTC timestamps near midnight (a visible date a
# day away would go first); titles unrelated (no agreement, which ranks titles before method rank); two people's
# names and no outlet or publisher candidate, so that neither name can be the site's own credit (which a person's
# name beats, whatever its rank).
VALUES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "title": (
        ("Harbour ferry timetable changes from Monday", "Harbour ferry timetable changes from Monday"),
        ("Council approves a new library budget", "Council approves a new library budget"),
    ),
    "authors": (("Jane Doe", "By Jane Doe"), ("John Roe", "By John Roe")),
    "published_date": (("2004-06-10", "10 June 2004"), ("2019-11-25", "25 November 2019")),
    "modified_date": (("2005-02-14", "Updated 14 February 2005"), ("2020-09-30", "Updated 30 September 2020")),
    "outlet": (("Harbour Herald", "Harbour Herald"), ("Coastal Courier", "Coastal Courier")),
    "publisher": (("Harbour Media Group", "Harbour Media Group"), ("Coastal Press Ltd", "Coastal Press Ltd")),
    "language": (("en", 'lang="en"'), ("de", 'lang="de"')),
    "url": (
        ("https://harbourherald.example/ferries", "https://harbourherald.example/ferries"),
        ("https://coastalcourier.example/library", "https://coastalcourier.example/library"),
    ),
}
# py3langid brings its own probability; a sure one, above both its neighbours' confidences, so that its pairs
# show the rank deciding over confidence both ways (text:front-matter 0.9 > py3langid 0.99 > html:lang 0.8).
OWN_CONFIDENCE = {("language", "py3langid"): 0.99}

ADJACENT_PAIRS = [
    pytest.param(field, higher, lower, id=f"{field}:{higher}>{lower}")
    for field, order in EXPECTED_PRECEDENCE.items()
    for higher, lower in itertools.pairwise(order)
]


def _candidate(field: str, method: str, value: str, evidence: str) -> Evidence:
    if (field, method) in OWN_CONFIDENCE:
        confidence = OWN_CONFIDENCE[field, method]
    else:
        confidence = methods.confidence(field, method)
    return Evidence(field, value, method, evidence, None, None, confidence)


@pytest.mark.parametrize(("field", "higher", "lower"), ADJACENT_PAIRS)
def test_the_higher_method_wins_by_rank(field: str, higher: str, lower: str) -> None:
    (high_value, high_evidence), (low_value, low_evidence) = VALUES[field]
    # The lower method listed first: the order found cannot be what decides.
    candidates = [
        _candidate(field, lower, low_value, low_evidence),
        _candidate(field, higher, high_value, high_evidence),
    ]
    # Under the rules a title from the sidecar has every candidate's support (the user's word needs none), so it
    # wins by agreement whatever its rank: the front matter could never beat it there. The learned ranking puts the
    # stated methods (sidecar, front matter) first in method rank order, so that is where this pair's rank decides.
    learned = field == "title" and {higher, lower} == {"sidecar", "text:front-matter"}
    ranked = select_candidates(candidates, learned=learned)
    chosen = [(c.value, c.method) for c in ranked if c.selected]
    assert chosen == [(high_value, higher)], f"{field}: {higher} should rank above {lower}, but {chosen} was selected"


def test_a_byline_in_the_text_beats_the_json_ld_author() -> None:
    page = html_page(
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{HEADLINE}","author":{{"@type":"Person","name":"John Roe"}}}}</script>',
        top=f"<h1>{HEADLINE}</h1><p>By Jane Doe</p>",
    )
    doc = processed(page, "story.html")
    # both methods read their author, so the rank is what chooses between them
    assert ("John Roe", "json-ld") in [(e.value, e.method) for e in rows(doc, "authors")]
    assert selected(doc, "authors") == [("Jane Doe", "text:byline")]
    assert doc.metadata.authors == ("Jane Doe",)


def test_the_day_in_the_url_beats_the_json_ld_date() -> None:
    page = html_page(
        '<link rel="canonical" href="https://example.org/2021/03/04/story">'
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{HEADLINE}","datePublished":"2021-05-20"}}</script>',
        top=f"<h1>{HEADLINE}</h1>",
    )
    doc = processed(page, "story.html")
    assert ("2021-05-20", "json-ld") in [(e.value, e.method) for e in rows(doc, "published_date")]
    assert selected(doc, "published_date") == [("2021-03-04", "url")]
    assert str(doc.metadata.published_date) == "2021-03-04"


def test_a_date_line_beats_the_date_on_a_byline() -> None:
    # The byline's line comes first in the text: what is found first cannot be what decides.
    doc = processed(text_article(HEADLINE, "Jane Doe | 6 May 2025", "15 November 2024"), "story.txt")
    assert ("2025-05-06", "text:byline") in [(e.value, e.method) for e in rows(doc, "published_date")]
    assert selected(doc, "published_date") == [("2024-11-15", "text:dateline")]
    assert str(doc.metadata.published_date) == "2024-11-15"

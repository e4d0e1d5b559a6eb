"""docpipe against human ground truth on real pages (tests/fixtures/corpus, see its README.md).

One test id per page per field. The truth in expectations.json is verbatim; all normalisation is that of
`docpipe.evaluate`, the scorer `bench/quality.py` uses on the same datasets (unit-tested in test_evaluate.py):
- title: NFKC, casefold, punctuation and whitespace folded; a trailing " | Site" / " - Site" may be dropped
  on either side;
- authors: the set of names, split on , ; & | / and " and ", a leading "By" and degrees dropped, each name folded;
- date: the same calendar day (a timestamp's date as written, or its UTC day);
- outlet: folded, a leading "the" dropped, spaces ignored; a domain's main label stands for the name.
A known docpipe failure is an `xfail(strict=True)` case in XFAIL below, with what docpipe returns; it is
never fixed by weakening a check or editing the truth.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from docpipe.config import Settings
from docpipe.evaluate import authors_equal, date_equal, outlet_equal, snippets_found, title_equal
from docpipe.model import Document, Reject, SectionKind
from docpipe.pipeline import process_file

FIXTURES = Path(__file__).parent.parent / "fixtures" / "corpus"
MOZILLA = "mozilla-readability-testpages"
TRAFILATURA = "trafilatura-evaldata"
# The ground-truth field names of each dataset, per docpipe field.
TRUTH_FIELDS = {
    MOZILLA: {"title": "title", "authors": "byline", "date": "publishedTime", "outlet": "siteName"},
    TRAFILATURA: {"title": "title", "authors": "author", "date": "date", "outlet": "sitename"},
}

# (page, field) -> why docpipe fails it today: what it returns against the truth.
XFAIL: dict[tuple[str, str], str] = {
    # Titles ranked by the learned scorer (issue 15) where Readability's truth takes another reading of the page:
    (f"{MOZILLA}/theverge", "title"): "og:title's 'Apple’s Vision Pro is the Retina display moment …' against the "
    "truth's JSON-LD headline 'Apple’s Vision Pro hands-on: …' (the page gives both)",
    (f"{MOZILLA}/yahoo-2", "title"): "the story's headline 'Russia: Space ship malfunctions, breaks up over Siberia' "
    "against the truth's site title 'Yahoo News - Latest News & Headlines' (the issue's own definition asks for the "
    "headline over the site's name)",
}

# wikia, yahoo-2 and timesofisrael.com.washington guard against authors taken from related-article teasers
# and comment threads (their .byline/.author-name elements name other people).

# `with` snippets that the annotators took from outside the article's main text; not asked of body_text.
NOT_MAIN_TEXT: dict[str, dict[str, str]] = {
    f"{TRAFILATURA}/lemire.me.json": {
        "version 0.2 on vcpkg.": "a reply by the author in the comment thread (li#comment-422230), not the post",
    },
}


@dataclass(frozen=True)
class Page:
    page: str
    dataset: str
    key: str
    file: str
    sha256: str
    truth: dict[str, Any]

    def truth_of(self, field: str) -> Any:
        return self.truth.get(TRUTH_FIELDS[self.dataset][field])


def load_pages() -> list[Page]:
    data = json.loads((FIXTURES / "expectations.json").read_text(encoding="utf-8"))
    return [Page(p["page"], p["dataset"], p["key"], p["file"], p["sha256"], p["truth"]) for p in data["pages"]]


PAGES = load_pages()


def cases(field: str, pages: Iterable[Page] = PAGES) -> list[Any]:
    """One pytest param per page, id = the page, xfail where XFAIL names (page, field)."""
    params = []
    for page in pages:
        reason = XFAIL.get((page.page, field))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(page, id=page.page, marks=marks))
    return params


def with_truth(field: str) -> list[Any]:
    return cases(field, [p for p in PAGES if p.truth_of(field)])


# --- processing, once per page per session -------------------------------------------------------


@pytest.fixture(scope="session")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Page], Document]:
    out_dir = tmp_path_factory.mktemp("corpus-out")
    settings = Settings(raw_dir=FIXTURES, out_dir=out_dir)
    done: dict[str, Document | Reject] = {}

    def get(page: Page) -> Document:
        if page.page not in done:
            done[page.page] = process_file(FIXTURES / page.file, settings)
        result = done[page.page]
        assert not isinstance(result, Reject), f"{page.page} rejected: {result.reason}"
        return result

    return get


# --- the fixtures themselves ----------------------------------------------------------------------


def test_expectations_cover_enough_pages() -> None:
    assert len(PAGES) >= 12
    assert len({p.page for p in PAGES}) == len(PAGES)
    with_author_and_date = [p for p in PAGES if p.truth_of("authors") and p.truth_of("date")]
    assert len(with_author_and_date) >= 10
    assert {(page, field) for page, field in XFAIL} <= {
        (p.page, f) for p in PAGES for f in ("title", "authors", "date", "outlet", "with")
    }, "XFAIL names a page that is not in expectations.json"


@pytest.mark.parametrize("page", cases("fixture"))
def test_fixture_is_the_unmodified_page(page: Page) -> None:
    assert hashlib.sha256((FIXTURES / page.file).read_bytes()).hexdigest() == page.sha256


# --- metadata against the truth -------------------------------------------------------------------


@pytest.mark.parametrize("page", with_truth("title"))
def test_title(processed, page: Page) -> None:
    got = processed(page).metadata.title
    want = page.truth_of("title")
    assert got is not None, f"no title; truth {want!r}"
    assert title_equal(got, want), f"title {got!r} != truth {want!r}"


def test_the_headline_section_is_the_h1_as_shown_not_the_og_title_with_its_byline(processed) -> None:
    # guardian-1's og:title is "<headline> | Eleanor Ainge Roy"; its <h1> shows the headline alone.
    page = next(p for p in PAGES if p.page == f"{MOZILLA}/guardian-1")
    doc = processed(page)
    headline = doc.sections[0]
    assert headline.kind is SectionKind.HEADLINE
    assert headline.text == doc.metadata.title
    assert headline.text.endswith("fearful over whale strandings")


@pytest.mark.parametrize("page", with_truth("authors"))
def test_authors(processed, page: Page) -> None:
    got = processed(page).metadata.authors
    want = page.truth_of("authors")
    assert authors_equal(got, want), f"authors {got!r} != truth {want!r}"


@pytest.mark.parametrize("page", cases("authors", [p for p in PAGES if p.truth_of("authors") == ""]))
def test_no_author_where_annotated_absent(processed, page: Page) -> None:
    # "" is the annotators' "this page names no author": a site's footer <address> or name is no byline.
    assert processed(page).metadata.authors == (), "authors found on a page annotated as having none"


@pytest.mark.parametrize("page", with_truth("date"))
def test_published_date(processed, page: Page) -> None:
    got = processed(page).metadata.published_date
    want = page.truth_of("date")
    assert date_equal(got, want), f"published_date {got} != truth {want!r}"


@pytest.mark.parametrize("page", with_truth("outlet"))
def test_outlet(processed, page: Page) -> None:
    got = processed(page).metadata.outlet
    want = page.truth_of("outlet")
    assert got is not None, f"no outlet; truth {want!r}"
    assert outlet_equal(got, want), f"outlet {got!r} != truth {want!r}"


# --- structure: offsets and body ------------------------------------------------------------------


@pytest.mark.parametrize("page", cases("sections"))
def test_section_offsets(processed, page: Page) -> None:
    doc = processed(page)
    assert doc.sections, "no sections"
    bad = [s.index for s in doc.sections if doc.clean_text[s.char_start : s.char_end] != s.text]
    assert not bad, f"sections whose text is not clean_text[char_start:char_end]: {bad}"


@pytest.mark.parametrize("page", cases("evidence"))
def test_evidence_offsets(processed, page: Page) -> None:
    doc = processed(page)
    bad = [
        (e.field, e.method, e.value)
        for e in doc.evidence
        if e.selected and e.char_start is not None and doc.clean_text[e.char_start : e.char_end] != e.evidence
    ]
    assert not bad, f"selected evidence not at its offsets in clean_text: {bad}"


@pytest.mark.parametrize("page", cases("body"))
def test_body_not_empty(processed, page: Page) -> None:
    assert processed(page).body_text.strip()


@pytest.mark.parametrize("page", cases("with", [p for p in PAGES if p.dataset == TRAFILATURA]))
def test_main_text_snippets_in_body(processed, page: Page) -> None:
    snippets = [s for s in page.truth["with"] if s not in NOT_MAIN_TEXT.get(page.page, {})]
    assert snippets
    # The annotators' main text holds the standfirst, which docpipe keeps as a section of its own.
    doc = processed(page)
    article = "\n\n".join(s.text for s in doc.sections if s.kind in (SectionKind.STANDFIRST, SectionKind.BODY))
    found = snippets_found(snippets, article)
    missing = [s for s, hit in zip(snippets, found, strict=True) if not hit]
    assert not missing, f"main-text snippets missing from the standfirst and body: {missing}"

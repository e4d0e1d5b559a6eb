"""Plain-text articles as people save them: each layout and each trap of issue #4, on the seed's real text.

Every case renders the seed article's own paragraphs in another layout (headline styles, bylines, date forms,
republication notices, subheads, wrapping, endings, noise) and checks what a careful reader would say.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from docpipe.config import Settings
from docpipe.model import Document, SectionKind
from docpipe.pipeline import process_file

from ..conftest import SEED

SEED_PARAGRAPHS = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
# clean_text folds whitespace (the seed has non-breaking spaces), so expected bodies are folded too
EXPECTED_BODY = "\n\n".join(" ".join(p.split()) for p in [SEED_PARAGRAPHS[3], "Why?", *SEED_PARAGRAPHS[5:8]])
TITLE = SEED_PARAGRAPHS[0]
BODY = SEED_PARAGRAPHS[3:5]  # "The Kremlin’s public response …", "Why?"
BODY_AFTER = SEED_PARAGRAPHS[5:8]
SUBHEAD = "Why?"


@dataclass
class Case:
    text: str
    title: str | None = TITLE
    authors: tuple[str, ...] = ()
    published: date | None = None
    modified: date | None = None
    outlet: str | None = None
    publisher: str | None = None
    url: str | None = None
    furniture: list[str] = field(default_factory=list)  # lines that must not leak into body_text
    kinds: dict[str, SectionKind] = field(default_factory=dict)  # section text prefix -> kind


def article(*top: str, bottom: tuple[str, ...] = (), wrap: int | None = None, subhead: str = SUBHEAD) -> str:
    """The seed's body between furniture lines, paragraphs separated by blank lines."""
    body = [BODY[0], subhead, *BODY_AFTER]
    if wrap:
        body = [textwrap.fill(p, wrap) for p in body]
    return "\n\n".join([*top, *body, *bottom]) + "\n"


def run(tmp_path: Path, text: str | bytes) -> Document:
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    doc = process_file(path, Settings(raw_dir=tmp_path, out_dir=tmp_path / "out"))
    assert isinstance(doc, Document), doc
    return doc


CASES = {
    "by-one": Case(
        article(TITLE, "By Ian Hill", "15 November 2024"),
        authors=("Ian Hill",),
        published=date(2024, 11, 15),
        furniture=["By Ian Hill"],
    ),
    "by-two": Case(
        article(TITLE, "By Ian Hill and Jane Roe", "November 15, 2024"),
        authors=("Ian Hill", "Jane Roe"),
        published=date(2024, 11, 15),
    ),
    "names-list-no-by": Case(
        article(TITLE, "Ian Hill, Jane Roe and Tom Pike", "Nov. 15, 2024"),
        authors=("Ian Hill", "Jane Roe", "Tom Pike"),
        published=date(2024, 11, 15),
        kinds={"Ian Hill, Jane Roe": SectionKind.BYLINE},
    ),
    "markdown": Case(
        article(f"# {TITLE}", "*By Ian Hill*", "2024-11-15", subhead="## Why?"),
        authors=("Ian Hill",),
        published=date(2024, 11, 15),
        furniture=["*By Ian Hill*", "#"],
    ),
    "name-pipe-date": Case(
        article(TITLE, "Ian Hill | 15 November 2024"),
        authors=("Ian Hill",),
        published=date(2024, 11, 15),
        kinds={"Ian Hill | 15": SectionKind.BYLINE},
    ),
    "weekday-date-published-label": Case(
        article(TITLE, "Published: Friday 15 November 2024", "By Ian Hill"),
        authors=("Ian Hill",),
        published=date(2024, 11, 15),
    ),
    "updated-is-not-published": Case(
        article(TITLE, "By Ian Hill", "Published 15/11/2024 | Updated 18/11/2024"),
        authors=("Ian Hill",),
        published=date(2024, 11, 15),
        modified=date(2024, 11, 18),
    ),
    # The date line states no day of its own (5 June or May 6?); the last-resort first-date reader takes htmldate's
    # order, as the real tools' texts bear out.
    "ambiguous-date-in-htmldate-order": Case(
        article(TITLE, "By Ian Hill", "05/06/2024"),
        authors=("Ian Hill",),
        published=date(2024, 6, 5),
        furniture=["05/06/2024"],
        kinds={"05/06/2024": SectionKind.DATELINE},
    ),
    "all-caps-headline-web-view-first": Case(
        article("View this post on the web at https://example.org/p/trump-russia", TITLE.upper(), "By Ian Hill"),
        title=TITLE.upper(),
        authors=("Ian Hill",),
        url="https://example.org/p/trump-russia",
        furniture=["View this post"],
    ),
    "notice-first-published-on": Case(
        article(TITLE, "By Ian Hill", bottom=("The article was first published on The Interpreter.",)),
        authors=("Ian Hill",),
        outlet="The Interpreter",
        furniture=["first published"],
    ),
    "notice-originally-appeared": Case(
        article(TITLE, "By Ian Hill", bottom=("This article originally appeared on The Interpreter.",)),
        authors=("Ian Hill",),
        outlet="The Interpreter",
    ),
    "notice-at-top-with-date": Case(
        article(TITLE, "Originally published in The Interpreter on 15 November 2024.", "By Ian Hill"),
        authors=("Ian Hill",),
        outlet="The Interpreter",
        furniture=["Originally published"],
        kinds={"Originally published": SectionKind.REPUBLICATION_NOTICE},
    ),
    "notice-creative-commons": Case(
        article(
            TITLE,
            "By Ian Hill",
            bottom=(
                "This article is republished from The Conversation under a Creative Commons license. "
                "Read the original article.",
            ),
        ),
        authors=("Ian Hill",),
        outlet="The Conversation",
        furniture=["Creative Commons"],
    ),
    "trap-reprinted-on": Case(
        article(TITLE, "By Ian Hill", bottom=("This article was reprinted on Eurasia Review.",)),
        authors=("Ian Hill",),
        outlet=None,
        furniture=["reprinted on"],
        kinds={"This article was reprinted": SectionKind.REPUBLICATION_NOTICE},
    ),
    "author-only-in-bio": Case(
        article(TITLE, "15 November 2024", bottom=(SEED_PARAGRAPHS[-1],)),
        authors=("Ian Hill",),
        published=date(2024, 11, 15),
        furniture=["retired senior career diplomat"],
    ),
    "no-author": Case(article(TITLE, "15 November 2024"), published=date(2024, 11, 15)),
    "authors-own-copyright-names-no-outlet": Case(
        article(TITLE, "By Ian Hill", bottom=("© 2024 Ian Hill",)),
        authors=("Ian Hill",),
        furniture=["© 2024"],
    ),
    "archive-header-source-line-and-word-count": Case(
        article(TITLE.upper(), "The Interpreter", "15/11/2024", "Ian Hill", "1,870 words"),
        title=TITLE.upper(),
        authors=("Ian Hill",),
        published=date(2024, 11, 15),
        outlet="The Interpreter",
        furniture=["1,870 words", "The Interpreter"],
    ),
    "about-the-author-and-contributors": Case(
        article(
            TITLE,
            "By Ian Hill",
            bottom=(
                "About the author",
                "A retired senior career diplomat, he teaches at Massey University.",
                "Jane Roe and Tom Pike contributed.",
            ),
        ),
        authors=("Ian Hill",),
        furniture=["About the author", "A retired senior", "contributed"],
        kinds={"A retired senior": SectionKind.AUTHOR_BIO, "Jane Roe and Tom Pike": SectionKind.OTHER},
    ),
    "share-related-copyright": Case(
        article(
            TITLE,
            "By Ian Hill",
            bottom=(
                "Share this article",
                "Related:",
                "- Russia and the new administration\n- What Moscow wants",
                "© 2024 The Interpreter. All rights reserved.",
            ),
        ),
        authors=("Ian Hill",),
        outlet="The Interpreter",  # the site's copyright line: its own name, for a piece not republished
        publisher="The Interpreter",
        furniture=["Share this", "Related:", "What Moscow wants", "All rights reserved"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_layout(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    doc = run(tmp_path, case.text)
    meta = doc.metadata
    assert (meta.title, meta.authors, meta.published_date, meta.modified_date, meta.outlet) == (
        case.title,
        case.authors,
        case.published,
        case.modified,
        case.outlet,
    )
    assert meta.publisher == case.publisher  # null unless the text says whose copy this is
    if case.url:
        assert meta.url == case.url
    body = doc.body_text
    assert body.startswith(BODY[0]) and body.endswith(BODY_AFTER[-1])
    for line in [*case.furniture, TITLE, TITLE.upper()]:
        assert line not in body, f"{line!r} leaked into body_text"
    for prefix, kind in case.kinds.items():
        assert [s.kind for s in doc.sections if s.text.startswith(prefix)] == [kind], prefix
    assert [s.heading for s in doc.sections if s.heading] == ["Why?"]


def test_hard_wrapped_paragraphs_are_unwrapped(tmp_path: Path) -> None:
    doc = run(tmp_path, article(TITLE, "By Ian Hill", wrap=72))
    assert doc.body_text == EXPECTED_BODY


def test_noise_crlf_bom_nbsp_trailing_spaces_blank_runs(tmp_path: Path) -> None:
    noisy = article(TITLE, "By\u00a0Ian Hill   ", "15 November 2024").replace("\n\n", "\n  \n\n\n")
    doc = run(tmp_path, b"\xef\xbb\xbf" + noisy.replace("\n", "\r\n").encode("utf-8"))
    assert doc.metadata.authors == ("Ian Hill",)
    assert doc.metadata.published_date == date(2024, 11, 15)
    assert doc.body_text == EXPECTED_BODY
    assert "\r" not in doc.clean_text and "\u00a0" not in doc.clean_text


def test_straight_and_curly_quotes_are_kept_as_written(tmp_path: Path) -> None:
    straight = TITLE.replace("’", "'")
    doc = run(tmp_path, article(straight, "By Ian Hill"))
    assert doc.metadata.title == straight


def test_bullet_list_stays_one_block_of_items(tmp_path: Path) -> None:
    items = "- Ukraine and the front line\n- Sanctions and oil prices\n- NATO's cohesion"
    text = "\n\n".join([TITLE, "By Ian Hill", BODY[0], "What will Moscow watch?", items, BODY_AFTER[0]])
    doc = run(tmp_path, text)
    section = next(s for s in doc.sections if s.heading == "What will Moscow watch?")
    assert "Ukraine and the front line\nSanctions and oil prices\nNATO's cohesion" in section.text


def test_bare_name_byline_gets_lower_confidence_than_by(tmp_path: Path) -> None:
    bare = run(tmp_path, article(TITLE, "Ian Hill", "15 November 2024"))
    (evidence,) = [e for e in bare.evidence if e.field == "authors" and e.selected]
    assert evidence.value == "Ian Hill" and evidence.confidence < 0.9

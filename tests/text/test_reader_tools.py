"""Real reader tools' text of real pages (tests/fixtures/plaintext-tools/SOURCE.md), against the pages' own ground
truth: the title line such a tool writes first, under a section's name or over a subhead that reads like one,
and the byline under a standfirst and its second deck line."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import docpipe
from docpipe.evaluate import authors_equal, fold, title_equal
from docpipe.model import Document
from docpipe.naive import authors_stated

TOOLS = Path(__file__).parent.parent / "fixtures" / "plaintext-tools"
READERS = {
    name: truth
    for name, truth in json.loads((TOOLS / "expected.json").read_text(encoding="utf-8")).items()
    if truth.get("kind") == "reader" and name.endswith(".txt.gz")
}


# What docpipe still reads wrong here, with why; strict, so a fix shows.
KNOWN_MISSES = {
    ("title", "readability-lxml__readability__daringfireball-1.txt.gz"): "read as a page dump: the headline taken is "
    "a caption line ('Portrait by George Del Barrio') above the first paragraph, over the first line",
    ("authors", "boilerpy3__fundus__ca__CBCNews__2024_08_08.txt.gz"): "the byline sits under a standfirst longer "
    "than TEXT_STANDFIRST_MAX_CHARS and a deck line: the top ends before it",
    ("authors", "newspaper4k__readability__bbc-1.txt.gz"): "the truth's byline 'BBC News' is in the text only "
    "inside 'Analysis: Jon Sopel, BBC News, Washington'",
}


def known_miss(request: pytest.FixtureRequest, field: str, name: str) -> None:
    if (field, name) in KNOWN_MISSES:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[(field, name)]))


def processed(name: str) -> tuple[Document, str]:
    data = gzip.decompress((TOOLS / name).read_bytes())
    doc = docpipe.process(data, filename=name.removesuffix(".gz"))
    assert isinstance(doc, Document), doc
    return doc, data.decode("utf-8")


@pytest.mark.parametrize("name", sorted(READERS))
def test_a_reader_tools_text_gives_the_pages_title(name: str, request: pytest.FixtureRequest) -> None:
    known_miss(request, "title", name)
    doc, _ = processed(name)
    assert title_equal(doc.metadata.title, str(READERS[name]["title"])), doc.metadata.title


@pytest.mark.parametrize("name", sorted(READERS))
def test_a_reader_tools_text_gives_the_authors_it_names(name: str, request: pytest.FixtureRequest) -> None:
    known_miss(request, "authors", name)
    doc, text = processed(name)
    authors = READERS[name]["authors"]
    if not authors or not authors_stated(fold(text), authors):  # type: ignore[arg-type]
        pytest.skip("the text does not name the page's authors")
    assert authors_equal(doc.metadata.authors, authors), doc.metadata.authors  # type: ignore[arg-type]


def test_reader_fixtures_are_real_and_several() -> None:
    assert {truth["tool"] for truth in READERS.values()} == {"boilerpy3", "newspaper4k", "readability-lxml"}

"""Markdown articles: `#` headings only, inline markup read as text, and the YAML front matter as metadata."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import docpipe
from docpipe.evaluate import authors_equal, date_equal, title_equal
from docpipe.model import Document, SectionKind

TOOLS = Path(__file__).parent.parent / "fixtures" / "plaintext-tools"
EXPECTED: dict[str, dict[str, object]] = {
    name: truth
    for name, truth in json.loads((TOOLS / "expected.json").read_text(encoding="utf-8")).items()
    if name.endswith(".md.gz")
}

ARTICLE = """---
title: "Council closes the old bridge"
author: [Jane Doe, John Roe]
date: 2024-05-06
sitename: The Riverside Courier
url: https://courier.example/bridge
---
The council voted on Tuesday to close the **old bridge** to traffic after [engineers](https://x.example) found
deep cracks in two of its piers.

Play Video

Loaded: 0%

## What happens next

The city expects the replacement to take three years. Two options remain:

1) a ferry service
2) a temporary crossing

![a photo of the bridge](bridge.jpg)
"""


def processed(data: str | bytes, filename: str) -> Document:
    doc = docpipe.process(data, filename=filename)
    assert isinstance(doc, Document), doc
    return doc


@pytest.mark.parametrize("filename", ["bridge.md", "bridge.txt"])  # a front matter makes a .txt Markdown too
def test_the_front_matter_gives_the_metadata_and_is_no_text(filename: str) -> None:
    doc = processed(ARTICLE, filename)
    assert doc.media_type == "markdown"
    meta = doc.metadata
    assert (meta.title, meta.authors, meta.published_date.isoformat() if meta.published_date else None) == (
        "Council closes the old bridge",
        ("Jane Doe", "John Roe"),
        "2024-05-06",
    )
    assert (meta.outlet, meta.url) == ("The Riverside Courier", "https://courier.example/bridge")
    assert {row.method for row in doc.evidence if row.selected and row.field in ("title", "authors")} == {
        "text:front-matter"
    }
    assert "sitename" not in doc.clean_text and "---" not in doc.clean_text


def test_markdown_marks_its_own_headings_and_its_markup_is_no_text() -> None:
    doc = processed(ARTICLE, "bridge.md")
    headings = [s.heading for s in doc.sections if s.kind is SectionKind.BODY and s.heading]
    assert headings == ["What happens next"]  # "Play Video" and "Loaded: 0%" are short paragraphs, no subheads
    assert "close the old bridge to traffic after engineers found deep cracks" in doc.body_text
    assert "1) a ferry service\n2) a temporary crossing" in doc.body_text
    assert not any(mark in doc.clean_text for mark in ("**", "](", "![", "bridge.jpg"))


def test_a_text_with_a_broken_front_matter_is_read_as_text() -> None:
    text = "---\ntitle: [unclosed\n---\nA headline of a story\n\n" + "Some words of the story. " * 20
    doc = processed(text, "story.txt")
    assert doc.front_matter is None
    assert not any(row.method == "text:front-matter" for row in doc.evidence)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_tools_markdown_gives_the_pages_title_authors_and_date(name: str) -> None:
    expected = EXPECTED[name]
    doc = processed(gzip.decompress((TOOLS / name).read_bytes()), name.removesuffix(".gz"))
    published = doc.metadata.published_date.isoformat() if doc.metadata.published_date else None
    assert title_equal(doc.metadata.title, str(expected["title"]))
    assert authors_equal(doc.metadata.authors, expected["authors"])  # type: ignore[arg-type]
    assert date_equal(published, str(expected["date"]))


def test_links_and_images_a_wrapper_broke_read_as_text() -> None:
    text = (
        "# A headline of the story\n\nThe council met ![](http://x.example/wp-\ncontent/photo.jpg) on Tuesday and "
        "[read the full\nreport](http://x.example/a-very-long-\nlink) before it voted. " * 3
    )
    doc = processed(text, "story.md")
    assert "content/photo.jpg" not in doc.clean_text and "](" not in doc.clean_text
    assert "read the full report before it voted" in doc.body_text

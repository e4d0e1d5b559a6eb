"""A whole web page saved as text (a browser's innerText, `w3m -dump`): the article is found inside it.

Real dumps of real pages (tests/fixtures/plaintext-tools/SOURCE.md), against the pages' own ground truth: the
headline under the navigation is the title, and the body keeps the article and drops the menus and the footer.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import docpipe
from docpipe.evaluate import body_precision_recall, title_equal
from docpipe.model import Document, SectionKind

TOOLS = Path(__file__).parent.parent / "fixtures" / "plaintext-tools"
DUMPS = {
    name: truth
    for name, truth in json.loads((TOOLS / "expected.json").read_text(encoding="utf-8")).items()
    if truth.get("kind") == "full-page" and name.endswith(".txt.gz")  # (Markdown ones: test_markdown.py)
}


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_the_article_is_found_in_a_page_dump(name: str) -> None:
    truth = DUMPS[name]
    doc = docpipe.process(gzip.decompress((TOOLS / name).read_bytes()), filename=name.removesuffix(".gz"))
    assert isinstance(doc, Document), doc
    # The headline is the line on the article's topic above its first paragraphs, not a teaser or a menu line.
    assert title_equal(doc.metadata.title, str(truth["title"]))
    # The navigation above the headline is kept out of the body, as page furniture.
    assert doc.sections[0].kind is SectionKind.OTHER
    if "body" in truth:  # (pinned where the body is clean: menus and footer dropped)
        precision, recall = body_precision_recall(doc.body_text, str(truth["body"]))
        assert precision >= 0.9 and recall >= 0.9, (precision, recall)


def test_dumps_are_real_and_several() -> None:
    assert len(DUMPS) == 6 and {truth["tool"] for truth in DUMPS.values()} == {
        "chromium-innertext",
        "w3m",
        "inscriptis",
    }
    assert sum("body" in truth for truth in DUMPS.values()) == 3

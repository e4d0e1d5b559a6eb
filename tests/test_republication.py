"""Republished pages: the outlet is where a piece first appeared, the publisher whose copy this is.

Pages from tests/fixtures/corpus (see its README): each says in its own words where it first appeared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docpipe.config import Settings
from docpipe.model import Document
from docpipe.pipeline import process_file

from .conftest import FIXTURES

CORPUS = FIXTURES / "corpus"
REPUBLISHED = [
    # page, original outlet (its notice), publisher (the republishing site's own markup), notice method
    ("mozilla-readability-testpages/citylab-1.html.gz", "The Atlantic", "CityLab", "text:republication-notice"),
    ("trafilatura-evaldata/salon.com.emissions.html.gz", "Grist", "Salon.com", "html:republication-notice"),
]


@pytest.mark.parametrize(("page", "outlet", "publisher", "method"), REPUBLISHED, ids=lambda v: str(v)[:40])
def test_republished_page_names_its_original_outlet(
    page: str, outlet: str, publisher: str, method: str, tmp_path: Path
) -> None:
    doc = process_file(CORPUS / page, Settings(raw_dir=CORPUS, out_dir=tmp_path))
    assert isinstance(doc, Document)
    assert (doc.metadata.outlet, doc.metadata.publisher) == (outlet, publisher)
    (chosen,) = [e for e in doc.evidence if e.field == "outlet" and e.selected]
    assert chosen.method == method
    if chosen.char_start is None:  # read from the page outside the extracted text: the notice itself
        assert outlet in chosen.evidence and "originally appeared" in chosen.evidence
    else:  # read from clean_text: the exact span, inside the notice section
        (notice,) = [s for s in doc.sections if s.kind == "republication_notice"]
        assert notice.char_start <= chosen.char_start < chosen.char_end <= notice.char_end
        assert doc.clean_text[chosen.char_start : chosen.char_end] == outlet
    # the republishing site's own name is kept as a losing candidate, traceable in the evidence table
    assert any(e.field == "outlet" and not e.selected and e.value in (publisher, "Salon") for e in doc.evidence)


def test_notice_in_the_body_is_a_section_not_body_text(tmp_path: Path) -> None:
    doc = process_file(CORPUS / REPUBLISHED[0][0], Settings(raw_dir=CORPUS, out_dir=tmp_path))
    assert isinstance(doc, Document)
    notice = "This article originally appeared on The Atlantic."
    assert [s.text for s in doc.sections if s.kind == "republication_notice"] == [notice]
    assert notice not in doc.body_text

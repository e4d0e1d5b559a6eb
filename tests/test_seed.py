"""The seed article must come out exactly as issue #2 states, field by field."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from docpipe.config import Settings
from docpipe.model import Document, SectionKind
from docpipe.pipeline import process_file

from .conftest import SEED

TITLE = "What does Trump’s return mean for America’s relations with Russia?"
STANDFIRST = (
    "CSS Senior Fellow Ian Hill commented that the underlying causes of the Russia–US confrontation "
    "will not go away under a new Trump administration."
)
NOTICE = "The article was first published on The Interpreter."


@pytest.fixture(scope="module")
def seed() -> Document:
    doc = process_file(SEED, Settings(raw_dir=SEED.parent, out_dir=SEED.parent / "unused"))
    assert isinstance(doc, Document), doc
    return doc


def sections_of(doc: Document, kind: SectionKind) -> list[str]:
    return [s.text for s in doc.sections if s.kind is kind]


def selected(doc: Document, field: str) -> list:
    return [e for e in doc.evidence if e.field == field and e.selected]


def test_title(seed: Document) -> None:
    assert seed.metadata.title == TITLE
    assert sections_of(seed, SectionKind.HEADLINE) == [TITLE]


def test_standfirst(seed: Document) -> None:
    assert sections_of(seed, SectionKind.STANDFIRST) == [STANDFIRST]


def test_authors(seed: Document) -> None:
    assert seed.metadata.authors == ("Ian Hill",)


def test_published_date(seed: Document) -> None:
    assert seed.metadata.published_date == date(2024, 11, 15)
    assert sections_of(seed, SectionKind.DATELINE) == ["15 November 2024"]


def test_outlet_is_the_original_not_the_republisher(seed: Document) -> None:
    assert seed.metadata.outlet == "The Interpreter"
    assert seed.metadata.publisher is None  # nothing in the text names whose copy this is


def test_why_heads_a_body_section(seed: Document) -> None:
    why = [s for s in seed.sections if s.heading == "Why?"]
    assert len(why) == 1 and why[0].kind is SectionKind.BODY
    assert why[0].text.startswith("Why?\n\nAfter all, Trump didn’t always live up to expectations")


def test_republication_notice_section(seed: Document) -> None:
    assert sections_of(seed, SectionKind.REPUBLICATION_NOTICE) == [NOTICE]


def test_author_bio_section(seed: Document) -> None:
    bios = sections_of(seed, SectionKind.AUTHOR_BIO)
    assert len(bios) == 1
    assert bios[0].startswith("Ian Hill is a retired senior career diplomat")


def test_body_text_bounds(seed: Document) -> None:
    body = seed.body_text
    assert body.startswith("The Kremlin’s public response to Donald Trump’s election victory has been restrained.")
    assert body.endswith("That’s not something susceptible to a quick fix.")
    for furniture in (TITLE, STANDFIRST, "15 November 2024", NOTICE, "Ian Hill is a retired"):
        assert furniture not in body


@pytest.mark.parametrize(
    ("field", "value", "span"),
    [
        ("title", TITLE, TITLE),
        ("authors", "Ian Hill", "Ian Hill"),
        ("published_date", "2024-11-15", "15 November 2024"),
        ("outlet", "The Interpreter", "The Interpreter"),
    ],
)
def test_evidence_points_at_the_exact_span(seed: Document, field: str, value: str, span: str) -> None:
    (evidence,) = selected(seed, field)
    assert evidence.value == value
    assert evidence.evidence == span
    assert evidence.char_start is not None and evidence.char_end is not None
    assert seed.clean_text[evidence.char_start : evidence.char_end] == span
    assert evidence.method.startswith("text:")


def test_outlet_evidence_lies_inside_the_notice(seed: Document) -> None:
    (evidence,) = selected(seed, "outlet")
    (notice,) = [s for s in seed.sections if s.kind is SectionKind.REPUBLICATION_NOTICE]
    assert notice.char_start <= evidence.char_start < evidence.char_end <= notice.char_end


def test_section_offsets_invariant(seed: Document) -> None:
    assert [s.index for s in seed.sections] == list(range(len(seed.sections)))
    for section in seed.sections:
        assert seed.clean_text[section.char_start : section.char_end] == section.text


def test_every_metadata_value_has_evidence(seed: Document) -> None:
    meta = seed.metadata
    values = {"title": meta.title, "outlet": meta.outlet, "language": meta.language}
    for field, value in values.items():
        assert [e.value for e in selected(seed, field)] == [value]
    assert meta.language == "en"


def test_provenance_records_every_step_before_store(seed: Document) -> None:
    assert [str(r.step) for r in seed.steps] == ["ingest", "clean", "segment", "metadata"]
    assert seed.steps[0].input_sha256 == seed.doc_id
    for earlier, later in itertools.pairwise(seed.steps):
        assert earlier.ended_at <= later.started_at

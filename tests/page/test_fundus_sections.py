"""Standfirst and subheads on real pages from 19 publishers, against Fundus's hand-written parsers (issue #14).

The pages and their expectations are third-party (tests/fixtures/fundus/SOURCE.md); each is one docpipe gets right
today, pinned so that a change to `layout` or `segment` that loses it fails here. The whole set is scored in
`make bench-quality` (fundus-dev, split by site).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import docpipe
from docpipe.evaluate import standfirst_found, subhead_misses
from docpipe.model import Document, SectionKind
from docpipe.rules import methods

FUNDUS = Path(__file__).parent.parent / "fixtures" / "fundus"
EXPECTED: dict[str, dict[str, object]] = json.loads((FUNDUS / "expected.json").read_text(encoding="utf-8"))


def processed(key: str) -> Document:
    data = gzip.decompress((FUNDUS / f"{key}.html.gz").read_bytes())
    doc = docpipe.process(data, filename=f"{key}.html", sidecar={"url": EXPECTED[key]["url"]})
    assert isinstance(doc, Document), doc
    return doc


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_the_standfirst_is_the_one_the_page_shows(key: str) -> None:
    doc = processed(key)
    expected = list(EXPECTED[key]["standfirst"])  # type: ignore[call-overload]
    given = [s.text for s in doc.sections if s.kind is SectionKind.STANDFIRST]
    if not expected:
        assert given == [], "a standfirst where the page has none"
        return
    assert all(standfirst_found(given, expected)), (given, expected)
    roles = [s.role for s in doc.sections if s.kind is SectionKind.STANDFIRST]
    assert roles and all(role and ("standfirst", role.method) in methods.REGISTRY for role in roles)
    assert not [row for row in doc.evidence if row.field not in methods.FIELDS]  # (evidence: candidates only)
    if not EXPECTED[key]["standfirst_repeated_in_body"]:  # (one page prints it twice, and Fundus keeps both)
        assert not any(part in doc.body_text for part in given), "the standfirst is also left in the body"


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_the_subheads_are_the_pages_headings(key: str) -> None:
    doc = processed(key)
    headings = [s.heading for s in doc.sections if s.kind is SectionKind.BODY and s.heading]
    invented, missed = subhead_misses(headings, list(EXPECTED[key]["subheads"]))  # type: ignore[call-overload]
    assert (invented, missed) == ([], [])

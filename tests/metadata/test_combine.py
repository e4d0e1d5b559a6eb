"""The method registry and the combiner: every method a page yields is registered with the confidence its rows
carry; the combiner's reasons for each loser are stored with the evidence and are what `explain` shows."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

import docpipe
from docpipe.config import Settings
from docpipe.driver import run_pipeline
from docpipe.explain import NOT_RECORDED, explain_field
from docpipe.metadata import select_candidates
from docpipe.model import Evidence
from docpipe.rules import methods
from docpipe.store import read_table

from ..articles import HEADLINE, processed
from ..conftest import FIXTURES, SEED

PAGES = sorted((FIXTURES / "corpus").rglob("*.html.gz"))[::6]  # a handful of real pages of both datasets


def test_the_registry_is_one_row_per_field_and_method() -> None:
    keys = [(m.field, m.name) for m in methods.METHODS]
    assert len(keys) == len(set(keys))
    assert methods.FIELDS == (
        "title",
        "authors",
        "published_date",
        "modified_date",
        "outlet",
        "publisher",
        "language",
        "url",
    )
    for entry in methods.METHODS:
        assert entry.meaning.strip()
        assert entry.confidence is None or 0 < entry.confidence <= 1
        if entry.name == "sidecar":  # the user's word ranks first wherever a sidecar can say it
            assert methods.rank(entry.field, "sidecar") == 0
    assert methods.rank("outlet", "meta:og:site_name") < methods.rank("outlet", "trafilatura")
    assert methods.rank("title", "no-such-method") == len([m for m in methods.METHODS if m.field == "title"])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_method_on_a_real_page_is_registered_with_its_confidence(page: Path) -> None:
    doc = processed(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"), "page.html")
    for row in doc.evidence:
        entry = methods.REGISTRY[row.field, row.method]
        if entry.confidence is not None:
            assert row.confidence in (entry.confidence, entry.weak_confidence), row
        if row.selected:
            assert row.lost_because is None
        else:
            assert row.lost_because, row


def _candidate(value: str, method: str, confidence: float, field: str = "url") -> Evidence:
    return Evidence(field, value, method, value, None, None, confidence)


@pytest.mark.parametrize(
    ("candidates", "winner", "reason"),
    [
        pytest.param(
            [
                _candidate("https://a.example/x", "json-ld", 0.8),
                _candidate("https://a.example/y", "link:canonical", 0.9),
            ],
            "https://a.example/y",
            "method json-ld ranks below link:canonical for url",
            id="rank",
        ),
        pytest.param(
            [_candidate("https://a.example/x", "json-ld", 0.5), _candidate("https://a.example/y", "json-ld", 0.8)],
            "https://a.example/y",
            "lower confidence 0.50 < 0.80 at the same method rank",
            id="confidence",
        ),
        pytest.param(
            [_candidate("https://a.example/x", "json-ld", 0.8), _candidate("https://a.example/y", "json-ld", 0.8)],
            "https://a.example/x",
            "same method rank and confidence: the first one found wins",
            id="first-found",
        ),
        pytest.param(
            [
                _candidate("https://A.example/x", "json-ld", 0.8),
                _candidate("https://a.example/x", "link:canonical", 0.9),
            ],
            "https://a.example/x",
            "same value as the winner (found by link:canonical, which ranked first)",
            id="same-value",
        ),
    ],
)
def test_the_combiner_says_why_each_candidate_lost(candidates: list[Evidence], winner: str, reason: str) -> None:
    chosen, loser = select_candidates(candidates)
    assert (chosen.value, chosen.selected, chosen.lost_because) == (winner, True, None)
    assert (loser.selected, loser.lost_because) == (False, reason)


def test_reasons_are_stored_and_explain_reads_them(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    page = FIXTURES / "corpus" / "trafilatura-evaldata" / "healthline.com.fat.html.gz"
    shutil.copy(page, raw / page.name)
    shutil.copy(SEED, raw / SEED.name)
    run_pipeline(Settings(raw_dir=raw, out_dir=tmp_path / "out", workers=1))
    stored = read_table(tmp_path / "out", "evidence").to_pylist()
    doc = processed(page.read_bytes(), page.name)
    written = [(r["field"], r["method"], r["lost_because"]) for r in stored if r["doc_id"] == doc.doc_id]
    assert written == [(e.field, e.method, e.lost_because) for e in doc.evidence]
    assert any(reason for _, _, reason in written)


def test_explain_shows_the_stored_reason_not_a_derived_one() -> None:
    row = {
        "field": "outlet",
        "value": "Healthline Media",
        "method": "trafilatura",
        "evidence": "Healthline Media",
        "char_start": None,
        "char_end": None,
        "confidence": 0.6,
        "selected": False,
    }
    winner = {**row, "value": "Healthline", "method": "meta:og:site_name", "selected": True, "lost_because": None}
    stored = explain_field("outlet", "Healthline", [winner, {**row, "lost_because": "as the combiner said"}], "")
    assert [c.lost_because for c in stored.candidates] == [None, "as the combiner said"]
    older = explain_field("outlet", "Healthline", [winner, row], "")  # evidence of schema version 1: no column
    assert older.candidates[1].lost_because == NOT_RECORDED


def test_a_sidecar_publisher_is_the_outlet_unless_a_notice_names_another() -> None:
    body = "Some words of the story go on for a while here. " * 12
    own = docpipe.process(
        f"{HEADLINE}\n\nBy Jane Doe\n\n{body}", filename="a.txt", sidecar={"publisher": "The Courier"}
    )
    assert isinstance(own, docpipe.Document)
    assert (own.metadata.outlet, own.metadata.publisher) == ("The Courier", "The Courier")
    notice = "This article was originally published on The Conversation."
    republished = docpipe.process(
        f"{HEADLINE}\n\nBy Jane Doe\n\n{body}\n\n{notice}", filename="a.txt", sidecar={"publisher": "The Courier"}
    )
    assert isinstance(republished, docpipe.Document)
    assert (republished.metadata.outlet, republished.metadata.publisher) == ("The Conversation", "The Courier")

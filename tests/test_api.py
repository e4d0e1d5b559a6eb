"""`docpipe.process`: one article in memory, no file system; the values equal what `docpipe run` writes."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

import docpipe
from docpipe.config import Settings
from docpipe.driver import run_pipeline
from docpipe.store import read_table

from .conftest import FIXTURES, SEED

PAGES = sorted((FIXTURES / "corpus" / "mozilla-readability-testpages").glob("*.html.gz"))[:4]


def test_the_seed_in_memory() -> None:
    doc = docpipe.process(SEED.read_bytes(), filename=SEED.name)
    assert isinstance(doc, docpipe.Document)
    assert doc.metadata.title == "What does Trump’s return mean for America’s relations with Russia?"
    assert doc.metadata.authors == ("Ian Hill",)
    assert str(doc.metadata.published_date) == "2024-11-15"
    assert doc.metadata.outlet == "The Interpreter"
    assert [s.kind for s in doc.sections][:3] == ["headline", "standfirst", "dateline"]
    assert all(isinstance(e, docpipe.Evidence) for e in doc.evidence)
    assert [r.step for r in doc.steps] == ["ingest", "clean", "segment", "metadata"]


def test_text_input_and_a_sidecar() -> None:
    doc = docpipe.process(
        SEED.read_text(encoding="utf-8"),
        filename="seed.txt",
        sidecar={"url": "https://example.org/seed", "publisher": "Example Institute"},
    )
    assert isinstance(doc, docpipe.Document)
    assert doc.metadata.url == "https://example.org/seed" and doc.metadata.publisher == "Example Institute"


@pytest.mark.parametrize(
    ("data", "filename", "sidecar", "step", "reason"),
    [
        (b"", "empty.txt", None, "ingest", "empty file"),
        (b"%PDF-1.7", "paper.pdf", None, "ingest", "unsupported type: .pdf"),
        (b"<p>x</p>", "x.html", {"colour": "red"}, "ingest", "malformed sidecar: unknown fields ['colour'] (sidecar)"),
        (b"not gzip", "x.html.gz", None, "ingest", "corrupt gzip data"),
        (b"<html><body><script>var a=1;</script></body></html>", "s.html", None, "clean", None),
    ],
)
def test_a_bad_document_is_a_reject_naming_its_step(
    data: bytes, filename: str, sidecar: dict[str, object] | None, step: str, reason: str | None
) -> None:
    result = docpipe.process(data, filename=filename, sidecar=sidecar)
    assert isinstance(result, docpipe.Reject)
    assert result.step == step
    if reason:
        assert result.reason.startswith(reason)


def test_the_values_equal_what_docpipe_run_writes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    for page in PAGES:
        shutil.copy(page, raw / page.name)
    sidecar = {"url": "https://example.org/a", "authors": ["A. Writer"]}
    (raw / "with-sidecar.html").write_bytes(gzip.decompress(PAGES[0].read_bytes()))
    (raw / "with-sidecar.meta.json").write_text(json.dumps(sidecar))
    out = tmp_path / "out"
    run_pipeline(Settings(raw_dir=raw, out_dir=out, workers=1))
    written = {row["source_path"]: row for row in read_table(out, "documents").to_pylist()}
    sections = read_table(out, "sections").to_pylist()
    evidence = read_table(out, "evidence").to_pylist()
    assert len(written) == len(PAGES) + 2
    for source_path, row in written.items():
        doc = docpipe.process(
            (raw / source_path).read_bytes(),
            filename=source_path,
            sidecar=sidecar if source_path == "with-sidecar.html" else None,
        )
        assert isinstance(doc, docpipe.Document), doc
        meta = doc.metadata
        assert (doc.doc_id, meta.title, list(meta.authors), meta.published_date, meta.outlet) == (
            row["doc_id"],
            row["title"],
            row["authors"],
            row["published_date"],
            row["outlet"],
        )
        assert (doc.clean_text, doc.body_text, meta.url, meta.language) == (
            row["clean_text"],
            row["body_text"],
            row["source_url"],
            row["language"],
        )
        mine = [(s.index, str(s.kind), s.heading, s.char_start, s.char_end) for s in doc.sections]
        theirs = [
            (s["section_index"], s["kind"], s["heading"], s["char_start"], s["char_end"])
            for s in sections
            if s["doc_id"] == doc.doc_id
        ]
        assert mine == sorted(theirs)
        assert sorted((e.field, e.value, e.method, e.selected) for e in doc.evidence) == sorted(
            (e["field"], e["value"], e["method"], e["selected"]) for e in evidence if e["doc_id"] == doc.doc_id
        )

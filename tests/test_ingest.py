"""Inputs: types, encodings, sidecars, and bad files that must become rejects with clear reasons."""

from __future__ import annotations

import gzip
import json
import random
from datetime import date
from pathlib import Path

import pytest

from docpipe.config import Settings
from docpipe.ingest import decode_bytes
from docpipe.model import Document, DocumentError, Reject, Step
from docpipe.pipeline import process_file

from .conftest import SEED

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
ARTICLE_HTML = """<html lang="en"><head><meta charset="{charset}"><title>Café owners rally | Example News</title>
<meta property="og:site_name" content="Example News"></head><body><article><h1>Café owners rally</h1>
<p>By Jane Doe</p>
<p>Café owners across the city gathered on Monday to protest new rules about outdoor seating, which
they say will cost them a summer of business and force some to close for good before the autumn.</p>
<p>The council said the rules were needed to keep pavements clear for pedestrians and wheelchair users,
and promised a review of the policy at the end of the year once the effect on businesses is known.</p>
</article></body></html>"""


def write(raw_dir: Path, name: str, data: bytes) -> Path:
    path = raw_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def reject_of(path: Path, settings: Settings) -> Reject:
    result = process_file(path, settings)
    assert isinstance(result, Reject), f"expected a reject, got a document for {path.name}"
    return result


@pytest.mark.parametrize(
    ("name", "data", "step", "reason"),
    [
        ("empty.txt", b"", Step.INGEST, "empty file"),
        ("blank.html", b"  \n\t\n", Step.INGEST, "empty file"),
        ("image.html", PNG_HEADER * 20, Step.INGEST, "binary content"),
        ("mostly-nul.txt", b"Some text" + b"\x00" * 200 + b"and a little more.", Step.INGEST, "binary content"),
        ("noise.txt", random.Random(7).randbytes(4096).replace(b"\x00", b"\x01"), Step.INGEST, "binary content"),
        ("photo.png", PNG_HEADER, Step.INGEST, "unsupported type: .png"),
        ("notes.pdf", b"%PDF-1.4", Step.INGEST, "unsupported type: .pdf"),
        ("broken.txt.gz", b"\x1f\x8bNOT-DEFLATE-DATA-AT-ALL", Step.INGEST, "corrupt gzip data"),
        ("cut.txt.gz", gzip.compress(b"An article cut short. " * 50)[:40], Step.INGEST, "truncated gzip data"),
        ("script.html", b"<html><script>alert(1)</script></html>", Step.CLEAN, "no main content"),
    ],
)
def test_bad_files_become_rejects(
    raw_dir: Path, settings: Settings, name: str, data: bytes, step: Step, reason: str
) -> None:
    reject = reject_of(write(raw_dir, name, data), settings)
    assert reject.step is step
    assert reject.reason.startswith(reason), reject.reason
    assert reject.source_path == name


def test_invalid_utf8_is_decoded_by_detection_not_rejected(raw_dir: Path, settings: Settings) -> None:
    text = "Déjà vu at the café: résumés piled high.\n\nThe naïve coöperation of façades was remarkable."
    doc = process_file(write(raw_dir, "latin1.txt", text.encode("cp1252")), settings)
    assert isinstance(doc, Document)
    assert "café" in doc.clean_text and "façades" in doc.clean_text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("\ufeffBOM first".encode(), "BOM first"),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text"),
        (b'<meta charset="windows-1252"><p>caf\xe9</p>', '<meta charset="windows-1252"><p>café</p>'),
    ],
)
def test_decode_order_bom_then_declared_then_detected(data: bytes, expected: str) -> None:
    text, _ = decode_bytes(data, sniff_declared=True)
    assert text == expected


@pytest.mark.parametrize(
    ("data", "charset"),
    [
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2"><p>\xa9</p>', "iso8859-2"),
        (b'<?xml version="1.0" encoding="iso-8859-2"?><html><p>\xa9</p></html>', "iso8859-2"),
        (b'<meta charset="latin-1"><p>\x93caf\xe9\x94</p>', "cp1252"),  # read as browsers read it
        (b'<meta charset="no-such-charset"><p>caf\xc3\xa9</p>', "utf-8"),
        (b'<meta charset="base64"><p>caf\xc3\xa9</p>', "utf-8"),  # a codec, but no text encoding
    ],
)
def test_declared_charset_is_named_as_python_names_it(data: bytes, charset: str) -> None:
    assert decode_bytes(data, sniff_declared=True)[1] == charset


def test_declared_charset_of_html_is_used(raw_dir: Path, settings: Settings) -> None:
    html = ARTICLE_HTML.format(charset="iso-8859-1").encode("cp1252")
    doc = process_file(write(raw_dir, "latin.html", html), settings)
    assert isinstance(doc, Document)
    assert doc.metadata.title == "Café owners rally"
    assert "Café owners across the city" in doc.body_text


def test_mojibake_is_repaired(raw_dir: Path, settings: Settings) -> None:
    mojibake = "The cafÃ© reopened on Monday after a long winter of repairs."
    doc = process_file(write(raw_dir, "mojibake.txt", mojibake.encode()), settings)
    assert isinstance(doc, Document)
    assert "café reopened" in doc.clean_text


def test_gzipped_html_is_read(raw_dir: Path, settings: Settings) -> None:
    data = gzip.compress(ARTICLE_HTML.format(charset="utf-8").encode())
    doc = process_file(write(raw_dir, "news/article.html.gz", data), settings)
    assert isinstance(doc, Document)
    assert doc.source_path == "news/article.html.gz"
    assert doc.media_type == "html"
    assert doc.metadata.authors == ("Jane Doe",)
    assert doc.metadata.outlet == "Example News"


def test_sidecar_wins_over_extraction_and_is_recorded(raw_dir: Path, settings: Settings) -> None:
    path = write(raw_dir, "seed.txt", SEED.read_bytes())
    sidecar = {
        "url": "https://example.org/a",
        "authors": ["Ian Hill", "A. N. Editor"],
        "publisher": "CSS",
        "published_date": "2024-11-16",
    }
    write(raw_dir, "seed.meta.json", json.dumps(sidecar).encode())
    doc = process_file(path, settings)
    assert isinstance(doc, Document)
    assert doc.metadata.authors == ("Ian Hill", "A. N. Editor")
    assert doc.metadata.publisher == "CSS"
    assert doc.metadata.url == "https://example.org/a"
    assert doc.metadata.published_date == date(2024, 11, 16)
    assert doc.metadata.outlet == "The Interpreter"  # not in the sidecar: extraction still decides
    chosen = {e.field: e.method for e in doc.evidence if e.selected}
    assert chosen["authors"] == chosen["publisher"] == chosen["url"] == chosen["published_date"] == "sidecar"
    losers = [e for e in doc.evidence if e.field == "published_date" and not e.selected]
    assert [(e.value, e.method) for e in losers] == [
        ("2024-11-15", "text:dateline"),
        ("2024-11-15", "text:first-date"),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "malformed sidecar: Expecting property name"),
        (b"[1, 2]", "malformed sidecar: expected a JSON object (seed.meta.json)"),
        (b'{"authors": "Ian Hill"}', "malformed sidecar: authors must be a list of strings (seed.meta.json)"),
        (b'{"title": 42}', "malformed sidecar: title must be a string (seed.meta.json)"),
        (b'{"colour": "blue"}', "malformed sidecar: unknown fields ['colour'] (seed.meta.json)"),
        (b'{"published_date": "last week"}', "malformed sidecar: published_date is not an ISO date (seed.meta.json)"),
    ],
)
def test_malformed_sidecar_is_a_reject(raw_dir: Path, settings: Settings, content: bytes, reason: str) -> None:
    path = write(raw_dir, "seed.txt", SEED.read_bytes())
    write(raw_dir, "seed.meta.json", content)
    reject = reject_of(path, settings)
    assert reject.step is Step.INGEST
    assert reject.reason.startswith(reason), reject.reason


def test_oversized_file_is_rejected_without_reading(raw_dir: Path, tmp_path: Path) -> None:
    settings = Settings(raw_dir=raw_dir, out_dir=tmp_path / "out", max_file_bytes=100)
    reject = reject_of(write(raw_dir, "big.txt", b"word " * 100), settings)
    assert reject.reason == "file too large: 500 bytes (limit 100)"


def test_symlink_outside_raw_is_refused(raw_dir: Path, settings: Settings, tmp_path: Path) -> None:
    outside = write(tmp_path, "secret.txt", b"Not for docpipe to read, it lives outside the raw folder.")
    (raw_dir / "link.txt").symlink_to(outside)
    reject = reject_of(raw_dir / "link.txt", settings)
    assert "symlink pointing outside the raw folder" in reject.reason


def test_document_error_names_its_step() -> None:
    error = DocumentError(Step.CLEAN, "no text")
    assert str(error) == "clean: no text"

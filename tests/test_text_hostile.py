"""Hostile bytes inside otherwise good text (issue #12): stray NUL bytes are dropped and told, binary data is still
refused; control characters and terminal escape sequences reach neither the tables nor the terminal."""

from __future__ import annotations

import gzip
import random
import re
from pathlib import Path

import pytest

from docpipe.config import Settings
from docpipe.ingest import NUL_BYTES_DROPPED
from docpipe.model import Document, Reject
from docpipe.pipeline import process_file

from .conftest import FIXTURES, SEED

PAGE = FIXTURES / "corpus" / "trafilatura-evaldata" / "nytimes.com.blackouts.html.gz"


def page_html() -> str:
    return gzip.decompress(PAGE.read_bytes()).decode("utf-8")


def process(folder: Path, name: str, data: bytes) -> Document | Reject:
    path = folder / name
    path.write_bytes(data)
    return process_file(path, Settings(raw_dir=folder, out_dir=folder.parent / "out"))


def notes_of(doc: Document) -> list[tuple[str, str, str, int | None, int | None, float, bool]]:
    return [
        (e.field, e.value, e.evidence, e.char_start, e.char_end, e.confidence, e.selected)
        for e in doc.evidence
        if e.method == NUL_BYTES_DROPPED
    ]


def with_stray_nuls(html: str, count: int) -> str:
    """NUL bytes inside the page's first <script> (where an ad block's debris sits), the page otherwise intact."""
    position = html.index("<script") + len("<script")
    return html[:position] + "\x00" * count + html[position:]


def test_a_page_with_stray_nul_bytes_is_processed_as_without_them(raw_dir: Path) -> None:
    html = page_html()
    clean = process(raw_dir, "clean.html", html.encode())
    dirty = process(raw_dir, "dirty.html", with_stray_nuls(html, 22).encode())
    assert isinstance(clean, Document) and isinstance(dirty, Document)
    assert (dirty.clean_text, dirty.metadata, dirty.sections) == (clean.clean_text, clean.metadata, clean.sections)
    assert dirty.evidence[: len(clean.evidence)] == clean.evidence
    assert notes_of(dirty) == [("input", "22 NUL bytes dropped", "", None, None, 1.0, False)]
    assert notes_of(clean) == []


def test_stray_nul_bytes_in_gzipped_and_plain_text_are_counted(raw_dir: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    dirty = text.replace("\n\n", "\n\x00\n", 3).encode()
    for name, data in (("seed.txt", dirty), ("seed.txt.gz", gzip.compress(dirty))):
        doc = process(raw_dir, name, data)
        assert isinstance(doc, Document), doc
        assert "\x00" not in doc.text and "\x00" not in doc.clean_text
        assert [note[1] for note in notes_of(doc)] == ["3 NUL bytes dropped"]
    one = process(raw_dir, "one.txt", b"Some text\x00 with a NUL byte inside it.")
    assert isinstance(one, Document)
    assert one.clean_text == "Some text with a NUL byte inside it."
    assert [note[1] for note in notes_of(one)] == ["1 NUL byte dropped"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("mostly-nul.txt", b"\x00" * 500 + b"A headline\n\nSome text."),
        ("utf-32-ish.html", "<p>text</p>".encode("utf-32-le") * 50),
        ("png.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
        ("pdf.txt", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n" + bytes(range(256)) * 4),
        # compressed data: one byte in 256 is a NUL, but text never holds its other control bytes
        ("deflated.txt", random.Random(12).randbytes(20_000)),
    ],
)
def test_binary_data_is_still_a_reject(raw_dir: Path, name: str, data: bytes) -> None:
    result = process(raw_dir, name, data)
    assert isinstance(result, Reject), f"{name} became a document"
    assert result.reason.startswith("binary content"), result.reason


def test_text_without_nul_bytes_gets_no_note(raw_dir: Path) -> None:
    doc = process(raw_dir, "seed.txt", SEED.read_bytes())
    assert isinstance(doc, Document)
    assert notes_of(doc) == [] and not [e for e in doc.evidence if e.field == "input"]
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", doc.clean_text) is None

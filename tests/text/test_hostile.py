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

from ..conftest import FIXTURES, SEED

PAGE = FIXTURES / "corpus" / "trafilatura-evaldata" / "nytimes.com.blackouts.html.gz"


def page_html() -> str:
    return gzip.decompress(PAGE.read_bytes()).decode("utf-8")


def process(folder: Path, name: str, data: bytes) -> Document | Reject:
    path = folder / name
    path.write_bytes(data)
    return process_file(path, Settings(raw_dir=folder, out_dir=folder.parent / "out"))


def notes_of(doc: Document) -> list[tuple[str, str]]:
    return [(note.method, note.note) for note in doc.input_notes]


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
    assert dirty.evidence == clean.evidence  # (the note is the document's, no candidate of a field)
    assert notes_of(dirty) == [(NUL_BYTES_DROPPED, "22 NUL bytes dropped")]
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


# --- control characters and terminal escape sequences -------------------------------------------------------

ESC = "\x1b"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 but tab and newline


def hostile_page() -> str:
    """The real page with escape sequences in its <title>, <h1> and first body paragraph: CSI colours, an OSC
    window title ended by BEL, one written as a character reference, and stray controls."""
    html = page_html()
    html = re.sub(r"(<title[^>]*>)", lambda m: m.group(1) + f"{ESC}[31m{ESC}]0;pwned\x07", html, count=1)
    html = re.sub(r"(<h1[^>]*>)", lambda m: m.group(1) + f"{ESC}[1;31m", html, count=1)
    html = html.replace("</h1>", f"{ESC}[0m</h1>", 1)
    paragraph = '<p class="css-158dogj evys1bk0">'
    assert paragraph in html
    return html.replace(paragraph, paragraph + f"{ESC}[2J{ESC}]2;title{ESC}\\&#27;[5m\x07\x01", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{ESC}[31mRed{ESC}[0m text", "Red text"),
        (f"{ESC}]0;window title\x07Headline", "Headline"),
        (f"{ESC}]8;;https://example.org{ESC}\\link{ESC}]8;;{ESC}\\", "link"),
        (f"unterminated {ESC}]0;title\nnext line", "unterminated \nnext line"),
        (f"a{ESC}cb{ESC}(Bc", "abc"),
        ("\x9b31mred\x9b0m", "red"),
        ("line\r\nbreak\rand\x0cform\x0bfeed\x07\x00\x7f", "line\nbreak\nand form feed"),
        ("tab\tand newline\n stay", "tab\tand newline\n stay"),
        ("Trump’s café — fine", "Trump’s café — fine"),
    ],
)
def test_strip_controls(text: str, expected: str) -> None:
    from docpipe.textsafety import strip_controls

    assert strip_controls(text) == expected
    assert CONTROL.search(strip_controls(text)) is None


def test_printable_shows_controls_escaped() -> None:
    from docpipe.textsafety import printable

    assert printable(f"{ESC}[31mred\x07\n\tok") == "\\x1b[31mred\\x07\n\tok"
    assert printable("plain – text") == "plain – text"


def _run_pipeline(raw: Path, out: Path) -> None:
    try:
        from docpipe.driver import run_pipeline
    except ImportError:  # before the run driver moved out of pipeline
        from docpipe.pipeline import run_pipeline  # type: ignore[attr-defined,no-redef]
    run_pipeline(Settings(raw_dir=raw, out_dir=out, workers=1))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    return []


ESCAPED_NAME = f"named{ESC}[31m{ESC}]0;x\x07.html"


@pytest.fixture
def hostile_output(tmp_path: Path) -> Path:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "page.html").write_text(hostile_page(), encoding="utf-8")
    # a file name holding an escape sequence: not page text, so it is stored as it is, but printed escaped
    (raw / ESCAPED_NAME).write_text(page_html().replace("Rolling Blackouts", "Rolling Brownouts"), encoding="utf-8")
    _run_pipeline(raw, out)
    return out


def test_no_table_holds_control_characters(hostile_output: Path) -> None:
    import pyarrow.parquet as pq

    tables = sorted({path.parent.name for path in hostile_output.glob("*/*.parquet")})
    assert {"documents", "sections", "blocks", "evidence"} <= set(tables)
    documents = pq.read_table(hostile_output / "documents").to_pylist()
    page = next(row for row in documents if row["source_path"] == "page.html")
    assert page["title"] == "Rolling Blackouts in California Have Power Experts Stumped"
    assert "As temperatures began to rise" in page["clean_text"]
    for table in tables:
        for row in pq.read_table(hostile_output / table).to_pylist():
            for column, value in row.items():
                if column == "source_path" or (table == "inputs" and column == "path"):
                    continue  # the file's own name, needed to find it again
                for text in _strings(value):
                    assert CONTROL.search(text) is None, f"{table}.{column}: {text[:80]!r}"


def test_explain_and_verify_print_no_escape_sequence(hostile_output: Path) -> None:
    import subprocess
    import sys

    docpipe = Path(sys.executable).parent / "docpipe"
    for key in ("page.html", ESCAPED_NAME):
        shown = subprocess.run(
            [str(docpipe), "explain", key, "--out", str(hostile_output)], capture_output=True, check=True
        )
        assert b"\x1b" not in shown.stdout and b"\x07" not in shown.stdout, shown.stdout[:2000]
        assert b"Rolling B" in shown.stdout
    raw = hostile_output.parent / "raw"
    checked = subprocess.run(
        [str(docpipe), "verify", "--raw", str(raw), "--out", str(hostile_output)], capture_output=True
    )
    assert b"\x1b" not in checked.stdout and b"\x07" not in checked.stdout, checked.stdout[:2000]

"""Uncurated input: every file ends as a document or a reject with a clear reason, never a crash.

The short fuzz runs here; `bench/fuzz.py` runs the long one.
"""

from __future__ import annotations

import gzip
import os
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docpipe.config import Settings
from docpipe.driver import run_pipeline
from docpipe.model import Document, Reject
from docpipe.pipeline import process_file
from docpipe.store import read_table

from .conftest import FIXTURES, SEED

ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (level, (b"&lol%d;" % (level - 1) if level > 2 else b"&lol;") * 10)
        for level in range(2, 10)
    )
    + b"]><html><body><p>&lol9;</p></body></html>"
)
ARTICLE = "A headline about the council\n\nThe council met on Monday and agreed a budget for the coming year."

HOSTILE = {
    "deeply-nested.html": (b"<div>" * 100_000 + b"text" + b"</div>" * 100_000, "no main content found in HTML"),
    "entity-bomb.html": (ENTITY_BOMB, "no main content found in HTML"),
    "script-only.html": (b"<html><script>" + b"var a = 1;" * 1000 + b"</script></html>", "no main content"),
    "no-text.html": (b'<html><body><div><img src="x.png"></div></body></html>', "no main content"),
    "pdf.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)), "binary"),
    "zip.html": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4, "binary"),
}
DECODED = {
    "shift-jis.txt": (
        "東京で会議が開かれました。参加者は多くの問題について話し合いました。".encode("shift_jis"),
        "東京",
    ),
    "utf-16-bom.txt": (ARTICLE.encode("utf-16"), "budget"),
    "utf-16-no-bom.txt": (ARTICLE.encode("utf-16-le"), "budget"),
    "windows-1252.txt": ("Caf\u00e9 owners and the na\u00efve fa\u00e7ade of the council".encode("cp1252"), "façade"),
    # UTF-8 with a Latin-1 passage pasted in: not valid UTF-8 as a whole, still text
    "mixed-encodings.txt": (
        "Café au lait\n\n".encode() + "naïve façade of the old council".encode("latin-1"),
        "council",
    ),
    "truncated.html": (
        b"<html><body><article><h1>Cut</h1><p>This page was cut off in the middle of a sente",
        "cut off",
    ),
}


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_are_rejected_with_a_reason(name: str, settings: Settings) -> None:
    data, reason = HOSTILE[name]
    result = process_file(write(settings.raw_dir, name, data), settings)
    assert isinstance(result, Reject)
    assert reason in result.reason


@pytest.mark.parametrize("name", DECODED)
def test_odd_encodings_are_decoded(name: str, settings: Settings) -> None:
    data, expected = DECODED[name]
    result = process_file(write(settings.raw_dir, name, data), settings)
    assert isinstance(result, Document), result
    assert expected in result.clean_text


def test_gzip_bomb_is_refused_without_inflating_it(raw_dir: Path, tmp_path: Path) -> None:
    bomb = gzip.compress(b"\0" * 20_000_000)  # 20 MB of zeros in about 20 kB
    settings = Settings(raw_dir=raw_dir, out_dir=tmp_path / "out", max_file_bytes=1_000_000)
    result = process_file(write(raw_dir, "bomb.txt.gz", bomb), settings)
    assert isinstance(result, Reject)
    assert result.reason == "decompressed size exceeds limit (1000000 bytes)"


def test_awkward_file_names_and_a_run_that_accounts_for_everything(seed_raw: Path, settings: Settings) -> None:
    for name in ("with space.txt", "ünïcödé-名前.txt", "new\nline.txt"):
        write(seed_raw, name, (ARTICLE + f"\n\n{name!r}").encode())
    for name, (data, _) in HOSTILE.items():
        write(seed_raw, name, data)
    summary = run_pipeline(settings)
    assert summary.inputs == 1 + 3 + len(HOSTILE)
    assert summary.inputs == summary.documents + summary.rejects + summary.skipped
    paths = set(read_table(settings.out_dir, "documents").column("source_path").to_pylist())
    assert {"with space.txt", "ünïcödé-名前.txt", "new\nline.txt"} <= paths
    assert all(not os.path.isabs(p) for p in paths)


def check_invariants(result: Document | Reject) -> None:
    """What must hold of any output: offsets point at their text; a reject names its step and reason."""
    if isinstance(result, Reject):
        assert result.reason and result.step
        return
    for section in result.sections:
        assert result.clean_text[section.char_start : section.char_end] == section.text
    for evidence in result.evidence:
        if evidence.char_start is not None:
            assert result.clean_text[evidence.char_start : evidence.char_end] == evidence.evidence


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
REAL_PAGE = (FIXTURES / "corpus" / "mozilla-readability-testpages" / "aclu.html.gz").read_bytes()


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".html", ".txt.gz"]))
def test_fuzz_random_bytes(data: bytes, suffix: str, tmp_path: Path) -> None:
    if suffix.endswith(".gz"):
        data = gzip.compress(data)
    check_invariants(process_file(write(tmp_path, "fuzz" + suffix, data), Settings(tmp_path, tmp_path / "o")))


@FUZZ
@given(cut=st.integers(0, 60_000), junk=st.binary(max_size=200), at=st.integers(0, 60_000))
def test_fuzz_mutated_real_page(cut: int, junk: bytes, at: int, tmp_path: Path) -> None:
    page = gzip.decompress(REAL_PAGE)[:cut]
    mutated = page[:at] + junk + page[at:]
    check_invariants(process_file(write(tmp_path, "page.html", mutated), Settings(tmp_path, tmp_path / "o")))


TEXT_LINES = st.one_of(
    st.sampled_from([SEED.read_text(encoding="utf-8").split("\n\n")[i] for i in (0, 1, 2, 3, 4, 5, -2, -1)]),
    st.sampled_from(["By Jane Doe", "Jane Doe | 6 May 2025", "05/06/2024", "Related:", "- item", "# Title", "Why?"]),
    st.text(max_size=120),
)


@FUZZ
@given(lines=st.lists(TEXT_LINES, max_size=25), separator=st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"]))
def test_fuzz_plain_text_articles(lines: list[str], separator: str, tmp_path: Path) -> None:
    data = separator.join(lines).encode("utf-8", "surrogatepass")
    check_invariants(process_file(write(tmp_path, "article.txt", data), Settings(tmp_path, tmp_path / "o")))


MARKUP = st.recursive(
    st.text(max_size=40).map(lambda t: t.replace("<", "&lt;")),
    lambda children: st.builds(
        lambda tag, inner: f"<{tag}>{''.join(inner)}</{tag}>",
        st.sampled_from(["div", "p", "article", "h1", "h2", "ul", "li", "table", "tr", "td", "blockquote", "span"]),
        st.lists(children, max_size=4),
    ),
    max_leaves=40,
)


@FUZZ
@given(body=MARKUP)
def test_fuzz_random_markup_trees(body: str, tmp_path: Path) -> None:
    page = f"<html><head><title>T</title></head><body>{body}</body></html>".encode("utf-8", "surrogatepass")
    check_invariants(process_file(write(tmp_path, "page.html", page), Settings(tmp_path, tmp_path / "o")))


def test_sidecar_url_must_be_web_not_a_path(raw_dir: Path, settings: Settings) -> None:
    path = write(raw_dir, "a.txt", ARTICLE.encode())
    write(raw_dir, "a.meta.json", b'{"url": "../../etc/passwd"}')
    result = process_file(path, settings)
    assert isinstance(result, Reject)
    assert result.reason == "malformed sidecar: url must be an http(s) URL (a.meta.json)"


def test_processing_opens_no_network_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages are full of URLs (links, images, canonical, JSON-LD); docpipe reads them and never fetches one."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    corpus = FIXTURES / "corpus"
    for page in sorted(corpus.rglob("*.html.gz"))[:8]:
        assert isinstance(process_file(page, Settings(corpus, tmp_path)), Document)
    assert attempts == []


def test_outputs_carry_no_absolute_path_of_this_machine(seed_raw: Path, settings: Settings) -> None:
    summary = run_pipeline(settings)
    manifest = (settings.out_dir / "runs" / f"{summary.run_id}.json").read_text()
    assert str(seed_raw.parent) not in manifest
    for table in ("documents", "rejects", "provenance", "evidence", "sections"):
        for row in read_table(settings.out_dir, table).to_pylist():
            assert not any(isinstance(v, str) and str(seed_raw.parent) in v for v in row.values()), table

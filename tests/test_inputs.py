"""Every input accounted for by its path, whatever the raw folder holds: copies, symlinks, hard links, FIFOs,
symlinked folders, hidden files; every table exists from the first run; a slow document is a reject."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from docpipe.config import Settings
from docpipe.driver import run_pipeline
from docpipe.store import TABLES
from docpipe.verify import verify_outputs

from .conftest import SEED


@pytest.fixture
def crowded_raw(raw_dir: Path, tmp_path: Path) -> Path:
    shutil.copy(SEED, raw_dir / "a.txt")
    shutil.copy(SEED, raw_dir / "b.txt")  # a plain copy
    (raw_dir / "c.txt").symlink_to("a.txt")  # a symlink to another input
    os.link(raw_dir / "a.txt", raw_dir / "d.txt")  # a hard link
    os.mkfifo(raw_dir / "pipe.txt")  # opening it would block the run forever
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_bytes(SEED.read_bytes() + b"\nOutside.\n")
    (raw_dir / "escape.txt").symlink_to(outside / "x.txt")  # leaves the raw folder: refused
    (raw_dir / "linked-folder").symlink_to(outside, target_is_directory=True)  # leaves the raw folder too
    (raw_dir / "sub").mkdir()
    (raw_dir / "sub-link").symlink_to("sub", target_is_directory=True)  # inside, but folders are not followed
    (raw_dir / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (raw_dir / ".git").mkdir()
    (raw_dir / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (raw_dir / ".a.txt.swp").write_bytes(b"b0VIM 9.0")
    return raw_dir


def query(out: Path, sql: str) -> list[tuple[object, ...]]:
    return duckdb.sql(sql.replace("TABLE", f"'{out}/inputs/*.parquet'")).fetchall()


def test_every_file_is_in_the_inputs_table_by_path(crowded_raw: Path, settings: Settings) -> None:
    summary = run_pipeline(settings)
    out = settings.out_dir
    rows = {
        path: (status, duplicate_of)
        for path, status, duplicate_of in query(out, "select source_path, status, duplicate_of from TABLE")
    }
    assert rows == {
        "a.txt": ("processed", None),
        "b.txt": ("duplicate", "a.txt"),
        "c.txt": ("duplicate", "a.txt"),
        "d.txt": ("duplicate", "a.txt"),
        "pipe.txt": ("rejected", None),
        "escape.txt": ("rejected", None),
        "linked-folder": ("rejected", None),
        "sub-link": ("rejected", None),
    }
    # one document whatever the number of paths to its content: doc_id stays the primary key
    doc_ids = duckdb.sql(f"select doc_id from '{out}/documents/*.parquet'").fetchall()
    assert len(doc_ids) == 1
    (a_id,) = doc_ids[0]
    assert {row[0] for row in query(out, "select doc_id from TABLE where status = 'duplicate'")} == {a_id}
    reasons = dict(duckdb.sql(f"select source_path, reason from '{out}/rejects/*.parquet'").fetchall())
    assert reasons == {
        "pipe.txt": "not a regular file (named pipe)",
        "escape.txt": "symlink pointing outside the raw folder (refused)",
        "linked-folder": "symlink pointing outside the raw folder (refused)",
        "sub-link": "symlinked folder (not followed)",
    }
    assert (summary.documents, summary.duplicates, summary.skipped, summary.rejects) == (1, 3, 0, 4)
    assert summary.hidden == 3  # .DS_Store, .git/, the swap file: counted, not rejected
    assert "1 documents written, 3 duplicates, 0 already processed, 4 rejected" in summary.headline()
    report = verify_outputs(crowded_raw, out)
    assert report.ok, report.violations
    assert report.checked["raw files in a table"] == 8


def test_a_rerun_tells_already_processed_from_duplicates(crowded_raw: Path, settings: Settings) -> None:
    run_pipeline(settings)
    (crowded_raw / "e.txt").write_bytes(SEED.read_bytes())  # a new copy of content processed before
    again = run_pipeline(settings)
    assert (again.documents, again.duplicates, again.skipped, again.rejects) == (0, 4, 5, 0)
    rows = dict(query(settings.out_dir, "select source_path, status from TABLE"))
    assert rows["a.txt"] == "already_processed" and rows["e.txt"] == "duplicate"
    assert len(rows) == 9  # one row per path: the older run's rows were replaced


def test_a_raw_file_in_no_table_fails_verify(crowded_raw: Path, settings: Settings) -> None:
    run_pipeline(settings)
    for part in (settings.out_dir / "inputs").glob("*.parquet"):
        part.unlink()
    (settings.out_dir / "documents").joinpath("x").mkdir()  # nothing; just prove the folder is still read
    report = verify_outputs(crowded_raw, settings.out_dir)
    missing = sorted(v.subject for v in report.violations if v.check == "inputs")
    assert missing == ["b.txt", "c.txt", "d.txt"]  # a.txt is in documents, the rejects in rejects


def test_every_table_exists_after_a_clean_run_and_reads_empty(seed_raw: Path, settings: Settings) -> None:
    run_pipeline(settings)  # no rejects, no duplicates
    out = settings.out_dir
    for table in TABLES:
        assert duckdb.sql(f"select count(*) from '{out}/{table}/*.parquet'").fetchall()
    assert duckdb.sql(f"select count(*) from '{out}/rejects/*.parquet'").fetchall() == [(0,)]
    assert pl.scan_parquet(f"{out}/rejects/*.parquet").collect().height == 0
    assert len(pd.read_parquet(out / "rejects")) == 0
    assert pl.read_parquet(f"{out}/rejects/*.parquet").columns[:4] == ["source_path", "sha256", "step", "reason"]


def test_every_table_exists_even_when_nothing_is_written(raw_dir: Path, settings: Settings) -> None:
    run_pipeline(settings)  # an empty raw folder
    for table in TABLES:
        assert duckdb.sql(f"select count(*) from '{settings.out_dir}/{table}/*.parquet'").fetchall() == [(0,)]


def test_a_document_that_takes_too_long_is_a_reject_and_the_run_goes_on(seed_raw: Path, tmp_path: Path) -> None:
    # 40k paragraphs take seconds; with a 1.5 s limit that is a reject, and the seed is still processed
    paragraphs = "".join(
        f"<p>Paragraph number {n} of a page that never ends, with some words.</p>" for n in range(40_000)
    )
    (seed_raw / "huge.html").write_text(f"<html><body><article>{paragraphs}</article></body></html>")
    assert threading.current_thread() is threading.main_thread()
    summary = run_pipeline(
        Settings(raw_dir=seed_raw, out_dir=tmp_path / "out", workers=1, document_timeout_seconds=1.5)
    )
    assert (summary.documents, summary.rejects) == (1, 1)
    (row,) = duckdb.sql(f"select source_path, step, reason from '{tmp_path}/out/rejects/*.parquet'").fetchall()
    assert row[0] == "huge.html" and row[2] == "timed out after 1.5 s"
    assert row[1] in ("ingest", "clean", "segment", "metadata")

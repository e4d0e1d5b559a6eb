"""End to end through the store: Parquet read back by DuckDB, Polars and pandas; re-runs; counts."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import socket
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from docpipe import store
from docpipe.config import Settings
from docpipe.driver import RunSummary, run_pipeline
from docpipe.model import ConfigurationError, OutputBusyError
from docpipe.schemas import SCHEMA_VERSIONS, SCHEMAS, TABLES
from docpipe.store import LOCK_FILE, read_table, run_id_of

from .conftest import SEED
from .test_ingest import ARTICLE_HTML


@pytest.fixture
def mixed_raw(seed_raw: Path) -> Path:
    """The seed, an HTML page (gzipped, in a subfolder), a duplicate, and three bad files."""
    (seed_raw / "news").mkdir()
    (seed_raw / "news" / "cafe.html.gz").write_bytes(gzip.compress(ARTICLE_HTML.format(charset="utf-8").encode()))
    (seed_raw / "z-duplicate").mkdir()
    shutil.copy(SEED, seed_raw / "z-duplicate" / "seed-copy.txt")
    (seed_raw / "empty.txt").write_bytes(b"")
    (seed_raw / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (seed_raw / "bad.txt").write_bytes(SEED.read_bytes())
    (seed_raw / "bad.meta.json").write_bytes(b"{oops")
    return seed_raw


@pytest.fixture
def first_run(mixed_raw: Path, settings: Settings) -> RunSummary:
    return run_pipeline(settings)


def test_counts_add_up(first_run: RunSummary) -> None:
    assert first_run.inputs == 6
    # the copy of the seed is a duplicate, not "already processed": this run processed its content
    assert (first_run.documents, first_run.rejects, first_run.duplicates, first_run.skipped) == (2, 3, 1, 0)
    assert first_run.inputs == first_run.documents + first_run.rejects + first_run.duplicates + first_run.skipped
    assert dict(first_run.rejects_by_reason) == {
        "empty file": 1,
        "unsupported type: .png": 1,
        "malformed sidecar": 1,
    }


def test_duckdb_reads_the_documents_glob(first_run: RunSummary, settings: Settings) -> None:
    rows = duckdb.sql(
        f"select title, authors, published_date, outlet, source_path "
        f"from '{settings.out_dir}/documents/*.parquet' order by source_path"
    ).fetchall()
    titles = {row[4]: row for row in rows}
    assert set(titles) == {"news/cafe.html.gz", "trump-return-us-russia-relations-interpreter.txt"}
    seed = titles["trump-return-us-russia-relations-interpreter.txt"]
    assert seed[:4] == (
        "What does Trump’s return mean for America’s relations with Russia?",
        ["Ian Hill"],
        __import__("datetime").date(2024, 11, 15),
        "The Interpreter",
    )


def test_polars_and_pandas_read_the_folders(first_run: RunSummary, settings: Settings) -> None:
    sections = pl.scan_parquet(f"{settings.out_dir}/sections/*.parquet").collect()
    assert set(sections["kind"].unique()) >= {
        "headline",
        "standfirst",
        "dateline",
        "body",
        "republication_notice",
        "author_bio",
    }
    documents = pd.read_parquet(settings.out_dir / "documents")
    assert len(documents) == 2
    joined = documents.merge(sections.to_pandas(), on="doc_id")
    for row in joined.itertuples():
        assert row.clean_text[row.char_start : row.char_end] == row.text


def test_blocks_keep_structure_inside_sections(first_run: RunSummary, settings: Settings) -> None:
    out = settings.out_dir
    blocks = duckdb.sql(
        f"select b.kind, b.text, s.kind as section_kind, b.char_start, b.char_end, s.char_start, s.char_end "
        f"from '{out}/blocks/*.parquet' b join '{out}/sections/*.parquet' s "
        f"on b.doc_id = s.doc_id and b.section_index = s.section_index"
    ).fetchall()
    assert blocks
    for kind, _text, section_kind, start, end, s_start, s_end in blocks:
        assert s_start <= start < end <= s_end
        if kind == "title":
            assert section_kind == "headline"
    assert ("title", "Café owners rally", "headline") in [row[:3] for row in blocks]


def test_schema_round_trip_with_version(first_run: RunSummary, settings: Settings) -> None:
    for table in TABLES:
        files = list((settings.out_dir / table).glob("*.parquet"))
        assert files, table
        for file in files:
            schema = pq.read_schema(file)
            assert schema.equals(SCHEMAS[table], check_metadata=False), table
            assert schema.metadata[b"docpipe.schema_version"] == SCHEMA_VERSIONS[table].encode()
            assert pq.ParquetFile(file).metadata.row_group(0).column(0).compression == "ZSTD"


def test_rejects_table_names_step_and_reason(first_run: RunSummary, settings: Settings) -> None:
    rejects = read_table(settings.out_dir, "rejects").to_pylist()
    by_path = {r["source_path"]: r for r in rejects}
    assert set(by_path) == {"empty.txt", "logo.png", "bad.txt"}
    assert all(r["step"] == "ingest" and r["run_id"] == first_run.run_id for r in rejects)
    assert by_path["empty.txt"]["sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_provenance_has_every_step_per_document(first_run: RunSummary, settings: Settings) -> None:
    provenance = read_table(settings.out_dir, "provenance").to_pylist()
    steps: dict[str, list[str]] = {}
    for row in provenance:
        steps.setdefault(row["doc_id"], []).append(row["step"])
    assert len(steps) == 2
    assert all(s == ["ingest", "clean", "segment", "metadata", "store"] for s in steps.values())
    store_rows = [r for r in provenance if r["step"] == "store"]
    (documents_file,) = (settings.out_dir / "documents").glob("*.parquet")

    assert {r["output_sha256"] for r in store_rows} == {hashlib.sha256(documents_file.read_bytes()).hexdigest()}


def test_manifest_records_the_run(first_run: RunSummary, settings: Settings) -> None:
    manifest = json.loads((settings.out_dir / "runs" / f"{first_run.run_id}.json").read_text())
    assert manifest["counts"] == {
        "inputs": 6,
        "documents": 2,
        "rejects": 3,
        "duplicates": 1,
        "skipped": 0,
        "not_reached": 0,
        "hidden": 0,
        "superseded_rows": 0,
    }
    assert (manifest["status"], manifest["interrupted_by"]) == ("completed", None)
    assert manifest["field_coverage"]["title"] == 1.0
    assert manifest["field_coverage"]["authors"] == 1.0  # Ian Hill; Jane Doe
    assert manifest["parameters"]["batch_size"] == settings.batch_size
    assert manifest["libraries"]["trafilatura"] == "2.3.1"
    assert manifest["prefect_flow_run_id"] is None  # not under Prefect here
    assert manifest["host"] == socket.gethostname() and "user" in manifest  # who ran it, for PROV agents


def test_rerun_adds_nothing(first_run: RunSummary, settings: Settings) -> None:
    before = {t: read_table(settings.out_dir, t).num_rows for t in TABLES}
    second = run_pipeline(settings)
    # the seed's copy is still a copy of the seed; everything else was processed before at its path
    assert (second.documents, second.rejects, second.duplicates, second.skipped) == (0, 0, 1, 5)
    assert {t: read_table(settings.out_dir, t).num_rows for t in TABLES} == before


def test_changed_file_is_a_new_document(first_run: RunSummary, settings: Settings) -> None:
    path = settings.raw_dir / "trump-return-us-russia-relations-interpreter.txt"
    path.write_bytes(path.read_bytes() + b"\n\nA late correction was appended.\n")
    second = run_pipeline(settings)
    assert (second.documents, second.duplicates, second.skipped) == (1, 1, 4)
    assert len(set(read_table(settings.out_dir, "documents").column("doc_id").to_pylist())) == 3


def test_small_batches_give_the_same_rows(mixed_raw: Path, tmp_path: Path) -> None:
    one = run_pipeline(Settings(raw_dir=mixed_raw, out_dir=tmp_path / "one", batch_size=1))
    many = run_pipeline(Settings(raw_dir=mixed_raw, out_dir=tmp_path / "many", batch_size=100))
    assert (one.documents, one.rejects, one.skipped) == (many.documents, many.rejects, many.skipped)
    columns = ["doc_id", "title", "body_text"]
    rows = [sorted(read_table(tmp_path / n, "documents", columns).to_pylist(), key=str) for n in ("one", "many")]
    assert rows[0] == rows[1]
    # batch_size=1: one file per batch that wrote a document (seed and HTML page)
    assert len(list((tmp_path / "one" / "documents").glob("*.parquet"))) == 2


def test_no_temporary_files_left(first_run: RunSummary, settings: Settings) -> None:
    leftovers = [p.name for p in settings.out_dir.rglob("*") if p.name.startswith(".")]
    assert leftovers == [LOCK_FILE]  # the lock file stays, empty: flock, not its existence, is the lock
    assert (settings.out_dir / LOCK_FILE).read_text() == ""


def test_missing_raw_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="raw folder not found"):
        run_pipeline(Settings(raw_dir=tmp_path / "nope", out_dir=tmp_path / "out"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere; permissions cannot be denied")
def test_unwritable_output_is_a_clear_error(seed_raw: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(ConfigurationError, match="output folder not writable"):
        run_pipeline(Settings(raw_dir=seed_raw, out_dir=locked / "out"))


def test_output_path_that_is_a_file_is_a_clear_error(seed_raw: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigurationError, match="output folder not writable"):
        run_pipeline(Settings(raw_dir=seed_raw, out_dir=blocker / "out"))


def test_reprocess_replaces_rows_instead_of_adding(first_run: RunSummary, settings: Settings) -> None:
    before = {t: read_table(settings.out_dir, t).num_rows for t in ("documents", "sections", "blocks", "evidence")}
    again = run_pipeline(replace(settings, reprocess=True))
    assert (again.documents, again.rejects, again.duplicates, again.skipped) == (2, 3, 1, 0)
    after = {t: read_table(settings.out_dir, t).num_rows for t in before}
    assert after == before
    assert {run_id_of(p) for p in (settings.out_dir / "documents").glob("*.parquet")} == {again.run_id}
    assert set(read_table(settings.out_dir, "rejects").column("run_id").to_pylist()) == {again.run_id}
    # every old row, the three old rejects and the six inputs rows of the first run
    assert again.superseded_rows == sum(before.values()) + 3 + 6
    # provenance is history: both runs' rows stay
    runs = set(read_table(settings.out_dir, "provenance").column("run_id").to_pylist())
    assert runs == {first_run.run_id, again.run_id}


def test_orphan_rows_of_a_killed_batch_are_removed(first_run: RunSummary, settings: Settings) -> None:
    # A run killed after writing sections but before its documents file: the sections file is an orphan.
    (orphan,) = (settings.out_dir / "sections").glob("*.parquet")
    copy = orphan.with_name("part-20000101T000000000000Z-deadbeef-00000.parquet")
    shutil.copy(orphan, copy)
    assert read_table(settings.out_dir, "sections").num_rows == 2 * len(pq.read_table(orphan))
    run_pipeline(settings)
    assert not copy.exists()
    assert read_table(settings.out_dir, "sections").num_rows == len(pq.read_table(orphan))


def test_a_second_run_on_the_same_output_fails_clearly(seed_raw: Path, settings: Settings) -> None:
    busy = f"another docpipe run is writing to {settings.out_dir}"
    with store.output_lock(settings.out_dir), pytest.raises(OutputBusyError, match=busy):
        run_pipeline(settings)
    assert run_pipeline(settings).documents == 1  # released: the next run goes ahead


def test_documents_files_of_schema_version_1_are_still_read(first_run: RunSummary, settings: Settings) -> None:
    # Version 1 of documents carried the run id; a folder written by an older docpipe mixes both versions.
    (current,) = (settings.out_dir / "documents").glob("*.parquet")
    table = pq.read_table(current)
    old = table.append_column("run_id", pa.array([first_run.run_id] * table.num_rows)).replace_schema_metadata(
        {b"docpipe.table": b"documents", b"docpipe.schema_version": b"1"}
    )
    pq.write_table(old, current.with_name("part-20000101T000000000000Z-deadbeef-00000.parquet"))
    both = read_table(settings.out_dir, "documents")
    assert both.schema.names == SCHEMAS["documents"].names
    assert both.num_rows == 2 * table.num_rows
    run_pipeline(settings)  # the older copies are superseded and dropped
    assert read_table(settings.out_dir, "documents").num_rows == table.num_rows


def test_documents_files_of_schema_version_2_read_author_kinds_as_null(
    first_run: RunSummary, settings: Settings
) -> None:
    # Version 2 of documents had no author_kinds: an older docpipe's files read with the column null.
    (current,) = (settings.out_dir / "documents").glob("*.parquet")
    table = pq.read_table(current)
    assert set(map(tuple, table.column("author_kinds").to_pylist())) == {("person",)}  # the seed: Ian Hill
    old = table.drop_columns(["author_kinds"]).replace_schema_metadata(
        {b"docpipe.table": b"documents", b"docpipe.schema_version": b"2"}
    )
    pq.write_table(old, current.with_name("part-20000101T000000000000Z-deadbeef-00000.parquet"))
    kinds = read_table(settings.out_dir, "documents", ["author_kinds"]).column("author_kinds").to_pylist()
    assert sorted(kinds, key=str) == [None] * table.num_rows + [["person"]] * table.num_rows

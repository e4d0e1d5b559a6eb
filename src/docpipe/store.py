"""Parquet output: one explicit, versioned schema per table, atomic writes, read-back helpers.

Each table is a folder of Parquet files (`part-RUN-BATCH.parquet`), so any engine can read the
folder or a glob. A file is written under a hidden temporary name and renamed into place, so
readers never see a half-written file (pyarrow, DuckDB and Polars all skip dot-files or the
`.tmp` suffix).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from docpipe.dedupe import reject_key
from docpipe.model import OutputBusyError, OutputWriteError
from docpipe.schemas import SCHEMAS, TABLES


def part_name(run_id: str, batch_index: int) -> str:
    return f"part-{run_id}-{batch_index:05d}.parquet"


def write_table(out_dir: Path, table: str, rows: list[dict[str, object]], file_name: str) -> Path | None:
    """Write rows as one Parquet file of `table`, atomically; nothing is written for no rows."""
    if not rows:
        return None
    folder = out_dir / table
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / file_name
    _write_atomically(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), final)
    return final


def encode_table(table: str, rows: list[dict[str, object]]) -> bytes:
    """A table's rows as the bytes of one Parquet file (what `write_table` writes), for a caller that needs the
    file's hash before it lands."""
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def write_encoded(out_dir: Path, table: str, data: bytes, file_name: str) -> Path:
    """Bytes from `encode_table` as one file of `table`, atomically."""
    folder = out_dir / table
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / file_name
    _write_atomically(data, final)
    return final


def _write_atomically(content: pa.Table | bytes, final: Path) -> None:
    temporary = final.with_name(f".{final.name}.tmp")
    try:
        if isinstance(content, bytes):
            temporary.write_bytes(content)
        else:
            pq.write_table(content, temporary, compression="zstd")
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())  # the rename must never expose a file whose bytes are not on disk
        os.replace(temporary, final)
    except OSError as error:
        # Disk full, quota, permissions: stop the run clearly; what was written before stays as it was.
        temporary.unlink(missing_ok=True)
        reason = error.strerror or str(error)
        raise OutputWriteError(
            f"cannot write {final.parent.name}/{final.name} in {final.parent.parent}: {reason}"
        ) from error


def read_table(
    out_dir: Path, table: str, columns: list[str] | None = None, filter_expression: ds.Expression | None = None
) -> pa.Table:
    """A table's rows across all its files; an empty table with the schema if nothing was written."""
    folder = out_dir / table
    schema = SCHEMAS[table]
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        empty = schema.empty_table()
        return empty.select(columns) if columns else empty
    dataset = ds.dataset(folder, format="parquet", schema=schema)
    return dataset.to_table(columns=columns, filter=filter_expression)


def processed_keys(out_dir: Path, pipeline_version: str) -> dict[str, str]:
    """What this pipeline version already wrote: the sha256 of every document and the key of every reject,
    each with the source path it was written for."""
    version = ds.field("pipeline_version") == pipeline_version
    keys = {
        row["doc_id"]: row["source_path"]
        for row in read_table(out_dir, "documents", ["doc_id", "source_path"], version).to_pylist()
    }
    for row in read_table(out_dir, "rejects", ["sha256", "source_path"], version).to_pylist():
        keys[reject_key(row["source_path"], row["sha256"])] = row["source_path"]
    return keys


def run_id_of(part_file: Path) -> str:
    """The run that wrote a part file, from its name `part-RUNID-BATCH.parquet`."""
    return part_file.name.removeprefix("part-").rsplit("-", 1)[0]


DOCUMENT_TABLES = ("documents", "sections", "blocks", "evidence")


def document_runs(out_dir: Path) -> dict[str, list[str]]:
    """The runs whose documents files hold each document (one, unless superseded rows were not dropped yet)."""
    runs: dict[str, list[str]] = {}
    for part in part_files(out_dir, "documents"):
        run_id = run_id_of(part)
        for doc_id in pq.read_table(part, columns=["doc_id"]).column("doc_id").to_pylist():
            runs.setdefault(doc_id, []).append(run_id)
    return runs


def drop_superseded(out_dir: Path) -> int:
    """Keep only the newest run's rows of each document (and of each rejected file); return rows dropped.

    A document processed again (a new pipeline version, or `reprocess`) is written first and its older
    rows removed after, so a crash in between leaves duplicates for the next run to remove, never a loss.
    Provenance rows are history and stay.
    """
    latest_run = {doc_id: max(runs) for doc_id, runs in document_runs(out_dir).items()}
    latest_reject: dict[tuple[str, str | None], str] = {}
    for part in part_files(out_dir, "rejects"):
        run_id = run_id_of(part)
        for row in pq.read_table(part, columns=["source_path", "sha256"]).to_pylist():
            key = (row["source_path"], row["sha256"])
            latest_reject[key] = max(run_id, latest_reject.get(key, ""))
    dropped = 0
    for table in DOCUMENT_TABLES:
        for part in part_files(out_dir, table):
            run_id = run_id_of(part)
            dropped += _rewrite_without(
                part, lambda row, run_id=run_id: latest_run.get(row["doc_id"], run_id) != run_id
            )
    for part in part_files(out_dir, "rejects"):
        run_id = run_id_of(part)

        def superseded(row: dict[str, object], run_id: str = run_id) -> bool:
            key = (row["source_path"], row["sha256"])
            return latest_reject[key] != run_id or latest_run.get(str(row["sha256"]), "") > run_id

        dropped += _rewrite_without(part, superseded)
    latest_listing: dict[str, str] = {}
    for part in part_files(out_dir, "inputs"):
        run_id = run_id_of(part)
        for path in pq.read_table(part, columns=["source_path"]).column("source_path").to_pylist():
            latest_listing[path] = max(run_id, latest_listing.get(path, ""))
    for part in part_files(out_dir, "inputs"):
        run_id = run_id_of(part)
        dropped += _rewrite_without(
            part, lambda row, run_id=run_id: latest_listing[str(row["source_path"])] != run_id, ["source_path"]
        )
    return dropped


def part_files(out_dir: Path, table: str) -> list[Path]:
    return sorted((out_dir / table).glob("part-*.parquet"))


EMPTY_PART = "empty"


def ensure_tables(out_dir: Path, run_id: str) -> list[Path]:
    """Every table exists, with its schema, from the first run on: a table with no rows gets one empty file, so
    `select … from 'processed/rejects/*.parquet'` answers 0 rows instead of "No files found"."""
    written = []
    for table in TABLES:
        if not part_files(out_dir, table):
            final = out_dir / table / f"part-{run_id}-{EMPTY_PART}.parquet"
            final.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(SCHEMAS[table].empty_table(), final)
            written.append(final)
    return written


def runs_without_manifest(out_dir: Path) -> dict[str, dict[str, int]]:
    """Runs that left rows but no manifest (killed), with the documents their provenance stored and their
    rejects."""
    from docpipe.provenance import MANIFEST_FOLDER  # provenance imports nothing of the store's

    runs: set[str] = set()
    for table in TABLES:
        runs.update(run_id_of(part) for part in part_files(out_dir, table) if not _is_empty_part(part))
    missing = {run_id for run_id in runs if not (out_dir / MANIFEST_FOLDER / f"{run_id}.json").exists()}
    if not missing:
        return {}
    counts = {run_id: {"documents": 0, "rejects": 0} for run_id in missing}
    for row in read_table(out_dir, "provenance", ["run_id", "step"]).to_pylist():
        if row["run_id"] in counts and row["step"] == "store":
            counts[row["run_id"]]["documents"] += 1
    for run_id in read_table(out_dir, "rejects", ["run_id"]).column("run_id").to_pylist():
        if run_id in counts:
            counts[run_id]["rejects"] += 1
    return counts


def _is_empty_part(part: Path) -> bool:
    return part.name.endswith(f"-{EMPTY_PART}.parquet")


def run_started_at(run_id: str) -> str:
    """When a run started, from its id (time first, see driver.new_run_id)."""
    return datetime.strptime(run_id.split("-")[0], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC).isoformat()


def _rewrite_without(
    part: Path, superseded: Callable[[dict[str, object]], bool], columns: list[str] | None = None
) -> int:
    if columns is None:
        columns = ["doc_id"] if "doc_id" in pq.read_schema(part).names else ["source_path", "sha256"]
    keys = pq.read_table(part, columns=columns).to_pylist()
    keep = [not superseded(row) for row in keys]
    dropped = keep.count(False)
    if dropped == 0:
        return 0
    if dropped == len(keep):
        part.unlink()
    else:
        _write_atomically(pq.read_table(part).filter(pa.array(keep)), part)
    return dropped


LOCK_FILE = ".docpipe.lock"


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """At most one run writes to an output folder at a time; a second one fails at once, clearly.

    flock is released by the kernel when the holder dies, so a killed run never leaves the folder locked.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise OutputBusyError(
                f"another docpipe run is writing to {out_dir} ({holder}); wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def clear_temporary_files(out_dir: Path, tables: Iterable[str] = TABLES) -> None:
    """Remove temporary files a killed run left behind; they were never visible to readers."""
    for table in tables:
        for leftover in (out_dir / table).glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


def rows_by_doc(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows grouped by their document, in the order read."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["doc_id"], []).append(row)
    return grouped


def read_part_rows(out_dir: Path, table: str, file_name: str, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """The rows of one file of a table (a batch's file has the same name in every table); none if absent."""
    path = out_dir / table / file_name
    return pq.read_table(path, columns=columns, schema=SCHEMAS[table]).to_pylist() if path.exists() else []

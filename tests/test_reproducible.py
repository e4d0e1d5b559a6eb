"""Same raw input + same docpipe version + same parameters ⇒ byte-identical Parquet for the content tables.

Run ids and times live in provenance, rejects and runs/ only; file names carry the run id, so files are
compared table by table and batch by batch.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from docpipe.config import Settings
from docpipe.driver import RunSummary, run_pipeline
from docpipe.provenance import OUTPUT_LIBRARIES
from docpipe.store import read_table

from .conftest import FIXTURES, REPO, SEED

CONTENT_TABLES = ("documents", "sections", "blocks", "evidence")
PAGES = ("mozilla-readability-testpages/aclu.html.gz", "trafilatura-evaldata/healthline.com.fat.html.gz")
# Pinned in pyproject.toml but changing no output: orchestration (Prefect, and Dask to scale it out) and the
# terminal. A new dependency must be named here or in OUTPUT_LIBRARIES.
NOT_OUTPUT_LIBRARIES = {"prefect", "prefect-dask", "dask", "distributed", "typer", "rich"}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, RunSummary, RunSummary]:
    base = tmp_path_factory.mktemp("reproducible")
    raw = base / "raw"
    (raw / "pages").mkdir(parents=True)
    shutil.copy(SEED, raw / SEED.name)
    for page in PAGES:
        shutil.copy(FIXTURES / "corpus" / page, raw / "pages" / Path(page).name)
    (raw / "empty.txt").write_bytes(b"")
    first = run_pipeline(Settings(raw_dir=raw, out_dir=base / "one", batch_size=2))
    second = run_pipeline(Settings(raw_dir=raw, out_dir=base / "two", batch_size=2))
    return base / "one", base / "two", first, second


def batch_files(out: Path, table: str) -> dict[str, bytes]:
    """A table's files by batch number (the part of the name after the run id)."""
    return {re.sub(r"^part-.*-(\d{5})\.parquet$", r"\1", p.name): p.read_bytes() for p in (out / table).iterdir()}


@pytest.mark.parametrize("table", CONTENT_TABLES)
def test_content_tables_are_byte_identical(two_runs: tuple[Path, Path, RunSummary, RunSummary], table: str) -> None:
    one, two, first, second = two_runs
    assert first.run_id != second.run_id
    assert (first.documents, first.rejects) == (3, 1)
    files_one, files_two = batch_files(one, table), batch_files(two, table)
    assert sorted(files_one) == ["00000", "00001"]  # three documents in batches of two
    assert files_one == files_two


def test_store_provenance_names_the_same_documents_file(two_runs: tuple[Path, Path, RunSummary, RunSummary]) -> None:
    one, two, _, _ = two_runs
    hashes = [
        sorted(r["output_sha256"] for r in read_table(out, "provenance").to_pylist() if r["step"] == "store")
        for out in (one, two)
    ]
    assert hashes[0] == hashes[1] and len(hashes[0]) == 3


def test_run_ids_and_times_stay_in_the_run_tables(two_runs: tuple[Path, Path, RunSummary, RunSummary]) -> None:
    one, _, first, _ = two_runs
    for table in CONTENT_TABLES:
        for path in (one / table).iterdir():
            parquet = pq.ParquetFile(path)
            assert "run_id" not in parquet.schema_arrow.names
            assert not any(str(t).startswith("timestamp") for t in parquet.schema_arrow.types)
            file_metadata = {k.decode(): v.decode(errors="replace") for k, v in parquet.metadata.metadata.items()}
            assert set(file_metadata) == {"docpipe.table", "docpipe.schema_version", "ARROW:schema"}
            assert first.run_id not in json.dumps(file_metadata)
            assert parquet.metadata.created_by.startswith("parquet-cpp-arrow version")
    assert set(read_table(one, "rejects").column("run_id").to_pylist()) == {first.run_id}


def test_every_pinned_library_that_can_change_an_output_is_recorded() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pinned = {re.split(r"==", requirement)[0].strip() for requirement in project["dependencies"]}
    assert all("==" in requirement for requirement in project["dependencies"])
    assert pinned - NOT_OUTPUT_LIBRARIES == set(OUTPUT_LIBRARIES)


def test_the_manifest_records_output_libraries_and_what_they_depend_on(
    two_runs: tuple[Path, Path, RunSummary, RunSummary],
) -> None:
    one, _, first, _ = two_runs
    manifest = json.loads((one / "runs" / f"{first.run_id}.json").read_text())
    libraries = manifest["libraries"]
    assert set(OUTPUT_LIBRARIES) <= set(libraries)
    # what py3langid, htmldate, trafilatura and dateparser depend on
    assert {"numpy", "dateparser", "courlan", "regex"} <= set(libraries)
    assert "not installed" not in libraries.values()
    assert "prefect" not in libraries

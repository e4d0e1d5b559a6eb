"""Batches on several processes or a Dask cluster write exactly what one process writes, row for row."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docpipe.config import Settings
from docpipe.driver import run_pipeline
from docpipe.store import read_table

from .conftest import FIXTURES, REPO, SEED

CONTENT_TABLES = ("documents", "sections", "blocks", "evidence")
PAGES = (
    "mozilla-readability-testpages/aclu.html.gz",
    "mozilla-readability-testpages/citylab-1.html.gz",
    "trafilatura-evaldata/healthline.com.fat.html.gz",
    "trafilatura-evaldata/salon.com.emissions.html.gz",
)


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed, four real pages, one of them again under another name (sorted into a later batch), and an
    empty file (a reject)."""
    folder = tmp_path_factory.mktemp("scale-out") / "raw"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    for page in PAGES:
        shutil.copy(FIXTURES / "corpus" / page, folder / Path(page).name)
    shutil.copy(FIXTURES / "corpus" / PAGES[0], folder / "zz-copy-of-aclu.html.gz")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def batch_files(out: Path, table: str) -> dict[str, bytes]:
    """A table's files by batch number; the run id in the name differs between runs."""
    return {re.sub(r"^part-.*-(\d{5})\.parquet$", r"\1", p.name): p.read_bytes() for p in (out / table).iterdir()}


def rejects(out: Path) -> list[dict[str, object]]:
    return sorted(read_table(out, "rejects", ["source_path", "sha256", "step", "reason"]).to_pylist(), key=str)


def test_two_worker_processes_write_the_files_one_process_writes(raw: Path, tmp_path: Path) -> None:
    one = run_pipeline(Settings(raw_dir=raw, out_dir=tmp_path / "one", batch_size=2, workers=1))
    two = run_pipeline(Settings(raw_dir=raw, out_dir=tmp_path / "two", batch_size=2, workers=2))
    counts = (one.inputs, one.documents, one.rejects, one.duplicates)
    assert counts == (7, 5, 1, 1)  # the copy of aclu, in another batch than aclu, is a duplicate, not written twice
    assert (two.inputs, two.documents, two.rejects, two.duplicates) == counts
    for table in CONTENT_TABLES:
        files = batch_files(tmp_path / "one", table)
        # seven inputs in batches of two; the last batch, only the duplicate, writes nothing but its inputs row
        assert sorted(files) == ["00000", "00001", "00002"], table
        assert batch_files(tmp_path / "two", table) == files, table
    assert rejects(tmp_path / "one") == rejects(tmp_path / "two")


def run_flow(raw: Path, out: Path, env: dict[str, str], *runner_args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "flows.process_articles", "--raw", str(raw), "--out", str(out)]
    return subprocess.run(
        [*command, "--batch-size", "2", "--workers", "2", *runner_args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def test_flow_on_a_dask_local_cluster_writes_what_the_local_flow_writes(
    raw: Path, tmp_path: Path, prefect_env: dict[str, str]
) -> None:
    local = run_flow(raw, tmp_path / "local", prefect_env)
    assert local.returncode == 0, local.stderr[-3000:]
    dask = run_flow(raw, tmp_path / "dask", prefect_env, "--task-runner", "dask")
    assert dask.returncode == 0, dask.stderr[-3000:]
    started_cluster = "Creating a new Dask cluster with `distributed.deploy.local.LocalCluster`"
    assert started_cluster in dask.stderr + dask.stdout
    assert "Dask" not in local.stderr + local.stdout
    for result in (local, dask):
        assert "7 inputs: 5 documents written, 1 duplicates, 0 already processed, 1 rejected" in result.stdout
    for table in CONTENT_TABLES:
        files = batch_files(tmp_path / "local", table)
        assert sorted(files) == ["00000", "00001", "00002"], table
        assert batch_files(tmp_path / "dask", table) == files, table
    assert rejects(tmp_path / "local") == rejects(tmp_path / "dask")

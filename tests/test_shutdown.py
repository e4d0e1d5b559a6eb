"""Stopping a run: SIGTERM, SIGINT and SIGKILL at several points of `docpipe run` and of the flow (real processes).

After each: no process of the run is left (its session), the exit status says what stopped it, a signalled run
leaves a manifest that says interrupted and a folder that verifies, and a re-run converges to the rows of an
uninterrupted run.
"""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from docpipe.store import read_table
from docpipe.verify import verify_outputs

from .conftest import FIXTURES, REPO, SEED
from .processes import end_session, wait_for_file, wait_for_no_session_processes

BIN = Path(sys.executable).parent
DOCUMENTS = 60
# A signalled run must be gone within this. It takes ~2 s here (the flow's stop path includes Prefect API calls and
# the temporary server's shutdown); a slow CI machine once took more than 10 s, so the bound leaves room.
STOP_SECONDS = 30
COMPARED = {  # table -> columns that identify a row's content (run ids and times left out)
    "documents": ["doc_id", "source_path", "title", "authors", "published_date", "outlet", "body_text"],
    "sections": ["doc_id", "section_index", "kind", "char_start", "char_end"],
    "evidence": ["doc_id", "field", "value", "method", "selected"],
    "rejects": ["source_path", "sha256", "reason"],
    # the status differs by design: what the interrupted run processed is "already_processed" on the re-run
    "inputs": ["source_path", "sha256", "doc_id", "duplicate_of"],
}


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real pages (each copy made distinct), the seed, a copy of it, an empty file."""
    folder = tmp_path_factory.mktemp("shutdown") / "raw"
    folder.mkdir()
    pages = sorted((FIXTURES / "corpus").rglob("*.html.gz"))
    for number in range(DOCUMENTS):
        page = gzip.decompress(pages[number % len(pages)].read_bytes())
        (folder / f"page-{number:04d}.html").write_bytes(page + f"<!-- copy {number} -->".encode())
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "seed-copy.txt").write_bytes(SEED.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    return folder


def rows(out: Path) -> dict[str, list[str]]:
    return {
        table: sorted(json.dumps(row, default=str) for row in read_table(out, table, columns).to_pylist())
        for table, columns in COMPARED.items()
    }


@pytest.fixture(scope="module")
def reference(raw: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("reference") / "out"
    finished = subprocess.run(
        [str(BIN / "docpipe"), "run", "--raw", str(raw), "--out", str(out), "--batch-size", "5"],
        capture_output=True,
        timeout=600,
    )
    assert finished.returncode == 0, finished.stderr
    return rows(out)


def start(command: str, raw: Path, out: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    workers = "1" if command.endswith("1 worker") else "2"
    arguments = ["--raw", str(raw), "--out", str(out), "--batch-size", "5", "--workers", workers]
    argv = (
        [str(BIN / "docpipe"), "run", *arguments]
        if command.startswith("docpipe run")
        else [sys.executable, "-m", "flows.process_articles", *arguments]
    )
    if command == "flow on dask":
        argv += ["--task-runner", "dask"]
    # Its own session, as a service manager or a terminal gives it: the test finds every process it starts.
    # faulthandler prints every thread's stack on SIGABRT: what a run that does not stop was doing.
    return subprocess.Popen(
        argv,
        cwd=REPO,
        env={**env, "PYTHONFAULTHANDLER": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_and_check(process: subprocess.Popen[bytes], signum: int) -> tuple[int, str]:
    process.send_signal(signum)
    try:
        output, _ = process.communicate(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        stacks, _ = process.communicate(timeout=STOP_SECONDS)
        name = signal.Signals(signum).name
        threads = stacks.decode(errors="replace")[-8000:]
        raise AssertionError(f"still running {STOP_SECONDS} s after {name}; its threads:\n{threads}") from None
    finally:
        left = wait_for_no_session_processes(process.pid, STOP_SECONDS)
        end_session(process, process.pid)
    assert left == [], f"processes of the run left after {signal.Signals(signum).name}: {left}"
    return process.returncode, output.decode(errors="replace")


def resume_and_compare(raw: Path, out: Path, reference: dict[str, list[str]]) -> None:
    finished = subprocess.run(
        [str(BIN / "docpipe"), "run", "--raw", str(raw), "--out", str(out), "--batch-size", "5"],
        capture_output=True,
        timeout=600,
    )
    assert finished.returncode == 0, finished.stderr
    assert rows(out) == reference
    assert "not_reached" not in read_table(out, "inputs", ["status"]).column("status").to_pylist()
    report = verify_outputs(raw, out)
    assert report.ok, report.violations
    statuses = [json.loads((p).read_text())["status"] for p in sorted((out / "runs").glob("*.json"))]
    assert statuses[-1] == "completed"


CASES = [
    ("docpipe run", signal.SIGTERM, "documents/part-*-00000.parquet"),  # mid-run: a batch written, more running
    ("docpipe run", signal.SIGINT, "documents/part-*-00001.parquet"),
    ("docpipe run", signal.SIGTERM, ".docpipe.lock"),  # early: workers starting, nothing written yet
    ("docpipe run", signal.SIGKILL, "documents/part-*-00001.parquet"),
    ("docpipe run, 1 worker", signal.SIGTERM, "documents/part-*-00001.parquet"),  # in-process: between two files
    ("flow", signal.SIGTERM, "documents/part-*-00000.parquet"),
    ("flow", signal.SIGINT, "documents/part-*-00001.parquet"),
    ("flow", signal.SIGKILL, "documents/part-*-00000.parquet"),
    ("flow on dask", signal.SIGTERM, "documents/part-*-00000.parquet"),  # a LocalCluster the run started
]


@pytest.mark.parametrize(
    ("command", "signum", "point"), CASES, ids=[f"{c}-{signal.Signals(s).name}-{p[:9]}" for c, s, p in CASES]
)
def test_a_stopped_run_leaves_no_process_and_a_rerun_converges(
    command: str,
    signum: int,
    point: str,
    raw: Path,
    reference: dict[str, list[str]],
    tmp_path: Path,
    prefect_env: dict[str, str],
) -> None:
    out = tmp_path / "out"
    process = start(command, raw, out, prefect_env)
    try:
        wait_for_file(out, point, 300, process)
    except BaseException:
        end_session(process, process.pid)
        raise
    status, output = stop_and_check(process, signum)
    if signum == signal.SIGKILL:
        assert status == -signal.SIGKILL
    else:
        assert status == 128 + signum, output[-3000:]
        manifests = [json.loads(p.read_text()) for p in (out / "runs").glob("*.json")]
        assert [(m["status"], m["interrupted_by"]) for m in manifests] == [("interrupted", signal.Signals(signum).name)]
        (manifest,) = manifests
        counts = manifest["counts"]
        assert counts["not_reached"] > 0 and counts["inputs"] == DOCUMENTS + 3
        report = verify_outputs(raw, out)
        assert report.ok, report.violations
        assert "again" in output  # what to do next
    resume_and_compare(raw, out, reference)

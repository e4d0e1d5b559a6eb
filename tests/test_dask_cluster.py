"""The flow on a real Dask cluster: a `dask scheduler` and a `dask worker` started as separate processes, as the
README says, from a folder outside the repo and with no PYTHONPATH, so the workers import docpipe and flows
only from the project's environment (a LocalCluster would inherit the client's sys.path and hide a missing
package). Its rows must be those of a local `docpipe run`.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from .conftest import FIXTURES, REPO, SEED

BIN = Path(sys.executable).parent  # the project's .venv/bin
PAGES = (
    "mozilla-readability-testpages/aclu.html.gz",
    "mozilla-readability-testpages/citylab-1.html.gz",
    "trafilatura-evaldata/healthline.com.fat.html.gz",
    "trafilatura-evaldata/salon.com.emissions.html.gz",
)
COMPARED_TABLES = ("documents", "sections", "blocks", "evidence")
RUN_SPECIFIC_COLUMNS = {"run_id", "started_at", "ended_at"}
WORKER_PROCESSES = 2
STARTUP_SECONDS = 30
STOP_SECONDS = 15


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_processes(session_id: int) -> list[str]:
    """Every process still in a session (zombies included, marked Z), as "pid state command"."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # gone meanwhile
            continue
        command, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        state, process_group, session = rest[0], int(rest[2]), int(rest[3])
        if session_id in (session, process_group):
            found.append(f"{stat.parent.name} {state} {command}")
    return found


def stop_session(process: subprocess.Popen[bytes]) -> list[str]:
    """SIGTERM to the process's whole group (its session: start_new_session=True), SIGKILL to what is left
    after STOP_SECONDS; returns the processes of the session still there afterwards (none, or a leak)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_SECONDS)
    deadline = time.monotonic() + STOP_SECONDS
    while session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = session_processes(process.pid)
    if left:  # report them, but leave nothing running
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=STOP_SECONDS)
    return left


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A working folder outside the repo for every process of the test."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    assert not folder.resolve().is_relative_to(REPO)
    return folder


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """The seed and four real pages, gunzipped."""
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    for page in PAGES:
        (folder / Path(page).stem).write_bytes(gzip.decompress((FIXTURES / "corpus" / page).read_bytes()))
    return folder


@pytest.fixture
def env(prefect_env: dict[str, str]) -> dict[str, str]:
    """Ephemeral Prefect, and nothing that points Python at the repo. The temporary server gets more than its
    default 20 s to start: its first start creates the database, on two cores shared with three Dask processes."""
    env = {k: v for k, v in prefect_env.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    return env | {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90"}


@pytest.fixture
def cluster(outside: Path, env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """A scheduler and a worker (two worker processes, one thread each) as separate process sessions; yields the
    scheduler's address. Afterwards no process of either session may be left."""
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    started: list[tuple[str, subprocess.Popen[bytes], Path]] = []

    def start(name: str, *args: str) -> None:
        log = tmp_path / f"{name}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [str(BIN / "dask"), *args, "--no-dashboard"],
                cwd=outside,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append((name, process, log))

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", port)
        start("worker", "worker", address, "--nworkers", str(WORKER_PROCESSES), "--nthreads", "1")
        wait_for_workers(address, started)
        yield address
    finally:
        leaks = {name: stop_session(process) for name, process, _ in reversed(started)}
        assert leaks == {name: [] for name in leaks}, f"processes left behind: {leaks}"


def wait_for_workers(address: str, started: list[tuple[str, subprocess.Popen[bytes], Path]]) -> None:
    """Until both worker processes have joined; checks they run outside the repo with no path into it."""
    from distributed import Client

    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        for name, process, log in started:
            if process.poll() is not None:
                raise RuntimeError(f"dask {name} exited: {log.read_text()[-3000:]}")
        try:
            with Client(address, timeout=5) as client:
                client.wait_for_workers(WORKER_PROCESSES, timeout=max(1.0, deadline - time.monotonic()))
                places = client.run(lambda: (os.getcwd(), sys.path))
                break
        except (OSError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    assert len(places) == WORKER_PROCESSES
    for cwd, path in places.values():
        assert not Path(cwd).resolve().is_relative_to(REPO)
        assert not any(entry and Path(entry).resolve() in (REPO, REPO / "flows") for entry in path), path


def content_rows(out: Path, table: str) -> list[dict[str, object]]:
    """A table's rows, in a fixed order, without the columns that name the run."""
    rows = pq.read_table(out / table).to_pylist()
    return sorted(({k: v for k, v in row.items() if k not in RUN_SPECIFIC_COLUMNS} for row in rows), key=repr)


def test_flow_on_a_separately_started_dask_cluster_writes_what_docpipe_run_writes(
    cluster: str, raw: Path, outside: Path, env: dict[str, str], tmp_path: Path
) -> None:
    flow_out, local_out = tmp_path / "flow-out", tmp_path / "local-out"
    flow_command = ["-m", "flows.process_articles", "--raw", str(raw), "--out", str(flow_out), "--batch-size", "2"]
    flow = subprocess.run(
        [str(BIN / "python"), *flow_command, "--dask-address", cluster],
        cwd=REPO,  # as the README says; the workers are the ones outside
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert flow.returncode == 0, flow.stdout[-3000:] + flow.stderr[-5000:]
    local = subprocess.run(
        [str(BIN / "docpipe"), "run", "--raw", str(raw), "--out", str(local_out), "--workers", "1", "--batch-size=2"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert local.returncode == 0, local.stdout[-3000:] + local.stderr[-3000:]
    for table in COMPARED_TABLES:
        rows = content_rows(local_out, table)
        assert rows, table
        assert content_rows(flow_out, table) == rows, table
    assert len(content_rows(flow_out, "documents")) == 1 + len(PAGES)

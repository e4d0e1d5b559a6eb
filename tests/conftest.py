"""Shared fixtures: the repo's folders and a pipeline run over a temporary raw folder."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from docpipe.config import Settings

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "raw" / "trump-return-us-russia-relations-interpreter.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


@pytest.fixture
def settings(raw_dir: Path, tmp_path: Path) -> Settings:
    return Settings(raw_dir=raw_dir, out_dir=tmp_path / "processed")


@pytest.fixture
def seed_raw(raw_dir: Path) -> Path:
    shutil.copy(SEED, raw_dir / SEED.name)
    return raw_dir


@pytest.fixture(scope="session")
def prefect_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for a flow run in Prefect's ephemeral mode, isolated from the user's Prefect settings."""
    home = tmp_path_factory.mktemp("prefect-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    # A fresh home's first start builds its database: over Prefect's 20 s default on a busy 2-core machine.
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
    return env


LEFTOVER_GRACE_SECONDS = 15


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """`make test` leaves no process behind: whatever the tests started (runs, servers, clusters) must be gone by
    the end. Anything still alive under this process is reported, killed, and fails the session."""
    import time

    import psutil

    deadline = time.monotonic() + LEFTOVER_GRACE_SECONDS
    me = psutil.Process()
    while True:
        left = [p for p in me.children(recursive=True) if _alive(p) and not _owned_by_this_process(p)]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    if left:
        names = [f"{p.pid} {' '.join(p.cmdline())[:120]}" for p in left if _alive(p)]
        print(f"\nprocesses the tests left running (killed now): {names}")
        for process in left:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _owned_by_this_process(process: Any) -> bool:
    """multiprocessing's resource tracker serves the process that started it (pytest, when a test ran a pool in
    it) and exits with it: not something a test left behind."""
    try:
        return "multiprocessing.resource_tracker" in " ".join(process.cmdline())
    except Exception:  # gone meanwhile
        return False


def _alive(process: Any) -> bool:
    import psutil

    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False

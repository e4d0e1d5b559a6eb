"""Shared fixtures: the repo's folders and a pipeline run over a temporary raw folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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

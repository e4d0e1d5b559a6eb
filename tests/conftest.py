"""Shared fixtures: the repo's folders and a pipeline run over a temporary raw folder."""

from __future__ import annotations

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

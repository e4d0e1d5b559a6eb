"""Provenance as data: per-step records for each document, and the run manifest."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

from docpipe import __version__
from docpipe.model import Document, Step, StepRecord

PIPELINE_VERSION = __version__
# Libraries whose upgrade can change an output; the manifest pins what was actually used.
OUTPUT_LIBRARIES = (
    "trafilatura",
    "htmldate",
    "beautifulsoup4",
    "lxml",
    "charset-normalizer",
    "ftfy",
    "py3langid",
    "python-dateutil",
    "justext",
    "pyarrow",
)
STEP_LIBRARIES = {
    Step.INGEST: ("charset-normalizer",),
    Step.CLEAN: ("trafilatura", "ftfy", "lxml"),
    Step.SEGMENT: (),
    Step.METADATA: ("htmldate", "beautifulsoup4", "py3langid"),
    Step.STORE: ("pyarrow",),
}


def library_versions(names: tuple[str, ...] = OUTPUT_LIBRARIES) -> dict[str, str]:
    versions = {}
    for name in names:
        try:
            versions[name] = package_metadata.version(name)
        except package_metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def step_version(step: Step) -> str:
    """docpipe's version plus the versions of the libraries the step depends on."""
    libraries = library_versions(STEP_LIBRARIES[step])
    return " ".join([f"docpipe {PIPELINE_VERSION}", *(f"{k} {v}" for k, v in libraries.items())])


STEP_VERSIONS = {step: step_version(step) for step in Step}


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_json(value: object) -> str:
    return sha256_text(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


def now() -> datetime:
    return datetime.now(UTC)


def run_step(
    doc: Document,
    step: Step,
    apply: Callable[[Document], Document],
    digest_input: Callable[[Document], str],
    digest_output: Callable[[Document], str],
) -> Document:
    """Apply one step to a document and append its provenance record."""
    started = now()
    input_sha = digest_input(doc)
    result = apply(doc)
    record = StepRecord(step, STEP_VERSIONS[step], input_sha, digest_output(result), started, now())
    return replace(result, steps=(*result.steps, record))


def git_commit(cwd: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=5, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


@dataclass(frozen=True, slots=True)
class RunManifest:
    run_id: str
    started_at: str
    ended_at: str
    pipeline_version: str
    parameters: dict[str, Any]
    counts: dict[str, int]
    field_coverage: dict[str, float]
    rejects_by_reason: dict[str, int]
    outputs: dict[str, list[str]]
    git_commit: str | None = None
    prefect_flow_run_id: str | None = None
    prefect_deployment: str | None = None
    python: str = field(default_factory=platform.python_version)
    libraries: dict[str, str] = field(default_factory=library_versions)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True, ensure_ascii=False)

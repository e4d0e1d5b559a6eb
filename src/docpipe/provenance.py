"""Provenance as data: per-step records for each document, and the run manifest."""

from __future__ import annotations

import getpass
import hashlib
import json
import platform
import re
import socket
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

from docpipe import __version__
from docpipe.deadline import DocumentTimeout
from docpipe.model import Document, DocumentError, Step, StepRecord

PIPELINE_VERSION = __version__
# Libraries docpipe calls whose upgrade can change an output, all pinned exactly in pyproject.toml. The
# manifest records these and everything they depend on (`output_library_closure`): numpy's arithmetic is
# py3langid's confidence, dateparser reads htmldate's dates, courlan trafilatura's URLs.
OUTPUT_LIBRARIES = (
    "beautifulsoup4",
    "trafilatura",
    "htmldate",
    "lxml",
    "lxml-html-clean",
    "charset-normalizer",
    "ftfy",
    "py3langid",
    "python-dateutil",
    "justext",
    "markdown-it-py",
    "pyyaml",
    "pyarrow",
)
REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
STEP_LIBRARIES = {
    Step.INGEST: ("beautifulsoup4", "charset-normalizer"),
    Step.CLEAN: ("trafilatura", "ftfy", "lxml", "markdown-it-py", "pyyaml"),
    Step.SEGMENT: (),
    Step.METADATA: ("htmldate", "lxml", "py3langid"),
    Step.STORE: ("pyarrow",),
}


def output_library_closure(names: tuple[str, ...] = OUTPUT_LIBRARIES) -> tuple[str, ...]:
    """The given libraries and, recursively, the installed libraries they require (extras aside), sorted."""
    found: set[str] = set()
    pending = list(names)
    while pending:
        name = _normalise(pending.pop())
        if name in found:
            continue
        try:
            requirements = package_metadata.requires(name) or []
        except package_metadata.PackageNotFoundError:
            if name in map(_normalise, names):
                found.add(name)  # recorded as "not installed": a missing output library is worth seeing
            continue
        found.add(name)
        for requirement in requirements:
            match = REQUIREMENT_NAME.match(requirement)
            if match and "extra ==" not in requirement:
                pending.append(match.group(0))
    return tuple(sorted(found))


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def library_versions(names: tuple[str, ...] = OUTPUT_LIBRARIES) -> dict[str, str]:
    versions = {}
    for name in names:
        try:
            versions[name] = package_metadata.version(name)
        except package_metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def step_version(step: Step, *data: str) -> str:
    """docpipe's version plus the versions of the libraries the step depends on, and of the data that chooses its
    values (`data`: for the metadata step, the learned scorer's version and the hash of its weights)."""
    libraries = library_versions(STEP_LIBRARIES[step])
    return " ".join([f"docpipe {PIPELINE_VERSION}", *(f"{k} {v}" for k, v in libraries.items()), *data])


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_json(value: object) -> str:
    return sha256_text(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


def sha256_sections(sections: Iterable[tuple[str, str | None, int, int]]) -> str:
    """The segment step's output digest: each section's (kind, heading, char_start, char_end), in order;
    `docpipe verify` recomputes it from the sections table."""
    return sha256_json([list(section) for section in sections])


def now() -> datetime:
    return datetime.now(UTC)


def run_step(
    doc: Document,
    step: Step,
    apply: Callable[[Document], Document],
    digest_input: Callable[[Document], str],
    digest_output: Callable[[Document], str],
    version: str,
) -> Document:
    """Apply one step to a document and append its provenance record (the step at `version`)."""
    started = now()
    input_sha = digest_input(doc)
    try:
        result = apply(doc)
    except DocumentError:
        raise
    except DocumentTimeout as error:  # the document's time limit ran out in this step
        raise DocumentError(step, str(error)) from None
    except Exception as error:
        # A bug or a library failure on hostile input: still one document's problem, named by its step.
        raise DocumentError(step, f"unexpected error: {type(error).__name__}: {error}"[:500]) from error
    record = StepRecord(step, version, input_sha, digest_output(result), started, now())
    return replace(result, steps=(*result.steps, record))


def git_commit(cwd: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=5, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def current_user() -> str | None:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return None


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
    # completed, interrupted (a signal or a cancel stopped it cleanly) or killed (recorded by a later run)
    status: str = "completed"
    interrupted_by: str | None = None
    recovered_by: str | None = None  # for a killed run: the run that found its rows and wrote this manifest
    git_commit: str | None = None
    prefect_flow_run_id: str | None = None
    prefect_deployment: str | None = None
    python: str = field(default_factory=platform.python_version)
    libraries: dict[str, str] = field(default_factory=lambda: library_versions(output_library_closure()))
    # Who ran it, for the PROV export's agents: the login name and the machine's name.
    user: str | None = field(default_factory=current_user)
    host: str | None = field(default_factory=socket.gethostname)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True, ensure_ascii=False)


MANIFEST_FOLDER = "runs"


def read_manifest(out_dir: Path, run_id: str) -> dict[str, Any] | None:
    """A run's manifest as written (`runs/RUN_ID.json`), or None when it is missing or unreadable."""
    try:
        manifest = json.loads((out_dir / MANIFEST_FOLDER / f"{run_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None

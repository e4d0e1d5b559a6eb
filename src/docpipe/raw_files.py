"""The raw folder: its inputs listed (sidecars travel with their document), read once, hashed; the sidecars
read and validated. Nothing here decodes or parses: the audit side (verify, lookup, export-prov) reads the raw folder
the way a run does through this module alone."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docpipe.model import DocumentError, Step

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


SIDECAR_SUFFIX = ".meta.json"


SIDECAR_FIELDS = {"url", "title", "authors", "published_date", "outlet", "publisher", "language"}


@dataclass(frozen=True, slots=True)
class Listing:
    """What a raw folder holds: the inputs, in a stable order, and the hidden entries left out."""

    paths: tuple[Path, ...]
    hidden: int  # hidden files and folders (names starting with "."): editor swap files, .DS_Store, .git/


def list_raw_folder(raw_dir: Path) -> Listing:
    """Every input under raw_dir, recursively, without opening any file; sidecars travel with their document.

    Hidden entries are counted, not listed. A symlinked folder is listed as an input (it becomes a reject:
    folders are not followed, so nothing outside the raw folder is read through one)."""
    paths: list[Path] = []
    hidden = 0
    stack = [raw_dir]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    hidden += 1
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif not (entry.name.endswith(SIDECAR_SUFFIX) and _sidecar_owner(Path(entry.path)) is not None):
                    paths.append(Path(entry.path))
    return Listing(tuple(sorted(paths)), hidden)


def _sidecar_owner(sidecar: Path) -> Path | None:
    stem = sidecar.name[: -len(SIDECAR_SUFFIX)]
    for suffix in (*TEXT_SUFFIXES, *(s + ".gz" for s in TEXT_SUFFIXES)):
        owner = sidecar.with_name(stem + suffix)
        if owner.exists():
            return owner
    return None


def relative_source_path(path: Path, raw_dir: Path) -> str:
    return path.relative_to(raw_dir).as_posix()


def media_type_of(path: Path) -> str | None:
    """'html', 'text' or 'markdown' from the file name (a .gz suffix is looked through), None if unsupported."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return TEXT_SUFFIXES.get(Path(name).suffix)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_raw(path: Path, raw_dir: Path, max_file_bytes: int) -> bytes:
    """An input's bytes, read once; raises DocumentError for what is not a readable input file of a supported
    type. Nothing that is not a regular file is ever opened (a FIFO would block the run forever)."""
    if path.is_symlink() and not path.resolve().is_relative_to(raw_dir.resolve()):
        raise DocumentError(Step.INGEST, "symlink pointing outside the raw folder (refused)")
    try:
        status = path.stat()
    except OSError as error:
        raise DocumentError(Step.INGEST, f"cannot read: {error.strerror}") from error
    if stat.S_ISDIR(status.st_mode):
        raise DocumentError(Step.INGEST, "symlinked folder (not followed)")
    if not stat.S_ISREG(status.st_mode):
        raise DocumentError(Step.INGEST, f"not a regular file ({_file_kind(status.st_mode)})")
    if path.name.endswith(SIDECAR_SUFFIX):
        raise DocumentError(Step.INGEST, "sidecar without a matching .html/.htm/.txt/.md document")
    if media_type_of(path) is None:
        raise DocumentError(Step.INGEST, f"unsupported type: {path.suffix or 'no suffix'}")
    if status.st_size > max_file_bytes:
        raise DocumentError(Step.INGEST, f"file too large: {status.st_size} bytes (limit {max_file_bytes})")
    try:
        with open(path, "rb") as handle:
            return handle.read(max_file_bytes + 1)
    except OSError as error:
        raise DocumentError(Step.INGEST, f"cannot read: {error.strerror}") from error


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"))
    return next((name for test, name in kinds if test(mode)), "block device" if stat.S_ISBLK(mode) else "special")


def read_sidecar(path: Path) -> dict[str, object] | None:
    """The NAME.meta.json beside NAME.html / NAME.txt(.gz), validated; None if there is none."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    sidecar = path.with_name(Path(name).stem + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return None
    try:
        values = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DocumentError(Step.INGEST, f"malformed sidecar: {error} ({sidecar.name})") from error
    return validate_sidecar(values, sidecar.name)


def validate_sidecar(values: object, name: str = "sidecar") -> dict[str, object]:
    """A sidecar's values checked: a JSON object of known fields with the right types; `name` is for messages."""
    if not isinstance(values, dict):
        raise DocumentError(Step.INGEST, f"malformed sidecar: expected a JSON object ({name})")
    unknown = sorted(set(values) - SIDECAR_FIELDS)
    if unknown:
        raise DocumentError(Step.INGEST, f"malformed sidecar: unknown fields {unknown} ({name})")
    for key, value in values.items():
        valid = (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
            if key == "authors"
            else isinstance(value, str)
        )
        if not valid and value is not None:
            expected = "a list of strings" if key == "authors" else "a string"
            raise DocumentError(Step.INGEST, f"malformed sidecar: {key} must be {expected} ({name})")
    url = values.get("url")
    if isinstance(url, str) and not url.lower().startswith(("http://", "https://")):
        # A sidecar names where the article lives on the web; docpipe never opens it, and never a path.
        raise DocumentError(Step.INGEST, f"malformed sidecar: url must be an http(s) URL ({name})")
    if isinstance(values.get("published_date"), str):
        try:
            date.fromisoformat(values["published_date"][:10])
        except ValueError as error:
            raise DocumentError(
                Step.INGEST, f"malformed sidecar: published_date is not an ISO date ({name})"
            ) from error
    return values


HASH_CHUNK_BYTES = 1 << 20


def file_sha256(path: Path) -> str | None:
    """sha256 of a regular file read in chunks (an oversized input is never held in memory whole); None for
    anything else, which is never opened."""
    try:
        if not path.is_file():
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(HASH_CHUNK_BYTES):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None

"""Find a document in an output folder by what a user has at hand: a doc_id, its prefix, or a source path."""

from __future__ import annotations

import re
from pathlib import Path

from docpipe import store
from docpipe.raw_files import file_sha256

MIN_PREFIX = 4  # shorter prefixes match too much to be what anyone meant
HEX = re.compile(r"[0-9a-f]+")
AMBIGUOUS_SHOWN = 5


class DocumentLookupError(Exception):
    """The key names no document, or more than one: a user error, with the message to show."""


def find_document(out_dir: Path, key: str) -> str:
    """The doc_id `key` names: a doc_id, a unique doc_id prefix (≥ 4 hex digits), a source path as stored
    (relative to the raw folder) or any path ending in one, or a file whose bytes are a document."""
    rows = store.read_table(out_dir, "documents", ["doc_id", "source_path"]).to_pylist()
    if not rows:
        raise DocumentLookupError(f"no documents under {out_dir}")
    doc_ids = {row["doc_id"] for row in rows}
    if key in doc_ids:
        return key
    on_disk = Path(key)
    current = file_sha256(on_disk) if on_disk.is_file() else None
    by_path = sorted(
        {row["doc_id"] for row in rows if key == row["source_path"] or key.endswith("/" + row["source_path"])}
    )
    if current in doc_ids and (not by_path or current in by_path):
        return str(current)
    if len(by_path) == 1:
        return by_path[0]
    if by_path:
        raise DocumentLookupError(
            f"{key} is the source of several documents (it changed between runs): {_list(by_path)}"
        )
    if HEX.fullmatch(key.lower()) and len(key) >= MIN_PREFIX:
        matches = sorted(d for d in doc_ids if d.startswith(key.lower()))
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise DocumentLookupError(f"doc_id prefix {key} is ambiguous: {_list(matches)}")
    raise DocumentLookupError(f"no document with doc_id, doc_id prefix or source path {key!r} under {out_dir}")


def _list(doc_ids: list[str]) -> str:
    shown = ", ".join(doc_ids[:AMBIGUOUS_SHOWN])
    return shown + (f" … ({len(doc_ids)} in all)" if len(doc_ids) > AMBIGUOUS_SHOWN else "")

"""Content seen before: which inputs are duplicates of another file or were processed by an earlier run.

A document is known by its content (`doc_id`, the sha256 of its bytes); a reject by its path and content, since
the same bytes elsewhere may be fine (a bad sidecar rejects one file, not its content everywhere). `Seen` answers
for content from earlier runs and batches; `keep_first_copies` is the writer's check across the batches of one run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from docpipe.model import BatchResult, InputRecord, InputStatus


def reject_key(source_path: str, sha256: str | None) -> str:
    """A reject is recognised on a re-run by path and content: the same bytes elsewhere may be fine
    (a bad sidecar rejects one file, not its content everywhere), and a changed file is tried again."""
    return f"reject:{source_path}:{sha256}"


@dataclass(frozen=True, slots=True)
class Seen:
    """Content processed before this batch: key (a doc_id, or a reject key) -> the source path it was first seen at."""

    keys: Mapping[str, str]

    def record_for(self, source_path: str, sha: str | None) -> InputRecord | None:
        """The input record of a file whose content or rejection was seen before, else None."""
        # A file rejected before at this path with this content (a bad sidecar, say) stays that file's reject,
        # even when the same bytes elsewhere became a document.
        if reject_key(source_path, sha) in self.keys:
            return InputRecord(source_path, sha, InputStatus.ALREADY_PROCESSED)
        if sha is not None and sha in self.keys:
            first = self.keys[sha]
            if first == source_path:
                return InputRecord(source_path, sha, InputStatus.ALREADY_PROCESSED, doc_id=sha)
            return InputRecord(source_path, sha, InputStatus.DUPLICATE, doc_id=sha, duplicate_of=first)
        return None


def keep_first_copies(result: BatchResult, run_seen: dict[str, str]) -> BatchResult:
    """The batch without content an earlier batch of this run wrote, which becomes a duplicate of it; the
    content kept is added to `run_seen` (key -> first source path). Batches processed in parallel cannot see each
    other's content; the writer, taking them in order, can."""
    repeated: dict[str, str] = {}  # source path -> the path its content was first seen at
    for doc in result.documents:
        if doc.doc_id in run_seen:
            repeated[doc.source_path] = run_seen[doc.doc_id]
    for reject in result.rejects:
        key = reject_key(reject.source_path, reject.sha256)
        if key in run_seen:
            repeated[reject.source_path] = run_seen[key]
    documents = tuple(doc for doc in result.documents if doc.source_path not in repeated)
    rejects = tuple(r for r in result.rejects if r.source_path not in repeated)
    run_seen.update((doc.doc_id, doc.source_path) for doc in documents)
    run_seen.update((reject_key(r.source_path, r.sha256), r.source_path) for r in rejects)
    if not repeated:
        return result
    records = tuple(
        Seen(run_seen).record_for(record.source_path, record.sha256) or record
        if record.source_path in repeated
        else record
        for record in result.inputs
    )
    return BatchResult(documents, rejects, records)

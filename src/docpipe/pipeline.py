"""The pipeline: one document through the steps, a batch through the store, a run over a folder.

`process_file` is the one boundary where a document's error becomes a `Reject`; everything
below it raises `DocumentError` with the step and a reason.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path

from docpipe import clean, ingest, metadata, parallel, provenance, segment, store
from docpipe.config import Settings
from docpipe.model import BatchResult, ConfigurationError, Document, DocumentError, Reject, Step, StepRecord
from docpipe.provenance import PIPELINE_VERSION, run_step, sha256_json, sha256_text

log = logging.getLogger(__name__)


def clean_document(doc: Document) -> Document:
    if doc.media_type == "html":
        url = doc.sidecar.get("url") if doc.sidecar else None
        blocks, clean_text, found = clean.blocks_from_html(doc.text, url if isinstance(url, str) else None)
        return replace(doc, blocks=blocks, clean_text=clean_text, extractor_metadata=found)
    blocks, clean_text = clean.blocks_from_plain_text(doc.text)
    return replace(doc, blocks=blocks, clean_text=clean_text)


def segment_document(doc: Document) -> Document:
    return replace(doc, sections=segment.segment_blocks(doc.blocks))


def _sections_digest(doc: Document) -> str:
    return provenance.sha256_sections((s.kind, s.heading, s.char_start, s.char_end) for s in doc.sections)


def _metadata_digest(doc: Document) -> str:
    return sha256_json([doc.metadata, [(e.field, e.value, e.method, e.selected) for e in doc.evidence]])


def process_document(path: Path, settings: Settings) -> Document:
    """Read, clean, segment and describe one file; raises DocumentError for a bad document."""
    started = provenance.now()
    doc = ingest.read_document(path, settings.raw_dir, settings.max_file_bytes)
    ingest_record = StepRecord(
        Step.INGEST, provenance.STEP_VERSIONS[Step.INGEST], doc.doc_id, sha256_text(doc.text), started, provenance.now()
    )
    doc = replace(doc, steps=(ingest_record,))
    doc = run_step(doc, Step.CLEAN, clean_document, lambda d: sha256_text(d.text), lambda d: sha256_text(d.clean_text))
    doc = run_step(doc, Step.SEGMENT, segment_document, lambda d: sha256_text(d.clean_text), _sections_digest)
    doc = run_step(doc, Step.METADATA, metadata.extract_metadata, _sections_digest, _metadata_digest)
    language = doc.metadata.language
    if settings.languages and language not in settings.languages:
        raise DocumentError(Step.METADATA, f"language {language or 'unknown'} not in {','.join(settings.languages)}")
    return doc


def process_file(path: Path, settings: Settings, sha: str | None = None) -> Document | Reject:
    """The boundary: a bad document becomes a Reject naming the step and the reason.

    `sha` is the file's hash when the caller has it already (process_batch does), so it is not read again."""
    try:
        return process_document(path, settings)
    except DocumentError as error:
        step, reason = error.step, error.reason
    except Exception as error:
        # The boundary: a bug or a library failure on hostile input is still one document's
        # problem; the run goes on and the input is accounted for.
        log.warning("unexpected error on %s", path, exc_info=True)
        step, reason = Step.CLEAN, f"unexpected error: {type(error).__name__}: {error}"[:500]
    return Reject(ingest.relative_source_path(path, settings.raw_dir), sha or file_sha256(path), step, reason)


HASH_LIMIT_BYTES = 1 << 30  # past this a file is refused for size anyway; hashing it would only cost time
HASH_CHUNK_BYTES = 1 << 20


def file_sha256(path: Path) -> str | None:
    """sha256 of a file read in chunks, so an oversized input is never held in memory whole."""
    try:
        if path.is_symlink() or path.stat().st_size > HASH_LIMIT_BYTES:
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(HASH_CHUNK_BYTES):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def process_batch(paths: Sequence[Path], settings: Settings, seen: AbstractSet[str]) -> BatchResult:
    """Process the files whose content is not in `seen`; repeated content within the batch is skipped too."""
    documents: list[Document] = []
    rejects: list[Reject] = []
    skipped: list[str] = []
    seen_here: set[str] = set()
    for path in paths:
        source_path = ingest.relative_source_path(path, settings.raw_dir)
        sha = file_sha256(path)
        keys = {sha, store.reject_key(source_path, sha)}
        if keys & seen or keys & seen_here:
            skipped.append(source_path)
            continue
        result = process_file(path, settings, sha)
        seen_here.add(result.doc_id if isinstance(result, Document) else store.reject_key(source_path, sha))
        if isinstance(result, Reject):
            rejects.append(result)
        else:
            # The store needs no source bytes; leaving them here halves what a batch costs to hold and to
            # send back from a worker process.
            documents.append(replace(result, raw=b"", text=""))
    return BatchResult(tuple(documents), tuple(rejects), tuple(skipped))


def keep_first_copies(result: BatchResult, run_seen: set[str]) -> BatchResult:
    """The batch without content an earlier batch of this run wrote, which becomes skipped; the content kept is
    added to `run_seen`. Batches processed in parallel cannot see each other's content; the writer, taking them in
    order, can."""
    documents: list[Document] = []
    rejects: list[Reject] = []
    repeated: list[str] = []
    for doc in result.documents:
        if doc.doc_id in run_seen:
            repeated.append(doc.source_path)
        else:
            documents.append(doc)
    for reject in result.rejects:
        if store.reject_key(reject.source_path, reject.sha256) in run_seen:
            repeated.append(reject.source_path)
        else:
            rejects.append(reject)
    run_seen.update(doc.doc_id for doc in documents)
    run_seen.update(store.reject_key(r.source_path, r.sha256) for r in rejects)
    if not repeated:
        return result
    return BatchResult(tuple(documents), tuple(rejects), (*result.skipped, *repeated))


_seen_before_run: AbstractSet[str] = frozenset()


def _remember_seen(seen: AbstractSet[str]) -> None:
    # What earlier runs wrote reaches each worker process once, not with every batch (100k keys are ~10 MB).
    global _seen_before_run
    _seen_before_run = seen


def _process_batch_in_worker(job: tuple[Sequence[Path], Settings]) -> BatchResult:
    paths, settings = job
    return process_batch(paths, settings, _seen_before_run)


def process_batches(
    batches: Sequence[Sequence[Path]], settings: Settings, seen: AbstractSet[str]
) -> Iterator[BatchResult]:
    """Every batch's result in batch order, on `settings.workers` processes, repeated content already dropped:
    the same results whatever the number of workers."""
    run_seen = set(seen)
    jobs = ((batch, settings) for batch in batches)
    workers = min(parallel.worker_count(settings.workers), len(batches))
    for result in parallel.map_in_order(_process_batch_in_worker, jobs, workers, _remember_seen, (frozenset(seen),)):
        yield keep_first_copies(result, run_seen)


def write_batch(result: BatchResult, settings: Settings, run_id: str, batch_index: int) -> dict[str, str]:
    """Write a batch's rows, one file per table. The documents file goes last but for provenance (which needs
    its hash): a document counts as processed only once its row is there, so a run killed mid-batch leaves
    at most orphan rows, which the next run's `drop_superseded` removes after processing the batch again."""
    file_name = store.part_name(run_id, batch_index)
    rows: dict[str, list[dict[str, object]]] = {table: [] for table in store.TABLES}
    for doc in result.documents:
        for table, table_rows in store.document_rows(doc, run_id, PIPELINE_VERSION).items():
            rows[table].extend(table_rows)
    rows["rejects"] = [store.reject_row(r, run_id, PIPELINE_VERSION) for r in result.rejects]
    written: dict[str, str] = {}
    started = provenance.now()
    for table in ("sections", "blocks", "evidence", "rejects", "documents"):
        path = store.write_table(settings.out_dir, table, rows[table], file_name)
        if path is not None:
            written[table] = path.relative_to(settings.out_dir).as_posix()
    if result.documents:
        documents_sha = hashlib.sha256((settings.out_dir / written["documents"]).read_bytes()).hexdigest()
        ended = provenance.now()
        version = provenance.STEP_VERSIONS[Step.STORE]
        for doc in result.documents:
            rows["provenance"].append(
                {
                    "run_id": run_id,
                    "doc_id": doc.doc_id,
                    "step": str(Step.STORE),
                    "step_version": version,
                    "input_sha256": doc.steps[-1].output_sha256,
                    "output_sha256": documents_sha,
                    "started_at": started,
                    "ended_at": ended,
                }
            )
    path = store.write_table(settings.out_dir, "provenance", rows["provenance"], file_name)
    if path is not None:
        written["provenance"] = path.relative_to(settings.out_dir).as_posix()
    return written


def new_run_id() -> str:
    # Time first, to the microsecond: run ids sort in the order runs started, which decides
    # whose rows are newest when a document is processed again.
    return f"{provenance.now():%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}"


def plan_batches(paths: Sequence[Path], batch_size: int) -> list[list[Path]]:
    return [list(paths[i : i + batch_size]) for i in range(0, len(paths), batch_size)]


COVERAGE_FIELDS = ("title", "authors", "published_date", "outlet", "language")


@dataclass(slots=True)
class RunSummary:
    """Counts of a run; inputs == documents + rejects + skipped always holds."""

    run_id: str
    inputs: int = 0
    documents: int = 0
    rejects: int = 0
    skipped: int = 0
    superseded_rows: int = 0  # older rows of re-processed documents, removed
    rejects_by_reason: Counter[str] = field(default_factory=Counter)
    # documents that got each metadata field, for the field coverage users check first
    with_field: Counter[str] = field(default_factory=Counter)
    outputs: dict[str, list[str]] = field(default_factory=dict)

    def field_coverage(self) -> dict[str, float]:
        """Share of the documents written that have each field."""
        return {
            name: round(self.with_field[name] / self.documents, 4) if self.documents else 0.0
            for name in COVERAGE_FIELDS
        }

    def add(self, result: BatchResult, written: dict[str, str]) -> None:
        self.documents += len(result.documents)
        self.rejects += len(result.rejects)
        self.skipped += len(result.skipped)
        self.inputs += len(result.documents) + len(result.rejects) + len(result.skipped)
        self.rejects_by_reason.update(reason_category(r.reason) for r in result.rejects)
        for doc in result.documents:
            self.with_field.update(name for name in COVERAGE_FIELDS if getattr(doc.metadata, name))
        for table, path in written.items():
            self.outputs.setdefault(table, []).append(path)


def reason_category(reason: str) -> str:
    """The reason without document-specific detail, for counting; the file type stays in
    "unsupported type: .pdf" since users act on it."""
    if reason.startswith("unsupported type"):
        return reason
    return reason.split(":")[0].split(" (")[0]


def check_folders(settings: Settings) -> None:
    """Configuration errors stop the run with a clear message before any work."""
    if not settings.raw_dir.is_dir():
        raise ConfigurationError(f"raw folder not found: {settings.raw_dir}")
    try:
        settings.out_dir.mkdir(parents=True, exist_ok=True)
        probe = settings.out_dir / f".write-probe-{uuid.uuid4().hex}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise ConfigurationError(f"output folder not writable: {settings.out_dir} ({error.strerror})") from error


def list_inputs(settings: Settings) -> list[Path]:
    """Every input file; temporary files a killed run left in the output are cleared first."""
    store.clear_temporary_files(settings.out_dir)
    return list(ingest.discover_files(settings.raw_dir))


def write_manifest(
    settings: Settings,
    summary: RunSummary,
    started_at: str,
    prefect_flow_run_id: str | None = None,
    prefect_deployment: str | None = None,
) -> Path:
    manifest = provenance.RunManifest(
        run_id=summary.run_id,
        started_at=started_at,
        ended_at=provenance.now().isoformat(),
        pipeline_version=PIPELINE_VERSION,
        parameters={
            "raw_dir": _shareable_path(settings.raw_dir),
            "out_dir": _shareable_path(settings.out_dir),
            "batch_size": settings.batch_size,
            "languages": list(settings.languages),
            "max_file_bytes": settings.max_file_bytes,
            "reprocess": settings.reprocess,
        },
        counts={
            "inputs": summary.inputs,
            "documents": summary.documents,
            "rejects": summary.rejects,
            "skipped": summary.skipped,
            "superseded_rows": summary.superseded_rows,
        },
        field_coverage=summary.field_coverage(),
        rejects_by_reason=dict(summary.rejects_by_reason),
        outputs=summary.outputs,
        git_commit=provenance.git_commit(Path(__file__).parent),
        prefect_flow_run_id=prefect_flow_run_id,
        prefect_deployment=prefect_deployment,
    )
    folder = settings.out_dir / "runs"
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{summary.run_id}.json"
    temporary = folder / f".{summary.run_id}.json.tmp"
    temporary.write_text(manifest.to_json(), encoding="utf-8")
    temporary.replace(final)
    return final


def already_processed(settings: Settings) -> set[str]:
    """Content keys to skip: what this pipeline version wrote before, or nothing when reprocessing."""
    return set() if settings.reprocess else store.processed_keys(settings.out_dir, PIPELINE_VERSION)


def _shareable_path(path: Path) -> str:
    """A folder as the manifest records it: relative to where docpipe ran, or just its name, so that a
    manifest never carries the layout of the user's machine."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


def run_pipeline(settings: Settings, on_batch: Callable[[RunSummary, int], None] | None = None) -> RunSummary:
    """The whole run without an orchestrator: list, process and write batch by batch, then the manifest."""
    check_folders(settings)
    with store.output_lock(settings.out_dir):
        started_at = provenance.now().isoformat()
        paths = list_inputs(settings)
        summary = RunSummary(run_id=new_run_id())
        batches = plan_batches(paths, settings.batch_size)
        for index, result in enumerate(process_batches(batches, settings, already_processed(settings))):
            summary.add(result, write_batch(result, settings, summary.run_id, index))
            if on_batch:
                on_batch(summary, len(paths))
        summary.superseded_rows = store.drop_superseded(settings.out_dir)
        write_manifest(settings, summary, started_at)
    return summary

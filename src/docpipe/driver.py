"""The one run driver: a folder of inputs through batches into the output datasets, then the manifest.

`docpipe run` and the Prefect flow are adapters over `run_pipeline`: they choose where batches run (a
`parallel.Submitter`), how progress is shown and what stops the run; listing, dedupe, writes in batch order,
superseded rows, empty tables, the manifest and a stop request are handled here, once.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from docpipe import parallel, provenance, raw_files, rows, store
from docpipe.config import Settings
from docpipe.dedupe import Seen, keep_first_copies
from docpipe.model import BatchResult, ConfigurationError, InputRecord, InputStatus, Step
from docpipe.provenance import PIPELINE_VERSION
from docpipe.shutdown import StopRequest

log = logging.getLogger(__name__)


def write_batch(result: BatchResult, settings: Settings, run_id: str, batch_index: int) -> dict[str, str]:
    """Write a batch's rows, one file per table. The documents file lands after everything its documents need
    (sections, blocks, evidence, and provenance, which records the documents file's hash, computed from its
    bytes before they land): a document counts as processed only once its row is there, so a run killed
    mid-batch leaves at most rows of documents it will process again, which the next run's `drop_superseded`
    removes, and never a document without its provenance. The inputs rows come last."""
    file_name = store.part_name(run_id, batch_index)
    table_rows: dict[str, list[dict[str, object]]] = {table: [] for table in store.TABLES}
    for doc in result.documents:
        for table, found in rows.document_rows(doc, run_id, PIPELINE_VERSION).items():
            table_rows[table].extend(found)
    table_rows["rejects"] = [rows.reject_row(r, run_id, PIPELINE_VERSION) for r in result.rejects]
    table_rows["inputs"] = [rows.input_row(record, run_id, PIPELINE_VERSION) for record in result.inputs]
    written: dict[str, str] = {}

    def landed(path: Path | None, table: str) -> None:
        if path is not None:
            written[table] = path.relative_to(settings.out_dir).as_posix()

    started = provenance.now()
    for table in ("sections", "blocks", "evidence", "rejects"):
        landed(store.write_table(settings.out_dir, table, table_rows[table], file_name), table)
    documents = store.encode_table("documents", table_rows["documents"]) if result.documents else None
    if documents is not None:
        documents_sha = hashlib.sha256(documents).hexdigest()
        ended = provenance.now()
        version = provenance.step_version(Step.STORE)
        for doc in result.documents:
            table_rows["provenance"].append(
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
    landed(store.write_table(settings.out_dir, "provenance", table_rows["provenance"], file_name), "provenance")
    if documents is not None:
        landed(store.write_encoded(settings.out_dir, "documents", documents, file_name), "documents")
    landed(store.write_table(settings.out_dir, "inputs", table_rows["inputs"], file_name), "inputs")
    return written


def new_run_id() -> str:
    # Time first, to the microsecond: run ids sort in the order runs started, which decides
    # whose rows are newest when a document is processed again.
    return f"{provenance.now():%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}"


TAIL_BATCHES = 8  # the last two to three batches' worth of inputs go out as this many smaller batches
MIN_TAIL_BATCH = 25  # smaller ones would cost more (a file per table, a task run) than they save


def plan_batches(paths: Sequence[Path], batch_size: int) -> list[list[Path]]:
    """Batches of `batch_size` inputs in order, the last two to three batches' worth
    cut into `TAIL_BATCHES` smaller ones.

    Workers take batches as they free up, so a run ends when its last batch does: with full-size batches to the
    end, one worker idles while another works through a whole batch (seconds at 200 pages). Small batches at the
    end let the workers finish together. A run of one batch stays one batch (no worker process starts for it), and
    small batch sizes are left whole."""
    tail_start = max(0, len(paths) // batch_size - 2) * batch_size  # (the tail holds 2 to 3 batches' worth)
    tail_size = max(1, -(-(len(paths) - tail_start) // TAIL_BATCHES))
    if len(paths) <= batch_size or tail_size < MIN_TAIL_BATCH:
        tail_start = len(paths)  # no tail: full batches to the end
    head = [list(paths[i : i + batch_size]) for i in range(0, tail_start, batch_size)]
    tail = [list(paths[i : i + tail_size]) for i in range(tail_start, len(paths), tail_size)]
    return head + tail


COVERAGE_FIELDS = ("title", "authors", "published_date", "outlet", "language")


@dataclass(slots=True)
class RunSummary:
    """Counts of a run; inputs == documents + rejects + duplicates + skipped + not_reached always holds."""

    run_id: str
    inputs: int = 0
    documents: int = 0
    rejects: int = 0
    duplicates: int = 0  # files whose content is a document of this run or an earlier one, under another path
    skipped: int = 0  # files this docpipe version already processed, at this path, with this content
    not_reached: int = 0  # files an interrupted run did not get to
    hidden: int = 0  # hidden files and folders in the raw folder: ignored, not inputs
    superseded_rows: int = 0  # older rows of re-processed documents, removed
    interrupted_by: str | None = None  # the signal (or request) that stopped the run; None for a run that ended
    rejects_by_reason: Counter[str] = field(default_factory=Counter)
    # documents that got each metadata field, for the field coverage users check first
    with_field: Counter[str] = field(default_factory=Counter)
    outputs: dict[str, list[str]] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return "interrupted" if self.interrupted_by else "completed"

    def field_coverage(self) -> dict[str, float]:
        """Share of the documents written that have each field."""
        return {
            name: round(self.with_field[name] / self.documents, 4) if self.documents else 0.0
            for name in COVERAGE_FIELDS
        }

    def add(self, result: BatchResult, written: dict[str, str]) -> None:
        self.documents += len(result.documents)
        self.rejects += len(result.rejects)
        self.duplicates += result.count(InputStatus.DUPLICATE)
        self.skipped += result.count(InputStatus.ALREADY_PROCESSED)
        self.not_reached += result.count(InputStatus.NOT_REACHED)
        self.inputs += len(result.inputs)
        self.rejects_by_reason.update(reason_category(r.reason) for r in result.rejects)
        for doc in result.documents:
            self.with_field.update(name for name in COVERAGE_FIELDS if getattr(doc.metadata, name))
        for table, path in written.items():
            self.outputs.setdefault(table, []).append(path)

    def headline(self) -> str:
        """One line a user reads first: what happened to every input."""
        reasons = ", ".join(f"{reason}: {count}" for reason, count in self.rejects_by_reason.most_common(3))
        line = (
            f"{self.inputs} inputs: {self.documents} documents written, {self.duplicates} duplicates, "
            f"{self.skipped} already processed, {self.rejects} rejected" + (f" ({reasons})" if reasons else "")
        )
        if self.interrupted_by:
            line += f"; interrupted by {self.interrupted_by}, {self.not_reached} not reached"
        return line


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


def write_manifest(
    settings: Settings,
    summary: RunSummary,
    started_at: str,
    context: RunContext | None = None,
) -> Path:
    context = context or RunContext()
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
            "document_timeout_seconds": settings.document_timeout_seconds,
        },
        status=summary.status,
        interrupted_by=summary.interrupted_by,
        counts={
            "inputs": summary.inputs,
            "documents": summary.documents,
            "rejects": summary.rejects,
            "duplicates": summary.duplicates,
            "skipped": summary.skipped,
            "not_reached": summary.not_reached,
            "hidden": summary.hidden,
            "superseded_rows": summary.superseded_rows,
        },
        field_coverage=summary.field_coverage(),
        rejects_by_reason=dict(summary.rejects_by_reason),
        outputs=summary.outputs,
        git_commit=provenance.git_commit(Path(__file__).parent),
        prefect_flow_run_id=context.prefect_flow_run_id,
        prefect_deployment=context.prefect_deployment,
    )
    return _write_manifest_file(settings.out_dir, manifest)


def _write_manifest_file(out_dir: Path, manifest: provenance.RunManifest) -> Path:
    folder = out_dir / provenance.MANIFEST_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{manifest.run_id}.json"
    temporary = folder / f".{manifest.run_id}.json.tmp"
    temporary.write_text(manifest.to_json(), encoding="utf-8")
    temporary.replace(final)
    return final


def already_processed(settings: Settings) -> Seen:
    """Content to skip, with the path it was processed at: what this pipeline version wrote before, or nothing
    when reprocessing."""
    return Seen({} if settings.reprocess else store.processed_keys(settings.out_dir, PIPELINE_VERSION))


def _shareable_path(path: Path) -> str:
    """A folder as the manifest records it: relative to where docpipe ran, or just its name, so that a
    manifest never carries the layout of the user's machine."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a run is: input files done of all listed, and how fast."""

    done: int
    total: int
    elapsed_seconds: float

    @property
    def rate(self) -> float:
        return self.done / self.elapsed_seconds if self.elapsed_seconds > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        return (self.total - self.done) / self.rate if self.rate > 0 else None

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 100.0

    def describe(self) -> str:
        eta = self.eta_seconds
        return f"{self.done}/{self.total} files ({self.percent:.0f}%), {self.rate:.1f} files/s, " + (
            f"ETA {format_duration(eta)}" if eta is not None else "ETA unknown"
        )


def format_duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class ProgressReporter:
    """Calls `report` with the run's progress after each batch written and, while batches run, at most every
    `interval` seconds (workers count the files they finish)."""

    def __init__(self, total: int, report: Callable[[Progress], None] | None, interval: float) -> None:
        self._total, self._report, self._interval = total, report, interval
        self._started = time.monotonic()
        self._last = self._started
        self._done = 0

    def update(self, done: int | None, force: bool = False) -> None:
        if done is not None:
            self._done = max(self._done, min(done, self._total))
        now = time.monotonic()
        if self._report and (force or now - self._last >= self._interval):
            self._last = now
            self._report(Progress(self._done, self._total, now - self._started))


# (settings, content seen before, the stop request, how many batches the run has) -> where batches run
SubmitterFactory = Callable[[Settings, Seen, StopRequest, int], AbstractContextManager[parallel.Submitter]]


def local_submitter(
    settings: Settings, seen: Seen, stop: StopRequest, batches: int
) -> AbstractContextManager[parallel.Submitter]:
    # No more workers than batches: a run of one batch starts no process at all.
    return parallel.local_submitter(settings, seen, stop, min(parallel.worker_count(settings.workers), batches))


@dataclass(frozen=True, slots=True)
class RunContext:
    """Who started the run, for the manifest: a Prefect flow run and deployment, when there is one."""

    prefect_flow_run_id: str | None = None
    prefect_deployment: str | None = None


def run_pipeline(
    settings: Settings,
    *,
    submitter: SubmitterFactory = local_submitter,
    on_progress: Callable[[Progress], None] | None = None,
    progress_interval: float = 5.0,
    stop: StopRequest | None = None,
    context: RunContext = RunContext(),
    on_start: Callable[[RunSummary, int], None] | None = None,
    on_batch: Callable[[int, int, BatchResult], None] | None = None,
) -> RunSummary:
    """The whole run: list, process and write batch by batch in batch order, then drop superseded rows and
    write the manifest. A `stop` request set meanwhile (a signal, a cancel) ends the run early and cleanly:
    finished batches are written, the rest is recorded as not reached, the manifest says interrupted."""
    stop = stop or StopRequest()
    check_folders(settings)
    with store.output_lock(settings.out_dir):
        started_at = provenance.now().isoformat()
        store.clear_temporary_files(settings.out_dir)
        summary = RunSummary(run_id=new_run_id())
        recover_killed_runs(settings, summary.run_id)
        listing = raw_files.list_raw_folder(settings.raw_dir)
        paths = listing.paths
        summary.hidden = listing.hidden
        seen = already_processed(settings)
        if on_start:
            on_start(summary, len(paths))
        run_seen = dict(seen.keys)
        reporter = ProgressReporter(len(paths), on_progress, progress_interval)
        batches = plan_batches(paths, settings.batch_size)
        with submitter(settings, seen, stop, len(batches)) as where:
            results = parallel.map_in_order(where, batches, stop, lambda: reporter.update(where.inputs_done()))
            for index, result in enumerate(results):
                result = keep_first_copies(result, run_seen)
                summary.add(result, write_batch(result, settings, summary.run_id, index))
                if on_batch:
                    on_batch(index, len(batches), result)
                reporter.update(summary.inputs, force=True)
        if stop.is_set() and summary.inputs < len(paths):
            summary.interrupted_by = stop.reason
            # Batches are written in order, so what was not written is exactly the paths after those written.
            left = paths[summary.inputs :]
            records = tuple(
                InputRecord(raw_files.relative_source_path(path, settings.raw_dir), None, InputStatus.NOT_REACHED)
                for path in left
            )
            not_reached = BatchResult((), (), records)
            summary.add(not_reached, write_batch(not_reached, settings, summary.run_id, len(batches)))
        summary.superseded_rows = store.drop_superseded(settings.out_dir)
        store.ensure_tables(settings.out_dir, summary.run_id)
        manifest = write_manifest(settings, summary, started_at, context)
        summary.outputs["runs"] = [manifest.relative_to(settings.out_dir).as_posix()]
    return summary


def recover_killed_runs(settings: Settings, by_run: str) -> list[str]:
    """A manifest for each earlier run that left rows but no manifest (it was killed: SIGKILL, OOM, power), so
    that every run in the folder is accounted for. Counts are what its rows show; its status says killed."""
    recovered: list[str] = []
    for run_id, counts in store.runs_without_manifest(settings.out_dir).items():
        manifest = provenance.RunManifest(
            run_id=run_id,
            started_at=store.run_started_at(run_id),
            ended_at=provenance.now().isoformat(),
            pipeline_version="unknown",
            parameters={},
            counts={
                "inputs": counts["documents"] + counts["rejects"],
                "documents": counts["documents"],
                "rejects": counts["rejects"],
                "duplicates": 0,
                "skipped": 0,
                "not_reached": 0,
                "hidden": 0,
                "superseded_rows": 0,
            },
            field_coverage={},
            rejects_by_reason={},
            outputs={},
            status="killed",
            recovered_by=by_run,
        )
        _write_manifest_file(settings.out_dir, manifest)
        log.warning("run %s was killed before it wrote its manifest; recorded it as killed", run_id)
        recovered.append(run_id)
    return recovered

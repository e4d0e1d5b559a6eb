"""The `process-articles` Prefect flow: thin tasks over docpipe's core, one task run per batch.

Run it without a server (Prefect's ephemeral mode, what `make run` does):
    python -m flows.process_articles --raw raw --out processed
With PREFECT_API_URL set, the run reports to that server instead. `flows/deployments.py` serves it
as the `on-demand` and `nightly` deployments.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NONE
from prefect.futures import PrefectFuture
from prefect.runtime import deployment, flow_run
from prefect.states import Cancelled, Completed, Failed, State
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote
from pydantic import Field

from docpipe import driver, parallel
from docpipe.config import DEFAULT_BATCH_SIZE, DEFAULT_DOCUMENT_TIMEOUT_SECONDS, DEFAULT_MAX_FILE_BYTES, Settings
from docpipe.dedupe import Seen
from docpipe.driver import Progress, RunContext, RunSummary
from docpipe.model import BatchResult, ConfigurationError, InputStatus, Reject
from docpipe.pipeline import process_batch
from docpipe.shutdown import StopRequest, lifeline_for_this_process, stop_on_signals
from flows.assets import emit_dataset_events

# Task inputs carry documents; hashing them for a cache key would cost more than the work,
# and a re-run must re-check the output folder anyway, so no task result is cached.
REJECTS_LOGGED_PER_BATCH = 20  # enough to act on; the rejects table has them all
SUMMARY_ARTIFACT_KEY = "docpipe-run-summary"
PROGRESS_ARTIFACT_KEY = "docpipe-run-progress"
PROGRESS_LOG_SECONDS = 5.0


@task(cache_policy=NONE)
def process_batch_in_pool(paths: list[Path], pool: parallel.ProcessPool) -> BatchResult | State:
    """One batch, on one of the run's worker processes (this task's thread only waits for it)."""
    try:
        return pool.submit(paths).result()
    except (BrokenProcessPool, CancelledError):
        if pool.stopping:  # the run stopped its workers (a signal, a cancel): this batch is dropped, not failed
            return Cancelled(message="the run was stopped before this batch finished; it is not written")
        raise


@task(cache_policy=NONE)
def process_batch_on_dask(paths: list[Path], settings: Settings, seen: Seen) -> BatchResult:
    """One batch, in a Dask worker process."""
    return process_batch(paths, settings, seen)


@flow(
    name="process-articles",
    description="Raw articles (HTML or plain text) to Parquet datasets with provenance: documents, sections, "
    "blocks, evidence, provenance, rejects, inputs and a run manifest.",
)
def process_articles(
    raw_dir: str = "raw",
    out_dir: str = "processed",
    batch_size: Annotated[int, Field(ge=1, le=100_000)] = DEFAULT_BATCH_SIZE,
    languages: list[str] | None = None,
    reprocess: bool = False,
    max_file_bytes: Annotated[int, Field(ge=1)] = DEFAULT_MAX_FILE_BYTES,
    document_timeout_seconds: Annotated[float, Field(ge=0)] = DEFAULT_DOCUMENT_TIMEOUT_SECONDS,
    task_runner: Literal["local", "dask"] = "local",
    workers: Annotated[int, Field(ge=0, le=1024)] = 0,
    dask_address: str | None = None,
) -> State:
    """Process every article under the raw folder into Parquet datasets under the output folder.

    Args:
        raw_dir: Folder of input articles, read recursively (.txt, .html, .htm, each optionally .gz),
            relative to the folder the deployment is served from.
        out_dir: Output folder for the Parquet datasets and run manifests.
        batch_size: Documents per task run; each batch writes one Parquet file per table.
        languages: ISO 639-1 codes of the languages to keep (e.g. en, fr); empty keeps all.
        reprocess: Process content again even if this docpipe version already processed it; the new rows
            replace the old ones.
        max_file_bytes: Inputs larger than this are rejected without being read.
        document_timeout_seconds: A document still being processed after this many seconds becomes a reject
            ("timed out after N s") and the run goes on; 0 sets no limit.
        task_runner: Where batches are processed: "local" (processes on this machine) or "dask" (a Dask
            cluster: the one at dask_address, or a local cluster of `workers` processes).
        workers: Batches processed at once (local processes or local Dask workers); 0 = every core.
        dask_address: Scheduler of an existing Dask cluster (tcp://host:8786); raw_dir and out_dir must then be
            paths every worker can read (shared storage). Implies task_runner "dask".
    """
    global last_stop_signal
    logger = get_run_logger()
    stop = StopRequest()
    last_stop_signal = None
    try:
        settings = Settings(
            raw_dir=Path(raw_dir),
            out_dir=Path(out_dir),
            batch_size=batch_size,
            languages=tuple(code.strip().lower() for code in languages or () if code.strip()),
            max_file_bytes=max_file_bytes,
            reprocess=reprocess,
            workers=workers,
            document_timeout_seconds=document_timeout_seconds,
        )
        if dask_address and not re.match(r"^[a-z]+://[^/\s]+$", dask_address):
            raise ConfigurationError(f"dask address must look like tcp://HOST:PORT, got {dask_address!r}")
        submitter = partial(prefect_submitter, "dask" if dask_address else task_runner, dask_address)
        progress = ProgressArtifact()
        context = RunContext(prefect_flow_run_id=flow_run.id, prefect_deployment=deployment.name)
        # Cancel (from the UI) and `kill` send SIGTERM, Ctrl-C SIGINT: either stops the run cleanly.
        with lifeline_for_this_process(), stop_on_signals(stop):
            summary = driver.run_pipeline(
                settings,
                submitter=submitter,
                stop=stop,
                context=context,
                on_start=log_start(settings),
                on_progress=progress.update,
                progress_interval=PROGRESS_LOG_SECONDS,
                on_batch=log_batch,
            )
    except ConfigurationError as error:
        # A user's mistake (missing folder, busy output): a clear message, not a traceback.
        logger.error("%s", error)
        return Failed(message=str(error))
    emit_dataset_events(settings, summary)
    publish_summary(summary, settings)
    if summary.interrupted_by:
        last_stop_signal = stop.signal
        progress.finish(summary)
        logger.warning(
            "interrupted by %s: %d files written or accounted for, %d not reached; the manifest runs/%s.json "
            "records the run as interrupted. Run the flow again with the same folders to carry on: what was "
            "processed is skipped.",
            summary.interrupted_by,
            summary.inputs - summary.not_reached,
            summary.not_reached,
            summary.run_id,
        )
        return Cancelled(message=summary.headline())
    progress.finish(summary)
    if summary.documents == 0 and summary.rejects == 0 and summary.duplicates == 0:
        logger.info("nothing new: all %d inputs were already processed by this docpipe version", summary.inputs)
    else:
        logger.info(
            "%s; wrote to %s (manifest runs/%s.json)", summary.headline(), settings.out_dir.resolve(), summary.run_id
        )
    return Completed(message=summary.headline())


# The signal that stopped the last flow run in this process, for main's exit status. A plain int: the flow is
# pickled by value into a Dask cluster's tasks, and with it the globals it names (a lock would not pickle).
last_stop_signal: int | None = None


@contextmanager
def prefect_submitter(
    kind: str, dask_address: str | None, settings: Settings, seen: Seen, stop: StopRequest, batches: int
) -> Iterator[parallel.Submitter]:
    """Batches as Prefect task runs, one per batch (visible in the UI). Local: a thread per batch in flight
    waits for the run's own worker processes, which the run can count and stop; Dask: the task runs in a Dask
    worker (a local cluster of `workers` processes, or the cluster at `dask_address`)."""
    workers = parallel.worker_count(settings.workers)
    if kind != "dask":
        workers = max(1, min(workers, batches))  # no more worker processes than batches
        window = parallel.IN_FLIGHT_PER_WORKER * workers
        with parallel.ProcessPool(settings, seen, workers) as pool, ThreadPoolTaskRunner(max_workers=window) as runner:
            yield TaskSubmitter(runner, process_batch_in_pool, {"pool": quote(pool)}, workers, pool)
        return
    from prefect_dask import DaskTaskRunner  # imported on demand: dask costs ~1 s of start-up

    if dask_address:
        runner: TaskRunner = DaskTaskRunner(address=dask_address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    with ExitStack() as stack:
        try:
            stack.enter_context(runner)
            getattr(runner, "client", None)  # a Dask runner connects lazily: connect now, before any batch
        except OSError as error:  # a Dask scheduler that does not answer, a cluster that cannot start
            raise ConfigurationError(f"cannot start the task runner {type(runner).__name__}: {error}") from error
        # Not quote()d: through Dask a quoted value arrives as a plain tuple.
        yield TaskSubmitter(runner, process_batch_on_dask, {"settings": settings, "seen": seen}, workers, None)


class TaskSubmitter:
    """A Prefect task runner as a docpipe Submitter: each batch one task run."""

    def __init__(
        self,
        runner: TaskRunner,
        batch_task: Any,
        parameters: dict[str, Any],
        workers: int,
        pool: parallel.ProcessPool | None,
    ) -> None:
        self.workers = workers
        self._runner, self._task, self._parameters, self._pool = runner, batch_task, parameters, pool
        self._submitted: list[PrefectFuture[BatchResult]] = []

    def submit(self, batch: parallel.Batch) -> parallel.Handle:
        future = self._runner.submit(self._task, {"paths": list(batch), **self._parameters})
        self._submitted.append(future)
        return _PrefectHandle(future)

    def inputs_done(self) -> int | None:
        return self._pool.inputs_done() if self._pool else None

    def stop(self) -> None:
        for future in self._submitted:
            wrapped = getattr(future, "wrapped_future", None)
            if wrapped is not None and not wrapped.done():
                wrapped.cancel()
        if self._pool:
            self._pool.stop()


class _PrefectHandle:
    def __init__(self, future: PrefectFuture[BatchResult]) -> None:
        self._future = future

    def done(self) -> bool:
        return bool(self._future.wrapped_future.done())  # type: ignore[attr-defined]

    def wait(self, timeout: float) -> bool:
        self._future.wait(timeout)
        return self.done()

    def result(self) -> BatchResult:
        return self._future.result()


class ProgressArtifact:
    """Progress a user can see on the flow-run page (a Prefect progress artifact) and in the logs."""

    def __init__(self) -> None:
        self._artifact_id: Any = None

    def update(self, progress: Progress) -> None:
        get_run_logger().info("progress: %s", progress.describe())
        if self._artifact_id is None:
            self._artifact_id = create_progress_artifact(
                progress=progress.percent, key=PROGRESS_ARTIFACT_KEY, description="input files done"
            )
        else:
            update_progress_artifact(self._artifact_id, progress=progress.percent, description=progress.describe())

    def finish(self, summary: RunSummary) -> None:
        if self._artifact_id is not None:
            done = summary.inputs - summary.not_reached
            update_progress_artifact(self._artifact_id, progress=100.0 * done / max(1, summary.inputs))


def log_start(settings: Settings) -> Callable[[RunSummary, int], None]:
    def log(summary: RunSummary, total: int) -> None:
        get_run_logger().info(
            "run %s: %d input files under %s (%d hidden files and folders ignored); writing to %s; %s",
            summary.run_id,
            total,
            settings.raw_dir.resolve(),
            summary.hidden,
            settings.out_dir.resolve(),
            "re-processing everything" if settings.reprocess else "content already processed is skipped",
        )

    return log


def log_batch(index: int, count: int, result: BatchResult) -> None:
    get_run_logger().info(
        "batch %d/%d: %d documents written, %d duplicates, %d already processed, %d rejected",
        index + 1,
        count,
        len(result.documents),
        result.count(InputStatus.DUPLICATE),
        result.count(InputStatus.ALREADY_PROCESSED),
        len(result.rejects),
    )
    log_rejects(result.rejects)


def log_rejects(rejects: tuple[Reject, ...]) -> None:
    logger = get_run_logger()
    for reject in rejects[:REJECTS_LOGGED_PER_BATCH]:
        logger.warning("rejected %s at %s: %s", reject.source_path, reject.step, reject.reason)
    if len(rejects) > REJECTS_LOGGED_PER_BATCH:
        logger.warning(
            "… and %d more rejects in this batch (see the rejects table)", len(rejects) - REJECTS_LOGGED_PER_BATCH
        )


def summary_markdown(summary: RunSummary, settings: Settings) -> str:
    lines = [
        f"# docpipe run `{summary.run_id}`"
        + (f" (interrupted by {summary.interrupted_by})" if summary.interrupted_by else ""),
        "",
        "| | |",
        "|---|---|",
        f"| inputs | {summary.inputs} |",
        f"| documents written | {summary.documents} |",
        f"| duplicates (same content as another file) | {summary.duplicates} |",
        f"| already processed | {summary.skipped} |",
        f"| rejected | {summary.rejects} |",
        f"| not reached (interrupted) | {summary.not_reached} |",
        f"| hidden files and folders ignored | {summary.hidden} |",
        f"| older rows replaced | {summary.superseded_rows} |",
        "",
        "## Rejects by reason",
        "",
        "| reason | documents |",
        "|---|---|",
        *(f"| {reason} | {count} |" for reason, count in summary.rejects_by_reason.most_common()),
        *([] if summary.rejects_by_reason else ["| none | 0 |"]),
        "",
        "## Field coverage (share of documents written)",
        "",
        "| field | coverage |",
        "|---|---|",
        *(f"| {name} | {share:.0%} |" for name, share in summary.field_coverage().items()),
        "",
        f"## Outputs under `{settings.out_dir}`",
        "",
        *(f"- `{name}/`: {', '.join(f'`{Path(p).name}`' for p in paths)}" for name, paths in summary.outputs.items()),
    ]
    return "\n".join(lines)


def publish_summary(summary: RunSummary, settings: Settings) -> None:
    create_markdown_artifact(
        key=SUMMARY_ARTIFACT_KEY,
        markdown=summary_markdown(summary, settings),
        description=summary.headline(),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the process-articles flow (ephemeral Prefect, no server).")
    parser.add_argument("--raw", default="raw", help="input folder (default: raw)")
    parser.add_argument("--out", default="processed", help="output folder (default: processed)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="documents per task run")
    parser.add_argument("--reprocess", action="store_true", help="process already-processed content again")
    parser.add_argument(
        "--language", "-l", action="append", default=[], help="keep only this ISO 639-1 language (repeatable)"
    )
    parser.add_argument(
        "--max-file-bytes", type=int, default=DEFAULT_MAX_FILE_BYTES, help="larger inputs are rejected unread"
    )
    parser.add_argument(
        "--timeout-seconds",
        type=float,
        default=DEFAULT_DOCUMENT_TIMEOUT_SECONDS,
        help="a document still processing after this long becomes a reject (0: no limit)",
    )
    parser.add_argument("--workers", type=int, default=0, help="batches processed at once (default 0: every core)")
    parser.add_argument(
        "--task-runner", choices=("local", "dask"), default="local", help="local processes or a Dask cluster"
    )
    parser.add_argument(
        "--dask-address", help="scheduler of an existing Dask cluster, tcp://HOST:8786 (default: a local cluster)"
    )
    args = parser.parse_args(argv)
    if args.workers < 0:
        parser.error("--workers must be 0 (every core) or more")
    try:
        # Check folders before Prefect starts, so a typo costs no server start and shows no traceback.
        driver.check_folders(
            Settings(
                raw_dir=Path(args.raw),
                out_dir=Path(args.out),
                batch_size=args.batch_size,
                max_file_bytes=args.max_file_bytes,
                document_timeout_seconds=args.timeout_seconds,
            )
        )
    except (ConfigurationError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    # The lifeline covers what Prefect starts before the flow body runs (the ephemeral server) too.
    with lifeline_for_this_process():
        state = process_articles(
            raw_dir=args.raw,
            out_dir=args.out,
            batch_size=args.batch_size,
            languages=args.language,
            reprocess=args.reprocess,
            max_file_bytes=args.max_file_bytes,
            document_timeout_seconds=args.timeout_seconds,
            task_runner=args.task_runner,
            workers=args.workers,
            dask_address=args.dask_address,
            return_state=True,
        )
    print(f"process-articles: {state.message}; outputs in {args.out}/")
    if state.is_cancelled() and last_stop_signal is not None:
        return 128 + last_stop_signal
    return 0 if state.is_completed() else 1


if __name__ == "__main__":
    # Run the installed module's flow, not this __main__ copy: its tasks then pickle by reference, so a Dask
    # worker imports them (flows is installed with docpipe) instead of receiving them by value.
    from flows.process_articles import main as installed_main

    sys.exit(installed_main())

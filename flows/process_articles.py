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
from collections import deque
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Literal

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.futures import PrefectFuture
from prefect.runtime import deployment, flow_run
from prefect.states import Completed, Failed, State
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote
from pydantic import Field

from docpipe import parallel, pipeline, provenance, store
from docpipe.config import DEFAULT_BATCH_SIZE, DEFAULT_MAX_FILE_BYTES, Settings
from docpipe.model import BatchResult, ConfigurationError, Reject
from docpipe.pipeline import RunSummary
from flows.assets import emit_dataset_events

# Task inputs carry documents; hashing them for a cache key would cost more than the work,
# and a re-run must re-check the output folder anyway, so no task result is cached.
IO_RETRIES = 2
REJECTS_LOGGED_PER_BATCH = 20  # enough to act on; the rejects table has them all
SUMMARY_ARTIFACT_KEY = "docpipe-run-summary"


@task(cache_policy=NONE, retries=IO_RETRIES, retry_delay_seconds=1)
def list_inputs(settings: Settings) -> list[Path]:
    return pipeline.list_inputs(settings)


@task(cache_policy=NONE, retries=IO_RETRIES, retry_delay_seconds=1)
def read_processed_keys(settings: Settings) -> set[str]:
    return pipeline.already_processed(settings)


@task(cache_policy=NONE)
def process_batch(paths: list[Path], settings: Settings, seen: frozenset[str]) -> BatchResult:
    return pipeline.process_batch(paths, settings, seen)


@task(cache_policy=NONE, retries=IO_RETRIES, retry_delay_seconds=1)
def write_batch(result: BatchResult, settings: Settings, run_id: str, batch_index: int) -> dict[str, str]:
    return pipeline.write_batch(result, settings, run_id, batch_index)


@task(cache_policy=NONE, retries=IO_RETRIES, retry_delay_seconds=1)
def drop_superseded(settings: Settings) -> int:
    return store.drop_superseded(settings.out_dir)


@task(cache_policy=NONE, retries=IO_RETRIES, retry_delay_seconds=1)
def write_manifest(settings: Settings, summary: RunSummary, started_at: str) -> Path:
    return pipeline.write_manifest(
        settings, summary, started_at, prefect_flow_run_id=flow_run.id, prefect_deployment=deployment.name
    )


@flow(
    name="process-articles",
    description="Raw articles (HTML or plain text) to Parquet datasets with provenance: documents, sections, "
    "blocks, evidence, provenance, rejects and a run manifest.",
)
def process_articles(
    raw_dir: str = "raw",
    out_dir: str = "processed",
    batch_size: Annotated[int, Field(ge=1, le=100_000)] = DEFAULT_BATCH_SIZE,
    languages: list[str] | None = None,
    reprocess: bool = False,
    max_file_bytes: Annotated[int, Field(ge=1)] = DEFAULT_MAX_FILE_BYTES,
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
        task_runner: Where batches are processed: "local" (processes on this machine) or "dask" (a Dask
            cluster: the one at dask_address, or a local cluster of `workers` processes).
        workers: Batches processed at once (local processes or local Dask workers); 0 = every core.
        dask_address: Scheduler of an existing Dask cluster (tcp://host:8786); raw_dir and out_dir must then be
            paths every worker can read (shared storage). Implies task_runner "dask".
    """
    logger = get_run_logger()
    try:
        settings = Settings(
            raw_dir=Path(raw_dir),
            out_dir=Path(out_dir),
            batch_size=batch_size,
            languages=tuple(code.strip().lower() for code in languages or () if code.strip()),
            max_file_bytes=max_file_bytes,
            reprocess=reprocess,
            workers=workers,
        )
        pipeline.check_folders(settings)
        runner = make_task_runner(task_runner, parallel.worker_count(workers), dask_address)
        with store.output_lock(settings.out_dir):
            summary = run_batches(settings, runner)
    except ConfigurationError as error:
        # A user's mistake (missing folder, busy output): a clear message, not a traceback.
        logger.error("%s", error)
        return Failed(message=str(error))
    publish_summary(summary, settings)
    return Completed(message=headline(summary))


def make_task_runner(kind: str, workers: int, dask_address: str | None = None) -> TaskRunner:
    """The runner for batch tasks. Local: processes, so batches use every core (threads would share one, as
    extraction holds the GIL); one worker stays in-process. A Dask runner is created only when asked for."""
    if kind == "dask" or dask_address:
        from prefect_dask import DaskTaskRunner  # imported on demand: dask costs ~1 s of start-up

        if dask_address:
            if not re.match(r"^[a-z]+://[^/\s]+$", dask_address):
                raise ConfigurationError(f"dask address must look like tcp://HOST:PORT, got {dask_address!r}")
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    if workers <= 1:
        return ThreadPoolTaskRunner(max_workers=1)
    return ProcessPoolTaskRunner(max_workers=workers)


def run_batches(settings: Settings, runner: TaskRunner) -> RunSummary:
    logger = get_run_logger()
    started_at = provenance.now().isoformat()
    paths = list_inputs(settings)
    seen = read_processed_keys(settings)
    batches = pipeline.plan_batches(paths, settings.batch_size)
    logger.info(
        "found %d input files under %s; %d batches of up to %d; %s",
        len(paths),
        settings.raw_dir,
        len(batches),
        settings.batch_size,
        "re-processing everything" if settings.reprocess else f"{len(seen)} inputs already processed",
    )
    summary = RunSummary(run_id=pipeline.new_run_id())
    run_seen = set(seen)
    seen_before = frozenset(seen)
    window = parallel.IN_FLIGHT_PER_WORKER * parallel.worker_count(settings.workers)
    with ExitStack() as stack:
        try:
            stack.enter_context(runner)
            getattr(runner, "client", None)  # a Dask runner connects lazily: connect now, before any batch
        except OSError as error:  # a Dask scheduler that does not answer, a cluster that cannot start
            raise ConfigurationError(f"cannot start the task runner {type(runner).__name__}: {error}") from error
        # A bounded window of batches in flight keeps memory flat; writes happen here, in batch order, so the
        # outputs are the same whatever the runner and however many workers it has.
        in_flight: deque[PrefectFuture[BatchResult]] = deque()
        for index, batch in enumerate(batches):
            # Not quote()d: through Dask a quoted value arrives as a plain tuple. The paths are few; the seen
            # keys, on a re-run, are walked once per batch.
            parameters = {"paths": batch, "settings": settings, "seen": seen_before}
            in_flight.append(runner.submit(process_batch, parameters))
            last = index == len(batches) - 1
            while len(in_flight) >= window or (last and in_flight):
                written_index = index + 1 - len(in_flight)
                result = pipeline.keep_first_copies(in_flight.popleft().result(), run_seen)
                # quote(): Prefect would otherwise walk every object of a batch's documents looking for futures
                summary.add(result, write_batch(quote(result), settings, summary.run_id, written_index))
                log_batch(written_index, len(batches), result)
    summary.superseded_rows = drop_superseded(settings)
    manifest = write_manifest(settings, summary, started_at)
    summary.outputs["runs"] = [manifest.relative_to(settings.out_dir).as_posix()]
    emit_dataset_events(settings, summary)
    if summary.documents == 0 and summary.rejects == 0:
        logger.info("nothing new: all %d inputs were already processed by this docpipe version", summary.inputs)
    else:
        logger.info("%s; wrote to %s (manifest %s)", headline(summary), settings.out_dir, manifest)
    return summary


def log_batch(index: int, count: int, result: BatchResult) -> None:
    get_run_logger().info(
        "batch %d/%d: %d documents written, %d skipped (already processed), %d rejected",
        index + 1,
        count,
        len(result.documents),
        len(result.skipped),
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


def headline(summary: RunSummary) -> str:
    reasons = ", ".join(f"{reason}: {count}" for reason, count in summary.rejects_by_reason.most_common(3))
    return (
        f"{summary.inputs} inputs: {summary.documents} documents written, {summary.skipped} skipped, "
        f"{summary.rejects} rejected" + (f" ({reasons})" if reasons else "")
    )


def summary_markdown(summary: RunSummary, settings: Settings) -> str:
    lines = [
        f"# docpipe run `{summary.run_id}`",
        "",
        "| | |",
        "|---|---|",
        f"| inputs | {summary.inputs} |",
        f"| documents written | {summary.documents} |",
        f"| skipped (already processed) | {summary.skipped} |",
        f"| rejected | {summary.rejects} |",
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
        description=headline(summary),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the process-articles flow (ephemeral Prefect, no server).")
    parser.add_argument("--raw", default="raw", help="input folder (default: raw)")
    parser.add_argument("--out", default="processed", help="output folder (default: processed)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="documents per task run")
    parser.add_argument("--reprocess", action="store_true", help="process already-processed content again")
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
        pipeline.check_folders(Settings(raw_dir=Path(args.raw), out_dir=Path(args.out), batch_size=args.batch_size))
    except (ConfigurationError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    state = process_articles(
        raw_dir=args.raw,
        out_dir=args.out,
        batch_size=args.batch_size,
        reprocess=args.reprocess,
        task_runner=args.task_runner,
        workers=args.workers,
        dask_address=args.dask_address,
        return_state=True,
    )
    print(f"process-articles: {state.message}; outputs in {args.out}/")
    return 0 if state.is_completed() else 1


if __name__ == "__main__":
    sys.exit(main())

"""The `process-articles` Prefect flow: thin tasks over docpipe's core, one task run per batch.

Run it without a server (Prefect's ephemeral mode, what `make run` does):
    python -m flows.process_articles --raw raw --out processed
With PREFECT_API_URL set, the run reports to that server instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.runtime import deployment, flow_run

from docpipe import pipeline, provenance, store
from docpipe.config import DEFAULT_BATCH_SIZE, DEFAULT_MAX_FILE_BYTES, Settings
from docpipe.model import BatchResult
from docpipe.pipeline import RunSummary

# Task inputs carry documents; hashing them for a cache key would cost more than the work,
# and a re-run must re-check the output folder anyway, so no task result is cached.
IO_RETRIES = 2


@task(cache_policy=NONE, retries=IO_RETRIES, retry_delay_seconds=1)
def list_inputs(settings: Settings) -> list[Path]:
    return pipeline.list_inputs(settings)


@task(cache_policy=NONE, retries=IO_RETRIES, retry_delay_seconds=1)
def read_processed_keys(settings: Settings) -> set[str]:
    return store.processed_keys(settings.out_dir, provenance.PIPELINE_VERSION)


@task(cache_policy=NONE)
def process_batch(paths: list[Path], settings: Settings, seen: set[str]) -> BatchResult:
    return pipeline.process_batch(paths, settings, seen)


@task(cache_policy=NONE, retries=IO_RETRIES, retry_delay_seconds=1)
def write_batch(result: BatchResult, settings: Settings, run_id: str, batch_index: int) -> dict[str, str]:
    return pipeline.write_batch(result, settings, run_id, batch_index)


@task(cache_policy=NONE, retries=IO_RETRIES, retry_delay_seconds=1)
def write_manifest(settings: Settings, summary: RunSummary, started_at: str) -> Path:
    return pipeline.write_manifest(
        settings, summary, started_at, prefect_flow_run_id=flow_run.id, prefect_deployment=deployment.name
    )


@flow(name="process-articles", description="Raw articles to Parquet datasets with provenance.")
def process_articles(
    raw_dir: str = "raw",
    out_dir: str = "processed",
    batch_size: int = DEFAULT_BATCH_SIZE,
    languages: list[str] | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> dict[str, object]:
    logger = get_run_logger()
    settings = Settings(
        raw_dir=Path(raw_dir),
        out_dir=Path(out_dir),
        batch_size=batch_size,
        languages=tuple(code.lower() for code in languages or ()),
        max_file_bytes=max_file_bytes,
    )
    started_at = provenance.now().isoformat()
    paths = list_inputs(settings)
    seen = read_processed_keys(settings)
    logger.info("found %d input files in %s", len(paths), settings.raw_dir)
    summary = RunSummary(run_id=pipeline.new_run_id())
    for index, batch in enumerate(pipeline.plan_batches(paths, settings.batch_size)):
        result = process_batch(batch, settings, seen)
        seen |= pipeline.batch_keys(result)
        summary.add(result, write_batch(result, settings, summary.run_id, index))
    manifest = write_manifest(settings, summary, started_at)
    logger.info(
        "run %s: %d documents written, %d skipped, %d rejected %s; manifest %s",
        summary.run_id,
        summary.documents,
        summary.skipped,
        summary.rejects,
        dict(summary.rejects_by_reason.most_common(5)),
        manifest,
    )
    return {
        "run_id": summary.run_id,
        "inputs": summary.inputs,
        "documents": summary.documents,
        "skipped": summary.skipped,
        "rejects": summary.rejects,
        "rejects_by_reason": dict(summary.rejects_by_reason),
        "manifest": str(manifest),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the process-articles flow (ephemeral Prefect, no server).")
    parser.add_argument("--raw", default="raw", help="input folder (default: raw)")
    parser.add_argument("--out", default="processed", help="output folder (default: processed)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="documents per task run")
    args = parser.parse_args(argv)
    try:
        # Check folders before Prefect starts, so a typo costs no server start and shows no traceback.
        pipeline.check_folders(Settings(raw_dir=Path(args.raw), out_dir=Path(args.out), batch_size=args.batch_size))
        result = process_articles(raw_dir=args.raw, out_dir=args.out, batch_size=args.batch_size)
    except (pipeline.ConfigurationError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"process-articles: {result['documents']} documents written, {result['skipped']} skipped, "
        f"{result['rejects']} rejected; outputs in {args.out}/ (manifest {result['manifest']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

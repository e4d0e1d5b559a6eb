"""Prefect asset events for the datasets a run wrote: one materialization per table that got new files.

Prefect 3.9's open-source server keeps these as events (`prefect.asset.materialization.succeeded`, with the
raw folder as a `prefect.asset.referenced` upstream), shown in the UI's event feed and queryable with
`POST /api/events/filter`; it has no asset catalogue or lineage page (`/api/assets` is Prefect Cloud's).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from prefect.assets import Asset, AssetProperties, add_asset_metadata, materialize
from prefect.cache_policies import NONE
from prefect.types.names import RESTRICTED_ASSET_CHARACTERS

from docpipe import store
from docpipe.config import Settings
from docpipe.driver import RunSummary
from docpipe.provenance import PIPELINE_VERSION

MATERIALIZED_BY = "docpipe"


def folder_asset_key(folder: Path) -> str:
    """A folder as an asset key: a file:// URI of its absolute path. Prefect refuses some characters in keys
    (space, %, #, ? …) and percent-encoding is one of them, so each is replaced by '_'."""
    key = f"file://{folder.resolve().as_posix()}"
    for character in RESTRICTED_ASSET_CHARACTERS:
        key = key.replace(character, "_")
    return key


def dataset_asset(out_dir: Path, table: str) -> Asset:
    return Asset(
        key=folder_asset_key(out_dir / table),
        properties=AssetProperties(name=f"docpipe {table}", description=f"docpipe's `{table}` Parquet dataset"),
    )


def describe_datasets(out_dir: Path, outputs: dict[str, list[str]], run_id: str) -> None:
    """The body of the materializing task: what each dataset got in this run, as the event's payload."""
    for table, files in outputs.items():
        present = [out_dir / name for name in files if (out_dir / name).exists()]  # a later drop may remove one
        add_asset_metadata(
            dataset_asset(out_dir, table),
            {
                "run_id": run_id,
                "docpipe_version": PIPELINE_VERSION,
                "files": files,
                "rows_in_files": sum(pq.ParquetFile(path).metadata.num_rows for path in present),
            },
        )


def emit_dataset_events(settings: Settings, summary: RunSummary) -> None:
    """Run inside the flow: one task run that materializes every dataset this run wrote new files to."""
    outputs = {table: summary.outputs[table] for table in store.TABLES if summary.outputs.get(table)}
    if not outputs:
        return
    materializing = materialize(
        *(dataset_asset(settings.out_dir, table) for table in outputs),
        by=MATERIALIZED_BY,
        asset_deps=[Asset(key=folder_asset_key(settings.raw_dir))],
        cache_policy=NONE,
        name="record-dataset-assets",
    )(describe_datasets)
    materializing(settings.out_dir, outputs, summary.run_id)

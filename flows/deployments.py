"""Serve the process-articles flow as two deployments (long-running; Ctrl-C to stop):

- `on-demand`: no schedule; users start it from the UI's Run button with a form for the parameters.
- `nightly`: a cron schedule over the raw drop folder; incremental, since already-processed content is skipped.

    PREFECT_API_URL=http://127.0.0.1:4200/api python -m flows.deployments

Environment: DOCPIPE_NIGHTLY_CRON (default "0 2 * * *"), DOCPIPE_TIMEZONE (default: this machine's zone),
DOCPIPE_RAW_DIR and DOCPIPE_OUT_DIR (the nightly run's folders, default raw and processed).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from docpipe import __version__
from flows.process_articles import process_articles

DEFAULT_NIGHTLY_CRON = "0 2 * * *"  # 02:00 local time: after the day's crawls, before people look


def local_timezone() -> str:
    """The machine's IANA zone name (Prefect schedules need one), UTC if it cannot be told."""
    zone = os.environ.get("TZ", "").lstrip(":")
    if zone:
        return zone
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        parts = localtime.resolve().parts
        if "zoneinfo" in parts:
            return "/".join(parts[parts.index("zoneinfo") + 1 :])
    return "UTC"


def build_deployments(
    nightly_cron: str = DEFAULT_NIGHTLY_CRON,
    timezone: str | None = None,
    raw_dir: str = "raw",
    out_dir: str = "processed",
) -> list[RunnerDeployment]:
    on_demand = process_articles.to_deployment(
        name="on-demand",
        description="Process a folder of articles now. Press Run → Custom run to choose the folders, batch size, "
        "languages to keep, and whether to re-process content already processed.",
        tags=["docpipe", "on-demand"],
        version=__version__,
    )
    nightly = process_articles.to_deployment(
        name="nightly",
        description=f"Every night ({nightly_cron}), process what is new in the drop folder {raw_dir}/ into "
        f"{out_dir}/. Incremental: content this docpipe version already processed is skipped.",
        schedules=[Cron(nightly_cron, timezone=timezone or local_timezone())],
        parameters={"raw_dir": raw_dir, "out_dir": out_dir},
        tags=["docpipe", "nightly", "incremental"],
        version=__version__,
    )
    return [on_demand, nightly]


def main() -> int:
    deployments = build_deployments(
        nightly_cron=os.environ.get("DOCPIPE_NIGHTLY_CRON", DEFAULT_NIGHTLY_CRON),
        timezone=os.environ.get("DOCPIPE_TIMEZONE") or None,
        raw_dir=os.environ.get("DOCPIPE_RAW_DIR", "raw"),
        out_dir=os.environ.get("DOCPIPE_OUT_DIR", "processed"),
    )
    serve(*deployments)
    return 0


if __name__ == "__main__":
    sys.exit(main())

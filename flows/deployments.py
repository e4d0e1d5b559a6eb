"""Serve the process-articles flow as two deployments (long-running; Ctrl-C to stop):

- `on-demand`: no schedule; users start it from the UI's Run button with a form for the parameters.
- `nightly`: a cron schedule over the raw drop folder; incremental, since already-processed content is skipped.

    PREFECT_API_URL=http://127.0.0.1:4200/api python -m flows.deployments

Environment: DOCPIPE_NIGHTLY_CRON (default "0 2 * * *"), DOCPIPE_TIMEZONE (an IANA zone; default: this machine's),
DOCPIPE_RAW_DIR and DOCPIPE_OUT_DIR (the nightly run's folders, default raw and processed, relative to the folder
this runs in and registered as absolute paths, so the form, the description and the runs name the same folders).
The deployments name the flow by module (flows.process_articles), the installed package, so this can run in any
folder.
"""

from __future__ import annotations

import os
import sys
import zoneinfo
from pathlib import Path

from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType

from docpipe import __version__
from flows.process_articles import process_articles

DEFAULT_NIGHTLY_CRON = "0 2 * * *"  # 02:00 local time: after the day's crawls, before people look


def local_timezone() -> str:
    """The machine's IANA zone name (Prefect schedules need one), UTC if it cannot be told (TZ set to a POSIX
    rule such as EST5EDT, /etc/localtime a copy rather than a link)."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        parts = localtime.resolve().parts
        if "zoneinfo" in parts:
            candidates.append("/".join(parts[parts.index("zoneinfo") + 1 :]))
    zones = zoneinfo.available_timezones()
    return next((zone for zone in candidates if zone in zones), "UTC")


def describe_schedule(cron: str, timezone: str) -> str:
    """A daily cron as "every day at 02:00 Europe/Berlin (cron `0 2 * * *`)", any other with its zone."""
    fields = cron.split()
    if len(fields) == 5 and fields[0].isdigit() and fields[1].isdigit() and fields[2:] == ["*", "*", "*"]:
        return f"every day at {int(fields[1]):02d}:{int(fields[0]):02d} {timezone} (cron `{cron}`)"
    return f"on the cron schedule `{cron}`, {timezone} time"


def absolute(folder: str) -> str:
    """A folder as an absolute path, relative ones taken from the current folder (where `make serve` runs)."""
    return os.path.abspath(os.path.expanduser(folder))


def build_deployments(
    nightly_cron: str = DEFAULT_NIGHTLY_CRON,
    timezone: str | None = None,
    raw_dir: str = "raw",
    out_dir: str = "processed",
) -> list[RunnerDeployment]:
    on_demand = process_articles.to_deployment(
        name="on-demand",
        entrypoint_type=EntrypointType.MODULE_PATH,
        description="Process a folder of articles now. Press Run → Custom run to choose the folders, batch size, "
        "languages to keep, and whether to re-process content already processed.",
        tags=["docpipe", "on-demand"],
        version=__version__,
    )
    zone = timezone or local_timezone()
    raw, out = absolute(raw_dir), absolute(out_dir)
    nightly = process_articles.to_deployment(
        name="nightly",
        entrypoint_type=EntrypointType.MODULE_PATH,
        description=f"Runs {describe_schedule(nightly_cron, zone)}: processes what is new in the drop folder {raw} "
        f"into {out}. Incremental: content this docpipe version already processed is skipped.",
        schedules=[Cron(nightly_cron, timezone=zone)],
        parameters={"raw_dir": raw, "out_dir": out},
        tags=["docpipe", "nightly", "incremental"],
        version=__version__,
    )
    return [on_demand, nightly]


def main() -> int:
    try:
        deployments = build_deployments(
            nightly_cron=os.environ.get("DOCPIPE_NIGHTLY_CRON", DEFAULT_NIGHTLY_CRON),
            timezone=os.environ.get("DOCPIPE_TIMEZONE") or None,
            raw_dir=os.environ.get("DOCPIPE_RAW_DIR") or "raw",
            out_dir=os.environ.get("DOCPIPE_OUT_DIR") or "processed",
        )
    except ValueError as error:  # a cron or time zone Prefect refuses (pydantic's ValidationError is one)
        print(f"error: DOCPIPE_NIGHTLY_CRON or DOCPIPE_TIMEZONE: {error}", file=sys.stderr)
        return 2
    serve(*deployments)
    return 0


if __name__ == "__main__":
    sys.exit(main())

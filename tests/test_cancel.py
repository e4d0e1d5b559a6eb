"""Cancel from the Prefect UI, on a real server: the run stops within seconds, ends Cancelled, leaves no process,
a manifest that says interrupted and a folder that verifies; a re-run picks up where it stopped.

The cancel is what the UI's Cancel button sends (the flow run's state set to CANCELLING); the served deployment's
runner then signals the flow-run process. The server and serve process are test_deployments' fixtures (this
module gets its own pair).
"""

from __future__ import annotations

import gzip
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from docpipe.store import read_table
from docpipe.verify import verify_outputs

from .conftest import FIXTURES, SEED
from .processes import processes_below
from .test_deployments import api, server, start_run, wait_for_final_state, wait_until  # noqa: F401 - fixtures

CANCEL_SECONDS = 20  # Prefect's runner kills a run that ignores the cancel after 30 s: well under that


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A drop folder big enough that a run takes a while: real pages, each copy made distinct."""
    base = tmp_path_factory.mktemp("cancel")
    raw = base / "raw"
    raw.mkdir()
    pages = sorted((FIXTURES / "corpus").rglob("*.html.gz"))
    for number in range(160):
        page = gzip.decompress(pages[number % len(pages)].read_bytes())
        (raw / f"page-{number:04d}.html").write_bytes(page + f"<!-- copy {number} -->".encode())
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    return {"raw": raw, "out": base / "processed", "nightly_out": base / "nightly"}


def serve_pid() -> int:
    """The pid of the serve process the fixture started (the runner whose children run the flows)."""
    import psutil

    for process in psutil.process_iter(["cmdline"]):
        if process.info["cmdline"] and process.info["cmdline"][-2:] == ["-m", "flows.deployments"]:
            return process.pid
    raise AssertionError("no serve process found")


def cancel(client: httpx.Client, flow_run_id: str) -> None:
    """What the UI's Cancel button sends."""
    response = client.post(
        f"/flow_runs/{flow_run_id}/set_state", json={"state": {"type": "CANCELLING", "name": "Cancelling"}}
    )
    response.raise_for_status()


def documents_written(out: Path) -> int:
    return sum(1 for _ in (out / "documents").glob("part-*-0*.parquet")) if (out / "documents").is_dir() else 0


def test_cancel_from_the_ui_stops_the_run_cleanly_and_a_rerun_completes_it(
    api: httpx.Client,  # noqa: F811 - the fixture
    folders: dict[str, Path],
) -> None:
    raw, out = folders["raw"], folders["out"]
    parameters: dict[str, Any] = {"raw_dir": str(raw), "out_dir": str(out), "batch_size": 10, "workers": 2}
    response = start_run(api, "on-demand", parameters)
    response.raise_for_status()
    flow_run_id = response.json()["id"]
    wait_until(lambda: documents_written(out) >= 1, 180, "the first batch written")
    runner = serve_pid()
    assert processes_below(runner), "the flow run's processes should be running under the serve process"

    cancel(api, flow_run_id)
    cancelled_at = time.monotonic()
    run = wait_for_final_state(api, flow_run_id)
    took = time.monotonic() - cancelled_at
    assert run["state_type"] == "CANCELLED", run["state"]
    assert took < CANCEL_SECONDS, f"the cancel took {took:.0f} s"
    print(f"\ncancel to Cancelled: {took:.1f} s")  # shown with pytest -s: the figure quoted in the README
    # nothing of the run is left: no flow-run process, no worker, no lifeline
    wait_until(lambda: not processes_below(runner), 10, "the run's processes to end")  # raises if any stays

    (manifest_path,) = (out / "runs").glob("*.json")
    manifest = manifest_path.read_text()
    assert '"status": "interrupted"' in manifest and '"interrupted_by": "SIGTERM"' in manifest
    report = verify_outputs(raw, out)
    assert report.ok, report.violations
    written = read_table(out, "documents").num_rows
    assert 0 < written < 161
    statuses = read_table(out, "inputs", ["status"]).column("status").to_pylist()
    assert len(statuses) == 161  # every input has its row, written or not reached
    assert "not_reached" in statuses

    logs = api.post("/logs/filter", json={"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "limit": 200}).json()
    messages = [entry["message"] for entry in logs]
    assert any(m.startswith("progress: ") and "files" in m and "ETA" in m for m in messages), messages
    assert any("Run the flow again with the same folders" in m for m in messages), messages
    progress = api.post("/artifacts/filter", json={"artifacts": {"key": {"any_": ["docpipe-run-progress"]}}}).json()
    assert any(a["flow_run_id"] == flow_run_id and a["type"] == "progress" for a in progress)

    again = start_run(api, "on-demand", parameters)
    again.raise_for_status()
    rerun = wait_for_final_state(api, again.json()["id"])
    assert rerun["state_type"] == "COMPLETED", rerun["state"]
    assert read_table(out, "documents").num_rows == 161
    assert set(read_table(out, "inputs", ["status"]).column("status").to_pylist()) <= {
        "processed",
        "already_processed",
    }
    report = verify_outputs(raw, out)
    assert report.ok, report.violations

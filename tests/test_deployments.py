"""The deployments against a real Prefect server, through the API calls the UI makes, and through the UI.

One server (its own PREFECT_HOME, a free port) and one `python -m flows.deployments` serve process for
the module, started in a folder outside the repo (flows is an installed package); runs go through the server
exactly as a press of the UI's Run button does.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from docpipe.store import TABLES, read_table

from .conftest import REPO, SEED

SERVER_START_SECONDS = 120
RUN_SECONDS = 120
SERVICE_UNAVAILABLE_RETRIES = 15  # about 30 s of waiting
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"  # screenshots of the UI test, git-ignored


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check: Any, seconds: float, what: str, interval: float = 0.5) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"timed out after {seconds}s waiting for {what}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A real `prefect server start` on a free loopback port; yields the environment clients need."""
    home = tmp_path_factory.mktemp("prefect-server-home")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_API_URL=api,
        PREFECT_UI_API_URL=api,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_RUNNER_POLL_FREQUENCY="1",
    )
    prefect = Path(sys.executable).parent / "prefect"
    log = open(home / "server.log", "wb")  # noqa: SIM115 - kept open for the server's lifetime
    process = subprocess.Popen(
        [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def healthy() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"prefect server exited: {(home / 'server.log').read_text()[-2000:]}")
        try:
            return httpx.get(f"{api}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(healthy, SERVER_START_SECONDS, "the Prefect server")
        yield env
    finally:
        stop(process)
        log.close()


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("drop")
    raw = base / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    (raw / "broken.html").write_bytes(b"")
    return {"raw": raw, "out": base / "processed", "nightly_out": base / "nightly"}


@pytest.fixture(scope="module")
def api(server: dict[str, str], folders: dict[str, Path]) -> Iterator[httpx.Client]:
    """Serve the deployments (as `make serve` does) and yield a client of the server's REST API. The serve
    process runs in the drop folder's parent, outside the repo, and is given the nightly folders relative to it."""
    base = folders["raw"].parent
    env = dict(
        server,
        DOCPIPE_RAW_DIR=folders["raw"].relative_to(base).as_posix(),
        DOCPIPE_OUT_DIR=folders["nightly_out"].relative_to(base).as_posix(),
        DOCPIPE_NIGHTLY_CRON="30 1 * * *",
        DOCPIPE_TIMEZONE="Europe/Berlin",
    )
    log_path = base / "serve.log"
    log = open(log_path, "wb")  # noqa: SIM115 - kept open for the serve process's lifetime
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.deployments"],
        cwd=base,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    client = httpx.Client(base_url=server["PREFECT_API_URL"], timeout=30, transport=RetryBusyServer())

    def both_served() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"serve process exited: {log_path.read_text()[-3000:]}")
        names = {d["name"] for d in client.post("/deployments/filter", json={}).json()}
        return {"on-demand", "nightly"} <= names

    try:
        wait_until(both_served, 90, "the served deployments")
        yield client
    finally:
        stop(process)
        log.close()
        client.close()


def deployment(client: httpx.Client, name: str) -> dict[str, Any]:
    response = client.get(f"/deployments/name/process-articles/{name}")
    response.raise_for_status()
    return response.json()


def start_run(client: httpx.Client, name: str, parameters: dict[str, Any]) -> httpx.Response:
    """What the UI's Run button does."""
    return client.post(
        f"/deployments/{deployment(client, name)['id']}/create_flow_run", json={"parameters": parameters}
    )


class RetryBusyServer(httpx.HTTPTransport):
    """The SQLite-backed server answers 503 while another writer holds the database (the serve process
    polls every second, runs write states); Prefect's own client and the UI retry those, and so do we."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for attempt in range(SERVICE_UNAVAILABLE_RETRIES):
            response = super().handle_request(request)
            if response.status_code != 503:
                return response
            response.close()
            time.sleep(min(0.5 * (attempt + 1), 3))
        return response


def wait_for_final_state(client: httpx.Client, flow_run_id: str) -> dict[str, Any]:
    def final() -> dict[str, Any] | None:
        run = client.get(f"/flow_runs/{flow_run_id}").json()
        return run if run["state_type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

    return wait_until(final, RUN_SECONDS, f"flow run {flow_run_id}")


def test_both_deployments_exist_with_tags_and_descriptions(api: httpx.Client) -> None:
    on_demand, nightly = deployment(api, "on-demand"), deployment(api, "nightly")
    assert set(on_demand["tags"]) == {"docpipe", "on-demand"}
    assert set(nightly["tags"]) == {"docpipe", "nightly", "incremental"}
    assert "Custom run" in on_demand["description"]
    assert "Incremental" in nightly["description"]
    assert on_demand["schedules"] == []


def test_nightly_runs_on_its_cron_schedule(api: httpx.Client, folders: dict[str, Path]) -> None:
    nightly = deployment(api, "nightly")
    (schedule,) = nightly["schedules"]
    assert schedule["schedule"]["cron"] == "30 1 * * *"  # from DOCPIPE_NIGHTLY_CRON
    assert schedule["schedule"]["timezone"] == "Europe/Berlin"
    assert schedule["active"] is True


def test_nightly_names_its_absolute_folders_and_time_zone(api: httpx.Client, folders: dict[str, Path]) -> None:
    nightly = deployment(api, "nightly")
    # served with DOCPIPE_RAW_DIR=raw and DOCPIPE_OUT_DIR=nightly: relative to the serve process's folder
    parameters = nightly["parameters"]
    assert set(parameters) == {"raw_dir", "out_dir"}
    assert all(Path(folder).is_absolute() for folder in parameters.values())
    assert Path(parameters["raw_dir"]).resolve() == folders["raw"].resolve()
    assert Path(parameters["out_dir"]).resolve() == folders["nightly_out"].resolve()
    (schedule,) = nightly["schedules"]
    assert schedule["schedule"]["timezone"] == "Europe/Berlin"
    assert nightly["description"].startswith("Runs every day at 01:30 Europe/Berlin (cron `30 1 * * *`): ")
    assert f"drop folder {parameters['raw_dir']} into {parameters['out_dir']}." in nightly["description"]
    # the installed module, not a file path relative to the repo: the serve process runs outside it
    assert (
        nightly["entrypoint"] == deployment(api, "on-demand")["entrypoint"] == "flows.process_articles.process_articles"
    )


def test_nightly_run_with_its_own_parameters_writes_to_its_absolute_folder(
    api: httpx.Client, folders: dict[str, Path]
) -> None:
    """What the schedule starts: a run with the deployment's parameters."""
    response = api.post(f"/deployments/{deployment(api, 'nightly')['id']}/create_flow_run", json={})
    assert response.status_code == 201, response.text
    run = wait_for_final_state(api, response.json()["id"])
    assert run["state_type"] == "COMPLETED", run["state"]
    assert read_table(folders["nightly_out"], "documents").column("outlet").to_pylist() == ["The Interpreter"]


def test_parameter_form_has_typed_described_fields(api: httpx.Client) -> None:
    schema = deployment(api, "on-demand")["parameter_openapi_schema"]["properties"]
    assert list(schema) == [
        "raw_dir",
        "out_dir",
        "batch_size",
        "languages",
        "reprocess",
        "max_file_bytes",
        "document_timeout_seconds",
        "task_runner",
        "workers",
        "dask_address",
    ]
    assert schema["task_runner"]["enum"] == ["local", "dask"] and schema["task_runner"]["default"] == "local"
    assert schema["workers"]["type"] == "integer" and schema["workers"]["minimum"] == 0
    assert schema["raw_dir"]["type"] == schema["out_dir"]["type"] == "string"
    assert schema["batch_size"]["type"] == "integer" and schema["batch_size"]["minimum"] == 1
    assert schema["reprocess"]["type"] == "boolean" and schema["reprocess"]["default"] is False
    assert all(field.get("description") for field in schema.values())


def test_invalid_parameters_are_refused_by_the_server(api: httpx.Client) -> None:
    response = start_run(api, "on-demand", {"batch_size": 0})
    assert response.status_code in (409, 422)
    assert "batch_size" in response.text and "minimum of 1" in response.text


def test_on_demand_run_writes_parquet_and_a_summary(api: httpx.Client, folders: dict[str, Path]) -> None:
    parameters = {"raw_dir": str(folders["raw"]), "out_dir": str(folders["out"]), "batch_size": 1}
    response = start_run(api, "on-demand", parameters)
    assert response.status_code == 201, response.text
    run = wait_for_final_state(api, response.json()["id"])
    assert run["state_type"] == "COMPLETED", run["state"]
    assert (
        run["state"]["message"]
        == "2 inputs: 1 documents written, 0 duplicates, 0 already processed, 1 rejected (empty file: 1)"
    )
    assert read_table(folders["out"], "documents").column("outlet").to_pylist() == ["The Interpreter"]
    assert read_table(folders["out"], "rejects").column("source_path").to_pylist() == ["broken.html"]
    (manifest,) = [json.loads(p.read_text()) for p in (folders["out"] / "runs").glob("*.json")]
    assert manifest["prefect_flow_run_id"] == run["id"]
    assert manifest["prefect_deployment"] == "on-demand"
    artifacts = api.post("/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run["id"]]}}}).json()
    (summary,) = [a for a in artifacts if a["key"] == "docpipe-run-summary"]
    assert summary["type"] == "markdown"
    for line in ("| documents written | 1 |", "| empty file | 1 |", "| outlet | 100% |", "documents/"):
        assert line in summary["data"]
    task_runs = api.post("/task_runs/filter", json={"flow_runs": {"id": {"any_": [run["id"]]}}}).json()
    assert sum(t["task_key"].startswith("process_batch") for t in task_runs) == 2  # one per batch of one


def asset_events(client: httpx.Client, flow_run_id: str) -> list[dict[str, Any]]:
    events = client.post("/events/filter", json={"filter": {"event": {"prefix": ["prefect.asset."]}}}).json()
    related = f"prefect.flow-run.{flow_run_id}"
    return [e for e in events["events"] if related in {r["prefect.resource.id"] for r in e["related"]}]


def test_a_run_emits_one_asset_materialization_per_dataset(api: httpx.Client, folders: dict[str, Path]) -> None:
    out = folders["raw"].parent / "assets-out"
    response = start_run(api, "on-demand", {"raw_dir": str(folders["raw"]), "out_dir": str(out)})
    run = wait_for_final_state(api, response.json()["id"])
    assert run["state_type"] == "COMPLETED", run["state"]
    expected = {f"file://{(out / table).resolve()}" for table in TABLES}  # documents … rejects: all got a file
    events = wait_until(
        lambda: (found := asset_events(api, run["id"])) and len(found) > len(expected) and found,
        30,
        "the run's asset events",
    )
    materialized = {e["resource"]["prefect.resource.id"]: e for e in events if e["event"].endswith(".succeeded")}
    assert set(materialized) == expected
    documents = materialized[f"file://{(out / 'documents').resolve()}"]
    assert documents["payload"]["rows_in_files"] == 1
    assert documents["payload"]["files"] == [p.relative_to(out).as_posix() for p in (out / "documents").iterdir()]
    raw_key = f"file://{folders['raw'].resolve()}"
    assert {r["prefect.resource.id"] for r in documents["related"]} >= {raw_key, "docpipe"}
    assert [e["resource"]["prefect.resource.id"] for e in events if e["event"] == "prefect.asset.referenced"] == [
        raw_key
    ]


def test_second_run_with_nothing_new_processes_nothing(api: httpx.Client, folders: dict[str, Path]) -> None:
    parameters = {"raw_dir": str(folders["raw"]), "out_dir": str(folders["out"])}
    first = wait_for_final_state(api, start_run(api, "on-demand", parameters).json()["id"])
    assert first["state_type"] == "COMPLETED"
    again = wait_for_final_state(api, start_run(api, "on-demand", parameters).json()["id"])
    assert again["state_type"] == "COMPLETED"
    assert again["state"]["message"] == "2 inputs: 0 documents written, 0 duplicates, 2 already processed, 0 rejected"
    assert read_table(folders["out"], "documents").num_rows == 1


def test_missing_folder_fails_the_run_with_a_clear_message(api: httpx.Client, folders: dict[str, Path]) -> None:
    missing = folders["raw"].parent / "no-such-folder"
    response = start_run(api, "on-demand", {"raw_dir": str(missing), "out_dir": str(folders["out"])})
    run = wait_for_final_state(api, response.json()["id"])
    assert run["state_type"] == "FAILED"
    assert run["state"]["message"] == f"raw folder not found: {missing}"


def ui_run_id(client: httpx.Client, out: Path) -> str | None:
    runs = client.post("/flow_runs/filter", json={}).json()
    return next((r["id"] for r in runs if r["parameters"].get("out_dir") == str(out)), None)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (.ci/run installs it)")
def test_ui_run_button_starts_a_run_that_completes(
    api: httpx.Client, server: dict[str, str], folders: dict[str, Path]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    ui = server["PREFECT_API_URL"].removesuffix("/api")
    out = folders["raw"].parent / "from-ui"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{ui}/deployments", wait_until="networkidle")
            page.get_by_role("link", name="on-demand").click()
            page.get_by_role("button", name="Run", exact=True).click()
            page.get_by_text("Custom run").click()
            fields = page.locator("textarea")  # raw_dir and out_dir, in the form's order
            fields.first.wait_for()
            fields.nth(0).fill(str(folders["raw"]))
            fields.nth(1).fill(str(out))
            page.screenshot(path=ARTIFACTS / "ui-custom-run-form.png")
            page.get_by_role("button", name="Submit").click()
            run_id = wait_until(lambda: ui_run_id(api, out), 30, "the flow run the form created")
            page.goto(f"{ui}/runs/flow-run/{run_id}")  # the run's page, as its toast's "View run" opens it
            expect(page.get_by_text("Completed").first).to_be_visible(timeout=RUN_SECONDS * 1000)
            page.screenshot(path=ARTIFACTS / "ui-flow-run-completed.png")
        finally:
            browser.close()
    assert read_table(out, "documents").num_rows == 1
    runs = api.post("/flow_runs/filter", json={}).json()
    assert [r["state_type"] for r in runs if r["parameters"].get("out_dir") == str(out)] == ["COMPLETED"]
